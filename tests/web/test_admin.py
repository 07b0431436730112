"""Admin pages: units and users."""

from __future__ import annotations

import re


from .conftest import login, session_client


def test_create_unit_and_user_through_pages(app, world):
    c = session_client(app, world.user("admin"))
    r = c.post("/admin/units/new", data={"csrf_token": c.csrf, "name": "杭州市上城区应急管理局", "short_name": "杭上",
                                         "review_authority": "杭州市上城区人民政府", "court": "杭州铁路运输法院"})
    assert r.status_code == 302
    r = c.post("/admin/units/new", data={"csrf_token": c.csrf, "name": "杭州市上城区应急管理局", "short_name": "x"})
    assert r.status_code == 409 and "已存在" in r.get_data(as_text=True)
    r = c.post("/admin/users/new", data={"csrf_token": c.csrf, "username": "zhangsan", "display_name": "张三",
                                         "role": "officer", "unit_id": world.units["B"], "cert_no": ""})
    assert r.status_code == 400 and "执法证号" in r.get_data(as_text=True)
    r = c.post("/admin/users/new", data={"csrf_token": c.csrf, "username": "zhangsan", "display_name": "张三",
                                         "role": "officer", "unit_id": world.units["B"], "cert_no": "33000001"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "一次性密码" in html
    otp = re.search(r'id="otp">([^<]+)<', html).group(1)
    r = login(app.test_client(), "zhangsan", otp)
    assert r.headers["Location"].endswith("/account/password")
    r = c.post("/admin/users/new", data={"csrf_token": c.csrf, "username": "ZhangSan", "display_name": "x",
                                         "role": "trainee", "unit_id": world.units["B"]})
    assert r.status_code == 409 and "已被使用" in r.get_data(as_text=True)
    r = c.post("/admin/users/new", data={"csrf_token": c.csrf, "username": "bad name!", "display_name": "x",
                                         "role": "trainee", "unit_id": world.units["B"]})
    assert r.status_code == 400 and "用户名须为" in r.get_data(as_text=True)


def test_edit_and_deactivate_user_ends_sessions(app, world):
    target = session_client(app, world.user("officer_B"))
    assert target.get("/").status_code == 200
    c = session_client(app, world.user("admin"))
    uid = world.user("officer_B")["id"]
    assert "officerB" in c.get(f"/admin/users/{uid}").get_data(as_text=True)
    r = c.post(f"/admin/users/{uid}", data={"csrf_token": c.csrf, "display_name": "officerB", "role": "officer",
                                           "unit_id": world.units["B"], "cert_no": "1"})   # active unchecked
    assert r.status_code == 302
    assert target.get("/").status_code == 302
    assert login(app.test_client(), "officer_B").status_code == 400


def test_last_admin_cannot_be_removed(app, world):
    c = session_client(app, world.user("admin"))
    # deactivate the other admin first, then try the last one
    other = world.user("admin_B")["id"]
    c.post(f"/admin/users/{other}", data={"csrf_token": c.csrf, "display_name": "x", "role": "trainee",
                                         "unit_id": world.units["B"], "active": "1"})
    me = world.user("admin")["id"]
    r = c.post(f"/admin/users/{me}", data={"csrf_token": c.csrf, "display_name": "x", "role": "trainee",
                                          "unit_id": world.units["A"], "active": "1"})
    assert r.status_code == 409 and "最后一个系统管理员" in r.get_data(as_text=True)


def test_reset_password(app, world):
    c = session_client(app, world.user("admin"))
    r = c.post(f"/admin/users/{world.targets['B']}/reset-password", data={"csrf_token": c.csrf})
    otp = re.search(r'id="otp">([^<]+)<', r.get_data(as_text=True)).group(1)
    assert login(app.test_client(), "target_B", otp).headers["Location"].endswith("/account/password")


def test_unit_edit(app, world):
    c = session_client(app, world.user("admin"))
    uid = world.units["B"]
    r = c.post(f"/admin/units/{uid}", data={"csrf_token": c.csrf, "name": "杭州市拱墅区应急管理局", "short_name": "x"})
    assert r.status_code == 409
    r = c.post(f"/admin/units/{uid}", data={"csrf_token": c.csrf, "name": "新名称局", "short_name": "新"})
    assert r.status_code == 302
    assert "新名称局" in c.get("/admin/units").get_data(as_text=True)
    assert c.get("/admin/units/999999").status_code == 404


def test_users_api_lists(app, world):
    _tid, token = world.tokens["admin"]
    c = app.test_client()
    body = c.get(f"/api/v1/users?unit_id={world.units['B']}&role=officer",
                 headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [u["username"] for u in body["users"]] == ["officer_B"]
    body = c.get("/api/v1/units", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {u["short_name"] for u in body["units"]} == {"杭拱", "杭西"}
