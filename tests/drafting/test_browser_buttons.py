"""Issue 16.1: every button and link an officer uses on the case wizard can be seen — its text passes WCAG AA
contrast (4.5:1) against the background actually behind it. The header's white-on-red style once leaked onto
white panels ("添加" under catalogue results, "删除第N项", every "生成/重新生成"), white on white."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import control_contrast, library_app, login, low_contrast, open_page, serve
from tests.drafting.webworld import make_case
from tests.web.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(lib, tmp_path_factory):
    app = library_app(lib, tmp_path_factory.mktemp("cases-buttons"))
    world = build_world(app)
    case_id = make_case(app, world.units["A"], with_document=True)
    with serve(app) as base:
        yield base, case_id


@pytest.fixture(scope="module")
def officer_page(browser, live):
    base, _case_id = live
    ctx, page = open_page(browser, viewport={"width": 1366, "height": 768})
    login(page, base, "officer", home=True)
    yield page
    ctx.close()


def _names(page, pattern):
    return [c["text"] for c in control_contrast(page) if re.search(pattern, c["text"])]


def test_catalogue_add_buttons_are_visible(officer_page, live):
    base, case_id = live
    page = officer_page
    page.goto(f"{base}/cases/{case_id}/edit/violations?q=焊接")
    assert page.locator("#catalogue-results button", has_text="添加").count() > 0, "no 添加 under the catalogue results"
    assert _names(page, r"^删除第1项")
    assert low_contrast(page) == []
    # the results the page's script fetches while typing use the same buttons
    page.locator("#catalogue-q").fill("电焊 无证")
    page.locator("#catalogue-results .result", has_text="焊接").first.wait_for()
    assert low_contrast(page) == []


def test_document_buttons_are_visible(officer_page, live):
    base, case_id = live
    page = officer_page
    page.goto(f"{base}/cases/{case_id}/edit/documents")
    assert _names(page, "^(重新)?生成"), "no 生成 button in the documents table"
    assert low_contrast(page) == []
    page.goto(f"{base}/cases/{case_id}")
    assert _names(page, "^重新生成")
    assert low_contrast(page) == []
