"""Legal periods (webapp/services/drafting/deadlines.py): every rule against the statute text it cites, read from
the library by its canonical reference; each period computed on the 2026 holiday calendar; the findings of a
late step, a measure beyond its period and a hearing noticed too late, in Chinese with the article."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from indexer.numerals import int_to_cn
from indexer.refs import Ref
from webapp.services.drafting import deadlines as D
from webapp.services.drafting.lawtext import provision_text
from webapp.services.workdays import load_calendar

from .conftest import case_from

DAY = dt.date.fromisoformat
AS_OF = "2026-11-01"


@pytest.fixture(scope="module")
def cal():
    return load_calendar()


def text_of(lib, ref: str) -> str:
    r = Ref.parse(ref)
    view = lib.get(r, as_of=AS_OF)
    assert view is not None, f"{ref} not in force on {AS_OF}"
    text = provision_text(view.article, r)
    assert text is not None, ref
    return text


# ------------------------------------------------------------------------------------------------ the law

@pytest.mark.parametrize("rule", D.RULES, ids=lambda r: r.id)
def test_rule_words_are_in_the_statute(lib, rule):
    """The words of each provision a rule cites are in that provision (basis, further provisions, counting)."""
    for ref, words in [(rule.basis, rule.words), *rule.also] + ([(rule.counting, rule.counting_words)]
                                                                if rule.counting else []):
        text = text_of(lib, ref)
        for w in words:
            assert w in text, (rule.id, ref, w, text)


@pytest.mark.parametrize("rule", D.RULES, ids=lambda r: r.id)
def test_rule_length_and_counting_follow_the_text(lib, rule):
    """The length is the number the provision states; a period is counted in working days exactly when 行政处罚法
    第八十五条 lists it (for that law) or 行政强制法 第六十九条 covers it (ten days or fewer, for that law)."""
    words = "".join(rule.words)
    if rule.unit == "hours24":
        assert "２４小时" in words
    elif rule.n:
        unit = "个月" if rule.unit == "months" else "日"
        full_width = "".join(chr(ord(c) + 0xFEE0) for c in str(rule.n))
        assert f"{int_to_cn(rule.n)}{unit}" in words or f"{full_width}{unit}" in words, (rule.id, words)
    law = Ref.parse(rule.basis).law
    if rule.unit == "workdays":
        listed = text_of(lib, rule.counting)
        if law == "行政处罚法":
            assert rule.counting == D.WORKDAYS_XZCF and f"“{int_to_cn(rule.n)}日”" in listed
        else:
            assert law == "行政强制法" and rule.counting == D.WORKDAYS_XZQZ and rule.n <= 10 and "十日以内" in listed
    elif rule.unit == "days" and rule.n:
        if law == "行政处罚法":
            assert f"“{int_to_cn(rule.n)}日”" not in text_of(lib, D.WORKDAYS_XZCF), rule.id
        if law == "行政强制法":
            assert rule.n > 10, rule.id


def test_titles_are_the_library_titles(lib):
    for key, title in D.TITLES.items():
        assert lib.find_law(key).title == title
    assert D.cite("行政强制法/25/1") == "《中华人民共和国行政强制法》第二十五条第一款"


def test_the_ten_day_reminder_is_article_54_not_35_or_37(lib):
    """事先催告: 第三十五条 says what a 催告书 holds (no period), 第三十七条 lets an office with enforcement power
    decide after it (no period); the ten days before an application to the court are 第五十四条's."""
    for ref in ("行政强制法/35", "行政强制法/37"):
        assert "十日" not in text_of(lib, ref)
    assert "陈述权和申辩权" in text_of(lib, "行政强制法/35")
    assert "催告书送达十日后" in text_of(lib, "行政强制法/54")
    assert D.BY_ID["enforcement.reminder"].basis == "行政强制法/54"


def test_surcharge_rate_and_cap_are_the_statute(lib):
    text = text_of(lib, "行政处罚法/72/1/1")
    assert "每日按罚款数额的百分之三加处罚款" in text and "不得超出罚款的数额" in text
    assert Decimal("0.03") == D.SURCHARGE_RATE
    assert "不得超出金钱给付义务的数额" in text_of(lib, "行政强制法/45/2")
    assert "加处罚款的数额在行政复议或者行政诉讼期间不予计算" in text_of(lib, "行政处罚法/73/3")


def test_civil_code_counting_rules():
    """Calendar periods: the start day is not counted (第二百零一条) and an end on a day off moves to the next working
    day (第二百零三条). The core index does not hold 民法典, so the text is read from the library file."""
    from tests.conftest import LIBRARY
    files = sorted(LIBRARY.glob("**/民法典/总则.md"))
    if not files:
        pytest.skip("民法典 not in the library")
    text = files[-1].read_text(encoding="utf-8")
    assert "开始的当日不计入" in text and "法定休假日结束的次日" in text


# ------------------------------------------------------------------------------------------------ computing

def seizure_case(sample_data, date="2026-09-01", **seizure):
    d = copy.deepcopy(sample_data)
    d["seizure"] = {"reason": "涉嫌违法储存危险物品", "measure": "扣押", "basis": ["安全生产法/65/1/4"],
                    "approver": "王局长", **seizure}
    d["dates"]["seizure"] = date
    return d


def by_id(case, cal):
    return {dl.rule.id: dl for dl in D.deadlines(case, cal)}


def test_seizure_period_is_thirty_calendar_days_moved_past_days_off(sample_data, cal):
    # 30 days from 2026-09-01 end on 10-01, inside 国庆: the period ends on 10-08, the first working day after
    dl = by_id(case_from(seizure_case(sample_data)), cal)["seizure.period"]
    assert (dl.start, dl.end, dl.status) == (DAY("2026-09-01"), DAY("2026-10-08"), "open")
    # 检测、鉴定期间 are not counted (第二十五条第三款)
    dl = by_id(case_from(seizure_case(sample_data, test_days=5)), cal)["seizure.period"]
    assert dl.end == DAY("2026-10-08") and dl.length == 35     # 10-06 is off as well


def test_extension_runs_from_the_end_of_the_first_period(sample_data, cal):
    d = seizure_case(sample_data, extension_days=20, extension_approver="王局长")
    d["dates"].update(seizure="2026-03-10", seizure_extension="2026-04-03", seizure_outcome="2026-04-28")
    got = by_id(case_from(d), cal)
    assert got["seizure.extension_in_time"].end == DAY("2026-04-09")       # decided within the first 30 days
    assert got["seizure.extension_in_time"].status == "done"
    assert got["seizure.extended"].end == DAY("2026-04-29")
    assert got["seizure.extended"].status == "done"
    assert "seizure.period" not in got                                      # the extended period governs


def test_working_day_periods(sample_data, cal):
    d = copy.deepcopy(sample_data)
    d["preservation"] = {"reason": "台账可能被销毁", "approver": "王局长", "items": [{"name": "出入库台账"}]}
    d["dates"].update(preservation="2026-09-24", notice="2026-09-21", notice_served="2026-09-21",
                      hearing="2026-10-15")
    d["hearing"].update(requested=True)
    got = by_id(case_from(d), cal)
    assert got["preservation.outcome"].end == DAY("2026-10-12")     # 七日: over 中秋 and 国庆
    assert got["hearing.request"].end == DAY("2026-09-29")          # 五日 from Monday 9-21, 9-25 off
    assert got["hearing.notice"].end == DAY("2026-09-30")           # the 7th working day before 10-15


def unpaid_case(sample_data, **dates):
    d = copy.deepcopy(sample_data)
    d["violations"] = d["violations"][1:]
    d["violations"][0]["fine"] = 20000
    d["payment"]["paid_on"] = ""
    d["deliveries"] = []
    d["dates"].update(filing="2026-01-05", notice="2026-01-12", notice_served="2026-01-12", statement="",
                      review="2026-01-19", decision="2026-01-20", service="2026-01-22", closing="", **dates)
    d["statement"] = {"made": False, "waived": True}
    d["hearing"] = {"notified": False}
    d["enforcement"] = {}
    return d


def test_payment_surcharge_and_court_application(sample_data, cal):
    d = unpaid_case(sample_data, surcharge="2026-02-24", reminder="2026-07-27", enforcement="2026-08-11")
    case = case_from(d)
    got = by_id(case, cal)
    assert got["payment"].end == DAY("2026-02-06")                  # 15 days from service 1-22
    assert got["remedy.review"].end == DAY("2026-03-23")            # 60 days
    assert got["remedy.litigation"].end == DAY("2026-07-22")        # 6 months
    assert got["enforcement.window"].end == DAY("2026-10-22")       # 3 months after the later of the two
    assert got["enforcement.reminder"].end == DAY("2026-08-10")     # 十日 working days after service of 7-27
    assert got["enforcement.reminder"].status == "done"             # applied 8-11: after the tenth day
    s = D.surcharge(case, cal)
    assert (s.from_day, s.days, s.amount, s.capped) == (DAY("2026-02-07"), 18, Decimal("10800.00"), False)
    s = D.surcharge(case, cal, "2026-03-20")                       # 42 days × 3% = 126%: capped at the fine
    assert (s.amount, s.capped) == (Decimal("20000"), True)
    case.enforcement.suspended_days = 30                            # 复议 days are not counted
    assert D.surcharge(case, cal, "2026-03-20").amount == Decimal("7200.00")


def test_deferral_moves_the_payment_and_the_application_window(sample_data, cal):
    d = unpaid_case(sample_data)
    d["deferral"] = {"kind": "分期", "reason": "经营困难", "approver": "王局长",
                     "installments": [{"date": "2026-03-31", "amount": 10000}, {"date": "2026-08-31", "amount": 10000}]}
    d["dates"]["deferral"] = "2026-01-30"
    got = by_id(case_from(d), cal)
    assert "payment" not in got
    assert got["enforcement.window"].start == DAY("2026-08-31")     # 行政处罚法第七十二条第二款
    assert got["enforcement.window"].end == DAY("2026-11-30")


def test_a_year_the_calendar_lacks_is_said_not_guessed(sample_data, cal):
    d = unpaid_case(sample_data)
    d["dates"].update(decision="2026-11-20", service="2026-11-23")
    got = by_id(case_from(d), cal)
    lit = got["remedy.litigation"]                                  # 2027-05-23: 2027 is not in the calendar
    assert lit.end == DAY("2027-05-23") and "2027" in lit.note and "未按节假日顺延" in lit.note
    d["dates"].update(reminder="2027-06-01")
    rem = by_id(case_from(d), cal)["enforcement.reminder"]
    assert rem.end is None and rem.status == "unknown"


# ------------------------------------------------------------------------------------------------ findings

def codes(findings):
    return {f.code: f for f in findings}


def test_a_measure_beyond_its_legal_period(sample_data, cal):
    d = seizure_case(sample_data, days=31, outcome="解除", outcome_reason="已整改")
    d["dates"]["seizure_outcome"] = "2026-10-09"
    found = codes(D.issues(case_from(d), cal, "seizure_outcome"))
    assert "行政强制法》第二十五条第一款" in found["seizure.days"].message and found["seizure.days"].level == "error"
    late = found["seizure.period"]
    assert late.level == "error" and "第二十七条" in late.message and "2026年10月9日" in late.message
    # the extension: at most thirty days, approved, decided within the first period
    d = seizure_case(sample_data, extension_days=40, extension_reason="情况复杂")
    d["dates"].update(seizure_extension="2026-10-09")
    found = codes(D.issues(case_from(d), cal, "seizure_extension"))
    assert {"seizure.extension_days", "seizure.extension_approval", "seizure.extension_in_time"} <= set(found)
    assert "延长期限不得超过三十日" in found["seizure.extension_days"].message


def test_a_hearing_noticed_too_late_blocks_the_decision(session_drafter, sample_data):
    d = copy.deepcopy(sample_data)
    d["hearing"].update(requested=True, summary="当事人对违法事实无异议")
    d["dates"].update(hearing_request="2026-10-21", hearing_notice="2026-10-22", hearing_notice_served="2026-10-22",
                      hearing="2026-10-28", review="2026-10-29")
    draft = session_drafter.prepare(case_from(d), "decision_org")
    late = next(i for i in draft.errors if i.code == "hearing.notice")
    assert "第六十四条第一款第（二）项" in late.message and "第八十五条" in late.message
    assert "最迟应于2026年10月19日送达" in late.message
    d["dates"].update(hearing="2026-11-02")            # the 7th working day before Monday 11-02 is 10-22
    assert "hearing.notice" not in {i.code for i in session_drafter.prepare(case_from(d), "decision_org").errors}


def test_date_before_the_document_it_depends_on(session_drafter, sample_data):
    d = seizure_case(sample_data, outcome="解除", outcome_reason="已整改")
    d["dates"].update(seizure_outcome="2026-08-30")
    draft = session_drafter.prepare(case_from(d), "decision_org")
    assert any(i.code == "dates.order" and "查封、扣押处理决定日期" in i.message for i in draft.errors)


def test_due_next(sample_data, cal):
    d = seizure_case(sample_data)
    d["preservation"] = {"reason": "台账可能被销毁", "approver": "王局长", "items": [{"name": "出入库台账"}]}
    d["dates"]["preservation"] = "2026-09-24"
    due = D.due(case_from(d), cal, DAY("2026-10-09"))
    assert [x.rule.id for x in due][:2] == ["seizure.period", "preservation.outcome"]
    assert due[0].overdue(DAY("2026-10-09")) and not due[1].overdue(DAY("2026-10-09"))
    s = D.summary(case_from(d), cal, DAY("2026-10-09"))
    assert s.next["rule"] == "seizure.period" and s.next["overdue"]
    assert "行政强制法" in s.next["citation"]
    # the sample case has done everything in time
    assert D.due(case_from(sample_data), cal, DAY("2026-11-28")) == []
