"""Issues 14.2 and 14.3 in the browser: an officer opens a decided case, reads its 信用修复告知书 (the class of the
record, the day the firm may apply, where), then its public version: the names the case holds are masked, a name
only the facts mention is offered, added and masked, and the .docx downloaded holds no personal name."""

from __future__ import annotations

import pytest

from tests.browser_support import library_app, open_page, serve, sync_api  # noqa: F401  (fixtures, helpers)
from tests.browser_support import login, shot
from tests.drafting.webworld import make_case
from tests.web.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(lib, tmp_path_factory):
    app = library_app(lib, tmp_path_factory.mktemp("credit-browser"))
    world = build_world(app)
    cid = make_case(app, world.units["A"], status="closed")
    with serve(app) as base:
        yield base, cid


def test_from_the_decision_to_the_credit_notice_and_the_public_version(browser, live):
    from docx import Document
    base, cid = live
    ctx, page = open_page(browser, accept_downloads=True)
    login(page, base, "officer", home=True)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="案件文书").click()
    page.get_by_role("link", name="杭州明澜五金制品有限公司特种作业人员未持证上岗").first.click()
    page.wait_for_url(f"{base}/cases/{cid}")
    credit = page.locator("#credit")
    sync_api.expect(credit).to_contain_text("一般失信信息")
    sync_api.expect(credit).to_contain_text("2027-01-31")
    sync_api.expect(page.locator("#publication")).to_contain_text("公示期限 2026-11-10")
    shot(page, "credit-case")
    page.locator("#documents tr", has_text="信用修复告知书").get_by_role("link", name="预览").click()
    main = page.locator("main")
    sync_api.expect(main).to_contain_text("信用修复告知书")
    text = main.inner_text()
    assert "“信用中国”网站" in text and "自2027年1月31日起" in text and "最短公示期为3个月" in text
    shot(page, "credit-notice")
    page.get_by_role("link", name="返回案件").click()
    page.get_by_role("link", name="公开版本（隐去个人信息）").click()
    preview = page.locator(".doc-preview")
    sync_api.expect(preview).to_contain_text("陈某某")
    assert "陈立新" not in preview.inner_text()
    sync_api.expect(page.get_by_role("status")).to_contain_text("钱永福")
    page.get_by_label("姓名（每行一个，或以顿号分隔）").fill("钱永福")
    page.get_by_role("button", name="保存姓名").click()
    sync_api.expect(page.locator(".flashes")).to_contain_text("已保存需隐去的姓名")
    assert "钱永福" not in page.locator(".doc-preview").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="下载公开版本（.docx）").click()
    doc = Document(info.value.path())
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "本文书为公开版本" in body and "钱某某" in body
    for name in ("陈立新", "赵志强", "钱永福", "孙丽"):
        assert name not in body, name
    shot(page, "publication")
    assert page.problems == [], page.problems
    ctx.close()
