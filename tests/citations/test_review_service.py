"""webapp.services.citation_review, called directly (no Flask): the pasted text made checkable, and what the
引用审核 page and API show around the checker's result. The text is test_web.py's: a 第四十二条 quote that does not
match, and 第九十六条第（四）项 that does not exist (the checker suggests 第九十九条第（五）项)."""

from __future__ import annotations

import pytest

from indexer.citations.documents import from_text
from indexer.refs import Ref
from webapp.services import citation_review as review
from webapp.services.citation_review import MAX_TEXT, ReviewError

TEXT = ("经查，你单位未为从业人员提供劳动防护用品。违反了《中华人民共和国安全生产法》第四十二条“符合国家标准或者行业标准的劳动防护用品”"
        "的规定，依据《中华人民共和国安全生产法》第九十六条第（四）项的规定，决定处罚款。\n<b>注</b>\n二〇二二年十月十一日")


def test_clean_text():
    assert review.clean_text("a\r\nb\rc\x00\x1fd\te") == "a\nb\ncd\te"
    assert review.clean_text("x" * MAX_TEXT) == "x" * MAX_TEXT
    with pytest.raises(ReviewError) as err:
        review.clean_text("x" * (MAX_TEXT + 1))
    assert (err.value.code, err.value.status) == ("too_long", 413)


def test_present_shows_each_citations_articles_and_counts(checker, lib):
    result = checker.check(TEXT, "2022-10-11")
    document = from_text(TEXT)
    linked = []
    view = review.present(result, document, lib, link=lambda ref: linked.append(str(ref)) or f"/a/{ref}")
    assert [row["status"] for row in view["rows"]] == ["quote_mismatch", "no_such_item"]
    assert view["counts"] == {"quote_mismatch": 1, "no_such_article": 1} and view["problems"] == 2
    assert 'class="cite st-quote_mismatch"' in view["html"] and "&lt;b&gt;注&lt;/b&gt;" in view["html"]
    quoted, missing = view["details"]
    assert quoted["role"] == "违反条款" and quoted["diff"] == (result.citations[0].diff or [])
    block = quoted["articles"][0]                              # then the suggestions' articles, if any
    assert block["label"] == "所引条文" and block["citation"] == "《中华人民共和国安全生产法》第四十二条"
    assert block["link"] == f"/a/{Ref.parse(linked[0])}"
    suggested = [a for a in missing["articles"] if a["label"] == "建议核对的条文"]
    assert suggested and suggested[0]["citation"] == "《中华人民共和国安全生产法》第九十九条"
    focused = [e["text"] for p in suggested[0]["paragraphs"] for e in p["entries"] if e["focus"]]
    assert len(focused) == 1                                   # （五） of 第九十九条 is marked
    # without a link function the blocks carry no link
    assert all(a["link"] is None for d in review.present(result, document, lib)["details"] for a in d["articles"])


def test_article_block_marks_the_cited_parts(lib):
    view = lib.article("安全生产法", 99)                          # one 款, items （一）–（八）
    one = review.article_block("安全生产法", view.ref, view.article, [(1, 2)], "所引条文")
    (para,) = one["paragraphs"]
    assert para["label"] == "" and not para["focus"] and [e["focus"] for e in para["entries"]].count(True) == 1
    assert para["entries"][1]["focus"]
    whole = review.article_block("安全生产法", view.ref, view.article, [(1, None)], "所引条文")
    assert whole["paragraphs"][0]["focus"] and not any(e["focus"] for e in whole["paragraphs"][0]["entries"])
    assert review.suggested_article(lib, Ref.parse("没有这部法/1"), "2025-01-01") is None
    assert review.suggested_article(lib, Ref.parse("安全生产法/9999"), "2025-01-01") is None


def test_check_json_locates_each_citation(checker):
    result = checker.check(TEXT, "2022-10-11")
    data = review.check_json(result, from_text(TEXT), "x" * 200)
    assert data["citations"][0]["location"] == {"where": "第1行", "kind": "line"}
    assert data["document"] == {"name": "x" * review.MAX_NAME, "kind": "text", "chars": len(TEXT), "blocks": []}
