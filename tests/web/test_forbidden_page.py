"""Issue 16.10 (1): a logged-in user whose role may not use a page is told which role it needs and how to get
it, on the page and in the JSON error of the API."""

from __future__ import annotations

import html as htmllib

from .conftest import session_client

HOW = "请联系管理员在‘用户管理’中为您添加该角色"


def test_page_names_the_missing_role(app, world):
    c = session_client(app, world.user("trainee"))
    r = c.get("/cases/")
    assert r.status_code == 403
    text = htmllib.unescape(r.get_data(as_text=True))
    assert "需要“执法人员”或“法制审核人员”角色" in text and HOW in text
    r = session_client(app, world.user("officer")).get("/admin/users")
    assert r.status_code == 403
    text = htmllib.unescape(r.get_data(as_text=True))
    assert "需要“系统管理员”角色" in text and HOW in text


def test_api_error_names_the_missing_role(app, world):
    _tid, token = world.tokens["officer"]
    r = app.test_client().get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403
    err = r.get_json()["error"]
    assert err["code"] == "missing_role" and err["required_roles"] == ["admin"]
    assert "需要“系统管理员”角色" in err["message"] and HOW in err["message"]
