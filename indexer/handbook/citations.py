"""Citations written in prose (procedures.md, reasons): 《行政处罚法》第六十八条第一款第（一）项、第（二）项.

A small reader for the handbook's own Markdown: a 《title》 followed by a chain of 第X条 / 第X款 / 第（X）项
parts joined by 、/和/及/或者; and a parenthesised chain that starts with 第X款 or 第（X）项, which continues the
article cited last (…（《行政处罚法》第六十四条）: … （第一款第（一）项）). Bare 第X条 without a title is not read
(the text may quote an outdated number on purpose)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import CN_NUM_CHARS, parse_number
from ..refs import Ref

_N = rf"[{CN_NUM_CHARS}0-9０-９]+"
_TITLE = re.compile(r"《([^》]{2,60})》")
_PART = re.compile(rf"(?:、|和|及|以及|或者|至)?(?:第(?P<art>{_N})条(?P<suf>之[一二三四五六七八九十]+)?)?"
                   rf"(?:第(?P<para>{_N})款)?(?P<items>(?:(?:、|和|或者)?第[（(]{_N}[）)]项|第{_N}项)*)")
_ITEM = re.compile(rf"第[（(]?({_N})[）)]?项")
_PAREN = re.compile(rf"[（(]((?:第{_N}款|第[（(]{_N}[）)]项)(?:[^（）()]|[（(]{_N}[）)])*?)[）)]")


@dataclass(frozen=True)
class Citation:
    law_name: str            # as written in 《》
    article: int
    suffix: str | None
    paragraph: int | None
    item: int | None
    text: str                # the cited words as written
    offset: int              # character offset in the text
    line: int                # 1-based line

    def ref(self, law_key: str) -> Ref:
        return Ref(law_key, None, self.article, self.suffix, self.paragraph, self.item)


def _chain(text: str, pos: int, law: str, art_ctx: tuple[int, str | None] | None, offset_base: int,
           line_of) -> tuple[list[Citation], int, tuple[int, str | None] | None]:
    out: list[Citation] = []
    cur_art = art_ctx
    cur_para: int | None = None
    i = pos
    while i < len(text):
        m = _PART.match(text, i)
        if not m or m.end() == i or not (m.group("art") or m.group("para") or m.group("items")):
            break
        if m.group("art"):
            cur_art = (parse_number(m.group("art")), m.group("suf"))
            cur_para = None
        if m.group("para"):
            cur_para = parse_number(m.group("para"))
        if cur_art is None:
            break
        items = [parse_number(x) for x in _ITEM.findall(m.group("items") or "")]
        start = offset_base + m.start()
        if m.group(0).startswith("至") and out and items and out[-1].item and not m.group("art") and not m.group("para"):
            items = list(range(out[-1].item + 1, items[-1] + 1))
            cur_para = out[-1].paragraph
        if items:
            for it in items:
                out.append(Citation(law, cur_art[0], cur_art[1], cur_para or 1, it, m.group(0), start, line_of(start)))
        else:
            out.append(Citation(law, cur_art[0], cur_art[1], cur_para, None, m.group(0), start, line_of(start)))
        i = m.end()
    return out, i, cur_art


def extract(text: str) -> list[Citation]:
    """Every citation of the text, in order."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)

    def line_of(off: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= off:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    out: list[Citation] = []
    events = []
    for m in _TITLE.finditer(text):
        events.append((m.start(), "title", m))
    for m in _PAREN.finditer(text):
        events.append((m.start(), "paren", m))
    events.sort(key=lambda e: e[0])
    last_law: str | None = None
    last_art: tuple[int, str | None] | None = None
    consumed = -1
    for pos, kind, m in events:
        if pos < consumed:
            continue
        if kind == "title":
            law = m.group(1)
            cites, end, art = _chain(text, m.end(), law, None, 0, line_of)
            if cites:
                out.extend(cites)
                last_law, last_art = law, art
                consumed = end
        elif last_law and last_art:
            inner = m.group(1)
            cites, end, _art = _chain(inner, 0, last_law, last_art, m.start(1), line_of)
            if cites and end == len(inner.rstrip("；;，,。")):
                out.extend(cites)
    return out
