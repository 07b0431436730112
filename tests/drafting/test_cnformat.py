"""Amounts in Chinese capitals and figures, dates in Chinese form, and the statute numerals (property tests)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.numerals import cn_to_int, int_to_cn
from webapp.services.drafting.cnformat import (AmountError, amount_capitals, amount_figures, amount_short, amount_text,
                                      cn_date, cn_date_upper, cn_datetime, parse_capitals, parse_cn_date)

EXAMPLES = [
    (0, "零元整"), (0.05, "伍分"), (1.05, "壹元零伍分"), (10, "壹拾元整"), (15, "壹拾伍元整"), (100.5, "壹佰元伍角整"),
    (200, "贰佰元整"), (3000, "叁仟元整"), (12000, "壹万贰仟元整"), (10500.5, "壹万零伍佰元伍角整"),
    (55000, "伍万伍仟元整"), (100000, "壹拾万元整"), (200000, "贰拾万元整"), (1010, "壹仟零壹拾元整"),
    (100000000, "壹亿元整"), (100010001, "壹亿零壹万零壹元整"), (1000000001, "壹拾亿零壹元整"),
    (123456789012.34, "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"),
]


@pytest.mark.parametrize("value,text", EXAMPLES)
def test_capitals_examples(value, text):
    assert amount_capitals(value) == text
    assert parse_capitals(text) == Decimal(str(value)).quantize(Decimal("0.01"))


def test_figures_and_text():
    assert amount_figures(12000) == "12,000.00"
    assert amount_short(12000) == "12000" and amount_short("12.5") == "12.50"
    assert amount_text(55000) == "人民币伍万伍仟元整（¥55,000.00）"
    assert amount_capitals("12,000.00元") == "壹万贰仟元整"


@pytest.mark.parametrize("bad", [-1, "abc", float("nan"), 10**17, True])
def test_bad_amounts(bad):
    with pytest.raises(AmountError):
        amount_capitals(bad)


amounts = st.integers(0, 99_999_999_999_999).map(lambda c: Decimal(c) / 100)


@settings(max_examples=1000, deadline=None)
@given(amounts)
def test_capitals_round_trip_and_form(value):
    text = amount_capitals(value)
    assert parse_capitals(text) == value
    cents = int(value * 100)
    assert set(text) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert "零零" not in text
    if cents == 0:
        assert text == "零元整"
        return
    assert not text.startswith("零")
    assert not re.search("零[元万亿角分整]", text)
    assert text.endswith("整") == (cents % 10 == 0)       # 整 after 元 or 角, never after 分
    if cents >= 100:
        assert "元" in text


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(1949, 10, 1), dt.date(2099, 12, 31)))
def test_dates_round_trip(d):
    assert parse_cn_date(cn_date(d)) == d
    assert parse_cn_date(cn_date_upper(d)) == d
    assert "〇" not in cn_date(d) and re.fullmatch(r"[〇一二三四五六七八九]{4}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日",
                                                  cn_date_upper(d))


def test_date_forms():
    assert cn_date("2026-10-30") == "2026年10月30日"
    assert cn_date_upper("2026-10-30") == "二〇二六年十月三十日"
    assert cn_date_upper("2020-01-10") == "二〇二〇年一月十日"
    assert cn_datetime("2026-09-15T09:05") == "2026年9月15日9时05分"
    assert cn_date("") == "" and cn_date(None) == ""


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 9999))
def test_statute_numerals_round_trip(n):
    """Article, paragraph and item numbers (indexer.numerals, used for every citation a document prints)."""
    text = int_to_cn(n)
    assert cn_to_int(text) == n
    assert not text.startswith("一十")


def test_statute_numerals_above_ten_thousand():
    assert int_to_cn(40010) == "四万零一十"
    assert cn_to_int(int_to_cn(40010)) == 40010
