"""Amounts and dates the way enforcement documents write them.

- `amount_capitals(12000)` -> '壹万贰仟元整' (大写金额, the rules of the 《支付结算办法》 appendix as banks apply them:
  one 零 for any run of zeros inside the number, 整 after 元 or 角, never after 分), and `parse_capitals` back.
- `amount_figures(12000)` -> '12,000.00' (the 小写 form shown as ¥12,000.00 or 12,000.00元).
- `cn_date(date)` -> '2026年10月30日' (Arabic figures, as GB/T 9704-2012 writes 成文日期);
  `cn_date_upper(date)` -> '二〇二六年十月三十日' (the form many pre-printed forms still use);
  `cn_datetime` -> '2026年9月15日9时30分'.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CAP_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]
MAX_AMOUNT = Decimal("9999999999999999.99")   # 万亿 groups: up to 9999 万亿

_UPPER_DIGITS = "〇一二三四五六七八九"


class AmountError(ValueError):
    """An amount that cannot be written (negative, too large, not a number)."""


def to_amount(value) -> Decimal:
    """Any number-like value -> Decimal with two places (yuan.jiao fen)."""
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, bool):
        raise AmountError("金额不能是布尔值")
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            d = Decimal(value.replace(",", "").replace("，", "").strip().lstrip("¥￥").removesuffix("元"))
        except InvalidOperation:
            raise AmountError(f"不是金额：{value!r}") from None
    else:
        raise AmountError(f"不是金额：{value!r}")
    if not d.is_finite():
        raise AmountError(f"不是金额：{value!r}")
    d = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if d < 0:
        raise AmountError("金额不能为负数")
    if d > MAX_AMOUNT:
        raise AmountError("金额过大")
    return d


def _group_capitals(n: int) -> str:
    """0 < n < 10000 -> '壹仟零贰拾' (no leading/trailing 零 handling across groups)."""
    out = []
    digits = f"{n:04d}"
    zero = False
    started = False
    for i, ch in enumerate(digits):
        d = int(ch)
        unit = _SMALL_UNITS[3 - i]
        if d == 0:
            if started:
                zero = True
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(CAP_DIGITS[d] + unit)
        started = True
    return "".join(out)


def _integer_capitals(n: int) -> str:
    if n == 0:
        return ""
    groups = []
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    out: list[str] = []
    need_zero = False
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        need_zero = False
        out.append(_group_capitals(g) + _BIG_UNITS[idx])
    return "".join(out)


def amount_capitals(value) -> str:
    """12000 -> '壹万贰仟元整'; 10500.5 -> '壹万零伍佰元伍角整'; 0.05 -> '伍分'; 0 -> '零元整'."""
    d = to_amount(value)
    cents = int(d * 100)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    head = _integer_capitals(yuan)
    if yuan == 0 and rest == 0:
        return "零元整"
    out = head + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return out + "整"
    if jiao:
        out += CAP_DIGITS[jiao] + "角"
    elif yuan:
        out += "零"          # 壹佰元零伍分
    if fen:
        out += CAP_DIGITS[fen] + "分"
    else:
        out += "整"
    return out


_CAP_VALUE = {ch: i for i, ch in enumerate(CAP_DIGITS)}
_CAP_RE = re.compile(r"^(?:(?P<yuan>[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+)元)?(?:零)?(?:(?P<jiao>[壹贰叁肆伍陆柒捌玖])角)?"
                     r"(?:(?P<fen>[壹贰叁肆伍陆柒捌玖])分)?整?$")


def _parse_integer_capitals(text: str) -> int:
    total = 0      # completed 亿 sections
    section = 0    # completed 万 sections below 亿
    group = 0      # current group below 万
    digit = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _CAP_VALUE:
            digit = _CAP_VALUE[ch]
        elif ch in "拾佰仟":
            group += (digit or 0) * {"拾": 10, "佰": 100, "仟": 1000}[ch]
            digit = 0
        elif ch == "万":
            if text[i:i + 2] == "万亿":
                total = (total + section + group + digit) * 10**12
                section = group = digit = 0
                i += 2
                continue
            section += (group + digit) * 10000
            group = digit = 0
        elif ch == "亿":
            total = (total + section + group + digit) * 10**8
            section = group = digit = 0
        else:
            raise AmountError(f"不是大写金额：{text!r}")
        i += 1
    return total + section + group + digit


def parse_capitals(text: str) -> Decimal:
    """'壹万贰仟元整' -> Decimal('12000.00'). Inverse of `amount_capitals` (and tolerant of 整 after 分)."""
    t = text.strip().removeprefix("人民币")
    if t == "零元整":
        return Decimal("0.00")
    m = _CAP_RE.match(t)
    if not m or not t:
        raise AmountError(f"不是大写金额：{text!r}")
    yuan = _parse_integer_capitals(m.group("yuan")) if m.group("yuan") else 0
    jiao = _CAP_VALUE[m.group("jiao")] if m.group("jiao") else 0
    fen = _CAP_VALUE[m.group("fen")] if m.group("fen") else 0
    return (Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100).quantize(Decimal("0.01"))


def amount_figures(value) -> str:
    """12000 -> '12,000.00'."""
    return f"{to_amount(value):,.2f}"


def amount_short(value) -> str:
    """12000 -> '12000', 12.5 -> '12.50' (for running text like 罚款12000元)."""
    d = to_amount(value)
    return str(int(d)) if d == d.to_integral_value() else f"{d:.2f}"


def amount_text(value) -> str:
    """The usual pair in documents: '人民币壹万贰仟元整（¥12,000.00）'."""
    return f"人民币{amount_capitals(value)}（¥{amount_figures(value)}）"


# ------------------------------------------------------------------------------------------------ dates

def to_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def cn_date(value) -> str:
    """2026-10-30 -> '2026年10月30日' ('' for None)."""
    d = to_date(value)
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def _upper_number(n: int) -> str:
    """1..31 -> 一 … 三十一 (as written in dates)."""
    if n < 10:
        return _UPPER_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _UPPER_DIGITS[tens]) + "十" + (_UPPER_DIGITS[ones] if ones else "")


def cn_date_upper(value) -> str:
    """2026-10-30 -> '二〇二六年十月三十日'."""
    d = to_date(value)
    if d is None:
        return ""
    year = "".join(_UPPER_DIGITS[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{_upper_number(d.month)}月{_upper_number(d.day)}日"


def parse_cn_date(text: str) -> dt.date:
    """'2026年10月30日' or '二〇二六年十月三十日' -> date (inverse of both forms)."""
    m = re.fullmatch(r"\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*", text)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"\s*([〇一二三四五六七八九]{4})年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日\s*", text)
    if not m:
        raise ValueError(f"不是中文日期：{text!r}")

    def small(s: str) -> int:
        if "十" not in s:
            return _UPPER_DIGITS.index(s)
        tens, _, ones = s.partition("十")
        return (_UPPER_DIGITS.index(tens) if tens else 1) * 10 + (_UPPER_DIGITS.index(ones) if ones else 0)

    year = int("".join(str(_UPPER_DIGITS.index(c)) for c in m[1]))
    return dt.date(year, small(m[2]), small(m[3]))


def to_datetime(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return dt.datetime.fromisoformat(str(value))


def cn_datetime(value) -> str:
    """'2026-09-15T09:30' -> '2026年9月15日9时30分'."""
    t = to_datetime(value)
    if t is None:
        return ""
    return f"{t.year}年{t.month}月{t.day}日{t.hour}时{t.minute:02d}分"


def cn_time(value) -> str:
    """'2026-09-15T09:30' -> '9时30分'."""
    t = to_datetime(value)
    if t is None:
        return ""
    return f"{t.hour}时{t.minute:02d}分"


def days_between(a, b) -> int:
    """Calendar days from a to b (b - a)."""
    da, db = to_date(a), to_date(b)
    if da is None or db is None:
        raise ValueError(f"days_between needs two dates, got {a!r}, {b!r}")
    return (db - da).days
