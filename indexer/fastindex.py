"""Term-at-a-time BM25F over numpy arrays: the fast path for ranked keyword queries.

Why: Whoosh evaluates an OR of a dozen terms over 150k articles one posting at a time in Python
(p50 ~200 ms, p95 > 600 ms measured here), while officers type whole sentences. The same analysis
(indexer.analyzer) is written once more at build time as a compressed-sparse-row matrix
term -> (article ordinals, weighted term frequency); a query is a handful of numpy gathers and one
bincount. Whoosh stays the index of record and answers phrase queries, which need positions.

Files in the generation folder: fast/vocab.json (terms in row order), fast/docs.json (document ids and the
string columns), fast/*.npy (offsets, docs, tfs, doc lengths and the per-article columns used by filters
and ranking), memory-mapped by readers. A build writes the postings from parts (one per chunk of
documents, `fast_part`, merged by `merge_parts`) and the columns separately (`write_columns`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


HEADING_WEIGHT = 1.5
KINDS = ("article", "handbook", "procedure")
K1 = 1.2
B = 0.75


def write_fast_index(out: Path, docs: list[dict]) -> None:
    """`docs`: the documents of indexer.index.documents (not laws), in a fixed order. One process; a build
    makes the same arrays from parts written by its workers (`fast_part`, `merge_parts`)."""
    from .analyzer import Tokens
    tokens = Tokens()
    part = fast_part(docs, lambda d: tokens.expanded(d["text"]), tokens.expanded)
    merge_parts(out, [part], columns(docs))


def fast_part(docs: list[dict], text_tokens, heading_tokens) -> dict:
    """The postings of a run of documents (ordinals from 0): their terms in order of first appearance and
    a compressed-sparse-row matrix term -> (ordinal, weighted term frequency), plus the document lengths.
    `text_tokens(doc)` and `heading_tokens(text)` give the expanded tokens (indexer.analyzer.Tokens), so a
    caller that also writes Whoosh segments segments each text once.

    Tokens are mapped to ids in one pass; the (term, doc) pairs are then counted and grouped with numpy
    (one sort), which keeps a part's million postings to a fraction of a second."""
    from array import array
    vocab: dict[str, int] = {}
    term_ids = array("i")                     # 4 bytes a token: a part of 20,000 articles holds millions
    text_counts = np.zeros(len(docs), dtype=np.int64)
    head_counts = np.zeros(len(docs), dtype=np.int64)
    heading_cache: dict[str, list[int]] = {}
    get = vocab.setdefault
    for ordinal, d in enumerate(docs):
        ids = [get(w, len(vocab)) for w in text_tokens(d)]
        heading = d.get("heading") or ""
        hids = heading_cache.get(heading)
        if hids is None:
            hids = heading_cache[heading] = [get(w, len(vocab)) for w in heading_tokens(heading)]
        term_ids.extend(ids)
        term_ids.extend(hids)
        text_counts[ordinal] = len(ids)
        head_counts[ordinal] = len(hids)
    lengths = (text_counts + HEADING_WEIGHT * head_counts).astype(np.float32)
    n = max(1, len(docs))
    per_doc = np.stack([text_counts, head_counts], axis=1).ravel()        # text run, heading run, …
    doc_of = np.repeat(np.repeat(np.arange(len(docs), dtype=np.int64), 2), per_doc)
    w = np.repeat(np.tile(np.array([1.0, HEADING_WEIGHT], dtype=np.float32), len(docs)), per_doc)
    key = np.frombuffer(term_ids, dtype=np.int32).astype(np.int64) * n + doc_of
    del term_ids, doc_of
    order = np.argsort(key, kind="stable")
    key, w = key[order], w[order]
    del order
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))) if len(key) else np.zeros(0, np.int64)
    tfs = np.add.reduceat(w, starts) if len(w) else np.zeros(0, dtype=np.float32)
    pair = key[starts]
    offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.add.at(offsets, pair // n + 1, 1)
    return {"terms": list(vocab), "offsets": np.cumsum(offsets), "docs": (pair % n).astype(np.int32),
            "tfs": tfs.astype(np.float32), "lengths": lengths}


def save_part(path: Path, part: dict) -> None:
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, offsets=part["offsets"], docs=part["docs"], tfs=part["tfs"], lengths=part["lengths"],
             terms=np.frombuffer("\0".join(part["terms"]).encode("utf-8"), dtype=np.uint8))
    tmp.replace(path)


def load_part(path: Path) -> dict:
    with np.load(path) as z:
        raw = z["terms"].tobytes().decode("utf-8")
        return {"terms": raw.split("\0") if raw else [], "offsets": z["offsets"], "docs": z["docs"],
                "tfs": z["tfs"], "lengths": z["lengths"]}


def _part_head(part) -> tuple[list[str], np.ndarray, int]:
    if isinstance(part, dict):
        return part["terms"], part["offsets"], len(part["lengths"])
    with np.load(part) as z:
        raw = z["terms"].tobytes().decode("utf-8")
        return (raw.split("\0") if raw else []), z["offsets"], 0


def _part_postings(part) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if isinstance(part, dict):
        return part["docs"], part["tfs"], part["lengths"]
    with np.load(part) as z:
        return z["docs"], z["tfs"], z["lengths"]


def columns(docs: list[dict]) -> dict:
    """The per-document columns of the fast arrays (filters and ranking), in document order."""
    return {"ids": [d["id"] for d in docs], "law": [d["law"] for d in docs], "level": [d["level"] for d in docs],
            "region": [d["region"] for d in docs], "eff_from": [d["eff_from"] for d in docs],
            "eff_to": [d["eff_to"] for d in docs], "core": [bool(d["core"]) for d in docs],
            "penalty": [bool(d["penalty"]) for d in docs], "latest": [bool(d["latest"]) for d in docs],
            "kind": [KINDS.index(d["kind"]) for d in docs]}


def merge_parts(out: Path, parts, cols: dict | None = None) -> None:
    """Write the fast arrays (and, given `cols`, the columns) of the parts, in order (a part is a dict from `fast_part` or the path of a
    saved one; its ordinals follow the previous part's), as if one `fast_part` had read every document:
    the same vocabulary order (first appearance) and posting order, so rankings do not depend on how the
    build was split."""
    out.mkdir(parents=True, exist_ok=True)
    heads = [_part_head(p) for p in parts]            # terms and offsets only: postings are read one part at a time
    vocab: dict[str, int] = {}
    gids = []
    for terms, _offsets, _n in heads:
        get = vocab.setdefault
        gids.append(np.fromiter((get(t, len(vocab)) for t in terms), dtype=np.int64, count=len(terms)))
    counts = np.zeros(len(vocab), dtype=np.int64)
    for (_t, part_offsets, _n), g in zip(heads, gids):
        np.add.at(counts, g, np.diff(part_offsets))
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    del counts
    total = int(offsets[-1])
    docs_out = np.empty(total, dtype=np.int32)
    tfs_out = np.empty(total, dtype=np.float32)
    cursor = offsets[:-1].copy()
    base = 0
    runs: list[np.ndarray] = []
    for p, (_t, part_offsets, _n), g in zip(parts, heads, gids):
        docs, tfs, lens_doc = _part_postings(p)
        lens = np.diff(part_offsets)
        # each of the part's rows goes to the end of what earlier parts put in that term's row
        dest = np.repeat(cursor[g] - part_offsets[:-1], lens) + np.arange(len(docs))
        docs_out[dest] = docs + base
        tfs_out[dest] = tfs
        del dest
        cursor[g] += lens
        base += len(lens_doc)
        runs.append(lens_doc)
    lengths = np.concatenate(runs) if runs else np.zeros(0, dtype=np.float32)
    arrays: dict[str, np.ndarray] = {"offsets": offsets, "docs": docs_out, "tfs": tfs_out,
                                     "lengths": lengths.astype(np.float32)}
    for name, arr in arrays.items():      # one .npy each: readers map them instead of loading them
        np.save(out / f"{name}.npy", arr)
    with (out / "vocab.json").open("w", encoding="utf-8") as fh:
        json.dump(list(vocab), fh, ensure_ascii=False)
    if cols is not None:
        write_columns(out, cols)


def write_columns(out: Path, cols: dict) -> None:
    """The per-document columns (`columns`) of the fast arrays: law.npy … and docs.json."""
    out.mkdir(parents=True, exist_ok=True)
    laws = sorted(set(cols["law"]))
    law_idx = {k: i for i, k in enumerate(laws)}
    arrays: dict[str, np.ndarray] = {
        "law": np.array([law_idx[k] for k in cols["law"]], dtype=np.int32),
        "core": np.array(cols["core"], dtype=bool), "penalty": np.array(cols["penalty"], dtype=bool),
        "latest": np.array(cols["latest"], dtype=bool), "kind": np.array(cols["kind"], dtype=np.int8),
    }
    for name, arr in arrays.items():
        np.save(out / f"{name}.npy", arr)
    meta = {"ids": cols["ids"], "laws": laws, "levels": cols["level"], "regions": cols["region"],
            "eff_from": cols["eff_from"], "eff_to": cols["eff_to"]}
    with (out / "docs.json").open("w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False)


@dataclass
class Hit:
    ordinal: int
    score: float


class FastIndex:
    def __init__(self, folder: Path):
        with (folder / "vocab.json").open(encoding="utf-8") as fh:
            self.terms = {t: i for i, t in enumerate(json.load(fh))}
        with (folder / "docs.json").open(encoding="utf-8") as fh:
            meta = json.load(fh)
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

    def locality_weights(self, where, other_city: float, elsewhere: float) -> np.ndarray:
        """Per-document multiplier for a unit at `where` (indexer.jurisdiction): 1 for national law and the
        unit's own province and city, `other_city` for another city's rules of its province, `elsewhere`
        for other provinces' rules. Computed once per place, like the status weights."""
        from .jurisdiction import applies

        cache = self.__dict__.setdefault("_locality", {})
        key = (where, other_city, elsewhere)
        w = cache.get(key)
        if w is None:
            factor = {"national": 1.0, "local": 1.0, "other_city": other_city, "elsewhere": elsewhere}
            first: dict[int, int] = {}
            for ordinal, law in enumerate(self.law.tolist()):
                first.setdefault(law, ordinal)
            per_law = np.ones(len(self.laws), dtype=np.float32)
            for law, ordinal in first.items():
                region = self.regions[ordinal]
                if region:
                    per_law[law] = factor[applies(self.laws[law], str(region), where)]
            w = np.where(self.regions == "", 1.0, per_law[self.law]).astype(np.float32)
            if len(cache) > 8:
                cache.clear()
            cache[key] = w
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
