"""The working-day calendar: each rule it applies is checked against the statute text it cites, and the
arrangements against the State Council notices they come from (spot days named in the notices)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from webapp.services.errors import ServiceError
from webapp.services.workdays import DEFAULT_FILE, load_calendar
from tests.conftest import LIBRARY

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return load_calendar()


def test_notice_days(cal):
    # 2026: 春节 2月15日至23日 off, 2月14日(周六)、2月28日(周六) on; 国庆 10月1日至7日, 10月10日(周六) on
    assert not cal.is_workday(D("2026-02-16")) and not cal.is_workday(D("2026-02-23"))
    assert cal.is_workday(D("2026-02-14")) and cal.is_workday(D("2026-02-28"))
    assert cal.is_workday(D("2026-10-10")) and not cal.is_workday(D("2026-10-07"))
    # 2025: 元旦 1月1日(周三) only, no swap; 国庆中秋 10月1日至8日, 9月28日、10月11日 on
    assert not cal.is_workday(D("2025-01-01")) and cal.is_workday(D("2025-01-02"))
    assert not cal.is_workday(D("2025-10-08")) and cal.is_workday(D("2025-09-28"))
    # an ordinary weekend and weekday
    assert not cal.is_workday(D("2026-03-07")) and cal.is_workday(D("2026-03-09"))


def test_every_year_names_its_source():
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    for year in re.findall(r"^year = (\d{4})", text, re.M):
        assert f"国务院办公厅关于{year}年部分节假日安排的通知" in text


def test_workday_period_skips_the_holiday(cal):
    # a 七日 period of 行政处罚法 (working days) from Friday 2026-09-25's eve runs past 中秋 and 国庆
    assert cal.add_workdays(D("2026-09-24"), 7) == D("2026-10-12")
    assert cal.workdays_between(D("2026-09-24"), D("2026-10-12")) == 7
    # the start day is not counted: one working day after a Monday is the Tuesday
    assert cal.add_workdays(D("2026-03-09"), 1) == D("2026-03-10")


def test_calendar_period_end_moves_past_days_off(cal):
    # 30 days from 2026-09-08 end on 10-08, the day after 国庆 ends: it stands
    assert cal.add_days(D("2026-09-08"), 30) == D("2026-10-08")
    # 30 days from 2026-09-01 end on 10-01 (off) → 10-08, the first working day after the holiday
    assert cal.add_days(D("2026-09-01"), 30) == D("2026-10-08")
    # three months from 2025-11-30: February has no 30th → its last day, 2026-02-28, a 调休 working Saturday
    assert cal.add_months(D("2025-11-30"), 3) == D("2026-02-28")
    # three months from 2025-11-15 → 2026-02-15, inside 春节 → 2026-02-24
    assert cal.add_months(D("2025-11-15"), 3) == D("2026-02-24")


def test_unknown_year_is_an_error_not_a_guess(cal):
    with pytest.raises(ServiceError) as err:
        cal.is_workday(D("2031-05-06"))
    assert "2031" in err.value.message and err.value.code == "calendar_unknown_year"


def test_instance_file_replaces_a_year(tmp_path):
    (tmp_path / "holidays.toml").write_text(
        '[[year]]\nyear = 2026\nsource = "本单位测试安排"\noff = ["2026-03-09"]\non = []\n', encoding="utf-8")
    local = load_calendar(tmp_path)
    assert not local.is_workday(D("2026-03-09"))
    assert local.is_workday(D("2026-02-16"))  # the whole national year is replaced
    assert local.is_workday(D("2025-01-02")) and not local.is_workday(D("2025-01-01"))


def _article(law_glob: str, label: str) -> str:
    files = sorted(LIBRARY.glob(law_glob))
    if not files:
        pytest.skip(f"{law_glob} not in the library")
    for line in files[-1].read_text(encoding="utf-8").splitlines():
        if line.startswith(label + " ") or line.startswith(label + "\u3000"):
            return line
    raise AssertionError(f"{label} not found in {files[-1]}")


@pytest.mark.parametrize("law_glob, label, words", [
    ("**/行政处罚法(2021-01-22).md", "第八十五条", ["“七日”", "工作日", "不含法定节假日"]),
    ("**/行政强制法(2011-06-30).md", "第六十九条", ["十日以内", "工作日"]),
    ("**/民法典/总则.md", "第二百零一条", ["开始的当日不计入"]),
    ("**/民法典/总则.md", "第二百零二条", ["月末日为期间的最后一日"]),
    ("**/民法典/总则.md", "第二百零三条", ["法定休假日结束的次日"]),
])
def test_rules_match_the_statute_text(law_glob, label, words):
    text = _article(law_glob, label)
    for w in words:
        assert w in text, (label, w)


def test_working_days_before_a_day(cal):
    # 行政处罚法第六十四条第（二）项: notice at least seven (working, 第八十五条) days before a hearing on 2026-10-15
    assert cal.workdays_before(D("2026-10-15"), 7) == D("2026-09-30")     # 10-10 is a 调休 working Saturday
    assert cal.workdays_before(D("2026-03-10"), 1) == D("2026-03-09")
    assert cal.add_workdays(cal.workdays_before(D("2026-10-15"), 7), 7) == D("2026-10-15")
