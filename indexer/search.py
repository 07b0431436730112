"""Statute search: query -> ranked article versions with snippets.

Stages, each a small function: understand the query (indexer.query: citations, law names, phrases,
words, thesaurus expansions) -> candidates (a cited article first; BM25F over the fast arrays for words,
Whoosh for quoted phrases) -> re-rank (version in force on the as-of date, core collection, penalty
provisions for 罚 queries, duty + penalty pairs for violation descriptions) -> rows with snippets."""

from __future__ import annotations

import time

import numpy as np
from whoosh import query as Q

from .dates import STATUS_LABELS, check_date
from .errors import LawError
from .jurisdiction import applies_label
from .longquery import MAX_QUERY
from .refs import Ref
from .sources import load_sources, source_for

CANDIDATES = 300
STATUS_WEIGHT = {"in_force": 1.0, "not_yet": 0.7, "superseded": 0.5, "repealed": 0.4}
CORE_WEIGHT = 2.0     # measured on the whole library's tuning queries: 1.35 -> 2.0 lifts nDCG@10 0.734 -> 0.774
PENALTY_WEIGHT = 1.3
NAMED_LAW_WEIGHT = 1.6
KINDS = ("article", "handbook", "procedure")
GUIDE_ROWS = 2        # at most this many handbook/procedure rows on a page: they lead to articles, not replace them
STOP_DF = 0.25        # words in more than a quarter of all articles carry no signal (的, 或者, 应当 …)
EXPANSION_WEIGHT = 0.5
SUBWORD_WEIGHT = 0.3    # whole library: tuning nDCG@10 0.774 -> 0.785, held-out 0.668 -> 0.682
OTHER_CITY_WEIGHT = 0.5  # another city's rule of the unit's province: shown, but not ahead of what binds here
ELSEWHERE_WEIGHT = 0.0   # other provinces' rules: only when asked (elsewhere=True, a region filter, the law named)


class SearchError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.code = "bad_query"
        self.message = message


def check_query(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SearchError("请输入检索词")
    if len(text) > MAX_QUERY:
        raise SearchError(f"检索内容过长：{len(text)} 字，最多 {MAX_QUERY} 字（可粘贴一段违法事实或检查记录）")
    return text


def snippet(text: str, terms: list[str], width: int = 120) -> tuple[str, list[tuple[int, int]]]:
    """The window of `text` with the most term hits, and the hit spans inside the returned string."""
    flat = text.replace("\n", " ")
    hits = []
    for t in {t for t in terms if t}:
        start = 0
        while True:
            i = flat.find(t, start)
            if i < 0:
                break
            hits.append((i, i + len(t)))
            start = i + 1
    hits.sort()
    if not hits:
        return flat[:width] + ("…" if len(flat) > width else ""), []
    best, best_count = hits[0][0], -1
    for i, (s, _e) in enumerate(hits):
        count = sum(1 for s2, _ in hits[i:] if s2 < s + width)
        if count > best_count:
            best, best_count = s, count
    begin = max(0, best - 20)
    end = min(len(flat), begin + width)
    prefix = "…" if begin else ""
    spans, last_end = [], -1
    for s, e in hits:
        if s >= begin and e <= end and s >= last_end:
            spans.append((s - begin + len(prefix), e - begin + len(prefix)))
            last_end = e
    return prefix + flat[begin:end] + ("…" if end < len(flat) else ""), spans


def status_of(eff_from: str, eff_to: str, date: str, repealed_on: str | None) -> str:
    if eff_from > date:
        return "not_yet"
    if not eff_to or date < eff_to:
        return "in_force"
    return "repealed" if repealed_on and eff_to == repealed_on else "superseded"


def search(lib, text: str, *, limit: int = 10, offset: int = 0, law: str | None = None, as_of: str | None = None,
           level: str | None = None, region: str | None = None, status: str | None = None,
           expand: bool = True, kinds: tuple[str, ...] = KINDS, where=None, elsewhere: bool = False) -> dict:
    """Run a search; returns the JSON shape of `lawdesk search --json`. `where` (an
    indexer.jurisdiction.Jurisdiction: the unit's place) ranks other cities' rules lower and leaves other
    provinces' out unless `elsewhere`, a region filter or the query names the law asks for them."""

    t0 = time.perf_counter()
    date = check_date(as_of)
    text = check_query(text)
    if not 1 <= limit <= 100 or offset < 0:
        raise SearchError("limit 应在 1 到 100 之间，offset 不能为负")
    u = lib.query_parser().parse(text, expand=expand)
    law_filter = [lib.find_law(law).key] if law else None
    fast = lib.fast_index()
    rows: list[dict] = []
    seen: set[str] = set()

    # 1. a cited article (any version: the one in force on the date, else the nearest) comes first
    if u.citation and (law_filter is None or u.citation.law in law_filter):
        c = u.citation
        try:
            view = lib.article(c.law, f"{c.article}{c.suffix or ''}", as_of=date)
            row = article_row(lib, view.ref, view.status, 1e6, u.terms, STATUS_LABELS)
            row["focus"] = focus(view.article, c.paragraph, c.item)
            missing = missing_part(view, row["focus"])
            if missing:
                rows.append({"kind": "notice", "message": missing, "ref": "", "law": c.law, "score": 1e6})
            rows.append(row)
            seen.add(row["ref"])
        except LawError as exc:
            rows.append({"kind": "notice", "message": exc.message, "ref": "", "law": c.law, "score": 1e6})
    if u.law_only and not u.citation and law_filter is None:
        rows.append(law_row(lib, u.laws[0], date, STATUS_LABELS))

    leading = len(rows)

    # 2. ranked candidates
    weights = [(w, u.weight(w)) for w in u.words if fast.df(w) <= STOP_DF * fast.n]
    # a compound the user typed (听证程序) also finds its parts (听证, 程序), below the whole word
    weights += [(part, SUBWORD_WEIGHT) for part in subwords(u.words) if fast.df(part) <= STOP_DF * fast.n]
    if expand:
        # measured on the tuning part: full weight for expansions of words the statutes never use
        # (安全帽 -> 劳动防护用品) did not beat a flat weight below the literal words
        weights += [(w, EXPANSION_WEIGHT) for w, _source in u.expansions if fast.df(w) <= STOP_DF * fast.n]
    if u.law_only and not u.citation:
        scope = law_filter or u.laws
        weights = []
    scores = None
    if weights or u.phrases:
        scores, _matched = fast.scores(weights)
        mask = fast.mask(law_filter, level, region, kinds=kinds)
        if u.phrases:
            phrase_mask = np.zeros(fast.n, dtype=bool)
            ordinals = lib.fast_ordinals()
            for doc_id in phrase_matches(lib, u.phrases):
                o = ordinals.get(doc_id)
                if o is not None:
                    phrase_mask[o] = True
            scores = scores + phrase_mask.astype(np.float32) * 1.0
            mask = phrase_mask if mask is None else mask & phrase_mask
        if mask is not None:
            scores = np.where(mask, scores, 0)
        scores = rerank(lib, fast, scores, u, date)
        if where is not None:
            scores = scores * locality(fast, u, where, elsewhere or bool(region) or bool(law_filter))
    elif u.law_only:
        # the law's own articles in order, as a table of contents would list them
        m = fast.mask(scope, kinds=("article",))
        scores = np.where(m, 1.0 / (1 + np.arange(fast.n, dtype=np.float32) * 1e-4), 0) if m is not None else None
        if scores is not None:
            scores = rerank(lib, fast, scores, u, date)

    total = 0
    ranked: list[tuple[float, int, str]] = []
    if scores is not None:
        hit_idx = np.flatnonzero(scores > 0)
        if status:
            sts = statuses(lib, fast, hit_idx, date)
            hit_idx = hit_idx[sts == status]
        total = int(hit_idx.size)
        if hit_idx.size:
            k = min(CANDIDATES, hit_idx.size)
            top = hit_idx[np.argpartition(-scores[hit_idx], k - 1)[:k]]
            top = top[np.lexsort((top, -scores[top]))]
            ranked = [(float(scores[i]), int(i), fast.ids[i]) for i in top]
    if u.violation and ranked:
        ranked = pair_duty_and_penalty(fast, ranked)
    rows += result_rows(lib, fast, ranked, seen, offset + limit - len(rows), date, u.terms, kinds)
    for r in rows:
        if r.get("kind") == "article" and r.get("region"):
            r["applies"] = applies_label(r["law_key"], r["region"], where)
    # rows put first (a law, a cited article, a notice) count too, unless the ranking found them as well
    ordinals = lib.fast_ordinals()
    extra = sum(1 for r in rows[:leading]
                if not (scores is not None and r.get("ref") in ordinals and scores[ordinals[r["ref"]]] > 0))
    out = {"query": text, "as_of": date, "total": total + extra, "offset": offset, "limit": limit,
           "results": rows[offset:offset + limit],
           "understood": {"citation": bool(u.citation), "laws": u.laws, "words": u.words,
                          "expansions": [w for w, _ in u.expansions], "penalty": u.penalty,
                          "dropped": u.dropped},
           "elapsed_ms": round((time.perf_counter() - t0) * 1000, 2)}
    note = lib.unfinished_note() if hasattr(lib, "unfinished_note") else None
    if note:      # only the core collection is indexed so far: the results may change
        out["library"] = {"complete": False, "note": note}
    return out


def result_rows(lib, fast, ranked: list[tuple[float, int, str]], seen: set[str], want: int, date: str,
                terms: list[str], kinds: tuple[str, ...]) -> list[dict]:
    """The first `want` rows of the ranking: articles and handbook / procedure rows (at most GUIDE_ROWS of
    them among the rows in force, as many after them, unless only guides are searched). Articles 尚未施行 on
    `date` and entries whose basis is not in force then (rows marked `deferred`) come after all the others."""
    only_guides = all(k != "article" for k in kinds)
    rows: list[dict] = []
    later: list[dict] = []
    guides = {False: 0, True: 0}
    for score, ordinal, doc_id in ranked:
        if len(rows) >= want:
            break
        if doc_id in seen:
            continue
        seen.add(doc_id)
        if fast.kind[ordinal]:
            if min(guides.values()) >= GUIDE_ROWS and not only_guides:
                continue
            row = guide_row(lib, doc_id, score, terms, date)
            deferred = bool(row.get("deferred"))
            if guides[deferred] >= GUIDE_ROWS and not only_guides:
                continue
            guides[deferred] += 1
        else:
            st = status_of(fast.eff_from[ordinal], fast.eff_to[ordinal], date, repealed_on(lib, fast, ordinal))
            row = article_row(lib, Ref.parse(doc_id), st, score, terms, STATUS_LABELS)
            row["deferred"] = deferred = st == "not_yet"
        (later if deferred else rows).append(row)
    return rows + later[:max(0, want - len(rows))]


def subwords(words: list[str]) -> list[str]:
    import rjieba
    out: list[str] = []
    for w in words:
        if len(w) > 2:
            out += [p for p in rjieba.cut_for_search(w) if p != w and len(p) >= 2 and p not in words and p not in out]
    return out


def rerank(lib, fast, scores: np.ndarray, u, date: str) -> np.ndarray:
    """Multipliers: version status on the date, core collection, penalty intent, laws named in the query."""
    w = fast.status_weights(date, STATUS_WEIGHT, CORE_WEIGHT)
    if u.penalty:
        w = w * np.where(fast.penalty, PENALTY_WEIGHT, 1.0)
    if u.laws:
        named = fast.mask(u.laws)
        if named is not None:
            w = w * np.where(named, NAMED_LAW_WEIGHT, 1.0)
    return (scores * w).astype(np.float32)


def locality(fast, u, where, elsewhere: bool) -> np.ndarray:
    """The unit's-place multiplier (fastindex.locality_weights); laws the query names keep full weight."""
    w = fast.locality_weights(where, OTHER_CITY_WEIGHT, 1.0 if elsewhere else ELSEWHERE_WEIGHT)
    if u.laws:
        named = fast.mask(u.laws)
        if named is not None:
            w = np.where(named, 1.0, w)
    return w


def repealed_on(lib, fast, ordinal: int) -> str | None:
    law = lib.store.laws.get(fast.laws[fast.law[ordinal]])   # handbook rows have no law
    return law.repealed_on if law else None


def statuses(lib, fast, idx: np.ndarray, date: str) -> np.ndarray:
    """Status on `date` of the articles at `idx`. A status filter may see 100k hits, so the statuses of all
    articles are computed once per date (vectorised) and kept with the fast index, like its weights."""
    cache = fast.__dict__.setdefault("_statuses", {})
    every = cache.get(date)
    if every is None:
        eff_from, eff_to = fast.eff_from, fast.eff_to
        repealed_to = np.array([(lib.store.laws.get(k) or _NO_LAW).repealed_on or "" for k in fast.laws])[fast.law]
        every = np.where(eff_from > date, "not_yet",
                         np.where((eff_to == "") | (date < eff_to), "in_force",
                                  np.where(eff_to == repealed_to, "repealed", "superseded")))
        if len(cache) > 8:
            cache.clear()
        cache[date] = every
    return every[idx]


class _NoLaw:
    repealed_on = None


_NO_LAW = _NoLaw()


def pair_duty_and_penalty(fast, ranked: list[tuple[float, int, str]]) -> list[tuple[float, int, str]]:
    """A violation description wants the duty article and the article punishing it: when the best hit is
    one of them, bring the best-scoring other kind from the same law up to second place."""
    best = ranked[0]
    want_penalty = not fast.penalty[best[1]]
    for i, cand in enumerate(ranked[1:40], 1):
        if fast.law[cand[1]] == fast.law[best[1]] and bool(fast.penalty[cand[1]]) == want_penalty:
            if i > 1:
                ranked = [best, cand] + [r for j, r in enumerate(ranked[1:], 1) if j != i]
            break
    return ranked


def phrase_matches(lib, phrases: list[list[str]]) -> set[str]:
    """Article ids containing every quoted phrase (Whoosh phrase queries on token positions)."""
    q = Q.And([Q.Phrase("text", p) if len(p) > 1 else Q.Term("text", p[0]) for p in phrases])
    searcher = lib.searcher()
    results = searcher.search(q, filter=Q.Term("kind", "article"), limit=None, scored=False)
    return {hit["id"] for hit in results}


def focus(article, paragraph: int | None, item: int | None) -> dict | None:
    """The 款/项 a citation names, for highlighting: 第二项 without 款 means the item of the paragraph
    that has items (usually the first)."""
    if paragraph is None and item is None:
        return None
    if paragraph is None:
        paragraph = next((i for i, p in enumerate(article.paragraphs, 1) if p.items), 1)
    return {"paragraph": paragraph, "item": item}


def missing_part(view, focus_: dict | None) -> str | None:
    """A cited 款/项 the article does not have: the article is still shown, with this warning first."""
    from .numerals import int_to_cn, item_label
    if not focus_:
        return None
    paras = view.article.paragraphs
    p = focus_["paragraph"]
    where = f"{view.ref.human(view.law.title)}（{view.version.effective_from} 施行版本）"
    if p < 1 or p > len(paras):
        return f"{where}没有第{int_to_cn(p)}款（共 {len(paras)} 款）" if p >= 1 else f"{where}没有该款"
    item = focus_.get("item")
    if item is not None and not any(it.number == item for it in paras[p - 1].items):
        return f"{where}第{int_to_cn(p)}款没有第{item_label(item) if item >= 1 else item}项"
    return None


def article_row(lib, ref: Ref, st: str, score: float, terms: list[str], labels: dict) -> dict:
    law = lib.store.laws.get(ref.law)
    title = law.title if law else ref.law
    found = lib.store.get(ref)
    text = found.article.text() if found else ""
    snip, spans = snippet(text, terms)
    return {
        "kind": "article", "law": title, "law_key": ref.law, "version": ref.version, "article": ref.article,
        "suffix": ref.suffix, "ref": str(ref), "heading": " ".join(found.article.headings) if found else "",
        "score": round(score, 4), "snippet": snip, "highlights": spans, "status": st, "status_label": labels[st],
        "citation": ref.human(title), "level": law.level if law else None, "core": bool(law and law.core),
        "region": law.region if law else None,
    }


def guide_row(lib, doc_id: str, score: float, terms: list[str], date: str) -> dict:
    """A penalty-handbook entry (both its articles, read on `date`) or a procedure section."""
    row = source_for(load_sources(lib.settings.sources), doc_id).row(lib, doc_id, terms, date)
    row["score"] = round(score, 4)
    return row


def law_row(lib, key: str, date: str, labels: dict) -> dict:
    law = lib.store.laws[key]
    st = lib.law_status(law, date)
    versions = lib.store.versions(key)
    current = lib.store.version_on(key, date) or versions[-1]
    return {"kind": "law", "law": law.title, "law_key": key, "version": current.effective_from, "article": None,
            "suffix": None, "ref": key, "heading": "", "score": 1e6, "snippet": f"{law.level}，共 {current.article_count} 条",
            "highlights": [], "status": st, "status_label": labels[st], "citation": f"《{law.title}》"}

