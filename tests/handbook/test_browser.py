"""The calculator and the catalogue filter in Debian's chromium (Playwright), on the real library build."""

from __future__ import annotations

import os
import shutil
import socket
import threading

import pytest


pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("LAWDESK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = os.environ.get("LAWDESK_SCREENSHOTS")

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python package) is not installed")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"Debian chromium not found at {CHROMIUM}", allow_module_level=True)


@pytest.fixture(scope="module")
def live(settings, tmp_path_factory):
    import waitress

    from tests.web.conftest import build_world
    from webapp import create_app
    db = tmp_path_factory.mktemp("hbbrowser") / "app.sqlite3"
    app = create_app(settings, {"SECRET_KEY": "hb-browser", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                                "DATABASE_URL": f"sqlite:///{db}"})
    world = build_world(app)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}", world
    server.close()
    app.extensions["lawdesk_db"].dispose()


@pytest.fixture(scope="module")
def page(live):
    from tests.web.conftest import PASSWORD
    base, _world = live
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        ctx = b.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        pg = ctx.new_page()
        pg.problems = []
        pg.on("console", lambda m: pg.problems.append(m.text)
              if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        pg.on("pageerror", lambda e: pg.problems.append(str(e)))
        pg.goto(f"{base}/login")
        pg.get_by_label("用户名").fill("officer")
        pg.get_by_label("密码").fill(PASSWORD)
        pg.get_by_role("button", name="登录").click()
        pg.wait_for_url(f"{base}/")
        yield pg
        ctx.close()
        b.close()


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_calculator_updates_in_place(live, page):
    base, _ = live
    page.goto(f"{base}/handbook/entries/SP-001/calc")
    assert page.locator("#hb-result").is_hidden()
    page.get_by_label("涉及2至3名无证人员").check()           # change event → API → result
    page.wait_for_selector("#hb-result [data-field=level]")
    assert page.locator("#hb-result [data-field=level]").inner_text() == "较重"
    assert "罚款3万元至6万元" in page.locator("#hb-result [data-field=fine]").inner_text()
    page.get_by_label("主动消除或者减轻违法行为危害后果的", exact=False).check()
    # expect() polls from Playwright's own world: a wait_for_function string would be an eval the page's CSP
    # (rightly) refuses, reported as a console problem
    sync_api.expect(page.locator("#hb-result [data-field=outcome]")).to_contain_text("从轻")
    assert "档次幅度" in page.locator("#hb-result [data-field=fine]").inner_text()
    reasons = page.locator("#hb-reasons").inner_text()
    assert "《中华人民共和国安全生产法》第九十七条第（七）项" in reasons and "第三十二条第（一）项" in reasons
    assert "run=1" in page.url and "MIT-REMEDY" in page.url     # the address can be bookmarked / shared
    shot(page, "handbook-calc")
    assert not page.problems, page.problems


def test_catalogue_filter(live, page):
    base, _ = live
    page.goto(f"{base}/handbook/")
    rows = page.locator("#hb-catalogue tr[data-filter-text]")
    total = rows.count()
    assert total >= 100
    page.fill("#hb-filter", "焊接")
    visible = page.locator("#hb-catalogue tr[data-filter-text]:not([hidden])")
    assert 1 <= visible.count() < total
    assert "SP-001" in visible.first.inner_text()
    shot(page, "handbook-index")
    assert not page.problems, page.problems
