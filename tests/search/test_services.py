"""The services behind the article and law pages, called directly (no Flask): indexer.textdiff (the character
diff, shared with the citation checker), indexer.versions (an article's counterpart in other versions and the
comparison) and indexer.browse (the cited 款/项 checked, the version of a law shown, its contents, the law-name
suggestions). Texts as in test_pages.py: 行政复议法 2017 text 第九条 = 2023 text 第二十条; 安全生产法 第九十九条 has
one paragraph with items （一）–（八）."""

from __future__ import annotations

import pytest

from indexer import browse, versions
from indexer.errors import LawError
from indexer.refs import Ref
from indexer.textdiff import char_diff


# ------------------------------------------------------------------------------------------------ textdiff
def test_char_diff_ops_and_sides():
    d = char_diff("认为具体行政行为", "认为行政行为或者")
    assert d.ops == [("equal", "认为"), ("delete", "具体"), ("equal", "行政行为"), ("insert", "或者")]
    assert d.old() == [("eq", "认为"), ("del", "具体"), ("eq", "行政行为")]
    assert d.new() == [("eq", "认为"), ("eq", "行政行为"), ("ins", "或者")]
    assert 0 < d.ratio < 1
    assert char_diff("同一", "同一").ops == [("equal", "同一")] and char_diff("同一", "同一").ratio == 1


def test_char_diff_replacement_is_a_deletion_then_an_insertion():
    assert char_diff("处五万元罚款", "处十万元罚款").ops == [
        ("equal", "处"), ("delete", "五"), ("insert", "十"), ("equal", "万元罚款")]


def test_char_diff_can_ignore_white_space():
    assert char_diff("第一款\n 第二款", "第一款第二款").ops != [("equal", "第一款第二款")]
    assert char_diff("第一款\n 第二款", "第一款第二款", ignore_space=True).ops == [("equal", "第一款第二款")]


# ------------------------------------------------------------------------------------------------ versions
def _view(lib, ref: str, as_of: str | None = None):
    view, _focus = browse.resolve_article(lib, Ref.parse(ref), as_of)
    return view


def test_counterpart_of_a_renumbered_article_is_found_by_similarity(lib):
    old, new = lib.store.versions("行政复议法")
    number, suffix, similarity, method, same = versions.counterpart(lib, old.id, 9, None, new.id)
    assert (number, suffix, method) == (20, None, "similar")
    assert similarity >= versions.MATCH_MIN and same is not None and same < 0.3
    # and back: the 2023 第二十条 is the 2017 第九条
    assert versions.counterpart(lib, new.id, 20, None, old.id)[:2] == (9, None)


def test_comparisons_put_the_older_text_on_the_left(lib):
    view = _view(lib, "行政复议法@2018-01-01/9")
    (c,) = versions.comparisons(lib, view)
    assert c["version"] == "2024-01-01" and not c["older"] and c["status"] == "in_force"
    assert c["match"]["ref"] == "行政复议法@2024-01-01/20" and c["match"]["label"] == "第二十条"
    assert c["same_number_ref"] == "行政复议法@2024-01-01/9"
    assert (c["left_version"], c["right_version"]) == ("2018-01-01", "2024-01-01")
    assert (c["left_label"], c["right_label"]) == ("第九条", "第二十条")
    assert ("del", "具体") in c["left"] and ("ins", "或者应当知道") in c["right"] and not c["identical"]
    newer = versions.comparisons(lib, _view(lib, "行政复议法@2024-01-01/20"))[0]
    assert newer["older"] and newer["left_label"] == "第九条" and newer["right_label"] == "第二十条"


def test_version_rows_and_labels(lib):
    view = _view(lib, "行政复议法/9", as_of="2020-01-01")
    rows = versions.version_rows(lib, view)
    assert [(r["version"], r["status"], r["current"]) for r in rows] == [
        ("2018-01-01", "in_force", True), ("2024-01-01", "not_yet", False)]
    assert rows[0]["last_day"] == "2023-12-31" and rows[0]["label"] == "2017-09-01 修正"
    assert versions.day_before("2024-01-01") == "2023-12-31" and versions.day_before(None) is None


# -------------------------------------------------------------------------------------------------- browse
def test_resolve_article_focus(lib):
    view, focus = browse.resolve_article(lib, Ref.parse("安全生产法/99/1/2"), None)
    assert view.article.number == 99 and focus == {"paragraph": 1, "item": 2, "subitem": None}
    assert str(browse.focus_ref(view, focus)) == "安全生产法@2021-09-01/99/1/2"
    assert browse.resolve_article(lib, Ref.parse("安全生产法/99"), None)[1] is None


@pytest.mark.parametrize("ref, code, words", [
    ("安全生产法/99/2", "no_such_paragraph", "只有 1 款，没有第二款"),
    ("安全生产法/99/1/9", "no_such_item", "只有 8 项，没有第（九）项"),
    ("安全生产法/99/1/1/1", "no_such_subitem", "没有第一目"),
    ("安全生产法/999", "no_such_article", "没有"),
    ("没有这部法/1", "unknown_law", "没有"),
])
def test_resolve_article_names_what_is_missing(lib, ref, code, words):
    with pytest.raises(LawError) as err:
        browse.resolve_article(lib, Ref.parse(ref), None)
    assert err.value.code == code and words in err.value.message


def test_resolve_article_refuses_impossible_numbers(lib):
    with pytest.raises(LawError) as err:
        browse.resolve_article(lib, Ref("安全生产法", None, 100000), None)
    assert err.value.code == "no_such_article"
    with pytest.raises(LawError) as err:
        browse.resolve_article(lib, Ref("安全生产法", None, None), None)
    assert err.value.code == "bad_ref"


def test_law_version_and_data(lib):
    law, v, date = browse.law_version(lib, "行政复议法", "2020-01-01", None)
    assert law.key == "行政复议法" and v.effective_from == "2018-01-01" and date == "2020-01-01"
    assert browse.law_version(lib, "行政复议法", None, "2024-01-01")[1].effective_from == "2024-01-01"
    data = browse.law_data(lib, law, v, date)
    assert data["status"] == "in_force" and data["version"]["status"] == "in_force"
    assert "current" not in data["version"] and [x["current"] for x in data["versions"]] == [True, False]
    assert len([e for e in data["toc"] if e["type"] == "article"]) == 43
    for key, as_of, version, code in [("没有这部法", None, None, "unknown_law"),
                                      ("安全生产法", None, "2000-01-01", "no_such_version"),
                                      ("安全生产法", "2020-13-01", None, "bad_date"),
                                      ("法" * 201, None, None, "unknown_law")]:
        with pytest.raises(LawError) as err:
            browse.law_version(lib, key, as_of, version)
        assert err.value.code == code


def test_law_toc_puts_headings_before_the_articles_they_open(lib):
    law, v, _date = browse.law_version(lib, "行政复议法", None, None)
    toc = browse.law_toc(law, v, lib.store.headings(v), lib.store.articles(v))
    assert toc[0] == {"type": "heading", "id": "h0", "level": "章", "label": "第一章", "title": "总 则", "depth": 0}
    assert toc[1]["type"] == "article" and toc[1]["ref"] == "行政复议法@2024-01-01/1"
    assert all(len(e["preview"]) <= 41 for e in toc if e["type"] == "article")


def test_suggest_laws_and_facets(lib):
    got = browse.suggest_laws(lib, "安法")
    assert got[0]["key"] == "安全生产法" and got[0]["matched"] == "安法"
    assert [x["title"] for x in browse.suggest_laws(lib, "《行政复议", limit=1)] == ["中华人民共和国行政复议法"]
    assert browse.suggest_laws(lib, "煤矿安全监察")[0]["repealed"] is True
    assert browse.suggest_laws(lib, "  ") == []
    levels, regions = browse.facets(lib)
    assert levels[0] == "法律" and "浙江" in regions
