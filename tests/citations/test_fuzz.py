"""Fuzzing the extractor with hypothesis: random and mutated legal text never raises and every span lies
inside the text and equals the citation's text."""

from hypothesis import HealthCheck, given, settings, strategies as st

from indexer.citations.extract import StatuteContext, extract
from indexer.citations.tokens import tokenize

from .test_extract import NAMES

PIECES = ["《中华人民共和国安全生产法》", "《安全生产法", "安全生产法》", "第", "条", "款", "项", "目", "之一", "（", "）",
          "(", ")", "、", "和", "至", "第九十九条", "第99条", "第（三）项", "第一、二款", "本法", "该法", "同法",
          "本条", "前条", "前款", "前两款", "上述规定", "“", "”", "「", "」", "\n", " ", "　", "依据", "违反了",
          "的规定", "一", "十", "百", "零", "０", "9", "原", "修正前", "（2014年修正）", "（以下简称《条例》）",
          "《条例》", "安法", "消法", "网络安全法", "二〇二五年三月十二日", "……", "第一百三十四条之一"]

legalish = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
anything = st.text(max_size=300)


def _check_spans(text, cites):
    for c in cites:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.text
        if c.quote:
            assert 0 <= c.quote[0] <= c.quote[1] <= len(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legalish)
def test_legalish_text(text):
    _check_spans(text, extract(text, NAMES))
    for t in tokenize(text):
        assert 0 <= t.start < t.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(anything)
def test_arbitrary_text(text):
    _check_spans(text, extract(text, NAMES))


@settings(max_examples=200, deadline=None)
@given(legalish, st.integers(min_value=1, max_value=200))
def test_statute_context(text, article):
    ctx = StatuteContext("安全生产法", article, None, "2021-09-01", (0, len(text) // 2))
    _check_spans(text, extract(text, NAMES, context=ctx))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_gold_passages(data):
    """Gold passages with characters deleted, duplicated or replaced."""
    from .test_extract import GOLD
    text = data.draw(st.sampled_from([t for t, _ in GOLD]))
    chars = list(text)
    for _ in range(data.draw(st.integers(0, 6))):
        if not chars:
            break
        i = data.draw(st.integers(0, len(chars) - 1))
        op = data.draw(st.sampled_from(["del", "dup", "rep"]))
        if op == "del":
            del chars[i]
        elif op == "dup":
            chars.insert(i, chars[i])
        else:
            chars[i] = data.draw(st.sampled_from(PIECES))
    text = "".join(chars)
    _check_spans(text, extract(text, NAMES))
