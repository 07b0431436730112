"""The project's Chinese analyzer for Whoosh.

Why not jieba.analyse.ChineseAnalyzer: it emits search-mode tokens with overlapping positions, so phrase
queries fail, and importing it costs ~2 s and 126 MB. Here:

- segmentation is jieba's precise mode (rjieba, the jieba-rs binding: same algorithm and dictionary,
  15-30x faster, loads in ~0.15 s) with the legal user dictionary in corpus/dictionary/;
- each precise token takes its own position, so phrases and proximity work;
- a compound word (安全生产, 生产经营单位) also emits its search-mode parts at the *same* position, so a query
  for 生产 still finds 安全生产 without moving the positions phrases rely on;
- queries are segmented in precise mode only (mode="query")."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

from .config import CORPUS_DIR

USER_DICT = CORPUS_DIR / "dictionary" / "legal_terms.txt"
_SKIP = re.compile(r"^[\s\W_]+$", re.UNICODE)
_lock = threading.Lock()
_loaded: set[str] = set()


def load_user_dict(path: Path = USER_DICT) -> int:
    """Add the legal terms to rjieba's global dictionary once per process. Returns the number of words."""
    import rjieba

    key = str(path)
    with _lock:
        if key in _loaded or not path.exists():
            return 0
        n = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts or line.startswith("#"):
                continue
            word = parts[0]
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[2] if len(parts) > 2 else None
            rjieba.add_word(word, freq, tag)
            n += 1
        _loaded.add(key)
        return n


def segment(text: str) -> list[str]:
    """Precise-mode words of `text`, punctuation and spaces dropped."""
    import rjieba

    load_user_dict()
    return [w for w in rjieba.cut(text) if not _SKIP.match(w)]


class LegalTokenizer(Tokenizer):
    """Whoosh tokenizer: precise tokens with positions; sub-words of compounds at the same position."""

    def __init__(self, expand_compounds: bool = True):
        self.expand_compounds = expand_compounds

    def __eq__(self, other):
        return type(other) is type(self) and other.expand_compounds == self.expand_compounds

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        import rjieba

        load_user_dict()
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        expand = self.expand_compounds and mode != "query"
        pos = start_pos
        offset = 0
        for word in rjieba.cut(value):
            begin = value.find(word, offset)
            if begin < 0:
                begin = offset
            offset = begin + len(word)
            if _SKIP.match(word):
                continue
            t.text = word.lower()
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + begin, start_char + offset
            yield t
            if expand and len(word) > 2:
                for part in rjieba.cut_for_search(word):
                    if part != word and len(part) >= 2 and not _SKIP.match(part):
                        t.text = part.lower()
                        if chars:
                            sub = word.find(part)
                            t.startchar = start_char + begin + max(sub, 0)
                            t.endchar = t.startchar + len(part)
                        yield t
            pos += 1


def LegalAnalyzer(expand_compounds: bool = True):
    return LegalTokenizer(expand_compounds=expand_compounds)


class Tokens:
    """The analysis above, for whole documents at build time, each text segmented once.

    `precise(text)` is what `LegalTokenizer(expand_compounds=False)` yields for the Whoosh fields (tokens in
    order, position = index); `expanded(text)` what `LegalTokenizer()` yields for the fast arrays (each
    precise token followed by its compound parts); `both(text)` gives the two from one segmentation. Words,
    their parts and short texts (a chapter heading repeats on every article under it) are cached; the
    results are the same as the tokenizer's, token for token (tests/library/test_segments.py)."""

    def __init__(self):
        import rjieba

        load_user_dict()
        self._cut = rjieba.cut
        self._cut_for_search = rjieba.cut_for_search
        self._lower: dict[str, str | None] = {}        # word -> token, None for punctuation/space
        self._parts: dict[str, tuple[str, ...]] = {}   # word -> sub-word tokens of a compound
        self._short: dict[str, list[str]] = {}         # short text -> its words

    def _words(self, text: str) -> list[str]:
        cached = self._short.get(text)
        if cached is not None:
            return cached
        lower = self._lower
        out = []
        for w in self._cut(text):
            t = lower.get(w, "")
            if t == "":
                t = lower[w] = None if _SKIP.match(w) else w.lower()
            if t is not None:
                out.append(w)
        if len(text) <= 40:
            if len(self._short) > 50000:
                self._short.clear()
            self._short[text] = out
        return out

    def _expand(self, words: list[str]) -> list[str]:
        lower, parts = self._lower, self._parts
        out: list[str] = []
        for w in words:
            out.append(lower[w])   # type: ignore[arg-type]  # words are never punctuation
            if len(w) > 2:
                p = parts.get(w)
                if p is None:
                    p = parts[w] = tuple(x.lower() for x in self._cut_for_search(w)
                                         if x != w and len(x) >= 2 and not _SKIP.match(x))
                out.extend(p)
        return out

    def precise(self, text: str) -> list[str]:
        lower = self._lower
        return [lower[w] for w in self._words(text)]   # type: ignore[misc]  # words are never punctuation

    def expanded(self, text: str) -> list[str]:
        return self._expand(self._words(text))

    def both(self, text: str) -> tuple[list[str], list[str]]:
        words = self._words(text)
        lower = self._lower
        return [lower[w] for w in words], self._expand(words)   # type: ignore[misc]
