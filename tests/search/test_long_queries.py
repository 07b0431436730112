"""Pasted paragraphs as queries (issue 12.2): the boilerplate of a facts paragraph is dropped, what went
wrong is ranked, and the 2,000-character limit is said in Chinese by the service, the page and the API."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from indexer.longquery import LONG_QUERY, MAX_QUERY, distill
from indexer.search import SearchError

# the project's own paragraph, in the shape of a 行政处罚决定书's facts (no published decision copied)
FACTS = ("经查，2025年6月3日上午9时30分，我局执法人员王某、李某某对位于杭州市拱墅区祥园路88号3幢的杭州恒达机械"
         "制造有限公司（统一社会信用代码91330105MA2B3C4D5E，法定代表人张某，联系电话13812345678）进行现场检查，"
         "向当事人出示执法证件并说明来意。检查发现，该公司焊工陈某未取得特种作业操作证即在车间从事电焊作业。"
         "上述行为违反了《中华人民共和国安全生产法》第三十条第一款的规定。以上事实有现场检查记录、询问笔录、"
         "现场照片等证据为证，当事人对上述事实供认不讳。")


def test_distill_drops_dates_people_addresses_numbers_and_procedure():
    d = distill(FACTS)
    for gone in ("2025年6月3日", "9时30分", "王某", "李某某", "张某", "陈某", "祥园路88号", "13812345678",
                 "91330105MA2B3C4D5E", "执法人员", "询问笔录", "供认不讳", "恒达机械"):
        assert gone not in d.text, gone
    assert "未取得特种作业操作证" in d.text and "电焊作业" in d.text
    assert "2025年6月3日" in "".join(d.dropped)


def test_clauses_without_a_fault_are_background():
    d = distill("该公司成立于2018年，主要从事五金加工和销售，现有员工三十余人，厂房为租赁。检查发现，该公司配电房未设置安全警示标志。")
    assert "安全警示标志" in d.text and "五金加工" not in d.text
    assert any("五金加工" in c for c in d.background)


def test_short_queries_pass_untouched():
    assert distill("检查记录怎么写").text == "检查记录怎么写"
    assert len("检查记录怎么写") < LONG_QUERY


def test_a_paragraph_finds_the_article_its_fault_breaks(lib):
    res = lib.search(FACTS, limit=10, as_of="2026-11-28")
    refs = [r.get("ref", "") for r in res["results"]]
    assert any(r.startswith("安全生产法@") and r.endswith("/30") for r in refs), refs
    assert "2025年6月3日" in "".join(res["understood"]["dropped"])


def test_two_thousand_characters_are_searched_and_more_are_refused(lib):
    long = (FACTS * 10)[:MAX_QUERY]
    assert lib.search(long, limit=10)["results"]
    with pytest.raises(SearchError) as err:
        lib.search(long + "安", limit=10)
    assert f"{MAX_QUERY + 1} 字，最多 {MAX_QUERY} 字" in err.value.message


def test_page_and_api_take_a_paragraph(officer):
    page = officer.get("/search/?q=" + quote(FACTS))
    assert page.status_code == 200 and "第三十条" in page.get_data(as_text=True)
    api = officer.get("/api/v1/search?q=" + quote(FACTS))
    assert api.status_code == 200 and api.get_json()["results"]
    too_long = officer.get("/api/v1/search?q=" + quote("安" * (MAX_QUERY + 1))).get_json()
    assert too_long["error"]["code"] == "bad_query" and "最多 2000 字" in too_long["error"]["message"]


def test_quotation_marks_in_a_paragraph_do_not_demand_phrases(lib):
    # a published paragraph quotes names (“恒达”五金厂) and terms; an officer pasting it did not ask for exact
    # phrases, so nothing is required to match the quote and the fault is still found
    text = ("经查，“恒达”五金加工厂于2025年6月3日被我局执法人员检查发现，该厂未按规定对从业人员进行安全生产教育"
            "和培训，未如实记录安全生产教育和培训情况，且“三同时”资料缺失。")
    res = lib.search(text, limit=10, as_of="2026-11-28")
    refs = [r.get("ref", "") for r in res["results"]]
    assert any(r.startswith("安全生产法@") and r.endswith("/28") for r in refs), refs
