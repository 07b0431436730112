"""The credit repair of a case as the unit tracks it (table credit_repairs, migration 0702_credit): whether the
firm applied, when, and the result. Beside the case, not in its JSON: the repair happens months after the
decision and must not reopen what was approved or reviewed. Every function takes an open connection; the caller
owns the transaction and writes the audit record in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from webapp.services.errors import ServiceError

from .rules import Eligibility

metadata = sa.MetaData()

repairs = sa.Table(
    "credit_repairs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, nullable=False, unique=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("applied_on", sa.String(10), nullable=False, server_default=""),
    sa.Column("decided_on", sa.String(10), nullable=False, server_default=""),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.Column("updated_by", sa.Integer, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

STATES = {"none": "未申请", "applied": "已申请", "repaired": "已修复", "refused": "不予修复"}


@dataclass(frozen=True)
class Repair:
    state: str = "none"
    applied_on: dt.date | None = None
    decided_on: dt.date | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return STATES[self.state]

    def to_dict(self) -> dict:
        return {"state": self.state, "label": self.label,
                "applied_on": self.applied_on.isoformat() if self.applied_on else None,
                "decided_on": self.decided_on.isoformat() if self.decided_on else None, "note": self.note}


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def get(conn, case_id: int) -> Repair:
    row = conn.execute(sa.select(repairs).where(repairs.c.case_id == case_id)).mappings().first()
    if row is None:
        return Repair()
    return Repair(row["state"], _day(row["applied_on"]), _day(row["decided_on"]), row["note"])


def all_repairs(conn, ids: set[int]) -> dict[int, Repair]:
    rows = conn.execute(sa.select(repairs)).mappings().all()
    return {r["case_id"]: Repair(r["state"], _day(r["applied_on"]), _day(r["decided_on"]), r["note"])
            for r in rows if r["case_id"] in ids}


def _date(text: str, label: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ServiceError(f"请以 YYYY-MM-DD 填写{label}，如 2027-02-01。", "bad_date", 400) from None


def read_update(state: str, applied_on: str, decided_on: str, note: str, elig: Eligibility, today: dt.date) -> Repair:
    """The repair an officer records, checked: a known state; an application date for every state but 未申请, not
    before the firm could apply and not after today; a result date for 已修复/不予修复, not before the application."""
    if state not in STATES:
        raise ServiceError(f"信用修复状态应为{'、'.join(STATES.values())}之一。", "bad_state", 400)
    applied, decided = _date(applied_on, "申请日期"), _date(decided_on, "办理结果日期")
    if state == "none":
        return Repair("none", note=(note or "").strip()[:500])
    if applied is None:
        raise ServiceError("请填写企业申请信用修复的日期。", "missing_field", 400)
    for day, label in ((applied, "申请日期"), (decided, "办理结果日期")):
        if day and day > today:
            raise ServiceError(f"{label}（{day.isoformat()}）晚于今天，不能登记尚未发生的事。", "future_date", 400)
    if applied < elig.earliest:
        raise ServiceError(f"申请日期（{applied.isoformat()}）早于可以申请信用修复的日期（{elig.earliest.isoformat()}，"
                           f"{elig.level.label}失信信息最短公示期{elig.level.min_months}个月）。", "too_early", 400)
    if state in ("repaired", "refused"):
        if decided is None:
            raise ServiceError("请填写信用修复的办理结果日期。", "missing_field", 400)
        if decided < applied:
            raise ServiceError("办理结果日期早于申请日期。", "bad_date", 400)
    else:
        decided = None
    return Repair(state, applied, decided, (note or "").strip()[:500])


def save(conn, case_id: int, repair: Repair, user_id: int | None) -> None:
    values = dict(state=repair.state, applied_on=repair.applied_on.isoformat() if repair.applied_on else "",
                  decided_on=repair.decided_on.isoformat() if repair.decided_on else "", note=repair.note,
                  updated_by=user_id, updated_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    if not conn.execute(repairs.update().where(repairs.c.case_id == case_id).values(**values)).rowcount:
        conn.execute(repairs.insert().values(case_id=case_id, **values))
