"""Errors the law-reading services raise. At the bottom of `indexer/`: every layer may import it."""

from __future__ import annotations

from pathlib import Path


class LawError(LookupError):
    """A lookup that cannot be answered; `message` is Chinese and shown to people as is."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class LibraryNotBuilt(LawError):
    def __init__(self, data: Path):
        super().__init__("not_built", f"数据目录 {data} 中还没有法规索引，请先运行 lawdesk index")
