"""webapp.services.handbook.queries, called directly (no Flask): what the handbook pages and API ask of the
handbook. Entries as in test_web.py (SP-001: 安全生产法 第九十七条第（七）项, topic 特种作业); the 基准 rows are the
fictitious tests/fixtures/benchmarks (TEST-FIXTURE, in force from 2025-01-01, covers SP-001)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.benchmarks import load_benchmarks
from indexer.handbook.catalogue import load_catalogue
from webapp.services.handbook import queries
from webapp.services.handbook.queries import HandbookError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "benchmarks"
CAT = load_catalogue(CORPUS_DIR)


def test_entry_and_section_or_not_found():
    assert queries.entry(CAT, "SP-001").id == "SP-001"
    with pytest.raises(HandbookError) as err:
        queries.entry(CAT, "XX-999")
    assert (err.value.code, err.value.status) == ("not_found", 404) and "XX-999" in err.value.message
    assert queries.section(CAT, "听证程序").title
    with pytest.raises(HandbookError) as err:
        queries.section(CAT, "没有这一节")
    assert err.value.status == 404


def test_filtered_by_topic_and_words():
    topic = queries.entry(CAT, "SP-001").topic
    in_topic = queries.filtered(CAT, topic)
    assert in_topic and all(v.topic == topic for v in in_topic)
    assert [v.id for v in queries.filtered(CAT, "", "SP-001")] == ["SP-001"]
    assert queries.filtered(CAT, topic, "没有这样的词") == []
    assert len(queries.filtered(CAT)) == len(CAT.violations)


def test_in_hit_order_keeps_the_search_order_and_drops_the_rest():
    a, b, c = CAT.violations[:3]
    hits = [{"entry": c.id}, {"entry": "XX-1"}, {"entry": a.id}]
    assert queries.in_hit_order([a, b, c], hits) == [c, a]


def test_rows_with_and_without_the_library(lib):
    v = queries.entry(CAT, "SP-001")
    bare = queries.row(None, v)
    assert bare == queries.bare_row(v)
    assert bare["sanctions"] == [] and all(r["citation"] == "" for r in bare["violated"] + bare["basis"])
    full = queries.row(lib, v)
    assert full["sanctions"] and full["basis"][0]["citation"].startswith("《中华人民共和国安全生产法》")


def test_adopted_levels_replace_the_examples():
    v = queries.entry(CAT, "SP-001")
    assert queries.levels(v, []) == v.levels
    adopted = load_benchmarks(FIXTURE).adopted(["TEST-FIXTURE"])
    bm, rows = queries.adopted_for(v, adopted)            # in force from 2025-01-01: applies today
    assert bm is not None and bm.id == "TEST-FIXTURE" and rows
    assert [lv.name for lv in queries.levels(v, rows)] == [r.as_level().name for r in rows]
    assert queries.adopted_for(v, []) == (None, [])


def test_search_that_the_index_refuses_finds_nothing(lib, monkeypatch):
    got = queries.search(lib, CAT, "听证申请期限", kinds=("procedure",))
    assert got["results"] and got["results"][0]["kind"] == "procedure"
    import indexer.handbook.search as hs
    from indexer.search import SearchError

    def refuse(*args, **kwargs):
        raise SearchError("检索词中没有可检索的内容")
    monkeypatch.setattr(hs, "search_handbook", refuse)
    assert queries.search(lib, CAT, "，。") == {"query": "，。", "total": 0, "results": [], "source": "none",
                                               "elapsed_ms": 0}


def test_section_data_lists_its_citations():
    d = queries.section_data(queries.section(CAT, "听证程序"))
    assert d["citations"] and d["citations"][0]["law"] == "行政处罚法"


def test_provisions_of_a_ref_or_a_law(lib):
    (p,) = queries.provisions(lib, ref="安全生产法/99/1")
    assert p.to_dict()["ref"] == "安全生产法@2021-09-01/99/1"
    assert len(queries.provisions(lib, law="消防法")) >= 10
    for kwargs, code, status in [({"law": "没有这部法"}, "unknown_law", 404), ({}, "invalid_parameter", 400),
                                 ({"ref": "@@"}, "invalid_parameter", 400),
                                 ({"ref": "安全生产法/1"}, "not_found", 404)]:
        with pytest.raises(HandbookError) as err:
            queries.provisions(lib, **kwargs)
        assert (err.value.code, err.value.status) == (code, status), kwargs


def test_check_report_counts(lib):
    d = queries.check_report(lib, CAT)
    assert d["entries"] == len(CAT.violations) and d["sections"] == len(CAT.sections)
    assert d["errors"] + d["warnings"] == len(d["failures"])
