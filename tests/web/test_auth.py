"""Login, logout, password change, throttling, sessions, API tokens, first-start bootstrap."""

from __future__ import annotations

import sqlalchemy as sa

from webapp import auth, db
from webapp.security import ThrottlePolicy

from .conftest import PASSWORD, csrf_from, login, session_client


def test_login_page_is_chinese_and_has_csrf(app):
    c = app.test_client()
    html = c.get("/login").get_data(as_text=True)
    assert 'lang="zh-CN"' in html and "登录" in html and "用户名" in html
    assert csrf_from(html)


def test_login_success_and_logout(app, world):
    c = app.test_client()
    r = login(c, "officer")
    assert r.status_code == 302 and r.headers["Location"].endswith("/")
    home = c.get("/").get_data(as_text=True)
    assert "officerA" in home and "执法人员" in home
    token = csrf_from(home)
    r = c.post("/logout", data={"csrf_token": token})
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert c.get("/").status_code == 302          # logged out


def test_login_wrong_password_gives_chinese_message(app, world):
    c = app.test_client()
    r = login(c, "officer", "wrong-password-123")
    assert r.status_code == 400
    assert "用户名或密码不正确" in r.get_data(as_text=True)
    r = login(c, "no-such-user", "wrong-password-123")
    assert "用户名或密码不正确" in r.get_data(as_text=True)    # same message: no user enumeration


def test_login_throttled_after_failures(app, world):
    c = app.test_client()
    for _ in range(5):
        assert login(c, "reviewer", "bad-password-000").status_code == 400
    r = login(c, "reviewer", PASSWORD)          # even the right password waits now
    assert r.status_code == 429
    assert "登录失败次数过多" in r.get_data(as_text=True)
    # another user from the same address is not blocked by this user's failures
    assert login(c, "officer").status_code == 302


def test_throttle_per_ip_across_usernames(make_app):
    app = make_app(LOGIN_THROTTLE=ThrottlePolicy(per_user_ip=100, per_user=100, per_ip=3))
    from .conftest import build_world
    build_world(app)
    c = app.test_client()
    for name in ("u1", "u2", "u3"):
        login(c, name, "bad-password-000")
    assert login(c, "officer").status_code == 429


def test_open_redirect_is_refused(app, world):
    c = app.test_client()
    page = c.get("/login?next=//evil.example/x").get_data(as_text=True)
    r = c.post("/login", data={"username": "officer", "password": PASSWORD, "csrf_token": csrf_from(page),
                               "next": "https://evil.example/"})
    assert r.status_code == 302 and r.headers["Location"] in ("/", "http://localhost/")


def test_next_redirect_after_login(app, world):
    c = app.test_client()
    r = c.get("/admin/users")
    assert r.status_code == 302 and "next=/admin/users" in r.headers["Location"]
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    r = c.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": csrf_from(page),
                               "next": "/admin/users"})
    assert r.headers["Location"].endswith("/admin/users")


def test_csrf_required(app, world):
    c = app.test_client()
    c.get("/login")
    r = c.post("/login", data={"username": "officer", "password": PASSWORD})
    assert r.status_code == 400
    assert "CSRF" in r.get_data(as_text=True) and "刷新页面" in r.get_data(as_text=True)
    sc = session_client(app, world.user("admin"))
    r = sc.post("/admin/units/new", data={"name": "x", "short_name": "y"})   # no token
    assert r.status_code == 400
    r = sc.post("/api/v1/audit")   # API via session cookie: 405 before CSRF (no such method)
    assert r.status_code == 405


def test_session_rotates_on_login(app, world):
    c = app.test_client()
    c.get("/login")
    with c.session_transaction() as s:
        s["planted"] = "x"
    login(c, "officer")
    with c.session_transaction() as s:
        assert "planted" not in s


def test_password_change_flow_and_other_sessions_end(app, world):
    c1, c2 = app.test_client(), app.test_client()
    login(c1, "trainee")
    login(c2, "trainee")
    page = c1.get("/account/password").get_data(as_text=True)
    tok = csrf_from(page)
    r = c1.post("/account/password", data={"csrf_token": tok, "current_password": "nope",
                                            "new_password": "x", "new_password_repeat": "x"})
    assert r.status_code == 400 and "当前密码不正确" in r.get_data(as_text=True)
    r = c1.post("/account/password", data={"csrf_token": tok, "current_password": PASSWORD,
                                            "new_password": "short", "new_password_repeat": "short"})
    assert "至少需要 10 个字符" in r.get_data(as_text=True)
    r = c1.post("/account/password", data={"csrf_token": tok, "current_password": PASSWORD,
                                            "new_password": "Neues-Passwort-42", "new_password_repeat": "Neues-Passwort-42"})
    assert r.status_code == 302
    assert c1.get("/").status_code == 200          # this session goes on
    assert c2.get("/").status_code == 302          # the other one ended
    assert login(app.test_client(), "trainee", "Neues-Passwort-42").status_code == 302


def test_must_change_password_blocks_everything_else(app, world):
    with app.app_context(), db.begin() as conn:
        uid, otp = auth.create_user(conn, "newbie", "新人", "officer", world.units["A"], cert_no="1")
    c = app.test_client()
    r = login(c, "newbie", otp)
    assert r.headers["Location"].endswith("/account/password")
    assert c.get("/").headers["Location"].endswith("/account/password")
    assert c.get("/admin/users").status_code in (302, 403)
    r = c.get("/api/v1/audit")
    assert r.status_code in (403,)


def test_deactivated_user_is_logged_out(app, world):
    c = app.test_client()
    login(c, "officer")
    assert c.get("/").status_code == 200
    with app.app_context(), db.begin() as conn:
        conn.execute(db.users.update().where(db.users.c.username == "officer").values(
            active=False, auth_version=db.users.c.auth_version + 1))
    assert c.get("/").status_code == 302
    assert login(app.test_client(), "officer").status_code == 400


def test_api_token_auth(app, world):
    _tid, token = world.tokens["reviewer"]
    c = app.test_client()
    r = c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.get_json()["username"] == "reviewer"
    assert "password_hash" not in r.get_json()
    r = c.get("/api/v1/me", headers={"Authorization": "Bearer ldk_0000_nope"})
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "invalid_token"
    r = c.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403 and r.get_json()["error"]["message"]


def test_token_create_and_revoke_via_pages(app, world):
    c = app.test_client()
    login(c, "officer")
    tok = csrf_from(c.get("/account").get_data(as_text=True))
    html = c.post("/account/tokens", data={"csrf_token": tok, "name": "脚本"}).get_data(as_text=True)
    import re
    token = re.search(r'id="new-token">(ldk_[^<]+)<', html).group(1)
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with app.app_context(), db.read() as conn:
        row_id = conn.execute(sa.select(db.api_tokens.c.id).where(
            db.api_tokens.c.token_id == token.split("_")[1])).scalar()
        stored = conn.execute(sa.select(db.api_tokens.c.secret_hash)).scalars().all()
    assert all(token.split("_", 2)[2] not in s for s in stored)           # only the hash is stored
    # someone else's token cannot be revoked
    other = session_client(app, world.user("trainee"))
    assert other.post(f"/account/tokens/{row_id}/revoke", data={"csrf_token": other.csrf}).status_code == 404
    r = c.post(f"/account/tokens/{row_id}/revoke", data={"csrf_token": tok})
    assert r.status_code == 302
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_bootstrap_creates_admin_once(app):
    first = auth.bootstrap(app)
    assert first and first[0] == "admin"
    assert auth.bootstrap(app) is None
    c = app.test_client()
    r = login(c, "admin", first[1])
    assert r.headers["Location"].endswith("/account/password")


def test_password_policy():
    assert auth.password_problem("short") and auth.password_problem("alice-secret-pw", "alice")
    assert auth.password_problem("1234567890")
    assert auth.password_problem("Good-Enough-Pass-1") is None
    for _ in range(20):
        assert auth.password_problem(auth.generate_password()) is None


def test_user_cache_expires(make_app):
    """With the per-process user cache on, a deactivation made elsewhere takes effect within its TTL."""
    import time as _time
    from .conftest import build_world
    app = make_app(USER_CACHE_SECONDS=0.3)
    w = build_world(app)
    c = session_client(app, w.user("officer"))
    assert c.get("/").status_code == 200
    with app.app_context(), db.begin() as conn:     # as if done by another server
        conn.execute(db.users.update().where(db.users.c.username == "officer").values(
            active=False, auth_version=db.users.c.auth_version + 1))
    _time.sleep(0.35)
    assert c.get("/").status_code == 302
