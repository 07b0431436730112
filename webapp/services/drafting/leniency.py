"""不予行政处罚 on a case (issue 14.1): the lenient-list entries for its violations where the unit enforces, each
assessed against the case's facts (indexer.handbook.lenient), and the case-level findings validation reports:
a qualifying case with a penalty proposed, a 不予处罚 decision the facts do not support, or one without the
education 第三十三条第三款 requires.

No database here: the caller may pass the unit's earlier decisions against the same firm (`prior`), which decide
初次违法 when the officer has not stated it and contradict a stated first violation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from indexer.config import CORPUS_DIR
from indexer.handbook.lenient import Assessment, LenientEntry, LenientFacts, assess, lenient_lists
from indexer.jurisdiction import Jurisdiction, JurisdictionError

from ..workdays import months_later
from .deadlines import Finding
from .model import Case

XZCF = "行政处罚法"
NOT_PENALISE = f"{XZCF}/57/1/2"       # 违法行为轻微，依法可以不予行政处罚的，不予行政处罚
FIRST_MINOR = f"{XZCF}/33/1"
NO_FAULT = f"{XZCF}/33/2"
EDUCATION = f"{XZCF}/33/3"
CORRECTION = f"{XZCF}/28/1"
DEFAULT_PERIOD_YEARS = 3              # 首违 where a list sets no period: the lists found use 三年 (杭州, 江苏)
GROUND_KIND = {"轻微不罚": "不予处罚", "首违不罚": "可以不予处罚"}


@dataclass(frozen=True)
class Prior:
    """An earlier decision of the unit against the same firm (any outcome: a 首违不罚 used is a violation found)."""
    case_key: str
    decided: str
    number: str = ""


@dataclass
class CaseLeniency:
    facts: LenientFacts
    assessments: list[tuple[int, Assessment]]        # (violation index from 1, assessment)
    prior: list[Prior] = field(default_factory=list)
    period_years: int = DEFAULT_PERIOD_YEARS

    @property
    def qualifying(self) -> list[tuple[int, Assessment]]:
        return [(i, a) for i, a in self.assessments if a.qualifies]

    def entry_for(self, i: int) -> LenientEntry | None:
        """The entry the case applies to violation i: the qualifying one, else the first listed."""
        got = [a for j, a in self.assessments if j == i]
        ok = [a for a in got if a.qualifies]
        return (ok or got)[0].entry if got else None

    def to_dict(self) -> dict:
        return {"facts": self.facts.__dict__, "period_years": self.period_years,
                "prior": [p.__dict__ for p in self.prior],
                "assessments": [{"violation": i, **a.to_dict()} for i, a in self.assessments]}


def place_of(case: Case) -> Jurisdiction | None:
    try:
        return Jurisdiction.parse(case.unit.location)
    except JurisdictionError:
        return None


def act_date(case: Case) -> dt.date:
    """The lists of the act's date apply (substance follows the act's date, 从旧兼从轻 aside)."""
    dates = [v.act_date for v in case.violations if v.act_date]
    try:
        return dt.date.fromisoformat(min(dates)) if dates else dt.date.fromisoformat(case.dates.decision or "")
    except ValueError:
        return dt.date.today()


def facts_of(case: Case, prior: list[Prior] | None = None, period_years: int = DEFAULT_PERIOD_YEARS) -> LenientFacts:
    """The case's stated facts; the unit's records, when given, override 初次违法 only to say no: an earlier
    decision in the period is a violation found, while no record here does not prove none elsewhere."""
    le = case.leniency
    first = le.first if le is not None else None
    if prior is not None and _recent(prior, act_date(case), period_years):
        first = False
    if le is None:
        return LenientFacts(first=first)
    return LenientFacts(first=first, harm=le.harm, corrected=le.corrected, conditions_met=le.conditions_met,
                        excluded=le.excluded)


def _recent(prior: list[Prior], on: dt.date, years: int) -> list[Prior]:
    since = months_later(on, -12 * years)
    return [p for p in prior if since.isoformat() <= p.decided <= on.isoformat()]


def assess_case(case: Case, prior: list[Prior] | None = None, corpus: Path = CORPUS_DIR) -> CaseLeniency:
    lists = lenient_lists(corpus)
    on, where = act_date(case), place_of(case)
    chosen = lists.get(case.leniency.entry) if case.leniency is not None and case.leniency.entry else None
    per: list[tuple[int, list[LenientEntry]]] = []
    for i, v in enumerate(case.violations, 1):
        entries = lists.for_violation(v.catalogue_id, on, where) if v.catalogue_id else []
        if chosen is not None and (chosen.id not in {e.id for e in entries}) and (
                not v.catalogue_id or v.catalogue_id in chosen.handbook):
            entries = [chosen, *entries]
        per.append((i, entries))
    period = next((e.list.first_period_years for _i, es in per for e in es if e.list.first_period_years),
                  DEFAULT_PERIOD_YEARS)
    facts = facts_of(case, prior, period)
    return CaseLeniency(facts, [(i, assess(e, facts)) for i, es in per for e in es],
                        _recent(prior or [], on, period), period)


# ------------------------------------------------------------------------------------------------ findings


def _penalised(case: Case) -> list[int]:
    return [i for i, v in enumerate(case.violations, 1) if v.penalised]


def findings(case: Case, cl: CaseLeniency) -> list[Finding]:
    """What validation reports about leniency, for any document of the case."""
    out: list[Finding] = []
    le = case.leniency
    decided = case.not_penalised
    if not decided:
        penalised = _penalised(case)
        for i, a in cl.qualifying:
            if i in penalised:
                verb = "应当" if a.entry.kind == "不予处罚" else "可以"
                out.append(Finding("warning", "lenient.qualifies",
                                   f"第{i}项违法行为属于{a.entry.cited}所列情形，且{'、'.join(a.met)}，{verb}不予行政处罚；"
                                   f"仍拟给予处罚的，请在裁量理由中说明理由", FIRST_MINOR, f"violations[{i - 1}].fine"))
        return out
    assert le is not None
    for i in _penalised(case):
        out.append(Finding("error", "lenient.penalty", f"已决定不予行政处罚，第{i}项违法行为却有处罚内容（警告、罚款等）",
                           NOT_PENALISE, f"violations[{i - 1}].fine"))
    if not le.ground:
        out.append(Finding("error", "lenient.ground", "请选择不予行政处罚的理由（轻微不罚、首违不罚或无主观过错）",
                           FIRST_MINOR, "leniency.ground"))
    elif le.ground == "无主观过错":
        if not le.no_fault_evidence.strip():
            out.append(Finding("error", "lenient.no_fault", "以没有主观过错不予处罚的，应写明当事人足以证明没有主观过错的证据",
                               NO_FAULT, "leniency.no_fault_evidence"))
    else:
        out += _legal_conditions(case, cl, GROUND_KIND[le.ground])
    if le.ground != "无主观过错" and le.corrected and not le.correction.strip():
        out.append(Finding("warning", "lenient.correction", "请写明当事人改正违法行为的情况", CORRECTION,
                           "leniency.correction"))
    if not le.education.strip():
        out.append(Finding("error", "lenient.education", "依法不予行政处罚的，应当对当事人进行教育：请写明教育的内容",
                           EDUCATION, "leniency.education"))
    return out


def _legal_conditions(case: Case, cl: CaseLeniency, kind: str) -> list[Finding]:
    """第三十三条第一款's conditions for the chosen ground, from the case's own facts; list conditions as
    warnings (the list is the office's policy, the article is the law)."""
    out: list[Finding] = []
    le = case.leniency
    assert le is not None
    f = cl.facts
    if kind == "可以不予处罚":
        if f.first is False:
            seen = "、".join(f"{p.case_key}（{p.decided}{('，' + p.number) if p.number else ''}）" for p in cl.prior)
            out.append(Finding("error", "lenient.not_first",
                               f"首违不罚以初次违法为条件，当事人在{cl.period_years}年内已有违法记录" + (f"：{seen}" if seen else ""),
                               FIRST_MINOR, "leniency.first"))
        elif f.first is None:
            out.append(Finding("error", "lenient.first", "首违不罚须核实当事人为初次违法", FIRST_MINOR, "leniency.first"))
        if f.harm == "造成危害后果":
            out.append(Finding("error", "lenient.harm", "首违不罚以危害后果轻微为条件，本案造成了危害后果", FIRST_MINOR,
                               "leniency.harm"))
    elif f.harm in ("危害后果轻微", "造成危害后果"):
        out.append(Finding("error", "lenient.harm", f"轻微不罚以没有造成危害后果为条件，本案{f.harm}"
                           + ("；初次违法且危害后果轻微的，可以按首违不罚处理" if f.harm == "危害后果轻微" else ""),
                           FIRST_MINOR, "leniency.harm"))
    if not f.harm:
        out.append(Finding("error", "lenient.harm_unknown", "请写明危害后果（没有造成危害后果、危害后果轻微）", FIRST_MINOR,
                           "leniency.harm"))
    if f.corrected is not True:
        out.append(Finding("error", "lenient.not_corrected", "不予处罚以及时改正为条件：请核实并记录当事人已改正", FIRST_MINOR,
                           "leniency.corrected"))
    for i, a in cl.assessments:
        if a.entry.kind == kind and a.failed and not any(x.qualifies for j, x in cl.assessments if j == i):
            out.append(Finding("warning", "lenient.list", f"第{i}项违法行为不符合{a.entry.cited}的条件：{'；'.join(a.failed)}",
                               FIRST_MINOR, "leniency.conditions_met"))
    return out


# ------------------------------------------------------------------------------------------------ documents

GROUND_TEXT = {"轻微不罚": "当事人的违法行为轻微并已及时改正，没有造成危害后果{clause}。",
               "首违不罚": "当事人系初次违法，且危害后果轻微并已及时改正{clause}。",
               "无主观过错": "当事人有证据足以证明没有主观过错。"}


def document_values(case: Case, cl: CaseLeniency, items: list[dict]) -> dict[str, object]:
    """The lenient.* values of the 不予行政处罚决定书 and the 责令改正和教育记录; on a case not penalised, the
    proposals and the penalty summary of the internal forms (案件处理呈批表 …) say so instead of a penalty.
    `items`: the context's violation items."""
    le = case.leniency
    ground = le.ground if le is not None else ""
    kind = GROUND_KIND.get(ground, "")
    cited = list(dict.fromkeys(a.entry.cited for _i, a in cl.qualifying if a.entry.kind == kind))
    if not cited and le is not None and le.entry:
        cited = [a.entry.cited for _i, a in cl.assessments if a.entry.id == le.entry]
    clause = f"，属于{'、'.join(cited)}所列情形" if cited and kind else ""
    # the order to correct is the sentence itself; other measures (停止使用 …) are named in brackets
    measures = "、".join(dict.fromkeys(m for v in case.violations for m in v.other_measures
                                       if m not in ("责令改正", "责令限期改正", "责令立即改正")))
    correction = le.correction.strip() if le is not None else ""
    if correction and not correction.endswith(("。", "！", "？")):
        correction += "。"
    values: dict[str, object] = {}
    if case.not_penalised:
        why = GROUND_TEXT.get(ground, "").format(clause=clause).removeprefix("当事人").rstrip("。")
        values["penalty.summary"] = "不予行政处罚"
        values["violations.proposals"] = "\n".join(
            f"第{it['no_cn']}项：违反了{it['violated']}的规定，依据{it['basis']}的规定应当予以处罚；" for it in items) + (
            f"\n鉴于当事人{why}，建议依照《中华人民共和国行政处罚法》第三十三条"
            f"{'第二款' if ground == '无主观过错' else '第一款'}、第五十七条第一款第（二）项的规定不予行政处罚，"
            f"责令改正违法行为并对当事人进行教育。")
    return values | {
        "lenient.minor": ground == "轻微不罚", "lenient.first": ground == "首违不罚",
        "lenient.no_fault": ground == "无主观过错", "lenient.list_clause": clause,
        "lenient.ground_text": GROUND_TEXT.get(ground, "").format(clause=clause),
        "lenient.no_fault_evidence": le.no_fault_evidence.strip().rstrip("。") if le is not None else "",
        "lenient.correction": correction, "lenient.has_correction": bool(correction),
        "lenient.correction_or_pending": correction or "待复查",
        "lenient.measures": f"（{measures}）" if measures else "",
        "lenient.education": le.education.strip() if le is not None else "",
        "lenient.place": le.place if le is not None else "",
    }
