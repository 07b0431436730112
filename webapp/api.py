"""The JSON API under /api/v1: platform endpoints, helpers for every area's API, the OpenAPI document.

Errors are `{"error": {"code": "...", "message": "中文说明"}}` with the HTTP status (webapp.errors does this for
every path under /api/). Authentication: `Authorization: Bearer ldk_…` (tokens made on the 个人设置 page or by
`lawdesk user token`) or the browser session (then unsafe methods need the X-CSRF-Token header).

OpenAPI: each module listed in webapp/blueprints.py may define `OPENAPI = {"paths": {...}, "components":
{"schemas": {...}}}` for its own /api/v1 routes; `openapi_document()` merges them into the base document
below. tests/web/test_openapi.py fails when a route has no entry or an entry has no route."""

from __future__ import annotations

import copy
import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, current_app, g, jsonify, request

from . import access, audit, auth, db
from . import openapi as oa
from .errors import UserError

# Whitespace as the server strips it (str.strip): ECMA-262's \s, which JSON Schema patterns use, lacks U+001C–U+001F
# and U+0085, so a plain "\S" lets the fuzzer send a query or reference the server rightly finds empty.
PY_SPACE = "\\s\\x1c-\\x1f\\x85"
NON_BLANK = f"[^{PY_SPACE}]"

bp = Blueprint("api", __name__, url_prefix="/api/v1")

API_VERSION = "1.0.0"


# ------------------------------------------------------------------------------------- helpers for areas
def arg_int(name: str, default: int | None = None, lo: int | None = None, hi: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UserError(f"参数 {name} 必须是整数。", code="invalid_parameter") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise UserError(f"参数 {name} 超出范围（{lo}–{hi}）。", code="invalid_parameter")
    return value


def arg_date(name: str) -> dt.date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw) if len(raw) == 10 else _bad_date(name)
    except ValueError:
        return _bad_date(name)


def _bad_date(name):
    raise UserError(f"参数 {name} 必须是 YYYY-MM-DD 格式的日期。", code="invalid_date")


def json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise UserError("请求体必须是 JSON 对象。", code="invalid_json")
    return data


def iso(value):
    return value.isoformat() + "Z" if isinstance(value, dt.datetime) else value


# ---------------------------------------------------------------------------------------------- routes
@bp.get("/health")
@access.area("public")
def health():
    with db.read() as conn:
        conn.execute(sa.text("SELECT 1"))
    return jsonify({"status": "ok", "version": API_VERSION})


@bp.get("/library/status")
@access.area("public")
def library_status():
    """How far the whole-library index is: the banner's figures, for scripts and monitoring."""
    from .library import library_status as status
    st = status()
    return jsonify({k: st[k] for k in ("complete", "live", "pending", "building", "interrupted", "failed", "stage",
                                       "share", "note")})


@bp.get("/openapi.json")
@access.area("public")
def openapi_json():
    return jsonify(openapi_document(current_app))


@bp.get("/me")
@access.area("account")
def me():
    return jsonify(user_json(g.user))


def user_json(u: dict) -> dict:
    return {"id": u["id"], "username": u["username"], "display_name": u["display_name"], "role": u["role"],
            "unit_id": u["unit_id"], "unit_name": u.get("unit_name"), "cert_no": u.get("cert_no"),
            "active": bool(u["active"]), "last_login_at": iso(u.get("last_login_at"))}


@bp.get("/units")
@access.area("admin")
def units_list():
    with db.read() as conn:
        rows = conn.execute(sa.select(db.units).order_by(db.units.c.id)).mappings().all()
    return jsonify({"units": [{"id": r["id"], "name": r["name"], "short_name": r["short_name"],
                               "review_authority": r["review_authority"], "court": r["court"]} for r in rows]})


@bp.get("/users")
@access.area("admin")
def users_list():
    unit_id = arg_int("unit_id", lo=1, hi=2**31 - 1)
    role = request.args.get("role")
    if role is not None and role not in db.ROLES:
        raise UserError("参数 role 无效（admin/officer/reviewer/trainee）。", code="invalid_parameter")
    q = auth.user_query().order_by(db.users.c.id)
    if unit_id is not None:
        q = q.where(db.users.c.unit_id == unit_id)
    if role:
        q = q.where(db.users.c.role == role)
    with db.read() as conn:
        rows = conn.execute(q).mappings().all()
    return jsonify({"users": [user_json(dict(r)) for r in rows]})


def audit_query(args_get, unit_scope):
    """Shared by the audit page and API: filters from request args, newest first."""
    a = db.audit_log
    q = sa.select(a)
    if unit_scope is not None:
        q = q.where(a.c.unit_id == unit_scope)
    action = args_get("action")
    if action:
        q = q.where(a.c.action == action[:32])
    entity = args_get("entity")
    if entity:
        q = q.where(a.c.entity == entity[:64])
    entity_id = args_get("entity_id")
    if entity_id:
        q = q.where(a.c.entity_id == entity_id[:64])
    user = args_get("user")
    if user:
        q = q.where(a.c.actor_username == user[:64])
    # dates are China Standard Time days; ts is UTC
    since = arg_date("since")
    if since and since.year > 1:
        q = q.where(a.c.ts >= dt.datetime.combine(since, dt.time()) - dt.timedelta(hours=8))
    until = arg_date("until")
    if until and until.year < 9999:
        q = q.where(a.c.ts < dt.datetime.combine(until, dt.time()) + dt.timedelta(hours=16))
    before_id = arg_int("before_id", lo=1, hi=2**62)
    if before_id:
        q = q.where(a.c.id < before_id)
    return q.order_by(a.c.id.desc())


def audit_json(r) -> dict:
    return {"id": r["id"], "ts": iso(r["ts"]), "actor_id": r["actor_id"], "actor_username": r["actor_username"],
            "actor_role": r["actor_role"], "unit_id": r["unit_id"], "action": r["action"], "entity": r["entity"],
            "entity_id": r["entity_id"], "before": audit.load(r["before"]), "after": audit.load(r["after"]),
            "ip": r["ip"], "request_id": r["request_id"]}


@bp.get("/audit")
@access.area("audit")
def audit_list():
    limit = arg_int("limit", 50, lo=1, hi=500)
    q = audit_query(request.args.get, access.scope_unit("audit")).limit(limit + 1)
    with db.read() as conn:
        rows = conn.execute(q).mappings().all()
    more = len(rows) > limit
    rows = rows[:limit]
    return jsonify({"entries": [audit_json(r) for r in rows],
                    "next_before_id": rows[-1]["id"] if more and rows else None})


def audit_entry_unit(entry_id: int):
    with db.read() as conn:
        row = conn.execute(sa.select(db.audit_log.c.unit_id).where(db.audit_log.c.id == entry_id)).first()
    if row is None:
        return None
    return row.unit_id if row.unit_id is not None else 0     # 0: no unit → only ANY-scope roles


@bp.get("/audit/<int:entry_id>")
@access.area("audit", unit_of=audit_entry_unit)
def audit_entry(entry_id: int):
    with db.read() as conn:
        row = conn.execute(sa.select(db.audit_log).where(db.audit_log.c.id == entry_id)).mappings().first()
    return jsonify(audit_json(row))


# --------------------------------------------------------------------------------------------- OpenAPI
_ERRORS = {"400": oa.error("请求参数有误"), "401": oa.error("未登录或令牌无效"), "403": oa.error("无权访问")}

BASE = {
    "openapi": "3.0.3",
    "info": {"title": "lawdesk 法规文书工作台 API", "version": API_VERSION,
             "description": "错误统一为 {\"error\": {\"code\", \"message\"}}。认证：Bearer 令牌或浏览器会话。"},
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}, {"session": []}],
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "个人设置中创建的 API 令牌 ldk_…"},
            "session": {"type": "apiKey", "in": "cookie", "name": "lawdesk_session"},
        },
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "request_id": {"type": "string"}}}}},
            "User": {"type": "object", "required": ["id", "username", "display_name", "role", "unit_id"],
                     "properties": {"id": {"type": "integer"}, "username": {"type": "string"},
                                    "display_name": {"type": "string"},
                                    "role": {"type": "string", "enum": list(db.ROLES)},
                                    "unit_id": {"type": "integer"}, "unit_name": {"type": "string"},
                                    "cert_no": {"type": "string", "nullable": True},
                                    "active": {"type": "boolean"},
                                    "last_login_at": {"type": "string", "nullable": True}}},
            "Unit": {"type": "object", "required": ["id", "name", "short_name"],
                     "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                    "short_name": {"type": "string"}, "review_authority": {"type": "string"},
                                    "court": {"type": "string"}}},
            "AuditEntry": {"type": "object", "required": ["id", "ts", "action", "entity"],
                           "properties": {"id": {"type": "integer"}, "ts": {"type": "string"},
                                          "actor_id": {"type": "integer", "nullable": True},
                                          "actor_username": {"type": "string", "nullable": True},
                                          "actor_role": {"type": "string", "nullable": True},
                                          "unit_id": {"type": "integer", "nullable": True},
                                          "action": {"type": "string"}, "entity": {"type": "string"},
                                          "entity_id": {"type": "string", "nullable": True},
                                          "before": {"nullable": True}, "after": {"nullable": True},
                                          "ip": {"type": "string", "nullable": True},
                                          "request_id": {"type": "string", "nullable": True}}},
        },
    },
    "paths": {
        "/api/v1/health": {"get": {"summary": "健康检查", "security": [], "operationId": "health",
                                   "responses": {"200": {"description": "正常", "content": {"application/json": {
                                       "schema": {"type": "object", "required": ["status"],
                                                  "properties": {"status": {"type": "string"},
                                                                 "version": {"type": "string"}}}}}}}}},
        "/api/v1/library/status": {"get": {
            "summary": "全库索引进度", "security": [], "operationId": "library_status",
            "description": "complete：当前索引已覆盖整个法规库；pending：全库索引已开始建立但尚未完成（building 正在建立、"
                           "interrupted 已中断、failed 失败），share 为已完成比例（0–1），note 为给用户的说明："
                           "此时检索和引用核对的结果可能随之改变。",
            "responses": {"200": {"description": "进度", "content": {"application/json": {"schema": {
                "type": "object", "required": ["complete", "live", "pending", "building", "share"],
                "properties": {"complete": {"type": "boolean"}, "pending": {"type": "boolean"},
                               "live": {"type": "string", "nullable": True},
                               "building": {"type": "boolean"}, "interrupted": {"type": "boolean"},
                               "failed": {"type": "boolean"},
                               "stage": {"type": "string", "nullable": True},
                               "share": {"type": "number", "nullable": True, "minimum": 0, "maximum": 1},
                               "note": {"type": "string", "nullable": True}}}}}}}}},
        "/api/v1/openapi.json": {"get": {"summary": "本文档", "security": [], "operationId": "openapi",
                                         "responses": {"200": {"description": "OpenAPI 文档", "content": {
                                             "application/json": {"schema": {"type": "object"}}}}}}},
        "/api/v1/me": {"get": {"summary": "当前用户", "operationId": "me", "responses": {
            "200": {"description": "当前用户", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/User"}}}}, "401": _ERRORS["401"]}}},
        "/api/v1/units": {"get": {"summary": "执法单位列表（管理员）", "operationId": "units", "responses": {
            "200": {"description": "单位", "content": {"application/json": {"schema": {
                "type": "object", "required": ["units"], "properties": {"units": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Unit"}}}}}}},
            "401": _ERRORS["401"], "403": _ERRORS["403"]}}},
        "/api/v1/users": {"get": {"summary": "用户列表（管理员）", "operationId": "users", "parameters": [
            {"name": "unit_id", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
            {"name": "role", "in": "query", "schema": {"type": "string", "enum": list(db.ROLES)}}],
            "responses": {"200": {"description": "用户", "content": {"application/json": {"schema": {
                "type": "object", "required": ["users"], "properties": {"users": {
                    "type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}},
                "400": _ERRORS["400"], "401": _ERRORS["401"], "403": _ERRORS["403"]}}},
        "/api/v1/audit": {"get": {"summary": "执法全过程记录（管理员、法制审核人员）", "operationId": "audit",
                                  "parameters": [
                                      {"name": "action", "in": "query", "schema": {"type": "string"}},
                                      {"name": "entity", "in": "query", "schema": {"type": "string"}},
                                      {"name": "entity_id", "in": "query", "schema": {"type": "string"}},
                                      {"name": "user", "in": "query", "schema": {"type": "string"}},
                                      {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
                                      {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
                                      {"name": "before_id", "in": "query",
                                       "schema": {"type": "integer", "minimum": 1, "maximum": 2**62}},
                                      {"name": "limit", "in": "query",
                                       "schema": {"type": "integer", "minimum": 1, "maximum": 500}}],
                                  "responses": {"200": {"description": "记录，最新在前", "content": {
                                      "application/json": {"schema": {
                                          "type": "object", "required": ["entries"], "properties": {
                                              "entries": {"type": "array",
                                                          "items": {"$ref": "#/components/schemas/AuditEntry"}},
                                              "next_before_id": {"type": "integer", "nullable": True}}}}}},
                                      "400": _ERRORS["400"], "401": _ERRORS["401"], "403": _ERRORS["403"]}}},
        "/api/v1/audit/{entry_id}": {"get": {
            "summary": "一条记录", "operationId": "audit_entry",
            "parameters": [{"name": "entry_id", "in": "path", "required": True,
                            "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}}],
            "responses": {"200": {"description": "记录", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/AuditEntry"}}}},
                "401": _ERRORS["401"], "403": _ERRORS["403"], "404": oa.error("不存在")}}},
    },
}


def openapi_document(app) -> dict:
    cached = app.extensions.get("lawdesk_openapi")
    if cached is not None:
        return cached
    from .blueprints import loaded_modules
    doc: dict = copy.deepcopy(BASE)
    for module in loaded_modules(app):
        frag = getattr(module, "OPENAPI", None)
        if not frag or module.__name__ == __name__:
            continue
        for path, ops in frag.get("paths", {}).items():
            doc["paths"].setdefault(path, {}).update(copy.deepcopy(ops))
        for kind, items in frag.get("components", {}).items():
            doc["components"].setdefault(kind, {}).update(copy.deepcopy(items))
        for tag in frag.get("tags", []):
            doc.setdefault("tags", []).append(tag)
    app.extensions["lawdesk_openapi"] = doc
    return doc


def rule_to_openapi(rule: str) -> str:
    import re
    return re.sub(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>", r"{\1}", rule)
