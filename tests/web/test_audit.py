"""The audit trail: what is recorded, and that nobody can change it."""

from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa

from webapp import audit, db

from .conftest import login, session_client


def entries(app, **where):
    with app.app_context(), db.read() as conn:
        q = sa.select(db.audit_log).order_by(db.audit_log.c.id)
        for k, v in where.items():
            q = q.where(db.audit_log.c[k] == v)
        return [dict(r) for r in conn.execute(q).mappings()]


def test_login_and_failures_are_recorded(app, world):
    c = app.test_client()
    login(c, "officer", "bad-password-000")
    login(c, "officer")
    failed = entries(app, action="login_failed")
    ok = entries(app, action="login")
    assert failed and failed[-1]["actor_id"] is None and json.loads(failed[-1]["after"])["username"] == "officer"
    assert ok and ok[-1]["actor_username"] == "officer" and ok[-1]["unit_id"] == world.units["A"]
    assert ok[-1]["ip"] == "127.0.0.1" and ok[-1]["request_id"]


def test_admin_changes_recorded_with_before_after(app, world):
    c = session_client(app, world.user("admin"))
    target = world.targets["A"]
    r = c.post(f"/admin/users/{target}", data={"csrf_token": c.csrf, "display_name": "改过的名字", "role": "reviewer",
                                              "unit_id": world.units["A"], "cert_no": "", "active": "1"})
    assert r.status_code == 302
    e = entries(app, action="update", entity="user")[-1]
    before, after = json.loads(e["before"]), json.loads(e["after"])
    assert before["display_name"] == "目标A" and after["display_name"] == "改过的名字"
    assert before["role"] == "trainee" and after["role"] == "reviewer"
    assert e["actor_username"] == "admin"


def test_secrets_never_recorded(app, world):
    with app.app_context():
        audit.record("update", "thing", 1, before={"password_hash": "abc", "x": 1}, after={"token": "t", "x": 2},
                     actor=world.user("admin"))
    e = entries(app, entity="thing")[-1]
    assert "abc" not in e["before"] and '"t"' not in e["after"]
    for row in entries(app, entity="user"):
        assert "pbkdf2" not in (row["after"] or "") and "scrypt" not in (row["after"] or "")


def test_record_in_callers_transaction_rolls_back_with_it(app, world):
    n = len(entries(app))
    with app.app_context(), pytest.raises(RuntimeError), db.begin() as conn:
        audit.record("create", "thing", 9, after={"a": 1}, conn=conn, actor=world.user("officer"))
        raise RuntimeError("boom")
    assert len(entries(app)) == n


def test_database_refuses_update_and_delete(app, world):
    with app.app_context():
        eng = db.engine()
        for stmt in (db.audit_log.update().values(action="x"), db.audit_log.delete()):
            with pytest.raises(sa.exc.DBAPIError) as info, eng.begin() as conn:
                conn.execute(stmt)
            assert "append-only" in str(info.value)
        if eng.dialect.name == "postgresql":
            with pytest.raises(sa.exc.DBAPIError), eng.begin() as conn:
                conn.exec_driver_sql("TRUNCATE audit_log")
    assert entries(app)


def test_no_route_changes_the_trail(app, world):
    """Every audit route is GET-only, and unsafe methods on them are refused."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/audit", "/api/v1/audit")):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    c = session_client(app, world.user("admin"))
    eid = world.audit_ids["A"]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert c.open(f"/api/v1/audit/{eid}", method=method, headers={"X-CSRF-Token": c.csrf}).status_code == 405
        assert c.open(f"/audit/{eid}", method=method, headers={"X-CSRF-Token": c.csrf}).status_code == 405


def test_viewer_filters_and_entry_page(app, world):
    c = session_client(app, world.user("admin"))
    html = c.get("/audit/?entity=sample").get_data(as_text=True)
    assert "执法全过程记录" in html and "sample" in html
    html = c.get(f"/audit/{world.audit_ids['A']}").get_data(as_text=True)
    assert "变更内容" in html and "修改前" in html
    r = c.get("/audit/?since=2026-13-45")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.get_data(as_text=True)


def test_export_is_recorded_and_safe(app, world):
    with app.app_context():
        audit.record("update", "x", "=HYPERLINK(1)", actor=world.user("admin"), unit_id=world.units["A"])
    c = session_client(app, world.user("admin"))
    r = c.get("/audit/export.csv")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "编号"
    assert any(cell == "'=HYPERLINK(1)" for row in rows for cell in row)
    assert entries(app, action="export")


def test_reviewer_sees_only_own_unit_in_viewer(app, world):
    c = session_client(app, world.user("reviewer"))
    html = c.get("/audit/?entity=sample").get_data(as_text=True)
    assert f'/audit/{world.audit_ids["A"]}"' in html
    assert f'/audit/{world.audit_ids["B"]}"' not in html
