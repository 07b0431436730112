"""What the handbook pages and API ask of the handbook (no Flask): the entries of a topic or a filter, an entry
as a list row with or without the statute library, the 裁量基准 levels that replace the handbook's examples,
the handbook search that treats an unsearchable query as no results, the citations of a procedures section, the
penalty provisions of a law or a reference, and the summary of the handbook checks.

A request that names nothing raises HandbookError (Chinese message, code, HTTP status)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from indexer import penalties
from indexer.dates import check_date
from indexer.errors import LawError
from indexer.handbook.benchmarks import Benchmark, BenchmarkRow, adopted_rows
from indexer.handbook.catalogue import Catalogue, Level, Section, Violation
from indexer.refs import Ref, RefError

from ..errors import ServiceError
from .browse import matches

KINDS = ("handbook", "procedure")


class HandbookError(ServiceError):
    """An entry, a section or a provision that the request names and the handbook does not have."""


# ------------------------------------------------------------------------------------------------ entries
def entry(cat: Catalogue, entry_id: str) -> Violation:
    """An entry by its number (SP-001); HandbookError 404 when the handbook has none."""
    v = cat.get(entry_id[:32])
    if v is None:
        raise HandbookError(f"处罚裁量手册中没有编号为“{entry_id[:32]}”的违法行为。", "not_found", 404)
    return v


def section(cat: Catalogue, slug: str) -> Section:
    s = cat.section(slug[:100])
    if s is None:
        raise HandbookError("程序手册中没有这一节。", "not_found", 404)
    return s


def filtered(cat: Catalogue, topic: str = "", words: str = "") -> list[Violation]:
    """The entries of a topic (any when empty) whose number, name or keywords hold every word of `words`."""
    return [v for v in cat.violations if (not topic or v.topic == topic)
            and (not words or matches(words, v.id, v.name, *v.keywords))]


def in_hit_order(entries: Iterable[Violation], hits: Sequence[dict[str, Any]]) -> list[Violation]:
    """The entries that a search found, in the order of its hits."""
    order = {e: i for i, e in enumerate(r["entry"] for r in hits)}
    return sorted((v for v in entries if v.id in order), key=lambda v: order[v.id])


def bare_row(v: Violation) -> dict[str, Any]:
    """An entry as a list row without the statute library: its references uncited, no sanctions parsed."""
    return {"id": v.id, "name": v.name, "topic": v.topic, "subject": v.subject, "subject_role": v.subject_role,
            "keywords": v.keywords, "violated": [{"ref": r, "citation": ""} for r in v.violated],
            "basis": [{"ref": r, "citation": ""} for r in v.basis], "sanctions": [], "kinds": [],
            "levels": [{"name": lv.name, "fine": lv.describe_fine()} for lv in v.levels]}


def row(lib: Any, v: Violation) -> dict[str, Any]:
    """An entry as a list row: with citations and statutory sanctions when the library is built."""
    from indexer.handbook.present import entry_summary
    return entry_summary(lib, v) if lib is not None else bare_row(v)


def adopted_for(v: Violation, units: list[Benchmark]) -> tuple[Benchmark | None, list[BenchmarkRow]]:
    """The first adopted 裁量基准 that covers the entry today, and its rows for it."""
    return adopted_rows(v, units, check_date(None))


def levels(v: Violation, rows: list[BenchmarkRow]) -> list[Level]:
    """The levels the calculator offers: an adopted 基准's grades, else the handbook's example levels."""
    return [r.as_level() for r in rows] if rows else v.levels


# ------------------------------------------------------------------------------------------------- search
def search(lib: Any, cat: Catalogue, q: str, kinds: tuple[str, ...] = KINDS, limit: int = 20) -> dict[str, Any]:
    """The handbook search; a query with nothing searchable in it (only punctuation or spaces) finds nothing."""
    from indexer.handbook.search import search_handbook
    from indexer.search import SearchError
    try:
        return search_handbook(lib, q, limit=limit, kinds=kinds, catalogue=cat)
    except SearchError:
        return {"query": q, "total": 0, "results": [], "source": "none", "elapsed_ms": 0}


# ------------------------------------------------------------------------------------- sections, provisions
def section_data(s: Section) -> dict[str, Any]:
    """A procedures section with the citations in its text."""
    from indexer.handbook.citations import extract
    d = s.to_dict()
    d["citations"] = [{"law": c.law_name, "text": c.text, "article": c.article, "suffix": c.suffix,
                       "paragraph": c.paragraph, "item": c.item} for c in extract(s.text)]
    return d


def provisions(lib: Any, law: str = "", ref: str = "") -> list[penalties.Provision]:
    """The penalty provision a reference points into, or every penalty provision of a law."""
    if ref:
        try:
            p = penalties.provision(lib, Ref.parse(ref))
        except (RefError, LawError) as exc:
            raise HandbookError(getattr(exc, "message", None) or str(exc), "invalid_parameter") from None
        if p is None:
            raise HandbookError(f"{ref} 不是可解析的罚则条款。", "not_found", 404)
        return [p]
    if not law:
        raise HandbookError("请给出参数 law（法规名称）或 ref（条文引用）。", "invalid_parameter")
    try:
        key = lib.find_law(law).key
    except LawError as exc:
        raise HandbookError(exc.message, "unknown_law", 404) from None
    return [p for p in penalties.all_provisions(lib) if p.law == key]


def check_report(lib: Any, cat: Catalogue, search: bool = False) -> dict[str, Any]:
    """`lawdesk handbook check` as data: counts of entries, rules, sections, errors, warnings and each failure."""
    from indexer.handbook.checks import run_checks
    failures = run_checks(lib, cat, search=search)
    errors = sum(1 for f in failures if f.severity == "error")
    return {"entries": len(cat.violations), "rules": len(cat.rules), "sections": len(cat.sections),
            "errors": errors, "warnings": len(failures) - errors, "failures": [f.to_dict() for f in failures]}
