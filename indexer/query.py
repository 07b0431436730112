"""Understanding what an officer typed: citations, law names, phrases, words and expansions.

    安全生产法第一百零一条 / 安法102条 / 《行政处罚法》第32条 / 刑法135条之一 / 消防法第六十四条第二项
    -> a citation (law + article [+ 款/项]) that search puts first;
    安全生产法 -> the law itself; 安全生产法 培训 -> words searched inside that law;
    煤气罐放在地下室 -> words + thesaurus expansions (瓶装燃气, 液化石油气) weighted below the literal words."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .analyzer import segment
from .longquery import LONG_QUERY, distill, query_weights
from .numerals import CN_NUM_CHARS, parse_number

NUM = rf"[0-9０-９{CN_NUM_CHARS}]+"
ARTICLE_RE = re.compile(
    rf"^\s*第?\s*(?P<art>{NUM})\s*条(?P<suffix>之[一二三四五六七八九十]+)?"
    rf"(?:\s*第?\s*(?P<para>{NUM})\s*款)?"
    rf"(?:\s*第?\s*[（(]?\s*(?P<item>{NUM})\s*[)）]?\s*项)?")
PHRASE_RE = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")
# how questions and complaints are phrased, never what they are about
QUESTION_WORDS = frozenset(["哪些", "哪个", "哪里", "哪儿", "什么", "怎么", "怎么办", "怎样", "如何", "多久", "多少", "几个", "几天", "几日", "是否", "是不是", "能不能", "可不可以", "吗", "呢", "吧", "啊", "了", "的", "都", "也", "还", "就", "又", "个", "连", "请问", "一下", "意思"])
PENALTY_WORDS = ("罚", "处罚", "罚款", "法律责任", "吊销", "没收", "处分")
VIOLATION_MARKERS = ("未", "没有", "违反", "擅自", "拒不", "拒绝", "无证", "超过", "隐瞒", "伪造", "不按", "未按")


@dataclass
class Citation:
    law: str                  # law key
    article: int
    suffix: str | None = None
    paragraph: int | None = None
    item: int | None = None
    text: str = ""


@dataclass
class Understood:
    text: str
    citation: Citation | None = None
    laws: list[str] = field(default_factory=list)         # laws named in the query
    law_only: bool = False                               # the query is just a law's name
    phrases: list[list[str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    expansions: list[tuple[str, str]] = field(default_factory=list)   # (statute word, user term it came from)
    penalty: bool = False
    violation: bool = False
    weights: dict[str, float] = field(default_factory=dict)   # per word; 1 unless a paragraph repeats it
    dropped: list[str] = field(default_factory=list)          # a paragraph's boilerplate, not searched

    def weight(self, word: str) -> float:
        return self.weights.get(word, 1.0)

    @property
    def terms(self) -> list[str]:
        return [w for p in self.phrases for w in p] + self.words


class Thesaurus:
    """corpus/search/thesaurus.toml: what users type -> statute vocabulary."""

    def __init__(self, path: Path):
        self.entries: list[tuple[list[str], list[str]]] = []
        if path.exists():
            with path.open("rb") as fh:
                for e in tomllib.load(fh).get("entry", []):
                    self.entries.append((list(e.get("terms", [])), list(e.get("expands", []))))

    def expand(self, text: str) -> list[tuple[str, str]]:
        """(user term found in `text`, statute phrase) pairs."""
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for terms, expands in self.entries:
            hit = next((t for t in terms if t and t in text), None)
            if hit is None:
                continue
            for x in expands:
                if x not in seen and x not in text:
                    seen.add(x)
                    out.append((hit, x))
        return out


class QueryParser:
    def __init__(self, aliases: dict[str, str], thesaurus: Thesaurus):
        self.aliases = aliases
        # longest names first so 安全生产法实施条例 wins over 安全生产法
        self.names = sorted(aliases, key=len, reverse=True)
        self.thesaurus = thesaurus
        self._first_chars: dict[str, list[str]] = {}
        for n in self.names:
            self._first_chars.setdefault(n[0], []).append(n)

    def law_at(self, text: str, pos: int) -> tuple[str, int] | None:
        """(law key, end) of the longest law name starting at `pos`."""
        for name in self._first_chars.get(text[pos], ()) if pos < len(text) else ():
            if text.startswith(name, pos):
                return self.aliases[name], pos + len(name)
        return None

    def parse(self, text: str, expand: bool = True) -> Understood:
        raw = (text or "").strip()
        if len(raw) >= LONG_QUERY:
            return self._parse_paragraph(raw, expand)
        u = Understood(text=raw)
        compact = raw.replace("《", "").replace("》", "").replace("<", "").replace(">", "")
        # a citation: law name immediately followed by an article number
        found = self.law_at(compact.strip(), 0)
        if found:
            key, end = found
            rest = compact.strip()[end:]
            m = ARTICLE_RE.match(rest)
            if m:
                try:
                    u.citation = Citation(
                        law=key, article=parse_number(m.group("art")), suffix=m.group("suffix"),
                        paragraph=parse_number(m.group("para")) if m.group("para") else None,
                        item=parse_number(m.group("item")) if m.group("item") else None, text=raw)
                except ValueError:
                    u.citation = None
                rest = rest[m.end():]
            if not rest.strip() and u.citation is None:
                u.law_only = True
            u.laws.append(key)
            remainder = rest if u.citation else rest
        else:
            remainder = compact
            # a law named later in the query (消防 检查 依据消防法) scopes the words
            i = 0
            while i < len(remainder):
                hit = self.law_at(remainder, i)
                if hit and len(remainder[i:hit[1]]) >= 3:
                    u.laws.append(hit[0])
                    remainder = remainder[:i] + " " + remainder[hit[1]:]
                    continue
                i += 1
        u.phrases = [p for p in (segment(m.group(1)) for m in PHRASE_RE.finditer(remainder)) if p]
        u.words = list(dict.fromkeys(segment(PHRASE_RE.sub(" ", remainder))))
        u.penalty = any(w in raw for w in PENALTY_WORDS)
        u.violation = len(raw) >= 10 and any(w in raw for w in VIOLATION_MARKERS)
        u.words = [w for w in u.words if w not in QUESTION_WORDS]
        if expand and not u.law_only:
            self._expand(u, raw)
        return u

    def _parse_paragraph(self, raw: str, expand: bool) -> Understood:
        """A pasted paragraph: no leading citation or law-only reading; laws it names in 《》 are boosted,
        its boilerplate dropped, its words weighed by how often it says them."""
        u = Understood(text=raw)
        for m in re.finditer(r"《([^》]{2,40})》", raw):
            key = self.aliases.get(m.group(1))
            if key and key not in u.laws:
                u.laws.append(key)
        d = distill(raw)
        u.dropped = d.dropped
        # quotation marks in a pasted paragraph quote names and terms (“三同时”, “XX玩具厂”): not the user's
        # exact-phrase syntax, so their words are searched like the rest, not required as phrases
        said = [w for w in segment(d.text) if w not in QUESTION_WORDS]
        aside = [w for c in d.background for w in segment(c) if w not in QUESTION_WORDS]
        u.weights = query_weights(said, aside)
        u.words = list(u.weights)
        u.penalty = any(w in d.text for w in PENALTY_WORDS)
        u.violation = any(w in d.text for w in VIOLATION_MARKERS)
        if expand:
            self._expand(u, d.text)
        return u

    def _expand(self, u: Understood, text: str) -> None:
        for source, phrase in self.thesaurus.expand(text):
            for w in segment(phrase):
                if w not in u.words and all(w != x for x, _ in u.expansions):
                    u.expansions.append((w, source))
