"""信用修复 (issue 14.2): on the case page, the class of the case's 失信信息, the earliest day the firm may apply
and the state of the repair; the officer records the application and its result (audited); JSON at
/api/v1/cases/ID/credit. The 信用修复告知书 itself is a form of the case (doc_templates/forms). The rules are in
webapp/services/credit/."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, jsonify, redirect, request, url_for

from .. import access, audit, db
from ..errors import UserError, service_errors, wants_json
from ..openapi import error, response
from .cases.common import load, unit_of_case, user_id

bp = Blueprint("credit", __name__)

_CASE = [{"name": "case_id", "in": "path", "required": True,
          "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}}]
_ERRS = {"401": error("未登录或令牌无效"), "403": error("无权访问"), "404": error("没有这个案件"),
         "409": error("本案没有决定日期")}
OPENAPI = {"paths": {"/api/v1/cases/{case_id}/credit": {
    "get": {"summary": "信用修复：失信信息类别、可以申请修复的日期、修复状态", "operationId": "creditGet",
            "tags": ["credit"], "parameters": _CASE,
            "responses": {"200": response("类别、最早申请日期和修复状态", {"type": "object"}), **_ERRS}},
    "post": {"summary": "登记企业的信用修复申请和办理结果", "operationId": "creditRecord", "tags": ["credit"],
             "parameters": _CASE,
             "requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "type": "object", "required": ["state"],
                 "properties": {"state": {"type": "string", "enum": ["none", "applied", "repaired", "refused"]},
                                "applied_on": {"type": "string", "format": "date"},
                                "decided_on": {"type": "string", "format": "date"},
                                "note": {"type": "string", "maxLength": 500}}}}}},
             "responses": {"200": response("登记后的修复状态", {"type": "object"}), "400": error("状态或日期有误"),
                           **_ERRS}}}}}


def init_app(app) -> None:
    from webapp.services.credit import records
    if records.repairs.name not in db.metadata.tables:
        records.repairs.to_metadata(db.metadata)
    audit.ENTITIES.setdefault("credit_repair", "信用修复")


def case_panel(case_id: int, case) -> dict | None:
    """What the case page shows: the class, the earliest day, the repair (None: not a firm's decision)."""
    from webapp.services.credit import records, rules
    from webapp.services.errors import ServiceError
    if not case.dates.decision or not case.is_org or case.not_penalised:
        return None
    with db.read() as conn:
        repair = records.get(conn, case_id)
    try:
        elig = rules.eligibility(case)
    except ServiceError as exc:
        return {"elig": None, "problem": exc.message, "repair": repair, "states": records.STATES}
    return {"elig": elig, "problem": "", "repair": repair, "states": records.STATES,
            "ready": elig.ready(dt.date.today())}


def _record(case_id: int):
    from webapp.services.credit import records, rules
    src = (request.get_json(silent=True) or {}) if wants_json() else request.form
    if not isinstance(src, dict) and wants_json():
        raise UserError("请求体应为 JSON 对象。", code="bad_request")
    row, case = load(case_id)
    if not case.is_org:
        raise UserError("信用修复只适用于单位（法人和非法人组织）。", code="not_applicable", status=409)

    def arg(k: str, n: int = 20) -> str:
        return str(src.get(k, "") or "")[:n]

    with service_errors():
        elig = rules.eligibility(case)
        repair = records.read_update(arg("state"), arg("applied_on"), arg("decided_on"), arg("note", 500), elig,
                                     dt.date.today())
    with db.begin() as conn:
        before = records.get(conn, case_id)
        records.save(conn, case_id, repair, user_id())
        audit.record("update", "credit_repair", case_id, before=before.to_dict(), after=repair.to_dict(), conn=conn,
                     unit_id=row["unit_id"])
    return case, elig, repair


@bp.post("/cases/<int:case_id>/credit")
@access.area("cases", unit_of=unit_of_case)
def record(case_id: int):
    _case, _elig, repair = _record(case_id)
    flash(f"已登记信用修复：{repair.label}。", "success")
    return redirect(url_for("cases.show", case_id=case_id) + "#credit")


# one rule for both methods: with a GET and a POST rule, werkzeug answers an id past the int range with 405
@bp.route("/api/v1/cases/<int:case_id>/credit", methods=["GET", "POST"])
@access.area("cases", unit_of=unit_of_case)
def api(case_id: int):
    from webapp.services.credit import records, rules
    if request.method == "POST":
        case, elig, repair = _record(case_id)
    else:
        _row, case = load(case_id)
        with service_errors():
            elig = rules.eligibility(case)
        with db.read() as conn:
            repair = records.get(conn, case_id)
    r = rules.load_rules()
    return jsonify({"case": case.id, "eligibility": elig.to_dict(), "repair": repair.to_dict(),
                    "ready": elig.ready(dt.date.today()), "rule": r.cited, "where": r.where})
