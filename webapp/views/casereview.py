"""案卷评查 pages: closed case files assigned to reviewers of any unit (互评互查), the automatic findings and
the score against the review standard, the reviewer's deductions, grade and signature, the .docx report and
the JSON of a review. The rules live in webapp/services/casereview/; this module only serves them."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, url_for

from .. import access, audit, db
from ..errors import UserError
from ..security import send_bytes

bp = Blueprint("casereview", __name__)

OPENAPI = {"paths": {"/api/v1/casereview/{review_id}": {"get": {
    "summary": "一份案卷评查：自动发现的问题、按评查标准的计分、评定和状态", "operationId": "casereviewGet",
    "tags": ["casereview"],
    "parameters": [{"name": "review_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
    "responses": {
        "200": {"description": "评查", "content": {"application/json": {"schema": {"type": "object"}}}},
        "401": {"description": "未登录或令牌无效", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "403": {"description": "无权访问", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "404": {"description": "不存在", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}}}


def init_app(app) -> None:
    from webapp.services.casereview import reviews
    if reviews.reviews.name not in db.metadata.tables:
        reviews.reviews.to_metadata(db.metadata)
    audit.ENTITIES.setdefault("casefile_review", "案卷评查")


def _standard():
    from webapp.services.casereview.standard import StandardError, load_standard
    key = "lawdesk_casereview_standard"
    if key not in current_app.extensions:
        try:
            current_app.extensions[key] = load_standard(current_app.config["LAWDESK_SETTINGS"].corpus)
        except StandardError as exc:
            raise UserError(f"评查标准文件有误：{exc}", code="bad_standard", status=500) from None
    return current_app.extensions[key]


@contextmanager
def _errors():
    """The review service's refusals as the UserError the pages and the API show."""
    from webapp.services.casereview.reviews import ReviewError
    try:
        yield
    except ReviewError as exc:
        raise UserError(exc.message, code=exc.code, status=exc.status) from None


def _reviewers(conn) -> dict[int, dict]:
    rows = conn.execute(sa.select(db.users.c.id, db.users.c.display_name, db.users.c.unit_id)
                        .where(db.users.c.role == "reviewer", db.users.c.active.is_(True))).mappings().all()
    return {r["id"]: dict(r) for r in rows}


def _units(conn) -> dict[int, str]:
    return dict(conn.execute(sa.select(db.units.c.id, db.units.c.name)).all())


@bp.get("/casereview/")
@access.area("casereview")
def index():
    from webapp.services.casereview import reviews
    with db.read() as conn:
        rows = reviews.listing(conn)
        closed = reviews.closed_cases(conn)
        people, units = _reviewers(conn), _units(conn)
        gaps = reviews.unit_number_gaps(conn)
    mine = [r for r in rows if r["reviewer_id"] == g.user["id"]]
    return render_template("casereview/index.html", rows=rows, mine=mine, closed=closed, people=people,
                           units=units, state=reviews.state, STATES=reviews.STATES, gaps=gaps)


@bp.post("/casereview/assign")
@access.area("casereview")
def assign():
    from webapp.services.casereview import reviews
    try:
        case_id, reviewer_id = int(request.form.get("case_id", "")), int(request.form.get("reviewer_id", ""))
    except ValueError:
        raise UserError("请选择案卷和评查人。", code="missing_field") from None
    with _errors(), db.begin() as conn:
        if reviewer_id not in _reviewers(conn):
            raise UserError("评查人应为在用的法制审核人员账号。", code="bad_reviewer")
        rid = reviews.assign(conn, case_id, reviewer_id, g.user["id"])
        audit.record("create", "casefile_review", rid, after={"case_id": case_id, "reviewer_id": reviewer_id},
                     conn=conn)
    flash("已分配评查。", "success")
    return redirect(url_for("casereview.show", review_id=rid))


def _load(review_id: int):
    """The review row, its case file, the automatic review and the scorecard with the saved deductions."""
    from webapp.services.casereview import reviews
    from webapp.services.casereview.records import case_file
    from webapp.services.casereview.review import review_case_file
    from webapp.services.casereview.score import score
    from webapp.services.drafting import store

    from .cases.common import drafter
    with db.read() as conn:
        row = reviews.get(conn, review_id)
        if row is None:
            raise UserError("没有这份评查。", code="not_found", status=404)
        cf = case_file(conn, row["case_id"])
        people = _reviewers(conn)
        unit = _units(conn).get(store.unit_of(conn, row["case_id"]) or 0, "")
    if cf is None:
        raise UserError("没有这个案件。", code="not_found", status=404)
    result = review_case_file(cf, drafter())
    try:
        card = score(result, _standard(), reviews.manual_of(row))
    except KeyError as exc:
        raise UserError(f"评查标准中已没有扣分项 {exc}，请重新填写。", code="bad_deduction", status=409) from None
    return row, cf, result, card, people, unit


@bp.get("/casereview/<int:review_id>")
@access.area("casereview")
def show(review_id: int):
    from webapp.services.casereview import reviews
    from webapp.services.casereview.score import GRADES

    from .cases.common import ref_cn
    row, cf, result, card, people, unit = _load(review_id)
    st = reviews.state(row, cf.case_version)
    editable = row["reviewer_id"] == g.user["id"] and st != "signed"
    manual = {m.deduction_id: m for m in reviews.manual_of(row)}
    return render_template("casereview/review.html", row=row, cf=cf, result=result, card=card, unit=unit,
                           reviewer=people.get(row["reviewer_id"], {}).get("display_name", "（已停用）"),
                           state=st, STATES=reviews.STATES, editable=editable, manual=manual, GRADES=GRADES,
                           ref_cn=ref_cn)


@bp.post("/casereview/<int:review_id>")
@access.area("casereview")
def update(review_id: int):
    from webapp.services.casereview import reviews
    from webapp.services.casereview.score import ManualDeduction, score
    row, cf, result, _card, _people, _unit = _load(review_id)
    if row["reviewer_id"] != g.user["id"]:
        raise UserError("只有被分配的评查人可以填写和签署这份评查。", code="forbidden", status=403)
    standard = _standard()
    manual = []
    for d in standard.deductions:
        raw = request.form.get(f"n-{d.id}", "").strip()
        if not raw or raw == "0":
            continue
        if not raw.isdigit() or int(raw) > 99:
            raise UserError(f"扣分项“{d.text[:20]}”的次数应为 0 至 99 的整数。", code="bad_count", field=f"n-{d.id}")
        manual.append(ManualDeduction(d.id, int(raw), request.form.get(f"c-{d.id}", "").strip()[:500]))
    grade, comment = request.form.get("grade", ""), request.form.get("comment", "").strip()
    with _errors(), db.begin() as conn:
        reviews.save(conn, review_id, manual, grade, comment, cf.case_version)
        action = "update"
        if request.form.get("action") == "sign":
            total = score(result, standard, manual).total
            reviews.sign(conn, review_id, total, cf.case_version)
            action = "approve"
        audit.record(action, "casefile_review", review_id, before={"status": row["status"]},
                     after={"grade": grade, "deductions": len(manual), "signed": action == "approve"}, conn=conn)
    flash("评查已签署。" if action == "approve" else "已保存。", "success")
    return redirect(url_for("casereview.show", review_id=review_id))


@bp.get("/casereview/<int:review_id>/report.docx")
@access.area("casereview")
def report(review_id: int):
    from webapp.services.casereview import reviews
    from webapp.services.casereview.report import ReportHeader, write_report
    from webapp.services.drafting import cnformat as cf_fmt

    from .cases.common import ref_cn
    row, cf, result, card, people, unit = _load(review_id)
    signed = cf_fmt.cn_date(row["signed_at"].date()) if row["signed_at"] and \
        reviews.state(row, cf.case_version) == "signed" else ""
    head = ReportHeader(unit=unit, case=cf.label, title=cf.case.title,
                        reviewer=people.get(row["reviewer_id"], {}).get("display_name", ""), signed=signed,
                        grade=row["grade"], comment=row["comment"])
    data = write_report(head, result, card, ref_cn)
    name = f"{cf.case.id}-案卷评查表.docx"
    return send_bytes(data, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.get("/api/v1/casereview/<int:review_id>")
@access.area("casereview")
def review_json(review_id: int):
    from webapp.services.casereview import reviews
    row, cf, result, card, _people, _unit = _load(review_id)
    return jsonify({"id": row["id"], "case_id": row["case_id"], "case": cf.label,
                    "state": reviews.state(row, cf.case_version), "grade": row["grade"],
                    "review": result.to_dict(), "score": card.to_dict()})
