"""When a penalty decision must be published: 安全生产法 第七十八条 第二款 — the department publishes its decisions
against a 生产经营单位 "对生产经营单位作出处罚决定后七个工作日内在监督管理部门公示系统予以公开曝光". Seven working
days after the decision date (the decision day not counted), on the State Council's holiday calendar
(webapp/services/workdays.py). The article speaks of 生产经营单位 only: a decision against a natural person has
no deadline here (its public version can still be made)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from webapp.services.drafting.model import Case
from webapp.services.errors import ServiceError
from webapp.services.workdays import HolidayCalendar

RULE = "安全生产法/78/2"
RULE_CN = "《中华人民共和国安全生产法》第七十八条第二款"
RULE_PHRASE = "对生产经营单位作出处罚决定后七个工作日内在监督管理部门公示系统予以公开曝光"
WORKDAYS = 7

STATES = {"published": "已按期公示", "late": "逾期公示", "due": "待公示", "overdue": "已逾期未公示",
          "not_required": "无公示期限（当事人为个人）", "published_free": "已公示"}


def decision_date(case: Case) -> dt.date:
    text = (case.dates.decision or "")[:10]
    if not text:
        raise ServiceError("本案还没有决定日期，无法计算公示期限，也没有可以公开的行政处罚决定书。请先在案件中填写决定日期。",
                           "no_decision_date", 409)
    return dt.date.fromisoformat(text)


def required(case: Case) -> bool:
    """安全生产法 第七十八条 asks for the 行政处罚决定 against a firm; a 不予行政处罚决定 is not one."""
    return case.is_org and not case.not_penalised


def deadline(case: Case, cal: HolidayCalendar) -> dt.date:
    """The last day to publish: the seventh working day after the decision date."""
    return cal.add_workdays(decision_date(case), WORKDAYS)


@dataclass(frozen=True)
class Status:
    decided: dt.date
    deadline: dt.date | None          # None: no deadline (natural-person party)
    published_on: dt.date | None
    state: str                        # a key of STATES
    workdays_left: int | None = None  # for a publication still due: working days after today up to the deadline

    @property
    def label(self) -> str:
        return STATES[self.state]

    def to_dict(self) -> dict:
        return {"decided": self.decided.isoformat(), "deadline": self.deadline.isoformat() if self.deadline else None,
                "published_on": self.published_on.isoformat() if self.published_on else None, "state": self.state,
                "label": self.label, "workdays_left": self.workdays_left, "rule": RULE, "rule_cn": RULE_CN}


def status(case: Case, published_on: dt.date | None, cal: HolidayCalendar, today: dt.date) -> Status:
    decided = decision_date(case)
    if not required(case):
        return Status(decided, None, published_on, "published_free" if published_on else "not_required")
    last = deadline(case, cal)
    if published_on is not None:
        return Status(decided, last, published_on, "published" if published_on <= last else "late")
    if today > last:
        return Status(decided, last, None, "overdue", 0)
    return Status(decided, last, None, "due", cal.workdays_between(today, last) + (1 if cal.is_workday(today) else 0))


def read_published_on(text: str, case: Case, today: dt.date) -> dt.date:
    """The publication date an officer typed: a date, not before the decision, not after today."""
    try:
        day = dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise ServiceError("请以 YYYY-MM-DD 填写公示日期，如 2026-11-05。", "bad_date", 400) from None
    decided = decision_date(case)
    if day < decided:
        raise ServiceError(f"公示日期（{day.isoformat()}）早于决定日期（{decided.isoformat()}）。", "bad_date", 400)
    if day > today:
        raise ServiceError(f"公示日期（{day.isoformat()}）晚于今天，不能登记尚未进行的公示。", "future_date", 400)
    return day
