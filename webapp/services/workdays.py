"""Working days and legal periods: the State Council's holiday arrangements, and the two ways a period ends.

Periods in the enforcement laws are counted two ways. Short periods of 行政处罚法 (第八十五条: 二日、三日、五日、
七日) and of 行政强制法 (第六十九条: 十日以内) are working days. Other periods are calendar days; when the last
day is a day off it moves to the next working day (民法典 第二百零三条). In both, the day the period starts
from is not counted (民法典 第二百零一条: 开始的当日不计入). The calendar knows only the years its files name;
asking about any other year is an error, never a guess, because a wrong deadline is worse than none.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.config import CORPUS_DIR

from .errors import ServiceError

DEFAULT_FILE = CORPUS_DIR / "calendar" / "holidays.toml"


@dataclass(frozen=True)
class YearArrangement:
    year: int
    source: str
    off: frozenset[dt.date]
    on: frozenset[dt.date]


@dataclass(frozen=True)
class HolidayCalendar:
    years: dict[int, YearArrangement]

    def _year(self, day: dt.date) -> YearArrangement:
        try:
            return self.years[day.year]
        except KeyError:
            known = "、".join(str(y) for y in sorted(self.years)) or "无"
            raise ServiceError(
                f"节假日安排中没有 {day.year} 年（已有：{known}），无法按工作日计算期限；"
                "请管理员在 instance/holidays.toml 中补充该年的放假安排", "calendar_unknown_year", 422) from None

    def is_workday(self, day: dt.date) -> bool:
        year = self._year(day)
        if day in year.on:
            return True
        if day in year.off:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after start (start itself not counted)."""
        if n < 1:
            raise ValueError("n must be positive")
        day, left = start, n
        while left:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_before(self, end: dt.date, n: int) -> dt.date:
        """The n-th working day before end (end itself not counted): the latest day for a step that must come
        n working days ahead of `end` (行政处罚法 第六十四条第（二）项: 在举行听证的七日前通知)."""
        if n < 1:
            raise ValueError("n must be positive")
        day, left = end, n
        while left:
            day -= dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def add_days(self, start: dt.date, n: int) -> dt.date:
        """The last day of an n-calendar-day period from start, moved past days off at its end."""
        day = start + dt.timedelta(days=n)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add_months(self, start: dt.date, n: int) -> dt.date:
        """The last day of an n-month period (months_later), moved past days off at its end."""
        day = months_later(start, n)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after start up to and including end (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return count


def months_later(start: dt.date, n: int) -> dt.date:
    """The last day of an n-month period from start: the same day n months on, or that month's last day if it
    has none (民法典 第二百零二条). Not moved past days off: for a period one waits out (a minimum publication
    period) rather than a last day to act on, which add_months gives."""
    month0 = start.month - 1 + n
    year, month = start.year + month0 // 12, month0 % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last))


def _dates(items: list[str]) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for item in items:
        first, _, last = item.partition("/")
        a = dt.date.fromisoformat(first)
        b = dt.date.fromisoformat(last) if last else a
        if b < a:
            raise ValueError(f"holiday span ends before it starts: {item}")
        days.update(a + dt.timedelta(days=i) for i in range((b - a).days + 1))
    return frozenset(days)


def _read(path: Path) -> dict[int, YearArrangement]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    years = {}
    for row in data.get("year", []):
        year = int(row["year"])
        off, on = _dates(row.get("off", [])), _dates(row.get("on", []))
        stray = [d for d in off | on if d.year != year]
        if stray or off & on:
            raise ValueError(f"{path}: year {year} lists a day of another year or a day both off and on")
        years[year] = YearArrangement(year, str(row.get("source", "")), off, on)
    return years


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...], stamps: tuple[float, ...]) -> HolidayCalendar:
    years: dict[int, YearArrangement] = {}
    for path in paths:
        years.update(_read(path))  # later files (the unit's own) replace whole years
    return HolidayCalendar(years)


def load_calendar(instance: Path | None = None, default: Path = DEFAULT_FILE) -> HolidayCalendar:
    """The national arrangements, with the unit's instance/holidays.toml (if any) replacing the years it names."""
    paths = [default]
    if instance is not None and (instance / "holidays.toml").is_file():
        paths.append(instance / "holidays.toml")
    return _load(tuple(paths), tuple(p.stat().st_mtime for p in paths))
