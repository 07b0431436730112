"""The calculator and the catalogue filter in Debian's chromium (Playwright), on the real library build."""

from __future__ import annotations

import pytest

from tests.browser_support import login, open_page, serve, shot, sync_api  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(settings, tmp_path_factory):
    from tests.web.conftest import build_world
    from webapp import create_app
    db = tmp_path_factory.mktemp("hbbrowser") / "app.sqlite3"
    app = create_app(settings, {"SECRET_KEY": "hb-browser", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                                "DATABASE_URL": f"sqlite:///{db}"})
    world = build_world(app)
    with serve(app) as base:
        yield base, world


@pytest.fixture(scope="module")
def page(live, browser):
    base, _world = live
    ctx, pg = open_page(browser)
    login(pg, base, "officer", home=True)
    yield pg
    ctx.close()


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
    page.goto(f"{base}/handbook/?topic=特种作业")        # the catalogue is paged: a topic's page
    rows = page.locator("#hb-catalogue tr[data-filter-text]")
    total = rows.count()
    assert total >= 3
    page.fill("#hb-filter", "焊接")
    visible = page.locator("#hb-catalogue tr[data-filter-text]:not([hidden])")
    assert 1 <= visible.count() < total
    assert "SP-001" in visible.first.inner_text()
    shot(page, "handbook-index")
    assert not page.problems, page.problems
