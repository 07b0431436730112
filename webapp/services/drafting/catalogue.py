"""The violation catalogue (corpus/handbook/violations/*.toml, authored by the penalty handbook) as drafting
needs it: an entry's references, subject role, discretion levels and their fine sub-ranges.

The handbook package (`indexer.handbook`) owns the catalogue and its checks; drafting needs only the authored
fields (references, subject role, levels with fine sub-ranges, fact template), so it reads the TOML files
directly (read-only) and stays independent of the handbook's object model. Live search and the discretion
calculator in the web wizard go through the handbook's own API (/api/v1/handbook/...)."""

from __future__ import annotations

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
