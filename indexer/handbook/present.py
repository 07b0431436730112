"""JSON-ready views of handbook entries, shared by the CLI and the web API."""

from __future__ import annotations

from ..penalties import CIVIL
from . import placeholders
from .catalogue import Catalogue, Violation
from .resolve import resolve_ref, statutory_basis


def _refs(lib, refs: list[str], date: str | None = None) -> list[dict]:
    out = []
    for r in refs:
        info = resolve_ref(lib, r, date)
        out.append({"ref": r, "citation": info.citation, "dated": info.dated, "ok": info.ok,
                    "in_force": info.in_force, "status": info.status, "error": info.error})
    return out


def entry_summary(lib, v: Violation, as_of: str | None = None) -> dict:
    """One entry for lists: names, references with citations, the statutory sanctions (parsed)."""
    bases = statutory_basis(lib, v, as_of)
    sanctions, liabilities = [], []
    for b in bases:
        lines, other = b.sanction_lines()
        sanctions += lines
        liabilities += other
    return {
        "id": v.id, "name": v.name, "topic": v.topic, "subject": v.subject, "subject_role": v.subject_role,
        "keywords": v.keywords,
        "violated": _refs(lib, v.violated, as_of), "basis": _refs(lib, v.basis, as_of),
        "sanctions": sanctions, "liabilities": liabilities,
        "kinds": sorted({s.kind for b in bases for c in b.addressed for s in c.sanctions if s.kind != CIVIL}),
        "levels": [{"name": lv.name, "fine": lv.describe_fine()} for lv in v.levels],
    }


def entry_detail(lib, cat: Catalogue, v: Violation, as_of: str | None = None) -> dict:
    d = v.to_dict()
    d["fact_template_shown"] = placeholders.display(v.fact_template)     # {设备设施名称}, not {equipment}
    d["placeholder_labels"] = [placeholders.label(n) for n in d["placeholders"]]
    bases = statutory_basis(lib, v, as_of)
    d["violated"] = _refs(lib, v.violated, as_of)
    d["basis"] = _refs(lib, v.basis, as_of)
    stat = []
    for b in bases:
        bd = b.to_dict()
        bd["sanctions"], bd["liabilities"] = b.sanction_lines()
        bd["text"] = b.ref.text
        stat.append(bd)
    d["statutory"] = stat
    rules = []
    for mid in v.mitigation:
        r = cat.rules.get(mid)
        if r is None:
            continue
        rd = r.to_dict()
        rd["citations"] = [resolve_ref(lib, x, as_of).citation or x for x in r.basis]
        rules.append(rd)
    d["mitigation"] = rules
    d["doc_id"] = v.doc_id
    return d


def search_row(lib, doc_id: str, terms: list[str]) -> dict:
    """A handbook entry or procedure section as a row of the statute search results."""
    import re

    from ..search import snippet
    from .catalogue import catalogue

    cat = catalogue(lib.settings.corpus)
    kind, key = doc_id.split(":", 1)
    base = {"kind": kind, "ref": doc_id, "article": None, "suffix": None, "version": None, "heading": "",
            "status": "in_force", "status_label": "现行有效"}
    if kind == "handbook":
        v = cat.get(key)
        if v is None:
            return {**base, "law": key, "snippet": "", "highlights": [], "citation": key}
        snip, spans = snippet(v.description, terms)
        return {**base, "entry": v.id, "name": v.name, "topic": v.topic, "law": v.name, "law_key": "",
                "citation": f"违法行为：{v.name}", "snippet": snip, "highlights": spans,
                "violated": [{"ref": r, "citation": resolve_ref(lib, r).citation or r} for r in v.violated],
                "basis": [{"ref": r, "citation": resolve_ref(lib, r).citation or r} for r in v.basis]}
    s = cat.section(key)
    text = re.sub(r"[*`#>|]", "", s.text) if s else ""
    snip, spans = snippet(text, terms)
    return {**base, "slug": s.slug if s else key, "title": s.title if s else key, "law": s.title if s else key,
            "law_key": "", "citation": f"执法程序：{s.title if s else key}", "snippet": snip, "highlights": spans}
