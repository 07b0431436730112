"""Reviews of case files in the application database (SQLAlchemy Core, no Flask): a closed case is assigned
to a reviewer (互评互查: any reviewer, of any unit), who records deductions that need a person's judgement,
a grade (示范优案 / 典型差案) and a comment, then signs. A signed review is fixed; when the case is changed after
it was signed, the review reads as reopened (its case version is older than the case's) until signed again.

Table casereview_reviews (migration 0601_casereview, branch "casereview"; the view copies it onto
webapp.db.metadata). Every function takes an open connection: the caller owns the transaction and writes the
audit record in it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

import sqlalchemy as sa

from webapp.services.drafting import store

from .score import GRADES, ManualDeduction

metadata = sa.MetaData()

reviews = sa.Table(
    "casereview_reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, nullable=False, index=True),
    sa.Column("reviewer_id", sa.Integer, nullable=False),
    sa.Column("assigned_by", sa.Integer, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),             # assigned / signed
    sa.Column("grade", sa.String(16), nullable=False, server_default=""),
    sa.Column("manual", sa.Text, nullable=False, server_default="[]"),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Column("case_version", sa.Integer, nullable=True),             # the case version signed
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("signed_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("case_id", "reviewer_id", name="uq_casereview_reviews_case_reviewer"),
)

STATES = {"assigned": "评查中", "signed": "已签署", "reopened": "案卷已修改，重新评查"}
MAX_COMMENT = 5000


class ReviewError(Exception):
    def __init__(self, message: str, code: str = "bad_request", status: int = 400):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def state(row, case_version: int) -> str:
    if row["status"] == "signed" and (row["case_version"] or 0) < case_version:
        return "reopened"
    return row["status"]


def manual_of(row) -> list[ManualDeduction]:
    return [ManualDeduction(**m) for m in json.loads(row["manual"] or "[]")]


def assign(conn, case_id: int, reviewer_id: int, by: int | None) -> int:
    """The review of `case_id` by `reviewer_id` (created if needed). Only a closed case file is reviewed."""
    case = store.get_row(conn, case_id)
    if case is None:
        raise ReviewError("没有这个案件。", "not_found", 404)
    if case["status"] != "closed":
        raise ReviewError("只有已结案的案卷才能评查。", "not_closed", 409)
    found = conn.execute(sa.select(reviews.c.id).where(reviews.c.case_id == case_id,
                                                       reviews.c.reviewer_id == reviewer_id)).scalar()
    if found:
        return found
    now = _now()
    return conn.execute(reviews.insert().values(case_id=case_id, reviewer_id=reviewer_id, assigned_by=by,
                                                status="assigned", created_at=now, updated_at=now)
                        ).inserted_primary_key[0]


def get(conn, review_id: int):
    return conn.execute(sa.select(reviews).where(reviews.c.id == review_id)).mappings().first()


def for_case(conn, case_id: int):
    return conn.execute(sa.select(reviews).where(reviews.c.case_id == case_id).order_by(reviews.c.id)).mappings().all()


def listing(conn, reviewer_id: int | None = None):
    """Every review (or one reviewer's), newest first, with its case's key, title, party, unit and version."""
    c = store.cases.c
    q = (sa.select(reviews, c.case_key, c.title, c.party_name, c.unit_id, c.version.label("current_version"))
         .join(store.cases, store.cases.c.id == reviews.c.case_id).order_by(reviews.c.id.desc()))
    if reviewer_id is not None:
        q = q.where(reviews.c.reviewer_id == reviewer_id)
    return conn.execute(q).mappings().all()


def closed_cases(conn, limit: int = 500):
    c = store.cases.c
    return conn.execute(sa.select(c.id, c.case_key, c.title, c.party_name, c.unit_id).where(c.status == "closed")
                        .order_by(c.id.desc()).limit(limit)).mappings().all()


def save(conn, review_id: int, manual: list[ManualDeduction], grade: str, comment: str,
         case_version: int) -> None:
    row = get(conn, review_id)
    if row is None:
        raise ReviewError("没有这份评查。", "not_found", 404)
    if state(row, case_version) == "signed":
        raise ReviewError("评查已签署，不能再修改；案卷修改后评查会重新打开。", "signed", 409)
    if grade not in GRADES:
        raise ReviewError("评定结果应为示范优案、典型差案或不评定。", "bad_grade")
    conn.execute(reviews.update().where(reviews.c.id == review_id).values(
        manual=json.dumps([asdict(m) for m in manual], ensure_ascii=False), grade=grade,
        comment=comment[:MAX_COMMENT], status="assigned", updated_at=_now()))


def sign(conn, review_id: int, score: float, case_version: int) -> None:
    row = get(conn, review_id)
    if row is None:
        raise ReviewError("没有这份评查。", "not_found", 404)
    if state(row, case_version) == "signed":
        raise ReviewError("评查已签署。", "signed", 409)
    now = _now()
    conn.execute(reviews.update().where(reviews.c.id == review_id).values(
        status="signed", score=score, case_version=case_version, signed_at=now, updated_at=now))


def unit_number_gaps(conn) -> dict[int, list]:
    """Each unit's gaps in its issued document numbers (numbering.number_gaps over every filed document,
    read with the number format and short name the unit's cases carry)."""
    from .numbering import number_gaps
    d, c = store.documents.c, store.cases.c
    rows = conn.execute(sa.select(c.unit_id, c.data, d.number).join(store.documents, d.case_id == c.id)
                        .where(d.number != "")).all()
    numbers: dict[int, list[str]] = {}
    formats: dict[int, tuple[str, str]] = {}
    for unit_id, data, number in rows:
        numbers.setdefault(unit_id, []).append(number)
        if unit_id not in formats:
            unit = json.loads(data).get("unit", {})
            formats[unit_id] = (unit.get("number_format") or "", unit.get("short_name") or "")
    out = {}
    for unit_id, nums in numbers.items():
        fmt, short = formats[unit_id]
        gaps = number_gaps(set(nums), fmt, short) if fmt else []
        if gaps:
            out[unit_id] = gaps
    return out
