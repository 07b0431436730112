"""Browser tests: Playwright for Python driving Debian's chromium (never `playwright install`).

A waitress server on a free loopback port serves a fresh app (SQLite) with the test world of conftest.
Skipped, with the reason, when playwright or /usr/bin/chromium is missing."""

from __future__ import annotations

import pytest

from tests.browser_support import login as do_login, serve, shot  # noqa: F401  (fixtures, helpers)

from .conftest import PASSWORD, build_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from indexer.config import Settings
    from webapp import create_app
    app = create_app(Settings.resolve(data=tmp_path_factory.mktemp("browser")),
                     {"SECRET_KEY": "browser", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    world = build_world(app)
    with serve(app) as base:
        yield base, world, app


def test_login_and_logout(page, live):
    base, _world, _app = live
    do_login(page, base, "officer", "wrong-password-1")
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码不正确")
    do_login(page, base, "officer")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", level=1).inner_text() == "您好，officerA"
    shot(page, "home-officer")
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{base}/login")
    assert "您已安全退出" in page.content()
    assert page.problems == [], page.problems        # no CSP violations, no script errors


def test_first_login_forces_password_change(page, live):
    base, world, app = live
    from webapp import auth, db
    with app.app_context(), db.begin() as conn:
        _uid, otp = auth.create_user(conn, "rookie", "新同事", "trainee", world.units["A"])
    do_login(page, base, "rookie", otp)
    page.wait_for_url(f"{base}/account/password")
    assert "请先设置您自己的密码" in page.content()
    page.goto(f"{base}/")                        # cannot go elsewhere first
    page.wait_for_url(f"{base}/account/password")
    page.get_by_label("当前密码（或一次性密码）").fill(otp)
    page.get_by_label("新密码", exact=True).fill("Chosen-Strong-Pass-9")
    page.get_by_label("再次输入新密码").fill("Chosen-Strong-Pass-9")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url(f"{base}/")
    assert "密码已修改" in page.content()


def test_role_restrictions(page, live):
    base, world, _app = live
    do_login(page, base, "trainee")
    page.wait_for_url(f"{base}/")
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.get_by_role("link", name="系统管理").count() == 0
    assert nav.get_by_role("link", name="全过程记录").count() == 0
    resp = page.goto(f"{base}/admin/users")
    assert resp.status == 403
    assert page.get_by_role("heading", level=1).inner_text().startswith("无权访问")
    assert "您没有权限" in page.content()
    shot(page, "403-trainee")
    resp = page.goto(f"{base}/audit/")
    assert resp.status == 403


def test_reviewer_sees_own_unit_audit_only(page, live):
    base, world, _app = live
    do_login(page, base, "reviewer")
    page.wait_for_url(f"{base}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="全过程记录").click()
    page.wait_for_url(f"{base}/audit/")
    assert "仅显示本单位的记录" in page.content()
    assert page.goto(f"{base}/audit/{world.audit_ids['A']}").status == 200
    assert page.goto(f"{base}/audit/{world.audit_ids['B']}").status == 403


def test_admin_creates_user_with_keyboard_only(page, live):
    base, _world, _app = live
    page.goto(f"{base}/login")
    assert page.evaluate("document.activeElement.id") == "f-username"     # autofocus: type straight away
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    page.keyboard.press("Tab")                                   # first stop on a page: the skip link
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(f"{base}/admin/users/new")
    page.get_by_label("用户名").focus()
    page.keyboard.type("kbd_user")
    page.keyboard.press("Tab")
    page.keyboard.type("键盘用户")
    page.get_by_label("角色").select_option("officer")
    page.get_by_label("执法证号").fill("33010099")
    page.get_by_label("执法证号").press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "一次性密码"
    assert len(page.locator("#otp").inner_text()) == 19
    shot(page, "admin-otp")
    assert page.problems == [], page.problems


def test_tablet_layout(browser, live):
    base, _world, _app = live
    ctx = browser.new_context(viewport={"width": 768, "height": 1024}, locale="zh-CN", has_touch=True)
    page = ctx.new_page()
    do_login(page, base, "admin")
    page.wait_for_url(f"{base}/")
    for path in ("/", "/admin/users", "/audit/"):
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
    page.goto(base + "/")
    nav = page.locator("#site-nav")
    assert not nav.is_visible()
    page.get_by_role("button", name="菜单").click()                 # app.js runs under the CSP
    assert nav.is_visible()
    assert page.get_by_role("button", name="菜单").get_attribute("aria-expanded") == "true"
    shot(page, "tablet-home")
    ctx.close()


def test_one_search(page, live):
    """One search through the search page. The search area (issue 4) adds its page; until then this skips."""
    base, _world, app = live
    if "search.index" not in app.view_functions:
        pytest.skip("the search page (webapp.views.search, issue 4) is not written yet: its helper completes this test")
    do_login(page, base, "trainee")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/search/?q=安全生产法第一百零一条")
    assert page.locator("body").inner_text()
    assert page.problems == [], page.problems
