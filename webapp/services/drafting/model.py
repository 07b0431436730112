"""The case (案件): one object that feeds every document of a case file, so each fact is typed once.

Plain dataclasses. `Case.from_dict` / `Case.from_json` read the documented JSON form (unknown keys are an
error, so a typo in a hand-written case file is caught); `to_dict` / `to_json` write it back. `json_schema()`
derives a JSON Schema (draft 2020-12) from the same classes and their field titles; the published copy is
doc_templates/case.schema.json (a test keeps it equal to the derived one).

Conventions of the JSON form: dates `YYYY-MM-DD`; date-times `YYYY-MM-DDTHH:MM`; amounts in yuan as JSON
numbers (two decimals at most); statute references in the canonical form `安全生产法/97/1/7` (undated = the
version in force on the violation date)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from indexer.messages import json_error_text

from .cnformat import to_amount

SCHEMA_VERSION = 1
SCHEMA_ID = "https://lawdesk.invalid/schemas/case.schema.json"


def f(title: str, default: Any = dataclasses.MISSING, *, description: str = "", factory=None, **extra):
    """A dataclass field with a Chinese title (and optional description) for the schema and the web form;
    `widget="textarea"` and `choices="forms"` are hints for the wizard's generated inputs (formfields.py)."""
    meta = {"title": title}
    if description:
        meta["description"] = description
    meta.update(extra)
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


class CaseFormatError(ValueError):
    """The JSON does not fit the case model; `path` says where (e.g. 'party.kind')."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path or '案件'}：{message}")
        self.path = path
        self.message = message


# ------------------------------------------------------------------------------------------------ parts

@dataclass
class Unit:
    name: str = f("执法机关名称", description="全称，如 杭州市拱墅区应急管理局；用于落款")
    short_name: str = f("文书编号简称", description="文书编号括号内的简称，如 杭拱")
    number_format: str = f("文书编号格式", "（{short}）应急{code}〔{year}〕{seq}号",
                           description="占位符 {short} 简称、{code} 文书代字、{year} 年份、{seq} 序号")
    address: str = f("机关地址", "")
    postcode: str = f("邮政编码", "")
    contact: str = f("联系人", "")
    phone: str = f("联系电话", "")
    location: str = f("所在地区", "", description="如 浙江省杭州市拱墅区：决定适用哪些地方的轻罚免罚清单")
    review_authority: str = f("行政复议机关", "", description="如 杭州市拱墅区人民政府")
    court: str = f("行政诉讼管辖法院", "", description="按当地行政案件管辖规定填写")
    hearing_threshold_org: int = f("听证较大数额（单位，元）", 50000,
                                   description="部门规章或地方规定的较大数额标准；默认值出自二手资料，须按现行规定核对")
    hearing_threshold_person: int = f("听证较大数额（个人，元）", 20000,
                                      description="同上；默认值出自二手资料，须按现行规定核对")
    statement_days: int = f("陈述申辩期限（日）", 3,
                            description="行政处罚法未规定天数，按本机关规定填写；告知书中引用")
    benchmarks: list[str] = f("采用的裁量基准", factory=list,
                              description="本单位采用并公布的行政处罚裁量基准编号（corpus/benchmarks），按优先顺序；"
                                          "未采用时处罚裁量手册的档次只是示例，不能写入告知书和决定书")


@dataclass
class Party:
    kind: Literal["单位", "个人"] = f("当事人类型")
    name: str = f("名称或姓名")
    credit_code: str = f("统一社会信用代码", "", description="单位必填；按 GB 32100-2015 校验")
    id_number: str = f("公民身份号码", "", description="个人必填；按 GB 11643 校验")
    address: str = f("地址或住址", "")
    postcode: str = f("邮政编码", "")
    phone: str = f("联系电话", "")
    legal_rep: str = f("法定代表人（负责人）", "", description="单位")
    legal_rep_title: str = f("法定代表人职务", "", description="单位，如 执行董事")
    sex: str = f("性别", "", description="个人；空则由身份号码推出")
    employer: str = f("工作单位", "", description="个人")
    job_title: str = f("职务或岗位", "", description="个人")


@dataclass
class Officer:
    name: str = f("姓名")
    cert_no: str = f("执法证号")


@dataclass
class Person:
    """Someone questioned or present (询问笔录, 陈述申辩笔录)."""
    name: str = f("姓名")
    sex: str = f("性别", "")
    id_number: str = f("公民身份号码", "")
    age: int | None = f("年龄", None, description="空则由身份号码和询问日期推出")
    employer: str = f("工作单位", "")
    job_title: str = f("职务", "")
    address: str = f("住址", "")
    phone: str = f("联系电话", "")


@dataclass
class Hazard:
    description: str = f("问题或隐患")
    major: bool = f("属于重大事故隐患", False)
    immediate: bool = f("须立即整改", False)


@dataclass
class Inspection:
    start: str = f("检查开始时间", description="YYYY-MM-DDTHH:MM", format="date-time-minute")
    end: str = f("检查结束时间", description="YYYY-MM-DDTHH:MM", format="date-time-minute")
    place: str = f("检查场所")
    onsite_person: str = f("现场负责人", "")
    onsite_person_title: str = f("现场负责人职务", "")
    onsite_person_phone: str = f("现场负责人电话", "")
    situation: str = f("检查情况", "", description="现场检查记录的正文")
    hazards: list[Hazard] = f("发现的问题", factory=list)


@dataclass
class Rectification:
    deadline: str = f("整改期限", description="YYYY-MM-DD", format="date")
    measures: str = f("整改期间的安全措施要求", "")
    recheck_opinion: str = f("复查意见", "", widget="textarea")
    recheck_passed: bool | None = f("复查合格", None)


@dataclass
class Violation:
    name: str = f("违法行为")
    fact: str = f("违法事实", description="完整的事实陈述，用于告知书和决定书")
    violated: list[str] = f("违反条款", description="规范引用，如 安全生产法/30/1")
    basis: list[str] = f("处罚依据", description="规范引用，如 安全生产法/97/1/7")
    date: str = f("违法行为发生日期", description="决定适用哪一版本（从旧兼从轻）", format="date")
    date_end: str = f("违法行为终了日期", "", format="date",
                      description="违法行为有连续或者继续状态的，填写行为终了之日：适用终了时施行的法规，"
                                  "时效从终了之日起计算（行政处罚法第三十六条第二款）")
    law_choice: str = f("适用法律说明", "",
                        description="违法行为发生后法规修改、或法规库缺少当时施行的版本时，写明适用哪一版本及理由"
                                    "（行政处罚法第三十七条）；写入告知书和决定书")
    catalogue_id: str = f("违法行为目录编号", "", description="corpus/handbook/violations 中的 id，如 SP-001")
    level: str = f("裁量等级", "", description="如 一般、较重、严重")
    circumstances: list[str] = f("裁量情节", factory=list)
    discretion_reason: str = f("裁量理由", "", description="决定书中说明选择处罚幅度的理由")
    warning: bool = f("给予警告", False)
    fine: Decimal | None = f("罚款（元）", None)
    confiscation: str = f("没收", "", description="没收违法所得或非法财物的内容与金额")
    other_penalties: list[str] = f("其他处罚", factory=list, description="如 责令停产停业整顿")
    other_measures: list[str] = f("其他措施", factory=list, description="非处罚措施，如 责令限期改正")

    @property
    def penalised(self) -> bool:
        """A penalty is set: a warning, a fine, a confiscation or another sanction (not a measure such as
        责令限期改正)."""
        return bool(self.warning or (self.fine is not None and self.fine > 0) or self.confiscation
                    or self.other_penalties)

    @property
    def act_date(self) -> str:
        """The date whose law judges the act: the end of a continuing act, else the day it was done
        (lawtext.span_note gives the rule and its basis)."""
        return self.date_end or self.date


@dataclass
class Evidence:
    name: str = f("证据名称")
    description: str = f("证明内容", "")
    pages: int | None = f("页数", None)


@dataclass
class QA:
    q: str = f("问", widget="textarea")
    a: str = f("答", widget="textarea")


@dataclass
class Interview:
    start: str = f("询问开始时间", description="YYYY-MM-DDTHH:MM", format="date-time-minute")
    end: str = f("询问结束时间", description="YYYY-MM-DDTHH:MM", format="date-time-minute")
    place: str = f("询问地点")
    interviewee: Person = f("被询问人")
    number: int = f("第几次询问", 1)
    present: str = f("在场人", "")
    recorder: int = f("记录人（执法人员序号）", 2, description="1 或 2：officers 中的第几位")
    qa: list[QA] = f("问答", factory=list)


@dataclass
class Statement:
    """陈述申辩 (行政处罚法第四十五条) and its review."""
    made: bool = f("当事人提出陈述申辩", False)
    waived: bool = f("当事人明确放弃陈述申辩", False)
    start: str = f("陈述申辩开始时间", "", description="YYYY-MM-DDTHH:MM", format="date-time-minute")
    end: str = f("陈述申辩结束时间", "", description="YYYY-MM-DDTHH:MM", format="date-time-minute")
    place: str = f("地点", "")
    speaker: Person | None = f("陈述申辩人", None)
    agent: str = f("委托代理人", "")
    content: str = f("陈述申辩内容", "", widget="textarea")
    review: str = f("复核意见", "", widget="textarea")
    adopted: bool | None = f("意见被采纳", None)


@dataclass
class Speech:
    """One entry of the 听证笔录: who spoke and what was said."""
    speaker: str = f("发言人", description="如 主持人、调查人员李明远、当事人委托代理人")
    text: str = f("发言内容", widget="textarea")


@dataclass
class Hearing:
    notified: bool = f("已告知听证权利", False)
    requested: bool = f("当事人申请听证", False)
    waived: bool = f("当事人书面放弃听证", False)
    summary: str = f("听证情况", "")
    start: str = f("听证开始时间", "", description="YYYY-MM-DDTHH:MM；日期须与 dates.hearing 一致", format="date-time-minute")
    end: str = f("听证结束时间", "", format="date-time-minute")
    place: str = f("听证地点", "")
    public: bool = f("公开举行", True, description="涉及国家秘密、商业秘密或者个人隐私依法予以保密的不公开（行政处罚法第六十四条第（三）项）")
    host: str = f("听证主持人", "", description="行政机关指定的非本案调查人员（行政处罚法第六十四条第（四）项）")
    recorder: str = f("听证记录员", "")
    attendees: str = f("出席听证的当事人及委托代理人", "", description="如 陈立新（法定代表人）、王律师（委托代理人）")
    record: list[Speech] = f("听证笔录", factory=list)
    opinion: str = f("听证主持人意见", "", widget="textarea", description="听证会报告书中的处理意见和建议")


@dataclass
class Review:
    """法制审核 (行政处罚法第五十八条) and 集体讨论 (第五十七条第二款)."""
    reviewer: str = f("法制审核人员", "")
    opinion: str = f("法制审核意见", "")
    approved: bool = f("法制审核通过", False)
    discussed: bool = f("经集体讨论", False)
    discussion_conclusion: str = f("集体讨论结论", "")


@dataclass
class Approval:
    """An internal approval form's three opinions (立案审批表, 结案审批表)."""
    handler_opinion: str = f("承办人意见", "", widget="textarea")
    check_opinion: str = f("审核意见", "", widget="textarea")
    checker: str = f("审核人", "")
    approve_opinion: str = f("审批意见", "", widget="textarea")
    approver: str = f("审批人", "")


@dataclass
class Material:
    name: str = f("材料名称")
    copies: int = f("份数", 1)
    pages: int | None = f("页数", None)


@dataclass
class Item:
    """A thing listed on a 清单: seized goods, preserved evidence, goods of a criminal case."""
    name: str = f("名称")
    spec: str = f("规格（型号）", "")
    quantity: str = f("数量", "", description="含计量单位，如 2台、48箱")
    place: str = f("存放地点", "")
    note: str = f("备注", "")


@dataclass
class Transfer:
    kind: Literal["犯罪", "管辖"] = f("移送类型", description="犯罪：涉嫌犯罪移送司法机关；管辖：移送其他有关部门")
    receiver: str = f("受移送机关")
    reason: str = f("移送理由", widget="textarea")
    materials: list[Material] = f("移送材料", factory=list)
    suspect: str = f("犯罪嫌疑人", "", description="涉嫌犯罪移送：涉嫌犯罪的单位或者个人")
    crime: str = f("涉嫌罪名", "", description="如 买卖国家机关证件罪")
    crime_basis: list[str] = f("涉嫌犯罪所依据的刑法条文", factory=list, description="规范引用，如 刑法/280/1")
    items: list[Item] = f("涉案物品", factory=list, description="涉案物品清单（行政执法机关移送涉嫌犯罪案件的规定第六条）")
    approver: str = f("批准移送的负责人", "", description="本机关正职负责人或者主持工作的负责人（同上第五条）")


@dataclass
class Seizure:
    """查封、扣押 (行政强制法 第二十二条至第二十八条)."""
    reason: str = f("查封、扣押的理由", widget="textarea")
    measure: Literal["查封", "扣押"] = f("措施", description="查封（场所、设施或者财物）或者扣押（财物）")
    basis: list[str] = f("查封、扣押的依据", factory=list, description="规范引用，如 安全生产法/65/1/4")
    approver: str = f("批准的行政机关负责人", "", description="实施前须向行政机关负责人报告并经批准（行政强制法第十八条第（一）项）")
    days: int = f("查封、扣押期限（日）", 30, description="不得超过三十日（行政强制法第二十五条第一款）")
    items: list[Item] = f("查封、扣押的场所、设施或者财物", factory=list)
    custody: str = f("保管方式", "", description="如 由本机关妥善保管；委托第三人保管的写明保管人")
    test_days: int = f("检测、检验、检疫或者技术鉴定的期间（日）", 0,
                       description="不计入查封、扣押期限，须书面告知当事人（行政强制法第二十五条第三款）")
    extension_days: int = f("延长期限（日）", 0, description="情况复杂的，经行政机关负责人批准，可以延长一次，不得超过三十日")
    extension_reason: str = f("延长理由", "", widget="textarea")
    extension_approver: str = f("批准延长的行政机关负责人", "")
    outcome: Literal["", "解除", "没收", "销毁"] = f("处理结果", "", description="解除查封、扣押，或者依法没收、销毁")
    outcome_reason: str = f("处理理由", "", widget="textarea")
    outcome_basis: list[str] = f("处理依据", factory=list, description="规范引用，如 行政强制法/28/1/3")


@dataclass
class Preservation:
    """先行登记保存证据 (行政处罚法 第五十六条)."""
    reason: str = f("先行登记保存的理由", widget="textarea", description="证据可能灭失或者以后难以取得的情形")
    approver: str = f("批准的行政机关负责人", "")
    place: str = f("保存地点", "")
    items: list[Item] = f("先行登记保存的证据", factory=list)
    outcome: str = f("处理决定", "", widget="textarea", description="如 予以解除，退还当事人；送交检验；依法没收")


@dataclass
class Installment:
    date: str = f("缴纳期限", format="date")
    amount: Decimal = f("金额（元）")


@dataclass
class Deferral:
    """延期（分期）缴纳罚款 (行政处罚法 第六十六条第二款)."""
    kind: Literal["延期", "分期"] = f("方式")
    reason: str = f("当事人申请的理由", widget="textarea", description="当事人确有经济困难的情况")
    applied_on: str = f("申请日期", "", format="date")
    approver: str = f("批准的行政机关负责人", "")
    until: str = f("延期缴纳至", "", format="date", description="延期：缴纳期限；分期：空（以最后一期为准）")
    installments: list[Installment] = f("分期缴纳", factory=list)

    @property
    def end(self) -> str:
        """The last day of the deferred or split payment (行政处罚法第七十二条第二款 counts from it)."""
        if self.kind == "分期" and self.installments:
            return max(i.date for i in self.installments)
        return self.until


@dataclass
class Enforcement:
    """罚款的执行：加处罚款 (行政处罚法 第七十二条), 催告 and 申请人民法院强制执行 (行政强制法 第五十三条至第五十五条)."""
    surcharge_until: str = f("加处罚款计算至", "", format="date", description="空则为加处罚款决定日期")
    suspended_days: int = f("行政复议或者行政诉讼期间（日）", 0,
                            description="加处罚款的数额在此期间不予计算（行政处罚法第七十三条第三款）")
    statement: str = f("当事人对催告的陈述、申辩", "", widget="textarea", description="行政强制法第三十六条")
    statement_review: str = f("对陈述、申辩的复核意见", "", widget="textarea")
    court: str = f("申请执行的人民法院", "", description="空则为本机关的行政诉讼管辖法院")
    signer: str = f("签名的行政机关负责人", "", description="强制执行申请书由行政机关负责人签名（行政强制法第五十五条第二款）")


@dataclass
class Revocation:
    """撤销立案."""
    reason: str = f("撤销立案的理由", widget="textarea", description="如 经调查，违法事实不能成立")
    approval: Approval = f("撤销立案审批", factory=Approval)


@dataclass
class Delivery:
    document: str = f("送达文书", description="表单 id，如 decision_org", choices="forms")
    date: str = f("送达日期", description="YYYY-MM-DD", format="date")
    place: str = f("送达地点", "")
    method: str = f("送达方式", "直接送达", description="直接送达、留置送达、邮寄送达、电子送达（须当事人签订确认书）")
    recipient: str = f("受送达人或签收人", "")


@dataclass
class Payment:
    bank: str = f("缴款银行")
    account_name: str = f("户名", "")
    account: str = f("账号", "")
    paid_on: str = f("缴款日期", "", description="YYYY-MM-DD", format="date")
    receipt_no: str = f("缴款票据号", "")


@dataclass
class Onsite:
    """当场处罚 (行政处罚法第五十一条、第五十二条): when and where the decision was made and handed over."""
    time: str = f("处罚时间", description="YYYY-MM-DDTHH:MM", format="date-time-minute")
    place: str = f("处罚地点")
    collected: bool = f("当场收缴罚款", False, description="仅限行政处罚法第六十八条的情形")
    receipt_no: str = f("专用票据号", "")


@dataclass
class Dates:
    inspection: str = f("检查日期", "", format="date")
    order: str = f("责令整改日期", "", format="date")
    recheck: str = f("复查日期", "", format="date")
    filing: str = f("立案日期", "", format="date")
    notice: str = f("告知日期", "", description="告知书（听证告知书）的日期", format="date")
    notice_served: str = f("告知书送达日期", "", description="空则视为告知日期", format="date")
    statement: str = f("陈述申辩日期", "", format="date")
    hearing: str = f("听证日期", "", format="date")
    review: str = f("法制审核日期", "", format="date")
    decision: str = f("决定日期", "", format="date")
    service: str = f("决定书送达日期", "", format="date")
    payment: str = f("缴款期限届满日", "", description="空则为送达后十五日", format="date")
    transfer: str = f("移送日期", "", format="date")
    closing: str = f("结案日期", "", format="date")
    extended_to: str = f("经批准延长的决定期限", "", description="法律、法规、规章另有规定并经批准时填写", format="date")
    seizure: str = f("查封、扣押日期", "", description="查封、扣押决定书的日期，期限自此计算", format="date")
    seizure_extension: str = f("延长查封、扣押期限决定日期", "", format="date")
    seizure_outcome: str = f("查封、扣押处理决定日期", "", description="解除决定书或者处理决定书的日期", format="date")
    preservation: str = f("先行登记保存日期", "", format="date")
    preservation_outcome: str = f("先行登记保存处理决定日期", "", description="七日内（行政处罚法第五十六条）", format="date")
    hearing_request: str = f("听证申请日期", "", description="告知后五日内（行政处罚法第六十四条第（一）项）", format="date")
    hearing_notice: str = f("听证会通知书日期", "", format="date")
    hearing_notice_served: str = f("听证会通知书送达日期", "", description="空则视为通知书日期；须在举行听证的七日前",
                                   format="date")
    hearing_report: str = f("听证会报告书日期", "", format="date")
    deferral: str = f("延期（分期）缴纳罚款批准日期", "", format="date")
    surcharge: str = f("加处罚款决定日期", "", format="date")
    reminder: str = f("催告书日期", "", description="行政强制执行事先催告书", format="date")
    reminder_served: str = f("催告书送达日期", "", description="空则视为催告书日期", format="date")
    enforcement: str = f("申请强制执行日期", "", description="强制执行申请书的日期", format="date")
    transfer_report: str = f("移送报告日期", "", description="专案组提出移送涉嫌犯罪案件书面报告的日期", format="date")
    transfer_approval: str = f("批准移送日期", "", format="date")
    revocation: str = f("撤销立案日期", "", format="date")
    education: str = f("教育日期", "", description="对不予行政处罚的当事人进行教育的日期（行政处罚法第三十三条第三款）",
                       format="date")


@dataclass
class Credit:
    """信用修复 (corpus/credit/repair.toml): the class of the penalty's 失信信息, which sets its publication period."""
    level: Literal["", "轻微", "一般", "严重"] = f(
        "失信信息类别", "", description="空则按 lawdesk 的规则（corpus/credit/README.md）：简易程序或仅警告为轻微，吊销许可证件、"
                                      "限制从业、责令关闭为严重，其余为一般；行业主管部门有分类标准的按其标准填写")


@dataclass
class Leniency:
    """不予行政处罚 (行政处罚法 第三十三条) and the lenient lists (corpus/lenient): what the case shows of the
    conditions, and whether the office decided not to penalise."""
    decided: bool = f("决定不予行政处罚", False,
                      description="违法行为轻微，依法可以不予行政处罚的，不予行政处罚（行政处罚法第五十七条第一款第（二）项）")
    ground: Literal["", "轻微不罚", "首违不罚", "无主观过错"] = f(
        "不予处罚的理由", "", description="轻微不罚：违法行为轻微并及时改正，没有造成危害后果；首违不罚：初次违法且危害后果"
                                   "轻微并及时改正（第三十三条第一款）；无主观过错：当事人有证据足以证明没有主观过错（第二款）")
    entry: str = f("轻罚免罚清单事项", "", description="corpus/lenient 中的事项编号，如 ZJ-JX-2022-3；空则按违法行为目录编号查找")
    first: bool | None = f("初次违法", None, description="在清单规定的期间内首次被发现；空则未核实")
    harm: Literal["", "没有造成危害后果", "危害后果轻微", "造成危害后果"] = f("危害后果", "")
    corrected: bool | None = f("及时改正", None)
    corrected_on: str = f("改正日期", "", format="date")
    correction: str = f("改正情况", "", widget="textarea", description="如 已于某日组织全部从业人员参加安全生产教育和培训并如实记录")
    conditions_met: bool | None = f("清单所列适用条件均已具备", None, description="清单的共同条件和该事项的适用条件")
    excluded: bool = f("当事人属于清单排除的主体", False)
    no_fault_evidence: str = f("没有主观过错的证据", "", widget="textarea", description="不予处罚理由为无主观过错时填写")
    education: str = f("教育的内容", "", widget="textarea",
                       description="依法不予行政处罚的，应当对当事人进行教育（行政处罚法第三十三条第三款）")
    place: str = f("教育地点", "")


@dataclass
class Closing:
    result: str = f("处理结果", "", widget="textarea")
    execution: str = f("执行情况", "", widget="textarea")
    approval: Approval = f("结案审批", factory=Approval)


# ------------------------------------------------------------------------------------------------ case

@dataclass
class Case:
    id: str = f("案件标识", description="本机关内唯一；文书编号按 案件+文书 只分配一次")
    title: str = f("案件名称", description="如 杭州某某公司特种作业人员未持证上岗案")
    unit: Unit = f("执法机关")
    party: Party = f("当事人")
    officers: list[Officer] = f("执法人员", description="两名执法人员（行政处罚法第四十二条）")
    cause: str = f("案由", "")
    source: str = f("案件来源", "监督检查", description="监督检查、投诉举报、上级交办、移送等")
    procedure: Literal["普通程序", "简易程序"] = f("程序", "普通程序")
    major: bool | None = f("重大案件", None,
                           description="情节复杂或者重大违法行为，须经负责人集体讨论（行政处罚法第五十七条第二款）和法制审核"
                                       "（第五十八条）；空则按本机关的较大数额标准和处罚种类判断")
    schema_version: int = f("格式版本", SCHEMA_VERSION)
    summary: str = f("案件基本情况", "", description="立案审批表、移送书中的简要案情")
    inspection: Inspection | None = f("现场检查", None)
    rectification: Rectification | None = f("责令限期整改", None)
    violations: list[Violation] = f("违法行为", factory=list)
    evidence: list[Evidence] = f("证据", factory=list)
    interviews: list[Interview] = f("询问笔录", factory=list)
    statement: Statement = f("陈述申辩", factory=Statement)
    hearing: Hearing = f("听证", factory=Hearing)
    review: Review = f("法制审核", factory=Review)
    filing_approval: Approval = f("立案审批", factory=Approval)
    transfer: Transfer | None = f("案件移送", None)
    seizure: Seizure | None = f("查封、扣押", None)
    preservation: Preservation | None = f("先行登记保存证据", None)
    deferral: Deferral | None = f("延期（分期）缴纳罚款", None)
    enforcement: Enforcement | None = f("罚款的执行", None, description="加处罚款、催告、申请人民法院强制执行")
    revocation: Revocation | None = f("撤销立案", None)
    deliveries: list[Delivery] = f("送达记录", factory=list)
    payment: Payment | None = f("缴款", None)
    onsite: Onsite | None = f("当场处罚", None, description="简易程序：处罚时间、地点、当场收缴")
    dates: Dates = f("日期", factory=Dates)
    closing: Closing = f("结案", factory=Closing)
    credit: Credit = f("信用修复", factory=Credit)
    leniency: Leniency | None = f("不予行政处罚", None, description="轻微不罚、首违不罚、无主观过错（行政处罚法第三十三条）")
    numbers: dict[str, str] = f("文书编号", factory=dict, description="表单 id → 已分配的文书编号")
    status: str = f("案件状态", "draft", description="draft 办理中 / review 待审核 / approved 已审核 / issued 已决定 / closed 已结案")

    # ---- convenience
    @property
    def not_penalised(self) -> bool:
        """The office decided not to penalise (不予行政处罚决定书 instead of a 行政处罚决定书)."""
        return self.leniency is not None and self.leniency.decided

    @property
    def is_org(self) -> bool:
        return self.party.kind == "单位"

    @property
    def total_fine(self) -> Decimal:
        return sum((v.fine for v in self.violations if v.fine is not None), Decimal("0.00"))

    def officer(self, n: int) -> Officer | None:
        return self.officers[n - 1] if 0 < n <= len(self.officers) else None

    # ---- (de)serialisation
    def to_dict(self) -> dict:
        return _dump(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict) -> Case:
        if not isinstance(data, dict):
            raise CaseFormatError("", "案件数据应为 JSON 对象")
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise CaseFormatError("schema_version", f"不支持的格式版本 {version}（当前为 {SCHEMA_VERSION}）")
        return _load(cls, data, "")

    @classmethod
    def from_json(cls, text: str) -> Case:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CaseFormatError("", json_error_text(exc)) from None
        return cls.from_dict(data)


# ------------------------------------------------------------------------------------------------ generic

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls) -> dict[str, Any]:
    h = _HINTS.get(cls)
    if h is None:
        h = _HINTS[cls] = get_type_hints(cls)
    return h


def _is_optional(tp) -> tuple[bool, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return True, args[0]
    return False, tp


def _dump(value):
    if dataclasses.is_dataclass(value):
        return {fl.name: _dump(getattr(value, fl.name)) for fl in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _check_format(value: str, fmt: str | None, path: str) -> None:
    if not value or not fmt:
        return
    try:
        if fmt == "date":
            if len(value) != 10:
                raise ValueError
            dt.date.fromisoformat(value)
        elif fmt == "date-time-minute":
            if len(value) != 16 or value[10] != "T":
                raise ValueError
            dt.datetime.fromisoformat(value)
    except ValueError:
        want = "YYYY-MM-DD" if fmt == "date" else "YYYY-MM-DDTHH:MM"
        raise CaseFormatError(path, f"日期格式错误：{value!r}，应为 {want}") from None


def _load(tp, value, path: str, fmt: str | None = None):
    optional, inner = _is_optional(tp)
    if value is None:
        if optional:
            return None
        raise CaseFormatError(path, "不能为空")
    tp = inner
    origin = get_origin(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise CaseFormatError(path, "应为 JSON 对象")
        fields = {fl.name: fl for fl in dataclasses.fields(tp)}
        unknown = [k for k in value if k not in fields]
        if unknown:
            raise CaseFormatError(path, f"未知字段：{'、'.join(unknown)}")
        kwargs = {}
        hints = _hints(tp)
        for name, fl in fields.items():
            sub = f"{path}.{name}" if path else name
            if name in value:
                kwargs[name] = _load(hints[name], value[name], sub, fl.metadata.get("format"))
            elif fl.default is dataclasses.MISSING and fl.default_factory is dataclasses.MISSING:
                raise CaseFormatError(sub, f"缺少必填字段（{fl.metadata.get('title', name)}）")
        return tp(**kwargs)
    if origin is list:
        if not isinstance(value, list):
            raise CaseFormatError(path, "应为数组")
        (item_tp,) = get_args(tp)
        return [_load(item_tp, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise CaseFormatError(path, "应为 字符串→字符串 的对象")
        return dict(value)
    if origin is Literal:
        if value not in get_args(tp):
            raise CaseFormatError(path, f"取值应为 {'、'.join(map(str, get_args(tp)))} 之一，实为 {value!r}")
        return value
    if tp is Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise CaseFormatError(path, "应为金额（数字）")
        try:
            return to_amount(value)
        except ValueError as exc:
            raise CaseFormatError(path, str(exc)) from None
    if tp is bool:
        if not isinstance(value, bool):
            raise CaseFormatError(path, "应为 true 或 false")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CaseFormatError(path, "应为整数")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise CaseFormatError(path, "应为字符串")
        _check_format(value, fmt, path)
        return value
    raise TypeError(f"unsupported type {tp!r} at {path}")  # pragma: no cover - model bug


# ------------------------------------------------------------------------------------------------ schema

def _schema_for(tp, defs: dict, meta: dict | None = None) -> dict:
    meta = meta or {}
    out: dict[str, Any]
    optional, inner = _is_optional(tp)
    if optional:
        s = _schema_for(inner, defs)
        out = {"anyOf": [s, {"type": "null"}]}
    else:
        origin = get_origin(tp)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            name = tp.__name__
            if name not in defs:
                defs[name] = {}          # placeholder against recursion
                defs[name] = _object_schema(tp, defs)
            out = {"$ref": f"#/$defs/{name}"}
        elif origin is list:
            out = {"type": "array", "items": _schema_for(get_args(tp)[0], defs)}
        elif origin is dict:
            out = {"type": "object", "additionalProperties": {"type": "string"}}
        elif origin is Literal:
            out = {"enum": list(get_args(tp))}
        elif tp is Decimal:
            out = {"type": "number", "minimum": 0, "multipleOf": 0.01}
        elif tp is bool:
            out = {"type": "boolean"}
        elif tp is int:
            out = {"type": "integer"}
        elif tp is str:
            out = {"type": "string"}
            fmt = meta.get("format")
            if fmt == "date":
                out["pattern"] = r"^(\d{4}-\d{2}-\d{2})?$"
            elif fmt == "date-time-minute":
                out["pattern"] = r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$"
        else:  # pragma: no cover
            raise TypeError(tp)
    if "$ref" in out and (meta.get("title") or meta.get("description")):
        out = {"allOf": [out]}
    for key in ("title", "description"):
        if meta.get(key):
            out[key] = meta[key]
    return out


def _object_schema(cls, defs: dict) -> dict:
    hints = _hints(cls)
    props, required = {}, []
    for fl in dataclasses.fields(cls):
        s = _schema_for(hints[fl.name], defs, dict(fl.metadata))
        if fl.default is not dataclasses.MISSING and not isinstance(fl.default, (Decimal,)) \
                and (fl.default is None or isinstance(fl.default, (str, int, bool))):
            s["default"] = fl.default
        props[fl.name] = s
        if fl.default is dataclasses.MISSING and fl.default_factory is dataclasses.MISSING:
            required.append(fl.name)
    out = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        out["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        out["description"] = " ".join(cls.__doc__.split())
    return out


def json_schema() -> dict:
    defs: dict = {}
    root = _object_schema(Case, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "lawdesk 案件（执法文书数据）",
        "description": "一个案件的全部事实；lawdesk draft 由它生成案卷中的每一份文书。说明见 doc_templates/README.md。",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_json() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"



