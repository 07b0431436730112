"""Search documents beyond the statutes — the penalty handbook's entries and procedure sections today, the
study units next — plug into the index build and the result list through a `Source`.

`index.py`, `build.py` and `search.py` sit below the handbook and never import it: the sources are named in
configuration (`Settings.sources`, "module:attribute", like an entry point) and loaded on first use, so a new
kind of document is added by naming it there, not by editing the index."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

Document = tuple[str, str, dict]          # (doc id, content hash, fields), as index.documents yields


@dataclass(frozen=True)
class Source:
    kinds: tuple[str, ...]                                   # doc ids are "<kind>:<key>"
    documents: Callable[[Path, object], Iterable[Document]]  # (authored-data folder, library model)
    fingerprint: Callable[[Path], str]                       # content hash of what `documents` reads
    row: Callable[[object, str, list[str], str], dict]       # (LawLibrary, doc id, query terms, as-of) -> row


@lru_cache(maxsize=8)
def load_sources(specs: tuple[str, ...]) -> tuple[Source, ...]:
    out = []
    for spec in specs:
        module, _, attr = spec.partition(":")
        out.append(getattr(importlib.import_module(module), attr))
    return tuple(out)


def source_for(sources: Iterable[Source], doc_id: str) -> Source:
    kind = doc_id.split(":", 1)[0]
    for s in sources:
        if kind in s.kinds:
            return s
    raise KeyError(f"no search-document source for {doc_id!r}")
