"""The violation catalogue (corpus/handbook/violations/*.toml, authored by the penalty handbook) as drafting
needs it: an entry's references, subject role, discretion levels and their fine sub-ranges.

The handbook package (`indexer.handbook`) owns the catalogue and its checks; drafting needs only the authored
fields (references, subject role, levels with fine sub-ranges, fact template), so it reads the TOML files
directly (read-only) and stays independent of the handbook's object model. Live search and the discretion
calculator in the web wizard go through the handbook's own API (/api/v1/handbook/...)."""

from __future__ import annotations

import re
import threading
import tomllib
from pathlib import Path

from indexer.config import CORPUS_DIR

_lock = threading.Lock()
_cache: dict[str, dict] | None = None
_cache_dir: Path | None = None


def _load(folder: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted((folder / "handbook" / "violations").glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for e in data.get("violation", []):
            if "id" in e:
                out[e["id"]] = e
    return out


def entries(corpus: Path | None = None) -> dict[str, dict]:
    """id -> entry dict (as authored: id, name, subject, subject_role, violated, basis, levels …)."""
    global _cache, _cache_dir
    folder = Path(corpus or CORPUS_DIR)
    if _cache is None or _cache_dir != folder:
        with _lock:
            _cache = _load(folder)
            _cache_dir = folder
    return _cache


def entry(entry_id: str, corpus: Path | None = None) -> dict | None:
    return entries(corpus).get(entry_id)


def level(entry_id: str, name: str, corpus: Path | None = None) -> dict | None:
    e = entry(entry_id, corpus)
    if not e:
        return None
    return next((lv for lv in e.get("levels", []) if lv.get("name") == name), None)


def search(q: str, kind: str, limit: int = 12, corpus: Path | None = None) -> list[dict]:
    """Catalogue entries matching every word of `q` (name, keywords, description, references, id), best first:
    a word in the name counts 3, in the keywords 2, elsewhere 1, and an entry for the party's kind 1 more."""
    words = [w for w in re.split(r"\s+", q) if w]
    scored = []
    for e in entries(corpus).values():
        hay = " ".join([e.get("name", ""), " ".join(e.get("keywords", [])), e.get("description", ""),
                        " ".join(e.get("violated", [])), " ".join(e.get("basis", [])), e.get("id", "")])
        if all(w in hay for w in words):
            score = sum(3 if w in e.get("name", "") else 2 if w in " ".join(e.get("keywords", [])) else 1
                        for w in words)
            if e.get("subject") == kind:
                score += 1
            scored.append((-score, e["id"], e))
    return [e for _, _, e in sorted(scored)[:limit]]
