"""Issue 13: a reviewer walks through a mutual review in the browser, using only what is on the screen: 案卷评查
in the menu, assign a closed file of another unit to herself, read the findings and the score, deduct for an
item that needs judgement, grade it 典型差案, sign, and download the signed 评查表."""

from __future__ import annotations

import io

import pytest

from tests.browser_support import library_app, open_page, serve, sync_api  # noqa: F401  (fixtures, helpers)
from tests.browser_support import login, shot
from tests.drafting.webworld import make_case
from tests.web.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(lib, tmp_path_factory):
    app = library_app(lib, tmp_path_factory.mktemp("casereview-browser"))
    world = build_world(app)
    make_case(app, world.units["A"], status="closed", with_document=True)
    with serve(app) as base:
        yield base, world


def test_mutual_review_to_the_signed_report(browser, live, settings):
    from webapp.services.casereview.standard import load_standard
    manual = next(d for d in load_standard(settings.corpus).deductions if not d.automatic and not d.veto)
    base, _world = live
    ctx, page = open_page(browser, viewport={"width": 1366, "height": 768}, accept_downloads=True)
    login(page, base, "reviewer_B", home=True)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="案卷评查").click()
    page.get_by_label("已结案的案卷").select_option(index=0)
    assert "（" in page.get_by_label("评查人").locator("option:checked").inner_text()
    page.get_by_role("button", name="分配").click()
    sync_api.expect(page.locator(".flashes")).to_contain_text("已分配评查")
    sync_api.expect(page.locator(".status")).to_have_text("评查中")
    assert "案卷缺少" in page.locator("main").inner_text()
    before = page.locator(".cr-total").inner_text()
    page.get_by_label(manual.text, exact=False).first.fill("1")
    page.get_by_label(f"{manual.text}的说明").fill("抽查发现该项不符合要求")
    page.get_by_label("评定").select_option(label="典型差案")
    page.get_by_label("评查意见").fill("文书不全，建议整改。")
    shot(page, "casereview-form")
    page.get_by_role("button", name="签署评查").click()
    sync_api.expect(page.locator(".flashes")).to_contain_text("评查已签署")
    sync_api.expect(page.locator(".status")).to_have_text("已签署")
    assert page.locator(".cr-total").inner_text() != before
    assert page.get_by_role("button", name="签署评查").count() == 0
    with page.expect_download() as info:
        page.get_by_role("link", name="下载评查表（.docx）").click()
    from docx import Document
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "行政处罚案卷评查表" in text and "典型差案" in text and "抽查发现该项不符合要求" in text
    assert "签署日期：（未签署）" not in text
    shot(page, "casereview-signed")
    assert page.problems == [], page.problems
    ctx.close()
