"""Fine amounts: yuan ranges and ratios of a basis (违法所得, 上一年年收入 …) read from the text, and their
Chinese formatting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import CN_NUM_CHARS, cn_to_int, int_to_cn, parse_number

_NUM = rf"(?:[0-9０-９]+(?:\.[0-9]+)?万?|[{CN_NUM_CHARS}]+)"
_YUAN_RANGE = re.compile(rf"(?P<a>{_NUM})元?(?:以上|至|到|－|—|-|～)(?P<b>{_NUM})元(?:以下)?")
_YUAN_MAX = re.compile(rf"(?P<b>{_NUM})元以下")
_YUAN_MIN = re.compile(rf"(?P<a>{_NUM})元以上")
_YUAN_ONE = re.compile(rf"(?P<a>{_NUM})元")
RATIO_PATTERN = rf"(?:[{CN_NUM_CHARS}]+分之[{CN_NUM_CHARS}]+|[0-9]+(?:\.[0-9]+)?%|[{CN_NUM_CHARS}0-9]+倍|等值)"
_RATIO_RANGE = re.compile(rf"(?P<a>{RATIO_PATTERN})(?:以上|至|到)(?P<b>{RATIO_PATTERN})(?:以下)?")
_RATIO_MAX = re.compile(rf"(?P<b>{RATIO_PATTERN})以下")
_RATIO_ONE = re.compile(rf"(?P<a>{RATIO_PATTERN})")


def yuan(text: str) -> int:
    """'五万' -> 50000, '5000' -> 5000, '1.5万' -> 15000, '二十万' -> 200000."""
    t = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?万?", t):
        if t.endswith("万"):
            return int(round(float(t[:-1]) * 10000))
        return int(float(t))
    return cn_to_int(t)


def ratio(text: str) -> float:
    """'百分之四十' -> 0.4, '40%' -> 0.4, '二倍' -> 2.0, '等值' -> 1.0."""
    if text == "等值":
        return 1.0
    if text.endswith("%"):
        return round(float(text[:-1]) / 100, 6)
    if text.endswith("倍"):
        return float(parse_number(text[:-1]))
    m = re.fullmatch(rf"([{CN_NUM_CHARS}]+)分之([{CN_NUM_CHARS}]+)", text)
    if m:
        return round(cn_to_int(m.group(2)) / cn_to_int(m.group(1)), 6)
    raise ValueError(text)


@dataclass(frozen=True)
class Fine:
    """A fine as the statute sets it. unit 'yuan': min/max in yuan; unit 'ratio': min/max as fractions or
    multiples of `basis` (0.4 = 百分之四十 of 上一年年收入, 2.0 = 二倍 of 违法所得). None = no bound stated
    (处五万元以下的罚款 has no minimum); both None = 罚款 without an amount (处以罚款)."""
    unit: str
    min: float | None
    max: float | None
    basis: str | None = None
    text: str = ""

    @property
    def specified(self) -> bool:
        return self.min is not None or self.max is not None

    def contains(self, lo: float, hi: float, unit: str = "yuan", basis: str | None = None) -> bool:
        if unit != self.unit or not self.specified:
            return False
        if unit == "ratio" and basis and self.basis and basis not in self.basis and self.basis not in basis:
            return False
        low = self.min if self.min is not None else 0
        high = self.max if self.max is not None else float("inf")
        return low <= lo <= hi <= high

    def describe(self) -> str:
        if not self.specified:
            return "罚款（未规定数额）"
        if self.unit == "yuan":
            if self.min is not None and self.max is not None and self.min == self.max:
                return f"{format_yuan(self.min)}"
            if self.min is None:
                return f"{format_yuan(self.max)}以下"
            if self.max is None:
                return f"{format_yuan(self.min)}以上"
            return f"{format_yuan(self.min)}以上{format_yuan(self.max)}以下"
        b = self.basis or ""
        t = "倍" in self.text or "等值" in self.text
        if self.min is not None and self.max is not None and self.min == self.max:
            return f"{b}{format_ratio(self.min, t)}"
        if self.min is None:
            return f"{b}{format_ratio(self.max, t)}以下"
        if self.max is None:
            return f"{b}{format_ratio(self.min, t)}以上"
        return f"{b}{format_ratio(self.min, t)}以上{format_ratio(self.max, t)}以下"


def format_yuan(v: float | None) -> str:
    if v is None:
        return ""
    v = int(v)
    if v >= 10000 and v % 1000 == 0:
        w = v / 10000
        return f"{w:g}万元"
    return f"{v}元"


def format_ratio(v: float | None, times: bool | None = None) -> str:
    """0.4 -> 百分之四十, 2.0 -> 二倍; `times` forces 倍 (违法所得一倍) or per cent (百分之一百)."""
    if v is None:
        return ""
    if times is None:
        times = v > 1
    if times and float(v).is_integer():
        return f"{int_to_cn(int(v))}倍"
    pct = round(v * 100, 4)
    if float(pct).is_integer():
        return f"百分之{int_to_cn(int(pct))}"
    return f"{pct:g}%"


def parse_fine(text: str) -> Fine:
    """The fine of a phrase ending in 罚款: '处五万元以上二十万元以下的' -> Fine('yuan', 50000, 200000)."""
    t = text
    # the amount follows the last verb or alternative marker (处警告或者五百元以下罚款)
    for marker in ("或者", "处以", "并处", "单处", "处"):
        i = t.rfind(marker)
        if i >= 0 and (marker != "处" or not t[i:].startswith("处罚")):
            t = t[i + len(marker):]
            break
    t = t.rstrip("的")
    if "元" in t:
        m = _YUAN_RANGE.search(t)
        if m:
            return Fine("yuan", yuan(m.group("a")), yuan(m.group("b")), None, text)
        m = _YUAN_MAX.search(t)
        if m:
            return Fine("yuan", None, yuan(m.group("b")), None, text)
        m = _YUAN_MIN.search(t)
        if m:
            return Fine("yuan", yuan(m.group("a")), None, None, text)
        m = _YUAN_ONE.search(t)
        if m:
            v = yuan(m.group("a"))
            return Fine("yuan", v, v, None, text)
    for rx, lo, hi in ((_RATIO_RANGE, "a", "b"), (_RATIO_MAX, None, "b"), (_RATIO_ONE, "a", "a")):
        m = rx.search(t)
        if m:
            basis = t[:m.start()].strip("的以 ") or None
            return Fine("ratio", ratio(m.group(lo)) if lo else None, ratio(m.group(hi)), basis, text)
    return Fine("yuan", None, None, None, text)
