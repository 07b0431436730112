"""The search pages in Debian's chromium (Playwright), on the session's core-scope build.

Reuses the platform's browser plumbing (tests/web/test_browser.py: chromium path and flags, the `browser` and
`page` fixtures, login helper; skipped there, and so here, when playwright or /usr/bin/chromium is missing)."""

from __future__ import annotations

import re
import socket
import threading
from urllib.parse import quote, unquote

import pytest

from tests.web.test_browser import do_login, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(search_web):
    """The search test app (built library) served by waitress on a free loopback port."""
    import waitress
    app, world = search_web
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}", world, app
    server.close()


def login(page, base, user="officer"):
    do_login(page, base, user)
    page.wait_for_url(f"{base}/")


def test_keyword_search_with_filters_and_pagination(page, live):
    base, _world, _app = live
    login(page, base)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="法规检索").click()
    page.wait_for_url(f"{base}/search/")
    assert page.evaluate("document.activeElement.id") == "sp-q"          # autofocus: type straight away
    page.keyboard.type("罚款")
    page.get_by_text("筛选条件").click()
    page.get_by_label("效力级别").select_option("法律")
    page.get_by_label("检索词").press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=.*level=.*"))
    total = int(page.locator("#sp-total").inner_text())
    assert total > 20
    assert "毫秒" in page.locator(".sp-meta").inner_text()
    hits = page.locator("li.sp-hit")
    assert hits.count() == 20
    assert set(page.locator(".sp-hit-meta").all_inner_texts()) and all(
        t.endswith("法律") for t in page.locator(".sp-hit-meta").all_inner_texts())
    assert page.locator(".sp-snippet mark").count() > 0
    first_page = page.locator("a.sp-title").first.inner_text()
    shot(page, "search-results")
    page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页").click()
    page.wait_for_url(re.compile(r".*page=2.*"))
    assert "第 21–" in page.locator(".sp-meta").inner_text()
    assert page.locator('.sp-pager [aria-current="page"]').inner_text() == "2"
    assert page.locator("a.sp-title").first.inner_text() != first_page
    assert page.get_by_label("效力级别").input_value() == "法律"          # filters kept across pages
    page.locator("a.sp-title").first.click()
    page.wait_for_url(re.compile(r".*/articles/.*"))
    assert page.locator(".sp-text").inner_text()
    assert page.problems == [], page.problems


def test_law_name_suggestions_with_the_keyboard(page, live):
    base, _world, _app = live
    login(page, base, "trainee")
    page.goto(f"{base}/search/")
    page.get_by_text("筛选条件").click()
    law = page.get_by_label("法规", exact=True)
    law.focus()
    page.keyboard.type("安法")
    listbox = page.get_by_role("listbox", name="法规名称提示")
    listbox.wait_for()
    assert law.get_attribute("aria-expanded") == "true"
    assert listbox.get_by_role("option").first.inner_text().startswith("中华人民共和国安全生产法")
    page.keyboard.press("ArrowDown")
    assert law.get_attribute("aria-activedescendant") == listbox.get_by_role("option").first.get_attribute("id")
    page.keyboard.press("Enter")                                        # picks the option, does not submit
    assert law.input_value() == "中华人民共和国安全生产法"
    assert listbox.is_hidden() and page.url == f"{base}/search/"
    page.get_by_label("检索词").fill("安全警示标志")
    page.get_by_label("检索词").press("Enter")
    page.wait_for_url(re.compile(r".*q=.*"))
    titles = page.locator("li.sp-hit:not(.sp-guide) a.sp-title").all_inner_texts()       # articles (not handbook rows)
    assert titles and all(t.startswith("《中华人民共和国安全生产法》") for t in titles)
    # Escape closes the list
    box = page.get_by_label("检索词")
    box.fill("")
    box.focus()
    page.keyboard.type("行政复")
    listbox = page.get_by_role("listbox", name="法规名称提示").first
    page.locator("#sp-q ~ .sp-listbox").wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#sp-q ~ .sp-listbox").is_hidden() and box.input_value() == "行政复"
    assert page.problems == [], page.problems


def test_citation_query_lands_on_the_article(page, live):
    base, _world, _app = live
    login(page, base)
    page.goto(f"{base}/search/")
    page.get_by_label("检索词").fill("安法102条")
    page.get_by_label("检索词").press("Enter")
    page.wait_for_url(re.compile(r".*/articles/.*"))
    assert unquote(page.url).startswith(f"{base}/articles/安全生产法@2021-09-01/102?")
    assert page.get_by_role("heading", level=1).inner_text() == "《中华人民共和国安全生产法》第一百零二条"
    assert "未采取措施消除事故隐患" in page.locator(".sp-text").inner_text()
    # with a 项: the item is highlighted and scrolled into view
    page.goto(f"{base}/search/?q=" + quote("安法第九十九条第二项"))
    page.wait_for_url(re.compile(r".*/articles/.*#p1-i2$"))
    assert unquote(page.url).split("?")[0].endswith("/articles/安全生产法@2021-09-01/99/1/2")
    item = page.locator("#p1-i2")
    assert "sp-focus" in item.get_attribute("class")
    assert "安全设备的安装、使用、检测、改造和报废" in item.inner_text()
    assert page.locator(".sp-focus").count() == 1
    assert item.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert page.locator("#sp-citation").inner_text() == "《中华人民共和国安全生产法》第九十九条第（二）项"
    shot(page, "article-focus")
    page.get_by_role("link", name="查看全部检索结果").click()
    page.wait_for_url(re.compile(r".*/search/\?.*jump=0.*"))
    assert page.locator("a.sp-title").first.inner_text() == "《中华人民共和国安全生产法》第九十九条"
    assert page.problems == [], page.problems


def test_version_comparison_of_the_administrative_review_law(page, live):
    base, _world, _app = live
    login(page, base, "reviewer")
    page.goto(f"{base}/laws/" + quote("行政复议法"))
    versions = page.locator("table.sp-versions tbody tr")
    assert versions.count() == 2
    assert "已修改" in versions.nth(0).inner_text() and "现行有效" in versions.nth(1).inner_text()
    page.get_by_role("link", name="2017-09-01 修正").click()                   # the 2017 text's contents
    page.wait_for_url(re.compile(r".*version=2018-01-01.*"))
    assert page.locator("li.sp-toc-article").count() == 43
    page.locator("#a9").get_by_role("link", name="第九条").click()
    page.wait_for_url(re.compile(r".*/articles/.*2018-01-01/9$"))
    assert page.locator(".sp-article-meta .sp-badge").first.inner_text() == "已修改"
    compare = page.locator("details.sp-compare").first
    assert compare.get_attribute("open") is not None
    assert "第二十条" in compare.locator("summary").inner_text()
    left, right = compare.locator(".sp-diff-col").nth(0), compare.locator(".sp-diff-col").nth(1)
    assert "2018-01-01 起施行" in left.locator("h3").inner_text() and "2024-01-01 起施行" in right.locator("h3").inner_text()
    assert "具体" in left.locator("del").all_inner_texts()
    assert "或者应当知道" in right.locator("ins").all_inner_texts()
    box_l, box_r = left.bounding_box(), right.bounding_box()
    assert box_l["x"] + box_l["width"] <= box_r["x"] + 1                     # side by side
    shot(page, "compare-fuyi")
    page.locator(".sp-status-note").get_by_role("link", name="第二十条").click()
    page.wait_for_url(re.compile(r".*/articles/.*2024-01-01/20$"))
    assert page.locator(".sp-article-meta .sp-badge").first.inner_text() == "现行有效"
    assert "第九条" in page.locator("details.sp-compare summary").first.inner_text()
    assert page.problems == [], page.problems


def test_copy_citation(browser, live):  # noqa: F811
    base, _world, _app = live
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    pg = ctx.new_page()
    problems = []
    pg.on("pageerror", lambda exc: problems.append(str(exc)))
    login(pg, base)
    pg.goto(f"{base}/articles/" + quote("行政复议法@2018-01-01/9/2"))
    button = pg.get_by_role("button", name="复制引用")
    assert button.is_visible()
    button.click()
    status = pg.locator("#sp-copy-status")
    status.wait_for()
    # expect() polls from Playwright's own world; wait_for_function strings are evals the CSP refuses
    from playwright.sync_api import expect
    expect(status).to_have_text("已复制：《中华人民共和国行政复议法》第九条第二款")
    assert pg.evaluate("navigator.clipboard.readText()") == "《中华人民共和国行政复议法》第九条第二款"
    assert problems == []
    ctx.close()
    # without JavaScript: no button, the citation is plain text to select
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", java_script_enabled=False)
    pg = ctx.new_page()
    login(pg, base)
    pg.goto(f"{base}/articles/" + quote("行政复议法@2018-01-01/9/2"))
    assert pg.get_by_role("button", name="复制引用").count() == 0 or not pg.get_by_role("button", name="复制引用").is_visible()
    assert pg.locator("#sp-citation").inner_text() == "《中华人民共和国行政复议法》第九条第二款"
    ctx.close()


def test_tablet_layout(browser, live):  # noqa: F811
    base, _world, _app = live
    ctx = browser.new_context(viewport={"width": 768, "height": 1024}, locale="zh-CN", has_touch=True)
    pg = ctx.new_page()
    login(pg, base, "trainee")
    for path in ("/search/?jump=0&q=" + quote("煤气罐放在地下室"), "/articles/" + quote("行政复议法@2018-01-01/9"),
                 "/laws/" + quote("安全生产法"), "/articles/" + quote("安全生产法/99/1/2")):
        pg.goto(base + path)
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
    shot(pg, "tablet-article")
    ctx.close()
