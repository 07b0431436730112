"""The 引用审核 page in Debian's chromium (Playwright) on the real library build: paste the fixture decision,
check, click a citation, see its panel; no script errors or CSP violations."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("LAWDESK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = os.environ.get("LAWDESK_SCREENSHOTS")
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "decision_mixed.txt"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python package) is not installed")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"Debian chromium not found at {CHROMIUM}", allow_module_level=True)


@pytest.fixture(scope="module")
def live(settings, tmp_path_factory):
    import waitress

    from tests.web.conftest import build_world
    from webapp import create_app
    db = tmp_path_factory.mktemp("rvbrowser") / "app.sqlite3"
    app = create_app(settings, {"SECRET_KEY": "rv-browser", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
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


def test_review_page(live):
    from tests.web.conftest import PASSWORD
    base, _world = live
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        ctx = b.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = ctx.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto(f"{base}/login")
        page.get_by_label("用户名").fill("reviewer")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.goto(f"{base}/review/")
        page.get_by_label("文书内容").fill(FIXTURE.read_text(encoding="utf-8"))
        page.get_by_role("button", name="核对引用").click()
        page.wait_for_selector("#rv-doc mark.cite")
        assert "文书日期 2025-08-12" in page.inner_text(".rv-meta")
        # the first citation that needs attention is opened on load
        visible = page.locator(".rv-detail:not([hidden])")
        assert visible.count() == 1
        # click the nonexistent 项: its panel shows the message and the suggested article
        page.locator("mark.cite.st-no_such_item").first.click()
        panel = page.locator(".rv-detail:not([hidden])")
        text = panel.inner_text()
        assert "没有分项" in text and "第九十九条" in text
        # click the altered quote: the diff is shown
        page.locator("mark.cite.st-quote_mismatch").first.click()
        assert page.locator(".rv-detail:not([hidden]) .rv-diff").count() == 1
        # the table row opens the same panels
        page.locator("a.rv-open").nth(0).click()
        assert page.locator(".rv-detail:not([hidden])").count() == 1
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SHOTS, "review.png"), full_page=True)
        with page.expect_download() as dl:
            page.get_by_role("button", name="导出审核意见（Word）").click()
        assert dl.value.suggested_filename.endswith(".docx")
        assert not problems, problems
        ctx.close()
        b.close()
