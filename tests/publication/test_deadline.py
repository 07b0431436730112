"""Issue 14.3: the publication deadline — seven working days after the decision (安全生产法 第七十八条 第二款),
checked against the statute text, on the State Council's calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.numerals import cn_to_int
from indexer.refs import Ref
from webapp.services.drafting.lawtext import provision_text
from webapp.services.errors import ServiceError
from webapp.services.publication import deadline as dl
from webapp.services.workdays import load_calendar

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return load_calendar()


def test_the_rule_is_the_statute_text(lib):
    ref = Ref.parse(dl.RULE)
    view = lib.get(ref, as_of="2026-12-01")
    text = provision_text(view.article, ref)
    assert dl.RULE_PHRASE in text
    days = dl.RULE_PHRASE.split("处罚决定后")[1].split("个工作日内")[0]
    assert cn_to_int(days) == dl.WORKDAYS
    assert "生产经营单位" in dl.RULE_PHRASE      # why a natural person's decision has no deadline here


def test_seven_working_days_skip_weekends_and_holidays(cal, sample):
    sample.dates.decision = "2026-10-30"          # a Friday: Nov 2-6 and 9-10 are the seven working days
    assert dl.deadline(sample, cal) == D("2026-11-10")
    # 国庆: Oct 1-7 off, Oct 10 (a Saturday) a working day: Sep 30, Oct 8, 9, 10, 12, 13, 14
    sample.dates.decision = "2026-09-29"
    assert dl.deadline(sample, cal) == D("2026-10-14")


def test_states(cal, sample):
    sample.dates.decision = "2026-10-30"
    assert dl.status(sample, None, cal, D("2026-11-09")).state == "due"
    assert dl.status(sample, None, cal, D("2026-11-09")).workdays_left == 2
    assert dl.status(sample, None, cal, D("2026-11-10")).state == "due"
    assert dl.status(sample, None, cal, D("2026-11-11")).state == "overdue"
    assert dl.status(sample, D("2026-11-10"), cal, D("2026-12-01")).state == "published"
    assert dl.status(sample, D("2026-11-11"), cal, D("2026-12-01")).state == "late"
    sample.party.kind = "个人"
    s = dl.status(sample, None, cal, D("2026-12-01"))
    assert s.state == "not_required" and s.deadline is None


def test_bad_input(cal, sample):
    sample.dates.decision = ""
    with pytest.raises(ServiceError) as exc:
        dl.deadline(sample, cal)
    assert exc.value.code == "no_decision_date" and "决定日期" in exc.value.message
    sample.dates.decision = "2026-10-30"
    for text, code, words in (("2026-13-01", "bad_date", "YYYY-MM-DD"), ("2026-10-29", "bad_date", "早于决定日期"),
                              ("2026-12-02", "future_date", "晚于今天")):
        with pytest.raises(ServiceError) as exc:
            dl.read_published_on(text, sample, D("2026-12-01"))
        assert exc.value.code == code and words in exc.value.message
    sample.dates.decision = "2031-03-03"
    with pytest.raises(ServiceError) as exc:
        dl.deadline(sample, cal)
    assert exc.value.code == "calendar_unknown_year"
