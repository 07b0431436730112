"""Quoted text against the statute: normalising (punctuation, spaces and full-width forms do not count), whether a
quote occurs in a provision, and for a mismatch the passage it was most likely taken from with a character diff."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from indexer.punctuation import fold_width
from indexer.textdiff import char_diff

_PUNCT_CATS = ("P", "S", "Z", "C")
_ITEM_LABEL_RE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]|^\d+[.．、]")
_ELLIPSIS_RE = re.compile(r"……|…|\.\.\.+|⋯+|。。。")


def normalise(text: str) -> tuple[str, list[int]]:
    """Text without punctuation, symbols and spaces, full-width forms folded; and for every kept character its
    offset in `text`."""
    out, pos = [], []
    for i, ch in enumerate(text):
        c = unicodedata.normalize("NFKC", ch)
        if not c:
            continue
        c = c[0]
        if unicodedata.category(c)[0] in _PUNCT_CATS:
            continue
        out.append(c.lower())
        pos.append(i)
    return "".join(out), pos


_NON_WORD_RE = re.compile(r"[\W_]+")


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """normalise() without offsets: punctuation, symbols and spaces removed, full-width folded, lower-case."""
    return _NON_WORD_RE.sub("", fold_width(text)).lower()


def without_item_labels(text: str) -> str:
    return "\n".join(_ITEM_LABEL_RE.sub("", line) for line in text.split("\n"))


def quote_fragments(quote: str) -> list[str]:
    return [f for f in (norm(p) for p in _ELLIPSIS_RE.split(quote)) if f]


def quote_in(quote: str, text: str) -> bool:
    """All fragments of the quote (split at ……) occur in `text`, in order, after normalising."""
    frags = quote_fragments(quote)
    if not frags:
        return True
    return any(fragments_in(frags, c) for c in (norm(text), norm(without_item_labels(text))))


def fragments_in(frags: list[str], normalised: str) -> bool:
    """Every fragment occurs in the normalised text, each after the one before."""
    pos = 0
    for f in frags:
        i = normalised.find(f, pos)
        if i < 0:
            return False
        pos = i + len(f)
    return True


@lru_cache(maxsize=1024)
def closest_passage(quote: str, text: str) -> tuple[str, list[tuple[str, str]]]:
    """The passage of `text` a (wrong) quote was most likely taken from, and a character diff quote -> passage:
    [("equal"|"delete"|"insert", chars)], delete = only in the quote, insert = only in the statute."""
    qn = norm(quote)
    tn, tpos = normalise(text)
    if not qn or not tn:
        return text, []
    sm = difflib.SequenceMatcher(None, qn, tn, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size >= 2]
    if not blocks:
        return text, _diff(quote, text)
    # the densest run of matching blocks: start from the longest block, extend while the blocks stay close
    best = max(blocks, key=lambda b: b.size)
    lo_t = best.b - best.a
    hi_t = best.b + (len(qn) - best.a)
    lo_t = max(0, lo_t - 2)
    hi_t = min(len(tn), hi_t + 2)
    window = tn[lo_t:hi_t]
    sm2 = difflib.SequenceMatcher(None, qn, window, autojunk=False)
    mb = [b for b in sm2.get_matching_blocks() if b.size]
    if mb:
        first, last = mb[0], mb[-1]
        s = lo_t + first.b - min(first.a, 3)
        e = lo_t + last.b + last.size + min(len(qn) - (last.a + last.size), 3)
        lo_t, hi_t = max(0, s), min(len(tn), e)
    start, end = tpos[lo_t], tpos[hi_t - 1] + 1
    return whole_sentences(text, start, end), _diff(quote, text[start:end])


MAX_PASSAGE = 400               # characters of official text shown beside a mismatched quote
_SENTENCE_END = "。！？；"
_CLAUSE_END = "，：、"


def whole_sentences(text: str, start: int, end: int, limit: int = MAX_PASSAGE) -> str:
    """The official text around text[start:end] the reviewer needs to read it: the whole lines (款 / 项) it
    stands in when they are at most `limit` characters, else its whole sentences, else its clauses, the cut
    ends marked ……."""
    line_a = text.rfind("\n", 0, start) + 1
    line_b = text.find("\n", max(start, end - 1))
    line_b = len(text) if line_b < 0 else line_b
    if line_b - line_a <= limit:
        return text[line_a:line_b]
    a, b = _bounds(text, start, end, line_a, line_b, _SENTENCE_END)
    if b - a <= limit:
        return text[a:b]
    a, b = _clauses(text, start, end, a, b, limit)
    return ("……" if a > line_a else "") + text[a:b] + ("……" if b < line_b else "")


def _clauses(text: str, start: int, end: int, a: int, b: int, limit: int) -> tuple[int, int]:
    """As many whole clauses of text[a:b] on either side of text[start:end] as fit in about `limit`."""
    room = max(0, limit - (end - start)) // 2
    lo, hi = max(a, start - room), min(b, end + room)
    stops = _SENTENCE_END + _CLAUSE_END
    after = [i + 1 for i in (text.find(c, lo, start) for c in stops) if i >= 0]
    before = [i + 1 for i in (text.rfind(c, end, hi) for c in stops) if i >= 0]
    return (min(after) if after else lo), (max(before) if before else hi)


def _bounds(text: str, start: int, end: int, lo: int, hi: int, stops: str) -> tuple[int, int]:
    """text[start:end] extended back to just after a stop character (or `lo`) and on through the next stop
    character (or `hi`)."""
    a = max([lo] + [text.rfind(c, lo, start) + 1 for c in stops if text.rfind(c, lo, start) >= 0])
    if end > a and text[end - 1] in stops:
        return a, end
    found = [i + 1 for i in (text.find(c, end, hi) for c in stops) if i >= 0]
    return a, min(found) if found else max(hi, end)


def _diff(a: str, b: str) -> list[tuple[str, str]]:
    return char_diff(a, b, ignore_space=True).ops


def only_punctuation_differs(diff: list[tuple[str, str]]) -> bool:
    return all(op == "equal" or not norm(t) for op, t in diff)

