"""Issue 16.10 (2): an expired session (or a form posted without a valid login) sends the user to a login page
that says so, and after logging in back to the page they were on (a local `next` only)."""

from __future__ import annotations

import html as htmllib
import time

from webapp import auth

from .conftest import PASSWORD, csrf_from, session_client

TIMEOUT = "会话已超时，请重新登录"


def _expire(client):
    with client.session_transaction() as sess:
        sess["login_at"] = int(time.time()) - auth.SESSION_MAX_AGE - 60


def _login_after(client, r, username="officer"):
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    page = client.get(r.headers["Location"])
    text = htmllib.unescape(page.get_data(as_text=True))
    nxt = htmllib.unescape(page.get_data(as_text=True)).split('name="next" value="')[1].split('"')[0] \
        if 'name="next"' in text else None
    data = {"username": username, "password": PASSWORD, "csrf_token": csrf_from(text)}
    if nxt:
        data["next"] = nxt
    return text, client.post("/login", data=data)


def test_expired_session_says_so_and_returns_to_the_page(app, world):
    c = session_client(app, world.user("officer"))
    assert c.get("/cases/").status_code == 200
    _expire(c)
    text, r = _login_after(c, c.get("/cases/?q=x"))
    assert TIMEOUT in text
    assert r.status_code == 302 and r.headers["Location"].endswith("/cases/?q=x")


def test_post_with_stale_login_returns_to_the_form_page(app, world):
    c = session_client(app, world.user("officer"))
    _expire(c)
    r = c.post("/cases/new", data={"csrf_token": c.csrf}, headers={"Referer": "http://localhost/cases/new"})
    text, r = _login_after(c, r)
    assert TIMEOUT in text
    assert r.headers["Location"].endswith("/cases/new")


def test_post_without_login_says_timeout_and_ignores_foreign_referer(app, world):
    c = app.test_client()
    r = c.post("/review/", data={"text": "x"}, headers={"Referer": "https://evil.example/cases/new"})
    text, r = _login_after(c, r)
    assert TIMEOUT in text
    assert r.headers["Location"] in ("/", "http://localhost/")


def test_first_visit_gets_a_plain_login(app, world):
    c = app.test_client()
    text, _r = _login_after(c, c.get("/cases/"))
    assert TIMEOUT not in text


def test_api_reports_session_expired(app, world):
    c = session_client(app, world.user("officer"))
    _expire(c)
    r = c.get("/api/v1/me")
    assert r.status_code == 401
    err = r.get_json()["error"]
    assert err["code"] == "session_expired" and TIMEOUT in err["message"]
