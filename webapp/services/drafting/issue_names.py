"""Chinese names of the validation issue codes (validate.py), for the pages an officer reads.

The codes stay the stable keys (tests, confirmations, the audit trail use them); people see these names.
Families share a name through their prefix: party.credit_code_check → party.credit_code."""

from __future__ import annotations

import re

NAMES = {
    "version.missing": "法规库缺少违法行为发生时的版本", "law.superseded": "该法规已被新法取代",
    "leniency.unexplained": "从旧兼从轻未说明", "procedure.version": "程序条款版本",
    "catalogue.subject": "违法主体与目录不符", "catalogue.unknown": "目录中没有该违法行为",
    "citation": "条文引用核对", "citation.check": "条文引用核对", "citation.not_found": "引用的条文不存在",
    "citation.unavailable": "条文引用无法核对",
    "closing.execution": "结案：执行情况", "closing.result": "结案：处理结果", "closing.unpaid": "结案：罚款未缴清",
    "dates.closing": "结案日期", "dates.filing": "立案日期", "dates.inspection": "检查日期",
    "dates.notice": "告知日期", "dates.order": "日期先后顺序", "dates.recheck": "复查日期",
    "dates.review": "法制审核日期", "dates.statement": "陈述申辩日期", "dates.transfer": "移送日期",
    "decision.address": "决定书：当事人地址", "decision.date": "决定日期", "decision.deadline_90": "决定期限（九十日）",
    "decision.deadline_extended": "延长的决定期限", "decision.evidence": "决定书：证据",
    "decision.filing": "决定书：立案", "decision.no_notice": "决定前未告知", "decision.notice_number": "告知书编号",
    "decision.payment": "缴款方式", "decision.unit": "执法机关信息",
    "evidence.none": "没有证据", "filing.cause": "立案：案由", "filing.summary": "立案：案件基本情况",
    "discretion.example": "示例档次不能写入文书", "discretion.missing": "未填写裁量阶次",
    "discretion.unquoted": "裁量理由未引用基准", "fine.conditional": "罚款适用条件", "fine.level": "裁量档次", "fine.level_unknown": "裁量档次不明",
    "fine.range": "罚款幅度", "fine.range_unknown": "罚款幅度不明", "form.party": "文书与当事人类型不符",
    "hearing.not_held": "听证未举行", "hearing.not_needed": "无须听证", "hearing.not_notified": "未告知听证权利",
    "hearing.window": "听证申请期限",
    "inspection.end": "检查结束时间", "inspection.missing": "缺少现场检查", "inspection.place": "检查场所",
    "inspection.start": "检查开始时间",
    "interview.missing": "缺少询问笔录", "interview.name": "被询问人姓名", "interview.place": "询问地点",
    "interview.qa": "询问问答", "interviewee": "被询问人身份信息",
    "lenient": "不予行政处罚", "lenient.qualifies": "符合轻罚免罚条件", "lenient.penalty": "不予处罚却有处罚内容",
    "lenient.not_first": "非初次违法", "lenient.harm": "危害后果", "lenient.education": "教育内容",
    "lenient.not_corrected": "未及时改正", "lenient.list": "轻罚免罚清单条件", "lenient.ground": "不予处罚的理由",
    "lenient.no_fault": "没有主观过错的证据", "lenient.not_decided": "未决定不予处罚", "lenient.correction": "改正情况",
    "dates.education": "教育日期", "dates.decision": "决定日期",
    "leniency.changed": "法律修改（从旧兼从轻）", "leniency.milder": "新法较轻（从旧兼从轻）", "limitation": "追责时效",
    "notice.hearing_number": "听证告知书编号", "officers.two": "执法人员人数",
    "onsite.collect": "当场收缴罚款", "onsite.kind": "当场处罚的条件", "onsite.limit": "当场处罚的罚款限额",
    "onsite.receipt": "专用票据号", "onsite.time_place": "当场处罚时间地点",
    "order.deadline": "整改期限", "order.hazards": "责令整改的问题",
    "party": "当事人信息", "party.name": "当事人名称", "party.credit_code": "统一社会信用代码",
    "party.id": "公民身份号码",
    "penalty.none": "没有处罚内容", "procedure.mismatch": "程序不符",
    "recheck.opinion": "复查意见", "recheck.order_number": "整改指令书编号",
    "remedy.court": "行政诉讼法院", "remedy.review": "行政复议机关",
    "review.opinion": "法制审核意见", "review.recommended": "建议法制审核", "review.required": "须经法制审核",
    "review.reviewer": "法制审核人员",
    "service.date": "送达日期", "service.electronic": "电子送达确认", "service.late": "送达时间", "service.none": "缺少送达记录",
    "statement.content": "陈述申辩内容", "statement.speaker": "陈述申辩人", "statement.window": "陈述申辩期限",
    "transfer.materials": "移送材料", "transfer.missing": "缺少移送内容", "transfer.reason": "移送理由",
    "transfer.receiver": "受移送机关", "unit.contact": "执法机关联系方式",
    "violations.basis": "处罚依据", "violations.date": "违法行为发生日期", "violations.fact": "违法事实",
    "violations.fact_placeholder": "违法事实未补全", "violations.none": "没有违法行为",
    "violations.violated": "违反条款",
}


def issue_name(code: str) -> str:
    """The Chinese name of `code`, or of its nearest named family (cut at '_' and '.'), else 校验提示."""
    parts = re.split(r"([._])", code)
    for n in range(len(parts), 0, -2):
        name = NAMES.get("".join(parts[:n]))
        if name:
            return name
    return "校验提示"
