import pytest
from hypothesis import given, strategies as st

from indexer.numerals import article_label, cn_to_int, int_to_cn, parse_article_label, parse_number
from indexer.refs import Ref, RefError, law_key


@pytest.mark.parametrize("cn,n", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零三", 103),
                                  ("一百一十", 110), ("一百三十四", 134), ("一千二百六十", 1260),
                                  ("四百五十二", 452), ("二〇二一", 2021), ("一万零一", 10001),
                                  ("四万零一十", 40010), ("一万零一十", 10010), ("十万", 100000)])
def test_chinese_numerals_both_ways(cn, n):
    assert cn_to_int(cn) == n
    if "〇" not in cn:
        assert int_to_cn(n) == cn


@given(st.one_of(st.integers(min_value=1, max_value=99999),
                 st.integers(1, 9).flatmap(lambda h: st.integers(0, 99).map(lambda lo: h * 10000 + lo))))
def test_int_to_cn_round_trips(n):
    assert cn_to_int(int_to_cn(n)) == n


def test_parse_number_accepts_arabic_fullwidth_and_chinese():
    assert parse_number("１０１") == 101
    assert parse_number("101") == 101
    assert parse_number("一百零一") == 101


@pytest.mark.parametrize("label,expected", [("第一百三十四条之一", (134, "之一")), ("134之一", (134, "之一")),
                                            ("第134条", (134, None)), ("101", (101, None)),
                                            ("第一百零一条", (101, None))])
def test_article_labels(label, expected):
    assert parse_article_label(label) == expected


def test_article_label_prints_suffix():
    assert article_label(134, "之一") == "第一百三十四条之一"


def test_bad_article_label():
    with pytest.raises(ValueError):
        parse_article_label("第X条")


def test_canonical_reference_round_trip():
    for s in ["安全生产法@2021-09-01/99/1/2", "刑法@2021-03-01/134之一", "行政处罚法/51", "安全生产法",
              "民法典@2021-01-01/1165/2", "安全生产法@2021-09-01/99/1/2/3"]:
        assert str(Ref.parse(s)) == s


def test_reference_strips_national_prefix():
    assert Ref.parse("中华人民共和国安全生产法/99").law == "安全生产法"
    assert law_key("中华人民共和国安全生产法") == "安全生产法"


def test_human_form():
    ref = Ref.parse("安全生产法@2021-09-01/99/1/2")
    assert ref.human("中华人民共和国安全生产法") == "《中华人民共和国安全生产法》第九十九条第一款第（二）项"
    assert ref.human("中华人民共和国安全生产法", single_paragraph=True) == "《中华人民共和国安全生产法》第九十九条第（二）项"
    assert Ref.parse("刑法/134之一").human("中华人民共和国刑法") == "《中华人民共和国刑法》第一百三十四条之一"


@given(st.integers(1, 2000), st.sampled_from([None, "之一", "之二"]), st.one_of(st.none(), st.integers(1, 9)),
       st.one_of(st.none(), st.integers(1, 20)))
def test_reference_round_trip_property(article, suffix, paragraph, item):
    if paragraph is None:
        item = None
    ref = Ref("安全生产法", "2021-09-01", article, suffix, paragraph, item)
    assert Ref.parse(str(ref)) == ref


@pytest.mark.parametrize("bad", ["", "安全生产法/abc", "安全生产法@2021/9", "/99"])
def test_bad_reference(bad):
    with pytest.raises(RefError):
        Ref.parse(bad)
