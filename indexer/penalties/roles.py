"""Subjects of a penalty provision: the roles a trigger or a 对X phrase names (单位, 主要负责人, 直接责任人员 …),
their classification as unit or person, and whether an authored role fits the parsed ones."""

from __future__ import annotations

import re

# Alternatives in order of preference at one position (longest / most specific first). No pattern starts
# with a wildcard: the subject phrase is cut from the trigger separately.
_ROLE_PATTERNS = [
    ("个人经营的投资人", r"个人经营的投资人"),
    ("公职人员", r"(?:负有[^，；。]{0,30}职责的)?(?:部门|机关|机构|政府)?(?:的|及其)?(?:工作人员|执法人员)|国家工作人员"
               r"|监察人员|行政执法人员|执法人员"),
    ("直接责任人员", r"(?:直接负责的|负有责任的|负有直接责任的)主管人员和其他直接责任人员"),
    ("直接责任人员", r"(?:直接负责的|负有责任的)主管人员|其他直接责任人员|直接责任人员|有关责任人员|负有责任的人员|责任人员"
                   r"|主管人员|领导人员"),
    ("主要负责人", r"主要负责人"),
    ("其他负责人", r"其他负责人"),
    ("安全生产管理人员", r"安全生产管理人员|安全管理人员"),
    ("决策机构", r"决策机构"),
    ("行政机关", r"负有[^，；。]{0,30}职责的部门|(?:有关|主管|监督管理|行政)部门|行政机关|人民政府|管理机关"),
    ("从业人员", r"从业人员|作业人员|劳动者|职工|员工|人员"),
    ("机构", r"机构"),
    ("单位", r"单位|企业|公司|经营者|经营人|承运人|托运人|业主|组织者|承办者|使用人|所有人|管理人|场所|工厂|矿山|煤矿"),
    ("个人", r"个人|公民|行为人|自然人"),
]
_ROLE_RE = re.compile("|".join(f"(?P<r{i}>{p})" for i, (_r, p) in enumerate(_ROLE_PATTERNS)))
PERSON_ROLES = ("个人经营的投资人", "直接责任人员", "主要负责人", "其他负责人", "安全生产管理人员", "从业人员", "个人")
UNIT_ROLES = ("单位", "机构", "决策机构")
ANY_ROLE = "当事人"

_SUBJECT_STOP = re.compile(r"有下列|有前款|有本条|有以上|有第|存在下列|违反|未|不(?!具有)|擅自|拒|出具|租借|违章|强令|以欺骗|隐瞒"
                           r"|谎报|迟报|漏报|伪造|涂改|转让|出租|出借|冒用|发生|在|将|向|采购|销售|聘用|安排|要求|阻碍|妨碍"
                           r"|私自|非法|故意|无故|无理|侵害|与|对|制定|延长|招用|挪用|滥用|玩忽|徇私")


def roles_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, role) of every subject word in `text`, leftmost first."""
    out = []
    for m in _ROLE_RE.finditer(text):
        role = next(_ROLE_PATTERNS[i][0] for i in range(len(_ROLE_PATTERNS)) if m.group(f"r{i}"))
        out.append((m.start(), m.end(), role))
    return out


def classify_role(text: str) -> str:
    """The role of a subject phrase as authored data names it ('生产经营单位' -> 单位, '主要负责人' -> 主要负责人)."""
    found = roles_in(text)
    if not found:
        return ANY_ROLE
    # the head noun is the last role word: 生产经营单位的主要负责人 -> 主要负责人
    return found[-1][2]


def roles_compatible(authored: str, parsed_roles: tuple[str, ...]) -> bool:
    """Can a clause whose subject has `parsed_roles` punish a subject of role `authored`?"""
    if not parsed_roles or ANY_ROLE in parsed_roles:
        return True
    if authored == ANY_ROLE:     # an authored subject the role table does not know (出租人, 燃气用户)
        return not set(parsed_roles) <= {"公职人员", "行政机关"}
    if authored in parsed_roles:
        return True
    if authored in UNIT_ROLES and any(r in UNIT_ROLES for r in parsed_roles):
        return True
    # 其他负责人/安全生产管理人员 are named together; 个人 covers natural persons of any kind
    if authored in ("个人", "从业人员") and any(r in ("个人", "从业人员") for r in parsed_roles):
        return True
    return False


def subject_of(trigger: str) -> tuple[str, tuple[str, ...]]:
    """The subject phrase of a trigger and its roles: '生产经营单位的主要负责人未履行…' -> ('生产经营单位的主要负责人', ('主要负责人',))."""
    t = _strip_violation_prefix(trigger)
    t = re.sub(r"^(?:对|凡|由于)", "", t)
    t = re.sub(r"^有(?:前款|前两款|本条第[^，；。]{1,6}款)[^，；。]{0,20}?(?:行为|情形)的", "", t)
    if re.match(r"^(?:在|有下列|有前款|有本条|存在下列|发生|依照|按照|依据)", t):
        return "", (ANY_ROLE,)
    comma = t.find("，")
    head = t[:comma] if comma >= 0 else t
    stop = _SUBJECT_STOP.search(head, 1)
    zone = head[:stop.start()] if stop else head
    found = roles_in(zone)
    if not found:
        return "", (ANY_ROLE,)
    roles = []
    for i, (_s, e, role) in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        # a unit or an authority followed by 的 + another subject word is a possessor: 生产经营单位的主要负责人
        if (nxt and re.fullmatch(r"的?[^，、；和或及]{0,6}", zone[e:nxt[0]]) and role in UNIT_ROLES + ("行政机关",)
                and nxt[2] not in ("单位", "机构", "行政机关")):
            continue
        if role not in roles:
            roles.append(role)
    phrase = zone[:found[-1][1]].strip("，、 的")
    return phrase, tuple(roles)


def _strip_violation_prefix(text: str) -> str:
    return re.sub(r"^(?:违反[^，；。]*?(?:规定|要求)(?:的)?，?)", "", text)
