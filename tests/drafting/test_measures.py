"""The issue-15 forms (compulsory measures, evidence, hearings, carrying out a fine, 撤销立案, 涉嫌犯罪案件移送): the
legal facts each one states, checked against the statute text it cites (read from the library by reference), the
four sample cases drafted without errors, and each validation rule's Chinese message naming its article."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from indexer.refs import Ref
from webapp.services.drafting.lawtext import provision_text

from .conftest import SAMPLE_NAMES, case_from, load_sample
from .conftest import sample_variant as case_data

NEW_FORMS = ("seizure_decision", "seizure_extension", "seizure_outcome", "preservation_notice", "preservation_outcome",
             "hearing_meeting_notice", "hearing_record", "hearing_report", "deferral_approval", "surcharge_decision",
             "enforcement_reminder", "enforcement_application", "revocation_approval", "criminal_transfer")
# which sample case (or variant) drafts each new form
CASE_OF = {"seizure_decision": "seizure", "seizure_extension": "seizure", "seizure_outcome": "seizure",
           "preservation_notice": "seizure", "preservation_outcome": "seizure", "hearing_meeting_notice": "hearing",
           "hearing_record": "hearing", "hearing_report": "hearing", "deferral_approval": "deferral",
           "surcharge_decision": "unpaid", "enforcement_reminder": "unpaid", "enforcement_application": "unpaid",
           "revocation_approval": "revocation", "criminal_transfer": "transfer"}


def text_of(lib, ref: str, as_of: str = "2026-11-01") -> str:
    r = Ref.parse(ref)
    view = lib.get(r, as_of=as_of)
    assert view is not None, ref
    out = provision_text(view.article, r)
    assert out is not None, ref
    return out


def drafted(drafter, name: str, form: str):
    case = case_from(case_data(name))
    draft = drafter.prepare(case, form)
    return case, draft, "\n".join(draft.doc.text_lines())


# ------------------------------------------------------------------------------------------------ the samples

@pytest.mark.parametrize("name", [*SAMPLE_NAMES, "release", "deferral", "revocation"])
def test_sample_cases_draft_without_errors(session_drafter, name):
    case = case_from(case_data(name))
    for spec in session_drafter.forms():
        if not session_drafter.applicable(case, spec):
            continue
        for idx in session_drafter.instances(case, spec):
            draft = session_drafter.prepare(case, spec.id, per_index=idx)
            assert draft.errors == [], (name, spec.id, [str(i) for i in draft.errors])


@pytest.mark.parametrize("form", NEW_FORMS)
def test_every_new_form_is_drafted_by_a_sample_with_every_field_filled(session_drafter, form):
    case, draft, text = drafted(session_drafter, CASE_OF[form], form)
    assert session_drafter.applicable(case, draft.spec)
    assert draft.doc.empty == [], (form, draft.doc.empty)
    assert "{" not in text and "}" not in text


def test_numbering_codes_are_distinct_where_the_2016_set_differs(templates):
    """Codes of the 2016 set where it names one (查扣, 听通, 听报, 缴批, 加罚, 强执, 移), lawdesk's own otherwise; two
    forms share a code only when they share a sequence on purpose (the two 案件移送书)."""
    codes = {fid: templates.forms[fid].code for fid in NEW_FORMS}
    assert codes["seizure_decision"] == "查扣" and codes["hearing_meeting_notice"] == "听通"
    assert codes["hearing_report"] == "听报" and codes["deferral_approval"] == "缴批"
    assert codes["surcharge_decision"] == "加罚" and codes["enforcement_application"] == "强执"
    assert codes["criminal_transfer"] == templates.forms["transfer_letter"].code == "移"
    assert codes["hearing_record"] == ""                        # a record is not numbered
    others = [c for f, c in codes.items() if c and f != "criminal_transfer"]
    assert len(others) == len(set(others))
    assert not set(others) & {s.code for f, s in templates.forms.items() if f not in NEW_FORMS}


# ------------------------------------------------------------------------------------------------ legal facts

def test_seizure_decision_holds_article_24s_elements(lib, session_drafter):
    """行政强制法第二十四条第二款: 当事人名称、地址；理由、依据和期限；名称、数量；复议诉讼途径和期限；机关名称和日期."""
    elements = text_of(lib, "行政强制法/24/2")
    for words in ("姓名或者名称、地址", "理由、依据和期限", "名称、数量", "申请行政复议或者提起行政诉讼的途径和期限",
                  "名称、印章和日期"):
        assert words in elements
    case, draft, text = drafted(session_drafter, "seizure", "seizure_decision")
    assert case.party.name in text and case.party.address in text
    assert "你单位未取得烟花爆竹经营许可证" in text
    assert "《中华人民共和国安全生产法》第六十五条第一款第（四）项" in text
    assert "扣押期限为三十日，自2026年1月20日起至2026年2月24日止" in text      # 2-19 falls in 春节: moved past it
    assert "组合烟花\t36发\t30箱" in text and "爆竹\t1000响\t18箱" in text
    assert "六十日内" in text and "六个月内" in text and "杭州市拱墅区人民法院" in text
    assert case.unit.name in text and "2026年1月20日" in text
    # the power to seize: 安全生产法第六十五条第一款第（四）项 lets an 应急管理部门 seize dangerous goods
    power = text_of(lib, "安全生产法/65/1/4")
    assert "危险物品予以查封或者扣押" in power
    # 清单一式二份 (第二十四条第三款)
    assert "一式二份" in text_of(lib, "行政强制法/24/3") and "清单一式二份" in text


def test_seizure_extension_and_outcome(lib, session_drafter):
    _case, _draft, text = drafted(session_drafter, "seizure", "seizure_extension")
    assert "延长二十日，至2026年3月16日止" in text and "情况复杂" in text
    assert "延长期限不得超过三十日" in text_of(lib, "行政强制法/25/1")
    # 没收 goes through the penalty decision (行政处罚法第九条第（二）项: 没收非法财物 is a penalty)
    assert "没收非法财物" in text_of(lib, "行政处罚法/9/1/2")
    _case, _draft, text = drafted(session_drafter, "seizure", "seizure_outcome")
    assert "对下列非法财物予以没收" in text and "应急罚〔2026〕" in text
    _case, _draft, text = drafted(session_drafter, "release", "seizure_outcome")
    assert "《中华人民共和国行政强制法》第二十八条第一款第（三）项" in text and "立即退还" in text
    assert "不再需要查封、扣押" in text_of(lib, "行政强制法/28/1/3")


def test_preservation_seven_working_days(lib, session_drafter):
    _case, _draft, text = drafted(session_drafter, "seizure", "preservation_notice")
    assert "七日内（2026年1月29日前）" in text                          # seven working days from Tuesday 1-20
    assert "经行政机关负责人批准" in text_of(lib, "行政处罚法/56") and "经本机关负责人批准" in text


def test_hearing_forms(lib, session_drafter):
    case, _draft, text = drafted(session_drafter, "hearing", "hearing_meeting_notice")
    assert "2026年10月15日9时00分在杭州市拱墅区应急管理局听证室公开举行听证会" in text
    assert "非本案调查人员主持" in text_of(lib, "行政处罚法/64/1/4")
    assert case.hearing.host not in {o.name for o in case.officers}
    _case, _draft, text = drafted(session_drafter, "hearing", "hearing_record")
    assert "调查人员李明远：" in text and "核对无误后签字或者盖章" in text
    _case, _draft, text = drafted(session_drafter, "hearing", "hearing_report")
    assert "建议维持拟作出的处罚" in text and "根据听证笔录" in text_of(lib, "行政处罚法/65")
    _case, _draft, text = drafted(session_drafter, "hearing", "decision_org")
    assert "本机关于2026年10月15日依法举行了听证" in text and "未提出陈述、申辩" not in text


def test_fine_enforcement_forms(lib, session_drafter):
    _case, _draft, text = drafted(session_drafter, "deferral", "deferral_approval")
    assert "第一期：2026年3月31日前缴纳人民币壹万元整" in text and "第二期：2026年6月30日前缴纳人民币壹万元整" in text
    assert "经当事人申请和行政机关批准" in text_of(lib, "行政处罚法/66/2")
    _case, _draft, text = drafted(session_drafter, "unpaid", "surcharge_decision")
    assert "自2026年2月7日起" in text and "加处罚款18日，计人民币壹万零捌佰元整（¥10,800.00）" in text
    _case, _draft, text = drafted(session_drafter, "unpaid", "enforcement_reminder")
    assert "自收到本催告书之日起十日内" in text and "合计人民币肆万元整" in text      # the surcharge reached the fine
    for words in ("履行义务的期限", "履行义务的方式", "明确的金额和给付方式", "陈述权和申辩权"):
        assert words in text_of(lib, "行政强制法/35")
    _case, _draft, text = drafted(session_drafter, "unpaid", "enforcement_application")
    assert text.startswith("安全生产行政执法文书") and "杭州市拱墅区人民法院：" in text
    assert "负责人（签名）：王局长" in text and "行政机关负责人签名" in text_of(lib, "行政强制法/55/2")


def test_the_transfer_path_for_a_bought_certificate(lib, session_drafter):
    """伪造、变造、买卖特种作业操作证: 刑法第二百八十条第一款 (国家机关的公文、证件、印章); the 罪名 is the one the
    最高人民检察院's list gives that paragraph; transferred to the 公安机关 (行政执法机关移送涉嫌犯罪案件的规定第三条)
    with the materials of its 第六条."""
    case, _draft, text = drafted(session_drafter, "transfer", "criminal_transfer")
    t = case.transfer
    assert t.crime_basis == ["刑法/280/1"]
    crime = text_of(lib, "刑法/280/1")
    assert "伪造、变造、买卖" in crime and "国家机关的公文、证件、印章" in crime
    from tests.conftest import LIBRARY
    names = sorted(LIBRARY.glob("**/最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见*.md"))
    if names:
        assert f"{t.crime}（第280条第1款）" in names[-1].read_text(encoding="utf-8")
    assert "向公安机关移送" in text_of(lib, "行政执法机关移送涉嫌犯罪案件的规定/3/1") and "公安" in t.receiver
    six = text_of(lib, "行政执法机关移送涉嫌犯罪案件的规定/6")
    for m in ("涉嫌犯罪案件移送书", "涉嫌犯罪案件情况的调查报告", "涉案物品清单"):
        assert m in six
    assert "涉嫌犯罪案件情况的调查报告" in [m.name for m in t.materials]
    assert "涉嫌伪造、变造、买卖国家机关公文、证件、印章罪（《中华人民共和国刑法》第二百八十条第一款）" in text
    assert "网络转账记录截图" in text                                   # the evidence list goes with it


def test_every_basis_the_new_rules_name_exists(lib):
    """Each provision a validation rule of measures.py names (its `basis`) is in the library."""
    src = (Path(__file__).resolve().parents[2] / "webapp/services/drafting/measures.py").read_text(encoding="utf-8")
    keys = {"XZCF": "行政处罚法", "XZQZ": "行政强制法", "YSGD": "行政执法机关移送涉嫌犯罪案件的规定"}
    refs = {f"{keys[k]}{tail}" for k, tail in re.findall(r"\{(XZCF|XZQZ|YSGD)\}(/[\d/]+)", src)}
    assert len(refs) > 20
    for ref in refs:
        text_of(lib, ref)


# ------------------------------------------------------------------------------------------------ bad input

def issues(drafter, data, form):
    draft = drafter.prepare(case_from(data), form)
    return {i.code: i for i in draft.errors}, {i.code: i for i in draft.warnings}


def test_seizure_without_its_elements(session_drafter):
    d = load_sample("seizure")
    d["seizure"].update(items=[], approver="", basis=["安全生产法/41/2"])
    errors, warnings = issues(session_drafter, d, "seizure_decision")
    assert "第二十四条第二款第（三）项" in errors["seizure.items"].message or errors["seizure.items"].basis == "行政强制法/24/2/3"
    assert errors["seizure.approval"].basis == "行政强制法/18/1/1"
    assert "seizure.power" in warnings                                      # 第四十一条 grants no seizure


def test_hearing_host_is_not_an_investigator(session_drafter):
    d = load_sample("hearing")
    d["hearing"]["host"] = "李明远"
    errors, _ = issues(session_drafter, d, "hearing_record")
    assert "非本案调查人员主持" in errors["hearing.host_investigator"].message
    assert errors["hearing.host_investigator"].basis == "行政处罚法/64/1/4"


def test_deferral_instalments_must_add_up(session_drafter):
    d = case_data("deferral")
    d["deferral"]["installments"][1]["amount"] = 5000
    errors, _ = issues(session_drafter, d, "deferral_approval")
    assert "合计15000元，与罚款20000元不符" in errors["deferral.installments"].message


def test_enforcement_needs_a_reminder_ten_working_days_before(session_drafter):
    d = load_sample("unpaid")
    d["dates"].update(enforcement="2026-08-07")                  # the tenth working day after 7-27 is 8-10
    errors, _ = issues(session_drafter, d, "enforcement_application")
    late = errors["enforcement.reminder"]
    assert "2026年8月10日之后" in late.message and "第五十四条、第六十九条" in late.message
    d["dates"].update(reminder="", reminder_served="", enforcement="2026-08-11")
    errors, _ = issues(session_drafter, d, "enforcement_application")
    assert errors["enforcement.no_reminder"].basis == "行政强制法/54"
    d = load_sample("unpaid")
    d["dates"]["enforcement"] = "2026-10-23"                     # three months after 7-22 end on 10-22
    errors, _ = issues(session_drafter, d, "enforcement_application")
    assert "申请人民法院强制执行的期限" in errors["enforcement.window"].message
    d = load_sample("unpaid")
    d["dates"]["surcharge"] = "2026-02-06"                       # the payment period has not ended
    errors, _ = issues(session_drafter, d, "surcharge_decision")
    assert "第七十二条第一款第（一）项" in errors["surcharge.after_due"].message


def test_criminal_transfer_checks(session_drafter):
    d = load_sample("transfer")
    t = d["transfer"]
    t.update(receiver="杭州市拱墅区人民检察院", crime_basis=["安全生产法/30/1"],
             materials=[m for m in t["materials"] if m["name"] != "涉嫌犯罪案件情况的调查报告"])
    d["dates"]["transfer"] = "2026-05-17"                        # approved 5-15: not within 24 hours
    errors, warnings = issues(session_drafter, d, "criminal_transfer")
    assert "不是刑法的条文" in errors["transfer.crime_basis"].message
    assert errors["transfer.materials"].basis == "行政执法机关移送涉嫌犯罪案件的规定/6/1/2"
    assert "transfer.receiver_police" in warnings
    assert "２４小时" not in errors["transfer.within_24h"].message and "二十四小时" in errors["transfer.within_24h"].message


def test_revocation_of_a_decided_case_is_refused(session_drafter):
    d = case_data("revocation")
    d["dates"]["decision"] = "2026-01-20"
    errors, _ = issues(session_drafter, d, "revocation_approval")
    assert "revocation.decided" in errors


def test_confiscation_needs_the_penalty(session_drafter):
    d = copy.deepcopy(load_sample("seizure"))
    d["violations"][0]["confiscation"] = ""
    errors, _ = issues(session_drafter, d, "seizure_outcome")
    assert "行政处罚法第九条第（二）项" in errors["seizure.confiscation"].message
