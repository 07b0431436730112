"""Who may use the search pages: every logged-in role (admin, officer, reviewer, trainee) on the built library;
anonymous users are sent to the login page (pages) or get 401 JSON (API). tests/web/test_access_matrix.py checks
the same routes against access.RULES with the samples in matrix_samples.py (no index built there)."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from webapp import access

from .conftest import ROLES

PAGES = ["/search/", "/search/?q=" + quote("安全警示标志"), "/articles/" + quote("安全生产法/99/1/2"),
         "/laws/" + quote("行政复议法")]
APIS = ["/api/v1/search?q=" + quote("安法102条"), "/api/v1/articles/" + quote("安全生产法/99"),
        "/api/v1/laws?q=" + quote("安"), "/api/v1/laws/" + quote("安全生产法")]


def test_rule_is_every_role():
    assert all(access.rule_for("search", role) == access.ANY for role in ROLES)
    assert access.rule_for("search", None) == access.NONE


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_search(clients, role):
    c = clients[role]
    for url in PAGES + APIS:
        r = c.get(url)
        assert r.status_code == 200, (role, url, r.status_code)


def test_citation_jump_for_every_role(clients):
    for role in ROLES:
        r = clients[role].get("/search/?q=" + quote("安法102条"))
        assert r.status_code == 302 and "/articles/安全生产法@2021-09-01/102" in unquote(r.headers["Location"])


def test_anonymous_is_sent_to_login(anonymous):
    for url in PAGES:
        r = anonymous.get(url)
        assert r.status_code == 302, url
        assert "/login?next=" in r.headers["Location"], url
    for url in APIS:
        r = anonymous.get(url)
        assert r.status_code == 401, url
        assert r.get_json()["error"]["code"] == "unauthorized"


def test_api_with_bearer_token(search_web):
    app, world = search_web
    _tid, token = world.tokens["trainee"]
    c = app.test_client()
    r = c.get("/api/v1/search?q=" + quote("安全警示标志"), headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.get_json()["total"] > 0
    r = c.get("/api/v1/search?q=x", headers={"Authorization": "Bearer ldk_nope_nope"})
    assert r.status_code == 401


def test_pages_do_not_write_the_audit_trail(search_web, clients):
    """Reading statutes is not an act of enforcement: no audit rows (the trail stays about cases and accounts)."""
    import sqlalchemy as sa

    from webapp import db
    app, _world = search_web
    with app.app_context(), db.read() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(db.audit_log)).scalar()
    for url in PAGES:
        clients["officer"].get(url)
    with app.app_context(), db.read() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(db.audit_log)).scalar()
    assert after == before
