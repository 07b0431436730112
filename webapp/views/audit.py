"""The audit trail viewer (read only: this blueprint has no route that changes anything but the export log)."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from .. import access, audit, db
from ..api import audit_entry_unit, audit_query, arg_int
from ..security import send_bytes

bp = Blueprint("audit", __name__, url_prefix="/audit")

PAGE = 50


@bp.get("/")
@access.area("audit")
def index():
    q = audit_query(request.args.get, access.scope_unit("audit")).limit(PAGE + 1)
    with db.read() as conn:
        rows = conn.execute(q).mappings().all()
        units = dict(conn.execute(sa.select(db.units.c.id, db.units.c.name)).all())
        objects = audit.object_labels(conn, rows)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    filters = {k: request.args.get(k, "") for k in ("action", "entity", "entity_id", "user", "since", "until")}
    return render_template("audit/list.html", rows=rows, units=units, more=more, filters=filters,
                           actions=audit.ACTIONS, entities=audit.ENTITIES, objects=objects, next_before=rows[-1]["id"] if more and rows else None)


@bp.get("/<int:entry_id>")
@access.area("audit", unit_of=audit_entry_unit)
def entry(entry_id: int):
    with db.read() as conn:
        row = conn.execute(sa.select(db.audit_log).where(db.audit_log.c.id == entry_id)).mappings().one()
        unit = conn.execute(sa.select(db.units.c.name).where(db.units.c.id == row["unit_id"])).scalar()
        objects = audit.object_labels(conn, [row])
    before, after = audit.load(row["before"]), audit.load(row["after"])
    diff = audit.changes(before, after) if isinstance(before, dict) or isinstance(after, dict) else []
    return render_template("audit/entry.html", row=row, unit=unit, before=before, after=after, diff=diff,
                           actions=audit.ACTIONS, entities=audit.ENTITIES, objects=objects)


def _cell(value):
    """No spreadsheet formulas from user-controlled text (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/export.csv")
@access.area("audit")
def export():
    limit = arg_int("limit", 10000, lo=1, hi=100000)
    q = audit_query(request.args.get, access.scope_unit("audit")).limit(limit)
    with db.read() as conn:
        rows = conn.execute(q).mappings().all()
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["编号", "时间(UTC)", "用户", "角色", "单位", "操作", "对象", "对象编号", "修改前", "修改后", "IP"])
    for r in rows:
        w.writerow([_cell(v) for v in (r["id"], r["ts"].isoformat(), r["actor_username"] or "", r["actor_role"] or "",
                    r["unit_id"] or "", r["action"], r["entity"], r["entity_id"] or "", r["before"] or "",
                    r["after"] or "", r["ip"] or "")])
    audit.record("export", "audit_log", None, after={"filters": {k: v for k, v in request.args.items()},
                                                      "rows": len(rows)})
    return send_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"), "执法全过程记录.csv", "text/csv; charset=utf-8")
