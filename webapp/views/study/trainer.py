"""The trainer's pages (area training): a unit's trainees and the review of questions whose laws gained a new
version."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, url_for

from ... import access, audit, db
from ...api import arg_int
from ...errors import UserError
from .common import bp, service, uid


def unit_scope() -> int | None:
    """The unit whose trainees are shown: the reviewer's own; an admin may pick any (default: own)."""
    scope = access.scope_unit("training")
    if scope is not None:
        return scope
    return arg_int("unit_id", g.user["unit_id"], lo=1, hi=2**31 - 1)


def trainees(unit_id: int) -> list[dict]:
    u = db.users
    with db.read() as conn:
        rows = conn.execute(sa.select(u.c.id, u.c.username, u.c.display_name, u.c.active)
                            .where(u.c.unit_id == unit_id, u.c.role == "trainee").order_by(u.c.username)).mappings()
        return [dict(r) for r in rows]


def _units_list() -> list[dict]:
    with db.read() as conn:
        return [dict(r) for r in conn.execute(sa.select(db.units.c.id, db.units.c.name).order_by(db.units.c.id))
                .mappings()]


@bp.get("/study/trainer")
@access.area("training")
def trainer():
    unit_id = unit_scope()
    rows = service().trainees_overview(trainees(unit_id))
    units = _units_list() if access.scope_unit("training") is None else []
    unit_name = next((u["name"] for u in _units_list() if u["id"] == unit_id), "")
    return render_template("study/trainer.html", rows=rows, unit_id=unit_id, unit_name=unit_name, units=units)


def unit_of_trainee(user_id: int):
    with db.read() as conn:
        row = conn.execute(sa.select(db.users.c.unit_id).where(db.users.c.id == user_id,
                                                                db.users.c.role == "trainee")).first()
    return row.unit_id if row else None


@bp.get("/study/trainer/trainees/<int:user_id>")
@access.area("training", unit_of=unit_of_trainee)
def trainee(user_id: int):
    svc = service()
    with db.read() as conn:
        user = dict(conn.execute(sa.select(db.users.c.id, db.users.c.username, db.users.c.display_name,
                                           db.users.c.unit_id).where(db.users.c.id == user_id)).mappings().one())
    return render_template("study/trainee.html", trainee=user, progress=svc.progress(user_id),
                           history=svc.exam_history(user_id))


@bp.get("/study/review")
@access.area("training")
def review():
    svc = service()
    return render_template("study/review.html", queue=svc.review_queue(), stats=svc.stats())


@bp.post("/study/review")
@access.area("training")
def review_post():
    qid = (request.form.get("question_id") or "")[:64]
    action = request.form.get("action")
    note = (request.form.get("note") or "").strip()[:500] or None
    do_review(qid, action, note)
    flash("已停用该题目。" if action == "retire" else "已确认，题目恢复使用。", "success")
    return redirect(url_for("study.review"))


@bp.post("/study/review/unchanged")
@access.area("training")
def review_unchanged():
    done = service().review_unchanged(uid())
    if done:
        audit.record("approve", "study_question", "bulk", after={"confirmed": done, "reason": "条文文字未变"})
    flash(f"已确认 {len(done)} 道条文文字未变的题目。", "success")
    return redirect(url_for("study.review"))


def do_review(qid: str, action: str | None, note: str | None) -> dict:
    if action not in ("confirm", "retire"):
        raise UserError("action 只能是 confirm 或 retire。", code="invalid_parameter")
    svc = service()
    before = next((item for item in svc.review_queue() if item["question"]["id"] == qid), None)
    result = svc.review_question(qid, uid(), note, retire=action == "retire")
    audit.record("approve" if action == "confirm" else "update", "study_question", qid,
                 before={"flags": before["flags"]} if before else None, after={**result, "note": note})
    return result
