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


def library_app(lib, data_dir):
    """The web app over the test statute library `lib`, with its own data folder (fast password hashes)."""
    from indexer.config import Settings
    from webapp import create_app
    app = create_app(Settings.resolve(library=lib.settings.library, data=data_dir),
                     {"SECRET_KEY": "browser", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    app.extensions["lawdesk_library"] = lib
    return app


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


# WCAG 2.x contrast of every visible control: the text colour against the background actually behind it
# (the element's and its ancestors' background colours composited), never the colour of some other layer.
_CONTRAST_JS = r"""
(selector) => {
  function rgba(s) {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) { return [0, 0, 0, 0]; }
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {           // top composited over an opaque bottom
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }
  function background(el) {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) { break; } }
    }
    let bg = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) { bg = over(layers[i], bg); }
    return bg;
  }
  function lum(c) {
    const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function visible(el) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== "hidden" && s.display !== "none" && el.offsetParent !== null;
  }
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el)) { continue; }
    const text = (el.innerText || el.value || "").trim();
    if (!text) { continue; }
    const s = getComputedStyle(el);
    const bg = background(el);
    const fg = over(rgba(s.color), bg);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const px = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const large = px >= 24 || (bold && px >= 18.66);
    out.push({text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100, needed: large ? 3 : 4.5,
              color: s.color, background: "rgb(" + bg.slice(0, 3).map(Math.round).join(",") + ")"});
  }
  return out;
}
"""

CONTROLS = "button, a[href], input[type=submit], input[type=button], summary, [role=button]"


def control_contrast(page, selector=CONTROLS):
    """[{text, ratio, needed, color, background}] for every visible control with text on the page."""
    return page.evaluate(_CONTRAST_JS, selector)


def low_contrast(page, selector=CONTROLS):
    """The visible controls whose text fails WCAG AA (4.5:1, 3:1 for large text)."""
    return [c for c in control_contrast(page, selector) if c["ratio"] < c["needed"]]
