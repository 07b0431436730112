"""Provisions typed by an officer (issue 11.3): every form the citation checker reads (《中华人民共和国安全生产法》
第三十条第一款, 安全生产法第四十一条, …) and the reference form 安全生产法/41/2, read with the extractor in
indexer/citations (no grammar of its own). Flask-free."""

from __future__ import annotations

import dataclasses
import re

from indexer.refs import Ref, RefError

_SEP = re.compile(r"[\s,，;；、]+")


class RefInputError(ValueError):
    """The typed text names no provision that exists (message in Chinese)."""


def read_refs(text: str, checker, date: str | None = None) -> list[str]:
    """The provisions in `text` as reference strings (安全生产法/30/1), in order, each once.
    RefInputError when a part cannot be read or names no existing article."""
    text = (text or "").strip()
    if not text:
        return []
    out: list[str] = []
    prose: list[str] = []
    for token in _SEP.split(text):
        if "/" in token and "《" not in token and "第" not in token:
            try:
                ref = Ref.parse(token)
            except RefError as exc:
                raise RefInputError(str(exc)) from None
            if ref.article is None:
                raise RefInputError(f"“{token}”没有写明条")
            out.append(str(ref))
        elif token:
            prose.append(token)
    if prose:
        if checker is None:
            raise RefInputError("法规索引尚未建立，暂时只能按“安全生产法/41/2”的格式填写条款")
        written = "、".join(prose)
        result = checker.resolve_only(written, date=date)
        if not result.citations:
            raise RefInputError(f"没有从“{written}”中读出条文引用（如 《中华人民共和国安全生产法》第三十条第一款）")
        for r in result.citations:
            refs = r.refs
            if not refs or any(not p.exists for p in r.provisions):
                why = r.message or "所引条款不存在"
                raise RefInputError(f"“{r.ex.text}”：{why}")
            if any(ref.article is None for ref in refs):
                raise RefInputError(f"“{r.ex.text}”没有写明条")
            # undated like the catalogue's references: the act's date picks the version when drafting
            out.extend(str(dataclasses.replace(ref, version=None)) for ref in refs)
    return list(dict.fromkeys(out))
