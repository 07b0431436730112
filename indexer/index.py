"""The Whoosh search index: one document per article version and one per law.

Only what ranking and filtering need is indexed; texts for snippets and pages come from the store."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from whoosh import fields, index as whoosh_index

from .analyzer import LegalAnalyzer
from .config import CORPUS_DIR
from .library import LibraryModel
from .refs import Ref
from .sources import Source

PENALTY_HEADING = ("法律责任", "罚则", "处罚")
PENALTY_WORDS = ("罚款", "处罚", "警告", "吊销", "责令停产停业", "追究刑事责任", "拘留")


def schema() -> fields.Schema:
    # Whoosh answers phrase and proximity queries: precise tokens only. Ranking runs on the fast arrays
    # (indexer.fastindex), which add the sub-words of compounds; leaving them out here saves a quarter
    # of the postings Whoosh writes.
    ana = LegalAnalyzer(expand_compounds=False)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),                       # article / law / handbook / procedure
        law=fields.ID(stored=True),                         # law key
        title=fields.TEXT(analyzer=ana, field_boost=3.0),   # title and aliases
        heading=fields.TEXT(analyzer=ana, field_boost=1.5),
        text=fields.TEXT(analyzer=ana, phrase=True),
        level=fields.ID(stored=True),
        region=fields.ID(stored=True),
        # filters and ranking on these run on the fast arrays; in Whoosh they are stored, not indexed,
        # which saves an eighth of the whole-library build (NUMERIC alone writes several terms a value)
        eff_from=fields.STORED,
        eff_to=fields.STORED,
        core=fields.STORED,
        penalty=fields.STORED,
        latest=fields.STORED,                               # the law's newest version
        number=fields.STORED,                               # article number (0 for other kinds)
        status=fields.ID(stored=True),                      # at build time: current / superseded / repealed
    )


def is_penalty_article(headings: list[str], text: str) -> bool:
    if any(h for h in headings if any(w in h for w in PENALTY_HEADING)):
        return True
    return any(w in text for w in PENALTY_WORDS) and ("处" in text or "责令" in text)


def documents(model: LibraryModel, sources: Sequence[Source] = ()):
    """(doc id, content hash, fields) for every document of the library."""
    for law in model.laws.values():
        latest = law.versions[-1]
        alias_text = " ".join(dict.fromkeys((law.title, law.key)))   # not a set: its order varies by process
        toc = " ".join(h.text for h in latest.headings)
        d = dict(id=f"law:{law.key}", kind="law", law=law.key, title=alias_text, heading=toc, text=law.title,
                  level=law.level, region=law.region or "", eff_from=latest.effective_from,
                 eff_to=law.repealed_on or "", core=law.core, penalty=False, latest=True, number=0,
                 status="repealed" if law.repealed_on or law.expired_flag else "current")
        yield d["id"], _hash(d), d
        for v in law.versions:
            is_latest = v is latest
            for a in v.articles:
                text = a.text()
                ref = Ref(law.key, v.effective_from, a.number, a.suffix)
                # the law's title is indexed once, on its law document: repeating it on every article
                # costs a tenth of the build and law names in queries are recognised by the search itself
                d = dict(id=str(ref), kind="article", law=law.key, heading=" ".join(a.headings),
                         text=text, level=law.level, region=law.region or "", eff_from=v.effective_from,
                         eff_to=v.effective_to or "", core=v.core or law.core,
                         penalty=is_penalty_article(a.headings, text), latest=is_latest, number=a.number,
                         status=_status(law, v, is_latest))
                yield d["id"], _hash(d), d
    # handbook entries, procedure sections (…) are search results of their own kind, from their sources
    corpus = getattr(model, "corpus", None) or CORPUS_DIR
    for source in sources:
        yield from source.documents(corpus, model)


def _status(law, version, is_latest: bool) -> str:
    """Status when the index was built; searches recompute it for their as-of date from eff_from/eff_to."""
    if law.repealed_on or (law.expired_flag and is_latest):
        return "repealed" if is_latest else "superseded"
    return "current" if is_latest else "superseded"


def _hash(d: dict) -> str:
    h = hashlib.blake2b(digest_size=12)
    for k in sorted(d):
        h.update(k.encode())
        h.update(str(d[k]).encode("utf-8"))
    return h.hexdigest()


def write_index(index_dir: Path, model: LibraryModel, previous: dict[str, str] | None, procs: int = 1,
                progress=None, before_commit=None, sources: Sequence[Source] = ()) -> dict[str, str]:
    """Bring the index in `index_dir` (a copy of the previous build, or empty) up to `model`.

    `previous` maps doc id -> content hash of what `index_dir` holds; only changed documents are
    rewritten. Returns the new map."""
    index_dir.mkdir(parents=True, exist_ok=True)
    if previous is not None and whoosh_index.exists_in(str(index_dir)):
        ix = whoosh_index.open_dir(str(index_dir))
    else:
        ix = whoosh_index.create_in(str(index_dir), schema())
        previous = {}
    docs = list(documents(model, sources))
    current = {doc_id: h for doc_id, h, _ in docs}
    changed = [d for doc_id, h, d in docs if previous.get(doc_id) != h]
    removed = [doc_id for doc_id in previous if doc_id not in current]
    if not changed and not removed:
        if before_commit:
            before_commit()
        return current
    fresh = not previous
    if fresh and procs > 1 and len(changed) > 5000:
        writer = ix.writer(procs=procs, limitmb=256, multisegment=True)
    else:
        writer = ix.writer(limitmb=256)
    try:
        for doc_id in removed:
            writer.delete_by_term("id", doc_id)
        total = len(changed)
        for n, d in enumerate(changed, 1):
            if fresh:
                writer.add_document(**d)
            else:
                writer.update_document(**d)
            if progress and (n % 2000 == 0 or n == total):
                progress(n, total)
        if before_commit:
            before_commit()      # with procs > 1 the parent's own work overlaps the indexing processes
        writer.commit(optimize=False)
    except BaseException:
        writer.cancel()
        raise
    return current
