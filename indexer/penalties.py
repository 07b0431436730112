"""Penalty provisions parsed from the statute text.

A penalty paragraph (款) of a 法律责任 / 罚则 chapter reads like::

    生产经营单位有下列行为之一的，责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元
    以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款；情节严重的，责令
    停产停业整顿；构成犯罪的，依照刑法有关规定追究刑事责任：（一）…（二）…

`parse_paragraph` turns it into a `Provision`: the *trigger* (who does what: subject, behaviours — the
listed 项 or the sentence itself — and the articles violated), and *clauses*: each clause is one subject
under one set of conditions with its sanctions (警告, 罚款 as a yuan range or as a ratio of a basis such as
违法所得 or 上一年年收入, 没收, 责令改正, 责令停产停业整顿, 暂扣/吊销, 关闭, 拘留, 追究刑事责任 …).

How the text is read (everything is a pure function of the article):
- a paragraph is split into segments at ；/。 and segments into chunks at ，;
- the chunks before the first sanction chunk are the trigger; a chunk after it that is not a sanction
  (normally ending in 的: 逾期未改正的, 情节严重的, 构成犯罪的) sets the conditions of the following sanctions;
  conditions reset at each segment;
- a sanction chunk may start with 由…部门 (the authority), 并/可以, and 对X (a different subject, e.g. the
  directly responsible persons); the subject switch lasts while the following chunks continue with 并处/处;
- items (项) that carry their own sanctions (安全生产法 第九十五条: 发生一般事故的，处上一年年收入百分之四十的
  罚款) become clauses with the item's condition; otherwise items are the behaviours;
- 依照前款规定处罚 / 依照本条第一款的规定予以处理、处罚 are referrals: `resolve_article` copies the referred
  paragraph's clauses into the referring provision (marked `inherited_from`).

Nothing is stored: parsing the penalty chapters of the whole core collection takes a fraction of a second;
`provisions_for_version` keeps the result in memory per (store file, version id)."""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field, replace

from .dates import check_date
from .model import Article
from .numerals import CN_NUM_CHARS, cn_to_int, int_to_cn, parse_number
from .refs import Ref

PENALTY_HEADINGS = ("法律责任", "罚则")
# Laws whose sanctions are criminal punishments, not administrative penalties: out of scope.
CRIMINAL_LEVELS = ("司法解释",)
CRIMINAL_KEYS = ("刑法", "刑事诉讼法")   # criminal law and procedure: not administrative penalties

# --------------------------------------------------------------------------- sanction kinds

WARNING = "警告"
FINE = "罚款"
CONFISCATE = "没收"
CORRECT = "责令改正"
SUSPEND = "责令停产停业整顿"
STOP = "责令停止"
DETAIN_LICENCE = "暂扣"
REVOKE = "吊销"
CLOSE = "关闭"
BAN = "取缔"
DETENTION = "拘留"
CRIMINAL = "追究刑事责任"
DISCIPLINE = "处分"
DISQUALIFY = "禁业"
PUBLIC_SECURITY = "治安管理处罚"
REFERRAL = "依照"
CIVIL = "民事责任"
CRITICISM = "通报批评"
EDUCATION = "批评教育"
DOWNGRADE = "降低资质等级"
DAILY = "按日连续处罚"
ENFORCE = "强制执行"

KINDS = (WARNING, CRITICISM, FINE, CONFISCATE, CORRECT, SUSPEND, STOP, DETAIN_LICENCE, REVOKE, CLOSE, BAN,
         DETENTION, CRIMINAL, DISCIPLINE, DISQUALIFY, PUBLIC_SECURITY, REFERRAL, CIVIL, EDUCATION,
         DOWNGRADE, DAILY, ENFORCE)
# Administrative penalties in the sense of 行政处罚法 第九条 (the rest are orders, referrals, other liability).
ADMINISTRATIVE_PENALTIES = (WARNING, CRITICISM, FINE, CONFISCATE, SUSPEND, DETAIN_LICENCE, REVOKE, CLOSE,
                            DETENTION, DISQUALIFY, DOWNGRADE, DAILY)

# --------------------------------------------------------------------------- subjects

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


# --------------------------------------------------------------------------- amounts

_NUM = rf"(?:[0-9０-９]+(?:\.[0-9]+)?万?|[{CN_NUM_CHARS}]+)"
_YUAN_RANGE = re.compile(rf"(?P<a>{_NUM})元?(?:以上|至|到|－|—|-|～)(?P<b>{_NUM})元(?:以下)?")
_YUAN_MAX = re.compile(rf"(?P<b>{_NUM})元以下")
_YUAN_MIN = re.compile(rf"(?P<a>{_NUM})元以上")
_YUAN_ONE = re.compile(rf"(?P<a>{_NUM})元")
_RATIO = rf"(?:[{CN_NUM_CHARS}]+分之[{CN_NUM_CHARS}]+|[0-9]+(?:\.[0-9]+)?%|[{CN_NUM_CHARS}0-9]+倍|等值)"
_RATIO_RANGE = re.compile(rf"(?P<a>{_RATIO})(?:以上|至|到)(?P<b>{_RATIO})(?:以下)?")
_RATIO_MAX = re.compile(rf"(?P<b>{_RATIO})以下")
_RATIO_ONE = re.compile(rf"(?P<a>{_RATIO})")


def yuan(text: str) -> int:
    """'五万' -> 50000, '5000' -> 5000, '1.5万' -> 15000, '二十万' -> 200000."""
    t = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?万?", t):
        if t.endswith("万"):
            return int(round(float(t[:-1]) * 10000))
        return int(float(t))
    return cn_to_int(t)


def ratio(text: str) -> float:
    """'百分之四十' -> 0.4, '40%' -> 0.4, '二倍' -> 2.0, '等值' -> 1.0."""
    if text == "等值":
        return 1.0
    if text.endswith("%"):
        return round(float(text[:-1]) / 100, 6)
    if text.endswith("倍"):
        return float(parse_number(text[:-1]))
    m = re.fullmatch(rf"([{CN_NUM_CHARS}]+)分之([{CN_NUM_CHARS}]+)", text)
    if m:
        return round(cn_to_int(m.group(2)) / cn_to_int(m.group(1)), 6)
    raise ValueError(text)


@dataclass(frozen=True)
class Fine:
    """A fine as the statute sets it. unit 'yuan': min/max in yuan; unit 'ratio': min/max as fractions or
    multiples of `basis` (0.4 = 百分之四十 of 上一年年收入, 2.0 = 二倍 of 违法所得). None = no bound stated
    (处五万元以下的罚款 has no minimum); both None = 罚款 without an amount (处以罚款)."""
    unit: str
    min: float | None
    max: float | None
    basis: str | None = None
    text: str = ""

    @property
    def specified(self) -> bool:
        return self.min is not None or self.max is not None

    def contains(self, lo: float, hi: float, unit: str = "yuan", basis: str | None = None) -> bool:
        if unit != self.unit or not self.specified:
            return False
        if unit == "ratio" and basis and self.basis and basis not in self.basis and self.basis not in basis:
            return False
        low = self.min if self.min is not None else 0
        high = self.max if self.max is not None else float("inf")
        return low <= lo <= hi <= high

    def describe(self) -> str:
        if not self.specified:
            return "罚款（未规定数额）"
        if self.unit == "yuan":
            if self.min is not None and self.max is not None and self.min == self.max:
                return f"{format_yuan(self.min)}"
            if self.min is None:
                return f"{format_yuan(self.max)}以下"
            if self.max is None:
                return f"{format_yuan(self.min)}以上"
            return f"{format_yuan(self.min)}以上{format_yuan(self.max)}以下"
        b = self.basis or ""
        t = "倍" in self.text or "等值" in self.text
        if self.min is not None and self.max is not None and self.min == self.max:
            return f"{b}{format_ratio(self.min, t)}"
        if self.min is None:
            return f"{b}{format_ratio(self.max, t)}以下"
        if self.max is None:
            return f"{b}{format_ratio(self.min, t)}以上"
        return f"{b}{format_ratio(self.min, t)}以上{format_ratio(self.max, t)}以下"


def format_yuan(v: float | None) -> str:
    if v is None:
        return ""
    v = int(v)
    if v >= 10000 and v % 1000 == 0:
        w = v / 10000
        return f"{w:g}万元"
    return f"{v}元"


def format_ratio(v: float | None, times: bool | None = None) -> str:
    """0.4 -> 百分之四十, 2.0 -> 二倍; `times` forces 倍 (违法所得一倍) or per cent (百分之一百)."""
    if v is None:
        return ""
    if times is None:
        times = v > 1
    if times and float(v).is_integer():
        return f"{int_to_cn(int(v))}倍"
    pct = round(v * 100, 4)
    if float(pct).is_integer():
        return f"百分之{int_to_cn(int(pct))}"
    return f"{pct:g}%"


def parse_fine(text: str) -> Fine:
    """The fine of a phrase ending in 罚款: '处五万元以上二十万元以下的' -> Fine('yuan', 50000, 200000)."""
    t = text
    # the amount follows the last verb or alternative marker (处警告或者五百元以下罚款)
    for marker in ("或者", "处以", "并处", "单处", "处"):
        i = t.rfind(marker)
        if i >= 0 and (marker != "处" or not t[i:].startswith("处罚")):
            t = t[i + len(marker):]
            break
    t = t.rstrip("的")
    if "元" in t:
        m = _YUAN_RANGE.search(t)
        if m:
            return Fine("yuan", yuan(m.group("a")), yuan(m.group("b")), None, text)
        m = _YUAN_MAX.search(t)
        if m:
            return Fine("yuan", None, yuan(m.group("b")), None, text)
        m = _YUAN_MIN.search(t)
        if m:
            return Fine("yuan", yuan(m.group("a")), None, None, text)
        m = _YUAN_ONE.search(t)
        if m:
            v = yuan(m.group("a"))
            return Fine("yuan", v, v, None, text)
    for rx, lo, hi in ((_RATIO_RANGE, "a", "b"), (_RATIO_MAX, None, "b"), (_RATIO_ONE, "a", "a")):
        m = rx.search(t)
        if m:
            basis = t[:m.start()].strip("的以 ") or None
            return Fine("ratio", ratio(m.group(lo)) if lo else None, ratio(m.group(hi)), basis, text)
    return Fine("yuan", None, None, None, text)


# --------------------------------------------------------------------------- sanctions

@dataclass(frozen=True)
class Sanction:
    kind: str                      # one of KINDS
    text: str                      # the phrase as written
    fine: Fine | None = None
    detail: str | None = None      # what is confiscated / revoked / stopped, days of 拘留, referral target text
    mode: str = "must"             # must / may (可以) / or (alternative to the previous sanction) / until (直至)
    target: str | None = None      # referral: canonical ref of the paragraph referred to, when in the same law
    words: str = ""                # the statute's own words for this measure, with its connective (并处…, 直至…)
    joined: bool = False           # written in the same phrase as the previous sanction (no comma between)

    def plain(self) -> str:
        """The measure in the statute's own words: 责令停业整顿, 直至由原发证机关吊销…, 并处十万元以上…的罚款.
        Never a paraphrase: 停业整顿 is not 停产停业整顿, 承担连带赔偿责任 is not 依法承担赔偿责任."""
        return self.words or self.normalised()

    def normalised(self) -> str:
        """A normalised rendering (amounts in 万元) for sanctions built without their source phrase."""
        if self.kind == FINE and self.fine:
            s = f"处{self.fine.describe()}的罚款" if self.fine.specified else "处以罚款"
        elif self.kind == REFERRAL:
            s = f"依照{self.detail or ''}的规定处理、处罚"
        elif self.kind in (CORRECT, STOP, DISQUALIFY) and self.detail:
            s = self.detail
        elif self.kind == CONFISCATE:
            s = f"没收{self.detail or ''}"
        elif self.kind in (REVOKE, DETAIN_LICENCE):
            s = self.text if len(self.text) > 2 else f"{self.kind}{self.detail or ''}"
        elif self.kind == DETENTION:
            s = f"处{self.detail or ''}拘留"
        elif self.kind == WARNING:
            s = "给予警告"
        elif self.kind == DISCIPLINE:
            s = f"给予{self.detail or ''}处分"
        elif self.kind == CRIMINAL:
            s = "依法追究刑事责任"
        elif self.kind == CIVIL:
            s = "依法承担赔偿责任"
        elif self.kind == SUSPEND:
            s = "责令停产停业整顿"
        elif self.kind == CLOSE:
            s = "予以关闭"
        elif self.kind == BAN:
            s = "予以取缔"
        else:
            s = self.text
        if self.mode == "may":
            s = "可以" + s
        elif self.mode == "or":
            s = "或者" + s
        elif self.mode == "alone_or_with":
            s = "单处或者并处" + s.removeprefix("处")
        elif self.mode == "until":
            s = "直至" + s
        return s

    def describe(self) -> str:
        if self.kind == FINE and self.fine:
            s = self.fine.describe()
            s = s if s.endswith("罚款（未规定数额）") else f"罚款：{s}"
        elif self.kind == REFERRAL:
            s = f"依照{self.detail or ''}处理、处罚"
        elif self.detail:
            s = f"{self.kind}（{self.detail}）"
        else:
            s = self.kind
        if self.mode == "may":
            s = "可以" + s
        elif self.mode == "or":
            s = "或者" + s
        elif self.mode == "alone_or_with":
            s = "单处或者并处" + s
        elif self.mode == "until":
            s = "直至" + s
        return s


_AGENCY = r"(?:部门|机关|机构|政府|委员会|管理局|监察局|消防救援机构|海事管理机构|法院|检察院)"
_VERBS = (r"处以?|并处|单处|给予|予以|责令|没收|吊销|暂扣|撤销|注销|取缔|关闭|追究|依照|按照|提请|报请|暂停|停止|实行|采取"
          r"|不得|终身|收缴|强制执行|加处|限期|降低|禁止|承担|通报|撤职|降级|开除|批评教育|移送|罚款(?:幅度|数额)为|不予受理"
          r"|不予注册|取消"
          rf"|[{CN_NUM_CHARS}0-9]+年内(?:不得|禁止|不予)")
_PRE = r"(?:并|另|还|同时|可以|可|应当|依法|一并|均|分别|立即|相应|直至)*"
_AUTHORITY_RE = re.compile(rf"^(?:并|另|还|同时|分别|均)?由(?P<auth>[^，；。]{{2,60}}?(?:{_AGENCY}|单位))(?P<how>(?:按照职责分工"
                           rf"|按照各自职权|依据各自职权|依照职责|依法|分别|共同)*)(?={_PRE}(?:{_VERBS}|对))")
_AGENCY_SUBJECT_RE = re.compile(rf"^(?![与对向和])(?P<auth>[^，；。]{{2,40}}?{_AGENCY})(?={_PRE}(?:{_VERBS}))")
_SANCTION_START = re.compile(rf"^{_PRE}(?:{_VERBS}|与[^，；。]{{1,30}}?(?=承担))")
_SUBJECT_SWITCH_RE = re.compile(r"^(?:并|还|另|同时|应当|可以)*对(?P<subj>[^，；。]{1,40}?)(?=(?:并|还|另|应当|可以|依法)*(?:"
                                + _VERBS + r")|$)")

_KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    (SUSPEND, re.compile(r"停产停业整顿|停产整顿|停业整顿|停产停业|停产、停业|停业、停产|(?<=责令)停产(?=，|；|。|$)")),
    (STOP, re.compile(r"停止(?:建设|施工|使用|生产|经营|营业|作业|执业|违法行为|非法[^，；。、]{0,12}活动|[^，；。或]{0,12}活动"
                      r"|[^，；。或]{0,14}?(?:作业|使用|生产|经营|施工)"
                      r"|销售|制造|充装|运输|储存|运营|相关业务|有关[^，；。或]{0,10})|停建|停止(?=，|$)")),
    (CORRECT, re.compile(r"(?:责令|限期)(?:其|[^，；。]{0,8}?(?:单位|企业|人|者))?(?:限期|立即|当场)?(?:改正|整改|消除|排除|纠正|补办|办理|缴纳|支付|恢复原状|拆除"
                         r"|重新|补正|委托|检测|备案|申报|采取|停止使用并)|限期改正|立即改正")),
    (DISCIPLINE, re.compile(r"(?:依法)?(?:给予|予以)?(?P<d>(?:降级|撤职|开除|记过|记大过|警告|行政|纪律|政务)[^，；。]{0,12}?)?处分"
                            r"|撤职|降级|开除")),
    (WARNING, re.compile(r"警告")),
    (CRITICISM, re.compile(r"通报批评")),
    (FINE, re.compile(r"罚款")),
    (CONFISCATE, re.compile(r"没收(?P<d>[^，；。]*?)(?=并处|，|；|。|$)")),
    (DETAIN_LICENCE, re.compile(r"(?:暂扣|暂停)(?P<d>(?:或者吊销)?[^，；。]*?)(?=直至|，|；|。|$)")),
    (REVOKE, re.compile(r"(?:吊销|撤销|注销|取消)(?P<d>[^，；。]*?)(?=并处|，|；|。|$)")),
    (CLOSE, re.compile(r"关闭")),
    (BAN, re.compile(r"取缔")),
    (DETENTION, re.compile(r"(?P<d>[" + CN_NUM_CHARS + r"0-9]+日(?:以上[" + CN_NUM_CHARS + r"0-9]+日)?以下)?(?:行政)?拘留")),
    (CRIMINAL, re.compile(r"追究刑事责任|依法追究[^，；。]{0,10}刑事责任")),
    (DISQUALIFY, re.compile(r"(?:[" + CN_NUM_CHARS + r"0-9]+年内|终身)?(?:不得(?:担任|从事|申请|再)|禁止[^，；。]{0,8}从事|[^，；。]{0,8}禁入"
                            r"|不予受理[^，；。]{0,8}申请|不予注册)"
                            r"[^，；。]*")),
    (DOWNGRADE, re.compile(r"降低资质等级")),
    (DAILY, re.compile(r"按日连续处罚")),
    (ENFORCE, re.compile(r"强制执行|代为履行|代履行")),
    (PUBLIC_SECURITY, re.compile(r"治安管理处罚")),
    (CIVIL, re.compile(r"赔偿|民事责任")),
    (EDUCATION, re.compile(r"批评教育")),
]
_REFERRAL_RE = re.compile(r"(?:依照|按照|依据)(?P<t>[^，；。]*?)(?:的)?(?:有关)?规定(?:予以|给予|进行|从重)?(?:处理、处罚|处罚|处理|追究)")


# What links a measure to the one before it inside a phrase; the words before it belong to the previous measure.
_CONNECTIVE = re.compile(r"(?:、|或者|直至|并处|并|可以|单处|由[^，；。、]{2,20}?(?:部门|机关|机构))+")


def parse_sanctions(chunk: str) -> list[Sanction]:
    """Every sanction named in one chunk (a comma-separated phrase), in text order."""
    found: list[tuple[int, int, Sanction]] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    ref = _REFERRAL_RE.search(chunk)
    if ref and "下列规定" not in ref.group("t") and not re.search(r"刑法|刑事|罪", ref.group(0)):
        found.append((ref.start(), ref.end(), Sanction(REFERRAL, ref.group(0), detail=ref.group("t").strip() or None)))
        taken.append((ref.start(), ref.end()))
    for kind, rx in _KIND_PATTERNS:
        for m in rx.finditer(chunk):
            s, e = m.start(), m.end()
            if not free(s, e) or s == e:
                continue
            if kind == WARNING and chunk[e:e + 2] in ("标志", "标识", "说明", "装置", "信号"):
                continue
            if kind == CLOSE and chunk[e:e + 1] in ("、", "或"):   # 关闭、破坏…设备 (a behaviour)
                continue
            if kind == FINE and chunk[e:e + 2] in ("数额", "幅度", "基数") and chunk[e + 2:e + 3] != "为":
                continue
            detail = m.groupdict().get("d")
            detail = detail.strip("其的") if detail else None
            fine = None
            if kind == FINE:
                start = chunk.rfind("，", 0, s) + 1
                fm = re.match(r"罚款(?:幅度|数额)为(.*)$", chunk[s:])
                fine = parse_fine(fm.group(1)) if fm else parse_fine(chunk[start:s])
                rm = re.search(rf"按照(?P<b>[^，；。]*?)的?(?P<a>{_RATIO})(?:以上|至)(?P<c>{_RATIO})(?:以下)?", chunk[start:s])
                if not fine.specified and rm:
                    fine = Fine("ratio", ratio(rm.group("a")), ratio(rm.group("c")), rm.group("b"), chunk[start:s])
                detail = None
            elif kind in (CORRECT, STOP, DISQUALIFY):
                detail = m.group(0)
            elif kind in (SUSPEND, CLOSE, BAN, CRIMINAL, PUBLIC_SECURITY, CIVIL, WARNING, CRITICISM, EDUCATION):
                detail = None
            text = m.group(0)
            if kind == FINE and fine is not None:
                text = (fine.text + "罚款").lstrip("，")
            found.append((s, e, Sanction(kind, text, fine=fine, detail=detail or None)))
            taken.append((s, e))
    found.sort(key=lambda x: x[0])
    out: list[Sanction] = []
    prev_end = 0
    for i, (s, e, sanc) in enumerate(found):
        between = chunk[prev_end:s]
        if i > 0:
            # 责令其办理经营范围变更登记或者吊销…: the words before the connective finish the previous measure
            runs = list(_CONNECTIVE.finditer(between))
            cut = runs[-1].start() if runs else len(between)
            tail, between = between[:cut], between[cut:]
            out[-1] = replace(out[-1], words=out[-1].words + tail)
        mode = "must"
        if "单处或者并处" in between:
            mode = "alone_or_with"
        elif i > 0 and "或者" in between:
            mode = "or"
        elif i > 0 and "直至" in between:
            mode = "until"
        elif "可以" in between:
            mode = "may"
        out.append(replace(sanc, mode=mode, words=(between + chunk[s:e]).lstrip("、，"), joined=i > 0))
        prev_end = e
    if out and len(chunk) - prev_end <= 30:
        out[-1] = replace(out[-1], words=out[-1].words + chunk[prev_end:])
    # 处以十五日以下拘留、罚款或者警告: every member of a list closed by 或者 is an alternative
    for i in range(1, len(out)):
        if out[i].mode == "must" and any(o.mode == "or" for o in out[i + 1:]) and "、" in chunk:
            out[i] = replace(out[i], mode="or")
    return out


@dataclass
class Chunk:
    """One comma-separated phrase, read."""
    text: str
    authority: str | None = None
    subject: str | None = None            # 对X / X应当… : a subject named in the chunk
    condition: str | None = None           # 对逃匿的 (a condition written as 对…的)
    sanctions: list[Sanction] = field(default_factory=list)
    subject_only: bool = False             # 对直接负责的主管人员和其他直接责任人员，依法给予处分: the subject alone

    @property
    def is_sanction(self) -> bool:
        return bool(self.sanctions)


def read_chunk(chunk: str) -> Chunk:
    out = Chunk(chunk)
    c = chunk
    m = _AUTHORITY_RE.match(c)
    if m:
        out.authority = m.group("auth")
        c = c[m.end():]
    else:
        m = None if _SANCTION_START.match(c) else _AGENCY_SUBJECT_RE.match(c)
        if m and _SANCTION_START.match(c[m.end():]) and not re.search(r"责令|处以?|给予", m.group("auth")):
            out.authority = m.group("auth")
            c = c[m.end():]
    m = _SUBJECT_SWITCH_RE.match(c)
    if m:
        subj = m.group("subj").strip()
        if subj.endswith("的"):
            out.condition = subj.rstrip("的")
        else:
            out.subject = re.sub(r"^(?:其|该|有关(?=责任))", "", subj)
        c = c[m.end():]
        if not c or re.match(r"^(?:依照|按照)[^，；。]*(?:刑法|罪)", c) and not parse_sanctions(c):
            out.subject_only = out.subject is not None
            return out
    elif not _SANCTION_START.match(c):
        # X应当… / 生产经营单位主要负责人五年内不得担任…: a subject written before the verb
        for rm in roles_in(c[:30]):
            rest = c[rm[1]:]
            if _SANCTION_START.match(rest) and rm[1] <= 24 and not re.match(r"^(?:与|向|和|由)", c):
                out.subject = c[:rm[1]]
                c = rest
                break
    if c.endswith("的"):
        return out
    if _SANCTION_START.match(c):
        out.sanctions = parse_sanctions(c)
        inner = re.search(r"对(?P<s>[^，；。《》]{2,30}?)(?=处以?罚款|处以?[^，；。]{0,30}罚款$)", c)
        if inner and out.subject is None and roles_in(inner.group("s")) and "依照" not in inner.group("s"):
            out.subject = inner.group("s")
    if not out.sanctions:
        out.subject = None
        out.condition = None
        out.authority = None
    return out


def is_sanction_chunk(chunk: str) -> bool:
    r = read_chunk(chunk)
    return r.is_sanction or r.subject_only


# --------------------------------------------------------------------------- conditions

CONDITION_TYPES = [
    ("逾期未改正", re.compile(r"逾期(?:未|不)|拒不(?:改正|整改)|经责令[^，；。]*?(?:仍|拒不|不|未)|整改后仍|期满仍")),
    ("拒不执行", re.compile(r"拒不执行|拒绝执行|拒不停止|拒不履行|拒不接受")),
    ("情节严重", re.compile(r"情节(?:特别)?严重|情节恶劣|后果严重|造成严重")),
    ("情节较重", re.compile(r"情节较重")),
    ("情节较轻", re.compile(r"情节(?:较轻|轻微)")),
    ("尚不构成犯罪", re.compile(r"尚不构成犯罪|不构成犯罪|不够刑事处罚|尚未构成犯罪")),
    ("构成犯罪", re.compile(r"构成犯罪|触犯刑律|涉嫌犯罪")),
    ("导致事故", re.compile(r"(?:导致|造成|引发)[^，；。]{0,12}(?:事故|伤亡|死亡)|发生[^，；。]{0,10}事故")),
    ("违法所得", re.compile(r"违法所得|经营所得|货值金额")),
    ("造成损害", re.compile(r"造成[^，；。]{0,8}(?:损害|损失)")),
]


def condition_types(text: str) -> tuple[str, ...]:
    return tuple(name for name, rx in CONDITION_TYPES if rx.search(text))


# --------------------------------------------------------------------------- provisions

@dataclass
class Clause:
    subject: str                         # as written ('生产经营单位', '直接负责的主管人员和其他直接责任人员')
    roles: tuple[str, ...]
    conditions: tuple[str, ...]          # as written, without the final 的: ('逾期未改正',)
    sanctions: list[Sanction] = field(default_factory=list)
    inherited_from: str | None = None    # canonical ref of the paragraph a referral copied this clause from
    item: int | None = None              # the 项 this clause comes from (安全生产法 第九十五条: one fine per item)

    @property
    def condition_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for c in self.conditions for t in condition_types(c)))

    @property
    def fines(self) -> list[Fine]:
        return [s.fine for s in self.sanctions if s.kind == FINE and s.fine]

    def kinds(self) -> list[str]:
        return list(dict.fromkeys(s.kind for s in self.sanctions))

    def plain(self, skip: tuple[str, ...] = ()) -> str:
        """'逾期未改正的，对直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款' (amounts in 万元)."""
        conds = [c for c in self.conditions if c not in skip]
        head = "，".join(conds) + "的，" if conds else ""
        who = f"对{self.subject}" if self.subject else ""
        body = "".join(("" if i == 0 or s.joined else "，") + s.plain() for i, s in enumerate(self.sanctions))
        return head + who + body

    def describe(self) -> str:
        cond = "；".join(self.conditions)
        head = f"{cond}：" if cond else ""
        who = f"对{self.subject}" if self.subject else ""
        return f"{head}{who}{'，'.join(s.describe() for s in self.sanctions)}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["condition_types"] = list(self.condition_types)
        d["description"] = self.describe()
        d["plain"] = self.plain()
        for s, sd in zip(self.sanctions, d["sanctions"]):
            sd["description"] = s.describe()
            sd["plain"] = s.plain()
        return d


@dataclass
class Behaviour:
    ref: str          # canonical ref (dated) of the item, or of the paragraph when the trigger is the behaviour
    text: str


@dataclass
class Provision:
    """One penalty paragraph (款). `ref` is dated: 安全生产法@2021-09-01/99/1."""
    ref: str
    law: str                        # law key
    version: str                    # effective date of the version
    article: int
    suffix: str | None
    paragraph: int
    heading: str
    text: str                       # the paragraph text (without items)
    trigger: str                    # the text before the first sanction
    subject: str
    roles: tuple[str, ...]
    conditions: tuple[str, ...]     # conditions stated in the trigger (导致发生生产安全事故 …)
    behaviours: list[Behaviour]
    violated: list[str]             # refs of '违反本法第X条规定' in the trigger
    authority: str | None
    clauses: list[Clause]
    referrals: list[str] = field(default_factory=list)   # refs (or law names) this provision applies by reference
    notes: list[str] = field(default_factory=list)       # chunks that were not understood
    status: str = "parsed"          # parsed / partial / referral / no_sanction

    @property
    def article_ref(self) -> str:
        return str(Ref(self.law, self.version, self.article, self.suffix))

    @property
    def undated_ref(self) -> str:
        return str(Ref(self.law, None, self.article, self.suffix, self.paragraph))

    def kinds(self) -> list[str]:
        return list(dict.fromkeys(k for c in self.clauses for k in c.kinds()))

    def clauses_for(self, role: str, item: int | None = None) -> list[Clause]:
        """The clauses that can punish a subject of `role` (a role name or an authored phrase); with `item`,
        clauses that belong to another 项 of the paragraph are left out."""
        r = role if role in PERSON_ROLES + UNIT_ROLES + (ANY_ROLE, "公职人员", "行政机关") else classify_role(role)
        out = [c for c in self.clauses if roles_compatible(r, c.roles)]
        if item is not None:
            out = [c for c in out if c.item is None or c.item == item]
        return out

    def fines_for(self, role: str, item: int | None = None) -> list[tuple[tuple[str, ...], Fine]]:
        """(conditions, fine) of every fine that can be imposed on `role`."""
        return [(c.conditions, f) for c in self.clauses_for(role, item) for f in c.fines]

    def behaviour(self, item: int | None) -> Behaviour | None:
        if item is None:
            return self.behaviours[0] if len(self.behaviours) == 1 else None
        for b in self.behaviours:
            if Ref.parse(b.ref).item == item:
                return b
        return None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["clauses"] = [c.to_dict() for c in self.clauses]
        d["kinds"] = self.kinds()
        d["undated_ref"] = self.undated_ref
        return d


def _split_segments(text: str) -> list[str]:
    parts = re.split(r"[；;。]", text)
    return [p.strip().rstrip("：:").strip() for p in parts if p.strip().rstrip("：:").strip()]


def _split_chunks(segment: str) -> list[str]:
    # commas inside （…） or 《…》 do not split
    out, buf, depth = [], [], 0
    for ch in segment:
        if ch in "（(《":
            depth += 1
        elif ch in "）)》" and depth:
            depth -= 1
        if ch in "，," and depth == 0:
            out.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf).strip())
    return [c for c in out if c]


_ITEM_PREFIX = re.compile(r"^[（(][" + CN_NUM_CHARS + r"0-9]+[）)]\s*")
_VIOLATED_RE = re.compile(r"违反(?:本(?:法|条例|规定|办法|细则|决定))?((?:第[" + CN_NUM_CHARS + r"]+条(?:之[一二三四五六七八九十]+)?"
                          r"(?:第[" + CN_NUM_CHARS + r"]+款(?:(?:至|、)第[" + CN_NUM_CHARS + r"]+款)?)?"
                          r"(?:第[" + CN_NUM_CHARS + r"]+项(?:(?:、|至)第[" + CN_NUM_CHARS + r"]+项)*)?"
                          r"(?:[、和至或者及]|以及)*)+)")
_ART_PART = re.compile(r"第([" + CN_NUM_CHARS + r"]+)条(之[一二三四五六七八九十]+)?(?:第([" + CN_NUM_CHARS + r"]+)款"
                       r"(?:至第([" + CN_NUM_CHARS + r"]+)款)?)?"
                       r"((?:(?:第)?[" + CN_NUM_CHARS + r"]+项(?:、|至)?)*)")


def violated_refs(law: str, trigger: str) -> list[str]:
    """Refs of '违反本条例第二十一条第一款第一项、第四项规定' in a trigger (own law only)."""
    out = []
    for m in _VIOLATED_RE.finditer(trigger):
        for a in _ART_PART.finditer(m.group(1)):
            art = cn_to_int(a.group(1))
            para = cn_to_int(a.group(3)) if a.group(3) else None
            para_to = cn_to_int(a.group(4)) if a.group(4) else None
            items = [cn_to_int(x) for x in re.findall(r"([" + CN_NUM_CHARS + r"]+)项", a.group(5) or "")]
            if "至" in (a.group(5) or "") and len(items) == 2 and items[0] < items[1]:
                items = list(range(items[0], items[1] + 1))
            if items:
                for it in items:
                    out.append(str(Ref(law, None, art, a.group(2), para or 1, it)))
            elif para and para_to and para_to > para:
                out.extend(str(Ref(law, None, art, a.group(2), p)) for p in range(para, para_to + 1))
            else:
                out.append(str(Ref(law, None, art, a.group(2), para)))
    return list(dict.fromkeys(out))


_CROSS_RE = re.compile(r"(?:有|存在)?(?:前款|前两款|本条第([" + CN_NUM_CHARS + r"]+)款)(?:规定的?|所列|第)?((?:第?[" + CN_NUM_CHARS
                       + r"]+项、?)*)(?:违法)?(?:行为|情形)")


def _cross_behaviours(trigger: str, article: Article, pno: int, law: str, version: str) -> list[Behaviour] | None:
    m = _CROSS_RE.search(trigger)
    if not m:
        return None
    target = cn_to_int(m.group(1)) if m.group(1) else pno - 1
    if not 1 <= target <= len(article.paragraphs) or target == pno:
        return None
    para = article.paragraphs[target - 1]
    items = [cn_to_int(x) for x in re.findall(r"([" + CN_NUM_CHARS + r"]+)项", m.group(2) or "")]
    out = []
    if para.items:
        for it in para.items:
            if not items or it.number in items:
                out.append(Behaviour(str(Ref(law, version, article.number, article.suffix, target, it.number)),
                                     _ITEM_PREFIX.sub("", it.text).rstrip("；。;")))
    else:
        trig = _trigger_text(para.text)
        out.append(Behaviour(str(Ref(law, version, article.number, article.suffix, target)), trig))
    return out


def _trigger_text(text: str) -> str:
    chunks = []
    for seg in _split_segments(text)[:1]:
        for c in _split_chunks(seg):
            if is_sanction_chunk(c):
                break
            chunks.append(c)
    return "，".join(chunks)


_CRIMINAL_BASIS = re.compile(r"^(?:依照|按照)[^，；。]*(?:刑法|罪)[^，；。]*规定$")


def _item_has_sanctions(text: str) -> bool:
    return any(read_chunk(c).is_sanction for seg in _split_segments(_ITEM_PREFIX.sub("", text)) for c in _split_chunks(seg))


def _condition_subject(conds: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """有关责任人员构成犯罪的，依法追究刑事责任: the condition names who is liable (the persons, not the unit)."""
    if not conds:
        return None
    m = re.match(r"^(?:其|该)?(?P<who>[^，；。]{2,30}?)(?=构成犯罪|涉嫌犯罪)", conds[-1])
    if not m:
        return None
    roles = tuple(dict.fromkeys(r for _s, _e, r in roles_in(m.group("who"))))
    if not roles or not set(roles) <= set(PERSON_ROLES):
        return None
    return re.sub(r"^有关(?=责任)", "", m.group("who")), roles


class _ClauseBuilder:
    """Reads the segments of one paragraph (and its items) into clauses.

    Conditions: the conditions written before the first sanction of a segment ("lead") replace the running
    context (逾期未改正的 …), except conditions on the amount of illegal income (违法所得在十万元以上的), which
    are added to it; a segment without lead conditions continues the context (…；对其直接负责的主管人员…处…
    after 施工单位倒卖…资质的，…). A condition written after sanctions inside a segment adds to the lead."""

    def __init__(self, subject: str, roles: tuple[str, ...]):
        self.subject, self.roles = subject, roles
        self.clauses: list[Clause] = []
        self.notes: list[str] = []
        self.authority: str | None = None
        self.context: tuple[str, ...] = ()
        self.last_subject = (subject, roles)

    def segment(self, chunks: list[str]) -> None:
        pending: list[str] = []
        seg_conds: tuple[str, ...] = ()
        seg_base: tuple[str, ...] = ()
        conds: tuple[str, ...] = ()
        seen = False
        cur_subject, cur_roles = self.subject, self.roles
        carry = False
        last: tuple[Clause, int] | None = None     # clause and index of the last sanction added
        for chunk in chunks:
            if re.match(r"^自[^，]*之日起$", chunk) or _CRIMINAL_BASIS.match(chunk):
                continue
            r = read_chunk(chunk)
            if not (r.is_sanction or r.subject_only):
                if (last is not None and not chunk.endswith("的") and not condition_types(chunk) and not pending):
                    clause, idx = last
                    prev = clause.sanctions[idx]
                    if prev.kind in (CORRECT, STOP):
                        clause.sanctions[idx] = replace(prev, detail=f"{prev.detail or prev.text}，{chunk}",
                                                        words=f"{prev.words}，{chunk}" if prev.words else "")
                        continue
                pending.append(chunk)
                continue
            if not seen:
                lead = tuple(x.rstrip("的") for x in pending)
                pending = []
                if not lead:
                    seg_base = seg_conds = self.context
                elif all(condition_types(x) == ("违法所得",) for x in lead):
                    seg_base = self.context
                    seg_conds = self.context + lead
                else:
                    self.context = lead
                    seg_base = ()
                    seg_conds = lead
                conds = seg_conds
                seen = True
            elif pending:
                new = tuple(x.rstrip("的") for x in pending)
                local = list(conds[len(seg_base):])
                if local:
                    last_types = set(condition_types(local[-1]))
                    new_types = set(t for x in new for t in condition_types(x))
                    if (last_types & new_types) or not (last_types & {"逾期未改正", "拒不执行"}):
                        local.pop()
                conds = seg_base + tuple(local) + new
                pending = []
                cur_subject, cur_roles = self.subject, self.roles
                carry = False
            if r.authority and self.authority is None:
                self.authority = r.authority
            if r.subject:
                phrase, roles = subject_of(r.subject)
                cur_subject, cur_roles = (phrase or r.subject), roles
                carry = True
                if r.subject_only:
                    continue
            elif carry and not re.match(r"^(?:并|可以)*(?:处|没收|吊销|暂扣|暂停|给予|依法给予|追究|依照)", chunk):
                cur_subject, cur_roles = self.subject, self.roles
                carry = False
            these = conds + ((r.condition,) if r.condition else ())
            sanctions = r.sanctions
            um = re.match(r"^(?:并)?责令(?P<u>[^，；。]{0,12}?(?:单位|企业))(?=停|关闭|限期)", chunk)
            dq = [x for x in sanctions if x.kind == DISQUALIFY and re.search(r"担任[^，；。]*(?:主要负责人|法定代表人|矿长)", x.detail or "")]
            if um and "单位" not in cur_roles:
                clause = self._clause(um.group("u"), ("单位",), these)
            elif dq and len(dq) == len(sanctions) and not set(cur_roles) & set(PERSON_ROLES):
                clause = self._clause("主要负责人", ("主要负责人",), these)
            elif not r.subject and (named := _condition_subject(these)):
                clause = self._clause(named[0], named[1], these)
            else:
                clause = self._clause(cur_subject, cur_roles, these)
            clause.sanctions.extend(sanctions)
            last = (clause, len(clause.sanctions) - 1)
        self.last_subject = (cur_subject, cur_roles)
        if pending:
            self.notes.append("，".join(pending))

    def _clause(self, subject, roles, conds) -> Clause:
        for c in self.clauses:
            if c.subject == subject and c.roles == roles and c.conditions == conds and c.inherited_from is None:
                return c
        c = Clause(subject, roles, conds)
        self.clauses.append(c)
        return c


def parse_paragraph(law: str, version: str, article: Article, pno: int) -> Provision | None:
    """The penalty provision of paragraph `pno` (1-based) of `article`; None when it names no sanction."""
    para = article.paragraphs[pno - 1]
    text = para.text.strip()
    segments = _split_segments(text)
    if not segments or is_procedural(text):
        return None
    items_sanctioned = bool(para.items) and sum(_item_has_sanctions(it.text) for it in para.items) >= max(1, len(para.items) // 2)
    # trigger: chunks of the first segment before the first sanction chunk
    first = _split_chunks(segments[0])
    k = 0
    while k < len(first) and (not is_sanction_chunk(first[k]) or (k == 0 and not read_chunk(first[k]).is_sanction)):
        if k > 0 and _CRIMINAL_BASIS.match(first[k]):
            break
        k += 1
    trigger_chunks = first[:k]
    trigger = "，".join(trigger_chunks)
    subject, roles = subject_of(trigger)
    # conditions stated inside the trigger (after the subject's own behaviour): 导致发生生产安全事故的
    trig_conds = []
    for i, c in enumerate(trigger_chunks):
        if re.search(r"有下列|有前款|有本条|存在下列", c):
            continue
        if (i > 0 or c.startswith("发生")) and condition_types(c):
            trig_conds.append(c.rstrip("的"))
    builder = _ClauseBuilder(subject, roles)
    rest_first = first[k:]
    if items_sanctioned:
        rest_first = [c for c in rest_first if not re.search(r"(?:依照|按照)下列规定", c)]
    builder.segment(rest_first)
    for seg in segments[1:]:
        builder.segment(_split_chunks(seg))
    behaviours: list[Behaviour] = []
    if items_sanctioned:
        builder.subject, builder.roles = builder.last_subject
        for it in para.items:
            builder.context = ()
            before = len(builder.clauses)
            for seg in _split_segments(_ITEM_PREFIX.sub("", it.text)):
                builder.segment(_split_chunks(seg))
            for c in builder.clauses[before:]:
                c.item = it.number
        behaviours.append(Behaviour(str(Ref(law, version, article.number, article.suffix, pno)), trigger))
    elif para.items:
        for it in para.items:
            behaviours.append(Behaviour(str(Ref(law, version, article.number, article.suffix, pno, it.number)),
                                        _ITEM_PREFIX.sub("", it.text).rstrip("；。;")))
    else:
        cross = _cross_behaviours(trigger, article, pno, law, version)
        behaviours = cross if cross else [Behaviour(str(Ref(law, version, article.number, article.suffix, pno)), trigger)]
    clauses = [c for c in builder.clauses if c.sanctions]
    if not clauses:
        return None
    for c in clauses:
        if trig_conds:
            c.conditions = tuple(trig_conds) + tuple(x for x in c.conditions if x not in trig_conds)
    referrals = []
    for c in clauses:
        for i, s in enumerate(c.sanctions):
            if s.kind == REFERRAL:
                target = _referral_target(s.detail or "", law, version, article, pno)
                if target:
                    c.sanctions[i] = replace(s, target=target)
                    referrals.append(target)
                else:
                    referrals.append(s.detail or s.text)
    notes = builder.notes
    kinds = {s.kind for c in clauses for s in c.sanctions}
    if kinds <= {REFERRAL}:
        status = "referral"
    elif notes or any(s.kind == FINE and not s.fine.specified and re.search(rf"[{CN_NUM_CHARS}0-9]元", s.fine.text)
                      for c in clauses for s in c.sanctions):
        status = "partial"
    else:
        status = "parsed"
    return Provision(
        ref=str(Ref(law, version, article.number, article.suffix, pno)), law=law, version=version,
        article=article.number, suffix=article.suffix, paragraph=pno, heading=" ".join(article.headings),
        text=text, trigger=trigger, subject=subject, roles=roles, conditions=tuple(trig_conds),
        behaviours=behaviours, violated=violated_refs(law, trigger), authority=builder.authority,
        clauses=clauses, referrals=referrals, notes=notes, status=status)


def _referral_target(detail: str, law: str, version: str, article: Article, pno: int) -> str | None:
    d = detail.replace("的", "")
    if d.startswith("前款") or d == "前款":
        return str(Ref(law, version, article.number, article.suffix, pno - 1)) if pno > 1 else None
    m = re.match(r"^本条(?:第([" + CN_NUM_CHARS + r"]+)款)?", d)
    if m and m.group(1):
        return str(Ref(law, version, article.number, article.suffix, cn_to_int(m.group(1))))
    m = re.match(r"^本(?:法|条例|规定|办法)第([" + CN_NUM_CHARS + r"]+)条(之[一二三四五六七八九十]+)?(?:第([" + CN_NUM_CHARS
                 + r"]+)款)?", d)
    if m:
        return str(Ref(law, version, cn_to_int(m.group(1)), m.group(2), cn_to_int(m.group(3)) if m.group(3) else None))
    return None


def resolve_article(provisions: list[Provision], by_ref: dict[str, Provision] | None = None) -> None:
    """Fill referrals inside the same version: a provision that punishes 依照前款规定 gets the referred
    paragraph's clauses (for its own subject), marked with `inherited_from`."""
    by_ref = by_ref if by_ref is not None else {p.ref: p for p in provisions}
    for p in provisions:
        extra: list[Clause] = []
        for c in p.clauses:
            for s in c.sanctions:
                if s.kind != REFERRAL or not s.target:
                    continue
                targets = [t for r, t in by_ref.items() if r == s.target or (s.target.count("/") == 1 and
                                                                            r.startswith(s.target + "/"))]
                for t in targets:
                    if t is p:
                        continue
                    for tc in t.clauses:
                        if tc.inherited_from:
                            continue
                        subject, roles = tc.subject, tc.roles
                        if tc.subject == t.subject and p.subject:
                            subject, roles = p.subject, p.roles
                        extra.append(Clause(subject, roles, c.conditions + tuple(x for x in tc.conditions
                                                                               if x not in c.conditions),
                                            [x for x in tc.sanctions if x.kind != REFERRAL], inherited_from=t.ref))
        if extra:
            p.clauses.extend(e for e in extra if e.sanctions)
            if p.status == "referral":
                p.status = "parsed"


# --------------------------------------------------------------------------- scope and access

def in_penalty_chapter(article: Article) -> bool:
    return any(h for h in article.headings if any(w in h for w in PENALTY_HEADINGS))


_SANCTION_HINT = re.compile(r"(?:处|并处)[^，；。]{0,40}罚款|给予警告|责令[^，；。]{0,8}(?:停产|停业)|吊销|追究刑事责任|予以取缔")


def in_scope(law_key: str, level: str | None) -> bool:
    return level not in CRIMINAL_LEVELS and not any(law_key.startswith(k) for k in CRIMINAL_KEYS)


def penalty_articles(articles: list[Article]) -> list[Article]:
    """The penalty articles of one version: those of its 法律责任/罚则 chapter; for a text without such a
    chapter, the articles whose text imposes a sanction."""
    chapter = [a for a in articles if in_penalty_chapter(a)]
    if chapter:
        return chapter
    return [a for a in articles if _SANCTION_HINT.search(a.text())]


def parse_version(law: str, version: str, articles: list[Article]) -> list[Provision]:
    """All penalty provisions of one version, referrals resolved."""
    out: list[Provision] = []
    for a in penalty_articles(articles):
        for pno in range(1, len(a.paragraphs) + 1):
            p = parse_paragraph(law, version, a, pno)
            if p is not None:
                out.append(p)
    resolve_article(out)
    return out


_cache: dict[tuple[str, int], list[Provision]] = {}
_cache_lock = threading.Lock()


def provisions_for_version(store, version) -> list[Provision]:
    """Parsed provisions of a stored version (cached in memory per store file and version id)."""
    key = (str(store.path), version.id)
    got = _cache.get(key)
    if got is None:
        law = store.laws.get(version.law)
        if law is not None and not in_scope(law.key, law.level):
            got = []
        else:
            got = parse_version(version.law, version.effective_from, store.articles(version))
        with _cache_lock:
            if len(_cache) > 512:
                _cache.clear()
            _cache[key] = got
    return got


def provision(lib, ref: Ref | str, as_of: str | None = None) -> Provision | None:
    """The provision a (possibly undated) ref points into: 安全生产法/97/1/7 -> the provision of 第九十七条
    第一款 in the version in force on `as_of` (today by default)."""

    r = Ref.parse(ref) if isinstance(ref, str) else ref
    date = check_date(as_of)
    version = lib.store.resolve_version(r, date)
    if version is None or r.article is None:
        return None
    for p in provisions_for_version(lib.store, version):
        if p.article == r.article and p.suffix == r.suffix and p.paragraph == (r.paragraph or 1):
            return p
    return None


def all_provisions(lib, as_of: str | None = None, in_force_only: bool = True) -> list[Provision]:
    """Every penalty provision of the built collection (versions in force on `as_of`, or all versions)."""

    date = check_date(as_of)
    out = []
    for key, law in sorted(lib.store.laws.items()):
        if not in_scope(key, law.level):
            continue
        for v in lib.store.versions(key):
            if in_force_only and not v.in_force_on(date):
                continue
            out.extend(provisions_for_version(lib.store, v))
    return out


@dataclass
class ParseReport:
    articles: int = 0                 # penalty articles read
    paragraphs: int = 0               # their paragraphs
    provisions: int = 0               # paragraphs holding at least one sanction
    parsed: int = 0                   # fully parsed
    partial: list[str] = field(default_factory=list)      # refs with chunks not understood
    resisted: list[str] = field(default_factory=list)     # paragraphs with sanction words but no sanction parsed
    no_sanction: int = 0              # paragraphs in penalty chapters that impose nothing (定义、程序、从其规定)
    by_kind: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


_SANCTION_WORDS = re.compile(r"罚款|警告|吊销|拘留|没收|责令[^，；。]{0,6}(?:改正|停产|停业|停止)|追究刑事责任|处分|取缔|关闭")


def parse_report(lib, as_of: str | None = None, in_force_only: bool = True) -> ParseReport:
    """How much of the collection's penalty text the parser understood."""

    date = check_date(as_of)
    rep = ParseReport()
    for key, law in sorted(lib.store.laws.items()):
        if not in_scope(key, law.level):
            continue
        for v in lib.store.versions(key):
            if in_force_only and not v.in_force_on(date):
                continue
            provs = {(p.article, p.suffix, p.paragraph): p for p in provisions_for_version(lib.store, v)}
            for a in penalty_articles(lib.store.articles(v)):
                rep.articles += 1
                for pno, para in enumerate(a.paragraphs, 1):
                    rep.paragraphs += 1
                    p = provs.get((a.number, a.suffix, pno))
                    ref = str(Ref(key, v.effective_from, a.number, a.suffix, pno))
                    if p is None:
                        if _SANCTION_WORDS.search(para.text) and not is_procedural(para.text):
                            rep.resisted.append(ref)
                        else:
                            rep.no_sanction += 1
                        continue
                    rep.provisions += 1
                    if p.status == "partial":
                        rep.partial.append(ref)
                    else:
                        rep.parsed += 1
                    for k in p.kinds():
                        rep.by_kind[k] = rep.by_kind.get(k, 0) + 1
    return rep


_PROCEDURAL_RE = re.compile(
    r"^(?:本(?:法|条例|规定|办法|细则)(?:规定|设定)的[^，；。]{0,40}(?:行政处罚|罚款|处罚|行政处分)|对没收的|须经[^，；。]*批准"
    r"|[^，；。]*(?:组织销毁|罚款基数|在当地主要媒体公告|紧急措施|委托[^，；。]{0,60}实施)|依照本(?:法|条例|规定)(?:规定|第[^，]{1,12}条规定)"
    r"(?:给予|作出)[^，；。]{0,10}(?:行政处罚|处罚)(?:的)?，由|行政处罚由|罚款决定|罚款、没收|被责令[^，；。]{0,20}的，应当"
    r"|当事人(?:逾期)?(?:不执行|对[^，；。]{0,12}不服)|责令停产停业，对经济|违反本(?:法|条例|规定)(?:规定)?的行为，[^，；。]{0,20}已有"
    r"|[^，；。]{0,30}(?:可以|应当)?(?:将|把)?[^，；。]{0,20}(?:委托|移送)[^，；。]{0,30}实施)")


_PROCEDURAL_ANY = re.compile(r"组织销毁|罚款基数|媒体公告|紧急措施|委托[^。]{0,80}实施|须经[^，；。]*批准|向公安机关移送|案件移送"
                             r"|移送[^，；。]{0,12}(?:行政执法机关|公安机关)|折抵|收到罚款|立案侦查|对所移送的案件")


def is_procedural(text: str) -> bool:
    """Paragraphs about who decides or how penalties are carried out, which impose no sanction themselves."""
    return bool(_PROCEDURAL_RE.search(text) or _PROCEDURAL_ANY.search(text))
