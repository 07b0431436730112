"""无违法违规证明: an officer or reviewer of a unit searches the unit's penalty decisions for a firm and period and
either downloads a numbered certificate or sees the decisions that refuse it. Both are in the audit trail.
The rules are in webapp/services/certificate.py."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, g, jsonify, render_template, request

from .. import access, audit, db
from ..errors import UserError, wants_json
from ..security import send_bytes

bp = Blueprint("certificates", __name__)

_ERR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
OPENAPI = {"paths": {"/api/v1/certificates": {"post": {
    "summary": "无违法违规证明：查询本单位对该单位的行政处罚决定，没有则出具带编号的证明", "operationId": "certificateIssue",
    "tags": ["certificates"],
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["credit_code", "name", "start", "end"],
        "properties": {"credit_code": {"type": "string"}, "name": {"type": "string"},
                       "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}}}}}},
    "responses": {
        "200": {"description": "issued 为 true 时给出证明编号；为 false 时列出期间内的处罚决定",
                "content": {"application/json": {"schema": {"type": "object"}}}},
        "400": {"description": "代码、名称或期间有误", **_ERR}, "401": {"description": "未登录或令牌无效", **_ERR},
        "403": {"description": "无权访问", **_ERR}}}}}}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def init_app(app) -> None:
    audit.ENTITIES.setdefault("certificate", "无违法违规证明")


def _unit(conn, unit_id: int):
    return conn.execute(sa.select(db.units).where(db.units.c.id == unit_id)).mappings().one()


@bp.get("/certificates/")
@access.area("cases")
def index():
    return render_template("certificates/index.html", typed={}, found=None, error=None)


@bp.post("/certificates/")
@bp.post("/api/v1/certificates")
@access.area("cases")
def issue():
    from webapp.services import certificate as cert
    from webapp.services.drafting.numbering import SQLNumberStore
    src = (request.get_json(silent=True) or {}) if wants_json() else request.form
    typed = {k: str(src.get(k, "") or "")[:100] for k in ("credit_code", "name", "start", "end")}
    unit_id = access.scope_unit("cases") or g.user["unit_id"]
    today = dt.date.today()
    try:
        req = cert.read_request(typed["credit_code"], typed["name"], typed["start"], typed["end"], today)
    except cert.CertificateError as exc:
        if wants_json():
            raise UserError(exc.message, code=exc.code, field=exc.field) from None
        return render_template("certificates/index.html", typed=typed, found=None, error=exc), 400
    with db.read() as conn:
        unit = _unit(conn, unit_id)
        found = cert.decisions_against(conn, unit_id, req)
        fmt = cert.unit_number_format(conn, unit_id)
    number, data = ("", b"") if found else cert.certify(req, unit, fmt, SQLNumberStore(db.engine()), db.utcnow())
    with db.begin() as conn:
        audit.record("reject" if found else "generate", "certificate", number or None,
                     after=cert.audit_after(req, found, number), conn=conn)
    if found:
        if wants_json():
            return jsonify({"issued": False, "decisions": [d.__dict__ for d in found]})
        return render_template("certificates/index.html", typed=typed, found=found, error=None)
    if wants_json():
        return jsonify({"issued": True, "number": number})
    return send_bytes(data, f"无违法违规证明-{req.name}.docx", DOCX)
