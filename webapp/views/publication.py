"""Publication of penalty decisions (issue 14.3): a case's public version (personal information masked) as a
page, a .docx and JSON; the names an officer adds to be masked; the date and place of publication; the list of
decisions whose publication is due or overdue. All in the audit trail. The rules are in
webapp/services/publication/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for

from .. import access, audit, db
from ..errors import UserError, service_errors, wants_json
from ..openapi import error, response
from ..security import send_bytes
from .cases.common import drafter, load, unit_of_case, user_id

bp = Blueprint("publication", __name__)

_CASE = [{"name": "case_id", "in": "path", "required": True,
          "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}}]
_ERRS = {"401": error("未登录或令牌无效"), "403": error("无权访问"), "404": error("没有这个案件"),
         "409": error("本案没有决定日期或没有适用的决定书模板"), "422": error("节假日安排中没有该年份")}
OPENAPI = {"paths": {"/api/v1/cases/{case_id}/publication": {
    "get": {"summary": "行政处罚决定书的公开版本（隐去个人信息）、公示期限和公示登记", "operationId": "publicationGet",
            "tags": ["publication"], "parameters": _CASE,
            "responses": {"200": response("公开版本的文字、需核对的疑似姓名、公示期限和状态", {"type": "object"}), **_ERRS}},
    "post": {"summary": "登记公示日期和公示网站", "operationId": "publicationRecord", "tags": ["publication"],
             "parameters": _CASE,
             "requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "type": "object", "required": ["published_on"],
                 "properties": {"published_on": {"type": "string", "format": "date"},
                                "place": {"type": "string", "maxLength": 300}}}}}},
             "responses": {"200": response("登记后的公示状态", {"type": "object"}), "400": error("日期有误"), **_ERRS}}}}}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def init_app(app) -> None:
    from webapp.services.publication import records
    if records.records.name not in db.metadata.tables:
        records.records.to_metadata(db.metadata)
    audit.ENTITIES.setdefault("publication", "处罚决定公示")
    audit.ACTIONS.setdefault("publish", "登记公示")


def calendar():
    from webapp.services.workdays import load_calendar
    return load_calendar(Path(current_app.instance_path))


def _today() -> dt.date:
    return dt.date.today()


def _state(case_id: int):
    """The case row, the case, its publication record and status."""
    from webapp.services.publication import deadline, records
    row, case = load(case_id)
    with db.read() as conn:
        rec = records.get(conn, case_id)
    with service_errors():
        status = deadline.status(case, rec.published_on, calendar(), _today())
    return row, case, rec, status


def _version(case, rec):
    from webapp.services.publication.public import public_version
    with service_errors():
        return public_version(drafter(), case, rec.extra_names)


def case_panel(case_id: int, case) -> dict | None:
    """What the case page shows of the publication: the status, or why it cannot be computed (None: no
    decision yet)."""
    from webapp.services.errors import ServiceError
    from webapp.services.publication import deadline, records
    if not case.dates.decision:
        return None
    with db.read() as conn:
        rec = records.get(conn, case_id)
    try:
        return {"status": deadline.status(case, rec.published_on, calendar(), _today()), "problem": ""}
    except ServiceError as exc:
        return {"status": None, "problem": exc.message}


@bp.get("/publication/")
@access.area("cases")
def index():
    from webapp.services.publication import records
    with db.read() as conn, service_errors():
        rows = records.due(conn, access.scope_unit("cases"), calendar(), _today())
    return render_template("publication/index.html", rows=rows, today=_today())


@bp.get("/cases/<int:case_id>/publication")
@access.area("cases", unit_of=unit_of_case)
def show(case_id: int):
    from webapp.services.drafting.export import to_html
    row, case, rec, status = _state(case_id)
    version = _version(case, rec)
    return render_template("publication/show.html", row=row, case=case, rec=rec, status=status, version=version,
                           html=to_html(version.doc), today=_today().isoformat())


@bp.get("/cases/<int:case_id>/publication.docx")
@access.area("cases", unit_of=unit_of_case)
def download(case_id: int):
    from webapp.services.publication.public import filename, public_docx
    row, case, rec, _status = _state(case_id)
    version = _version(case, rec)
    data = public_docx(drafter(), case, version)
    audit.record("export", "publication", case_id, after={"form": version.form_id, "public_version": True,
                                                          "masked_names": rec.extra_names}, unit_id=row["unit_id"])
    return send_bytes(data, filename(case, version), DOCX)


@bp.post("/cases/<int:case_id>/publication/names")
@access.area("cases", unit_of=unit_of_case)
def names(case_id: int):
    from webapp.services.publication import records
    row, _case = load(case_id)
    wanted = records.read_names(request.form.get("names", "")[:2000])
    with db.begin() as conn:
        before = records.get(conn, case_id).extra_names
        records.save_names(conn, case_id, wanted, user_id())
        audit.record("update", "publication", case_id, before={"extra_names": before}, after={"extra_names": wanted},
                     conn=conn, unit_id=row["unit_id"])
    flash("已保存需隐去的姓名。", "success")
    return redirect(url_for("publication.show", case_id=case_id))


@bp.post("/cases/<int:case_id>/publication")
@access.area("cases", unit_of=unit_of_case)
def record(case_id: int):
    from webapp.services.publication import deadline, records
    src = (request.get_json(silent=True) or {}) if wants_json() else request.form
    if not isinstance(src, dict) and wants_json():
        raise UserError("请求体应为 JSON 对象。", code="bad_request")
    row, case = load(case_id)
    place = str(src.get("place", "") or "")[:300]
    with service_errors():
        day = deadline.read_published_on(str(src.get("published_on", "") or "")[:20], case, _today())
        status = deadline.status(case, day, calendar(), _today())
    with db.begin() as conn:
        before = records.get(conn, case_id)
        records.save_published(conn, case_id, day, place, user_id())
        audit.record("publish", "publication", case_id, before=before.to_dict(),
                     after={"published_on": day.isoformat(), "place": place, "state": status.state}, conn=conn,
                     unit_id=row["unit_id"])
    if wants_json():
        return jsonify(status.to_dict())
    flash(f"已登记公示（{day.isoformat()}，{status.label}）。", "success")
    return redirect(url_for("publication.show", case_id=case_id))


# one rule for both methods: with a GET and a POST rule, werkzeug answers an id past the int range with 405
@bp.route("/api/v1/cases/<int:case_id>/publication", methods=["GET", "POST"])
@access.area("cases", unit_of=unit_of_case)
def api(case_id: int):
    if request.method == "POST":
        return record(case_id)
    _row, case, rec, status = _state(case_id)
    version = _version(case, rec)
    return jsonify({"case": case.id, "form": version.form_id, "title": version.title, "status": status.to_dict(),
                    "record": rec.to_dict(), "text": version.lines(), "name_hints": version.hints})
