"""The values a form template can use: every `{placeholder}` name, what it means, and how it is computed
from a case.

`VARIABLES` (scalars and flags), `LISTS` (lists a template repeats with an `each` block; item fields are used as
`{item.FIELD}`), `PER` (lists a form is produced once per element of; fields used as `{this.FIELD}`) and
`PER_LISTS` (lists inside such an element) are the whole vocabulary: `lawdesk template check` rejects any other
name, and doc_templates/README.md documents them (a test keeps the README and this table in step).

`build_context(case, lib, …)` computes the values. Statute quotations come from the library, in the version in
force on each violation's date (lawtext.quote)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.numerals import int_to_cn

from . import cnformat as cf
from .ids import age_on, id_birth_date, id_sex
from .model import Case, Person

# ------------------------------------------------------------------------------------------------ registry

VARIABLES: dict[str, str] = {
    # unit
    "unit.name": "执法机关全称（落款）",
    "unit.short_name": "文书编号简称",
    "unit.address": "机关地址",
    "unit.postcode": "机关邮政编码",
    "unit.contact": "联系人",
    "unit.phone": "联系电话",
    "unit.review_authority": "行政复议机关",
    "unit.court": "行政诉讼管辖法院",
    "unit.statement_days": "陈述申辩期限（中文数字，如 三）",
    # party
    "party.kind": "当事人类型：单位 / 个人",
    "party.is_org": "条件：当事人是单位",
    "party.is_person": "条件：当事人是个人",
    "party.you": "对当事人的称呼：你单位 / 你",
    "party.name": "名称或姓名",
    "party.credit_code": "统一社会信用代码",
    "party.id_number": "公民身份号码",
    "party.id_label": "证件名称：统一社会信用代码 / 公民身份号码",
    "party.id_value": "证件号码（按当事人类型）",
    "party.address": "地址或住址",
    "party.postcode": "邮政编码",
    "party.phone": "联系电话",
    "party.legal_rep": "法定代表人（负责人）",
    "party.legal_rep_title": "法定代表人职务",
    "party.sex": "性别（个人；空则由身份号码推出）",
    "party.age": "年龄（个人；按决定日期或今天由身份号码推出）",
    "party.employer": "工作单位（个人）",
    "party.job_title": "职务或岗位（个人）",
    # case
    "case.id": "案件标识",
    "case.title": "案件名称",
    "case.cause": "案由",
    "case.source": "案件来源",
    "case.summary": "案件基本情况",
    "case.procedure": "程序：普通程序 / 简易程序",
    # this document
    "document.title": "本文书标题",
    "document.number": "本文书编号（未分配时为留空序号的草稿编号）",
    "document.date": "本文书日期（中文形式）",
    "document.date_upper": "本文书日期（汉字数字：二〇二六年十月三十日）",
    # officers
    "officer1.name": "第一名执法人员姓名",
    "officer1.cert_no": "第一名执法人员执法证号",
    "officer2.name": "第二名执法人员姓名",
    "officer2.cert_no": "第二名执法人员执法证号",
    "officers.names": "执法人员姓名，以顿号分隔",
    "officers.with_certs": "执法人员姓名及执法证号：张三（执法证号…）、李四（…）",
    # inspection
    "inspection.place": "检查场所",
    "inspection.start": "检查开始时间（中文形式）",
    "inspection.end": "检查结束时间（中文形式）",
    "inspection.period": "检查起止时间：2026年9月15日9时30分至11时20分",
    "inspection.onsite_person": "现场负责人",
    "inspection.onsite_person_title": "现场负责人职务",
    "inspection.onsite_person_phone": "现场负责人电话",
    "inspection.situation": "检查情况",
    "hazards.count": "发现问题的项数（中文数字）",
    "hazards.any": "条件：发现了问题",
    "hazards.has_major": "条件：有重大事故隐患",
    "hazards.major_items": "重大事故隐患的序号：第1、3项",
    "hazards.has_immediate": "条件：有须立即整改的问题",
    "hazards.immediate_items": "须立即整改问题的序号",
    # rectification
    "rectification.deadline": "整改期限（中文日期）",
    "rectification.measures": "整改期间的安全措施要求",
    "rectification.recheck_opinion": "复查意见",
    "rectification.passed": "条件：复查合格",
    "rectification.failed": "条件：复查不合格",
    # violations summary
    "violations.count": "违法行为项数（中文数字）",
    "violations.multiple": "条件：有两项以上违法行为",
    "violations.names": "违法行为名称，以顿号分隔",
    "violations.first_date": "最早的违法行为发生日期",
    "violations.has_notes": "条件：有从旧兼从轻或条文修改的说明",
    "violations.facts": "全部违法事实，逐项分行：（一）…",
    "violations.proposals": "逐项处理意见：第一项违反…，依据…，建议给予…",
    "decision.number": "本案行政处罚决定书的编号（单位、个人或当场决定书）",
    # evidence
    "evidence.list": "证据清单（1.…；2.…）",
    "evidence.any": "条件：有证据",
    # penalty
    "penalty.summary": "全部处罚内容：警告，罚款人民币伍万伍仟元整（¥55,000.00）",
    "penalty.has_fine": "条件：有罚款",
    "penalty.fine": "罚款合计（大写与小写）：人民币伍万伍仟元整（¥55,000.00）",
    "penalty.fine_capitals": "罚款合计大写：伍万伍仟元整",
    "penalty.fine_figures": "罚款合计小写：55,000.00",
    "penalty.needs_hearing": "条件：拟作出的处罚属于应告知听证权利的范围",
    # statement / hearing / review
    "statement.made": "条件：当事人提出了陈述申辩",
    "statement.waived": "条件：当事人明确放弃陈述申辩",
    "statement.none": "条件：当事人未提出也未放弃陈述申辩",
    "statement.start": "陈述申辩开始时间",
    "statement.end": "陈述申辩结束时间",
    "statement.place": "陈述申辩地点",
    "statement.speaker": "陈述申辩人姓名",
    "statement.speaker_title": "陈述申辩人职务",
    "statement.speaker_phone": "陈述申辩人联系电话",
    "statement.agent": "委托代理人",
    "statement.content": "陈述申辩内容",
    "statement.review": "复核意见",
    "statement.summary": "陈述申辩和听证情况的概述（呈批表用）",
    "statement.adopted": "条件：意见被采纳",
    "statement.rejected": "条件：意见未被采纳",
    "statement.deadline": "陈述申辩期限届满日",
    "hearing.notified": "条件：已告知听证权利",
    "hearing.requested": "条件：当事人申请了听证",
    "hearing.not_requested": "条件：告知了听证权利而当事人未申请或书面放弃",
    "hearing.held": "条件：举行了听证",
    "hearing.summary": "听证情况",
    "hearing.deadline": "听证申请期限届满日（告知送达后第五日）",
    "review.reviewer": "法制审核人员",
    "review.opinion": "法制审核意见",
    "review.approved": "条件：法制审核通过",
    "review.discussed": "条件：经负责人集体讨论",
    "review.discussion_conclusion": "集体讨论结论",
    # approvals
    "filing.handler_opinion": "立案审批：承办人意见",
    "filing.check_opinion": "立案审批：审核意见",
    "filing.checker": "立案审批：审核人",
    "filing.approve_opinion": "立案审批：审批意见",
    "filing.approver": "立案审批：审批人",
    "closing.result": "处理结果",
    "closing.decision": "结案审批表的处罚决定：编号和日期，或者“未作出行政处罚决定（撤销立案）”等",
    "closing.execution": "执行情况",
    "closing.handler_opinion": "结案审批：承办人意见",
    "closing.check_opinion": "结案审批：审核意见",
    "closing.checker": "结案审批：审核人",
    "closing.approve_opinion": "结案审批：审批意见",
    "closing.approver": "结案审批：审批人",
    # transfer
    "transfer.receiver": "受移送机关",
    "transfer.reason": "移送理由",
    "transfer.criminal": "条件：涉嫌犯罪移送司法机关",
    "transfer.competence": "条件：移送其他有关部门处理",
    "transfer.material_count": "移送材料件数（中文数字）",
    # payment / on-the-spot
    "payment.bank": "缴款银行",
    "payment.account_name": "户名",
    "payment.account": "账号",
    "payment.paid_on": "缴款日期",
    "payment.receipt_no": "缴款票据号",
    "onsite.time": "当场处罚时间",
    "onsite.place": "当场处罚地点",
    "onsite.collected": "条件：当场收缴罚款",
    "onsite.not_collected": "条件：未当场收缴，十五日内缴纳",
    "onsite.receipt_no": "当场收缴专用票据号",
    # dates (中文形式)
    "dates.inspection": "检查日期",
    "dates.order": "责令整改日期",
    "dates.recheck": "复查日期",
    "dates.filing": "立案日期",
    "dates.notice": "告知日期",
    "dates.notice_served": "告知书送达日期",
    "dates.statement": "陈述申辩日期",
    "dates.hearing": "听证日期",
    "dates.review": "法制审核日期",
    "dates.decision": "决定日期",
    "dates.service": "决定书送达日期",
    "dates.transfer": "移送日期",
    "dates.closing": "结案日期",
    # credit repair (corpus/credit/repair.toml)
    "credit.level": "失信信息类别：轻微 / 一般 / 严重",
    "credit.is_minor": "条件：轻微失信信息",
    "credit.rule": "信用修复的规定：《信用修复管理办法》（国家发展和改革委员会令2025年第36号）",
    "credit.period": "该类失信信息的公示期限（规定原文）",
    "credit.earliest": "可以申请信用修复的最早日期",
    "credit.earliest_text": "自某日起（罚款未缴清的，并须缴清罚款）",
    "credit.where": "申请信用修复的途径：“信用中国”网站",
    "credit.conditions": "申请信用修复的条件，逐项分行",
    "credit.duties": "当事人须做的事（改正、履行处罚、信用承诺），逐项分行",
    "credit.after_min": "最短、最长公示期届满后的规定",
    # issue 15: measures, evidence, hearings, carrying out the decision, 撤销立案, 行刑衔接
    "dates.seizure": "查封、扣押日期",
    "dates.seizure_extension": "延长查封、扣押期限决定日期",
    "dates.seizure_outcome": "查封、扣押处理决定日期",
    "dates.preservation": "先行登记保存日期",
    "dates.preservation_outcome": "先行登记保存处理决定日期",
    "dates.hearing_request": "听证申请日期",
    "dates.hearing_notice": "听证会通知书日期",
    "dates.hearing_notice_served": "听证会通知书送达日期",
    "dates.hearing_report": "听证会报告书日期",
    "dates.deferral": "延期（分期）缴纳罚款批准日期",
    "dates.surcharge": "加处罚款决定日期",
    "dates.reminder": "催告书日期",
    "dates.reminder_served": "催告书送达日期",
    "dates.enforcement": "申请强制执行日期",
    "dates.transfer_report": "移送报告日期",
    "dates.transfer_approval": "批准移送日期",
    "dates.revocation": "撤销立案日期",
    # issue 14.1: 不予行政处罚 (行政处罚法 第三十三条), webapp/services/drafting/leniency.py
    "dates.education": "教育日期",
    "lenient.minor": "条件：不予处罚的理由为轻微不罚（第三十三条第一款第一句）",
    "lenient.first": "条件：不予处罚的理由为首违不罚（第三十三条第一款第二句）",
    "lenient.no_fault": "条件：不予处罚的理由为没有主观过错（第三十三条第二款）",
    "lenient.list_clause": "“，属于《…清单》第N项所列情形”，没有适用的清单事项时为空",
    "lenient.ground_text": "不予处罚理由的一句话（如 当事人初次违法，且危害后果轻微并已及时改正。）",
    "lenient.no_fault_evidence": "没有主观过错的证据",
    "lenient.correction": "改正情况",
    "lenient.has_correction": "条件：已写明改正情况",
    "lenient.correction_or_pending": "改正情况；未写明时为“待复查”",
    "lenient.measures": "“（责令限期改正的内容）”，违法行为没有其他措施时为空",
    "lenient.education": "教育的内容",
    "lenient.place": "教育地点",
    "case.path": "程序：简易程序 / 普通程序 / 普通程序（重大案件）",
    "evidence.count": "证据项数（中文数字）",
    "seizure.measure": "查封 / 扣押",
    "seizure.objects": "查封、扣押的对象：场所、设施或者财物（查封） / 财物（扣押）",
    "seizure.reason": "查封、扣押的理由",
    "seizure.basis": "查封、扣押的依据（引用形式，以顿号分隔）",
    "seizure.approver": "批准的行政机关负责人",
    "seizure.days": "查封、扣押期限（中文数字，如 三十）",
    "seizure.end": "查封、扣押期限届满日（检测、鉴定期间不计入；末日为休息日的顺延）",
    "seizure.custody": "保管方式",
    "seizure.has_test": "条件：有不计入期限的检测、检验、检疫或者技术鉴定期间",
    "seizure.test_days": "检测、检验、检疫或者技术鉴定期间（中文数字）",
    "seizure.extended": "条件：延长了查封、扣押期限",
    "seizure.extension_days": "延长的日数（中文数字）",
    "seizure.extension_reason": "延长理由",
    "seizure.extension_approver": "批准延长的负责人",
    "seizure.extended_end": "延长后的期限届满日",
    "seizure.outcome_reason": "处理理由",
    "seizure.outcome_basis": "处理依据（引用形式）",
    "seizure.released": "条件：解除查封、扣押",
    "seizure.confiscated": "条件：依法没收",
    "seizure.destroyed": "条件：依法销毁",
    "seizure.item_count": "查封、扣押的财物项数（中文数字）",
    "preservation.reason": "先行登记保存的理由",
    "preservation.approver": "批准的行政机关负责人",
    "preservation.place": "保存地点",
    "preservation.outcome": "处理决定",
    "preservation.end": "作出处理决定的期限届满日（七个工作日）",
    "hearing.start": "听证开始时间（中文形式）",
    "hearing.end": "听证结束时间",
    "hearing.period": "听证起止时间：2026年10月15日9时至11时30分",
    "hearing.place": "听证地点",
    "hearing.public": "条件：公开举行",
    "hearing.private": "条件：依法不公开举行",
    "hearing.manner": "听证方式：公开 / 不公开（涉及国家秘密、商业秘密或者个人隐私）",
    "hearing.host": "听证主持人",
    "hearing.recorder": "听证记录员",
    "hearing.attendees": "出席听证的当事人及委托代理人",
    "hearing.opinion": "听证主持人意见",
    "hearing.notice_latest": "听证会通知书最迟送达日（举行听证之日前第七个工作日）",
    "deferral.kind": "延期 / 分期",
    "deferral.delay": "条件：延期缴纳",
    "deferral.split": "条件：分期缴纳",
    "deferral.reason": "当事人申请的理由",
    "deferral.applied_on": "申请日期",
    "deferral.until": "延期缴纳至",
    "deferral.count": "分期的期数（中文数字）",
    "payment.due": "缴纳罚款期限届满日",
    "surcharge.from": "加处罚款起算日",
    "surcharge.until": "加处罚款计算至",
    "surcharge.days": "加处罚款日数（阿拉伯数字）",
    "surcharge.amount": "加处罚款数额（大写与小写）",
    "surcharge.capped": "条件：加处罚款已达到罚款数额",
    "reminder.has_surcharge": "条件：催告书日期已有加处罚款",
    "reminder.surcharge": "截至催告书日期的加处罚款（大写与小写）",
    "reminder.total": "截至催告书日期罚款与加处罚款合计",
    "enforcement.has_surcharge": "条件：申请强制执行之日已有加处罚款",
    "enforcement.surcharge": "截至申请强制执行之日的加处罚款（大写与小写）",
    "enforcement.total": "截至申请强制执行之日罚款与加处罚款合计（大写与小写）",
    "enforcement.has_statement": "条件：当事人对催告提出了陈述、申辩",
    "enforcement.statement": "当事人对催告的陈述、申辩",
    "enforcement.statement_review": "复核意见",
    "enforcement.court": "申请执行的人民法院（空则为行政诉讼管辖法院）",
    "enforcement.signer": "签名的行政机关负责人",
    "revocation.reason": "撤销立案的理由",
    "revocation.handler_opinion": "撤销立案：承办人意见",
    "revocation.check_opinion": "撤销立案：审核意见",
    "revocation.checker": "撤销立案：审核人",
    "revocation.approve_opinion": "撤销立案：审批意见",
    "revocation.approver": "撤销立案：审批人",
    "transfer.suspect": "犯罪嫌疑人",
    "transfer.crime": "涉嫌罪名",
    "transfer.crime_basis": "涉嫌犯罪所依据的刑法条文（引用形式）",
    "transfer.approver": "批准移送的负责人",
    "transfer.item_count": "涉案物品项数（中文数字）",
}

ITEM_FIELDS = {"no": "序号", "name": "名称", "spec": "规格（型号）", "quantity": "数量", "place": "存放地点", "note": "备注"}

LISTS: dict[str, dict[str, str]] = {
    "hazards": {
        "no": "序号（阿拉伯数字）", "no_cn": "序号（中文数字）", "description": "问题或隐患",
        "major": "条件：重大事故隐患", "major_mark": "“（重大事故隐患）”或空",
    },
    "violations": {
        "no": "序号（阿拉伯数字）", "no_cn": "序号（中文数字）", "name": "违法行为", "fact": "违法事实",
        "date": "违法行为发生日期",
        "violated": "违反条款（引用形式，以顿号分隔）",
        "violated_quote": "违反条款及其原文（违法行为发生时施行的版本）",
        "basis": "处罚依据（引用形式）",
        "basis_quote": "处罚依据及其原文（违法行为发生时施行的版本）",
        "level": "裁量等级", "discretion_reason": "裁量理由",
        "reason_clause": "裁量理由后接逗号（无裁量理由时为空），用于“依据…的规定，{item.reason_clause}决定…”",
        "penalty": "本项处罚内容",
        "measures": "本项非处罚措施（如 责令限期改正），以顿号分隔", "has_measures": "条件：有非处罚措施",
        "note": "从旧兼从轻或条文修改的说明（无则为空）",
    },
    "evidence": {"no": "序号", "name": "证据名称", "description": "证明内容", "pages": "页数"},
    "materials": {"no": "序号", "name": "材料名称", "copies": "份数", "pages": "页数"},
    "deliveries": {
        "no": "序号", "document": "送达文书名称", "number": "文书编号", "date": "送达日期", "place": "送达地点",
        "method": "送达方式", "recipient": "受送达人或签收人",
    },
    "seizure.items": ITEM_FIELDS,
    "preservation.items": ITEM_FIELDS,
    "transfer.items": ITEM_FIELDS,
    "hearing.record": {"no": "序号", "speaker": "发言人", "text": "发言内容"},
    "deferral.installments": {"no": "序号", "no_cn": "期数（中文数字）", "date": "缴纳期限", "amount": "金额（大写与小写）"},
}

PER: dict[str, dict[str, str]] = {
    "interviews": {
        "start": "询问开始时间", "end": "询问结束时间", "place": "询问地点", "number": "第几次询问（中文数字）",
        "name": "被询问人姓名", "sex": "性别", "age": "年龄", "id_number": "公民身份号码", "employer": "工作单位",
        "job_title": "职务", "address": "住址", "phone": "联系电话", "present": "在场人",
        "questioner": "询问人姓名", "questioner_cert": "询问人执法证号", "recorder": "记录人姓名",
        "recorder_cert": "记录人执法证号",
    },
}

PER_LISTS: dict[str, dict[str, str]] = {
    "this.qa": {"no": "序号", "q": "问", "a": "答"},
}


def numbers_vars(form_ids) -> dict[str, str]:
    """`numbers.FORM` = the number of another document of the case (e.g. {numbers.rectification_order})."""
    return {f"numbers.{fid}": f"{fid} 的文书编号" for fid in form_ids}


# ------------------------------------------------------------------------------------------------ values

@dataclass
class Context:
    values: dict[str, Any]
    lists: dict[str, list[dict[str, Any]]]
    per: dict[str, list[dict[str, Any]]]
    per_lists: dict[str, list[list[dict[str, Any]]]]
    quotes: dict[tuple[str, str, str], Any] = field(default_factory=dict)   # (ref, date, role) -> Quote
    violation_quotes: list[tuple[list, list]] = field(default_factory=list)   # per violation: (违反条款, 处罚依据)
    adopted: tuple = ()      # the 裁量基准 (Benchmark) the case's unit adopted, in its order of priority
    calendar: Any = None     # the unit's HolidayCalendar (webapp/services/workdays.py) for legal periods
    leniency: Any = None     # the case's CaseLeniency (leniency.py): lenient-list entries assessed on its facts
    ref_problems: dict[str, list[str]] = field(default_factory=dict)   # case path -> provisions that do not resolve
    ref_texts: dict[str, list[str]] = field(default_factory=dict)      # case path -> the provisions' texts

    def with_document(self, title: str, number: str, date: str | None) -> Context:
        v = dict(self.values)
        v.update({"document.title": title, "document.number": number, "document.date": cf.cn_date(date),
                  "document.date_upper": cf.cn_date_upper(date)})
        return replace(self, values=v)

    def changed_laws(self) -> set[str]:
        """Keys of laws cited with a version that differs from the one in force on the decision date."""
        from indexer.refs import Ref
        return {Ref.parse(q.ref).law for q in self.quotes.values()
                if getattr(q, "changed_later", False) or getattr(q, "missing_version", "")}


def sentence(text: str) -> str:
    """Text that ends a sentence: '…' -> '…。' (unless it already ends with closing punctuation)."""
    t = (text or "").strip()
    if t and t[-1] not in "。！？；：”’）)…":
        t += "。"
    return t


def _cn_count(n: int) -> str:
    return int_to_cn(n) if n else "零"


def _join_items(nums: list[int]) -> str:
    return "第" + "、".join(str(n) for n in nums) + "项" if nums else ""


def penalty_text(v) -> str:
    """One violation's penalty: 警告，罚款人民币肆万元整（¥40,000.00）"""
    parts = []
    if v.warning:
        parts.append("警告")
    if v.fine is not None and v.fine > 0:
        parts.append(f"罚款{cf.amount_text(v.fine)}")
    if v.confiscation:
        parts.append(f"没收{v.confiscation}")
    parts.extend(v.other_penalties)
    return "，".join(parts)


def summary_text(case: Case) -> str:
    warning = any(v.warning for v in case.violations)
    parts = ["警告"] if warning else []
    total = case.total_fine
    if total > 0:
        parts.append(f"罚款{cf.amount_text(total)}")
    for v in case.violations:
        if v.confiscation:
            parts.append(f"没收{v.confiscation}")
    for p in dict.fromkeys(p for v in case.violations for p in v.other_penalties):
        parts.append(p)
    return "，".join(parts)


def needs_hearing(case: Case) -> bool:
    """行政处罚法第六十三条: 较大数额罚款 (threshold from the unit settings) or a heavy penalty kind."""
    threshold = case.unit.hearing_threshold_org if case.is_org else case.unit.hearing_threshold_person
    if case.total_fine >= threshold:
        return True
    heavy = ("吊销", "降低资质等级", "责令停产停业", "责令关闭", "限制从业", "暂扣")
    return any(any(h in p for h in heavy) for v in case.violations for p in v.other_penalties) or \
        any(v.confiscation for v in case.violations)


def add_days(date: str, days: int) -> str:
    day = cf.to_date(date) if date else None
    return (day + dt.timedelta(days=days)).isoformat() if day else ""


def hearing_deadline(case: Case, calendar=None) -> str:
    """The last day to ask for a hearing: five working days after the notice is served (行政处罚法第六十四条第（一）项,
    第八十五条); '' when there is no notice or the calendar cannot count it."""
    from .deadlines import hearing_request_deadline
    day = hearing_request_deadline(case, calendar)
    return day.isoformat() if day else ""


def statement_deadline(case: Case) -> str:
    served = case.dates.notice_served or case.dates.notice
    return add_days(served, case.unit.statement_days)


def _person_vars(p: Person | None, on: dt.date) -> dict[str, object]:
    if p is None:
        return {k: "" for k in ("name", "sex", "age", "id_number", "employer", "job_title", "address", "phone")}
    age = p.age if p.age is not None else age_on(p.id_number, on) if p.id_number else None
    return {"name": p.name, "sex": p.sex or (id_sex(p.id_number) or "" if p.id_number else ""),
            "age": "" if age is None else str(age), "id_number": p.id_number, "employer": p.employer,
            "job_title": p.job_title, "address": p.address, "phone": p.phone}


def build_context(case: Case, lib, *, form_titles: dict[str, str], numbers: dict[str, str],
                  today: dt.date | None = None, calendar=None) -> Context:
    from .lawtext import quote, role_for, span_note

    today = today or dt.date.today()
    d = case.dates
    decision_date = d.decision or today.isoformat()
    u, p = case.unit, case.party
    v: dict[str, object] = {}

    v.update({
        "unit.name": u.name, "unit.short_name": u.short_name, "unit.address": u.address,
        "unit.postcode": u.postcode, "unit.contact": u.contact, "unit.phone": u.phone,
        "unit.review_authority": u.review_authority, "unit.court": u.court,
        "unit.statement_days": int_to_cn(u.statement_days) if u.statement_days > 0 else "",
    })
    birth_on = cf.to_date(decision_date)
    age = (age_on(p.id_number, birth_on) if birth_on and p.kind == "个人" and p.id_number and id_birth_date(p.id_number)
           else None)
    v.update({
        "party.kind": p.kind, "party.is_org": p.kind == "单位", "party.is_person": p.kind == "个人",
        "party.you": "你单位" if p.kind == "单位" else "你",
        "party.name": p.name, "party.credit_code": p.credit_code, "party.id_number": p.id_number,
        "party.id_label": "统一社会信用代码" if p.kind == "单位" else "公民身份号码",
        "party.id_value": p.credit_code if p.kind == "单位" else p.id_number,
        "party.address": p.address, "party.postcode": p.postcode, "party.phone": p.phone,
        "party.legal_rep": p.legal_rep, "party.legal_rep_title": p.legal_rep_title,
        "party.sex": p.sex or (id_sex(p.id_number) or "" if p.kind == "个人" and p.id_number else ""),
        "party.age": "" if age is None else str(age),
        "party.employer": p.employer, "party.job_title": p.job_title,
    })
    v.update({
        "case.id": case.id, "case.title": case.title, "case.cause": case.cause, "case.source": case.source,
        "case.summary": case.summary, "case.procedure": case.procedure,
    })
    o1, o2 = case.officer(1), case.officer(2)
    v.update({
        "officer1.name": o1.name if o1 else "", "officer1.cert_no": o1.cert_no if o1 else "",
        "officer2.name": o2.name if o2 else "", "officer2.cert_no": o2.cert_no if o2 else "",
        "officers.names": "、".join(o.name for o in case.officers),
        "officers.with_certs": "、".join(f"{o.name}（执法证号：{o.cert_no}）" for o in case.officers),
    })

    ins = case.inspection
    hazards = ins.hazards if ins else []
    if ins:
        start, end = cf.to_datetime(ins.start), cf.to_datetime(ins.end)
        period = cf.cn_datetime(ins.start) + "至" + (cf.cn_time(ins.end) if start and end and start.date() == end.date()
                                                     else cf.cn_datetime(ins.end))
    else:
        period = ""
    v.update({
        "inspection.place": ins.place if ins else "", "inspection.start": cf.cn_datetime(ins.start) if ins else "",
        "inspection.end": cf.cn_datetime(ins.end) if ins else "", "inspection.period": period,
        "inspection.onsite_person": ins.onsite_person if ins else "",
        "inspection.onsite_person_title": ins.onsite_person_title if ins else "",
        "inspection.onsite_person_phone": ins.onsite_person_phone if ins else "",
        "inspection.situation": sentence(ins.situation) if ins else "",
        "hazards.count": _cn_count(len(hazards)), "hazards.any": bool(hazards),
        "hazards.has_major": any(h.major for h in hazards),
        "hazards.major_items": _join_items([i for i, h in enumerate(hazards, 1) if h.major]),
        "hazards.has_immediate": any(h.immediate for h in hazards),
        "hazards.immediate_items": _join_items([i for i, h in enumerate(hazards, 1) if h.immediate]),
    })
    r = case.rectification
    v.update({
        "rectification.deadline": cf.cn_date(r.deadline) if r else "",
        "rectification.measures": r.measures if r else "",
        "rectification.recheck_opinion": sentence(r.recheck_opinion) if r else "",
        "rectification.passed": bool(r and r.recheck_passed is True),
        "rectification.failed": bool(r and r.recheck_passed is False),
    })

    # violations with statute quotations
    quotes: dict[tuple[str, str, str], Any] = {}
    role_cache: dict[str, str | None] = {}

    def q(ref: str, vdate: str, role: str | None):
        key = (ref, vdate, role or "")
        if key not in quotes:
            quotes[key] = quote(lib, ref, vdate, decision_date, role=role)
        return quotes[key]

    vio_items, vio_quotes = [], []
    for i, vi in enumerate(case.violations, 1):
        vdate = vi.act_date or decision_date
        role = role_cache.setdefault(vi.catalogue_id, _catalogue_role(vi.catalogue_id)) if vi.catalogue_id else None
        role = role_for(p.kind, role)
        vq = [q(ref, vdate, None) for ref in vi.violated]
        bq = [q(ref, vdate, role) for ref in vi.basis]
        vio_quotes.append((vq, bq))
        notes = [span_note(lib, ref, vi.date, vi.date_end) for ref in vi.violated + vi.basis] \
            if vi.date and vi.date_end and vi.date_end > vi.date else []
        # the officer's 适用法律说明 replaces the automatic note where the code could not choose the version
        explained = bool(vi.law_choice.strip())
        notes += [x.note for x in vq + bq if x.note and not (explained and x.changed_later and not x.decided)]
        if explained:
            notes.append(sentence(vi.law_choice))
        vio_items.append({
            "no": str(i), "no_cn": int_to_cn(i), "name": vi.name, "fact": sentence(vi.fact), "date": cf.cn_date(vi.date),
            "violated": "、".join(x.citation or x.ref for x in vq),
            "violated_quote": "、".join(x.sentence() if x.ok else x.ref for x in vq),
            "basis": "、".join(x.citation or x.ref for x in bq),
            "basis_quote": "、".join(x.sentence() if x.ok else x.ref for x in bq),
            "level": vi.level, "discretion_reason": vi.discretion_reason,
            "reason_clause": (vi.discretion_reason.rstrip("，。；, ") + "，") if vi.discretion_reason.strip() else "",
            "penalty": penalty_text(vi),
            "measures": "、".join(vi.other_measures), "has_measures": bool(vi.other_measures),
            "note": "".join(dict.fromkeys(notes)),
        })
    first = min((vi.date for vi in case.violations if vi.date), default="")
    v.update({
        "violations.count": _cn_count(len(case.violations)), "violations.multiple": len(case.violations) > 1,
        "violations.names": "、".join(vi.name for vi in case.violations),
        "violations.first_date": cf.cn_date(first),
        "violations.has_notes": any(it["note"] for it in vio_items),
        "violations.facts": "\n".join(f"（{it['no_cn']}）{it['fact']}" for it in vio_items),
        "violations.proposals": "\n".join(
            f"第{it['no_cn']}项：违反了{it['violated']}的规定，依据{it['basis']}的规定，"
            f"{it['reason_clause']}建议给予{it['penalty']}的行政处罚。" for it in vio_items),
    })
    ev_items = [{"no": str(i), "name": e.name, "description": e.description,
                 "pages": "" if e.pages is None else str(e.pages)} for i, e in enumerate(case.evidence, 1)]
    v.update({
        "evidence.list": "；".join(f"{i}.{e.name}" + (f"（{e.description}）" if e.description else "")
                                  for i, e in enumerate(case.evidence, 1)),
        "evidence.any": bool(case.evidence),
    })
    total = case.total_fine
    v.update({
        "penalty.summary": summary_text(case), "penalty.has_fine": total > 0,
        "penalty.fine": cf.amount_text(total) if total > 0 else "",
        "penalty.fine_capitals": cf.amount_capitals(total) if total > 0 else "",
        "penalty.fine_figures": cf.amount_figures(total) if total > 0 else "",
        "penalty.needs_hearing": needs_hearing(case),
    })
    st = case.statement
    v.update({
        "statement.made": st.made, "statement.waived": st.waived and not st.made,
        "statement.none": not st.made and not st.waived,
        "statement.start": cf.cn_datetime(st.start), "statement.end": cf.cn_datetime(st.end),
        "statement.place": st.place, "statement.speaker": st.speaker.name if st.speaker else "",
        "statement.speaker_title": st.speaker.job_title if st.speaker else "",
        "statement.speaker_phone": st.speaker.phone if st.speaker else "",
        "statement.agent": st.agent, "statement.content": sentence(st.content), "statement.review": sentence(st.review),
        "statement.adopted": st.made and st.adopted is True, "statement.rejected": st.made and st.adopted is False,
        "statement.deadline": cf.cn_date(statement_deadline(case)),
    })
    h = case.hearing
    held = bool(h.requested and d.hearing)
    v.update({
        "hearing.notified": h.notified, "hearing.requested": h.requested,
        "hearing.not_requested": h.notified and not h.requested, "hearing.held": held,
        "hearing.summary": sentence(h.summary), "hearing.deadline": cf.cn_date(hearing_deadline(case, calendar)),
    })
    parts = []
    if st.made:
        parts.append(f"当事人于{cf.cn_date(d.statement)}提出陈述、申辩：{sentence(st.content)}复核意见：{sentence(st.review)}")
    elif st.waived:
        parts.append("当事人明确放弃陈述、申辩。")
    else:
        parts.append("当事人未提出陈述、申辩。")
    if h.notified:
        parts.append(f"已于{cf.cn_date(d.notice)}告知听证权利，" +
                     (f"于{cf.cn_date(d.hearing)}举行听证。{sentence(h.summary)}" if held else "当事人未要求听证。"))
    v["statement.summary"] = "".join(parts)
    rv = case.review
    v.update({
        "review.reviewer": rv.reviewer, "review.opinion": rv.opinion, "review.approved": rv.approved,
        "review.discussed": rv.discussed, "review.discussion_conclusion": rv.discussion_conclusion,
    })
    fa, ca = case.filing_approval, case.closing.approval
    v.update({
        "filing.handler_opinion": fa.handler_opinion, "filing.check_opinion": fa.check_opinion,
        "filing.checker": fa.checker, "filing.approve_opinion": fa.approve_opinion, "filing.approver": fa.approver,
        "closing.result": case.closing.result, "closing.execution": case.closing.execution,
        "closing.handler_opinion": ca.handler_opinion, "closing.check_opinion": ca.check_opinion,
        "closing.checker": ca.checker, "closing.approve_opinion": ca.approve_opinion, "closing.approver": ca.approver,
    })
    t = case.transfer
    mats = [{"no": str(i), "name": m.name, "copies": str(m.copies), "pages": "" if m.pages is None else str(m.pages)}
            for i, m in enumerate(t.materials if t else [], 1)]
    v.update({
        "transfer.receiver": t.receiver if t else "", "transfer.reason": sentence(t.reason) if t else "",
        "transfer.criminal": bool(t and t.kind == "犯罪"), "transfer.competence": bool(t and t.kind == "管辖"),
        "transfer.material_count": _cn_count(len(mats)),
    })
    pay = case.payment
    v.update({
        "payment.bank": pay.bank if pay else "", "payment.account_name": pay.account_name if pay else "",
        "payment.account": pay.account if pay else "", "payment.paid_on": cf.cn_date(pay.paid_on) if pay else "",
        "payment.receipt_no": pay.receipt_no if pay else "",
    })
    on = case.onsite
    v.update({
        "onsite.time": cf.cn_datetime(on.time) if on else "", "onsite.place": on.place if on else "",
        "onsite.collected": bool(on and on.collected), "onsite.not_collected": not (on and on.collected),
        "onsite.receipt_no": on.receipt_no if on else "",
    })
    for name in ("inspection", "order", "recheck", "filing", "notice", "statement", "hearing", "review",
                 "decision", "service", "transfer", "closing", "seizure", "seizure_extension", "seizure_outcome",
                 "preservation", "preservation_outcome", "hearing_request", "hearing_notice", "hearing_report",
                 "deferral", "surcharge", "reminder", "enforcement", "transfer_report", "transfer_approval",
                 "revocation", "education"):
        v[f"dates.{name}"] = cf.cn_date(getattr(d, name))
    v["dates.notice_served"] = cf.cn_date(d.notice_served or d.notice)
    v["dates.hearing_notice_served"] = cf.cn_date(d.hearing_notice_served or d.hearing_notice)
    v["dates.reminder_served"] = cf.cn_date(d.reminder_served or d.reminder)
    measures = _measure_values(case, lib, calendar, decision_date)
    v.update(measures.values)
    v["evidence.count"] = _cn_count(len(case.evidence))

    v.update(_credit_vars(case))
    for fid in form_titles:
        v[f"numbers.{fid}"] = numbers.get(fid, "")
    v["decision.number"] = next((numbers[k] for k in ("decision_org", "decision_person", "onsite_decision")
                                 if numbers.get(k)), "")
    if d.decision:
        v["closing.decision"] = f"{v['decision.number']}（{cf.cn_date(d.decision)}）" if v["decision.number"] else cf.cn_date(d.decision)
    else:
        why = ("撤销立案" if case.revocation is not None else
               "涉嫌犯罪，已移送公安机关" if case.transfer is not None and case.transfer.kind == "犯罪" else "")
        v["closing.decision"] = "未作出行政处罚决定" + (f"（{why}）" if why else "")

    deliveries = [{"no": str(i), "document": form_titles.get(x.document, x.document),
                   "number": numbers.get(x.document, ""), "date": cf.cn_date(x.date), "place": x.place,
                   "method": x.method, "recipient": x.recipient} for i, x in enumerate(case.deliveries, 1)]
    haz_items = [{"no": str(i), "no_cn": int_to_cn(i), "description": hz.description, "major": hz.major,
                  "major_mark": "（重大事故隐患）" if hz.major else ""} for i, hz in enumerate(hazards, 1)]

    per_interviews, per_qa = [], []
    for it in case.interviews:
        on_date = cf.to_date(it.start) or today
        pv = _person_vars(it.interviewee, on_date)
        questioner = case.officer(3 - it.recorder) if it.recorder in (1, 2) else case.officer(1)
        recorder = case.officer(it.recorder)
        per_interviews.append({
            "start": cf.cn_datetime(it.start), "end": cf.cn_datetime(it.end), "place": it.place,
            "number": int_to_cn(it.number), **pv, "present": it.present,
            "questioner": questioner.name if questioner else "", "questioner_cert": questioner.cert_no if questioner else "",
            "recorder": recorder.name if recorder else "", "recorder_cert": recorder.cert_no if recorder else "",
        })
        per_qa.append([{"no": str(i), "q": x.q, "a": x.a} for i, x in enumerate(it.qa, 1)])

    return Context(
        values=v,
        lists={"hazards": haz_items, "violations": vio_items, "evidence": ev_items, "materials": mats,
               "deliveries": deliveries, **measures.lists},
        per={"interviews": per_interviews},
        per_lists={"this.qa": per_qa},
        quotes=quotes,
        violation_quotes=vio_quotes,
        calendar=calendar,
        ref_problems=measures.problems,
        ref_texts=measures.texts,
    )


def _credit_vars(case: Case) -> dict[str, object]:
    """The credit.* values: empty for a case without a decision date or for a natural person."""
    from webapp.services.credit.rules import eligibility, load_rules
    from webapp.services.errors import ServiceError
    if not case.dates.decision or case.party.kind != "单位":
        return {}
    try:
        rules, e = load_rules(), eligibility(case)
    except ServiceError:
        return {}
    measures = "、".join(dict.fromkeys(m for x in case.violations for m in x.other_measures))
    pay = (f"缴清罚款{cf.amount_text(case.total_fine)}" if case.total_fine > 0 else "履行行政处罚决定")
    paid = f"（已于{cf.cn_date(e.paid_on)}缴纳）" if e.paid_on and case.total_fine > 0 else ""
    duties = [f"（一）按照行政处罚决定书的要求改正违法行为{('（' + measures + '）') if measures else ''}；",
              f"（二）全面履行行政处罚决定，{pay}{paid}；",
              "（三）申请时公开作出信用承诺，承诺所提交材料真实有效，并愿意承担违反承诺的相应责任。"]
    cond = [f"（{int_to_cn(i)}）{c}{'。' if i == len(rules.conditions) else '；'}"
            for i, c in enumerate(rules.conditions, 1)]
    return {"credit.level": e.level.label, "credit.is_minor": e.level.min_months == 0, "credit.rule": rules.cited,
            "credit.period": e.level.text.removeprefix(e.level.label + "失信信息").removeprefix("的"),
            "credit.earliest": cf.cn_date(e.earliest), "credit.earliest_text": e.earliest_text,
            "credit.where": rules.where, "credit.conditions": "\n".join(cond), "credit.duties": "\n".join(duties),
            "credit.after_min": rules.after_min}


def _catalogue_role(catalogue_id: str) -> str | None:
    from .catalogue import entry
    e = entry(catalogue_id)
    return e.get("subject_role") if e else None



# ------------------------------------------------------------------------------------------------ issue 15

@dataclass
class _Measures:
    values: dict[str, Any]
    lists: dict[str, list[dict[str, Any]]]
    problems: dict[str, list[str]]
    texts: dict[str, list[str]]


def _items(items) -> list[dict[str, Any]]:
    return [{"no": str(i), "name": x.name, "spec": x.spec, "quantity": x.quantity, "place": x.place, "note": x.note}
            for i, x in enumerate(items, 1)]


def path_label(case: Case) -> str:
    from .paths import PATH_LABELS, path_of
    return PATH_LABELS[path_of(case)]


def _measure_values(case: Case, lib, calendar, decision_date: str) -> _Measures:
    """Values of the measures, hearing, payment and enforcement forms: statute citations of the case's own
    references (with what does not resolve), and the periods computed on the holiday calendar."""
    from . import deadlines as dl
    from .lawtext import quote

    problems: dict[str, list[str]] = {}
    texts: dict[str, list[str]] = {}

    def cite(path: str, refs: list[str], on: str) -> str:
        out = []
        for ref in refs:
            q = quote(lib, ref, on or decision_date)
            if q.error:
                problems.setdefault(path, []).append(f"“{ref}”：{q.error}")
                out.append(ref)
            else:
                texts.setdefault(path, []).append(q.text)
                out.append(q.citation)
        return "、".join(out)

    d = case.dates
    ends = {x.rule.id: x for x in dl.deadlines(case, calendar)}

    def end_of(*ids: str) -> str:
        for i in ids:
            day = ends[i].end if i in ends else None
            if day is not None:
                return cf.cn_date(day.isoformat())
        return ""

    v: dict[str, Any] = {"case.path": path_label(case)}
    s = case.seizure
    v.update({
        "seizure.measure": s.measure if s else "", "seizure.objects": ("场所、设施或者财物" if s.measure == "查封" else "财物")
        if s else "", "seizure.reason": sentence(s.reason) if s else "",
        "seizure.basis": cite("seizure.basis", s.basis, d.seizure) if s else "",
        "seizure.approver": s.approver if s else "", "seizure.days": int_to_cn(s.days) if s and s.days > 0 else "",
        "seizure.end": end_of("seizure.period", "seizure.extension_in_time"), "seizure.custody": sentence(s.custody) if s else "",
        "seizure.has_test": bool(s and s.test_days > 0), "seizure.test_days": int_to_cn(s.test_days) if s and s.test_days > 0 else "",
        "seizure.extended": bool(s and s.extension_days > 0),
        "seizure.extension_days": int_to_cn(s.extension_days) if s and s.extension_days > 0 else "",
        "seizure.extension_reason": s.extension_reason.rstrip("。，, ") if s else "",
        "seizure.extension_approver": s.extension_approver if s else "", "seizure.extended_end": end_of("seizure.extended"),
        "seizure.outcome_reason": sentence(s.outcome_reason) if s else "",
        "seizure.outcome_basis": cite("seizure.outcome_basis", s.outcome_basis, d.seizure_outcome) if s else "",
        "seizure.released": bool(s and s.outcome == "解除"), "seizure.confiscated": bool(s and s.outcome == "没收"),
        "seizure.destroyed": bool(s and s.outcome == "销毁"), "seizure.item_count": _cn_count(len(s.items) if s else 0),
    })
    p = case.preservation
    v.update({
        "preservation.reason": sentence(p.reason).rstrip("。") + "，" if p and p.reason.strip() else "",
        "preservation.approver": p.approver if p else "", "preservation.place": p.place if p else "",
        "preservation.outcome": sentence(p.outcome) if p else "", "preservation.end": end_of("preservation.outcome"),
    })
    h = case.hearing
    period = ""
    if h.start:
        start, end = cf.to_datetime(h.start), cf.to_datetime(h.end) if h.end else None
        period = cf.cn_datetime(h.start)
        if end is not None:
            same_day = start is not None and start.date() == end.date()
            period += "至" + (cf.cn_time(h.end) if same_day else cf.cn_datetime(h.end))
    notice = ends.get("hearing.notice")
    latest = notice.end if notice is not None else None
    v.update({
        "hearing.start": cf.cn_datetime(h.start), "hearing.end": cf.cn_datetime(h.end), "hearing.period": period,
        "hearing.place": h.place, "hearing.public": h.public, "hearing.private": not h.public,
        "hearing.manner": "公开" if h.public else "不公开（涉及国家秘密、商业秘密或者个人隐私）",
        "hearing.host": h.host, "hearing.recorder": h.recorder, "hearing.attendees": h.attendees,
        "hearing.opinion": sentence(h.opinion), "hearing.notice_latest": cf.cn_date(latest.isoformat()) if latest else "",
    })
    df = case.deferral
    v.update({
        "deferral.kind": df.kind if df else "", "deferral.delay": bool(df and df.kind == "延期"),
        "deferral.split": bool(df and df.kind == "分期"), "deferral.reason": sentence(df.reason) if df else "",
        "deferral.applied_on": cf.cn_date(df.applied_on) if df else "", "deferral.until": cf.cn_date(df.end) if df else "",
        "deferral.count": _cn_count(len(df.installments)) if df else "",
    })
    fine = case.total_fine
    due = dl.payment_due(case, calendar) if fine > 0 and d.service else None
    sur = dl.surcharge(case, calendar) if fine > 0 else None
    e = case.enforcement
    for key, on in (("reminder", d.reminder), ("enforcement", d.enforcement)):
        now = dl.surcharge(case, calendar, on) if fine > 0 and on else None
        v.update({f"{key}.has_surcharge": bool(now and now.amount > 0),
                  f"{key}.surcharge": cf.amount_text(now.amount) if now and now.amount > 0 else "",
                  f"{key}.total": cf.amount_text(fine + (now.amount if now else 0)) if fine > 0 else ""})
    v.update({
        "payment.due": cf.cn_date(due.isoformat()) if due else "",
        "surcharge.from": cf.cn_date(sur.from_day.isoformat()) if sur else "",
        "surcharge.until": cf.cn_date(sur.until.isoformat()) if sur else "",
        "surcharge.days": str(sur.days) if sur else "", "surcharge.amount": cf.amount_text(sur.amount) if sur and sur.amount else "",
        "surcharge.capped": bool(sur and sur.capped),
        "enforcement.has_statement": bool(e and e.statement.strip()),
        "enforcement.statement": sentence(e.statement) if e else "",
        "enforcement.statement_review": sentence(e.statement_review) if e else "",
        "enforcement.court": (e.court if e and e.court else case.unit.court),
        "enforcement.signer": e.signer if e else "",
    })
    r = case.revocation
    a = r.approval if r else None
    v.update({
        "revocation.reason": sentence(r.reason) if r else "",
        "revocation.handler_opinion": a.handler_opinion if a else "", "revocation.check_opinion": a.check_opinion if a else "",
        "revocation.checker": a.checker if a else "", "revocation.approve_opinion": a.approve_opinion if a else "",
        "revocation.approver": a.approver if a else "",
    })
    t = case.transfer
    v.update({
        "transfer.suspect": t.suspect if t else "", "transfer.crime": t.crime if t else "",
        "transfer.crime_basis": cite("transfer.crime_basis", t.crime_basis, d.transfer or decision_date) if t else "",
        "transfer.approver": t.approver if t else "", "transfer.item_count": _cn_count(len(t.items) if t else 0),
    })
    lists = {
        "seizure.items": _items(s.items if s else []), "preservation.items": _items(p.items if p else []),
        "transfer.items": _items(t.items if t else []),
        "hearing.record": [{"no": str(i), "speaker": x.speaker, "text": x.text} for i, x in enumerate(h.record, 1)],
        "deferral.installments": [{"no": str(i), "no_cn": int_to_cn(i), "date": cf.cn_date(x.date),
                                   "amount": cf.amount_text(x.amount)} for i, x in enumerate(df.installments if df else [], 1)],
    }
    return _Measures(v, lists, problems, texts)
