"""Law names written in running text: a dictionary scan over every title, key and abbreviation.

`NameMatcher` answers "which law name ends right here?" (the text just before 第X条) with a longest-match
lookup per candidate length: a handful of set lookups per citation, independent of the library size. It is
built once per library generation from plain data (name -> law key), so the extractor stays a pure function
and tests can build one from a small dict."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import version_before

# A law name in 《》 that names no law in the library may still be a statute (a rule the library lacks);
# these endings tell statutes from document titles (《行政处罚决定书》, 《询问笔录》 …).
LAWLIKE_RE = re.compile(r"(?:法|法典|条例|规定|办法|细则|解释|决定|规则|规程|准则|意见|通知|修正案(?:（[^（）]*）)?)"
                        r"(?:（[^（）]{1,20}）|\([^()]{1,20}\))?$")
NOT_LAW_RE = re.compile(r"(?:书|表|单|笔录|记录|报告|证|函|清单|方案|预案|台账|通知书)$")

# Characters that may stand right before a short name written without 《》 (依据安法第…, 违反安全法第…).
_LEFT_OK = set("据照反了及和与或按即见对由在的是依违用述该为于经并从、，,：:；;。（(“\"「 \t\r\n\u3000》") | {""}


_DATE_SUFFIX_RE = re.compile(r"[（(]\d{4}-\d{2}-\d{2}[)）]$")


def library_titles(root) -> set[str]:
    """Statute titles from the file names of a library folder (安全生产法(2021-06-10).md -> 安全生产法), with
    and without 中华人民共和国. Reads the directory tree only, not the files."""
    import os
    from pathlib import Path

    from indexer.refs import NATIONAL_PREFIX

    out: set[str] = set()
    root = Path(root)
    if not root.is_dir():
        return out
    for _dirpath, _dirs, files in os.walk(root):
        for f in files:
            stem, ext = os.path.splitext(f)
            if ext.lower() not in (".md", ".txt", ".docx") or stem.startswith("_") or stem.upper() == "README":
                continue
            title = _DATE_SUFFIX_RE.sub("", stem).replace(" ", "")
            if len(title) < 3 or not looks_like_law(title):
                continue
            out.add(title)
            if title.startswith(NATIONAL_PREFIX):
                out.add(title[len(NATIONAL_PREFIX):])
    return out


def looks_like_law(name: str) -> bool:
    return bool(LAWLIKE_RE.search(name)) and not NOT_LAW_RE.search(name)


@dataclass(frozen=True)
class NameHit:
    start: int
    end: int
    name: str          # as written (whitespace removed)
    key: str | None    # law key, None when the name is ambiguous
    candidates: tuple[str, ...] = ()


class NameMatcher:
    """names: written name -> law key; ambiguous: written name -> candidate keys. `short` names (authored
    abbreviations) need a word boundary on their left so that 网络安全法 is not read as 安全法."""

    def __init__(self, names: dict[str, str], ambiguous: dict[str, list[str]] | None = None,
                 short: set[str] | None = None, unindexed: dict[str, str] | None = None):
        self.names = dict(names)
        # titles of statute files in the library folder that the current build does not hold (core scope):
        # still law names (so 网络安全法 is not read as 安全法), reported as unknown with that reason
        self.unindexed = {k: v for k, v in (unindexed or {}).items() if k not in self.names}
        self.ambiguous = {k: tuple(v) for k, v in (ambiguous or {}).items() if k not in self.names}
        self.short = set(short or ())
        every = set(self.names) | set(self.ambiguous) | set(self.unindexed)
        self._every = every
        # candidate lengths per last two characters: a lookup tries only names that end that way
        self._by_tail: dict[str, list[int]] = {}
        for n in every:
            if len(n) >= 2:
                self._by_tail.setdefault(n[-2:], []).append(len(n))
        for k in self._by_tail:
            self._by_tail[k] = sorted(set(self._by_tail[k]), reverse=True)
        # running text is scanned only at characters that end a law name written in Chinese
        ends = sorted({n[-1] for n in every if n and "\u4e00" <= n[-1] <= "\u9fff"})
        self._end_re = re.compile("[" + "".join(re.escape(c) for c in ends) + "]") if ends else None

    @classmethod
    def from_library(cls, lib) -> NameMatcher:
        from indexer.aliases import load_abbreviations
        from indexer.refs import NATIONAL_PREFIX, law_key

        names: dict[str, str] = {}
        for key, law in lib.store.laws.items():
            names[key] = key
            names[law.title.replace(" ", "")] = key
            if not key.startswith(NATIONAL_PREFIX) and law.title.startswith(NATIONAL_PREFIX):
                names[NATIONAL_PREFIX + key] = key
        aliases = lib.aliases()
        short = set()
        for alias, key in aliases.items():
            names.setdefault(alias, key)
        authored, ambiguous = load_abbreviations(lib.settings.corpus)
        for alias in authored:
            if alias in names and len(alias) <= 2:
                short.add(alias)
        amb = {}
        for alias, targets in ambiguous.items():
            # ambiguous even when only one of the candidates is in the current build
            keys = [law_key(t) for t in targets]
            if len(keys) > 1:
                names.pop(alias, None)
                amb[alias] = keys
            elif len(keys) == 1 and keys[0] in lib.store.laws:
                names.setdefault(alias, keys[0])
            if len(alias) <= 2:
                short.add(alias)
        unindexed = {t: t for t in library_titles(lib.settings.library) if t not in names}
        return cls(names, amb, short, unindexed)

    def lookup(self, name: str) -> NameHit | None:
        if name in self.names:
            return NameHit(0, len(name), name, self.names[name])
        if name in self.ambiguous:
            return NameHit(0, len(name), name, None, self.ambiguous[name])
        if name in self.unindexed:
            return NameHit(0, len(name), name, None)
        return None

    def match_before(self, text: str, end: int, min_start: int = 0) -> NameHit | None:
        """The longest name ending at `end` (spaces before `end` skipped), not starting before `min_start`."""
        while end > min_start and text[end - 1] in " \t\u3000":
            end -= 1
        for n in self._by_tail.get(text[max(0, end - 2):end], ()):
            start = end - n
            if start < min_start:
                continue
            cand = text[start:end]
            if cand in self._every:
                if cand in self.short and not self._left_ok(text, start):
                    continue
                if cand in self.names:
                    return NameHit(start, end, cand, self.names[cand])
                return NameHit(start, end, cand, None, self.ambiguous.get(cand, ()))
        return None

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[NameHit]:
        """Every law name in text[start:end] (longest match at each ending), in order."""
        end = len(text) if end is None else end
        hits: list[NameHit] = []
        if self._end_re is None:
            return hits
        tails = self._by_tail
        for m in self._end_re.finditer(text, start, end):
            e = m.end()
            if text[e - 2:e] not in tails:
                continue
            if e < len(text) and text[e] in "律规人院定制治官庭理学务典":
                continue
            hit = self.match_before(text, e, start)
            if hit is None:
                continue
            if hits and hit.start < hits[-1].end:
                if hit.end - hit.start > hits[-1].end - hits[-1].start:
                    hits[-1] = hit
                continue
            hits.append(hit)
        return hits

    @staticmethod
    def _left_ok(text: str, start: int) -> bool:
        return start == 0 or text[start - 1] in _LEFT_OK or version_before(text, start) is not None
