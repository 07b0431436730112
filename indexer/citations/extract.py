"""Stage 2: extract citations from the token stream.

A citation is a law (named in 《》, named without 《》, or by anaphora) followed by a chain of components
(条 / 款 / 项 / 目) joined by separators (、 和 及 …) or ranges (至). Lower components inherit the higher
ones written before them: 第二十八条第一款、第四款 = 28/1 and 28/4; 第九条第（二）项、第（三）项、第二十四条 =
9/(2), 9/(3), 24.

Anaphora are resolved against a *frame*: the article (and paragraph) being talked about —
- in a statute (a `StatuteContext`): the article itself and the paragraph the word stands in;
- inside a quotation that follows a citation: the quoted provision;
- elsewhere in a document: the provision cited last in the same paragraph of text.
本条/该条/同条 = the frame's article, 前条 = the article before it, 本款/该款 = its paragraph, 前款 = the one
before, 前两款 = the two before; a bare 第二款 / 第（三）项 continues the frame's article. 该法/同法/本法 (in a
document) = the law named last; 上述规定 = the provisions of the last citation.

Pure function of (text, name matcher, context): no library access. Nothing is dropped: a chain whose law
cannot be determined is returned with `problem` set."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from indexer.library import PROVINCES
from indexer.refs import NATIONAL_PREFIX

from .names import NameMatcher, looks_like_law
from .tokens import (LEVELS, Token, bare_article_at, classify_gap, list_continuation_at, quote_after, strip_ws, tokenize,
                     version_before, version_note_year)

COMPONENTS = ("ART", "PARA", "ITEM", "SUBITEM")
_NOTE_RE = re.compile(r"^[ \t\u3000]*[（(]([^（）()\n]{1,60})[)）][ \t\u3000]*$")
# a note between a law name and an article written without 第: 《…规定》（总局令第15号，2015年修订）五十一条
_NOTE_AT_RE = re.compile(r"[ \t\u3000]*(?:[（(][^（）()\n]{1,60}[)）][ \t\u3000]*)?")
_YEAR_RE = re.compile(r"(\d{4})\s*年")
_OLD_MARK_RE = re.compile(r"(?:原|修正前的?|修订前的?|旧|原来的|修改前的?)$")
_SHORT_NAME_RE = re.compile(r"[ \t\u3000]*[（(]以下简称[“\"《「]?([^（）()》”\"」\n]{1,20})[》”\"」]?[)）]")
_CLAUSE_END = "。；;\n！？!?"


@dataclass(frozen=True)
class StatuteContext:
    """The text being read is a statute article: 本法 = `law`, 本条 = this article, 前款 = the paragraph
    before the one a position falls in (`paragraph_starts`: the offsets where paragraphs 1, 2, … begin)."""
    law: str
    article: int | None = None
    suffix: str | None = None
    version: str | None = None
    paragraph_starts: tuple[int, ...] = (0,)

    def paragraph_at(self, pos: int) -> int:
        n = 1
        for i, s in enumerate(self.paragraph_starts, 1):
            if pos >= s:
                n = i
        return n


@dataclass(slots=True)
class Element:
    """One provision as written. `article_rel='before'` means the article before `article` (前条);
    `to` closes a range (第六十七条至第六十九条)."""
    article: int | None = None
    suffix: str | None = None
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None
    article_rel: str | None = None
    to: Element | None = None

    def written(self) -> str:
        parts = []
        if self.article is not None:
            parts.append(("<" if self.article_rel == "before" else "") + f"{self.article}{self.suffix or ''}")
        if self.paragraph is not None:
            parts.append(str(self.paragraph))
        if self.item is not None:
            parts.append(str(self.item) if self.paragraph is not None else f"({self.item})")
        if self.subitem is not None:
            parts.append(str(self.subitem))
        s = "/".join(parts)
        return s + (f"~{self.to.written()}" if self.to else "")


@dataclass(slots=True)
class LawSource:
    kind: str                    # named / anaphor / self / context / none
    name: str | None = None      # the name as written (or the name of the mention it points to)
    key: str | None = None       # law key when the matcher knows the name
    candidates: tuple[str, ...] = ()
    written: str | None = None   # what the citation itself wrote (《…》, 安全生产法, 该法) or None
    alternatives: tuple[tuple[str, str | None], ...] = ()   # 该法: other laws named before, (name, key)


@dataclass(slots=True)
class Extracted:
    start: int
    end: int
    text: str
    law: LawSource
    elements: list[Element] = field(default_factory=list)
    anaphor: str | None = None          # 上述规定 / 该条 / 前款 … when the citation is anaphoric
    refers_to: int | None = None        # 上述规定: index of the citation whose provisions it repeats
    quote: tuple[int, int] | None = None
    host: int | None = None             # index of the citation whose quotation contains this one
    role: str | None = None             # violation / basis
    problem: str | None = None          # why it cannot be resolved (Chinese)
    version_hint: str | None = None     # 'old' (原第…, 修正前…) or a year (（2014年修正）)
    version_written: str | None = None  # the version marker as written: （2019年修正）, 2014年修正的, 原
    # other readings of a citation that does not write its law (第四十三条, 第（三）项 alone): the laws named
    # before it, or the articles cited before it, nearest first; the checker takes the first whose provisions
    # exist when the nearest does not fit (the law whose article numbers fit)
    readings: list[tuple[LawSource, list[Element]]] = field(default_factory=list)
    frame: bool = True                  # later anaphora may refer to it (False for 前款, 该条 … themselves)
    frame_index: int | None = None      # the citation an anaphor / bare 第二款 continues


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    name: str
    key: str | None
    candidates: tuple[str, ...] = ()


@dataclass(slots=True)
class _Frame:
    law: LawSource
    article: int | None
    suffix: str | None
    paragraph: int | None
    item: int | None = None


_PROVINCE_ALT = "|".join(sorted(PROVINCES, key=len, reverse=True))
# a short name no dictionary holds: 浙江省条例, 浙江条例, 省条例, 市条例, 条例 (kinds of 地方性法规 and rules)
_SHORT_NAME_TAIL_RE = re.compile(rf"(?:(?P<prov>{_PROVINCE_ALT})(?P<plevel>省|市|自治区)?|(?P<level>省|市))?"
                                 rf"(?P<kind>条例|规定|办法|细则)$")
_QUALIFIER_RE = re.compile(rf"(?P<prov>{_PROVINCE_ALT})|国家|全国|上位法|法律依据")
_BARE_LEADS = frozenset("零〇一二两三四五六七八九十百千0123456789０１２３４５６７８９（( \t\u3000")
_LIST_LEADS = frozenset("、和及与以 \t\r\n\u3000\u00a0")


def _bare_title(name: str) -> str:
    return name[len(NATIONAL_PREFIX):] if name.startswith(NATIONAL_PREFIX) else name


def _contracts(short: str, title: str) -> bool:
    """Are the characters of `short` found in `title` in order (事故 in 生产安全事故报告和调查处理条例)?"""
    i = 0
    for ch in short:
        i = title.find(ch, i) + 1
        if i == 0:
            return False
    return len(short) < len(title)


def _provincial(title: str) -> bool:
    return title.startswith(PROVINCES)


def _qualifier_test(lead: str):
    """Which laws the words before a bare article allow: 国家依据 → a national law, 浙江依据 → a law of 浙江;
    None when the words name neither."""
    q = _QUALIFIER_RE.search(lead)
    if q is None:
        return None
    p = q.group("prov")
    if p:
        return lambda m: _bare_title(m.name).startswith(p) or _bare_title(m.key or "").startswith(p)
    return lambda m: not _provincial(_bare_title(m.key or m.name))


_TRAILING_NOTES_RE = re.compile(r"(?:[（(][^（）()]*[)）])+$")


def _of_kind(name: str, kind: str) -> bool:
    """Is `name` a law of the kind an anaphor names (本法: a 法, not a 条例; 该条例: a 条例)?"""
    name = _TRAILING_NOTES_RE.sub("", name)
    if kind == "法":
        return name.endswith(("法", "法典"))
    return name.endswith(kind)


def _suffix_kind(word: str) -> str:
    for s in ("条例", "规定", "办法", "细则", "解释", "决定", "规则"):
        if word.endswith(s):
            return s
    return "法"


class _Extractor:
    def __init__(self, text: str, names: NameMatcher | None, context: StatuteContext | None,
                 laws: tuple[tuple[str, str | None], ...] = ()):
        self.text = text
        self.names = names
        self.context = context
        self.toks = tokenize(text)
        self.mentions: list[_Mention] = []
        self._mention_starts: list[int] = []
        self._quote_starts: list[int] = []
        self.local: dict[str, _Mention] = {}             # 以下简称《条例》
        self.out: list[Extracted] = []
        self.quotes: list[tuple[int, int, int]] = []     # (start, end, host index)
        self._scanned_to = 0
        self._frame_idx: int | None = None
        # laws the document names elsewhere (a handbook entry's bases, a study unit's list), before its start,
        # the first nearest: what 本条例 / 条例第三十六条 / a bare article mean when the text names none
        for n, (name, key) in enumerate(laws, 1):
            self._add_mention(_Mention(-n, -n, name, key))

    # ------------------------------------------------------------------ law mentions
    def _mention(self, name: str, start: int, end: int) -> _Mention | None:
        if name in self.local:
            src = self.local[name]
            m = _Mention(start, end, src.name, src.key, src.candidates)
        else:
            hit = self.names.lookup(name) if self.names else None
            if hit is None:
                bare = re.sub(r"(?:[（(][^（）()]*[)）])+$", "", name)
                if bare != name and self.names:
                    hit = self.names.lookup(bare)
            if hit is not None:
                m = _Mention(start, end, name, hit.key, hit.candidates)
            elif looks_like_law(name):
                m = _Mention(start, end, name, None)
            else:
                return None
        self._add_mention(m)
        sm = _SHORT_NAME_RE.match(self.text, end)
        if sm:
            self.local[sm.group(1)] = m
        return m

    def _add_mention(self, m: _Mention) -> None:
        i = bisect.bisect_right(self._mention_starts, m.start)
        self._mention_starts.insert(i, m.start)
        self.mentions.insert(i, m)

    def _inside_mention(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._mention_starts, start)
        for m in self.mentions[max(0, i - 1):i + 1]:
            if m.start <= start < m.end or m.start < end <= m.end:
                return True
        return False

    def _bare_mentions_until(self, pos: int) -> None:
        """Law names written without 《》 between the last scan and `pos` (for 该法 and bare 第X条)."""
        if self.names is None or pos <= self._scanned_to:
            return
        start = self._scanned_to
        self._scanned_to = pos
        for hit in self.names.find_all(self.text, start, pos):
            if not self._inside_mention(hit.start, hit.end):
                self._add_mention(_Mention(hit.start, hit.end, hit.name, hit.key, hit.candidates))

    def _prior_mentions(self, before: int, limit: int = 40) -> list[_Mention]:
        """Mentions starting before `before`, nearest first (at most `limit`)."""
        self._bare_mentions_until(before)
        i = bisect.bisect_left(self._mention_starts, before)
        return self.mentions[max(0, i - limit):i][::-1]

    def _last_mention(self, before: int, kind: str | None = None) -> _Mention | None:
        """The nearest law named before `before`; with `kind` (法, 条例, 规定 …: the word 本法 / 该条例 ends in)
        the nearest of that kind when there is one."""
        prior = self._prior_mentions(before)
        if kind:
            for m in prior:
                if _of_kind(m.name, kind) or _of_kind(m.key or "", kind):
                    return m
        return prior[0] if prior else None

    def _name_before(self, i: int) -> tuple[int, _Mention] | None:
        """A law name written without 《》 right before token i (依据安全生产法第…)."""
        t = self.toks[i]
        floor = self.toks[i - 1].end if i > 0 else 0
        end = t.start
        while end > floor and self.text[end - 1] in " \t\u3000":
            end -= 1
        for alias, m in self.local.items():
            if self.text.endswith(alias, floor, end):
                return end - len(alias), _Mention(end - len(alias), end, m.name, m.key, m.candidates)
        if self.names is None:
            return None
        hit = self.names.match_before(self.text, end, floor)
        if hit is None:
            return None
        return hit.start, _Mention(hit.start, hit.end, hit.name, hit.key, hit.candidates)

    def _short_name_before(self, i: int) -> tuple[int, LawSource] | None:
        """A short name right before token i that no dictionary holds: 浙江省条例, 省条例, 条例 (after 适用, 依据 …).
        It means the nearest law named before whose title fits it (a 条例 of that province); a province's
        short name with no such law before it cannot be resolved (said, not guessed)."""
        t = self.toks[i]
        floor = self.toks[i - 1].end if i > 0 else 0
        end = t.start
        while end > floor and self.text[end - 1] in " \t\u3000":
            end -= 1
        m = _SHORT_NAME_TAIL_RE.search(self.text, max(floor, end - 12), end)
        if m is None:
            return None
        if not (m.group("prov") or m.group("level")):
            got = self._contraction_before(m.start(), end, m.group("kind"), floor)
            if got is not None:
                return got
        prov, level, kind = m.group("prov"), m.group("level"), m.group("kind")
        if not (prov or level) and not NameMatcher._left_ok(self.text, m.start()):
            return None                  # 某某条例第五条: the tail of a title, not a short name
        word = m.group()
        for mention in self._prior_mentions(m.start()):
            title = _bare_title(mention.key or mention.name)
            if not (_of_kind(title, kind) or _of_kind(_bare_title(mention.name), kind)):
                continue
            if prov and not _bare_title(mention.name).startswith(prov) and not title.startswith(prov):
                continue
            if level and not prov and not _provincial(title):
                continue
            return m.start(), LawSource("named", mention.name, mention.key, mention.candidates, written=word)
        if prov or level:
            return m.start(), LawSource("none", written=word)
        return None

    def _contraction_before(self, kind_start: int, end: int, kind: str, floor: int) -> tuple[int, LawSource] | None:
        """A short name made of characters of a title named before, in order, and its kind: 事故条例 after
        《生产安全事故报告和调查处理条例》 (the nearest title it contracts; the longest such name)."""
        prior = [m for m in self._prior_mentions(kind_start) if _of_kind(_bare_title(m.key or m.name), kind)
                 or _of_kind(_bare_title(m.name), kind)]
        if not prior:
            return None
        for n in range(6, 1, -1):
            start = kind_start - n
            if start < floor or not all("\u4e00" <= ch <= "\u9fff" for ch in self.text[start:kind_start]):
                continue
            if not NameMatcher._left_ok(self.text, start):
                continue
            short = self.text[start:kind_start]
            for mention in prior:
                if _contracts(short, _bare_title(mention.name)):
                    return start, LawSource("named", mention.name, mention.key, mention.candidates,
                                            written=self.text[start:end])
        return None

    # ------------------------------------------------------------------ frames
    def _host_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._quote_starts, pos)
        if i:
            s, e, h = self.quotes[i - 1]
            if s <= pos < e:
                return h
        return None

    def _frame(self, pos: int, explicit: bool = True) -> _Frame | None:
        """The provision anaphora at `pos` refer to. In a document: the last citation that names its article
        itself (not 前款/该条 …), in the same paragraph of text unless the anaphor is explicit (该款, 同条)."""
        self._frame_idx = None
        host = self._host_at(pos)
        if host is not None:
            self._frame_idx = host
            return self._frame_of(self.out[host])
        if self.context is not None:
            c = self.context
            return _Frame(LawSource("self", c.law, c.law), c.article, c.suffix, c.paragraph_at(pos))
        idx = next((i for i in range(len(self.out) - 1, -1, -1) if self.out[i].frame), None)
        if idx is None:
            return None
        prev = self.out[idx]
        gap = self.text[prev.end:pos]
        if len(gap) > 300 or (not explicit and "\n" in gap):
            return None
        self._frame_idx = idx
        return self._frame_of(prev)

    def _frame_of(self, c: Extracted) -> _Frame | None:
        if not c.elements:
            if c.refers_to is not None:
                return self._frame_of(self.out[c.refers_to])
            return None
        last = c.elements[-1]
        last = last.to or last
        if last.article is None or last.article_rel == "before":
            return None
        law = replace(c.law, kind="self" if c.law.kind == "self" else "anaphor", written=None)
        return _Frame(law, last.article, last.suffix, last.paragraph, last.item)

    # ------------------------------------------------------------------ chain
    def _chain(self, i: int, first: Element | None = None, first_level: int = -1,
               first_end: int | None = None) -> tuple[list[Element], int]:
        """Parse components from token i (after an anaphor that started `first`, ending at `first_end`).
        Returns (elements, index of the first token not used)."""
        toks, text = self.toks, self.text
        elements: list[Element] = []
        cur = first or Element()
        last_level = first_level
        prev_end = first_end
        k = i
        last_kind: str | None = None
        while True:
            if last_kind in ("ART", "PARA") and prev_end is not None and text[prev_end:prev_end + 1] in _LIST_LEADS:
                # a list item the token scan missed: 第五十三条、五十四条 / 第三十八条、第三十九的规定
                cont = list_continuation_at(text, prev_end, last_kind)
                if cont is not None and (k >= len(toks) or cont.end <= toks[k].start):
                    toks.insert(k, cont)
            if k >= len(toks):
                break
            t = toks[k]
            if t.kind not in COMPONENTS:
                break
            last_kind = t.kind
            level = LEVELS[t.kind]
            gap: str | None
            if prev_end is None:
                gap, started = "", False
            else:
                gap = classify_gap(text[prev_end:t.start])
                if gap is None:
                    break
                started = True
            if not started or gap == "":
                if started and level <= last_level:
                    break
                cur = self._apply(cur, t, elements)
            else:
                elements.append(cur)
                new = self._apply(_inherit(cur, level), t, elements)
                if gap == "range":
                    prev = elements.pop()
                    prev.to = new
                    cur = prev
                else:
                    cur = new
            last_level = level
            prev_end = t.end
            k += 1
        elements.append(cur)
        return [e for e in elements if _has_content(e)], k

    def _apply(self, el: Element, t: Token, elements: list[Element]) -> Element:
        """Put token t's number(s) into el; a list token (第一、二款) appends all but the last number as
        elements of their own and returns the element of the last one."""
        kind = t.kind
        level = LEVELS[kind]
        built: list[Element] = []
        last = len(t.numbers) - 1
        for idx, n in enumerate(t.numbers):
            b = _inherit(el, level) if idx else el
            if kind == "ART":
                e = Element(article=n, suffix=t.suffix if idx == last else None)
            elif kind == "PARA":
                e = Element(b.article, b.suffix, n, b.item, b.subitem, b.article_rel)
            elif kind == "ITEM":
                e = Element(b.article, b.suffix, b.paragraph, n, b.subitem, b.article_rel)
            else:
                e = Element(b.article, b.suffix, b.paragraph, b.item, n, b.article_rel)
            if t.ranges[idx] and built:
                built[-1].to = e
                continue
            built.append(e)
        elements.extend(built[:-1])
        return built[-1]

    # ------------------------------------------------------------------ main loop
    def run(self) -> list[Extracted]:
        toks = self.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            kind = t.kind
            if kind == "LAWQ":
                m = self._mention(t.name or "", t.start, t.end)
                j = i + 1
                if m is not None:
                    self._bare_article(t.end, j)
                if m is not None and j < len(toks) and toks[j].kind == "ART":
                    hint = self._adjacent(t.end, toks[j].start)
                    if hint is not None:
                        src = LawSource("named", m.name, m.key, m.candidates, written=t.text)
                        i = self._citation(t.start, j, src, version_hint=hint or None, name_end=t.end)
                        continue
                i += 1
            elif kind == "LAWANA":
                j = i + 1
                self._bare_article(t.end, j)
                if j < len(toks) and toks[j].kind == "ART" and self._adjacent(t.end, toks[j].start) == "":
                    i = self._citation(t.start, j, self._law_anaphor(t), anaphor=t.text)
                else:
                    i += 1
            elif kind == "ART":
                found = self._name_before(i)
                if found is not None:
                    start, m = found
                    self._add_mention(m)
                    src = LawSource("named", m.name, m.key, m.candidates, written=self.text[m.start:m.end])
                    i = self._citation(start, i, src)
                else:
                    short = self._short_name_before(i) if self.context is None else None
                    if short is not None:
                        start, src = short
                        problem = None if src.kind != "none" else \
                            f"无法确定“{src.written}”指哪部法规（前文没有出现相应的法规名称），请写明全称"
                        if src.kind == "named":
                            self._add_mention(_Mention(start, t.start, src.name or "", src.key, src.candidates))
                        i = self._citation(start, i, src, problem=problem)
                    else:
                        src, implied, readings = self._implicit_law(t.start)
                        i = self._citation(t.start, i, src, version_hint=implied, readings=readings)
            elif kind == "ARTANA":
                i = self._article_anaphor(i)
            elif kind == "PARAANA":
                i = self._paragraph_anaphor(i)
            elif kind in ("PARA", "ITEM", "SUBITEM"):
                i = self._bare_lower(i)
            else:  # REFANA
                self._ref_anaphor(t)
                i += 1
        self._roles()
        return self.out

    def _adjacent(self, end: int, start: int) -> str | None:
        """'' when only spaces separate a law name from its article, the year of a version note in between
        (（2014年修正）, （国务院令第493号） gives 'note'), None otherwise."""
        gap = self.text[end:start]
        if strip_ws(gap) == "":
            return ""
        m = _NOTE_RE.match(gap)
        if m:
            note = m.group(1)
            year = version_note_year(f"（{note}）")
            if year:
                return year
            y = _YEAR_RE.search(note)
            if y and any(w in note for w in ("修正", "修订", "修改", "版", "年")):
                return y.group(1)
            if any(w in note for w in ("令", "号", "修正", "修订", "公布", "施行")):
                return "note"
        return None

    def _bare_article(self, end: int, j: int) -> None:
        """An article written without 第 right after a law name ending at `end` (after a version note), put into
        the token list at j: 《安全生产法》四十二条第一款."""
        toks = self.toks
        if self.text[end:end + 1] not in _BARE_LEADS:
            return                       # neither a numeral nor a note follows the name
        if j < len(toks) and toks[j].kind == "ART" and strip_ws(self.text[end:toks[j].start]) == "":
            return
        at = _NOTE_AT_RE.match(self.text, end)
        tok = bare_article_at(self.text, at.end() if at else end)
        if tok is not None and (j >= len(toks) or tok.end <= toks[j].start):
            toks.insert(j, tok)

    def _citation(self, start: int, j: int, law: LawSource, anaphor: str | None = None,
                  version_hint: str | None = None, name_end: int | None = None, problem: str | None = None,
                  readings: list[LawSource] | None = None) -> int:
        art_start = self.toks[j].start
        elements, k = self._chain(j)
        end = self.toks[k - 1].end
        written = None
        if version_hint and name_end is not None:
            written = self.text[name_end:art_start].strip(" \t\u3000\r\n") or None
        if version_hint == "note":
            version_hint = None
        if not version_hint and law.kind == "named":
            version_hint = version_note_year(law.written or "")
            if version_hint:
                m = re.search(r"[（(][^（）()]*[)）]$", (law.written or "").rstrip("》"))
                written = m.group() if m else None
            before = version_before(self.text, start)
            if before is not None and not version_hint:
                written = self.text[before[0]:start].strip()
                start, version_hint = before
        om = _OLD_MARK_RE.search(self.text, max(0, start - 4), start)
        if om and om.end() == start and not version_hint:
            written = om.group()
            start, version_hint = om.start(), "old"
        c = self._emit(start, end, law, elements, anaphor=anaphor, version_hint=version_hint, problem=problem)
        c.version_written = written
        c.readings = [(src, elements) for src in readings or ()]
        return k

    def _emit(self, start: int, end: int, law: LawSource, elements: list[Element], anaphor: str | None = None,
              refers_to: int | None = None, problem: str | None = None, version_hint: str | None = None) -> Extracted:
        if law.kind == "none" and problem is None:
            problem = "无法确定所引法规（前文没有出现法规名称）"
        c = Extracted(start, end, self.text[start:end], law, elements, anaphor=anaphor, refers_to=refers_to,
                      host=self._host_at(start), problem=problem, version_hint=version_hint,
                      frame_index=self._frame_idx if law.kind in ("anaphor", "self") and anaphor != "上述规定" else None)
        self._frame_idx = None
        q = quote_after(self.text, end)
        if q is not None:
            c.quote = q
            self.quotes.append((q[0], q[1], len(self.out)))
            self._quote_starts.append(q[0])
        self.out.append(c)
        return c

    def _law_anaphor(self, t: Token) -> LawSource:
        word = t.text
        if word.startswith("本"):
            host = self._host_at(t.start)
            if host is not None:
                return replace(self.out[host].law, kind="self", written=word)
            if self.context is not None:
                return LawSource("self", self.context.law, self.context.law, written=word)
        m = self._last_mention(t.start, _suffix_kind(word))
        if m is None:
            return LawSource("none", written=word)
        alts, seen = [], {m.key or m.name}
        for other in self._prior_mentions(t.start, 20):
            k = other.key or other.name
            if k not in seen:
                seen.add(k)
                alts.append((other.name, other.key))
        return LawSource("anaphor", m.name, m.key, m.candidates, written=word, alternatives=tuple(alts[:3]))

    def _implicit_law(self, pos: int) -> tuple[LawSource, str | None, list[LawSource]]:
        """The law of a bare 第X条: the statute being read, the quoted article's law, or the law named last —
        of the kind the clause names (国家依据：… is a national law, 浙江依据：… a law of 浙江) —, with the
        version written with that name in the same sentence (2014年版安全生产法中，…第九十四条), and the other
        laws named before as other readings."""
        host = self._host_at(pos)
        if host is not None:
            return replace(self.out[host].law, kind="self", written=None), None, []
        if self.context is not None:
            return LawSource("self", self.context.law, self.context.law), None, []
        prior = self._prior_mentions(pos)
        if not prior:
            return LawSource("none"), None, []
        lead = self.text[max(0, pos - 30):pos]
        cut = max(lead.rfind(ch) for ch in _CLAUSE_END)
        lead = lead[cut + 1:]
        fits = _qualifier_test(lead)
        ordered = ([m for m in prior if fits(m)] or prior) if fits is not None else prior
        m = ordered[0]
        seen = {m.key or m.name}
        readings = []
        for other in ordered[1:]:
            k = other.key or other.name
            if k not in seen:
                seen.add(k)
                readings.append(LawSource("context", other.name, other.key, other.candidates))
                if len(readings) >= 6:
                    break
        hint = None
        between = self.text[m.end:pos]
        if m.start >= 0 and len(between) <= 80 and not any(ch in between for ch in "。\n") \
                and not _YEAR_RE.search(between):     # …第九十四条，2021年修改后为第九十七条: not the old one
            before = version_before(self.text, m.start)
            hint = before[1] if before else version_note_year(m.name)
        return LawSource("context", m.name, m.key, m.candidates), hint, readings

    def _article_anaphor(self, i: int) -> int:
        t = self.toks[i]
        frame = self._frame(t.start)
        if frame is None or frame.article is None:
            return i + 1
        if t.text in ("前条", "上条"):
            first = Element(article=frame.article, suffix=frame.suffix, article_rel="before")
            return self._anaphor_chain(i, first, frame.law, 0, standalone=True)
        first = Element(article=frame.article, suffix=frame.suffix)
        return self._anaphor_chain(i, first, frame.law, 0, standalone=False)

    def _anaphor_chain(self, i: int, first: Element, law: LawSource, level: int, standalone: bool,
                       extra_before: list[Element] | None = None) -> int:
        t = self.toks[i]
        j = i + 1
        if j < len(self.toks) and self.toks[j].kind in COMPONENTS and LEVELS[self.toks[j].kind] > level \
                and classify_gap(self.text[t.end:self.toks[j].start]) == "" and first.article_rel != "before":
            elements, k = self._chain(j, first, level, t.end)
            end = self.toks[k - 1].end
        elif standalone:
            elements, k, end = [first], j, t.end
        else:
            return i + 1
        c = self._emit(t.start, end, law, (extra_before or []) + elements, anaphor=t.text)
        c.frame = False
        return k

    def _paragraph_anaphor(self, i: int) -> int:
        t = self.toks[i]
        word = t.text
        frame = self._frame(t.start)
        if frame is None or frame.article is None or frame.paragraph is None:
            return i + 1
        p = frame.paragraph
        if word in ("本款", "该款", "同款"):
            rels = [p]
        elif word in ("前款", "上款"):
            rels = [p - 1]
        else:
            n = {"前两款": 2, "前三款": 3, "前四款": 4}[word]
            rels = list(range(p - n, p))
        if rels[0] < 1:
            if self.context is not None:
                self._emit(t.start, t.end, frame.law, [], anaphor=word,
                           problem=f"“{word}”没有可指的款（所在为第{p}款）")
            return i + 1
        extra = [Element(frame.article, frame.suffix, r) for r in rels[:-1]]
        return self._anaphor_chain(i, Element(frame.article, frame.suffix, rels[-1]), frame.law, 1, standalone=True,
                                   extra_before=extra)

    def _bare_lower(self, i: int) -> int:
        """第二款 / 第（三）项 without an article: the frame's article (its paragraph, for an item)."""
        t = self.toks[i]
        frame = self._frame(t.start, explicit=False)
        if frame is None or frame.article is None:
            return i + 1
        if self.context is None and self._host_at(t.start) is None:
            # in a document, 第一项 / 第二、四项 number the document's own lists; only the statute style
            # 第（三）项 and 第二款 continue a citation
            if t.kind == "SUBITEM" or (t.kind == "ITEM" and not any(ch in t.text for ch in "（(")):
                return i + 1
        base = Element(article=frame.article, suffix=frame.suffix)
        level = 0
        if t.kind in ("ITEM", "SUBITEM") and self.context is None and frame.paragraph is not None:
            base.paragraph = frame.paragraph
            level = 1
        if t.kind == "SUBITEM" and frame.item is not None:
            base.item = frame.item
            level = 2
        frame_idx = self._frame_idx
        elements, k = self._chain(i, base, level, t.start)
        c = self._emit(t.start, self.toks[k - 1].end, frame.law, elements)
        c.readings = self._other_frames(i, frame, frame_idx, level)
        return k

    def _other_frames(self, i: int, frame: _Frame, frame_idx: int | None, level: int) -> list:
        """For a bare 第（三）项 / 第二款: the articles cited before the frame in the same passage, nearest first,
        each with the chain read against it (浙江省条例第二十二条列五项措施，第五十八条只罚其中第（一）（三）（四）项:
        the items are 第二十二条's when 第五十八条 has none)."""
        if frame_idx is None:
            return []
        t = self.toks[i]
        out = []
        seen = {(frame.law.key or frame.law.name, frame.article, frame.suffix)}
        for c in self.out[frame_idx - 1::-1] if frame_idx else ():
            if t.start - c.end > 600:
                break
            if not c.elements:
                continue
            last = c.elements[-1].to or c.elements[-1]
            if last.article is None or last.article_rel == "before":
                continue
            key = (c.law.key or c.law.name, last.article, last.suffix)
            if key in seen:
                continue
            seen.add(key)
            base = Element(article=last.article, suffix=last.suffix)
            if level >= 1 and frame.paragraph is not None:
                base.paragraph = last.paragraph
            elements, _ = self._chain(i, base, 0 if base.paragraph is None else 1, t.start)
            out.append((replace(c.law, kind="anaphor", written=None), elements))
            if len(out) >= 3:
                break
        return out

    def _ref_anaphor(self, t: Token) -> None:
        """上述规定 repeats the provisions of the last citation in the same paragraph."""
        if not self.out:
            return
        prev_idx = len(self.out) - 1
        prev = self.out[prev_idx]
        if "\n" in self.text[prev.end:t.start] or t.start - prev.end > 300:
            return
        c = self._emit(t.start, t.end, replace(prev.law, written=None), [], anaphor=t.text, refers_to=prev_idx)
        c.frame = False

    # ------------------------------------------------------------------ roles (违反 … / 依据 …)
    def _roles(self) -> None:
        text = self.text
        prev_end = 0
        prev_role = None
        for c in self.out:
            lo = max(prev_end, c.start - 40)
            seg = text[lo:c.start]
            cut = max(seg.rfind(ch) for ch in _CLAUSE_END)
            clause = seg[cut + 1:] if cut >= 0 else seg
            role = None
            iv = max(clause.rfind("违反"), clause.rfind("违背"), clause.rfind("不符合"))
            ib = max(clause.rfind(w) for w in ("依据", "依照", "根据", "按照", "适用"))
            if iv >= 0 or ib >= 0:
                role = "violation" if iv > ib else "basis"
            elif prev_role and strip_ws(text[prev_end:c.start]) in ("和", "及", "、", "以及", "与", "或者", "并"):
                role = prev_role
            c.role = role
            prev_end, prev_role = c.end, role


def _inherit(el: Element, level: int) -> Element:
    """A new element at `level` keeps the fields above it."""
    e = Element(article=el.article, suffix=el.suffix, article_rel=el.article_rel)
    if level >= 2:
        e.paragraph = el.paragraph
    if level >= 3:
        e.item = el.item
    return e


def _has_content(e: Element) -> bool:
    return any(v is not None for v in (e.article, e.paragraph, e.item, e.subitem))


def extract(text: str, names: NameMatcher | None = None, context: StatuteContext | None = None,
            laws: tuple[tuple[str, str | None], ...] = ()) -> list[Extracted]:
    """All citations in `text`, in order. `names` finds law names written without 《》 (and tells laws from
    other titles); `context` is the statute the text belongs to (for 本法, 本条, 前款)."""
    return _Extractor(text, names, context, laws).run()
