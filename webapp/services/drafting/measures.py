"""Validation of the issue-15 forms: compulsory measures (查封、扣押), evidence (先行登记保存), hearings, carrying out
a fine (延期分期, 加处罚款, 催告, 申请强制执行), 撤销立案 and the transfer of a suspected crime. Each rule names the
provision it enforces; the periods themselves are deadlines.py's (validate.validate adds their findings).

`stage_rules(case, stage, ctx, out)` adds to `out` (validate._Out: error/warn with code, message, basis, field)."""

from __future__ import annotations

from . import cnformat as cf
from .model import Case

XZCF, XZQZ = "行政处罚法", "行政强制法"
YSGD = "行政执法机关移送涉嫌犯罪案件的规定"
STAGES = ("seizure", "seizure_extension", "seizure_outcome", "preservation", "preservation_outcome", "hearing_meeting",
          "hearing_record", "hearing_report", "deferral", "surcharge", "reminder", "enforcement", "revocation",
          "criminal_transfer")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _need(out, value, code: str, message: str, basis: str = "", field: str = "") -> None:
    if _blank(value):
        out.error(code, message, basis, field)


def _refs(out, ctx, path: str, label: str) -> None:
    for problem in getattr(ctx, "ref_problems", {}).get(path, []):
        out.error("citation.not_found", f"{label}{problem}", "", path)


def _remedy(case: Case, out, basis: str) -> None:
    if not case.unit.review_authority.strip():
        out.error("remedy.review", "缺少行政复议机关（申请行政复议的途径和期限）", basis, "unit.review_authority")
    if not case.unit.court.strip():
        out.error("remedy.court", "缺少行政诉讼管辖法院（提起行政诉讼的途径和期限）", basis, "unit.court")


def _investigators(case: Case) -> set[str]:
    return {o.name.strip() for o in case.officers if o.name.strip()}


def stage_rules(case: Case, stage: str, ctx, out) -> None:
    {
        "seizure": _seizure, "seizure_extension": _seizure_extension, "seizure_outcome": _seizure_outcome,
        "preservation": _preservation, "preservation_outcome": _preservation_outcome,
        "hearing_meeting": _hearing_meeting, "hearing_record": _hearing_record, "hearing_report": _hearing_report,
        "deferral": _deferral, "surcharge": _surcharge, "reminder": _reminder, "enforcement": _enforcement,
        "revocation": _revocation, "criminal_transfer": _criminal_transfer,
    }[stage](case, ctx, out)


# ------------------------------------------------------------------------------------------------ 查封、扣押

def _seizure(case: Case, ctx, out) -> None:
    s = case.seizure
    if s is None:
        out.error("seizure.missing", "缺少查封、扣押情况", f"{XZQZ}/24/2", "seizure")
        return
    _need(out, case.party.address, "seizure.address", "查封、扣押决定书应当载明当事人的地址", f"{XZQZ}/24/2/1", "party.address")
    _need(out, s.reason, "seizure.reason", "缺少查封、扣押的理由", f"{XZQZ}/24/2/2", "seizure.reason")
    _need(out, s.basis, "seizure.basis", "缺少查封、扣押的依据", f"{XZQZ}/24/2/2", "seizure.basis")
    _refs(out, ctx, "seizure.basis", "查封、扣押的依据")
    texts = getattr(ctx, "ref_texts", {}).get("seizure.basis", [])
    if s.basis and texts and not any("查封" in t or "扣押" in t for t in texts):
        out.warn("seizure.power", "所引依据中没有查封、扣押的规定；查封、扣押应当由法律、法规规定的行政机关实施，"
                                  "请引用授权的条文（如安全生产法第六十五条第一款第（四）项）", f"{XZQZ}/22", "seizure.basis")
    if not s.items:
        out.error("seizure.items", "缺少查封、扣押的场所、设施或者财物的名称、数量（清单）", f"{XZQZ}/24/2/3", "seizure.items")
    for i, it in enumerate(s.items, 1):
        if not it.quantity.strip():
            out.error("seizure.items", f"清单第{i}项“{it.name}”缺少数量", f"{XZQZ}/24/2/3", "seizure.items")
    _need(out, s.approver, "seizure.approval", "实施查封、扣押前须向行政机关负责人报告并经批准，未填写批准的负责人",
          f"{XZQZ}/18/1/1", "seizure.approver")
    _need(out, case.dates.seizure, "dates.seizure", "缺少查封、扣押日期", f"{XZQZ}/24/2/5", "dates.seizure")
    _remedy(case, out, f"{XZQZ}/24/2/4")


def _seizure_extension(case: Case, ctx, out) -> None:
    s = case.seizure
    if s is None or not s.extension_days:
        out.error("seizure.extension_missing", "本案没有延长查封、扣押期限（延长期限为空）", f"{XZQZ}/25/1",
                  "seizure.extension_days")
        return
    _need(out, s.extension_reason, "seizure.extension_reason", "延长查封、扣押期限应当说明理由", f"{XZQZ}/25/2",
          "seizure.extension_reason")
    if not case.numbers.get("seizure_decision"):
        out.warn("seizure.decision_number", "延长决定引用的查封扣押决定书还没有分配文书编号", "", "numbers")
    _remedy(case, out, f"{XZQZ}/8/1")


def _seizure_outcome(case: Case, ctx, out) -> None:
    s = case.seizure
    if s is None or not s.outcome:
        out.error("seizure.outcome", "缺少查封、扣押的处理结果（解除、没收或者销毁）", f"{XZQZ}/27", "seizure.outcome")
        return
    _need(out, s.outcome_reason, "seizure.outcome_reason", "缺少处理理由（查清的事实）", f"{XZQZ}/27",
          "seizure.outcome_reason")
    _need(out, case.dates.seizure_outcome, "dates.seizure_outcome", "缺少处理决定日期", f"{XZQZ}/27",
          "dates.seizure_outcome")
    if s.outcome in ("解除", "销毁"):
        _need(out, s.outcome_basis, "seizure.outcome_basis", f"缺少{s.outcome}的依据", f"{XZQZ}/27", "seizure.outcome_basis")
        _refs(out, ctx, "seizure.outcome_basis", "处理依据")
    if s.outcome == "没收":
        if not any(v.confiscation for v in case.violations):
            out.error("seizure.confiscation", "没收非法财物是行政处罚，须在行政处罚决定中作出（行政处罚法第九条第（二）项），"
                                              "本案的处罚中没有没收", f"{XZCF}/9/1/2", "violations")
        elif not case.dates.decision or (case.dates.seizure_outcome and case.dates.seizure_outcome < case.dates.decision):
            out.error("seizure.confiscation", "没收须依据已作出的行政处罚决定，处理决定日期不能早于决定日期", f"{XZCF}/9/1/2",
                      "dates.seizure_outcome")
    if not case.numbers.get("seizure_decision"):
        out.warn("seizure.decision_number", "处理决定书引用的查封扣押决定书还没有分配文书编号", "", "numbers")
    _remedy(case, out, f"{XZQZ}/8/1")


# ------------------------------------------------------------------------------------------------ 先行登记保存

def _preservation(case: Case, ctx, out) -> None:
    p = case.preservation
    if p is None:
        out.error("preservation.missing", "缺少先行登记保存证据情况", f"{XZCF}/56", "preservation")
        return
    _need(out, p.reason, "preservation.reason", "缺少先行登记保存的理由（证据可能灭失或者以后难以取得）", f"{XZCF}/56",
          "preservation.reason")
    _need(out, p.approver, "preservation.approval", "先行登记保存须经行政机关负责人批准，未填写批准的负责人", f"{XZCF}/56",
          "preservation.approver")
    if not p.items:
        out.error("preservation.items", "缺少先行登记保存的证据清单", f"{XZCF}/56", "preservation.items")
    _need(out, p.place, "preservation.place", "缺少保存地点", "", "preservation.place")
    _need(out, case.dates.preservation, "dates.preservation", "缺少先行登记保存日期", f"{XZCF}/56", "dates.preservation")


def _preservation_outcome(case: Case, ctx, out) -> None:
    p = case.preservation
    if p is None or not p.outcome.strip():
        out.error("preservation.outcome", "缺少先行登记保存证据的处理决定", f"{XZCF}/56", "preservation.outcome")
    _need(out, case.dates.preservation_outcome, "dates.preservation_outcome", "缺少处理决定日期", f"{XZCF}/56",
          "dates.preservation_outcome")
    if not case.numbers.get("preservation_notice"):
        out.warn("preservation.notice_number", "处理决定书引用的先行登记保存证据通知书还没有分配文书编号", "", "numbers")


# ------------------------------------------------------------------------------------------------ 听证

def _hearing_common(case: Case, out) -> None:
    h = case.hearing
    if not h.requested:
        out.error("hearing.not_requested", "当事人没有要求听证，不组织听证", f"{XZCF}/63/1", "hearing.requested")
    _need(out, case.dates.hearing, "dates.hearing", "缺少举行听证的日期", f"{XZCF}/64/1/2", "dates.hearing")
    _need(out, h.place, "hearing.place", "缺少听证地点", f"{XZCF}/64/1/2", "hearing.place")
    _need(out, h.host, "hearing.host", "缺少听证主持人", f"{XZCF}/64/1/4", "hearing.host")
    if h.host.strip() and h.host.strip() in _investigators(case):
        out.error("hearing.host_investigator", f"听证主持人{h.host}是本案调查人员；听证由行政机关指定的非本案调查人员主持",
                  f"{XZCF}/64/1/4", "hearing.host")
    if h.start and case.dates.hearing and h.start[:10] != case.dates.hearing:
        out.error("dates.order", "听证开始时间与听证日期不一致", "", "hearing.start")


def _hearing_meeting(case: Case, ctx, out) -> None:
    _hearing_common(case, out)
    _need(out, case.hearing.start, "hearing.start", "听证会通知书须载明听证的时间", f"{XZCF}/64/1/2", "hearing.start")
    _need(out, case.dates.hearing_notice, "dates.hearing_notice", "缺少听证会通知书日期", f"{XZCF}/64/1/2",
          "dates.hearing_notice")
    _need(out, case.dates.hearing_request, "dates.hearing_request", "缺少当事人申请听证的日期", f"{XZCF}/64/1/1",
          "dates.hearing_request")


def _hearing_record(case: Case, ctx, out) -> None:
    _hearing_common(case, out)
    h = case.hearing
    if not h.record:
        out.error("hearing.record", "听证应当制作笔录，笔录没有内容", f"{XZCF}/64/1/8", "hearing.record")
    _need(out, h.recorder, "hearing.recorder", "缺少听证记录员", f"{XZCF}/64/1/8", "hearing.recorder")
    _need(out, h.attendees, "hearing.attendees", "缺少出席听证的当事人或者委托代理人", f"{XZCF}/64/1/5", "hearing.attendees")


def _hearing_report(case: Case, ctx, out) -> None:
    _hearing_common(case, out)
    h = case.hearing
    _need(out, h.summary, "hearing.summary", "缺少当事人陈述、申辩和质证意见（听证情况）", f"{XZCF}/65", "hearing.summary")
    _need(out, h.opinion, "hearing.opinion", "缺少听证主持人的处理意见", f"{XZCF}/65", "hearing.opinion")
    _need(out, case.dates.hearing_report, "dates.hearing_report", "缺少听证会报告书日期", f"{XZCF}/65", "dates.hearing_report")


# ------------------------------------------------------------------------------------------------ 罚款的执行

def _decided_fine(case: Case, out) -> None:
    if case.total_fine <= 0:
        out.error("enforcement.no_fine", "本案没有罚款", f"{XZCF}/66/1", "violations")
    if not case.dates.decision:
        out.error("enforcement.no_decision", "本案尚未作出行政处罚决定", f"{XZCF}/66/1", "dates.decision")
    if not case.numbers.get("decision_org") and not case.numbers.get("decision_person"):
        out.warn("enforcement.decision_number", "所引用的行政处罚决定书还没有分配文书编号", "", "numbers")


def _unpaid(case: Case, out) -> None:
    _decided_fine(case, out)
    if case.payment and case.payment.paid_on:
        out.error("enforcement.paid", f"当事人已于{cf.cn_date(case.payment.paid_on)}缴纳罚款，不能加处罚款或者强制执行",
                  f"{XZCF}/72/1", "payment.paid_on")
    if not case.dates.service:
        out.error("enforcement.not_served", "行政处罚决定书尚未送达", f"{XZCF}/61/1", "dates.service")
    if case.payment is None or not case.payment.bank.strip() or not case.payment.account.strip():
        out.error("enforcement.payment", "缺少缴纳罚款的银行和账号（履行义务的方式）", f"{XZQZ}/35/1/3", "payment")


def _deferral(case: Case, ctx, out) -> None:
    _decided_fine(case, out)
    df = case.deferral
    if df is None:
        out.error("deferral.missing", "缺少延期（分期）缴纳罚款的申请和批准情况", f"{XZCF}/66/2", "deferral")
        return
    _need(out, df.reason, "deferral.reason", "缺少当事人申请的理由（确有经济困难）", f"{XZCF}/66/2", "deferral.reason")
    _need(out, df.applied_on, "deferral.applied_on", "缺少当事人申请的日期（暂缓或者分期缴纳须经当事人申请）", f"{XZCF}/66/2",
          "deferral.applied_on")
    _need(out, df.approver, "deferral.approval", "暂缓或者分期缴纳须经行政机关批准，未填写批准的负责人", f"{XZCF}/66/2",
          "deferral.approver")
    _need(out, case.dates.deferral, "dates.deferral", "缺少批准日期", f"{XZCF}/66/2", "dates.deferral")
    if df.kind == "延期":
        _need(out, df.until, "deferral.until", "缺少延期缴纳的期限", f"{XZCF}/66/2", "deferral.until")
    elif len(df.installments) < 2:
        out.error("deferral.installments", "分期缴纳至少分两期，请列明每期的期限和金额", f"{XZCF}/66/2", "deferral.installments")
    else:
        total = sum((x.amount for x in df.installments), case.total_fine * 0)
        if total != case.total_fine:
            out.error("deferral.installments", f"各期金额合计{cf.amount_short(total)}元，与罚款{cf.amount_short(case.total_fine)}元"
                                               "不符", f"{XZCF}/66/2", "deferral.installments")
        dates = [x.date for x in df.installments]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            out.error("deferral.installments", "各期缴纳期限应当依次在后", "", "deferral.installments")
    if df.applied_on and case.dates.decision and df.applied_on < case.dates.decision:
        out.error("dates.order", "申请日期早于行政处罚决定日期", "", "deferral.applied_on")
    if df.applied_on and case.dates.deferral and case.dates.deferral < df.applied_on:
        out.error("dates.order", "批准日期早于当事人申请的日期", "", "dates.deferral")
    if df.end and case.dates.deferral and df.end <= case.dates.deferral:
        out.error("dates.order", "延期（分期）缴纳的期限早于批准日期", "", "deferral.until")


def _surcharge(case: Case, ctx, out) -> None:
    _unpaid(case, out)
    _need(out, case.dates.surcharge, "dates.surcharge", "缺少加处罚款决定日期", f"{XZCF}/72/1/1", "dates.surcharge")
    _remedy(case, out, f"{XZQZ}/8/1")


def _reminder(case: Case, ctx, out) -> None:
    _unpaid(case, out)
    _need(out, case.dates.reminder, "dates.reminder", "缺少催告书日期", f"{XZQZ}/35", "dates.reminder")


def _enforcement(case: Case, ctx, out) -> None:
    _unpaid(case, out)
    d = case.dates
    if not (d.reminder_served or d.reminder):
        out.error("enforcement.no_reminder", "申请人民法院强制执行前，应当催告当事人履行义务；本案没有催告书",
                  f"{XZQZ}/54", "dates.reminder")
    _need(out, d.enforcement, "dates.enforcement", "缺少申请强制执行的日期", f"{XZQZ}/55/2", "dates.enforcement")
    e = case.enforcement
    _need(out, e.signer if e else "", "enforcement.signer", "强制执行申请书应当由行政机关负责人签名，未填写负责人",
          f"{XZQZ}/55/2", "enforcement.signer")
    if not ((e and e.court.strip()) or case.unit.court.strip()):
        out.error("enforcement.court", "缺少受理申请的人民法院（所在地有管辖权的人民法院）", f"{XZQZ}/54", "enforcement.court")
    if e and e.statement.strip() and not e.statement_review.strip():
        out.error("enforcement.statement_review", "当事人对催告提出了陈述、申辩，应当记录、复核", f"{XZQZ}/36",
                  "enforcement.statement_review")
    if not case.numbers.get("enforcement_reminder"):
        out.warn("enforcement.reminder_number", "申请书引用的行政强制执行事先催告书还没有分配文书编号", "", "numbers")


# ------------------------------------------------------------------------------------------------ 撤销立案、移送

def _revocation(case: Case, ctx, out) -> None:
    r = case.revocation
    if r is None:
        out.error("revocation.missing", "缺少撤销立案的理由和审批", "", "revocation")
        return
    _need(out, r.reason, "revocation.reason", "缺少撤销立案的理由", "", "revocation.reason")
    _need(out, case.dates.filing, "dates.filing", "本案没有立案，无须撤销立案", f"{XZCF}/54/2", "dates.filing")
    _need(out, case.dates.revocation, "dates.revocation", "缺少撤销立案日期", "", "dates.revocation")
    a = r.approval
    if not (a.approve_opinion.strip() and a.approver.strip()):
        out.error("revocation.approval", "撤销立案须经负责人审批，缺少审批意见或者审批人", "", "revocation.approval")
    if case.dates.decision:
        out.error("revocation.decided", "本案已作出行政处罚决定，不能撤销立案", "", "dates.decision")


def _criminal_transfer(case: Case, ctx, out) -> None:
    t = case.transfer
    if t is None or t.kind != "犯罪":
        out.error("transfer.missing", "本案没有涉嫌犯罪的移送（移送类型应为“犯罪”）", f"{XZCF}/27/1", "transfer.kind")
        return
    _need(out, t.receiver, "transfer.receiver", "缺少受移送的公安机关", f"{YSGD}/3/1", "transfer.receiver")
    if t.receiver.strip() and "公安" not in t.receiver:
        out.warn("transfer.receiver_police", f"受移送机关“{t.receiver}”不是公安机关；涉嫌犯罪的案件应当向公安机关移送"
                                             "（职务犯罪线索移送监察机关或者人民检察院，同规定第十九条）", f"{YSGD}/3/1",
                 "transfer.receiver")
    _need(out, t.reason, "transfer.reason", "缺少查明的违法事实", f"{YSGD}/6/1/2", "transfer.reason")
    _need(out, t.suspect, "transfer.suspect", "缺少涉嫌犯罪的单位或者个人", f"{YSGD}/3/1", "transfer.suspect")
    _need(out, t.crime, "transfer.crime", "缺少涉嫌的罪名", f"{YSGD}/3/1", "transfer.crime")
    _need(out, t.crime_basis, "transfer.crime_basis", "缺少涉嫌犯罪所依据的刑法条文", f"{YSGD}/3/1", "transfer.crime_basis")
    _refs(out, ctx, "transfer.crime_basis", "涉嫌犯罪所依据的条文")
    for ref in t.crime_basis:
        if not ref.startswith("刑法/"):
            out.error("transfer.crime_basis", f"涉嫌犯罪所依据的条文“{ref}”不是刑法的条文", f"{YSGD}/3/1", "transfer.crime_basis")
    _need(out, t.approver, "transfer.approval", "移送涉嫌犯罪案件须报经本机关正职负责人或者主持工作的负责人批准，未填写批准人",
          f"{YSGD}/5/1", "transfer.approver")
    _need(out, case.dates.transfer_approval, "dates.transfer_approval", "缺少批准移送的日期", f"{YSGD}/5/2",
          "dates.transfer_approval")
    _need(out, case.dates.transfer, "dates.transfer", "缺少移送日期", f"{YSGD}/5/2", "dates.transfer")
    names = "".join(m.name for m in t.materials)
    if not t.materials:
        out.error("transfer.materials", "没有列明移送材料", f"{YSGD}/6/1", "transfer.materials")
    elif "调查报告" not in names:
        out.error("transfer.materials", "移送材料中没有涉嫌犯罪案件情况的调查报告", f"{YSGD}/6/1/2", "transfer.materials")
    if not t.items and "涉案物品清单" not in names:
        out.warn("transfer.items", "没有列明涉案物品；有涉案物品的，应当附涉案物品清单", f"{YSGD}/6/1/3", "transfer.items")
