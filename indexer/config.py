"""Where the statute library and the data folder are.

The library defaults to ../shared/corpus next to the checkout (the project never copies statute texts);
the data folder (derived store, search index, app database) defaults to instance/ in the checkout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "corpus"          # authored data of the project
DEFAULT_LIBRARY = PROJECT_ROOT.parent / "shared" / "corpus"
DEFAULT_DATA = PROJECT_ROOT / "instance"
# Search documents beyond the statutes (indexer/sources.py): the handbook entries and procedure sections.
DEFAULT_SOURCES = ("indexer.handbook.search:SOURCE",)


@dataclass(frozen=True)
class Settings:
    library: Path
    data: Path
    corpus: Path = CORPUS_DIR
    sources: tuple[str, ...] = DEFAULT_SOURCES

    @classmethod
    def resolve(cls, library: str | os.PathLike | None = None, data: str | os.PathLike | None = None) -> Settings:
        lib = Path(library or os.environ.get("LAWDESK_LIBRARY") or DEFAULT_LIBRARY).expanduser().resolve()
        dat = Path(data or os.environ.get("LAWDESK_DATA") or DEFAULT_DATA).expanduser().resolve()
        return cls(library=lib, data=dat)

    @property
    def library_dir(self) -> Path:
        """The live build (store + index) inside the data folder; see indexer.build."""
        return self.data / "library"
