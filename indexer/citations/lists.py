"""The words around a citation that say what it is about: its sentence and the one before, without citations
and quotes, plus the item of a numbered fact list its own list item or 第X项违法行为 points to."""

from __future__ import annotations

import bisect
import re

from .resolve import Resolved

_MARKER_RE = re.compile(r"^[ \t\u3000]*(?:([一二三四五六七八九十]{1,3})、|（([一二三四五六七八九十]{1,3})）|"
                        r"(\d{1,2})[．.、](?!\d)|[（(](\d{1,2})[)）])", re.M)
_REF_ITEM_RE = re.compile(r"第([一二三四五六七八九十\d]{1,3})项(?:违法行为|问题|事实|隐患|情形)")


_SENT_RE = re.compile("[" + re.escape(_SENT_END_CHARS := "。；;！？!?\n") + "]")


def _sentence_bounds(text: str) -> list[int]:
    return [m.start() for m in _SENT_RE.finditer(text)]


class ListIndex:
    """Numbered lines of a document (一、 / 1． / （一）): a citation in list item k, or one that says 对第k项
    违法行为, relates to the lines numbered k in the other lists (the facts)."""

    def __init__(self, text: str):
        from indexer.numerals import parse_number
        self.text = text
        self.bounds = _sentence_bounds(text)     # sentence ends, for contexts
        self.lines: list[tuple[int, int, int, int]] = []    # (start, end, number, style)
        for m in _MARKER_RE.finditer(text):
            style = next(i for i in range(4) if m.group(i + 1))
            try:
                n = parse_number(m.group(style + 1))
            except ValueError:
                continue
            end = text.find("\n", m.start())
            self.lines.append((m.start(), end if end >= 0 else len(text), n, style))
        self._by_number: dict[int, list[tuple[int, int, int]]] | None = None
        self._number_starts: dict[int, list[int]] = {}
        self._starts: list[int] = []

    def related(self, pos: int) -> list[tuple[int, int]]:
        from indexer.numerals import parse_number
        if not self.lines:
            return []
        if self._by_number is None:
            self._by_number = {}
            for s, e, n, st in self.lines:
                self._by_number.setdefault(n, []).append((s, e, st))
            self._number_starts = {n: [x[0] for x in v] for n, v in self._by_number.items()}
            self._starts = [s for s, _e, _n, _st in self.lines]
        line_start = self.text.rfind("\n", 0, pos) + 1
        wanted: set[tuple[int, int]] = set()      # (number, style to exclude)
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0:
            s, e, n, style = self.lines[i]
            if s <= pos < e or s == line_start:
                wanted.add((n, style))
        line_end = self.text.find("\n", pos)
        line_end = len(self.text) if line_end < 0 else line_end
        if self.text.find("项", line_start, line_end) >= 0:
            for m in _REF_ITEM_RE.finditer(self.text, line_start, line_end):
                try:
                    wanted.add((parse_number(m.group(1)), -1))
                except ValueError:
                    pass
        out = []
        for n, style in sorted(wanted):
            lines = self._by_number.get(n, [])
            starts = self._number_starts[n]
            # only the lists of the same document part: lines within a few thousand characters
            for s, e, st2 in lines[bisect.bisect_left(starts, pos - 3000):bisect.bisect_right(starts, pos + 3000)]:
                if st2 != style and not s <= pos < e:
                    out.append((s, e))
        return out[:4]



def context(text: str, r: Resolved, spans: list[tuple[int, int]], lists: ListIndex | None = None,
            starts: list[int] | None = None) -> str:
    """`spans` must be sorted by start (citations and quotes of the document); `starts` their starts."""
    s = r.ex.start
    e = r.ex.end
    bounds = lists.bounds if lists is not None else _sentence_bounds(text)
    k = bisect.bisect_left(bounds, s)            # bounds[k-1] < s
    lo = bounds[k - 2] + 1 if k >= 2 else 0       # start of the previous sentence
    lo = max(lo, s - 400)
    k2 = bisect.bisect_left(bounds, e)
    hi = bounds[k2] if k2 < len(bounds) else len(text)
    hi = min(hi, e + 400)
    pieces = [(lo, hi)]
    if lists is not None:
        pieces += lists.related(s)
    if starts is None:
        starts = [a for a, _ in spans]
    out = []
    for a0, b0 in pieces:
        parts, pos = [], a0
        k = max(0, bisect.bisect_left(starts, a0) - 1)
        while k < len(spans) and spans[k][0] < b0:
            a, b = spans[k]
            if b > pos and a < b0:
                parts.append(text[pos:max(pos, a)])
                parts.append(" ")
                pos = max(pos, min(b, b0))
            k += 1
        parts.append(text[pos:b0])
        out.append("".join(parts))
    return "\n".join(out)

