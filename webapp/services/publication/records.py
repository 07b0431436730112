"""What the app database holds about a decision's publication (table publication_records, migration
0701_publication): the names an officer added to be masked, and when and where the decision was published.
Kept beside the case, not in its JSON: recording a publication is not an edit of the case (it must neither void
a 法制审核 approval nor reopen a signed 案卷评查). Every function takes an open connection; the caller owns the
transaction and writes the audit record in it."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from webapp.services.drafting import store
from webapp.services.drafting.model import Case, CaseFormatError
from webapp.services.errors import ServiceError
from webapp.services.workdays import HolidayCalendar

from . import deadline as dl

metadata = sa.MetaData()

records = sa.Table(
    "publication_records", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, nullable=False, unique=True),
    sa.Column("extra_names", sa.Text, nullable=False, server_default="[]"),
    sa.Column("published_on", sa.String(10), nullable=False, server_default=""),
    sa.Column("place", sa.String(300), nullable=False, server_default=""),
    sa.Column("updated_by", sa.Integer, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

MAX_NAMES = 50


@dataclass
class Record:
    extra_names: list[str] = field(default_factory=list)
    published_on: dt.date | None = None
    place: str = ""

    def to_dict(self) -> dict:
        return {"extra_names": self.extra_names, "published_on": self.published_on.isoformat() if self.published_on else None,
                "place": self.place}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def get(conn, case_id: int) -> Record:
    row = conn.execute(sa.select(records).where(records.c.case_id == case_id)).mappings().first()
    if row is None:
        return Record()
    day = dt.date.fromisoformat(row["published_on"]) if row["published_on"] else None
    return Record(json.loads(row["extra_names"] or "[]"), day, row["place"])


def _upsert(conn, case_id: int, user_id: int | None, **values) -> None:
    values.update(updated_by=user_id, updated_at=_now())
    done = conn.execute(records.update().where(records.c.case_id == case_id).values(**values)).rowcount
    if not done:
        conn.execute(records.insert().values(case_id=case_id, **values))


def read_names(text: str) -> list[str]:
    """The names typed one per line (or separated by 、，), each once."""
    names = [n.strip() for n in re.split(r"[\n、，,；;]+", text or "") if n.strip()]
    return list(dict.fromkeys(n[:20] for n in names))[:MAX_NAMES]


def save_names(conn, case_id: int, names: list[str], user_id: int | None) -> None:
    _upsert(conn, case_id, user_id, extra_names=json.dumps(names, ensure_ascii=False))


def save_published(conn, case_id: int, day: dt.date, place: str, user_id: int | None) -> None:
    _upsert(conn, case_id, user_id, published_on=day.isoformat(), place=(place or "").strip()[:300])


def published_dates(conn, ids: set[int] | None = None) -> dict[int, dt.date]:
    q = sa.select(records.c.case_id, records.c.published_on).where(records.c.published_on != "")
    return {cid: dt.date.fromisoformat(day) for cid, day in conn.execute(q) if ids is None or cid in ids}


@dataclass(frozen=True)
class DueRow:
    case_id: int
    case_key: str
    title: str
    party: str
    status: dl.Status | None
    problem: str = ""                 # why no status could be computed (a year the calendar does not know)


def due(conn, unit_id: int | None, cal: HolidayCalendar, today: dt.date) -> list[DueRow]:
    """The decided cases (已作出决定 / 已结案) against a firm not published yet, the most urgent first."""
    c = store.cases.c
    q = sa.select(c.id, c.case_key, c.title, c.party_name, c.data).where(c.status.in_(("issued", "closed")))
    if unit_id is not None:
        q = q.where(c.unit_id == unit_id)
    rows = conn.execute(q).mappings().all()
    done = published_dates(conn, {r["id"] for r in rows})
    out = []
    for r in rows:
        if r["id"] in done:
            continue
        try:
            case = Case.from_json(r["data"])
        except CaseFormatError:
            continue                  # an unreadable record is the case page's problem, not this list's
        if not case.dates.decision or not dl.required(case):
            continue
        try:
            out.append(DueRow(r["id"], r["case_key"], r["title"], r["party_name"], dl.status(case, None, cal, today)))
        except ServiceError as exc:
            out.append(DueRow(r["id"], r["case_key"], r["title"], r["party_name"], None, exc.message))
    return sorted(out, key=lambda x: (x.status.deadline if x.status and x.status.deadline else today, x.case_key))
