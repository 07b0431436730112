"""Tokenize and extract: pure functions of the text, tested against gold pairs (no library needed)."""

import pytest

from indexer.citations.extract import StatuteContext, extract
from indexer.citations.names import NameMatcher, looks_like_law
from indexer.citations.tokens import classify_gap, quote_after, tokenize

NAMES = NameMatcher(
    {"安全生产法": "安全生产法", "中华人民共和国安全生产法": "安全生产法", "行政处罚法": "行政处罚法",
     "中华人民共和国行政处罚法": "行政处罚法", "安法": "安全生产法", "新安法": "安全生产法",
     "浙江省安全生产条例": "浙江省安全生产条例", "危险化学品安全管理条例": "危险化学品安全管理条例",
     "刑法": "刑法", "两高解释（二）": "两高二"},
    ambiguous={"消法": ["消费者权益保护法", "消防法"]},
    short={"安法", "消法"},
    unindexed={"网络安全法": "网络安全法"},
)


def cites(text, **kw):
    return [(c.text, [e.written() for e in c.elements]) for c in extract(text, NAMES, **kw)]


# ---------------------------------------------------------------------------------------- tokens

@pytest.mark.parametrize("text,kind,numbers,suffix", [
    ("第九十九条", "ART", [99], None),
    ("第99条", "ART", [99], None),
    ("第９９条", "ART", [99], None),
    ("第 二十五 条", "ART", [25], None),
    ("第九十\n九条", "ART", [99], None),
    ("第一百三十四条之一", "ART", [134], "之一"),
    ("第134条之一", "ART", [134], "之一"),
    ("第三十三、三十四条", "ART", [33, 34], None),
    ("第一、二款", "PARA", [1, 2], None),
    ("第（三）项", "ITEM", [3], None),
    ("第(3)项", "ITEM", [3], None),
    ("（三）项", "ITEM", [3], None),
    ("第三项", "ITEM", [3], None),
    ("第3项", "ITEM", [3], None),
    ("第（一）、（三）项", "ITEM", [1, 3], None),
    ("第（一）（三）（四）项", "ITEM", [1, 3, 4], None),
    ("第（一）至（四）项", "ITEM", [1, 4], None),
    ("第二目", "SUBITEM", [2], None),
])
def test_component_tokens(text, kind, numbers, suffix):
    toks = tokenize(text)
    assert len(toks) == 1, toks
    assert (toks[0].kind, toks[0].numbers, toks[0].suffix) == (kind, numbers, suffix)
    assert toks[0].start == 0 and toks[0].end == len(text)


def test_range_flags_and_anaphora_tokens():
    t = tokenize("第（一）至（四）项")[0]
    assert t.ranges == [False, True]
    kinds = [t.kind for t in tokenize("本条例 本法 该法 同法 本条 前条 前款 前两款 上述规定 同一条例")]
    assert kinds == ["LAWANA", "LAWANA", "LAWANA", "LAWANA", "ARTANA", "ARTANA", "PARAANA", "PARAANA",
                     "REFANA", "LAWANA"]


@pytest.mark.parametrize("text", ["该法定代表人", "修正前条文序号", "第三次", "第1号", "本局", "上述行为", "同时"])
def test_not_tokens(text):
    assert [t for t in tokenize(text) if t.kind not in ("LAWQ",)] == []


def test_gap_classes():
    assert classify_gap("") == "" and classify_gap(" \n") == ""
    assert classify_gap("、") == "sep" and classify_gap(" 和 ") == "sep"
    assert classify_gap("至") == "range"
    assert classify_gap("的规定，") is None


def test_quote_after():
    text = "第四十二条“符合国家标准”的规定"
    assert text[slice(*quote_after(text, 5))] == "符合国家标准"
    text = "第五条规定：“必须如此”。"
    assert text[slice(*quote_after(text, 3))] == "必须如此"
    assert quote_after("第五条，并且“不相干”", 3) is None


# ---------------------------------------------------------------------------------------- extraction (gold pairs)

GOLD = [
    ("违反了《中华人民共和国安全生产法》第二十八条第一款、第四款的规定",
     [("《中华人民共和国安全生产法》第二十八条第一款、第四款", ["28/1", "28/4"])]),
    ("依据《安全生产法》第九十七条第（三）项、第（四）项",
     [("《安全生产法》第九十七条第（三）项、第（四）项", ["97/(3)", "97/(4)"])]),
    ("《行政强制法》第九条第（二）项、第（三）项、第二十四条",
     [("《行政强制法》第九条第（二）项、第（三）项、第二十四条", ["9/(2)", "9/(3)", "24"])]),
    ("《安全生产法》第三十五条、第三十六条第一、二款",
     [("《安全生产法》第三十五条、第三十六条第一、二款", ["35", "36/1", "36/2"])]),
    ("《行政处罚法》第六十七条至第六十九条", [("《行政处罚法》第六十七条至第六十九条", ["67~69"])]),
    ("《行政处罚法》第五十七条第一款第（一）至（四）项", [("《行政处罚法》第五十七条第一款第（一）至（四）项", ["57/1/1~57/1/4"])]),
    ("依据安全生产法第六十五条第一款第三项的规定", [("安全生产法第六十五条第一款第三项", ["65/1/3"])]),
    ("违反《安全生产法》 第四十三条 的规定", [("《安全生产法》 第四十三条", ["43"])]),
    ("违反《危险化学品安全管\n理条例》第二十一条", [("《危险化学品安全管\n理条例》第二十一条", ["21"])]),
    ("《危险化学品安全管理条例》第 二十五 条第一款", [("《危险化学品安全管理条例》第 二十五 条第一款", ["25/1"])]),
    ("《刑法》第134条之一", [("《刑法》第134条之一", ["134之一"])]),
    ("《安全生产法》第九十七条第（一）（三）（四）项", [("《安全生产法》第九十七条第（一）（三）（四）项", ["97/(1)", "97/(3)", "97/(4)"])]),
    ("我听说新安法第一百零一条规定", [("新安法第一百零一条", ["101"])]),
    ("《中华人民共和国安全生产法》（2021年修正）第九十七条第（一）项",
     [("《中华人民共和国安全生产法》（2021年修正）第九十七条第（一）项", ["97/(1)"])]),
    ("《生产安全事故报告和调查处理条例》（国务院令第493号）第三条第一款",
     [("《生产安全事故报告和调查处理条例》（国务院令第493号）第三条第一款", ["3/1"])]),
]


@pytest.mark.parametrize("text,expected", GOLD)
def test_extract_gold(text, expected):
    assert cites(text) == expected


def test_items_without_paragraph_are_items():
    c = extract("依据《安全生产法》第九十七条第（三）项", NAMES)[0]
    e = c.elements[0]
    assert (e.article, e.paragraph, e.item) == (97, None, 3)


def test_range_element():
    c = extract("《行政处罚法》第六十七条至第六十九条", NAMES)[0]
    assert c.elements[0].article == 67 and c.elements[0].to.article == 69


def test_law_anaphora_and_context():
    text = ("违反了《中华人民共和国安全生产法》第三十条第一款的规定，依据该法第九十七条第（七）项之规定。"
            "根据《行政处罚法》第四十五条第一款，本局不因陈述而加重（同条第二款）。")
    got = extract(text, NAMES)
    assert [c.text for c in got] == ["《中华人民共和国安全生产法》第三十条第一款", "该法第九十七条第（七）项",
                                     "《行政处罚法》第四十五条第一款", "同条第二款"]
    assert got[1].law.key == "安全生产法" and got[1].law.kind == "anaphor"
    assert got[3].law.key == "行政处罚法" and (got[3].elements[0].article, got[3].elements[0].paragraph) == (45, 2)


def test_bare_article_takes_the_law_named_last():
    got = extract("违反了《危险化学品安全管理条例》第二十四条第二款的规定，依据第八十条第一款第（五）项的规定", NAMES)
    assert got[1].text == "第八十条第一款第（五）项" and got[1].law.key == "危险化学品安全管理条例"
    assert got[1].law.kind == "context"


def test_bare_article_without_any_law_is_kept_with_a_problem():
    got = extract("依据第八十条的规定处理", NAMES)
    assert len(got) == 1 and got[0].law.kind == "none" and got[0].problem


def test_document_anaphora_frame():
    text = "《安全生产法》第二十四条第一款列举了单位；第二款针对前款规定以外的单位。第三十六条共四款，本条第四款针对餐饮。"
    got = extract(text, NAMES)
    assert [(c.text, [e.written() for e in c.elements]) for c in got] == [
        ("《安全生产法》第二十四条第一款", ["24/1"]), ("第二款", ["24/2"]), ("前款", ["24/1"]),
        ("第三十六条", ["36"]), ("本条第四款", ["36/4"])]


def test_prev_article_and_paragraph_anaphora():
    got = extract("《行政强制法》第三十五条规定催告书内容；第三十六条规定陈述和申辩，前条所列权利不得省略。", NAMES)
    assert got[-1].text == "前条" and got[-1].elements[0].article_rel == "before"
    got = extract("拟依据《安全生产法》第一百一十四条第二款，按前款第（二）项罚款数额的三倍处罚；适用该款须审慎，"
                  "应在前款第（二）项规定的幅度内处罚。", NAMES)
    assert [(c.text, [e.written() for e in c.elements]) for c in got] == [
        ("《安全生产法》第一百一十四条第二款", ["114/2"]), ("前款第（二）项", ["114/1/2"]), ("该款", ["114/2"]),
        ("前款第（二）项", ["114/1/2"])]


def test_document_lists_are_not_citations():
    text = ("违反《安全生产法》第四十一条第二款。\n现责令你单位对上述第1项至第3项问题整改，"
            "称第二、四项问题已整改，对第一项违法行为处罚款。")
    assert [c.text for c in extract(text, NAMES)] == ["《安全生产法》第四十一条第二款"]


def test_item_only_continuation_in_documents():
    got = extract("拟处罚依据《安全生产法》第九十九条第（二）项不当，应当适用第（三）项。", NAMES)
    assert got[1].text == "第（三）项" and (got[1].elements[0].article, got[1].elements[0].item) == (99, 3)


def test_reference_anaphor_repeats_previous_citation():
    got = extract("根据《行政处罚法》第六十三条第一款第（一）项、第六十四条第（一）项的规定，你单位有权听证。"
                  "依照上述规定，你单位如要求听证，应当在五日内提出。", NAMES)
    assert got[-1].text == "上述规定" and got[-1].refers_to == 0


def test_statute_context():
    p1 = "生产经营单位应当如何。"
    p2 = "有前款规定情形的，依照本法第九十九条的规定处罚。"
    p3 = "有前两款行为的，依照本条第一款处罚；前条另有规定的除外。"
    text = "\n".join([p1, p2, p3])
    ctx = StatuteContext("安全生产法", 50, None, "2021-09-01", (0, len(p1) + 1, len(p1) + len(p2) + 2))
    got = cites(text, context=ctx)
    assert got == [("前款", ["50/1"]), ("本法第九十九条", ["99"]), ("前两款", ["50/1", "50/2"]),
                   ("本条第一款", ["50/1"]), ("前条", ["<50"])]
    assert all(c.law.key == "安全生产法" for c in extract(text, NAMES, context=ctx))


def test_citation_inside_a_quotation():
    text = "依据《中华人民共和国安全生产法》第九十四条第二款“生产经营单位的主要负责人有前款违法行为”的规定"
    got = extract(text, NAMES)
    assert got[0].quote is not None
    assert got[1].text == "前款" and got[1].host == 0
    assert (got[1].elements[0].article, got[1].elements[0].paragraph) == (94, 1)
    assert got[1].law.key == "安全生产法"


def test_version_hints():
    got = extract("某公司被依据修正前《安全生产法》第九十四条第（三）项处罚；原第九十条至第九十二条调整后序号后移。", NAMES)
    assert got[0].text == "修正前《安全生产法》第九十四条第（三）项" and got[0].version_hint == "old"
    assert got[1].text == "原第九十条至第九十二条" and got[1].version_hint == "old"
    got = extract("《中华人民共和国安全生产法》（2014年修正）第九十四条第（一）项", NAMES)
    assert got[0].version_hint == "2014"


def test_local_short_name():
    got = extract("《浙江省安全生产条例》（以下简称《条例》）于2022年修订。《条例》第十四条细化了配备标准。", NAMES)
    assert got[0].text == "《条例》第十四条" and got[0].law.key == "浙江省安全生产条例"


def test_names_without_brackets_need_word_boundaries():
    assert [c.law.name for c in extract("违反网络安全法第二十一条", NAMES)] == ["网络安全法"]
    assert extract("违反网络安全法第二十一条", NAMES)[0].law.key is None      # known title, not indexed
    got = extract("是否知道违反消法第六十条？", NAMES)
    assert got[0].law.candidates == ("消费者权益保护法", "消防法")


def test_roles():
    got = extract("上述行为违反了《安全生产法》第二十八条第一款和《浙江省安全生产条例》第十九条的规定，"
                  "依据《安全生产法》第九十七条第（三）项的规定", NAMES)
    assert [c.role for c in got] == ["violation", "violation", "basis"]


def test_lawlike_titles():
    assert looks_like_law("安全生产违法行为行政处罚办法")
    assert not looks_like_law("行政处罚决定书") and not looks_like_law("询问笔录")
