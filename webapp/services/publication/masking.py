"""Personal information taken out of a penalty decision before it is published.

The rule followed is 《浙江省行政处罚结果信息网上公开暂行办法》（浙江省人民政府令第332号）第七条: the published
decision hides (一) natural persons' 家庭住址、通信方式、身份证号码、银行账号、健康状况 and other personal
information, and the names of natural persons other than the one penalised; (二) the bank accounts of legal
persons and other organisations. So:

- a natural-person party (被处罚人) keeps the name; the ID number, home address, phone and the other personal
  details (sex, age, employer, job) go;
- a firm's 法定代表人（负责人）, the on-site person, everyone questioned, the speaker at the 陈述申辩, agents,
  witnesses, recipients of documents and any employee named in the facts are natural persons other than the one
  penalised: their names are masked (陈立新 → 陈某某) wherever they appear;
- a firm's own address stays (it is not a natural person's home); its phone goes, because the number printed
  beside the 法定代表人 is usually a person's mobile;
- the enforcement officers and the unit's staff act in office and are published under the 行政执法公示 rules;
  the payment account is the collecting authority's, not the party's: both stay.

Every field of the case model is classified below (PERSONAL, TEXT or PUBLIC); tests/publication enumerates
doc_templates/case.schema.json and fails when a field is in none of them, so a new field cannot slip through.
Free text (facts, opinions, answers) is searched for every personal value the case holds, for ID and phone
numbers by their shape, and for names the officer adds; `name_hints` lists words after 员工/工人/证人… that look
like names the case does not hold, for the officer to confirm."""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator

from webapp.services.drafting.model import Case, Dates
from webapp.services.drafting.templates import Para, RenderedDoc, Table

HIDDEN = "（已隐去）"

# kind of each personal field: name = one person's name; names = free text of names (在场人 "孙丽（安全员）");
# id / phone / address / detail = hidden; "person:" = personal only when the party is a natural person
PERSONAL: dict[str, str] = {
    "party.id_number": "id",
    "party.phone": "phone",
    "party.legal_rep": "name",
    "party.address": "person:address",
    "party.postcode": "person:address",
    "party.sex": "person:detail",
    "party.employer": "person:detail",
    "party.job_title": "person:detail",
    "inspection.place": "person:address",
    "inspection.onsite_person": "name",
    "inspection.onsite_person_phone": "phone",
    "onsite.place": "person:address",
    "deliveries[].place": "person:address",
    "deliveries[].recipient": "names",
    "interviews[].present": "names",
    "statement.agent": "names",
    "hearing.attendees": "names",
    "hearing.record[].speaker": "names",
    "transfer.suspect": "names",
    "preservation.place": "person:address",
    **{f"{who}.{k}": kind for who in ("interviews[].interviewee", "statement.speaker")
       for k, kind in (("name", "name"), ("sex", "detail"), ("id_number", "id"), ("age", "detail"),
                       ("employer", "detail"), ("job_title", "detail"), ("address", "address"), ("phone", "phone"))},
}

# narrative text: kept, with every personal value found in it masked
TEXT: frozenset[str] = frozenset({
    "title", "cause", "summary", "inspection.situation", "inspection.hazards[].description",
    "rectification.measures", "rectification.recheck_opinion",
    "violations[].name", "violations[].fact", "violations[].law_choice", "violations[].circumstances[]",
    "violations[].discretion_reason", "violations[].confiscation", "violations[].other_penalties[]",
    "violations[].other_measures[]", "violations[].level",
    "evidence[].name", "evidence[].description", "interviews[].place", "interviews[].qa[].q", "interviews[].qa[].a",
    "statement.place", "statement.content", "statement.review", "hearing.summary", "review.opinion",
    "review.discussion_conclusion", "filing_approval.handler_opinion", "filing_approval.check_opinion",
    "filing_approval.approve_opinion", "transfer.reason", "transfer.materials[].name", "closing.result",
    "closing.execution", "closing.approval.handler_opinion", "closing.approval.check_opinion",
    "closing.approval.approve_opinion", "party.name", "party.legal_rep_title", "inspection.onsite_person_title",
    "hearing.place", "hearing.record[].text", "hearing.opinion", "transfer.crime",
    *(f"{m}.items[].{k}" for m in ("transfer", "seizure", "preservation") for k in ("name", "spec", "quantity",
                                                                                    "place", "note")),
    "seizure.reason", "seizure.custody", "seizure.extension_reason", "seizure.outcome_reason",
    "preservation.reason", "preservation.outcome", "deferral.reason", "enforcement.statement",
    "enforcement.statement_review", "revocation.reason", "revocation.approval.handler_opinion",
    "leniency.correction", "leniency.no_fault_evidence", "leniency.education", "leniency.place",
    "revocation.approval.check_opinion", "revocation.approval.approve_opinion",
})

# published as they are: the unit and its officers and staff (in office), identifiers of the case and its
# documents, statute references, dates, amounts, flags, the collecting authority's payment details
PUBLIC: frozenset[str] = frozenset({
    "id", "schema_version", "status", "numbers", "source", "procedure", "party.kind", "party.credit_code",
    *(f"unit.{k}" for k in ("name", "short_name", "number_format", "address", "postcode", "contact", "phone", "location",
                            "review_authority", "court", "hearing_threshold_org", "hearing_threshold_person",
                            "statement_days", "benchmarks[]")),
    "officers[].name", "officers[].cert_no", "review.reviewer", "filing_approval.checker", "filing_approval.approver",
    "closing.approval.checker", "closing.approval.approver", "revocation.approval.checker",
    "revocation.approval.approver", "hearing.host", "hearing.recorder", "transfer.approver", "seizure.approver",
    "seizure.extension_approver", "preservation.approver", "deferral.approver", "enforcement.signer",
    "enforcement.court", "major", "hearing.start", "hearing.end", "hearing.public", "transfer.crime_basis[]",
    "seizure.measure", "seizure.basis[]", "seizure.days", "seizure.test_days", "seizure.extension_days",
    "seizure.outcome", "seizure.outcome_basis[]", "deferral.kind", "deferral.until", "deferral.applied_on",
    "deferral.installments[].date",
    "deferral.installments[].amount", "enforcement.surcharge_until", "enforcement.suspended_days",
    "inspection.start", "inspection.end", "inspection.hazards[].major", "inspection.hazards[].immediate",
    "rectification.deadline", "rectification.recheck_passed",
    "violations[].violated[]", "violations[].basis[]", "violations[].date", "violations[].date_end",
    "violations[].catalogue_id", "violations[].warning", "violations[].fine",
    "evidence[].pages", "interviews[].start", "interviews[].end", "interviews[].number", "interviews[].recorder",
    "statement.made", "statement.waived", "statement.start", "statement.end", "statement.adopted",
    "hearing.notified", "hearing.requested", "hearing.waived", "review.approved", "review.discussed",
    "transfer.kind", "transfer.receiver", "transfer.materials[].copies", "transfer.materials[].pages",
    "deliveries[].document", "deliveries[].date", "deliveries[].method",
    "payment.bank", "payment.account_name", "payment.account", "payment.paid_on", "payment.receipt_no",
    "onsite.time", "onsite.collected", "onsite.receipt_no", "credit.level",
    *(f"leniency.{k}" for k in ("decided", "ground", "entry", "first", "harm", "corrected", "corrected_on",
                                "conditions_met", "excluded")),
    *(f"dates.{f.name}" for f in dataclasses.fields(Dates)),
})

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "令狐", "夏侯", "轩辕", "端木", "南宫", "独孤", "申屠", "太史")
# the most common surnames, for spotting a name in the facts that no field of the case holds
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
               "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
               "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
               "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
               "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲"
               "虞敖巩明佘池查麻苑迟邝")
ROLE_WORDS = ("员工", "职工", "工人", "作业人员", "从业人员", "焊工", "电工", "司机", "驾驶员", "操作工", "操作人员",
              "证人", "安全员", "安全管理员", "班组长", "班长", "组长", "车间主任", "主任", "经理", "厂长", "负责人",
              "店主", "业主", "租户", "承租人", "实际控制人", "股东", "监护人", "死者", "伤者")
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE_RE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)(?!\d)")
_CJK = r"[\u4e00-\u9fff]"
_HINT_RE = re.compile(rf"(?:{'|'.join(sorted(ROLE_WORDS, key=len, reverse=True))})[：:]?((?:{_CJK}{{2,3}})(?:[、和及与]{_CJK}{{2,3}})*)")
_SPLIT_RE = re.compile(r"[、，,；;/\s和及与]+")


def mask_name(name: str) -> str:
    """陈立新 → 陈某某, 孙丽 → 孙某, 欧阳明 → 欧阳某: the surname and one 某 per other character."""
    name = name.strip()
    if not name:
        return name
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[0])
    return surname + "某" * max(1, len(name) - len(surname))


def names_in(text: str) -> list[str]:
    """The names in a field of names: 孙丽（该公司安全管理员）、钱永福 → [孙丽, 钱永福]."""
    text = re.sub(r"（[^）]*）|\([^)]*\)", " ", text or "")
    # a person's name has two to four characters: a firm named in such a field (犯罪嫌疑人 may be the party) stays
    return [p for p in _SPLIT_RE.split(text) if 2 <= len(p) <= 4 and re.fullmatch(rf"{_CJK}+", p)]


# ------------------------------------------------------------------------------------------------ fields

def _values(obj, parts: list[str]) -> Iterator[tuple[object, str]]:
    """(owner, attribute) of every place the path reaches (lists expanded, absent parts skipped)."""
    if obj is None or not parts:
        return
    head, rest = parts[0], parts[1:]
    many = head.endswith("[]")
    name = head.removesuffix("[]")
    value = getattr(obj, name, None)
    if not rest:
        if many:
            for i in range(len(value or [])):
                yield value, i  # type: ignore[misc]
        else:
            yield obj, name
        return
    for item in (value or []) if many else [value]:
        yield from _values(item, rest)


def _get(owner, key):
    return owner[key] if isinstance(owner, list) else getattr(owner, key)


def _set(owner, key, value) -> None:
    if isinstance(owner, list):
        owner[key] = value
    else:
        setattr(owner, key, value)


def personal_fields(case: Case) -> Iterator[tuple[str, str, object, object]]:
    """(path, kind, owner, key) of every personal field that applies to this case (person: kinds only when the
    party is a natural person)."""
    for path, kind in PERSONAL.items():
        if kind.startswith("person:"):
            if case.is_org:
                continue
            kind = kind.removeprefix("person:")
        for owner, key in _values(case, path.split(".")):
            yield path, kind, owner, key


def _masked(kind: str, value):
    if value in (None, ""):
        return value
    if kind == "name":
        return mask_name(str(value))
    if kind == "names":
        out = str(value)
        for n in names_in(out):
            out = out.replace(n, mask_name(n))
        return out
    if isinstance(value, int):
        return None
    return HIDDEN


def replacements(case: Case, extra_names: Iterable[str] = ()) -> dict[str, str]:
    """Every name, number and address the case's personal fields hold (and each extra name) → what the public
    version prints instead."""
    out: dict[str, str] = {}
    for _path, kind, owner, key in personal_fields(case):
        value = _get(owner, key)
        # sex, employer and job identify nobody on their own (the employer is often the party itself): they are
        # hidden where a field prints them, not searched for in the text
        if kind == "detail" or not isinstance(value, str) or len(value.strip()) < 2:
            continue
        if kind in ("name", "names"):
            for n in names_in(value) if kind == "names" else [value.strip()]:
                out[n] = mask_name(n)
        else:
            out[value.strip()] = HIDDEN
    for n in extra_names:
        if len(n.strip()) >= 2:
            out[n.strip()] = mask_name(n.strip())
    return out


def mask_case(case: Case) -> Case:
    """A copy of the case with every personal field masked (the documents rendered from it print no personal
    value from a field; `mask_text` then cleans the free text)."""
    out = copy.deepcopy(case)
    for _path, kind, owner, key in personal_fields(out):
        _set(owner, key, _masked(kind, _get(owner, key)))
    return out


def mask_text(text: str, table: dict[str, str]) -> str:
    """Personal values (longest first, so 陈立新 goes before 陈立), then ID and phone numbers by their shape."""
    if not text:
        return text
    if table:
        pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
        text = pattern.sub(lambda m: table[m.group(0)], text)
    text = _ID_RE.sub(HIDDEN, text)
    return _PHONE_RE.sub(HIDDEN, text)


def mask_doc(doc: RenderedDoc, table: dict[str, str]) -> RenderedDoc:
    """The rendered document with every paragraph and table cell passed through mask_text."""
    def m(s: str) -> str:
        return mask_text(s, table)
    blocks: list = []
    for b in doc.blocks:
        if isinstance(b, Para):
            blocks.append(dataclasses.replace(b, text=m(b.text)))
        else:
            blocks.append(Table([[m(c) for c in r] for r in b.rows], [m(c) for c in b.columns] if b.columns else None,
                                b.widths, b.role))
    return dataclasses.replace(doc, blocks=blocks)


def name_hints(lines: Iterable[str], known: Callable[[str], bool]) -> list[str]:
    """Words after 员工/工人/证人… that look like a person's name (a common surname and one or two characters) and
    that nothing masked: the officer checks each and adds the real names to be masked."""
    out: list[str] = []
    for line in lines:
        for m in _HINT_RE.finditer(line):
            for cand in re.split(r"[、和及与]", m.group(1)):
                if cand[0] in SURNAMES and "某" not in cand and not known(cand) and cand not in out:
                    out.append(cand)
    return out
