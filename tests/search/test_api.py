"""/api/v1/search, /api/v1/articles/<ref>, /api/v1/laws and /api/v1/laws/<key>: result shapes, structured Chinese
errors (never a 500), the OpenAPI fragment fuzzed on the built library, and the pages while no index is built."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.web.conftest import session_client


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def get(client, url):
    r = client.get(url)
    return r.status_code, r.get_json()


# ---------------------------------------------------------------------------------------------- search
def test_api_search_shape(officer):
    status, body = get(officer, "/api/v1/search?q=" + quote("安全警示标志") + "&limit=5")
    assert status == 200
    assert set(body) >= {"query", "as_of", "total", "offset", "limit", "results", "understood", "elapsed_ms"}
    assert body["query"] == "安全警示标志" and body["limit"] == 5 and body["offset"] == 0
    assert body["total"] > 5 and len(body["results"]) == 5
    for row in body["results"]:
        assert row["kind"] in ("article", "handbook", "procedure")
        for start, end in row["highlights"]:
            assert 0 <= start < end <= len(row["snippet"])
        if row["kind"] == "article":
            assert row["status"] in ("in_force", "superseded", "repealed", "not_yet") and row["citation"].startswith("《")
    assert any("安全警示标志" in r["snippet"][s:e] or r["snippet"][s:e] in "安全警示标志"
               for r in body["results"] for s, e in r["highlights"])
    _, page2 = get(officer, "/api/v1/search?q=" + quote("安全警示标志") + "&limit=5&offset=5")
    assert page2["offset"] == 5
    assert {r["ref"] for r in page2["results"]}.isdisjoint(r["ref"] for r in body["results"])


def test_api_search_citation_and_filters(officer):
    _, body = get(officer, "/api/v1/search?q=" + quote("消防法第六十四条第二项"))
    first = body["results"][0]
    assert first["ref"] == "消防法@2021-04-29/64" and first["focus"] == {"paragraph": 1, "item": 2}
    assert body["understood"]["citation"] is True
    _, body = get(officer, "/api/v1/search?q=" + quote("罚款") + "&law=" + quote("安法") + "&limit=50")
    assert {r["law_key"] for r in body["results"] if r["kind"] == "article"} == {"安全生产法"}
    _, body = get(officer, "/api/v1/search?q=" + quote("重大责任事故") + "&level=" + quote("司法解释") + "&limit=50")
    assert {r["level"] for r in body["results"] if r["kind"] == "article"} == {"司法解释"}
    _, body = get(officer, "/api/v1/search?q=" + quote("罚款") + "&as_of=2020-01-01")
    assert body["as_of"] == "2020-01-01"


def test_api_search_status_filter(officer):
    r = officer.get("/api/v1/search?q=" + quote("罚款") + "&status=superseded&limit=50")
    assert r.status_code == 200
    body = r.get_json()
    assert body["results"] and {r["status"] for r in body["results"]} == {"superseded"}


@pytest.mark.parametrize("query, status, code", [
    ("", 400, "bad_query"),
    ("q=", 400, "bad_query"),
    ("q=%20%20", 400, "bad_query"),
    ("q=" + "安" * 2001, 400, "bad_query"),
    ("q=x&as_of=2021-02-29", 400, "invalid_date"),
    ("q=x&as_of=yesterday", 400, "invalid_date"),
    ("q=x&limit=0", 400, "invalid_parameter"),
    ("q=x&limit=101", 400, "invalid_parameter"),
    ("q=x&offset=-1", 400, "invalid_parameter"),
    ("q=x&status=valid", 400, "invalid_parameter"),
    ("q=x&law=" + quote("没有这部法"), 404, "unknown_law"),
])
def test_api_search_errors(officer, query, status, code):
    got, body = get(officer, "/api/v1/search?" + query)
    assert got == status, body
    assert body["error"]["code"] == code and has_chinese(body["error"]["message"])


# ---------------------------------------------------------------------------------------------- articles
def test_api_article(officer):
    status, body = get(officer, "/api/v1/articles/" + quote("安全生产法/99/1/2"))
    assert status == 200
    assert body["ref"] == "安全生产法@2021-09-01/99" and body["citation"] == "《中华人民共和国安全生产法》第九十九条"
    assert body["focus"] == {"paragraph": 1, "item": 2, "subitem": None}
    assert body["focus_ref"] == "安全生产法@2021-09-01/99/1/2"
    assert body["focus_citation"] == "《中华人民共和国安全生产法》第九十九条第（二）项"
    assert body["single_paragraph"] is True and len(body["paragraphs"][0]["items"]) == 8
    assert body["paragraphs"][0]["items"][1]["ref"] == "安全生产法@2021-09-01/99/1/2"
    assert body["status"] == "in_force" and body["status_label"] == "现行有效"
    assert body["previous"]["label"] == "第九十八条" and body["next"]["ref"] == "安全生产法@2021-09-01/100"
    assert [v["version"] for v in body["versions"]] == ["2021-09-01"] and body["versions"][0]["current"]


def test_api_article_versions_and_comparison(officer):
    status, body = get(officer, "/api/v1/articles/" + quote("行政复议法/9") + "?as_of=2020-01-01&compare=1")
    assert status == 200
    assert body["version"] == "2018-01-01" and body["status"] == "in_force" and body["as_of"] == "2020-01-01"
    assert [(v["version"], v["status"]) for v in body["versions"]] == [("2018-01-01", "in_force"), ("2024-01-01", "not_yet")]
    assert body["versions"][1]["effective_from"] == "2024-01-01" and body["versions"][0]["last_day"] == "2023-12-31"
    (c,) = body["comparisons"]
    assert c["match"]["ref"] == "行政复议法@2024-01-01/20" and c["match"]["method"] == "similar"
    assert c["same_number_ref"] == "行政复议法@2024-01-01/9" and c["same_number_similarity"] < 0.3
    assert ["ins", "或者应当知道"] in c["diff"]["new"] and ["del", "具体"] in c["diff"]["old"]
    _, today = get(officer, "/api/v1/articles/" + quote("行政复议法/9"))
    assert today["version"] == "2024-01-01" and "comparisons" not in today


@pytest.mark.parametrize("ref, status, code", [
    ("安全生产法/999", 404, "no_such_article"),
    ("没有这部法/1", 404, "unknown_law"),
    ("安全生产法@2000-01-01/1", 404, "no_such_version"),
    ("安全生产法@2020-99-99/1", 404, "no_such_version"),
    ("安全生产法/99/2", 404, "no_such_paragraph"),
    ("安全生产法/99/1/9", 404, "no_such_item"),
    ("安全生产法/99/1/1/1", 404, "no_such_subitem"),
    ("安全生产法/99999999999999999999", 404, "no_such_article"),
    ("安全生产法", 400, "bad_ref"),
    ("@@", 400, "bad_ref"),
    ("安全生产法/九十九", 400, "bad_ref"),
    ("安" * 301 + "/1", 400, "bad_ref"),
])
def test_api_article_errors(officer, ref, status, code):
    got, body = get(officer, "/api/v1/articles/" + quote(ref))
    assert got == status, body
    assert body["error"]["code"] == code and has_chinese(body["error"]["message"])


def test_api_article_bad_date(officer):
    got, body = get(officer, "/api/v1/articles/" + quote("安全生产法/1") + "?as_of=2021-1-1")
    assert got == 400 and body["error"]["code"] == "invalid_date"


# ---------------------------------------------------------------------------------------------- laws
def test_api_law(officer):
    status, body = get(officer, "/api/v1/laws/" + quote("行政复议法"))
    assert status == 200
    assert body["title"] == "中华人民共和国行政复议法" and body["level"] == "法律" and body["status"] == "in_force"
    assert body["version"]["version"] == "2024-01-01" and body["version"]["article_count"] == 90
    assert [v["label"] for v in body["versions"]] == ["2017-09-01 修正", "2023-09-01 修订"]
    assert body["history"][0]["text"].startswith("1999年4月29日") and len(body["history"]) == 4
    arts = [e for e in body["toc"] if e["type"] == "article"]
    assert len(arts) == 90 and arts[0]["ref"] == "行政复议法@2024-01-01/1"
    assert body["toc"][0] == {"type": "heading", "id": "h0", "level": "章", "label": "第一章", "title": "总 则", "depth": 0}
    _, old = get(officer, "/api/v1/laws/" + quote("行政复议法") + "?version=2018-01-01")
    assert old["version"]["status"] == "superseded" and len([e for e in old["toc"] if e["type"] == "article"]) == 43
    _, repealed = get(officer, "/api/v1/laws/" + quote("煤矿安全监察条例"))
    assert repealed["status"] == "repealed" and repealed["repealed_on"] == "2024-05-01"
    assert repealed["repealed_by"] == "《煤矿安全生产条例》第七十六条"
    _, alias = get(officer, "/api/v1/laws/" + quote("安法"))
    assert alias["key"] == "安全生产法"


@pytest.mark.parametrize("path, status, code", [
    ("没有这部法", 404, "unknown_law"),
    ("安全生产法?version=2000-01-01", 404, "no_such_version"),
    ("安全生产法?as_of=2020-13-01", 400, "invalid_date"),
])
def test_api_law_errors(officer, path, status, code):
    got, body = get(officer, "/api/v1/laws/" + quote(path, safe="?="))
    assert got == status and body["error"]["code"] == code and has_chinese(body["error"]["message"])


def test_api_law_suggestions(officer):
    _, body = get(officer, "/api/v1/laws?q=" + quote("安法"))
    assert body["laws"][0]["key"] == "安全生产法" and body["laws"][0]["matched"] == "安法"
    _, body = get(officer, "/api/v1/laws?q=" + quote("安全生产"))
    keys = [law["key"] for law in body["laws"]]
    assert keys[0] == "安全生产法" and "浙江省安全生产条例" in keys
    _, body = get(officer, "/api/v1/laws?q=" + quote("《行政复议") + "&limit=1")
    assert [law["title"] for law in body["laws"]] == ["中华人民共和国行政复议法"]
    _, body = get(officer, "/api/v1/laws?q=" + quote("煤矿安全监察"))
    assert body["laws"][0]["repealed"] is True
    assert get(officer, "/api/v1/laws?q=")[1]["laws"] == []
    assert get(officer, "/api/v1/laws?q=" + "安" * 51)[0] == 400
    assert get(officer, "/api/v1/laws?limit=51")[0] == 400


def test_weird_inputs_never_crash(officer):
    weird = ["\x00", "%00", "《》", "第条", "安法第条", "安法\x00第1条", "' OR 1=1 --", "../../etc/passwd", "安法第〇条",
             "刑法135条之九十九", "安法第九十九条第0项", "安法102条第99款", "\u202e安法", "😀", "第一千万条"]
    for q in weird:
        for url in ("/search/?q=" + quote(q), "/api/v1/search?q=" + quote(q), "/api/v1/laws?q=" + quote(q),
                    "/articles/" + quote(q + "/1"), "/api/v1/articles/" + quote(q + "/1"), "/laws/" + quote(q),
                    "/api/v1/laws/" + quote(q)):
            r = officer.get(url)
            assert r.status_code < 500, (url, r.status_code)


# ---------------------------------------------------------------------------------------------- OpenAPI
def test_openapi_fragment_is_merged(search_app):
    doc = search_app.test_client().get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/search", "/api/v1/articles/{ref}", "/api/v1/laws", "/api/v1/laws/{key}"):
        assert "get" in doc["paths"][path], path
    for schema in ("SearchResult", "SearchRow", "Article", "Law", "LawSuggestion"):
        assert schema in doc["components"]["schemas"]


def test_api_fuzz_on_the_built_library(search_web):
    """Every search operation, generated requests, on the real (built) library: no 5xx, nothing undocumented,
    and schema-valid requests are not rejected with 400."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import load_all_checks  # noqa: F401
    from schemathesis.generation.modes import GenerationMode
    from schemathesis.specs.openapi.checks import negative_data_rejection

    app, world = search_web
    _tid, token = world.tokens["officer"]
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ops = [r.ok() for r in api.get_all_operations()]
    ops = [op for op in ops if "search" in (op.definition.raw.get("tags") or [])]
    assert len(ops) == 4
    for op in ops:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=op.as_strategy(generation_mode=mode))
            @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def run(case):
                excluded = [negative_data_rejection] if case.meta and "negative" in str(case.meta.generation.mode) else []
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
            run()


# ---------------------------------------------------------------------------------------------- no index
def test_without_a_built_library(app, world):
    """A fresh data folder (no `lawdesk index` yet): the search page explains, the rest answers 409."""
    c = session_client(app, world.user("trainee"))
    r = c.get("/search/?q=" + quote("安法102条"))
    assert r.status_code == 200 and "法规库尚未建立索引" in r.get_data(as_text=True)
    assert c.get("/search/").status_code == 200
    for url in ("/api/v1/search?q=x", "/api/v1/articles/" + quote("安全生产法/1"), "/api/v1/laws/" + quote("安全生产法"),
                "/api/v1/laws?q=x"):
        r = c.get(url)
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "library_not_built", url
    r = c.get("/articles/" + quote("安全生产法/1"))
    assert r.status_code == 409 and "法规库尚未建立索引" in r.get_data(as_text=True)
    # input errors are still reported as such
    assert c.get("/api/v1/search?q=").status_code == 400
    assert c.get("/api/v1/articles/@@").status_code == 400


def test_api_search_citation_beyond_any_statute_is_a_notice(officer):
    got, body = get(officer, "/api/v1/search?q=" + quote("安法99999999999999999999条"))
    assert got == 200
    assert body["results"][0]["kind"] == "notice" and "没有第" in body["results"][0]["message"]


def test_api_search_cited_item_that_does_not_exist_is_a_notice(officer):
    got, body = get(officer, "/api/v1/search?q=" + quote("安全生产法第九十九条第十二项"))
    assert got == 200
    kinds = [r["kind"] for r in body["results"][:2]]
    assert kinds == ["notice", "article"] and "没有第（十二）项" in body["results"][0]["message"]
