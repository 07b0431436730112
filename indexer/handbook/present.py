"""JSON-ready views of handbook entries, shared by the CLI and the web API."""

from __future__ import annotations

from ..dates import STATUS_LABELS, check_date
from ..penalties import CIVIL
from ..refs import Ref
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


def search_row(lib, doc_id: str, terms: list[str], as_of: str | None = None) -> dict:
    """A handbook entry or procedure section as a row of the statute search results. An entry's references
    are read on `as_of` (see `ref_on`); the row takes the status of the first one not in force then, and is
    marked `deferred` (the search ranks it after the rows in force)."""
    import re

    from ..search import snippet
    from .catalogue import catalogue

    cat = catalogue(lib.settings.corpus)
    kind, key = doc_id.split(":", 1)
    base = {"kind": kind, "ref": doc_id, "article": None, "suffix": None, "version": None, "heading": "",
            "status": "in_force", "status_label": STATUS_LABELS["in_force"], "deferred": False}
    if kind == "handbook":
        v = cat.get(key)
        if v is None:
            return {**base, "law": key, "snippet": "", "highlights": [], "citation": key}
        snip, spans = snippet(v.description, terms)
        date = check_date(as_of)
        violated, basis = [ref_on(lib, r, date) for r in v.violated], [ref_on(lib, r, date) for r in v.basis]
        return {**base, **entry_status(basis + violated, date), "entry": v.id, "name": v.name, "topic": v.topic,
                "law": v.name, "law_key": "", "citation": f"违法行为：{v.name}", "snippet": snip, "highlights": spans,
                "violated": violated, "basis": basis}
    s = cat.section(key)
    text = re.sub(r"[*`#>|]", "", s.text) if s else ""
    snip, spans = snippet(text, terms)
    return {**base, "slug": s.slug if s else key, "title": s.title if s else key, "law": s.title if s else key,
            "law_key": "", "citation": f"执法程序：{s.title if s else key}", "snippet": snip, "highlights": spans}


def ref_on(lib, ref_text: str, date: str) -> dict:
    """An entry's (undated) reference read on `date`. Entries are written against the text in force today, so
    the provision is that text's, with that version's status on `date`: before it took effect the reference is
    尚未施行, not the same-numbered article of the older text (whose numbering may differ)."""
    info = resolve_ref(lib, ref_text)
    out = {"ref": ref_text, "citation": info.citation or ref_text, "dated": info.dated, "version": None,
           "status": info.status or "in_force"}
    if info.dated:
        dated = Ref.parse(info.dated)
        version = lib.store.version_at(dated.law, dated.version)
        out["version"] = dated.version
        out["status"] = lib.store.status(lib.store.law(dated.law), version, date)
    status = str(out["status"])
    out["status_label"] = STATUS_LABELS.get(status, status)
    return out


def entry_status(refs: list[dict], date: str) -> dict:
    """The row's status: 现行有效 when every reference is in force on `date`, else the first one's that is not,
    with a note saying which."""
    late = next((r for r in refs if r["status"] != "in_force"), None)
    if late is None:
        return {"status": "in_force", "status_label": STATUS_LABELS["in_force"], "deferred": False}
    version = f"（{late['version']} 起施行的版本）" if late["version"] else ""
    return {"status": late["status"], "status_label": late["status_label"], "deferred": True,
            "note": f"本条目依据的{late['citation']}{version}在 {date} {late['status_label']}"}
