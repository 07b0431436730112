"""Which provision of one version fits a text: bigram sets with IDF weights over every article, paragraph and
item, for old-numbering suggestions and for finding where a misattributed quote really stands."""

from __future__ import annotations

import math
from functools import lru_cache

from indexer.model import Article

from .quotes import fragments_in, norm, quote_fragments, without_item_labels


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
            self._norm_texts = [(norm(t), norm(without_item_labels(t))) for t in self.texts]
        hits = [key for key, (n1, n2) in zip(self.keys, self._norm_texts)
                if fragments_in(frags, n1) or fragments_in(frags, n2)]
        if not hits:
            return None
        hits.sort(key=lambda k: (k[0], k[1] or "", -(k[3] is not None), -(k[2] is not None)))
        return hits[0]



def key_to_ref(law: str, key: tuple) -> str:
    number, suffix, para, item = key
    s = f"{law}/{number}{suffix or ''}"
    if para is not None:
        s += f"/{para}"
        if item is not None:
            s += f"/{item}"
    return s
