"""What the article and law pages read (the web's /articles and /laws pages and their JSON): a reference's
cited 款/项/目 checked against the article, the article with its versions and neighbours, the version of a law
to show, the law's table of contents, the filter lists and the law-name suggestions of the search box.

Lookups that name nothing raise LawError with a Chinese message and a code (unknown_law, no_such_version,
no_such_article, no_such_paragraph, no_such_item, no_such_subitem, bad_ref, bad_date)."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .aliases import load_abbreviations
from .dates import STATUS_LABELS, check_date
from .errors import LawError
from .model import Article
from .numerals import int_to_cn, item_label
from .refs import Ref
from .versions import day_before, version_label, version_rows

if TYPE_CHECKING:
    from .service import ArticleView, LawLibrary
    from .store import LawRow, VersionRow

MAX_NUMBER = 99999            # no statute has more articles, paragraphs or items
MAX_LAW_NAME = 200
LEVEL_ORDER = ["法律", "行政法规", "地方性法规", "司法解释", "部门规章"]
HEADING_LEVELS = ["编", "分编", "章", "节"]

Focus = dict[str, "int | None"]


# ------------------------------------------------------------------------------------------------ articles
def resolve_article(lib: LawLibrary, ref: Ref, as_of: str | None) -> tuple[ArticleView, Focus | None]:
    """(ArticleView, focus or None) for a parsed ref: the focus is the cited 款/项/目, each checked to exist."""
    if ref.article is None:
        raise LawError("bad_ref", "引用没有指明条文序号（例：安全生产法/99、刑法/134之一）。")
    if ref.article > MAX_NUMBER or any(n is not None and n > MAX_NUMBER for n in (ref.paragraph, ref.item, ref.subitem)):
        raise LawError("no_such_article", "条文序号过大，法规中没有这样的条文。")
    law = lib.find_law(ref.law)
    view = lib.article(law.key, f"{ref.article}{ref.suffix or ''}", as_of=as_of, version=ref.version)
    if ref.paragraph is None:
        return view, None
    paras = view.article.paragraphs
    label = f"{view.law.title}{view.article.label}"
    if not 1 <= ref.paragraph <= len(paras):
        raise LawError("no_such_paragraph", f"{label}只有 {len(paras)} 款，没有第{int_to_cn(ref.paragraph)}款。")
    items = paras[ref.paragraph - 1].items
    if ref.item is not None and not 1 <= ref.item <= len(items):
        where = f"第{int_to_cn(ref.paragraph)}款" if len(paras) > 1 else ""
        raise LawError("no_such_item", f"{label}{where}" + (f"只有 {len(items)} 项" if items else "没有分项") +
                       f"，没有第{item_label(ref.item)}项。")
    if ref.subitem is not None:
        subs = items[ref.item - 1].subitems if ref.item is not None else []
        if not 1 <= ref.subitem <= len(subs):
            raise LawError("no_such_subitem",
                           f"{label}第{item_label(ref.item or 0)}项没有第{int_to_cn(ref.subitem)}目。")
    return view, {"paragraph": ref.paragraph, "item": ref.item, "subitem": ref.subitem}


def focus_ref(view: ArticleView, focus: Focus | None) -> Ref:
    if not focus:
        return view.ref
    return dataclasses.replace(view.ref, paragraph=focus["paragraph"], item=focus["item"], subitem=focus["subitem"])


def neighbours(lib: LawLibrary, view: ArticleView) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """The articles before and after this one in its version."""
    seq = lib.store.article_seq(view.version, view.article.number, view.article.suffix)
    out = []
    for s in (None if seq is None else seq - 1, None if seq is None else seq + 1):
        art = lib.store.article_at_seq(view.version, s) if s is not None and s >= 0 else None
        out.append(None if art is None else {
            "ref": str(dataclasses.replace(view.ref, article=art.number, suffix=art.suffix)), "label": art.label})
    return out[0], out[1]


def article_data(lib: LawLibrary, view: ArticleView, focus: Focus | None) -> dict[str, Any]:
    """The article as the page and the JSON show it: its text, the cited part, versions, neighbours, status."""
    d = view.to_dict()
    prev, nxt = neighbours(lib, view)
    fref = focus_ref(view, focus)
    d.update({
        "focus": focus, "focus_ref": str(fref),
        "focus_citation": fref.human(view.law.title, single_paragraph=len(view.article.paragraphs) == 1),
        "versions": version_rows(lib, view), "previous": prev, "next": nxt,
        "law_status": lib.law_status(view.law, view.as_of),
        "repealed_on": view.law.repealed_on, "repealed_by": view.law.repealed_by,
    })
    d["law_status_label"] = STATUS_LABELS[d["law_status"]]
    return d


# ----------------------------------------------------------------------------------------------------- laws
def law_version(lib: LawLibrary, key: str, as_of: str | None,
                version: str | None) -> tuple[LawRow, VersionRow, str]:
    """(law, version to show, as-of date): the version that took effect on `version`, else the one in force on
    the date, else the last one before it, else the first."""
    if len(key) > MAX_LAW_NAME:
        raise LawError("unknown_law", "法规名称过长。")
    law = lib.find_law(key)
    date = check_date(as_of)
    versions = lib.store.versions(law.key)
    if not versions:
        raise LawError("no_such_version", f"法规库中没有“{law.title}”的任何版本。")
    if version:
        v = lib.store.version_at(law.key, version)
        if v is None:
            raise LawError("no_such_version", f"{law.title}没有 {version} 施行的版本。")
        return law, v, date
    v = lib.store.version_on(law.key, date)
    if v is None:
        before = [x for x in versions if x.effective_from <= date]
        v = before[-1] if before else versions[0]
    return law, v, date


def _version_data(lib: LawLibrary, law: LawRow, x: VersionRow, date: str) -> dict[str, Any]:
    st = lib.store.status(law, x, date)
    return {"version": x.effective_from, "version_date": x.version_date, "label": version_label(lib, x),
            "effective_from": x.effective_from, "effective_to": x.effective_to,
            "last_day": day_before(x.effective_to), "status": st, "status_label": STATUS_LABELS[st],
            "article_count": x.article_count}


def law_toc(law: LawRow, v: VersionRow, headings: list[dict[str, Any]], articles: list[Article]) -> list[dict[str, Any]]:
    """The table of contents of a version: its headings (编/分编/章/节, depth by the levels present) in front of
    the articles they open, each article with the first 40 characters of its text."""
    present = [lv for lv in HEADING_LEVELS if any(h["level"] == lv for h in headings)]
    toc: list[dict[str, Any]] = []
    hi = 0
    ordered = sorted(enumerate(headings), key=lambda ih: (ih[1]["first_article"], ih[0]))
    for i, art in enumerate(articles):
        while hi < len(ordered) and ordered[hi][1]["first_article"] <= i:
            seq, h = ordered[hi]
            toc.append({"type": "heading", "id": f"h{seq}", "level": h["level"], "label": h["label"],
                        "title": h["title"], "depth": present.index(h["level"]) if h["level"] in present else 0})
            hi += 1
        first = art.paragraphs[0] if art.paragraphs else None
        preview = (first.text or (first.items[0].text if first.items else "")) if first else ""
        toc.append({"type": "article", "id": f"a{art.slug}", "article": art.number, "suffix": art.suffix,
                    "label": art.label, "ref": str(Ref(law.key, v.effective_from, art.number, art.suffix)),
                    "preview": preview[:40] + ("…" if len(preview) > 40 else "")})
    return toc


def law_data(lib: LawLibrary, law: LawRow, v: VersionRow, date: str) -> dict[str, Any]:
    """A law as its page and the JSON show it: status, the version shown, every version, history, contents."""
    st = lib.law_status(law, date)
    versions = [{**_version_data(lib, law, x, date), "current": x.id == v.id} for x in lib.store.versions(law.key)]
    history = [{"date": h.get("date"), "events": h.get("events", []), "text": h.get("text", "")}
               for h in lib.store.history(v)]
    shown = _version_data(lib, law, v, date)
    headings = lib.store.headings(v)
    return {"key": law.key, "title": law.title, "level": law.level, "region": law.region, "core": law.core,
            "as_of": date, "status": st, "status_label": STATUS_LABELS[st], "repealed_on": law.repealed_on,
            "repealed_by": law.repealed_by, "expired": law.expired,
            "version": shown, "versions": versions, "history": history,
            "headings": [{"id": f"h{i}", **h} for i, h in enumerate(headings)],
            "toc": law_toc(law, v, headings, lib.store.articles(v))}


# ----------------------------------------------------------------------------------------- search-box help
def facets(lib: LawLibrary) -> tuple[list[str], list[str]]:
    """Levels (法律, 行政法规 …, in that order) and regions present in the library, for the filter lists."""
    return _facets(lib, lib.generation)


@lru_cache(maxsize=8)
def _facets(lib: LawLibrary, generation: Path) -> tuple[list[str], list[str]]:
    levels = {law.level for law in lib.store.laws.values() if law.level}
    regions = {law.region for law in lib.store.laws.values() if law.region}
    ordered = [lv for lv in LEVEL_ORDER if lv in levels] + sorted(levels - set(LEVEL_ORDER))
    return ordered, sorted(regions)


def suggest_laws(lib: LawLibrary, q: str, limit: int = 10) -> list[dict[str, Any]]:
    """Laws whose title, key or abbreviation matches `q`: exact names first, then prefixes, then substrings;
    the core collection and laws in force before the rest. An ambiguous abbreviation offers each of its laws."""
    q = q.strip().strip("《》").replace(" ", "")
    if not q:
        return []
    laws = lib.store.laws
    best: dict[str, tuple[tuple[Any, ...], str]] = {}
    names = list(lib.aliases().items()) + [(law.title, key) for key, law in laws.items()]
    for name, key in names:
        if key not in laws:
            continue
        if name == q:
            rank = 0
        elif name.startswith(q):
            rank = 1
        elif q in name:
            rank = 2
        else:
            continue
        law = laws[key]
        score = (rank, not law.core, law.repealed_on is not None or law.expired, len(name))
        if key not in best or score < best[key][0]:
            best[key] = (score, name)
    _authored, ambiguous = load_abbreviations(lib.settings.corpus)
    for alias, targets in ambiguous.items():
        if alias == q or alias.startswith(q):
            for i, target in enumerate(targets):
                found = lib.store.law(target)
                if found is not None and found.key not in best:
                    best[found.key] = ((1 if alias != q else 0, False, False, i), alias)
    ordered = sorted(best.items(), key=lambda kv: kv[1][0])[:limit]
    out = []
    for key, (_score, matched) in ordered:
        law = laws[key]
        out.append({"key": key, "title": law.title, "level": law.level, "region": law.region, "core": law.core,
                    "matched": matched, "repealed": bool(law.repealed_on or law.expired)})
    return out
