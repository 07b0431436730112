"""The audit trail (行政执法全过程记录): an append-only log of who did what, when, with before/after values.

Other areas call:

    from webapp import audit
    with db.begin() as conn:
        conn.execute(...)                       # the change itself
        audit.record("update", "case", case_id, before=old_row, after=new_row, conn=conn)

Passing `conn` writes the record in the same transaction as the change (both or neither). Without it the
record is written in its own transaction. The actor, unit, IP and request id come from the current request
(`g.user`); outside a request (CLI) pass `actor=` (a user row/dict) or leave it None (= 系统).

Nothing in the application updates or deletes rows of audit_log, and the database refuses it (triggers made by
migration 0001_platform), so no route can edit the trail."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any
from collections.abc import Mapping

from flask import g, has_request_context, request

from . import db

ACTIONS = {
    "login": "登录", "login_failed": "登录失败", "logout": "退出", "create": "新建", "update": "修改",
    "delete": "删除", "generate": "生成文书", "export": "导出", "approve": "审核通过", "reject": "退回",
    "confirm": "确认警告", "password_change": "修改密码", "password_reset": "重置密码",
    "token_create": "创建令牌", "token_revoke": "撤销令牌", "view": "查看",
}

# The trail stores English nouns (stable keys); people read these.
ENTITIES = {
    "case": "案件", "document": "文书", "case_comment": "审核意见", "user": "用户", "unit": "单位",
    "audit_log": "执法全过程记录", "citation_review": "引用审核", "study_question": "学习题目", "api_token": "接口令牌",
    "stats": "执法统计",
}

# entity -> labeller(conn, [entity_id, …]) -> {entity_id: "案件 2026-0001（某公司）"}; areas register their own
_LABELLERS: dict[str, Any] = {}


def register_labeller(entity: str, labeller) -> None:
    _LABELLERS[entity] = labeller


def object_labels(conn, rows) -> dict[tuple[str, str], str]:
    """(entity, entity_id) -> what a person calls that object, for the viewer: the area's label where it has
    one (案件 编号（当事人）, 文书 文号), else the Chinese noun and the number (用户 编号 3)."""
    wanted: dict[str, set[str]] = {}
    for r in rows:
        if r["entity_id"]:
            wanted.setdefault(r["entity"], set()).add(r["entity_id"])
    out = {}
    for entity, ids in wanted.items():
        found = _LABELLERS[entity](conn, sorted(ids)) if entity in _LABELLERS else {}
        noun = ENTITIES.get(entity, entity)
        for i in ids:
            out[(entity, i)] = found.get(i) or f"{noun} 编号 {i}"
    return out


# Never copied into the trail.
SECRET_FIELDS = {"password", "password_hash", "secret", "secret_hash", "token", "csrf_token"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): ("***" if str(k) in SECRET_FIELDS else _jsonable(v)) for k, v in value.items()}
    if hasattr(value, "_mapping"):                      # SQLAlchemy Row
        return _jsonable(dict(value._mapping))
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(_jsonable(value), ensure_ascii=False, sort_keys=True)


def record(action: str, entity: str, entity_id: Any = None, before: Any = None, after: Any = None, *,
           conn=None, actor: Mapping | None = None, unit_id: int | None = None) -> None:
    """Append one record. `action` is one of ACTIONS (others are accepted but shown raw); `entity` a short
    English noun ("user", "case", "document" …); `before`/`after` dicts or rows (secret fields are masked)."""
    if actor is None and has_request_context():
        actor = g.get("user")
    values = {
        "ts": db.utcnow(),
        "actor_id": actor["id"] if actor else None,
        "actor_username": actor["username"] if actor else None,
        "actor_role": actor["role"] if actor else None,
        "unit_id": unit_id if unit_id is not None else (actor["unit_id"] if actor else None),
        "action": action[:32],
        "entity": entity[:64],
        "entity_id": None if entity_id is None else str(entity_id)[:64],
        "before": _dump(before),
        "after": _dump(after),
        "ip": request.remote_addr if has_request_context() else None,
        "request_id": g.get("request_id") if has_request_context() else None,
    }
    stmt = db.audit_log.insert().values(**values)
    if conn is not None:
        conn.execute(stmt)
    else:
        with db.begin() as c:
            c.execute(stmt)


def changes(before: Mapping | None, after: Mapping | None) -> list[tuple[str, Any, Any]]:
    """Field-by-field differences of two stored JSON values, for the viewer."""
    b = before or {}
    a = after or {}
    keys = list(dict.fromkeys([*b.keys(), *a.keys()]))
    return [(k, b.get(k), a.get(k)) for k in keys if b.get(k) != a.get(k)]


def load(text: str | None):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
