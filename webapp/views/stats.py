"""执法统计 (issue 13.4): the statistics page with its period form, tables and SVG bar charts, the .xlsx and CSV
exports, and /api/v1/stats. Every figure comes from webapp.services.stats (the same service `lawdesk stats`
prints). Access: area "stats" — officers and reviewers see their own unit, the administrator any unit (and all
real units together; the demo unit only when chosen)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template, request
from markupsafe import Markup

from .. import access, audit, db
from ..errors import UserError
from ..security import send_bytes

bp = Blueprint("stats", __name__)


def _period(strict: bool):
    """The period of the request; a bad date is a UserError (exports, API) or, on the page, the message."""
    from webapp.services.stats import Period, PeriodError, parse_period
    try:
        return parse_period(request.args.get("from"), request.args.get("to")), None
    except PeriodError as exc:
        if strict:
            # a reversed period is two valid dates that contradict each other: 409, where each date alone is
            # well-formed (the OpenAPI document can say what a date is, not how two of them relate)
            code, status = ("invalid_period", 409) if exc.reversed else ("invalid_date", 400)
            raise UserError(exc.message, code=code, status=status, field=exc.field, extra={"field": exc.field}) from None
        return Period(), exc


def _unit(conn) -> int | None:
    """The unit asked for: officers and reviewers always their own; the administrator any (none = all)."""
    raw = (request.args.get("unit") or "").strip()
    scope = access.scope_unit("stats")
    if raw and not (raw.isascii() and raw.isdigit()):
        raise UserError("参数 unit 必须是单位编号。", code="invalid_parameter")
    wanted = int(raw) if raw else None
    if scope is not None:
        if wanted is not None and wanted != scope:
            raise UserError("只能查看本单位的统计。", code="forbidden", status=403)
        return scope
    if wanted is not None and conn.execute(sa.select(db.units.c.id).where(db.units.c.id == wanted)).first() is None:
        raise UserError(f"没有编号为 {wanted} 的单位。", code="not_found", status=404)
    return wanted


def _compute(strict: bool = True):
    from webapp.services.stats import compute
    period, error = _period(strict)
    with db.read() as conn:
        unit_id = _unit(conn)
        result = None if error else compute(conn, unit_id, period)
        units = (conn.execute(sa.select(db.units.c.id, db.units.c.name).order_by(db.units.c.id)).all()
                 if access.scope_unit("stats") is None else [])
    return result, error, unit_id, units


@bp.get("/stats/")
@access.area("stats")
def index():
    from webapp.services.stats.charts import bar_chart
    from webapp.services.stats.tables import build, cell
    result, error, unit_id, units = _compute(strict=False)
    tables = build(result) if result else []
    charts = {t.id: Markup(bar_chart(t, f"chart-{t.id}")) for t in tables}
    form = {"from": (request.args.get("from") or "")[:20], "to": (request.args.get("to") or "")[:20],
            "unit": unit_id}
    return render_template("stats/index.html", stats=result, tables=tables, charts=charts, cell=cell, form=form,
                           units=units, error=error.message if error else None,
                           error_field=error.field if error else None, export_args=_export_args()), \
        (400 if error else 200)


def _export_args() -> dict:
    return {k: v for k in ("from", "to", "unit") if (v := (request.args.get(k) or "").strip())}


def _download(kind: str):
    from webapp.services.stats.tables import to_csv, to_xlsx
    result, _error, unit_id, _units = _compute()
    assert result is not None
    p = result.period
    name = f"执法统计_{result.unit_name}_{p.start or '最早'}_{p.end or '最近'}.{kind}"
    audit.record("export", "stats", str(unit_id or ""), after={"format": kind, "period": p.label,
                                                                 "unit": result.unit_name, "cases": result.cases})
    if kind == "xlsx":
        return send_bytes(to_xlsx(result), name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return send_bytes(to_csv(result), name, "text/csv; charset=utf-8")


@bp.get("/stats/export.xlsx")
@access.area("stats")
def export_xlsx():
    return _download("xlsx")


@bp.get("/stats/export.csv")
@access.area("stats")
def export_csv():
    return _download("csv")


@bp.get("/api/v1/stats")
@access.area("stats")
def api_stats():
    result, _error, _unit_id, _units = _compute()
    assert result is not None
    return jsonify(result.to_dict())


_DATE = {"type": "string", "format": "date"}
_ROW = {"type": "object", "properties": {"key": {"type": "string"}, "label": {"type": "string"},
                                         "cases": {"type": "integer"}, "fines": {"type": "number"}}}
_OBJ = {"type": "object"}


def _err(desc):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


OPENAPI = {
    "components": {"schemas": {"Stats": {
        "type": "object", "required": ["period", "unit_name", "cases", "fines", "reviews", "stages"],
        "properties": {
            "period": {"type": "object", "properties": {"from": {"type": "string", "nullable": True},
                                                        "to": {"type": "string", "nullable": True},
                                                        "label": {"type": "string"}}},
            "unit_id": {"type": "integer", "nullable": True}, "unit_name": {"type": "string"},
            "cases": {"type": "integer"}, "decided": {"type": "integer"}, "undated": {"type": "integer"},
            "unreadable": {"type": "integer"},
            "by_month": {"type": "array", "items": _ROW}, "by_procedure": {"type": "array", "items": _ROW},
            "by_status": {"type": "array", "items": _ROW}, "by_party": {"type": "array", "items": _ROW},
            "by_industry": {"type": "array", "items": _ROW, "nullable": True,
                            "description": "null：案件记录中没有行业（见 not_recorded.industry）"},
            "by_violation": {"type": "array", "items": _OBJ}, "by_topic": {"type": "array", "items": _OBJ},
            "documents": {"type": "array", "items": _ROW},
            "fines": {"type": "object", "properties": {k: {"type": "number"} for k in (
                "decided_cases", "fined_cases", "imposed", "paid_cases", "collected", "outstanding")}},
            "reviews": {"type": "object", "properties": {k: {"type": "integer"} for k in (
                "opinions", "approved_cases", "submissions", "approvals", "rejections", "comments")}},
            "discussed": {"type": "integer"}, "hearings_requested": {"type": "integer"},
            "transfers_crime": {"type": "integer"}, "transfers_other": {"type": "integer"},
            "no_penalty": {"type": "integer"},
            "no_penalty_by_ground": {"type": "object", "additionalProperties": {"type": "integer"}},
            "lenient": {"type": "integer", "nullable": True},
            "stages": {"type": "array", "items": _OBJ},
            "not_recorded": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
    "paths": {"/api/v1/stats": {"get": {
        "tags": ["stats"], "summary": "执法统计（由案件记录计算，与统计页面和 lawdesk stats 相同）",
        "operationId": "stats",
        "parameters": [
            {"name": "from", "in": "query", "schema": _DATE, "description": "起始日期（按立案日期，无立案的按决定日期）"},
            {"name": "to", "in": "query", "schema": _DATE, "description": "截止日期（含当日）"},
            {"name": "unit", "in": "query", "schema": {"type": "string", "pattern": r"^\d{0,9}$"},
             "description": "单位编号（仅系统管理员可选；其他角色为本单位）"}],
        "responses": {"200": {"description": "统计", "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/Stats"}}}},
            "400": _err("日期或参数有误（error.field 指出是哪个参数）"), "401": _err("未登录"),
            "403": _err("无权查看该单位"), "404": _err("没有该单位"),
            "409": _err("起始日期晚于截止日期（error.code = invalid_period）")}}}},
}
