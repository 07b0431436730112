"""Term-at-a-time BM25F over numpy arrays: the fast path for ranked keyword queries.

Why: Whoosh evaluates an OR of a dozen terms over 150k articles one posting at a time in Python
(p50 ~200 ms, p95 > 600 ms measured here), while officers type whole sentences. The same analysis
(indexer.analyzer) is written once more at build time as a compressed-sparse-row matrix
term -> (article ordinals, weighted term frequency); a query is a handful of numpy gathers and one
bincount. Whoosh stays the index of record and answers phrase queries, which need positions.

Files in the generation folder: fast/vocab.json (terms in row order), fast/*.npy (offsets, docs, tfs,
doc lengths and the per-article columns used by filters and ranking), memory-mapped by readers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .analyzer import LegalTokenizer

HEADING_WEIGHT = 1.5
KINDS = ("article", "handbook", "procedure")
K1 = 1.2
B = 0.75


def _tokens(tokenizer: LegalTokenizer, text: str) -> list[str]:
    return [t.text for t in tokenizer(text)]


def write_fast_index(out: Path, docs: list[dict]) -> None:
    """`docs`: the documents of indexer.index.documents (not laws), in a fixed order.

    Tokens are mapped to ids in one pass; the (term, doc) pairs are then counted and grouped with numpy
    (one sort), which keeps the whole library's ~10 million postings to a few seconds."""
    out.mkdir(parents=True, exist_ok=True)
    tok = LegalTokenizer()
    vocab: dict[str, int] = {}
    term_ids: list[int] = []
    doc_ids: list[int] = []
    weights: list[float] = []
    lengths = np.zeros(len(docs), dtype=np.float32)
    heading_cache: dict[str, list[int]] = {}
    get = vocab.setdefault
    for ordinal, d in enumerate(docs):
        ids = [get(w, len(vocab)) for w in _tokens(tok, d["text"])]
        heading = d.get("heading") or ""
        hids = heading_cache.get(heading)
        if hids is None:
            hids = heading_cache[heading] = [get(w, len(vocab)) for w in _tokens(tok, heading)]
        term_ids.extend(ids)
        term_ids.extend(hids)
        doc_ids.extend([ordinal] * (len(ids) + len(hids)))
        weights.extend([1.0] * len(ids))
        weights.extend([HEADING_WEIGHT] * len(hids))
        lengths[ordinal] = len(ids) + HEADING_WEIGHT * len(hids)
    terms = np.asarray(term_ids, dtype=np.int64)
    docs_arr = np.asarray(doc_ids, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float32)
    key = terms * max(1, len(docs)) + docs_arr
    order = np.argsort(key, kind="stable")
    key, w = key[order], w[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    tfs = np.add.reduceat(w, starts) if len(w) else np.zeros(0, dtype=np.float32)
    pair = key[starts]
    flat_terms = (pair // max(1, len(docs))).astype(np.int64)
    flat_docs = (pair % max(1, len(docs))).astype(np.int32)
    offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.add.at(offsets, flat_terms + 1, 1)
    offsets = np.cumsum(offsets)
    laws = sorted({d["law"] for d in docs})
    law_idx = {k: i for i, k in enumerate(laws)}
    arrays: dict[str, np.ndarray] = {
        "offsets": offsets, "docs": flat_docs, "tfs": tfs.astype(np.float32), "lengths": lengths,
        "law": np.array([law_idx[d["law"]] for d in docs], dtype=np.int32),
        "core": np.array([bool(d["core"]) for d in docs]), "penalty": np.array([bool(d["penalty"]) for d in docs]),
        "latest": np.array([bool(d["latest"]) for d in docs]),
        "kind": np.array([KINDS.index(d["kind"]) for d in docs], dtype=np.int8),
    }
    for name, arr in arrays.items():      # one .npy each: readers map them instead of loading them
        np.save(out / f"{name}.npy", arr)
    meta = {"terms": list(vocab), "ids": [d["id"] for d in docs], "laws": laws,
            "levels": [d["level"] for d in docs], "regions": [d["region"] for d in docs],
            "eff_from": [d["eff_from"] for d in docs], "eff_to": [d["eff_to"] for d in docs]}
    (out / "vocab.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


@dataclass
class Hit:
    ordinal: int
    score: float


class FastIndex:
    def __init__(self, folder: Path):
        meta = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        self.terms = {t: i for i, t in enumerate(meta["terms"])}
        self.ids: list[str] = meta["ids"]
        self.laws: list[str] = meta["laws"]
        self.law_index = {k: i for i, k in enumerate(self.laws)}
        self.levels = np.array(meta["levels"])
        self.regions = np.array(meta["regions"])
        self.eff_from = np.array(meta["eff_from"])
        self.eff_to = np.array(meta["eff_to"])
        def load(name):
            # memory-mapped: a query touches the pages of its few posting lists, not the whole matrix
            return np.load(folder / f"{name}.npy", mmap_mode="r")
        self.offsets = load("offsets")
        self.docs = load("docs")
        self.tfs = load("tfs")
        self.lengths = np.asarray(load("lengths"))
        self.law = np.asarray(load("law"))
        self.core = np.asarray(load("core"))
        self.penalty = np.asarray(load("penalty"))
        self.latest = np.asarray(load("latest"))
        self.kind = np.asarray(load("kind"))
        self.n = len(self.ids)
        self._status_weights: dict[tuple, np.ndarray] = {}
        self.avgdl = float(self.lengths.mean()) if self.n else 1.0
        self._norm = K1 * (1 - B + B * self.lengths / self.avgdl)

    def df(self, term: str) -> int:
        row = self.terms.get(term)
        return 0 if row is None else int(self.offsets[row + 1] - self.offsets[row])

    def idf(self, term: str) -> float:
        df = self.df(term)
        return float(np.log(1 + (self.n - df + 0.5) / (df + 0.5))) if df else 0.0

    def scores(self, weighted_terms: list[tuple[str, float]], coord: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
        """BM25F scores of every article for `(term, weight)` pairs: (scores, matched-term counts).

        A coordination bonus (`coord` per extra matched query term, relative) lifts articles that match
        more of a long query, as officers' sentences are long and every content word matters."""
        score = np.zeros(self.n, dtype=np.float32)
        matched = np.zeros(self.n, dtype=np.float32)
        for term, weight in weighted_terms:
            row = self.terms.get(term)
            if row is None:
                continue
            a, b = int(self.offsets[row]), int(self.offsets[row + 1])
            docs = self.docs[a:b]
            tf = self.tfs[a:b]
            part = self.idf(term) * weight * tf * (K1 + 1) / (tf + self._norm[docs])
            score[docs] += part
            matched[docs] += min(weight, 1.0)
        if coord:
            score *= 1 + coord * np.maximum(matched - 1, 0)
        return score, matched

    def status_weights(self, date: str, weights: dict[str, float], core_weight: float) -> np.ndarray:
        """Per-article multiplier for the as-of date (in force / not yet / superseded) and the core
        collection; the string comparisons over every article are done once per date, not per query."""
        key = (date, core_weight, tuple(sorted(weights.items())))
        w = self._status_weights.get(key)
        if w is None:
            in_force = (self.eff_from <= date) & ((self.eff_to == "") | (date < self.eff_to))
            not_yet = self.eff_from > date
            w = np.where(in_force, weights["in_force"], np.where(not_yet, weights["not_yet"], weights["superseded"]))
            w = (w * np.where(self.core, core_weight, 1.0)).astype(np.float32)
            if len(self._status_weights) > 8:
                self._status_weights.clear()
            self._status_weights[key] = w
        return w

    def mask(self, laws: list[str] | None = None, level: str | None = None, region: str | None = None,
             kinds: tuple[str, ...] | None = None) -> np.ndarray | None:
        m = None
        if kinds is not None:
            m = np.isin(self.kind, [KINDS.index(k) for k in kinds if k in KINDS])
        if laws is not None:
            idx = [self.law_index[k] for k in laws if k in self.law_index]
            lm = np.isin(self.law, idx)
            m = lm if m is None else m & lm
        if level:
            lm = self.levels == level
            m = lm if m is None else m & lm
        if region:
            rm = self.regions == region
            m = rm if m is None else m & rm
        return m
