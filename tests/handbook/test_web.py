"""Handbook pages and /api/v1/handbook on the real library (session build) and without a library."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import build_world, session_client, sqlite_area_app


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    app = sqlite_area_app(settings, tmp_path_factory.mktemp("hbweb"))
    yield app, build_world(app)
    app.extensions["lawdesk_db"].dispose()


@pytest.fixture(scope="module")
def officer(web):
    app, world = web
    return session_client(app, world.user("officer"))


@pytest.fixture(scope="module")
def trainee(web):
    app, world = web
    return session_client(app, world.user("trainee"))


def no_inline_script(html: str) -> bool:
    return not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_catalogue_page(officer, trainee):
    for client in (officer, trainee):
        r = client.get("/handbook/?f=SP-001")        # the catalogue is paged: filter to the entry
        assert r.status_code == 200
        html = r.get_data(as_text=True)
        assert "SP-001" in html and "《中华人民共和国安全生产法》第九十七条第（七）项" in html
        assert "处十万元以下的罚款" in html                   # statutory sanction in the statute's words
        assert no_inline_script(html) and "handbook/browse.js" in html
    r = officer.get("/handbook/?topic=特种作业")
    html = r.get_data(as_text=True)
    assert "SP-001" in html and "RP-001" not in html


def test_catalogue_search(officer):
    html = officer.get("/handbook/?q=电焊工没有操作证").get_data(as_text=True)
    assert "检索结果" in html
    first = re.search(r'<ol class="hb-hits">\s*<li><a href="[^"]+">([A-Z]+-\d+)', html)
    assert first and first.group(1).startswith("SP-")


def test_entry_page(officer):
    r = officer.get("/handbook/entries/SP-001")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    for text in ("法定处罚", "裁量档次", "不予处罚、从轻、减轻", "违法事实表述", "《中华人民共和国行政处罚法》第三十二条第（一）项"):
        assert text in html, text
    assert officer.get("/handbook/entries/NOPE-1").status_code == 404


def test_calculator_page_without_javascript(officer):
    r = officer.get("/handbook/entries/SP-001/calc")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'id="hb-result"' in html and "handbook/calc.js" in html
    assert no_inline_script(html)
    r = officer.get("/handbook/entries/SP-001/calc?run=1&circumstance=涉及2至3名无证人员&mitigation=MIT-REMEDY")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "较重" in html and "从轻或者减轻" in html and "决定书理由" in html
    assert "《中华人民共和国安全生产法》第三十条第一款" in html
    r = officer.get("/handbook/entries/SP-001/calc?run=1&mitigation=MIT-NOPE")
    assert r.status_code == 400


def test_procedures_pages(officer):
    html = officer.get("/handbook/procedures").get_data(as_text=True)
    assert "听证程序" in html
    r = officer.get("/handbook/procedures/听证程序")
    assert r.status_code == 200 and "《行政处罚法》第六十四条" in r.get_data(as_text=True)
    assert officer.get("/handbook/procedures/没有这一节").status_code == 404


def test_api_entries_and_entry(officer):
    d = officer.get("/api/v1/handbook/entries").get_json()
    assert d["total"] >= 100 and d["library"] is True
    e = next(x for x in d["entries"] if x["id"] == "SP-001")
    assert e["basis"][0]["in_force"] and e["sanctions"]
    d = officer.get("/api/v1/handbook/entries?q=有限空间作业未检测").get_json()
    assert d["entries"] and d["entries"][0]["topic"] == "有限空间"
    d = officer.get("/api/v1/handbook/entries/SP-001").get_json()
    assert d["statutory"][0]["provision"] == "安全生产法@2021-09-01/97/1"
    r = officer.get("/api/v1/handbook/entries/NOPE-1")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


def test_api_calc_get_and_post(officer):
    r = officer.get("/api/v1/handbook/entries/SP-001/calc?circumstance=涉及2至3名无证人员&mitigation=MIT-REMEDY")
    d = r.get_json()
    assert r.status_code == 200 and d["level"] == "较重" and d["fine"]["unit"] == "yuan"
    assert d["fine"]["min"] >= 30000 and d["fine"]["max"] <= 60000
    r = officer.post("/api/v1/handbook/entries/SP-001/calc", json={"level": "严重", "mitigation": ["MIT-MINOR-CORRECTED"]},
                     headers={"X-CSRF-Token": officer.csrf})
    d = r.get_json()
    assert r.status_code == 200 and d["outcome"] == "不予处罚" and d["fine"] is None
    r = officer.post("/api/v1/handbook/entries/SP-001/calc", json={"level": 3}, headers={"X-CSRF-Token": officer.csrf})
    assert r.status_code == 400
    r = officer.post("/api/v1/handbook/entries/SP-001/calc", json={}, headers={})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "csrf_failed"


def test_api_search_procedures_provisions_check(officer):
    d = officer.get("/api/v1/handbook/search?q=听证申请期限&kind=procedure").get_json()
    assert d["results"] and d["results"][0]["kind"] == "procedure"
    assert officer.get("/api/v1/handbook/search").status_code == 400
    d = officer.get("/api/v1/handbook/procedures").get_json()
    assert len(d["sections"]) >= 8
    d = officer.get("/api/v1/handbook/procedures/听证程序").get_json()
    assert d["citations"] and d["citations"][0]["law"] == "行政处罚法"
    d = officer.get("/api/v1/handbook/provisions?ref=安全生产法/99/1").get_json()
    assert d["provisions"][0]["ref"] == "安全生产法@2021-09-01/99/1"
    d = officer.get("/api/v1/handbook/provisions?law=消防法").get_json()
    assert d["total"] >= 10
    assert officer.get("/api/v1/handbook/provisions?law=没有这部法").status_code == 404
    d = officer.get("/api/v1/handbook/check").get_json()
    assert d["entries"] >= 100 and "failures" in d


def test_without_a_library(tmp_path):
    from indexer.config import Settings
    from webapp import create_app
    app = create_app(Settings.resolve(data=tmp_path / "empty"), {"TESTING": True, "SECRET_KEY": "x",
                                                                 "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    try:
        world = build_world(app)
        c = session_client(app, world.user("officer"))
        html = c.get("/handbook/?topic=特种作业").get_data(as_text=True)
        assert "法规库尚未建立索引" in html and "SP-001" in html
        assert c.get("/handbook/entries/SP-001").status_code == 200
        d = c.get("/api/v1/handbook/entries/SP-001/calc?level=一般").get_json()
        assert d["level"] == "一般" and d["warnings"]
        assert c.get("/api/v1/handbook/search?q=电焊").get_json()["source"] == "plain"
        assert c.get("/api/v1/handbook/check").status_code == 409
    finally:
        app.extensions["lawdesk_db"].dispose()
