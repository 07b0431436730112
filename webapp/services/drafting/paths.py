"""Procedure paths (issue 15): the case's procedure — 简易, 普通 or 重大 — and its measures decide which documents the
case file must hold and in which order.

`path_of(case)` names the path. `steps(case)` lists, in the procedure's order, every document the case has reached
the point of needing, each with the reason and the provision that requires it: a document is required once the
step that depends on it has been taken (the 告知书 once a decision is made, the 法制审核意见书 once a major case is
decided, the 处理决定书 once a seizure's period has run or the case is closed …). `missing(case, applicable)`
are the required ones the case's data cannot yet produce (shown on the case page as what the file still lacks,
and warned about when the case file is generated). `order_key(case, spec, date)` sorts the case file: by date,
the procedure's order breaking ties (a 现场检查记录 before the 查封扣押决定书 of the same day), so the 卷内目录
follows the procedure as it happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Case

XZCF, XZQZ = "行政处罚法", "行政强制法"


def is_major(case: Case) -> bool:
    """重大案件: the officer's mark, else the unit's 较大数额 or a heavy penalty kind (the 听证 scope of 行政处罚法
    第六十三条, which the unit's thresholds also use for 集体讨论 and 法制审核: 第五十七条第二款, 第五十八条)."""
    from .context import needs_hearing
    if case.major is not None:
        return case.major
    return case.procedure == "普通程序" and bool(case.violations) and needs_hearing(case)


def path_of(case: Case) -> str:
    """简易 / 普通 / 重大."""
    if case.procedure == "简易程序":
        return "简易"
    return "重大" if is_major(case) else "普通"


PATH_LABELS = {"简易": "简易程序", "普通": "普通程序", "重大": "普通程序（重大案件）"}


@dataclass(frozen=True)
class Step:
    form: str
    why: str               # 作出行政处罚决定前应当告知
    basis: str = ""        # canonical reference of the provision, "" when the form is the office's own record
    paths: tuple[str, ...] = ("普通", "重大")
    when: Callable[[Case], bool] = lambda c: True


def _decided(c: Case) -> bool:
    return bool(c.dates.decision)


def _penalised(c: Case) -> bool:
    return c.revocation is None and bool(c.violations) and not c.not_penalised


def _not_penalised(c: Case) -> bool:
    return c.revocation is None and bool(c.violations) and c.not_penalised and _decided(c)


def _seizure_done(c: Case) -> bool:
    """The 处理决定 is due once the case is decided or closed, or the outcome is recorded."""
    s = c.seizure
    return s is not None and bool(s.outcome or c.dates.decision or c.dates.closing)


def _served(c: Case) -> bool:
    return bool(c.dates.service) and (_penalised(c) or c.not_penalised)


ALL = ("简易", "普通", "重大")

# The procedure's order: every form of the set once. A step applies on the paths it names and when its case test
# holds; `why` says why the file must have it.
STEPS: tuple[Step, ...] = (
    Step("inspection_record", "现场检查应当制作笔录", f"{XZCF}/55/2", ALL, lambda c: c.inspection is not None),
    Step("rectification_order", "检查发现的事故隐患责令限期整改", "安全生产法/65/1/3", ALL,
         lambda c: c.rectification is not None and bool(c.inspection and c.inspection.hazards)),
    Step("seizure_decision", "查封、扣押应当制作并当场交付决定书和清单", f"{XZQZ}/24/1", ALL, lambda c: c.seizure is not None),
    Step("seizure_extension", "延长查封、扣押期限应当书面告知当事人", f"{XZQZ}/25/2", ALL,
         lambda c: c.seizure is not None and c.seizure.extension_days > 0),
    Step("preservation_notice", "先行登记保存证据须经负责人批准并通知当事人", f"{XZCF}/56", ALL,
         lambda c: c.preservation is not None),
    Step("preservation_outcome", "先行登记保存后七日内作出处理决定", f"{XZCF}/56", ALL,
         lambda c: c.preservation is not None and bool(c.preservation.outcome or c.dates.decision or c.dates.filing)),
    Step("filing_approval", "符合立案标准的，应当及时立案", f"{XZCF}/54/2", ("普通", "重大"),
         lambda c: bool(c.dates.filing or c.dates.notice or c.dates.decision or c.revocation or c.transfer)),
    Step("interview_record", "询问应当制作笔录", f"{XZCF}/55/2", ALL, lambda c: bool(c.interviews)),
    Step("revocation_approval", "撤销立案须经负责人审批", "", ("普通", "重大"), lambda c: c.revocation is not None),
    Step("transfer_letter", "不属于本机关处理的问题移送其他有关部门", "安全生产法/69", ALL,
         lambda c: c.transfer is not None and c.transfer.kind == "管辖"),
    Step("criminal_transfer", "违法行为涉嫌犯罪的，应当及时移送司法机关", f"{XZCF}/27/1", ("普通", "重大"),
         lambda c: c.transfer is not None and c.transfer.kind == "犯罪"),
    Step("recheck_opinion", "责令整改的，应当复查", "", ALL, lambda c: bool(c.dates.recheck)),
    Step("penalty_notice", "作出行政处罚决定前，应当告知拟作出的行政处罚内容及事实、理由、依据和权利", f"{XZCF}/44",
         ("普通", "重大"), lambda c: _decided(c) and _penalised(c)),
    Step("hearing_notice", "拟作出较大数额罚款等处罚的，应当告知当事人有要求听证的权利", f"{XZCF}/63/1", ("重大", "普通"),
         lambda c: _decided(c) and _penalised(c) and _needs_hearing(c)),
    Step("statement_record", "当事人陈述、申辩的，应当记录、复核", f"{XZCF}/45/1", ("普通", "重大"),
         lambda c: c.statement.made),
    Step("hearing_meeting_notice", "举行听证的七日前通知当事人听证的时间、地点", f"{XZCF}/64/1/2", ("普通", "重大"),
         lambda c: c.hearing.requested and bool(c.dates.hearing)),
    Step("hearing_record", "听证应当制作笔录", f"{XZCF}/64/1/8", ("普通", "重大"),
         lambda c: c.hearing.requested and bool(c.dates.hearing)),
    Step("hearing_report", "听证结束后根据听证笔录作出决定", f"{XZCF}/65", ("普通", "重大"),
         lambda c: c.hearing.requested and bool(c.dates.hearing) and _decided(c)),
    Step("case_approval", "调查终结，行政机关负责人应当对调查结果进行审查", f"{XZCF}/57/1", ("普通", "重大"),
         lambda c: _decided(c) and (_penalised(c) or _not_penalised(c))),
    Step("education_record", "依法不予行政处罚的，应当对当事人进行教育", f"{XZCF}/33/3", ("普通", "重大"), _not_penalised),
    Step("not_penalise_decision", "违法行为轻微，依法可以不予行政处罚的，不予行政处罚", f"{XZCF}/57/1/2", ("普通", "重大"),
         _not_penalised),
    Step("legal_review", "重大执法决定作出前应当进行法制审核", f"{XZCF}/58/1", ("重大",),
         lambda c: _decided(c) and _penalised(c)),
    Step("onsite_decision", "当场作出行政处罚决定的，应当填写预定格式、编有号码的行政处罚决定书", f"{XZCF}/52/1", ("简易",),
         lambda c: bool(c.violations)),
    Step("decision_org", "普通程序作出行政处罚决定，应当制作行政处罚决定书", f"{XZCF}/59/1", ("普通", "重大"),
         lambda c: _penalised(c) and c.is_org and bool(c.dates.decision or c.dates.closing)),
    Step("decision_person", "普通程序作出行政处罚决定，应当制作行政处罚决定书", f"{XZCF}/59/1", ("普通", "重大"),
         lambda c: _penalised(c) and not c.is_org and bool(c.dates.decision or c.dates.closing)),
    Step("seizure_outcome", "查封、扣押期限内应当作出处理决定", f"{XZQZ}/27", ALL, _seizure_done),
    Step("service_receipt", "行政处罚决定书应当送达当事人", f"{XZCF}/61/1", ALL, _served),
    Step("deferral_approval", "暂缓或者分期缴纳罚款须经行政机关批准", f"{XZCF}/66/2", ALL, lambda c: c.deferral is not None),
    Step("surcharge_decision", "加处罚款的标准应当告知当事人", f"{XZQZ}/45/1", ALL, lambda c: bool(c.dates.surcharge)),
    Step("enforcement_reminder", "申请人民法院强制执行前，应当催告当事人履行义务", f"{XZQZ}/54", ALL,
         lambda c: bool(c.dates.enforcement or c.dates.reminder)),
    Step("enforcement_application", "申请人民法院强制执行应当提供强制执行申请书", f"{XZQZ}/55/1", ALL,
         lambda c: bool(c.dates.enforcement)),
    Step("closing_approval", "案件办结应当结案", "", ALL, lambda c: bool(c.dates.closing) or c.status == "closed"),
)
ORDER = {s.form: i for i, s in enumerate(STEPS)}


def _needs_hearing(c: Case) -> bool:
    from .context import needs_hearing
    return needs_hearing(c)


def steps(case: Case) -> list[Step]:
    """The documents the case has reached the point of needing, in the procedure's order."""
    path = path_of(case)
    return [s for s in STEPS if path in s.paths and s.when(case)]


def missing(case: Case, has: Callable[[str], bool]) -> list[Step]:
    """The required steps whose document the case's data cannot produce (`has(form_id)`: Drafter.applicable)."""
    return [s for s in steps(case) if not has(s.form)]


def order_key(spec_id: str, spec_order: int, date: str) -> tuple:
    """Case-file order: by date, the procedure's order breaking ties; undated documents after the dated ones."""
    return (date or "9999-99-99", ORDER.get(spec_id, len(ORDER)), spec_order)


def describe(step: Step, case: Case, title: str) -> str:
    from .deadlines import cite
    label = PATH_LABELS[path_of(case)]
    basis = f"（{cite(step.basis)}）" if step.basis else ""
    return f"按{label}，案卷应有{title}：{step.why}{basis}"

