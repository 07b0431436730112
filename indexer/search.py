"""Statute search: query -> ranked article versions with snippets.

Stages (each a small function): parse the query (quoted phrases, words) -> build a Whoosh query ->
BM25F over title/heading/text -> re-rank the top candidates (version in force on the as-of date, core
collection, penalty provisions for 罚 queries) -> snippets from the store."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from whoosh import query as Q
from whoosh.scoring import BM25F

from .analyzer import segment
from .refs import Ref

PHRASE_RE = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")
PENALTY_QUERY = ("罚", "处罚", "罚款", "法律责任", "吊销", "没收")
CANDIDATES = 200
STATUS_WEIGHT = {"in_force": 1.0, "not_yet": 0.75, "superseded": 0.55, "repealed": 0.45}
CORE_WEIGHT = 1.35


class SearchError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.code = "bad_query"
        self.message = message


@dataclass
class ParsedQuery:
    text: str
    phrases: list[list[str]] = field(default_factory=list)   # segmented quoted phrases
    words: list[str] = field(default_factory=list)           # other words
    penalty: bool = False

    @property
    def terms(self) -> list[str]:
        return [w for p in self.phrases for w in p] + self.words


def parse_query(text: str) -> ParsedQuery:
    text = (text or "").strip()
    if not text:
        raise SearchError("请输入检索词")
    if len(text) > 200:
        raise SearchError("检索词过长（最多 200 字）")
    phrases = [segment(m.group(1)) for m in PHRASE_RE.finditer(text)]
    rest = PHRASE_RE.sub(" ", text)
    words = segment(rest)
    phrases = [p for p in phrases if p]
    if not phrases and not words:
        raise SearchError("检索词中没有可检索的字词")
    return ParsedQuery(text=text, phrases=phrases, words=words, penalty=any(w in text for w in PENALTY_QUERY))


def word_query(word: str, boost: float = 1.0) -> Q.Query:
    return Q.Or([Q.Term("title", word), Q.Term("heading", word), Q.Term("text", word)], boost=boost)


def build_query(pq: ParsedQuery, extra: list[tuple[str, float]] = ()) -> Q.Query:
    """Quoted phrases must match as phrases; words are OR-ed with a coordination bonus so articles
    matching more of them rank higher. `extra` adds (word, weight) expansions below the literal words."""
    must = [Q.Phrase("text", p) if len(p) > 1 else Q.Term("text", p[0]) for p in pq.phrases]
    should = [word_query(w) for w in dict.fromkeys(pq.words)]
    should += [word_query(w, boost=weight) for w, weight in extra]
    if must and should:
        return Q.AndMaybe(Q.And(must), Q.Or(should))
    if must:
        return Q.And(must)
    return Q.Or(should, scale=0.9)


def snippet(text: str, terms: list[str], width: int = 120) -> tuple[str, list[tuple[int, int]]]:
    """The window of `text` with the most term hits, and the hit spans inside it."""
    flat = text.replace("\n", " ")
    hits = []
    for t in set(terms):
        if not t:
            continue
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
    best, best_count = 0, -1
    for i, (s, _e) in enumerate(hits):
        count = sum(1 for s2, _ in hits[i:] if s2 < s + width)
        if count > best_count:
            best, best_count = s, count
    begin = max(0, best - 20)
    end = min(len(flat), begin + width)
    window = flat[begin:end]
    spans = []
    last_end = -1
    for s, e in hits:
        if s >= begin and e <= end and s >= last_end:
            spans.append((s - begin + (1 if begin else 0), e - begin + (1 if begin else 0)))
            last_end = e
    prefix = "…" if begin else ""
    suffix = "…" if end < len(flat) else ""
    return prefix + window + suffix, spans


def version_status(eff_from: str, eff_to: str, date: str, repealed: bool) -> str:
    if eff_from > date:
        return "not_yet"
    if not eff_to or date < eff_to:
        return "in_force"
    return "repealed" if repealed else "superseded"


def search(lib, text: str, *, limit: int = 10, offset: int = 0, law: str | None = None, as_of: str | None = None,
           level: str | None = None, region: str | None = None, status: str | None = None,
           kinds: tuple[str, ...] = ("article",), expansions: list[tuple[str, float]] = ()) -> dict:
    """Run a search; returns the JSON shape of `lawdesk search --json`."""
    from .service import STATUS_LABELS, check_date

    t0 = time.perf_counter()
    date = check_date(as_of)
    if not 1 <= limit <= 100:
        raise SearchError("limit 应在 1 到 100 之间")
    pq = parse_query(text)
    q = build_query(pq, list(expansions))
    filters = [Q.Or([Q.Term("kind", k) for k in kinds])]
    if law:
        filters.append(Q.Term("law", lib.find_law(law).key))
    if level:
        filters.append(Q.Term("level", level))
    if region:
        filters.append(Q.Term("region", region))
    searcher = lib.searcher()
    results = searcher.search(q, filter=Q.And(filters), limit=max(CANDIDATES, offset + limit), terms=False)
    total = len(results)
    laws = lib.store.laws
    ranked = []
    for hit in results:
        f = hit.fields()
        law_row = laws.get(f["law"])
        st = version_status(f["eff_from"], f.get("eff_to", ""), date,
                            bool(law_row and law_row.repealed_on and f.get("eff_to") == law_row.repealed_on))
        if law_row and law_row.expired and not law_row.repealed_on and st == "in_force" and f.get("latest"):
            st = "repealed"
        if status and st != status:
            continue
        w = hit.score * STATUS_WEIGHT[st]
        if f.get("core"):
            w *= CORE_WEIGHT
        if pq.penalty and f.get("penalty"):
            w *= 1.3
        ranked.append((w, hit.docnum, f, st))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    out = []
    for w, _docnum, f, st in ranked[offset:offset + limit]:
        out.append(result_row(lib, f, w, st, pq.terms, STATUS_LABELS))
    if status:
        total = len(ranked)
    return {"query": text, "as_of": date, "total": total, "offset": offset, "limit": limit, "results": out,
            "elapsed_ms": round((time.perf_counter() - t0) * 1000, 2)}


def result_row(lib, f: dict, score: float, st: str, terms: list[str], labels: dict) -> dict:
    law_row = lib.store.laws.get(f["law"])
    title = law_row.title if law_row else f["law"]
    if f["kind"] == "law":
        return {"kind": "law", "law": title, "law_key": f["law"], "version": f["eff_from"], "article": None,
                "suffix": None, "ref": f["law"], "heading": "", "score": round(score, 4),
                "snippet": title, "highlights": [], "status": st, "status_label": labels[st],
                "citation": f"《{title}》"}
    ref = Ref.parse(f["id"])
    found = lib.store.get(ref)
    text = found.article.text() if found else ""
    snip, spans = snippet(text, terms)
    return {
        "kind": "article", "law": title, "law_key": f["law"], "version": ref.version, "article": ref.article,
        "suffix": ref.suffix, "ref": str(ref), "heading": " ".join(found.article.headings) if found else "",
        "score": round(score, 4), "snippet": snip, "highlights": spans, "status": st, "status_label": labels[st],
        "citation": ref.human(title), "level": f.get("level"), "core": bool(f.get("core")),
    }


__all__ = ["search", "parse_query", "build_query", "snippet", "SearchError", "BM25F"]
