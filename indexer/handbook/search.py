"""Handbook entries and procedure sections as search documents of their own kind.

`handbook_documents(settings_or_corpus, model)` yields ``(doc id, content hash, fields)`` exactly like
`indexer.index.documents(model)`, with kind "handbook" (id ``handbook:SP-001``) or "procedure" (id
``procedure:听证程序``), so the index build can add them in the same pass.

`search_handbook(lib, query)` searches them with the library's query builder and ranking
(`indexer.search.search`): on the live index when the build has added them, otherwise on a small in-memory
index built from the catalogue (same schema and analyzer), so the handbook is searchable — and its
reachability checkable — before and after the index integration."""

from __future__ import annotations

import re
from pathlib import Path

from ..config import CORPUS_DIR
from ..refs import Ref, RefError
from ..sources import Source
from .catalogue import Catalogue, Section, Violation, catalogue as load_cached
from .present import search_row

KINDS = ("handbook", "procedure")


def _corpus_of(settings_or_corpus) -> Path:
    return Path(getattr(settings_or_corpus, "corpus", settings_or_corpus))


def _citation(laws, ref_text: str, article_lookup=None) -> str:
    try:
        ref = Ref.parse(ref_text)
    except RefError:
        return ref_text
    law = laws.get(ref.law) if laws else None
    title = law.title if law is not None else ref.law
    single = False
    if article_lookup is not None:
        art = article_lookup(ref)
        single = art is not None and len(art.paragraphs) == 1
    return ref.human(title, single_paragraph=single)


def _model_article_lookup(model):
    def lookup(ref: Ref):
        law = model.laws.get(ref.law) if model is not None else None
        if law is None or not law.versions:
            return None
        for a in law.versions[-1].articles:
            if a.number == ref.article and a.suffix == ref.suffix:
                return a
        return None
    return lookup


def _store_article_lookup(store):
    def lookup(ref: Ref):
        v = store.latest_version(ref.law)
        return store.article(v, ref.article, ref.suffix) if v else None
    return lookup


def entry_fields(v: Violation, laws, article_lookup=None) -> dict:
    """The fields of one entry's search document (the schema of indexer.index)."""
    try:
        law_key = Ref.parse(v.basis[0]).law if v.basis else ""
    except RefError:
        law_key = ""
    law = laws.get(law_key) if laws else None
    cites = [_citation(laws, r, article_lookup) for r in v.violated + v.basis]
    circumstances = " ".join(c for lv in v.levels for c in lv.circumstances)
    return dict(
        id=v.doc_id, kind="handbook", law=law_key,
        title=f"{v.name} {' '.join(v.keywords)}",
        heading=f"{v.topic} 违法行为 处罚裁量",
        text="\n".join([v.description, v.behaviour, " ".join(cites), circumstances]),
        level=getattr(law, "level", "") or "", region=getattr(law, "region", "") or "",
        eff_from="", eff_to="", core=True, penalty=True, latest=True,
    )


def section_fields(s: Section) -> dict:
    text = re.sub(r"[*`#>|]", " ", s.text)
    return dict(id=s.doc_id, kind="procedure", law="", title=s.title, heading="执法程序 " + s.title, text=text,
                level="", region="", eff_from="", eff_to="", core=True, penalty=False, latest=True)


def handbook_documents(settings_or_corpus, model=None):
    """(doc id, content hash, fields) of every handbook entry and procedure section."""
    from ..index import _hash

    cat = load_cached(_corpus_of(settings_or_corpus))
    laws = getattr(model, "laws", None) or {}
    lookup = _model_article_lookup(model) if model is not None else None
    for v in cat.violations:
        d = entry_fields(v, laws, lookup)
        yield d["id"], _hash(d), d
    for s in cat.sections:
        d = section_fields(s)
        yield d["id"], _hash(d), d


def handbook_fingerprint(settings_or_corpus) -> str:
    """Content hash of corpus/handbook/: a build whose library files did not change must still re-index the
    handbook documents when this changes."""
    import hashlib

    root = _corpus_of(settings_or_corpus) / "handbook"
    h = hashlib.blake2b(digest_size=12)
    for p in sorted(root.rglob("*")) if root.exists() else []:
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


# Named in indexer.config.DEFAULT_SOURCES: how the index build and the result list take these documents.
SOURCE = Source(kinds=KINDS, documents=handbook_documents, fingerprint=handbook_fingerprint, row=search_row)


# --------------------------------------------------------------------------- searching

def live_index_has_handbook(lib) -> bool:
    """Whether the live build holds handbook documents (every build since the index integration does)."""
    try:
        from ..fastindex import KINDS
        return bool((lib.fast_index().kind == KINDS.index("handbook")).any())
    except (OSError, KeyError, ValueError):
        return False


def search_handbook(lib, query: str, limit: int = 10, kinds: tuple[str, ...] = KINDS,
                    catalogue: Catalogue | None = None, offset: int = 0) -> dict:
    """Search handbook entries and procedure sections (documents of their own kind in the live index);
    results carry the entry's data."""
    if lib is None:
        cat = catalogue or load_cached(CORPUS_DIR)
        return _plain_search(cat, query, limit, kinds, offset)
    cat = catalogue or load_cached(lib.settings.corpus)
    text = _strip_function_words(query) or query
    data = lib.search(text, limit=min(100, max(30, (offset + limit) * 3)), kinds=kinds)
    terms = data.get("understood", {}).get("words", [])
    results = []
    for r in data["results"]:
        doc_id = r.get("ref") or ""
        if doc_id.startswith("handbook:"):
            v = cat.get(doc_id.split(":", 1)[1])
            if v is None:
                continue
            results.append({"kind": "handbook", "id": v.doc_id, "entry": v.id, "name": v.name, "topic": v.topic,
                            "subject": v.subject, "violated": v.violated, "basis": v.basis, "score": r["score"],
                            "snippet": r["snippet"], "highlights": r["highlights"]})
        elif doc_id.startswith("procedure:"):
            s = cat.section(doc_id.split(":", 1)[1])
            if s is None:
                continue
            results.append({"kind": "procedure", "id": s.doc_id, "slug": s.slug, "title": s.title,
                            "score": r["score"], "snippet": r["snippet"], "highlights": r["highlights"]})
    # few documents: re-rank by how much of the query's wording the entry's name and keywords share
    grams = _bigrams(text)
    for r in results:
        if r["kind"] == "handbook":
            v = cat.get(r["entry"])
            own = _bigrams(v.name + " " + " ".join(v.keywords)) if v else set()
        else:
            own = _bigrams(r["title"])
        overlap = len(grams & own) / len(grams) if grams else 0.0
        r["score"] = round(r["score"] * (1 + 2 * overlap), 4)
    results.sort(key=lambda r: -r["score"])
    return {"query": query, "total": data["total"], "results": results[offset:offset + limit], "source": "index",
            "elapsed_ms": data.get("elapsed_ms"), "terms": terms}


_FUNCTION_WORDS = re.compile(r"没有|未经|未|无|不|的|了|在|是|对|把|被|及|和|或者|或")


def _strip_function_words(query: str) -> str:
    """Negations and particles match almost every violation (未…的); they do not help ranking."""
    t = _FUNCTION_WORDS.sub(" ", query)
    return t if t.strip() else query




def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[\s\W_]+", "", text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


def _plain_search(cat: Catalogue, query: str, limit: int, kinds: tuple[str, ...], offset: int) -> dict:
    """Without a statute index (no analyzer state to share): substring matching on names, keywords and text."""
    words = [w for w in re.split(r"[\s，,。；;、]+", query.strip()) if w]
    if not words:
        from ..search import SearchError
        raise SearchError("请输入检索词")
    scored = []
    if "handbook" in kinds:
        for v in cat.violations:
            hay = " ".join([v.name, " ".join(v.keywords), v.topic, v.description, v.behaviour])
            score = sum(hay.count(w) + 3 * v.name.count(w) for w in words)
            if score:
                scored.append((score, {"kind": "handbook", "id": v.doc_id, "entry": v.id, "name": v.name,
                                       "topic": v.topic, "subject": v.subject, "violated": v.violated,
                                       "basis": v.basis, "score": float(score), "snippet": v.description[:120],
                                       "highlights": []}))
    if "procedure" in kinds:
        for s in cat.sections:
            score = sum(s.text.count(w) + 3 * s.title.count(w) for w in words)
            if score:
                scored.append((score, {"kind": "procedure", "id": s.doc_id, "slug": s.slug, "title": s.title,
                                       "score": float(score), "snippet": s.text[:120], "highlights": []}))
    scored.sort(key=lambda x: -x[0])
    return {"query": query, "total": len(scored), "results": [r for _s, r in scored[offset:offset + limit]],
            "source": "plain", "elapsed_ms": None}
