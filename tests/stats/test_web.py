"""The 执法统计 page, its exports and /api/v1/stats: who sees which unit, the same figures as the service, an empty
period as headings, bad dates as a Chinese message on the page and a structured error in the API."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.stats.test_compute import _case
from tests.web.conftest import build_world, session_client
from webapp.services.stats import compute, parse_period


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from indexer.config import Settings
    from webapp import create_app, db
    from webapp.services.drafting import store
    folder = tmp_path_factory.mktemp("stats-web")
    app = create_app(Settings.resolve(data=folder), {"TESTING": True, "SECRET_KEY": "x", "USER_CACHE_SECONDS": 0,
                                                     "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    world = build_world(app)
    a, b = world.units["A"], world.units["B"]
    with app.app_context(), db.begin() as conn:
        store.create_case(conn, a, _case("A-1"), None)
        store.create_case(conn, a, _case("A-2", status="issued", payment__paid_on="", dates__filing="2026-03-02"), None)
        store.create_case(conn, b, _case("B-1"), None)
    yield app, world
    app.extensions["lawdesk_db"].dispose()


def client(web, role, unit="A"):
    app, world = web
    return session_client(app, world.user(role, unit))


def expected(web, unit_key, start="", end=""):
    from webapp import db
    app, world = web
    with app.app_context(), db.read() as conn:
        return compute(conn, world.units[unit_key] if unit_key else None, parse_period(start, end))


def summary(html: str) -> dict[str, str]:
    body = html.split('id="table-summary"', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td[^>]*>([^<]+)</td>', body))


def test_officer_sees_own_unit_and_the_figures_agree(web):
    c = client(web, "officer")
    resp = c.get("/stats/?from=2026-01-01&to=2026-12-31")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    s = expected(web, "A", "2026-01-01", "2026-12-31")
    got = summary(html)
    assert got["案件数"] == str(s.cases) == "2"
    assert got["罚款金额（元）"] == "110,000.00" and got["已缴纳罚款（元）"] == "55,000.00"
    assert "杭州市拱墅区应急管理局" in html and 'id="f-unit"' not in html          # no unit choice for an officer
    assert '<svg class="stats-chart" id="chart-month" role="img"' in html and 'style="' not in html
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    api = c.get("/api/v1/stats?from=2026-01-01&to=2026-12-31").get_json()
    assert api == s.to_dict()


def test_other_units_are_refused_to_officers_and_reviewers(web):
    _app, world = web
    for role in ("officer", "reviewer"):
        resp = client(web, role).get(f"/stats/?unit={world.units['B']}")
        assert resp.status_code == 403 and "只能查看本单位的统计" in resp.get_data(as_text=True)
        err = client(web, role).get(f"/api/v1/stats?unit={world.units['B']}").get_json()["error"]
        assert err["code"] == "forbidden"
    assert client(web, "trainee").get("/stats/").status_code == 403
    assert client(web, "trainee").get("/api/v1/stats").status_code == 403


def test_admin_chooses_any_unit_or_all(web):
    _app, world = web
    c = client(web, "admin")
    html = c.get("/stats/").get_data(as_text=True)
    assert 'id="f-unit"' in html and "全部单位（不含演示单位）" in html
    assert summary(html)["案件数"] == "3"
    b = c.get(f"/api/v1/stats?unit={world.units['B']}").get_json()
    assert b == expected(web, "B").to_dict() and b["cases"] == 1
    err = c.get("/api/v1/stats?unit=99999").get_json()["error"]
    assert err["code"] == "not_found" and "99999" in err["message"]
    assert c.get("/api/v1/stats?unit=abc").get_json()["error"]["code"] == "invalid_parameter"
    # a digit that is not ASCII (²) is no unit number either: a 400, not a 500 (found by the API fuzz test)
    r = c.get("/api/v1/stats?unit=%C2%B2")
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_parameter"


def test_empty_period_shows_every_heading(web):
    html = client(web, "officer").get("/stats/?from=2030-01-01&to=2030-12-31").get_data(as_text=True)
    from webapp.services.stats.tables import build
    for t in build(expected(web, "A", "2030-01-01", "2030-12-31")):
        assert f">{t.title}</h3>" in html
        assert all(f'<th scope="col">{c}</th>' in html for c in t.columns)
    assert html.count("本期间没有数据。") == 9 and "<svg" not in html


@pytest.mark.parametrize(("query", "field", "words"), [
    ("from=2025-13-01", "from", "起始日期“2025-13-01”不是有效日期"),
    ("to=31/12/2025", "to", "截止日期“31/12/2025”不是有效日期"),
    ("from=2025-12-01&to=2025-01-01", "from", "起始日期 2025-12-01 晚于截止日期 2025-01-01"),
])
def test_bad_dates(web, query, field, words):
    c = client(web, "officer")
    resp = c.get(f"/stats/?{query}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and words in html and 'role="alert"' in html
    assert f'id="f-{field}" name="{field}"' in html and 'aria-invalid="true"' in html
    assert 'id="table-summary"' not in html
    resp = c.get(f"/api/v1/stats?{query}")
    reversed_ = "晚于" in words
    assert resp.status_code == (409 if reversed_ else 400)
    err = resp.get_json()["error"]
    assert err["code"] == ("invalid_period" if reversed_ else "invalid_date")
    assert words in err["message"] and err["field"] == field
    resp = c.get(f"/stats/export.xlsx?{query}")
    assert resp.status_code == (409 if reversed_ else 400) and words in resp.get_data(as_text=True)


def test_exports_carry_the_page_figures(web):
    from openpyxl import load_workbook
    c = client(web, "officer")
    resp = c.get("/stats/export.csv?from=2026-01-01&to=2026-12-31")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert ["罚款金额（元）", "110000.00"] in rows and ["2026年3月", "1", "55000.00"] in rows
    resp = c.get("/stats/export.xlsx?from=2026-01-01&to=2026-12-31")
    assert resp.mimetype.endswith("spreadsheetml.sheet") and "filename*=" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.get_data()))
    first = {r[0]: r[1] for r in wb.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert first["案件数"] == 2 and first["罚款金额（元）"] == 110000.0
