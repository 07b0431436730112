"""The case list, a new case (from the form or an uploaded case JSON) and a case's page."""

from __future__ import annotations

import datetime as dt
import json

from flask import flash, g, redirect, render_template, request, url_for

from webapp.library import library

from ... import access, audit, db, security
from ...errors import UserError
from .common import bp, doc_rows, drafter, load, unit_of_case, user_errors, user_id


@bp.get("/")
@access.area("cases")
def index():
    from webapp.services.drafting import store
    status = (request.args.get("status") or "").strip()
    if status and status not in store.STATUSES:
        status = ""
    q = (request.args.get("q") or "").strip()[:100]
    unit = access.scope_unit("cases")
    with db.read() as conn:
        rows = store.list_cases(conn, unit, status or None, q or None)
        counts = store.status_counts(conn, unit)
    return render_template("cases/index.html", rows=rows, counts=counts, statuses=store.STATUSES, status=status,
                           q=q)


def _unit_defaults(conn, unit_id: int):
    import sqlalchemy as sa
    from webapp.services.drafting import intake, store
    unit = conn.execute(sa.select(db.units).where(db.units.c.id == unit_id)).mappings().first()
    prev = conn.execute(sa.select(store.cases.c.data).where(store.cases.c.unit_id == unit_id)
                        .order_by(store.cases.c.id.desc()).limit(1)).scalar()
    return intake.unit_defaults(unit, db.unit_benchmarks(unit["benchmarks"]), prev)


def _officers(conn, unit_id: int):
    import sqlalchemy as sa
    return conn.execute(sa.select(db.users.c.id, db.users.c.display_name, db.users.c.cert_no).where(
        db.users.c.unit_id == unit_id, db.users.c.role == "officer", db.users.c.active.is_(True))
        .order_by(db.users.c.display_name)).mappings().all()


def _new_key(conn, unit_id: int) -> str:
    from webapp.services.drafting import intake, store
    return intake.next_key(dt.date.today().year, len(store.list_cases(conn, unit_id, limit=100000)),
                           lambda key: store.key_exists(conn, unit_id, key))


@bp.route("/new", methods=["GET", "POST"])
@access.area("cases")
def new():
    from webapp.services.drafting import intake, store
    from webapp.services.drafting.model import Case, CaseFormatError
    unit_id = g.user["unit_id"]
    with db.read() as conn:
        officers = [o for o in _officers(conn, unit_id) if o["id"] != g.user["id"]]
    form = {k: (request.form.get(k) or "").strip()[:300] for k in ("title", "kind", "name", "procedure", "officer2")}
    if request.method == "GET":
        return render_template("cases/new.html", form=form, officers=officers)
    try:
        upload = request.files.get("case_json")
        with db.begin() as conn, user_errors():
            unit, payment = _unit_defaults(conn, unit_id)
            if upload is not None and upload.filename:
                up = security.check_upload(upload, kinds=("txt",))
                try:
                    case = Case.from_json(up.text())
                except CaseFormatError as exc:
                    raise UserError(f"案件 JSON 格式错误：{exc}", code="bad_case") from None
                case = intake.imported(case, unit, lambda key: store.key_exists(conn, unit_id, key),
                                       lambda: _new_key(conn, unit_id))
            else:
                second = next((o for o in officers if str(o["id"]) == form["officer2"]), None)
                me = {"name": g.user["display_name"], "cert_no": g.user.get("cert_no") or ""}
                case = intake.from_form(form, _new_key(conn, unit_id), unit, payment, me, second)
            cid = store.create_case(conn, unit_id, case, user_id())
            audit.record("create", "case", cid, after={"case_key": case.id, "title": case.title,
                                                        "party": case.party.name}, conn=conn)
    except UserError as exc:
        return render_template("cases/new.html", form=form, officers=officers, error=exc.message), exc.status
    flash("案件已建立。", "success")
    return redirect(url_for("cases.edit", case_id=cid, step="party"))


@bp.get("/<int:case_id>")
@access.area("cases", unit_of=unit_of_case)
def show(case_id: int):
    from webapp.services.drafting import store
    row, case = load(case_id)
    with db.read() as conn:
        docs = [dict(d, confirmed_count=len(json.loads(d["confirmed"] or "[]"))) for d in store.list_documents(conn, case_id)]
        comments = store.list_comments(conn, case_id)
        versions = store.versions(conn, case_id)
    lib_ok = library() is not None
    rows = doc_rows(drafter(), case, row["status"]) if lib_ok else []
    latest: dict[tuple, dict] = {}
    for d in docs:
        latest.setdefault((d["form"], d["item"]), d)
    from webapp.views.credit import case_panel as credit_panel
    from webapp.views.publication import case_panel
    return render_template("cases/show.html", row=row, case=case, docs=docs, latest=latest, rows=rows,
                           comments=comments, versions=versions[:50], statuses=store.STATUSES, lib_ok=lib_ok,
                           can_approve=access.can("approve", row["unit_id"]), due=_deadlines(case, lib_ok),
                           publication=case_panel(case_id, case), credit=credit_panel(case_id, case),
                           path=drafter().path_steps(case) if lib_ok else [], path_label=_path_label(case))


def _path_label(case) -> str:
    from webapp.services.drafting.context import path_label
    return path_label(case)


def _deadlines(case, lib_ok: bool):
    """The case's legal periods and what is due next, on the unit's holiday calendar."""
    from webapp.services.drafting.deadlines import summary
    from webapp.services.workdays import load_calendar
    return summary(case, drafter().calendar() if lib_ok else load_calendar())
