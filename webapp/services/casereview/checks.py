"""Checks of a case file as a whole, each a pure function of the file (and, for required documents, the form
set). What one document must hold is the drafting validator's job (webapp/services/drafting/validate.py); the
review runs it over every document of the file (review.py) and adds what only the whole file shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from webapp.services.drafting import cnformat as cf
from webapp.services.drafting.issue_names import issue_name

from .model import CaseFile, Finding

XZCF = "行政处罚法"


def required_documents(cf_: CaseFile, forms: Iterable, applicable: Callable, instances: Callable) -> list[Finding]:
    """Every document the case's record calls for (the forms `Drafter.applicable` lists) is in the file."""
    out = []
    for spec in forms:
        if not applicable(cf_.case, spec):
            continue
        for idx in instances(cf_.case, spec):
            item = 0 if idx is None else idx + 1
            if cf_.document(spec.id, item) is None:
                which = f"（第{item}份）" if item else ""
                out.append(Finding("file.document_missing", "fault", f"案卷缺少{spec.full_title}{which}",
                                   form=spec.id))
    return out


def filing_approved(cf_: CaseFile) -> list[Finding]:
    """A general-procedure case is filed on an approved 立案审批表 (行政处罚法第五十四条第二款)."""
    c = cf_.case
    if c.procedure != "普通程序":
        return []
    if not c.dates.filing:
        return [Finding("file.filing_not_approved", "fault", "未记录立案日期（普通程序案件应当立案）",
                        f"{XZCF}/54/2", "filing_approval", "dates.filing")]
    a = c.filing_approval
    if not (a.approve_opinion.strip() and a.approver.strip()):
        return [Finding("file.filing_not_approved", "fault", "立案审批表没有审批意见或审批人",
                        f"{XZCF}/54/2", "filing_approval", "filing_approval.approve_opinion")]
    return []


def investigation_after_filing(cf_: CaseFile) -> list[Finding]:
    """询问 (an investigation act) dated before the case was filed: 先调查后立案."""
    c = cf_.case
    filed = cf.to_date(c.dates.filing) if c.dates.filing else None
    if filed is None:
        return []
    out = []
    for i, it in enumerate(c.interviews, 1):
        day = cf.to_date(it.start) if it.start else None
        if day and day < filed:
            out.append(Finding("file.investigation_before_filing", "fault",
                               f"第{i}份询问笔录（{cf.cn_date(it.start[:10])}）早于立案日期（{cf.cn_date(c.dates.filing)}）",
                               f"{XZCF}/54/2", "interview_record", f"interviews[{i - 1}].start"))
    return out


def collective_discussion(cf_: CaseFile) -> list[Finding]:
    """行政处罚法第五十七条第二款: 情节复杂或者重大违法行为 are decided collectively. The unit's 较大数额 (the
    thresholds its 听证 settings hold) marks a major case; a case that went to a hearing is one too."""
    c = cf_.case
    if not c.dates.decision or c.procedure != "普通程序" or c.review.discussed:
        return []
    threshold = c.unit.hearing_threshold_org if c.is_org else c.unit.hearing_threshold_person
    fine = c.total_fine
    if c.hearing.requested:
        why = "经过听证"
    elif threshold and fine >= threshold:
        why = f"罚款{cf.amount_short(fine)}元，达到本机关较大数额标准（{cf.amount_short(threshold)}元）"
    else:
        return []
    return [Finding("file.collective_missing", "fault", f"{why}，未记录负责人集体讨论", f"{XZCF}/57/2",
                    "case_approval", "review.discussed")]


def closing_recorded(cf_: CaseFile) -> list[Finding]:
    c = cf_.case
    if cf_.status != "closed" or c.dates.closing:
        return []
    return [Finding("file.closing_missing", "fault", "案件已归档，但未记录结案日期和结案审批", "", "closing_approval",
                    "dates.closing")]


def confirmed_warnings(cf_: CaseFile, titles: dict[str, str]) -> list[Finding]:
    """Warnings an officer confirmed away when generating a document: the reviewer looks at each."""
    out = []
    for d in cf_.documents:
        if d.confirmed:
            names = "、".join(dict.fromkeys(issue_name(code) for code in d.confirmed))
            out.append(Finding("file.warnings_confirmed", "warning",
                               f"生成{titles.get(d.form, d.form)}时确认了警告：{names}", "", d.form))
    return out


def publication_in_time(cf_: CaseFile, today: dt.date | None = None) -> list[Finding]:
    """安全生产法第七十八条第二款: a decision against a firm is published within seven working days (on the national
    holiday calendar; a unit's own arrangements are not known to a file read alone). A closed file with no
    publication recorded fails; a decision still within its period does not yet."""
    from webapp.services.errors import ServiceError
    from webapp.services.publication import deadline as dl
    from webapp.services.workdays import load_calendar
    c = cf_.case
    if cf_.status not in ("issued", "closed") or not c.dates.decision or not dl.required(c):
        return []
    try:
        last = dl.deadline(c, load_calendar())
    except ServiceError as exc:
        return [Finding("file.publication_late", "warning", f"无法核对公示期限：{exc.message}", dl.RULE, "", "dates.decision")]
    where = f"决定日期{cf.cn_date(c.dates.decision)}，公示期限{cf.cn_date(last.isoformat())}"
    if cf_.published_on:
        if dt.date.fromisoformat(cf_.published_on) > last:
            return [Finding("file.publication_late", "fault", f"处罚决定于{cf.cn_date(cf_.published_on)}公示，"
                                                                f"超过决定后七个工作日（{where}）", dl.RULE)]
        return []
    if cf_.status == "closed" or (today or dt.date.today()) > last:
        return [Finding("file.publication_late", "fault", f"处罚决定未登记公示（{where}）", dl.RULE)]
    return []


FILE_CHECKS: tuple[Callable[[CaseFile], list[Finding]], ...] = (
    filing_approved, investigation_after_filing, collective_discussion, closing_recorded, publication_in_time)
