"""Chinese numerals as statutes write them, both ways.

Statutes number articles 第一条 … 第一千二百六十条 and items （一）… ; officers type Arabic or full-width
digits. Only the forms that occur in legal numbering are supported (no 万 for article numbers beyond 9999,
no 两 except in amounts)."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_DIGITS = "零一二三四五六七八九"

# Characters that can appear in a Chinese numeral (used by regexes elsewhere).
CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万"
FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int:
    """'一百零三' -> 103, '十二' -> 12, '二〇二一' (digit-by-digit) -> 2021. Raises ValueError."""
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    if text.translate(FULLWIDTH).isdigit():
        return int(text.translate(FULLWIDTH))
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in UNITS for ch in text):
        # digit-by-digit form used in years: 二〇二一
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            # 零 only marks a skipped place (一百零三, 四万零一十): it never multiplies a unit
            digit = DIGITS[ch] or None
        else:
            unit = UNITS[ch]
            if unit == 10000:
                section = (section + (digit or 0)) * unit
                total += section
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


def int_to_cn(n: int) -> str:
    """103 -> '一百零三', 10 -> '十', 110 -> '一百一十', 40010 -> '四万零一十' (statute style)."""
    return _int_to_cn(n, leading=True)


def _int_to_cn(n: int, leading: bool) -> str:
    if n < 0:
        raise ValueError("negative numeral")
    if n == 0:
        return "零"
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = _int_to_cn(low, leading=False) if low else ""
        if low and low < 1000:
            rest = "零" + rest
        return _int_to_cn(high, leading=True) + "万" + rest
    out = []
    units = [(1000, "千"), (100, "百"), (10, "十")]
    pending_zero = False
    remaining = n
    for value, name in units:
        d, remaining = divmod(remaining, value)
        if d:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_CN_DIGITS[d] + name)
        elif out:
            pending_zero = True
    if remaining:
        if pending_zero:
            out.append("零")
        out.append(_CN_DIGITS[remaining])
    text = "".join(out)
    if leading and text.startswith("一十"):  # 十二, not 一十二 (but 一万零一十)
        text = text[1:]
    return text


def parse_number(text: str) -> int:
    """Arabic, full-width or Chinese numeral -> int."""
    t = text.strip().translate(FULLWIDTH)
    if t.isdigit():
        return int(t)
    return cn_to_int(t)


_SUFFIX_RE = re.compile(r"^之([一二三四五六七八九十]+)$")


def suffix_to_int(suffix: str | None) -> int:
    """'之一' -> 1, None -> 0 (used to order 第十条 < 第十条之一 < 第十一条)."""
    if not suffix:
        return 0
    m = _SUFFIX_RE.match(suffix)
    if not m:
        raise ValueError(f"bad article suffix: {suffix!r}")
    return cn_to_int(m.group(1))


def int_to_suffix(n: int) -> str | None:
    return None if n == 0 else "之" + int_to_cn(n)


def article_label(number: int, suffix: str | None = None) -> str:
    """(134, '之一') -> '第一百三十四条之一'."""
    return f"第{int_to_cn(number)}条{suffix or ''}"


def item_label(n: int) -> str:
    """3 -> '（三）'."""
    return f"（{int_to_cn(n)}）"


_ARTICLE_RE = re.compile(rf"^第([{CN_NUM_CHARS}0-9０-９]+)条(之[一二三四五六七八九十]+)?$")


def parse_article_label(text: str) -> tuple[int, str | None]:
    """'第一百三十四条之一' or '134之一' or '第134条' -> (134, '之一')."""
    t = text.strip()
    m = _ARTICLE_RE.match(t)
    if m:
        return parse_number(m.group(1)), m.group(2)
    m = re.match(r"^([0-9０-９]+|[" + CN_NUM_CHARS + r"]+)(之[一二三四五六七八九十]+)?$", t)
    if m:
        return parse_number(m.group(1)), m.group(2)
    raise ValueError(f"not an article number: {text!r}")
