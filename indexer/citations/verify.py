"""Stage 4: verify resolved citations.

- quoted text (“…” / 「…」 right after a citation) against the cited provision of the version in force, after
  normalising punctuation and spaces; on a mismatch the closest passage of the article and a character diff;
- old numbering: a quote that matches another provision of the current text; an authored renumbering table
  (corpus/renumbering/*.toml, for statutes whose old text the library lacks); for statutes whose versions
  the library holds, the same-numbered provision of another version that fits the surrounding text better;
- 违反条款 ↔ 处罚依据 pairing: the basis should be a penalty provision, and where the penalty handbook links
  the violated provision to its basis, the basis cited should be one of them.

Everything here is a function of the resolved citation, the document text and read-only library data."""

from __future__ import annotations

import bisect
import difflib
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from indexer.errors import LawError
from indexer.index import is_penalty_article
from indexer.model import Article
from indexer.punctuation import fold_width
from indexer.query import Thesaurus
from indexer.refs import Ref
from indexer.textdiff import char_diff

from .resolve import Resolved, Resolver, human_ref, provision_text

# ------------------------------------------------------------------------------------------- text normalising

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


def _without_labels(text: str) -> str:
    return "\n".join(_ITEM_LABEL_RE.sub("", line) for line in text.split("\n"))


def quote_fragments(quote: str) -> list[str]:
    return [f for f in (norm(p) for p in _ELLIPSIS_RE.split(quote)) if f]


def quote_in(quote: str, text: str) -> bool:
    """All fragments of the quote (split at ……) occur in `text`, in order, after normalising."""
    frags = quote_fragments(quote)
    if not frags:
        return True
    for candidate in (norm(text), norm(_without_labels(text))):
        pos = 0
        for f in frags:
            i = candidate.find(f, pos)
            if i < 0:
                break
            pos = i + len(f)
        else:
            return True
    return False


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


def _only_punctuation_differs(diff: list[tuple[str, str]]) -> bool:
    return all(op == "equal" or not norm(t) for op, t in diff)


# ------------------------------------------------------------------------------------------- similarity

def bigrams(text: str) -> frozenset[str]:
    return _bigrams(norm(text))


@lru_cache(maxsize=16384)
def _bigrams(t: str) -> frozenset[str]:
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def _level_of(key: tuple) -> str:
    return "item" if key[3] is not None else "paragraph" if key[2] is not None else "article"


class VersionIndex:
    """Every provision (article, paragraph of a multi-paragraph article, item) of one version with its
    bigram set, IDF weights and an inverted index, for 'which provision fits this text'. Scores are sums of
    IDF weights taken in sorted bigram order, so they do not depend on set iteration order."""

    def __init__(self, articles: list[Article]):
        self.keys: list[tuple] = []
        self.texts: list[str] = []
        self.levels: list[str] = []
        self.grams: list[frozenset[str]] = []
        df: dict[str, int] = {}
        for a in articles:
            units: list[tuple[tuple, str]] = [((a.number, a.suffix, None, None), a.text())]
            for pi, p in enumerate(a.paragraphs, 1):
                if len(a.paragraphs) > 1:
                    units.append(((a.number, a.suffix, pi, None), p.full_text()))
                for it in p.items:
                    units.append(((a.number, a.suffix, pi, it.number), it.text))
            for key, text in units:
                self.keys.append(key)
                self.texts.append(text)
                self.levels.append(_level_of(key))
                self.grams.append(bigrams(text))
            for g in bigrams(a.text()):
                df[g] = df.get(g, 0) + 1
        n = max(len(articles), 1)
        self.idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self.default_idf = math.log(n + 1)
        self._mass_cache: dict[frozenset, float] = {}
        self.postings: dict[str, list[int]] = {}
        for i, bg in enumerate(self.grams):
            for g in bg:
                self.postings.setdefault(g, []).append(i)
        self.mass = [self._mass(bg) for bg in self.grams]
        self.by_article: dict[tuple, list[int]] = {}
        for i, k in enumerate(self.keys):
            self.by_article.setdefault(k[:2], []).append(i)
        self._norm_texts: list[tuple[str, str]] | None = None
        self._score_cache: dict[frozenset, dict[int, float]] = {}

    # compatibility view used by tests and callers: (key, text, bigrams)
    @property
    def units(self):
        return list(zip(self.keys, self.texts, self.grams))

    def weight(self, g: str) -> float:
        return self.idf.get(g, self.default_idf)

    def _mass(self, grams) -> float:
        cache = self._mass_cache
        got = cache.get(grams)
        if got is None:
            idf, d = self.idf, self.default_idf
            got = math.fsum(idf.get(g, d) for g in grams)
            if len(cache) > 4096:
                cache.clear()
            cache[grams] = got
        return got

    def fit(self, context: frozenset[str], text_bigrams: frozenset[str]) -> float:
        """Share of the context's (IDF-weighted) bigrams found in the provision."""
        total = self._mass(context)
        if not total:
            return 0.0
        return math.fsum(self.weight(g) for g in context & text_bigrams) / total

    def scores(self, context: frozenset[str]) -> dict[int, float]:
        """fit(context, unit) for every unit sharing a bigram with the context (inverted index)."""
        got = self._score_cache.get(context)
        if got is not None:
            return got
        total = self._mass(context)
        acc: dict[int, list[float]] = {}
        if total:
            for g in sorted(context):
                w = self.weight(g)
                for i in self.postings.get(g, ()):
                    acc.setdefault(i, []).append(w)
        out = {i: math.fsum(ws) / total for i, ws in acc.items()}
        if len(self._score_cache) > 2048:
            self._score_cache.clear()
        self._score_cache[context] = out
        return out

    def ranked(self, context: frozenset[str], level: str, within: tuple | None = None) -> list[tuple[tuple, float]]:
        sc = self.scores(context)
        idxs = self.by_article.get(within, []) if within is not None else range(len(self.keys))
        out = [(self.keys[i], sc.get(i, 0.0)) for i in idxs if self.levels[i] == level]
        return sorted(out, key=lambda x: (-x[1], x[0][0], x[0][2] or 0, x[0][3] or 0))

    def best(self, context: frozenset[str], level: str = "article", within: tuple | None = None,
             exclude: tuple | None = None) -> tuple[tuple, float] | None:
        """The provision (at `level`: article / paragraph / item) that fits `context` best."""
        for key, score in self.ranked(context, level, within):
            if exclude is not None and key[:2] == exclude:
                continue
            return key, score
        return None

    def similar(self, probe: frozenset[str], ctx: frozenset[str], level: str) -> tuple[tuple, float] | None:
        """The provision most similar to a provision text (IDF-weighted cosine of bigram sets), the context
        breaking ties; any level when nothing at `level` comes close."""
        pm = self._mass(probe)
        if not pm:
            return None
        inter: dict[int, list[float]] = {}
        for g in sorted(probe):
            w = self.weight(g)
            for i in self.postings.get(g, ()):
                inter.setdefault(i, []).append(w)
        ctx_scores = self.scores(ctx) if ctx else {}
        best_at, best_any = None, None
        for i, ws in inter.items():
            m = self.mass[i]
            s = math.fsum(ws) / math.sqrt(pm * m) if m else 0.0
            s += 0.1 * ctx_scores.get(i, 0.0)
            key = self.keys[i]
            if self.levels[i] == level and (best_at is None or (s, -i) > (best_at[1], -best_at[2])):
                best_at = (key, s, i)
            if best_any is None or (s, -i) > (best_any[1], -best_any[2]):
                best_any = (key, s, i)
        if best_at is not None and best_any is not None and best_at[1] >= best_any[1] - 0.1:
            return best_at[0], best_at[1]
        return (best_any[0], best_any[1]) if best_any else None

    def containing(self, quote: str) -> tuple | None:
        """The narrowest provision whose text contains the whole quote."""
        frags = quote_fragments(quote)
        if not frags or sum(len(f) for f in frags) < 6:
            return None
        if self._norm_texts is None:
            self._norm_texts = [(norm(t), norm(_without_labels(t))) for t in self.texts]
        hits = []
        for key, (n1, n2) in zip(self.keys, self._norm_texts):
            for cand in (n1, n2):
                pos = 0
                for f in frags:
                    i = cand.find(f, pos)
                    if i < 0:
                        break
                    pos = i + len(f)
                else:
                    hits.append(key)
                    break
        if not hits:
            return None
        hits.sort(key=lambda k: (k[0], k[1] or "", -(k[3] is not None), -(k[2] is not None)))
        return hits[0]


# old-numbering by content: the described facts must fit the mapped provision this well, and this many times
# better than the provision the number names today (tuned on bench/data/old_numbering/dev.toml)
OLD_FIT_MIN = 0.05
OLD_FIT_RATIO = 2.0
OLD_FIT_MARGIN = 0.02


def key_to_ref(law: str, key: tuple) -> str:
    number, suffix, para, item = key
    s = f"{law}/{number}{suffix or ''}"
    if para is not None:
        s += f"/{para}"
        if item is not None:
            s += f"/{item}"
    return s


# ------------------------------------------------------------------------------------------- renumbering

@dataclass
class RenumberEntry:
    old: tuple[int, int | None, int | None]   # article, paragraph, item (no suffixes in the tables)
    new: list[str]                             # undated refs: 安全生产法/99/1/5
    keywords: list[str]


@dataclass
class RenumberTable:
    law: str
    old_version: str
    old_label: str
    new_version: str
    entries: list[RenumberEntry] = field(default_factory=list)
    path: str = ""
    covers: tuple[str, ...] = ()       # years of the amendments whose texts share the old numbering
    _by_article: dict | None = None

    def lookup(self, article: int, paragraph: int | None, item: int | None) -> RenumberEntry | None:
        """The most specific entry for an old provision (item entry, else paragraph entry, else article)."""
        if self._by_article is None:
            self._by_article = {}
            for e in self.entries:
                self._by_article.setdefault(e.old[0], []).append(e)
        best, best_rank = None, -1
        for e in self._by_article.get(article, ()):
            a, p, i = e.old
            if a != article:
                continue
            if i is not None:
                if item != i or (paragraph is not None and p is not None and paragraph != p):
                    continue
                rank = 2
            elif p is not None:
                if paragraph != p:
                    continue
                rank = 1
            else:
                rank = 0
            if rank > best_rank:
                best, best_rank = e, rank
        return best


def table_covers(t: RenumberTable, hint: str | None) -> bool:
    """A renumbering table maps the old version a citation names: any for 原第… / 修正前… or no hint, and
    for a year only the table's own old version (2009年修正 is not the 2014 text)."""
    if hint is None or hint == "old":
        return True
    return hint == t.old_version[:4] or f"{hint}年" in t.old_label or hint in t.covers


def load_renumbering(corpus: Path) -> dict[str, list[RenumberTable]]:
    out: dict[str, list[RenumberTable]] = {}
    folder = Path(corpus) / "renumbering"
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        t = RenumberTable(data["law"], data["old_version"], data.get("old_label", ""), data["new_version"],
                          path=str(path), covers=tuple(str(y) for y in data.get("covers", ())))
        for m in data.get("map", []):
            nums = [int(x) for x in m["old"].split("/")]
            rest: list[int | None] = [*nums[1:3], None, None]
            new = m["new"] if isinstance(m["new"], list) else [m["new"]]
            t.entries.append(RenumberEntry((nums[0], rest[0], rest[1]), [f"{t.law}/{n}" for n in new],
                                           list(m.get("keywords", []))))
        out.setdefault(t.law, []).append(t)
    return out


# ------------------------------------------------------------------------------------------- handbook links

def load_handbook_pairs(corpus: Path) -> dict[str, set[str]]:
    """violated provision (undated ref) -> the penalty bases the penalty handbook gives for it (from
    indexer.handbook's validated catalogue: the one reader of corpus/handbook)."""
    from indexer.handbook.catalogue import catalogue

    pairs: dict[str, set[str]] = {}
    for v in catalogue(Path(corpus)).violations:
        for a in v.violated:
            pairs.setdefault(a, set()).update(v.basis)
    return pairs


# ------------------------------------------------------------------------------------------- numbered lists

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


# ------------------------------------------------------------------------------------------- the verifier

_SENT_END = "。；;！？!?\n"
MIN_CONTEXT = 12        # bigrams of context text needed before similarity may suggest anything
MIN_FIT = 0.18          # a provision must cover this share of the context to be suggested
MARGIN = 0.08           # … and beat the cited one by this much


class Verifier:
    def __init__(self, resolver: Resolver, corpus: Path):
        self.resolver = resolver
        self.store = resolver.store
        self.tables = load_renumbering(corpus)
        self.handbook = load_handbook_pairs(corpus)
        # plain words of the facts (电焊工, 安全员) -> the statute's (特种作业人员, 安全生产管理人员), so the facts can
        # be compared with a provision's text
        self.thesaurus = Thesaurus(Path(corpus) / "search" / "thesaurus.toml")
        self._indexes: dict[int, VersionIndex] = {}
        self._ref_cache: dict[tuple, tuple] = {}
        self._nversions: dict[str, int] = {}
        self._title_cache: dict[tuple, object] = {}
        self._memo: dict[tuple, list[str]] = {}

    def index(self, version) -> VersionIndex:
        idx = self._indexes.get(version.id)
        if idx is None:
            idx = VersionIndex(list(self.resolver.articles(version).values()))
            self._indexes[version.id] = idx
        return idx

    # ---- context: the sentence of the citation and the one before, without citations and quotes, plus the
    # item of a numbered fact list the citation's own list item or 第X项违法行为 points to
    def context(self, text: str, r: Resolved, spans: list[tuple[int, int]], lists: ListIndex | None = None,
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

    # ---- quotes
    def check_quote(self, r: Resolved, text: str) -> None:
        q = r.ex.quote
        if q is None:
            return
        quote = text[q[0]:q[1]]
        r.quote = quote
        if len(norm(quote)) < 2 or not r.provisions:
            return
        existing = [p for p in r.provisions if p.article is not None and p.status in ("ok", "not_in_force")]
        if not existing or r.law is None or r.version is None:
            return
        law, version = r.law, r.version
        for p in existing:
            if quote_in(quote, provision_text(_art(p), p.written)) or quote_in(quote, _art(p).text()):
                return
        # mismatch: closest passage of the cited provision(s)
        best = None
        for p in existing:
            target = provision_text(_art(p), p.written)
            passage, diff = closest_passage(quote, target)
            score = sum(len(t) for op, t in diff if op == "equal")
            if best is None or score > best[0]:
                best = (score, passage, diff, p)
        assert best is not None
        score, passage, diff, p = best
        if _only_punctuation_differs(diff):
            return
        if score < 0.4 * len(norm(quote)):
            # the quote is not from this provision at all: show the provision, a diff would be noise
            passage, diff = provision_text(_art(p), p.written), []
        r.expected_text = passage
        r.diff = diff
        for prov in existing:
            if prov.status == "ok":
                prov.status = "quote_mismatch"
        other = None
        hit = self.index(version).containing(quote)
        if hit is not None and (hit[0], hit[1]) not in {(pp.written.article, pp.written.suffix) for pp in existing}:
            other = key_to_ref(law.key, hit)
            r.add_suggestion(other)
        label = p.written.human(law.title, single_paragraph=len(_art(p).paragraphs) == 1)
        msg = f"引文与{label}（{version.effective_from} 施行版本）原文不一致"
        if other:
            msg += f"；所引文字见于{Ref.parse(other).human(law.title)}，可能沿用了旧版条文序号"
        p.message = msg

    # ---- suggestions: old numbering, nonexistent provisions, repealed or not yet effective laws
    def suggest(self, r: Resolved, ctx, date: str, frame: Resolved | None = None) -> None:
        """Candidates for the provision the citation probably means, each with its evidence; the strongest
        become `suggestions` (and a warning when the cited provision exists but looks like an old number).
        `ctx` is the context text or a callable giving it (computed only when some rule needs it)."""
        if r.law is None:
            return
        c = _Context(ctx)
        if r.status == "not_in_force" and r.old_version != "missing" and not r.ex.version_hint:
            self._replacement_law(r, c.bg, date)
            return
        tables = [t for t in self.tables.get(r.law.key, [])
                  if (r.version is None or r.version.effective_from == t.new_version)
                  and table_covers(t, r.ex.version_hint)]
        multi = self._version_count(r.law.key) > 1
        explicit = r.old_version == "missing" or getattr(r, "version_missing", False)
        frame_old = frame is not None and any(w.code == "old_numbering" for w in frame.warnings)
        if not tables and not multi and r.old_version is None and \
                all(p.status in ("ok", "quote_mismatch") for p in r.provisions):
            return                     # nothing could suggest anything: no need for the context
        current_version = self.store.version_on(r.law.key, date) if r.old_version == "library" else r.version
        idx = self.index(current_version) if current_version is not None else None
        flagged = False
        for prov in r.provisions:
            w = prov.written
            if w.article is None:
                continue
            exists = prov.status in ("ok", "quote_mismatch", "not_in_force") and prov.article is not None
            cited_text = provision_text(prov.article, w) if prov.article is not None else ""
            fit_cache: list[float] = []

            def cited_fit() -> float:
                # for a nonexistent 款/项, how well the article itself fits
                if not fit_cache:
                    fit_cache.append(idx.fit(c.bg, bigrams(cited_text)) if idx is not None and cited_text else 0.0)
                return fit_cache[0]

            chosen: list[str] = []
            why = ""
            # a quote that matches the provision the number names in this version says the number is this
            # version's: the words around it (the facts, the penalty) are weaker evidence than the quote itself
            quote_confirms = prov.status == "ok" and prov.article is not None and len(norm(r.quote or "")) >= 2
            # 1. explicit old version held by the library (原第十二条): map its text to the current version
            if r.old_version == "library" and prov.article is not None and current_version is not None:
                target = self._map_text(cited_text, c.bg, current_version, _level(w))
                if target:
                    chosen, why = [target], "old_text"
            # 2. authored renumbering tables (old text not in the library)
            for t in tables if not chosen and not w.suffix else ():
                entry = t.lookup(w.article, w.paragraph, w.item)
                if entry is None:
                    continue
                specific = _entry_level(entry) == _level(w) or (_level(w) == "item" and entry.old[2] is not None)
                if explicit or frame_old:
                    chosen, why = list(entry.new), "table"
                elif quote_confirms:
                    pass
                else:
                    cited_kw = _kw(cited_text)
                    hits = [k for k in entry.keywords if _kw(k) in c.kw and _kw(k) not in cited_kw]
                    if hits and _level(w) == "item" and not specific:
                        hits = []     # an item cited, but the table knows only the old article: not evidence
                    if hits:
                        chosen, why = list(entry.new), f"上下文涉及“{hits[0]}”"
                    elif not exists and specific:
                        tfit = max((self._fit_ref(n, c.bg, date) for n in entry.new), default=0.0)
                        if not (cited_fit() >= 0.1 and cited_fit() >= 2 * tfit + 0.03):
                            chosen, why = list(entry.new), "现行文本中没有该条款"
                    elif exists and c.rich:
                        # the facts described fit the old provision's current place far better than the
                        # provision the number now names (第二十七条第一款 for a special-operations certificate)
                        facts = c.expanded(self.thesaurus)
                        tfit = max((self._fit_ref(n, facts, date) for n in entry.new), default=0.0)
                        cfit = idx.fit(facts, bigrams(cited_text)) if idx is not None and cited_text else 0.0
                        if tfit >= OLD_FIT_MIN and tfit >= OLD_FIT_RATIO * cfit + OLD_FIT_MARGIN:
                            chosen, why = list(entry.new), "所述内容与现行对应条文相符"
                if chosen:
                    flagged = flagged or why != "table"
                    if why != "table" or not explicit:
                        targets = "、".join(human_ref(n, self.resolver.lib) for n in chosen)
                        r.old_numbering_why = why  # type: ignore[attr-defined]
                        r.warnings.append(_w("old_numbering", f"疑似沿用{t.old_label}条文序号（{why}）；"
                                                              f"对应现行{targets}"))
                    break
            # 3. other versions the library holds
            if not chosen and multi and r.version is not None and r.old_version is None and c.rich and \
                    not quote_confirms:
                got = self._cross_version(r, prov, c.bg, cited_fit(), exists)
                if got:
                    chosen, why = got
            # 4. a nonexistent paragraph / item: the fitting one of the same article
            if not chosen and not exists and prov.article is not None:
                got = self._nearby(r, prov, c.bg)
                if got:
                    chosen = [got]
            for ch in chosen:
                r.add_suggestion(self._duty_if_violation(r, ch, c, date))
        # 第三十一条、第三十二条: when one provision of a list reads as an old number, so do the others
        if flagged and not explicit:
            for prov in r.provisions:
                w = prov.written
                if w.article is None or w.suffix:
                    continue
                for t in tables:
                    entry = t.lookup(w.article, w.paragraph, w.item)
                    if entry is not None:
                        for n in entry.new:
                            r.add_suggestion(self._duty_if_violation(r, n, c, date))

    def _version_count(self, key: str) -> int:
        n = self._nversions.get(key)
        if n is None:
            n = self._nversions[key] = len(self.store.versions(key))
        return n

    def _fit_ref(self, ref: str, ctx_bg: frozenset[str], date: str) -> float:
        key = (ref, date)
        got = self._ref_cache.get(key)
        if got is None:
            rr = Ref.parse(ref)
            v = self.store.version_on(rr.law, date) or self.store.latest_version(rr.law)
            art = self.resolver.article(v, rr.article, rr.suffix) if v is not None and rr.article is not None else None
            got = (v, bigrams(provision_text(art, rr)) if art is not None else None)
            if len(self._ref_cache) > 8192:
                self._ref_cache.clear()
            self._ref_cache[key] = got
        v, grams = got
        if grams is None:
            return 0.0
        return self.index(v).fit(ctx_bg, grams)

    def _map_text(self, text: str, ctx_bg: frozenset[str], version, level: str) -> str | None:
        """The provision of `version` (at `level`, else any level) most similar to `text`."""
        key = ("map", text, version.id, level, ctx_bg)
        if key not in self._memo:
            if len(self._memo) > 4096:
                self._memo.clear()
            self._memo[key] = [x for x in [self._map_text_uncached(text, ctx_bg, version, level)] if x]
        got = self._memo[key]
        return got[0] if got else None

    def _map_text_uncached(self, text: str, ctx_bg: frozenset[str], version, level: str) -> str | None:
        idx = self.index(version)
        best = idx.similar(bigrams(text), ctx_bg, level)
        if best is None or best[1] < 0.25:
            return None
        return key_to_ref(version.law, best[0])

    def _cross_version(self, r: Resolved, prov, ctx_bg: frozenset[str], cited_fit: float, exists: bool):
        """The same number in another version fits the text better (or exists where the cited one does
        not): map that provision to the version in force."""
        w = prov.written
        law, version = r.law, r.version
        if law is None or version is None:
            return None
        for v in self.store.versions(law.key):
            if v.id == version.id:
                continue
            art = self.resolver.article(v, w.article, w.suffix)
            if art is None:
                continue
            other = _place(w, art, v.effective_from)
            if other is None:
                continue
            other_text = provision_text(art, other)
            other_fit = self.index(v).fit(ctx_bg, bigrams(other_text))
            penalty_swap = (r.ex.role == "basis" and prov.article is not None and
                            not is_penalty_article(prov.article.headings, prov.article.text()) and
                            is_penalty_article(art.headings, art.text()))
            if exists and not penalty_swap and (other_fit < 0.06 or other_fit < 3 * cited_fit + 0.02):
                continue
            if not exists and other_fit < 0.03 and not penalty_swap:
                continue
            target = self._map_text(other_text, ctx_bg, version, _level(other))
            if target is None or target == str(w.undated()):
                continue
            when = "旧版" if v.effective_from < version.effective_from else "新版"
            r.warnings.append(_w("old_numbering",
                                 f"所述内容与《{law.title}》{when}（{v.effective_from} 施行）{other.human(law.title)[len(law.title) + 2:]}"
                                 f"相符，疑似沿用{when}条文序号；{version.effective_from} 施行版本中对应"
                                 f"{human_ref(target, self.resolver.lib)}"))
            return [target], "cross_version"
        return None

    def _nearby(self, r: Resolved, prov, ctx_bg: frozenset[str]) -> str | None:
        art, w = prov.article, prov.written
        if r.law is None or r.version is None:
            return None
        if prov.status == "no_such_item" and not any(p.items for p in art.paragraphs):
            para = f"/{w.paragraph}" if w.paragraph and len(art.paragraphs) > 1 and w.paragraph <= len(art.paragraphs) else ""
            return f"{r.law.key}/{art.slug}{para}"
        if prov.status == "no_such_paragraph" and len(art.paragraphs) == 1:
            return f"{r.law.key}/{art.slug}"
        if not ctx_bg:
            return None
        level = "item" if prov.status == "no_such_item" else "paragraph"
        ranked = self.index(r.version).ranked(ctx_bg, level, within=(art.number, art.suffix))
        if ranked and ranked[0][1] >= 0.05 and (len(ranked) == 1 or ranked[0][1] >= ranked[1][1] + 0.02):
            return key_to_ref(r.law.key, ranked[0][0])
        return None

    def _duty_if_violation(self, r: Resolved, ref: str, c: _Context, date: str) -> str:
        """A 违反 citation should name a duty, not a penalty: swap a penalty target for the duty the handbook
        links to it."""
        if r.ex.role != "violation":
            return ref
        rr = Ref.parse(ref)
        v = self.store.version_on(rr.law, date) or self.store.latest_version(rr.law)
        art = self.resolver.article(v, rr.article, rr.suffix) if v is not None and rr.article is not None else None
        if art is None or not is_penalty_article(art.headings, art.text()):
            return ref
        duties = sorted({a for a, bases in self.handbook.items()
                         if any(b == ref or b.startswith(ref + "/") or ref.startswith(b + "/") for b in bases)})
        if len(duties) == 1:
            return duties[0]
        if duties and c.bg:
            scored = sorted(((self._fit_ref(d, c.bg, date), d) for d in duties), reverse=True)
            if scored[0][0] >= 0.05 and (len(scored) == 1 or scored[0][0] >= scored[1][0] + 0.02):
                return scored[0][1]
        return ref

    def _replacement_law(self, r: Resolved, ctx_bg: frozenset[str], date: str) -> None:
        """A repealed law: the law that repealed it; a law not yet in force: the in-force law with the closest
        title. The fitting provision of that law."""
        law = r.law
        if law is None:
            return
        succ = None
        if law.repealed_by:
            m = re.search(r"《([^》]+)》", law.repealed_by)
            if m:
                try:
                    succ = self.resolver.lib.find_law(m.group(1))
                except LawError:
                    succ = None
        if succ is None:
            succ = self._closest_title(law, date)
        if succ is None:
            return
        v = self.store.version_on(succ.key, date)
        if v is None:
            return
        idx = self.index(v)
        for prov in r.provisions:
            if prov.article is None:
                continue
            memo_key = ("succ", str(prov.written), v.id, ctx_bg)
            if memo_key in self._memo:
                for ref in self._memo[memo_key]:
                    r.add_suggestion(ref)
                continue
            if len(self._memo) > 4096:
                self._memo.clear()
            self._memo[memo_key] = []
            probe = bigrams(provision_text(prov.article, prov.written)) | ctx_bg
            ranked = idx.ranked(probe, "item") + idx.ranked(probe, "paragraph") + idx.ranked(probe, "article")
            ranked.sort(key=lambda x: -x[1])
            if ranked and ranked[0][1] >= 0.1:
                ref = key_to_ref(succ.key, ranked[0][0])
                self._memo[memo_key] = [ref]
                r.add_suggestion(ref)

    def _closest_title(self, law, date: str):
        ck = (law.key, date)
        if ck not in self._title_cache:
            if len(self._title_cache) > 4096:
                self._title_cache.clear()
            self._title_cache[ck] = self._closest_title_uncached(law, date)
        return self._title_cache[ck]

    def _closest_title_uncached(self, law, date: str):
        key = law.key
        best, best_len = None, 0
        for other in self.store.laws.values():
            if other.key == key or self.store.version_on(other.key, date) is None:
                continue
            n = 0
            for a, b in zip(key, other.key):
                if a != b:
                    break
                n += 1
            if n > best_len:
                best, best_len = other, n
        return best if best_len >= 4 else None

    # ---- pairing
    def pairing(self, results: list[Resolved], text: str) -> None:
        """违反了A的规定，依据B的规定，决定…: B should be a penalty provision covering A. Pairs are taken only
        where the decision reads that way: A at most one sentence before B, and B's sentence imposes a
        penalty (处罚 / 罚款 / 决定 / 给予 …)."""
        last_violations: list[Resolved] = []
        last_basis_end = 0
        for r in results:
            if r.ex.role == "violation" and r.law is not None:
                if last_violations and "\n\n" in text[last_violations[-1].ex.end:r.ex.start]:
                    last_violations = []
                last_violations.append(r)
            elif r.ex.role == "basis" and r.law is not None and last_violations:
                viol = [v for v in last_violations if v.ex.start >= last_basis_end]
                between = text[viol[-1].ex.end:r.ex.start] if viol else ""
                sentence_end = min([i for i in (text.find(ch, r.ex.end) for ch in "。；;\n") if i >= 0] or [len(text)])
                imposes = _PENALTY_WORDS_RE.search(text, r.ex.end, sentence_end)
                if viol and imposes and len(between) <= 200 and sum(between.count(ch) for ch in "。；;\n") <= 1:
                    self._pair(viol, r)
                last_basis_end = r.ex.end
                last_violations = []

    def _pair(self, violations: list[Resolved], basis: Resolved) -> None:
        provs = [p for p in basis.provisions if p.article is not None and p.status in ("ok", "quote_mismatch")]
        if not provs:
            return
        if basis.law is None:
            return
        if not any(is_penalty_article(_art(p).headings, provision_text(_art(p), p.written)) or
                   is_penalty_article(_art(p).headings, _art(p).text()) for p in provs):
            labels = "、".join(p.written.human(basis.law.title) for p in provs)
            basis.warnings.append(_w("basis_not_penalty", f"处罚依据{labels}不是罚则条款（没有规定处罚）"))
            return
        cited = {str(p.written.undated()) for p in provs}
        for v in violations:
            for vp in v.provisions:
                if vp.article is None:
                    continue
                allowed = self.handbook.get(str(vp.written.undated())) or \
                    self.handbook.get(str(vp.written.undated().article_ref()))
                if not allowed:
                    continue
                if any(a == c or c.startswith(a + "/") or a.startswith(c + "/") for a in allowed for c in cited):
                    continue
                want = "、".join(human_ref(a, self.resolver.lib) for a in sorted(allowed))
                basis.warnings.append(_w("basis_mismatch",
                                         f"违反{vp.written.human(v.law.title if v.law else None)}的行为，处罚手册给出的处罚依据为"
                                         f"{want}，与所引处罚依据不一致"))
                if len(allowed) == 1 and len(violations) == 1 and len(v.provisions) == 1:
                    basis.add_suggestion(next(iter(allowed)))


class _Context:
    """The text around a citation, computed on first use, with its keyword form and bigrams."""

    def __init__(self, source):
        self._source = source
        self._text = None
        self._kw = None
        self._bg = None
        self._expanded: frozenset[str] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._source() if callable(self._source) else (self._source or "")
        return self._text

    @property
    def kw(self) -> str:
        if self._kw is None:
            self._kw = _kw(self.text)
        return self._kw

    @property
    def bg(self) -> frozenset[str]:
        if self._bg is None:
            self._bg = bigrams(self.text)
        return self._bg

    def expanded(self, thesaurus) -> frozenset[str]:
        """Bigrams of the text with the statute words its plain words stand for (once per citation)."""
        if self._expanded is None:
            extra = [x for _, x in thesaurus.expand(self.text)]
            self._expanded = bigrams(self.text + "\n" + "\n".join(extra)) if extra else self.bg
        return self._expanded

    @property
    def rich(self) -> bool:
        """Enough words around the citation to judge it by similarity."""
        return len(self.bg) >= MIN_CONTEXT


_KW_DROP_RE = re.compile(r"[\W_和及与]+")


@lru_cache(maxsize=8192)
def _kw(text: str) -> str:
    """Keyword matching ignores punctuation and the conjunctions 和/及/与 (陈述、申辩 = 陈述和申辩 = 陈述申辩)."""
    return _KW_DROP_RE.sub("", text)


_PENALTY_WORDS_RE = re.compile(r"处罚|罚款|处以|并处|给予|决定|警告|责令停产|吊销|没收")


def _level(ref: Ref) -> str:
    return "item" if ref.item is not None else "paragraph" if ref.paragraph is not None else "article"


def _entry_level(e: RenumberEntry) -> str:
    return "item" if e.old[2] is not None else "paragraph" if e.old[1] is not None else "article"


def _art(p) -> Article:
    """The article of a provision known to exist (the callers filtered on it)."""
    assert p.article is not None
    return p.article


def _place(w: Ref, art: Article, version: str) -> Ref | None:
    """`w` placed in `art` of another version (its item in the paragraph carrying items), None if absent."""
    para, item = w.paragraph, w.item
    if item is not None and para is None:
        fitting = [i for i, p in enumerate(art.paragraphs, 1) if len(p.items) >= item]
        if not fitting:
            return None
        para = fitting[0]
    if para is not None and para > len(art.paragraphs):
        return None
    if item is not None and para is not None and item > len(art.paragraphs[para - 1].items):
        return None
    return Ref(w.law, version, w.article, w.suffix, para, item)


def _w(code: str, message: str):
    from .resolve import Warning_
    return Warning_(code, message)
