"""Suggestions for the provision a citation probably means, each with its evidence: old numbering (an explicit
old version the library holds, the authored renumbering tables, the same number in another version that fits the
surrounding text better), a nonexistent paragraph or item of an existing article, the law that replaced a
repealed one; and for a 违反 citation, the duty rather than the penalty."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from indexer.errors import LawError
from indexer.index import is_penalty_article
from indexer.model import Article
from indexer.query import Thesaurus
from indexer.refs import Ref

from .loaders import RenumberEntry, RenumberTable, table_covers
from .quotes import norm
from .resolve import Resolved, Resolver, Warning_, human_ref, provision_text
from .similarity import VersionIndex, bigrams, key_to_ref

# old-numbering by content: the described facts must fit the mapped provision this well, and this many times
# better than the provision the number names today (tuned on bench/data/old_numbering/dev.toml)
OLD_FIT_MIN = 0.05
OLD_FIT_RATIO = 2.0
OLD_FIT_MARGIN = 0.02
MIN_CONTEXT = 12        # bigrams of context text needed before similarity may suggest anything


class Suggester:
    """Holds the caches of the suggestion rules (per law, per version, per context) across the citations of
    many documents; the version indexes are the verifier's, shared with its quote check."""

    def __init__(self, resolver: Resolver, tables: dict[str, list[RenumberTable]], handbook: dict[str, set[str]],
                 thesaurus: Thesaurus, index: Callable[[Any], VersionIndex]):
        self.resolver = resolver
        self.store = resolver.store
        self.tables = tables
        self.handbook = handbook
        # plain words of the facts (电焊工, 安全员) -> the statute's (特种作业人员, 安全生产管理人员), so the facts can
        # be compared with a provision's text
        self.thesaurus = thesaurus
        self.index = index
        self._ref_cache: dict[tuple, tuple] = {}
        self._nversions: dict[str, int] = {}
        self._title_cache: dict[tuple, object] = {}
        self._memo: dict[tuple, list[str]] = {}

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
                        r.warnings.append(Warning_("old_numbering", f"疑似沿用{t.old_label}条文序号（{why}）；"
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
            r.warnings.append(Warning_("old_numbering",
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
