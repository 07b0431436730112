"""Browser-test support shared by every area: Playwright for Python driving Debian's chromium (never
`playwright install`), a waitress server for an app on a free loopback port, pages that collect script
errors and CSP violations, screenshots for a person to look at.

The `browser` and `page` fixtures are registered for every test by tests/conftest.py; a test module imports the
helpers it needs (`from tests.browser_support import serve, login, …`). A test that asks for a browser skips, with
the reason, when playwright or /usr/bin/chromium is missing (importing this module never skips anything)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading

import pytest

CHROMIUM = os.environ.get("LAWDESK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = os.environ.get("LAWDESK_SCREENSHOTS")      # folder to keep screenshots in

try:
    from playwright import sync_api
except ImportError:                  # the browser fixture says so; nothing else needs playwright
    sync_api = None  # type: ignore[assignment]


def _skip_without_browser() -> None:
    if sync_api is None:
        pytest.skip("playwright (Python package) is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)")


@contextlib.contextmanager
def serve(app):
    """Serve `app` with waitress on a free loopback port; yields the base URL."""
    import waitress

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        app.extensions["lawdesk_db"].dispose()


@pytest.fixture(scope="module")
def browser():
    _skip_without_browser()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


def open_page(browser, **context_options):
    """A page in a new context; `page.problems` collects script errors and CSP violations (a 4xx page a
    test asked for is logged as "Failed to load resource": not a problem)."""
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", **context_options}
    ctx = browser.new_context(**options)
    pg = ctx.new_page()
    pg.problems = []
    pg.on("console", lambda msg: pg.problems.append(msg.text)
          if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    pg.on("pageerror", lambda exc: pg.problems.append(str(exc)))
    return ctx, pg


@pytest.fixture
def page(browser):
    ctx, pg = open_page(browser)
    yield pg
    ctx.close()


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def login(page, base, username, password=None, *, home=False):
    """Log in through the form; `home=True` waits for the home page (a login expected to succeed)."""
    from tests.web.conftest import PASSWORD

    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password or PASSWORD)
    page.get_by_role("button", name="登录").click()
    if home:
        page.wait_for_url(f"{base}/")
