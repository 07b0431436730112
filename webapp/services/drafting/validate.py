"""Validation before a document is produced. Errors block; warnings need an explicit confirmation (the web
records it in the audit trail, the CLI takes `--confirm CODE`).

Each rule returns `Issue(level, code, message, basis)`; `code` is stable (tests and confirmations use it) and
`basis` names the provision the rule enforces. The rules:

- required elements of the form: 行政处罚法第五十九条 (决定书), 第五十二条 (当场处罚决定书), and each form's own
  fields (inspection times, order deadline, interviewee, transfer receiver …);
- the party's 统一社会信用代码 (GB 32100-2015) or 公民身份号码 (GB 11643) check digit; two officers with
  执法证号 (第四十二条);
- every cited provision exists in the version in force on the violation date; a milder later version
  (从旧兼从轻, 第三十七条) or a later amendment is a warning;
- the fine inside the statutory range of the 处罚依据 (penalty parser) and inside the chosen discretion level
  (violation catalogue);
- 当场处罚 only within 第五十一条 (≤200 元 for a citizen, ≤3000 元 for an organisation, or 警告); 当场收缴
  within 第六十八条;
- decision within 90 days of 立案 (第六十条) unless an approved extension is recorded (then a warning);
- notice before the decision (第四十四条、第六十二条); the 陈述申辩 period and the 5-day hearing-request window
  (第六十四条第（一）项) passed before the decision unless waived or used; hearing right notified when the
  penalty is within 第六十三条; 法制审核 after a hearing (第五十八条第一款第（二）项);
- 送达 within 7 days of the decision (第六十一条第一款), electronic service only with consent (第六十一条第二款);
- dates in a possible order; the limitation period (第三十六条);
- every citation in the produced text passes the citation checker (indexer.citations), when it is installed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from indexer.errors import LawError

from . import cnformat as cf
from .catalogue import entry as catalogue_entry
from .context import hearing_deadline, needs_hearing, statement_deadline
from .deadlines import decision_service_deadline
from .measures import STAGES as MEASURE_STAGES
from .measures import stage_rules as measure_rules
from .deadlines import issues as deadline_issues
from .ids import check_credit_code, check_id_number
from .leniency import findings as leniency_findings
from .model import Case

XZCF = "行政处罚法"


@dataclass(frozen=True)
class Issue:
    level: str            # error / warning
    code: str
    message: str
    basis: str = ""       # canonical ref of the rule's legal basis, if any
    field: str = ""       # case field concerned (for the web form)

    def to_dict(self) -> dict:
        return {"level": self.level, "code": self.code, "message": self.message, "basis": self.basis,
                "field": self.field}

    def __str__(self) -> str:
        return f"[{'错误' if self.level == 'error' else '警告'}:{self.code}] {self.message}"


class _Out(list):
    def error(self, code, message, basis="", field=""):
        self.append(Issue("error", code, message, basis, field))

    def warn(self, code, message, basis="", field=""):
        self.append(Issue("warning", code, message, basis, field))


def _before(later, earlier, parse=None) -> bool:
    """Both given and `later` strictly before `earlier` (a blank or unparsable side is not an order error)."""
    parse = parse or _d
    try:
        a, b = parse(later), parse(earlier)
    except ValueError:
        return False
    return a is not None and b is not None and a < b


def _d(value) -> dt.date | None:
    try:
        return cf.to_date(value) if value else None
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------------ common

def check_party(case: Case, out: _Out, today: dt.date) -> None:
    p = case.party
    if not p.name.strip():
        out.error("party.name", "缺少当事人名称或姓名", f"{XZCF}/59/1/1", "party.name")
    if p.kind == "单位":
        for prob in check_credit_code(p.credit_code):
            (out.error if prob.level == "error" else out.warn)(f"party.{prob.code}", prob.message, "", "party.credit_code")
    else:
        for prob in check_id_number(p.id_number, today):
            (out.error if prob.level == "error" else out.warn)(f"party.{prob.code}", prob.message, "", "party.id_number")


def check_officers(case: Case, out: _Out) -> None:
    good = [o for o in case.officers if o.name.strip() and o.cert_no.strip()]
    if len(good) < 2:
        out.error("officers.two", "执法人员不得少于两人，且应当填写姓名和执法证号", f"{XZCF}/42/1", "officers")


DATE_ORDER = [
    # (earlier, later, label of earlier, label of later)
    ("inspection", "order", "检查日期", "责令整改日期"),
    ("order", "recheck", "责令整改日期", "复查日期"),
    ("filing", "notice", "立案日期", "告知日期"),
    ("notice", "notice_served", "告知日期", "告知书送达日期"),
    ("notice_served", "statement", "告知书送达日期", "陈述申辩日期"),
    ("notice", "hearing", "告知日期", "听证日期"),
    ("notice", "review", "告知日期", "法制审核日期"),
    ("filing", "review", "立案日期", "法制审核日期"),
    ("filing", "decision", "立案日期", "决定日期"),
    ("notice", "decision", "告知日期", "决定日期"),
    ("statement", "decision", "陈述申辩日期", "决定日期"),
    ("hearing", "decision", "听证日期", "决定日期"),
    ("review", "decision", "法制审核日期", "决定日期"),
    ("decision", "service", "决定日期", "决定书送达日期"),
    ("decision", "closing", "决定日期", "结案日期"),
    ("service", "closing", "决定书送达日期", "结案日期"),
    # measures, hearings and carrying out the decision (issue 15): each step after the one it depends on
    ("seizure", "seizure_extension", "查封、扣押日期", "延长查封、扣押期限决定日期"),
    ("seizure", "seizure_outcome", "查封、扣押日期", "查封、扣押处理决定日期"),
    ("seizure_extension", "seizure_outcome", "延长查封、扣押期限决定日期", "查封、扣押处理决定日期"),
    ("preservation", "preservation_outcome", "先行登记保存日期", "先行登记保存处理决定日期"),
    ("notice_served", "hearing_request", "听证告知书送达日期", "听证申请日期"),
    ("hearing_request", "hearing_notice", "听证申请日期", "听证会通知书日期"),
    ("hearing_notice", "hearing_notice_served", "听证会通知书日期", "听证会通知书送达日期"),
    ("hearing_notice", "hearing", "听证会通知书日期", "听证日期"),
    ("hearing", "hearing_report", "听证日期", "听证会报告书日期"),
    ("hearing_report", "decision", "听证会报告书日期", "决定日期"),
    ("decision", "deferral", "决定日期", "延期（分期）缴纳罚款批准日期"),
    ("service", "surcharge", "决定书送达日期", "加处罚款决定日期"),
    ("service", "reminder", "决定书送达日期", "催告书日期"),
    ("reminder", "reminder_served", "催告书日期", "催告书送达日期"),
    ("reminder", "enforcement", "催告书日期", "申请强制执行日期"),
    ("reminder_served", "enforcement", "催告书送达日期", "申请强制执行日期"),
    ("service", "enforcement", "决定书送达日期", "申请强制执行日期"),
    ("transfer_report", "transfer_approval", "移送报告日期", "批准移送日期"),
    ("transfer_approval", "transfer", "批准移送日期", "移送日期"),
    ("filing", "revocation", "立案日期", "撤销立案日期"),
]


def check_dates(case: Case, out: _Out) -> None:
    d = case.dates
    for a, b, la, lb in DATE_ORDER:
        da, db = _d(getattr(d, a)), _d(getattr(d, b))
        if da and db and db < da:
            out.error("dates.order", f"{lb}（{cf.cn_date(db)}）早于{la}（{cf.cn_date(da)}），日期顺序不可能", "", f"dates.{b}")
    if case.source == "监督检查":
        di, dfil = _d(d.inspection), _d(d.filing)
        if di and dfil and dfil < di:
            out.error("dates.order", f"案件来源为监督检查，立案日期（{cf.cn_date(dfil)}）早于检查日期（{cf.cn_date(di)}）",
                      "", "dates.filing")
    ins = case.inspection
    if ins and _before(ins.end, ins.start, cf.to_datetime):
        out.error("dates.order", "检查结束时间早于开始时间", "", "inspection.end")
    if ins and ins.start and d.inspection and ins.start[:10] != d.inspection:
        out.error("dates.order", "检查开始时间与检查日期不一致", "", "inspection.start")
    r = case.rectification
    if r and _before(r.deadline, d.order):
        out.error("dates.order", "整改期限早于责令整改日期", "", "rectification.deadline")
    for i, it in enumerate(case.interviews, 1):
        if _before(it.end, it.start, cf.to_datetime):
            out.error("dates.order", f"第{i}份询问笔录的结束时间早于开始时间", "", f"interviews[{i - 1}].end")
    st = case.statement
    if _before(st.end, st.start, cf.to_datetime):
        out.error("dates.order", "陈述申辩结束时间早于开始时间", "", "statement.end")
    filing = _d(d.filing)
    for i, v in enumerate(case.violations, 1):
        vd = _d(v.act_date)           # 第三十六条第二款: a continuing act counts from its end
        fld, what = (f"violations[{i - 1}].date_end", "终了") if v.date_end else (f"violations[{i - 1}].date", "发生")
        if vd and filing and vd > filing:
            out.error("dates.order", f"第{i}项违法行为的{what}日期晚于立案日期", "", fld)
        if vd and filing and (filing - vd).days > 730:
            out.warn("limitation", f"第{i}项违法行为{what}于{cf.cn_date(vd)}，距立案已超过二年；除涉及公民生命健康安全且有危害"
                                   "后果的（五年）外，不再给予行政处罚", f"{XZCF}/36/1", fld)
    dates_of = {"rectification_order": d.order, "recheck_opinion": d.recheck, "penalty_notice": d.notice,
                "hearing_notice": d.notice, "decision_org": d.decision, "decision_person": d.decision,
                "onsite_decision": d.decision, "transfer_letter": d.transfer, "criminal_transfer": d.transfer,
                "seizure_decision": d.seizure, "seizure_extension": d.seizure_extension,
                "seizure_outcome": d.seizure_outcome, "preservation_notice": d.preservation,
                "preservation_outcome": d.preservation_outcome, "hearing_meeting_notice": d.hearing_notice,
                "deferral_approval": d.deferral, "surcharge_decision": d.surcharge,
                "enforcement_reminder": d.reminder}
    for i, x in enumerate(case.deliveries, 1):
        if not _d(x.date):
            out.error("service.date", f"第{i}条送达记录缺少送达日期", "", f"deliveries[{i - 1}].date")
            continue
        if _before(x.date, dates_of.get(x.document)):
            out.error("dates.order", f"第{i}条送达记录的送达日期早于该文书的日期", "", f"deliveries[{i - 1}].date")


# ------------------------------------------------------------------------------------------------ law

def check_violations(case: Case, ctx, out: _Out, *, need_penalty: bool) -> None:
    if not case.violations:
        out.error("violations.none", "没有违法行为：至少填写一项违法事实、违反条款和处罚依据", f"{XZCF}/59/1/2", "violations")
        return
    adopted = getattr(ctx, "adopted", ())
    for i, v in enumerate(case.violations, 1):
        where = f"violations[{i - 1}]"
        if not v.fact.strip():
            out.error("violations.fact", f"第{i}项违法行为缺少违法事实", f"{XZCF}/59/1/2", f"{where}.fact")
        elif "〔待填" in v.fact:
            out.error("violations.fact_placeholder", f"第{i}项违法事实中还有“〔待填：…〕”的内容未补全", f"{XZCF}/59/1/2",
                      f"{where}.fact")
        if not v.violated:
            out.error("violations.violated", f"第{i}项违法行为缺少违反条款", f"{XZCF}/59/1/3", f"{where}.violated")
        if not v.basis:
            out.error("violations.basis", f"第{i}项违法行为缺少处罚依据", f"{XZCF}/59/1/3", f"{where}.basis")
        if not v.date:
            out.error("violations.date", f"第{i}项违法行为缺少发生日期（决定适用哪一版本的法规）", f"{XZCF}/37", f"{where}.date")
        entry = catalogue_entry(v.catalogue_id) if v.catalogue_id else None
        if v.catalogue_id and entry is None:
            out.warn("catalogue.unknown", f"第{i}项违法行为的目录编号 {v.catalogue_id} 不在违法行为目录中", "", f"{where}.catalogue_id")
        if entry and entry.get("subject") and entry["subject"] != case.party.kind:
            out.warn("catalogue.subject", f"第{i}项违法行为目录 {entry['id']} 的处罚对象是{entry['subject']}，本案当事人是"
                                          f"{case.party.kind}", "", f"{where}.catalogue_id")
        if v.date_end and v.date and v.date_end < v.date:
            out.error("dates.order", f"第{i}项违法行为的终了日期早于发生日期", "", f"{where}.date_end")
        quotes_v, quotes_b = ctx.violation_quotes[i - 1] if i - 1 < len(ctx.violation_quotes) else ([], [])
        unexplained = False
        for q, kind in [(q, "违反条款") for q in quotes_v] + [(q, "处罚依据") for q in quotes_b]:
            if q is None:
                continue
            if q.error:
                out.error("citation.not_found", f"第{i}项{kind}“{q.ref}”：{q.error}", "", where)
                continue
            if q.missing_version:
                out.warn("version.missing", f"第{i}项{kind}：{q.advice}", f"{XZCF}/37", where)
            elif q.milder_later:
                out.warn("leniency.milder", f"第{i}项{kind}：{q.note}", f"{XZCF}/37", where)
            elif q.changed_later:
                out.warn("leniency.changed", f"第{i}项{kind}：{q.advice or q.note}", f"{XZCF}/37", where)
            if q.superseded_by or q.superseded_later:
                out.warn("law.superseded", f"第{i}项{kind}：{q.advice}", f"{XZCF}/37", where)
            unexplained = unexplained or q.needs_explanation
        if unexplained and not v.law_choice.strip():
            out.warn("leniency.unexplained", f"第{i}项：违法行为发生后所引法规已修改、被新法取代，或者法规库缺少当时施行的"
                                             "版本，系统无法确定适用哪一版本；请在“适用法律说明”中写明适用的规定及理由"
                                             "（从旧兼从轻），该说明写入告知书和决定书", f"{XZCF}/37",
                     f"{where}.law_choice")
        if need_penalty and not v.penalised:
            out.error("penalty.none", f"第{i}项违法行为没有确定处罚（警告、罚款等）", f"{XZCF}/59/1/3", f"{where}.fine")
        bm, rows = _adopted_rows(v, case, entry, adopted)       # once per violation, for both checks below
        if v.fine is not None and v.fine > 0:
            check_fine(i, v, quotes_b, out, _grade_row(v, rows))
        if need_penalty:
            check_discretion(i, v, bm, rows, adopted, out)


def _adopted_rows(v, case: Case, entry, adopted):
    from indexer.handbook.benchmarks import adopted_rows, pseudo_violation
    role = (entry or {}).get("subject_role") or ("生产经营单位" if case.party.kind == "单位" else "个人")
    return adopted_rows(pseudo_violation(list(v.basis), role), list(adopted), v.act_date or None)


def _grade_row(v, rows):
    """The adopted 基准 row whose grade the violation names, if any."""
    return next((r for r in rows if r.grade == v.level.strip()), None) if v.level.strip() else None


def check_discretion(i: int, v, bm, rows, adopted, out: _Out) -> None:
    """The discretion grade a notice or decision applies must come from a 裁量基准 the unit adopted and published
    (行政处罚法 第三十四条); the handbook's levels are the project's example and are never printed as one."""
    where = f"violations[{i - 1}]"
    if not v.level.strip():
        if rows:
            out.warn("discretion.missing", f"第{i}项：本单位采用的{bm.label}对该处罚依据规定了裁量阶次（"
                                           f"{'、'.join(dict.fromkeys(r.grade for r in rows))}），未填写所适用的阶次",
                     f"{XZCF}/34", f"{where}.level")
        return
    row = _grade_row(v, rows)
    if row is None:
        have = (f"本单位采用的{bm.label}中该处罚依据的阶次为{'、'.join(dict.fromkeys(r.grade for r in rows))}" if rows else
                f"本单位采用的裁量基准（{'、'.join(b.label for b in adopted)}）中没有该处罚依据的条目" if adopted else
                "本单位尚未采用公布的裁量基准")
        out.error("discretion.example", f"第{i}项：裁量等级“{v.level}”不是本单位采用的裁量基准中的阶次（处罚裁量手册的档次只是"
                                        f"示例，不能写入告知书和决定书）；{have}。请按所采用基准的阶次填写，或清空裁量等级",
                  f"{XZCF}/34", f"{where}.level")
        return
    if bm.title not in v.discretion_reason:
        out.warn("discretion.unquoted", f"第{i}项：裁量理由没有引用所适用的{bm.label}“{row.grade}”阶次"
                                        f"（{'；'.join(row.circumstances)}）", f"{XZCF}/34",
                 f"{where}.discretion_reason")


def check_fine(i: int, v, quotes_b, out: _Out, grade_row=None) -> None:
    """The fine inside the statutory range of the 处罚依据, and inside the adopted 基准 row of the chosen grade
    (an example level is refused by check_discretion, not measured here)."""
    where = f"violations[{i - 1}].fine"
    fine = v.fine
    known = [q for q in quotes_b if q is not None and q.ok and (q.fine_max is not None or q.fine_min is not None
                                                                  or q.conditional_fines)]
    if not known:
        if any(q is not None and q.ok for q in quotes_b):
            out.warn("fine.range_unknown", f"第{i}项：处罚依据中没有解析出罚款数额幅度，无法自动核对罚款"
                                           f"{cf.amount_short(fine)}元是否在法定幅度内，请人工核对", "", where)
        return
    in_base = False
    in_cond = []
    for q in known:
        lo = q.fine_min or 0
        if q.fine_max is not None or q.fine_min is not None:
            if lo <= fine and (q.fine_max is None or fine <= q.fine_max):
                in_base = True
        for cond, cmin, cmax in q.conditional_fines:
            if (cmin or 0) <= fine and (cmax is None or fine <= cmax):
                in_cond.append(cond)
    if not in_base:
        ranges = "；".join(_range_text(q) for q in known)
        if in_cond:
            out.warn("fine.conditional", f"第{i}项：罚款{cf.amount_short(fine)}元超出基本罚款幅度（{ranges}），"
                                         f"只在“{in_cond[0]}”的情形下适用，请确认该情形成立并在决定书中写明", "", where)
        else:
            out.error("fine.range", f"第{i}项：罚款{cf.amount_short(fine)}元不在法定幅度内（{ranges}）", "", where)
    lv = grade_row
    if lv is not None and lv.fine_min is not None and not (lv.fine_min <= fine <= lv.fine_max):
        out.warn("fine.level", f"第{i}项：罚款{cf.amount_short(fine)}元不在所选裁量阶次“{v.level}”的幅度"
                               f"（{lv.fine_min}元至{lv.fine_max}元）内，应当在决定书中说明理由", f"{XZCF}/34", where)


def _range_text(q) -> str:
    if q.fine_max is not None or q.fine_min is not None:
        lo = f"{cf.amount_short(q.fine_min)}元以上" if q.fine_min else ""
        hi = f"{cf.amount_short(q.fine_max)}元以下" if q.fine_max is not None else ""
        return f"{q.citation}：{lo}{hi}"
    return f"{q.citation}：仅在特定情形下处罚款"


# ------------------------------------------------------------------------------------------------ stages

def _need(out: _Out, value, code: str, message: str, basis: str = "", field: str = "") -> None:
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        out.error(code, message, basis, field)


def stage_rules(case: Case, spec, ctx, out: _Out, today: dt.date, per_index: int | None) -> None:
    d = case.dates
    stage = spec.stage
    u = case.unit
    if stage == "inspection":
        ins = case.inspection
        if ins is None:
            out.error("inspection.missing", "缺少现场检查情况", "", "inspection")
        else:
            _need(out, ins.place, "inspection.place", "缺少检查场所", "", "inspection.place")
            _need(out, ins.start, "inspection.start", "缺少检查开始时间", "", "inspection.start")
            _need(out, ins.end, "inspection.end", "缺少检查结束时间", "", "inspection.end")
        _need(out, d.inspection, "dates.inspection", "缺少检查日期", "", "dates.inspection")
    elif stage == "order":
        if case.inspection is None or not case.inspection.hazards:
            out.error("order.hazards", "责令限期整改指令书须列明发现的问题", "", "inspection.hazards")
        if case.rectification is None or not case.rectification.deadline:
            out.error("order.deadline", "缺少整改期限", "", "rectification.deadline")
        _need(out, d.order, "dates.order", "缺少责令整改日期", "", "dates.order")
        _remedy(case, out)
    elif stage == "recheck":
        r = case.rectification
        if r is None or not r.recheck_opinion.strip():
            out.error("recheck.opinion", "缺少复查意见", "", "rectification.recheck_opinion")
        _need(out, d.recheck, "dates.recheck", "缺少复查日期", "", "dates.recheck")
        if not case.numbers.get("rectification_order"):
            out.warn("recheck.order_number", "所复查的责令限期整改指令书还没有分配文书编号", "", "numbers")
    elif stage == "filing":
        _need(out, case.cause, "filing.cause", "缺少案由", "", "cause")
        _need(out, case.summary, "filing.summary", "缺少案件基本情况", "", "summary")
        _need(out, d.filing, "dates.filing", "缺少立案日期", f"{XZCF}/54/2", "dates.filing")
    elif stage == "interview":
        if per_index is None or not 0 <= per_index < len(case.interviews):
            out.error("interview.missing", "没有这份询问笔录（interviews 中的序号不存在）", "", "interviews")
        else:
            it = case.interviews[per_index]
            _need(out, it.interviewee.name, "interview.name", "缺少被询问人姓名", "", "interviews")
            _need(out, it.place, "interview.place", "缺少询问地点", "", "interviews")
            if not it.qa:
                out.error("interview.qa", "询问笔录没有问答内容", f"{XZCF}/55/2", "interviews")
            if it.interviewee.id_number:
                for prob in check_id_number(it.interviewee.id_number, today):
                    (out.error if prob.level == "error" else out.warn)(f"interviewee.{prob.code}", "被询问人" + prob.message,
                                                                        "", "interviews")
    elif stage in ("notice", "hearing_notice"):
        check_violations(case, ctx, out, need_penalty=True)
        _need(out, d.notice, "dates.notice", "缺少告知日期", f"{XZCF}/44", "dates.notice")
        if not case.evidence:
            out.warn("evidence.none", "告知书没有列明证据", f"{XZCF}/44", "evidence")
        if not (u.address and u.phone):
            out.warn("unit.contact", "告知书缺少本机关地址或联系电话，当事人无从提出陈述、申辩", "", "unit")
        if stage == "notice" and case.hearing.notified and needs_hearing(case) \
                and not case.numbers.get("hearing_notice"):
            out.warn("notice.hearing_number", "告知书引用的行政处罚听证告知书还没有分配文书编号（宜先生成听证告知书）",
                     "", "numbers")
        if stage == "notice" and needs_hearing(case) and not case.hearing.notified:
            out.warn("hearing.not_notified", "拟作出的处罚属于听证范围，应当同时告知听证权利（行政处罚听证告知书）",
                     f"{XZCF}/63/1", "hearing.notified")
        if stage == "hearing_notice" and not needs_hearing(case):
            out.warn("hearing.not_needed", "拟作出的处罚低于本机关设定的较大数额标准，也不是第六十三条所列的较重处罚，"
                                           "一般无须告知听证权利", f"{XZCF}/63/1", "hearing.notified")
    elif stage == "statement":
        st = case.statement
        if not st.made or not st.content.strip():
            out.error("statement.content", "当事人没有提出陈述申辩或缺少陈述申辩内容", f"{XZCF}/45/1", "statement.content")
        _need(out, d.statement, "dates.statement", "缺少陈述申辩日期", "", "dates.statement")
        if st.speaker is None or not st.speaker.name.strip():
            out.error("statement.speaker", "缺少陈述申辩人", "", "statement.speaker")
    elif stage in ("approval", "legal_review"):
        check_violations(case, ctx, out, need_penalty=not case.not_penalised)
        _need(out, case.review.reviewer, "review.reviewer", "缺少法制审核人员", f"{XZCF}/58/1", "review.reviewer")
        _need(out, case.review.opinion, "review.opinion", "缺少法制审核意见", f"{XZCF}/58/1", "review.opinion")
        _need(out, d.review, "dates.review", "缺少法制审核日期", "", "dates.review")
    elif stage == "decision":
        decision_rules(case, spec, ctx, out)
    elif stage == "lenient":
        lenient_rules(case, ctx, out)
    elif stage == "education":
        if not case.leniency or not case.leniency.education.strip():
            out.error("lenient.education", "请写明教育的内容", f"{XZCF}/33/3", "leniency.education")
        _need(out, d.education, "dates.education", "缺少教育日期", f"{XZCF}/33/3", "dates.education")
    elif stage == "onsite":
        onsite_rules(case, ctx, out)
    elif stage == "transfer":
        t = case.transfer
        if t is None:
            out.error("transfer.missing", "缺少案件移送情况", "", "transfer")
        else:
            _need(out, t.receiver, "transfer.receiver", "缺少受移送机关", "", "transfer.receiver")
            _need(out, t.reason, "transfer.reason", "缺少移送理由", "", "transfer.reason")
            if not t.materials:
                out.warn("transfer.materials", "没有列明移送材料", "", "transfer.materials")
        _need(out, d.transfer, "dates.transfer", "缺少移送日期", "", "dates.transfer")
    elif stage == "closing":
        _need(out, case.closing.result, "closing.result", "缺少处理结果", "", "closing.result")
        _need(out, case.closing.execution, "closing.execution", "缺少执行情况", "", "closing.execution")
        _need(out, d.closing, "dates.closing", "缺少结案日期", "", "dates.closing")
        if case.total_fine > 0 and not (case.payment and case.payment.paid_on) and not (case.onsite and case.onsite.collected):
            out.warn("closing.unpaid", "罚款尚未记录缴纳，结案前应当核实执行情况", f"{XZCF}/66/1", "payment.paid_on")
    elif stage == "service":
        service_rules(case, ctx, out)
    elif stage in MEASURE_STAGES:
        measure_rules(case, stage, ctx, out)


def _remedy(case: Case, out: _Out) -> None:
    if not case.unit.review_authority.strip():
        out.error("remedy.review", "缺少行政复议机关（申请行政复议的途径）", f"{XZCF}/59/1/5", "unit.review_authority")
    if not case.unit.court.strip():
        out.error("remedy.court", "缺少行政诉讼管辖法院（提起行政诉讼的途径）", f"{XZCF}/59/1/5", "unit.court")


# the documents whose content turns on whether the case is penalised: the lenient-list findings apply to them
LENIENCY_STAGES = ("notice", "hearing_notice", "approval", "legal_review", "decision", "lenient")


def lenient_rules(case: Case, ctx, out: _Out) -> None:
    """不予行政处罚决定书: the facts, the violated and penalty provisions, and the remedies; the 第三十三条
    conditions come from leniency_findings."""
    if not case.not_penalised:
        out.error("lenient.not_decided", "本案没有决定不予行政处罚（不予行政处罚 → 决定不予行政处罚）", f"{XZCF}/57/1/2",
                  "leniency.decided")
    if case.procedure != "普通程序":
        out.error("procedure.mismatch", "不予行政处罚决定书用于普通程序", f"{XZCF}/57/1/2")
    check_violations(case, ctx, out, need_penalty=False)
    if not case.evidence:
        out.error("decision.evidence", "缺少证据", f"{XZCF}/57/1", "evidence")
    _need(out, case.dates.decision, "dates.decision", "缺少决定日期", "", "dates.decision")
    _need(out, case.party.address, "decision.address", "缺少当事人地址", "", "party.address")
    _remedy(case, out)
    if case.dates.education and case.dates.decision and case.dates.education > case.dates.decision:
        out.warn("dates.education", "教育日期晚于决定日期：决定书写明“已对当事人进行了教育”", f"{XZCF}/33/3",
                 "dates.education")
    elif not case.dates.education:
        out.error("dates.education", "缺少教育日期", f"{XZCF}/33/3", "dates.education")


def decision_rules(case: Case, spec, ctx, out: _Out) -> None:
    d = case.dates
    p = case.party
    if case.procedure != "普通程序":
        out.error("procedure.mismatch", "行政处罚决定书用于普通程序；简易程序请使用当场行政处罚决定书", f"{XZCF}/59/1")
    # 第五十九条 required elements
    _need(out, p.address, "decision.address", "缺少当事人地址", f"{XZCF}/59/1/1", "party.address")
    check_violations(case, ctx, out, need_penalty=True)
    if not case.evidence:
        out.error("decision.evidence", "缺少证据", f"{XZCF}/59/1/2", "evidence")
    if case.total_fine > 0:
        pay = case.payment
        if pay is None or not pay.bank.strip() or not pay.account.strip():
            out.error("decision.payment", "缺少罚款的缴纳银行和账号（履行方式和期限）", f"{XZCF}/59/1/4", "payment")
    _remedy(case, out)
    _need(out, case.unit.name, "decision.unit", "缺少作出决定的行政机关名称", f"{XZCF}/59/1/6", "unit.name")
    _need(out, d.decision, "decision.date", "缺少作出决定的日期", f"{XZCF}/59/1/6", "dates.decision")
    if not d.decision:
        return
    dec = _d(d.decision)
    if dec is None:
        out.error("decision.date", "作出决定的日期无法识别", f"{XZCF}/59/1/6", "dates.decision")
        return
    # 第六十条: 90 days from filing
    filing = _d(d.filing)
    if filing is None:
        out.error("decision.filing", "缺少立案日期，无法核对九十日的决定期限", f"{XZCF}/60", "dates.filing")
    elif (dec - filing).days > 90:
        ext = _d(d.extended_to)
        if ext and dec <= ext:
            out.warn("decision.deadline_extended", f"决定日期距立案已{(dec - filing).days}日，超过九十日；已记录经批准延长至"
                                                   f"{cf.cn_date(ext)}，须有法律、法规、规章的依据", f"{XZCF}/60", "dates.extended_to")
        else:
            out.error("decision.deadline_90", f"决定日期距立案已{(dec - filing).days}日，超过九十日的决定期限", f"{XZCF}/60",
                      "dates.decision")
    # 第四十四条、第六十二条: notice before the decision
    st, h = case.statement, case.hearing
    served = _d(d.notice_served or d.notice)
    if served is None:
        if not st.waived:
            out.error("decision.no_notice", "作出决定前未告知拟作出的处罚内容及事实、理由、依据和权利", f"{XZCF}/62", "dates.notice")
    else:
        if dec < served:
            out.error("decision.no_notice", "决定日期早于告知书送达日期", f"{XZCF}/62", "dates.decision")
        # statement period
        if not st.made and not st.waived:
            sd = _d(statement_deadline(case))
            if sd and dec <= sd:
                out.error("statement.window", f"陈述申辩期限（至{cf.cn_date(sd)}）尚未届满，不能作出决定", f"{XZCF}/62",
                          "dates.decision")
        # hearing
        if needs_hearing(case):
            if not h.notified:
                out.error("hearing.not_notified", "拟作出的处罚属于听证范围，未告知当事人要求听证的权利", f"{XZCF}/63/1",
                          "hearing.notified")
            elif h.requested:
                hd = _d(d.hearing)
                if hd is None:
                    out.error("hearing.not_held", "当事人申请了听证，尚未举行听证", f"{XZCF}/63/1", "dates.hearing")
                elif not case.review.approved:
                    out.error("review.required", "经过听证程序的案件，决定前应当经法制审核", f"{XZCF}/58/1/2", "review.approved")
            elif not h.waived:
                hd = _d(hearing_deadline(case, getattr(ctx, "calendar", None)))
                if hd and dec <= hd:
                    out.error("hearing.window", f"听证申请期限（告知后五个工作日，至{cf.cn_date(hd)}）尚未届满，不能作出"
                                                "决定（行政处罚法第六十四条第（一）项、第八十五条）", f"{XZCF}/64/1/1",
                              "dates.decision")
            if not case.review.approved and not h.requested:
                out.warn("review.recommended", "拟作出较大数额罚款等较重处罚，尚未记录法制审核意见；属于第五十八条第一款"
                                               "所列情形的，未经法制审核不得作出决定", f"{XZCF}/58/1", "review.approved")
    if not case.numbers.get("penalty_notice"):
        out.warn("decision.notice_number", "决定书引用的行政处罚告知书还没有分配文书编号", "", "numbers")
    if case.hearing.notified and not case.numbers.get("hearing_notice"):
        out.warn("decision.notice_number", "决定书引用的行政处罚听证告知书还没有分配文书编号", "", "numbers")
    service_rules(case, ctx, out, only_decision=True)


def onsite_rules(case: Case, ctx, out: _Out) -> None:
    if case.procedure != "简易程序":
        out.error("procedure.mismatch", "当场行政处罚决定书只用于简易程序", f"{XZCF}/51")
    check_violations(case, ctx, out, need_penalty=True)
    limit = 3000 if case.is_org else 200
    who = "法人或者其他组织" if case.is_org else "公民"
    total = case.total_fine
    if total > limit:
        out.error("onsite.limit", f"当场处罚对{who}的罚款限于{limit}元以下，本案罚款合计{cf.amount_short(total)}元，"
                                  "应当适用普通程序", f"{XZCF}/51", "violations")
    if any(v.confiscation or v.other_penalties for v in case.violations):
        out.error("onsite.kind", "当场处罚只能是警告或者限额内的罚款", f"{XZCF}/51", "violations")
    on = case.onsite
    if on is None or not on.time or not on.place.strip():
        out.error("onsite.time_place", "当场处罚决定书须载明处罚的时间、地点", f"{XZCF}/52/2", "onsite")
    if not case.dates.decision:
        out.error("decision.date", "缺少决定日期", f"{XZCF}/52/2", "dates.decision")
    _remedy(case, out)
    _need(out, case.unit.name, "decision.unit", "缺少行政机关名称", f"{XZCF}/52/2", "unit.name")
    if total > 0:
        if on is not None and on.collected:
            if total > 100:
                out.warn("onsite.collect", "当场收缴罚款限于一百元以下，或者不当场收缴事后难以执行的情形，请确认",
                         f"{XZCF}/68", "onsite.collected")
            if not on.receipt_no:
                out.warn("onsite.receipt", "当场收缴罚款应当出具财政部门统一制发的专用票据，未填票据号", f"{XZCF}/70",
                         "onsite.receipt_no")
        elif case.payment is None or not case.payment.bank or not case.payment.account:
            out.error("decision.payment", "缺少罚款的缴纳银行和账号", f"{XZCF}/52/2", "payment")
    if on is not None and on.time and case.dates.decision and on.time[:10] != case.dates.decision:
        out.error("dates.order", "当场处罚时间与决定日期不一致", f"{XZCF}/52/1", "onsite.time")


def service_rules(case: Case, ctx, out: _Out, only_decision: bool = False) -> None:
    d = case.dates
    dec = _d(d.decision)
    if not only_decision and not case.deliveries:
        out.error("service.none", "没有送达记录", f"{XZCF}/61/1", "deliveries")
    decision_forms = ("decision_org", "decision_person", "onsite_decision")
    service = _d(d.service)
    for x in case.deliveries:
        served_on = _d(x.date) if x.document in decision_forms else None
        if served_on is not None:
            service = max(service, served_on) if service else served_on
        if not only_decision and "电子" in x.method:
            out.warn("service.electronic", "电子送达须当事人同意并签订确认书，请确认已签订", f"{XZCF}/61/2", "deliveries")
    if dec and service:
        days = (service - dec).days
        last = decision_service_deadline(case, getattr(ctx, "calendar", None)) if days > 7 else None
        if days < 0:
            out.error("dates.order", "决定书送达日期早于决定日期", "", "dates.service")
        elif last is not None and service > last:
            out.warn("service.late", f"决定书于决定后第{days}日送达，超过七个工作日（至{cf.cn_date(last)}）；当事人不在场的，"
                                     "应当在七日内送达（行政处罚法第六十一条第一款、第八十五条）", f"{XZCF}/61/1",
                     "dates.service")


# ------------------------------------------------------------------------------------------------ entry point

def validate(case: Case, spec, ctx, *, per_index: int | None = None, today: dt.date | None = None) -> list[Issue]:
    today = today or dt.date.today()
    out = _Out()
    if spec.party and spec.party != case.party.kind:
        out.error("form.party", f"{spec.full_title}用于当事人为{spec.party}的案件，本案当事人为{case.party.kind}")
    if spec.procedure and spec.procedure != case.procedure and spec.stage not in ("decision", "onsite"):
        out.error("procedure.mismatch", f"{spec.full_title}用于{spec.procedure}")
    check_party(case, out, today)
    check_officers(case, out)
    check_dates(case, out)
    stage_rules(case, spec, ctx, out, today, per_index)
    if spec.stage in LENIENCY_STAGES and getattr(ctx, "leniency", None) is not None:
        for f in leniency_findings(case, ctx.leniency):
            (out.error if f.level == "error" else out.warn)(f.code, f.message, f.basis, f.field)
    for f in deadline_issues(case, getattr(ctx, "calendar", None), spec.stage):
        (out.error if f.level == "error" else out.warn)(f.code, f.message, f.basis, f.field)
    # one issue per (code, message)
    seen, result = set(), []
    for i in out:
        if (i.code, i.message) not in seen:
            seen.add((i.code, i.message))
            result.append(i)
    return result


def procedure_issues(lib, spec, date: str | None) -> list[Issue]:
    """The form's fixed procedural citations (告知, 陈述申辩, 听证, 缴纳, 复议诉讼: its `cites`) are judged by the
    version in force on the document's date — procedure follows the law of the day the step is taken, while
    the violation's provisions follow the act's date. A missing version or a phrase no longer in the article
    is a warning: the officer checks the fixed wording against the text then in force."""
    from indexer.refs import Ref, RefError

    from .lawtext import missing_version, provision_text

    out = _Out()
    if not date or not spec.cites:
        return out
    for ref_text, phrase in spec.cites.items():
        try:
            ref = Ref.parse(ref_text)
            law = lib.find_law(ref.law)
        except (RefError, LookupError):
            continue                      # lawdesk template check reports these
        view = lib.get(ref, as_of=date)
        label = ref.human(law.title)
        if view is None:
            gap = missing_version(lib, law, ref, date) if lib.law_status(law, date) == "not_yet" else None
            what = f"法规库中没有该日施行的{gap.label or '文本'}，固定文字按其后的文本写成" if gap else "该日不在施行期内"
            out.warn("procedure.version", f"文书日期（{cf.cn_date(date)}）：程序条款{label}{what}，请按文书日期施行的"
                                          "文本核对固定文字中的引用", ref_text)
            continue
        text = provision_text(view.article, ref)
        if text is None or phrase not in text:
            out.warn("procedure.version", f"文书日期（{cf.cn_date(date)}）施行的{label}中没有“{phrase}”，请核对固定文字"
                                          "中的程序条款引用", ref_text)
    return out


def citation_issues(checker, text: str, date: str, changed_laws: set[str]) -> list[Issue]:
    """Issues from the citation checker on a produced document's text. Citations of a law that was amended
    between the violation and the document date are checked by the violation-date quotation instead (the
    checker judges by the document date), so their findings are downgraded to warnings."""
    out = _Out()
    try:
        result = checker.check(text, date)
    except LawError as exc:    # e.g. the library is not built: drafting goes on, the officer checks by hand
        out.warn("citation.unavailable", f"引用核对未能完成（{exc.message}），请人工核对文书中的引用")
        return out
    for r in result.citations:
        law_key = r.law.key if r.law else None
        text_of = r.ex.text
        if r.status != "ok":
            msg = f"引用“{text_of}”：{r.message or r.status}"
            if law_key in changed_laws:
                out.warn("citation.check", msg + "（该法规在违法行为发生后修改，已按违法行为发生时的版本引用）")
            else:
                out.error("citation.check", msg)
        for w in r.warnings:
            out.warn(f"citation.{w.code}", f"引用“{text_of}”：{w.message}")
    return out
