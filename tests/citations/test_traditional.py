"""Traditional-character documents (issue 18.5): read in Simplified characters before extraction, offsets kept,
and no Simplified text of the library is ever taken for Traditional."""

from opencc import OpenCC

from indexer.script import to_simplified

S2T = OpenCC("s2t")


def test_traditional_decision_yields_its_citations(checker, lib):
    # the article text comes from the library; only its script is changed here
    quote = lib.article("安全生产法", 99, as_of="2025-06-30").article.text().split("：")[0]
    simplified = f"经查，你单位违反了《中华人民共和国安全生产法》第九十九条第一款的规定，依据“{quote}”。"
    traditional = S2T.convert(simplified)
    assert traditional != simplified and len(traditional) == len(simplified)
    result = checker.check(traditional, "2025-06-30")
    assert result.traditional is True
    assert result.to_dict()["traditional"] is True
    [c] = [c for c in result.to_dict()["citations"] if c["refs"]]
    assert c["refs"][0]["law"] == "安全生产法" and c["refs"][0]["article"] == 99
    # offsets point into the document as written
    assert traditional[c["start"]:c["end"]].startswith("《中華人民共和國安全生產法》第九十九條")


def test_simplified_text_is_left_alone(checker):
    text = "依据《中华人民共和国安全生产法》第九十九条第（五）项的规定"
    result = checker.check(text, "2025-06-30")
    assert result.traditional is False and result.text == text


def test_no_statute_in_the_library_is_taken_for_traditional(lib):
    store = lib.store
    for law in store.laws.values():
        for v in store.versions(law.key):
            body = "".join(a.text() for a in store.articles(v))
            converted, changed = to_simplified(body)
            assert not changed, law.title
            assert len(converted) == len(body)

