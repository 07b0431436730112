"""An article across the versions of its law: the version list of an article page and the comparison of the
article with its counterpart in each other version (statutes get renumbered in revisions, so the counterpart
is found by the similarity of the texts, not only by the number)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import STATUS_LABELS
from .model import Article
from .numerals import article_label
from .textdiff import char_diff

if TYPE_CHECKING:
    from .service import ArticleView, LawLibrary
    from .store import VersionRow

COMPARE_VERSIONS = 4          # at most this many other versions are compared on an article page
SAME_NUMBER_OK = 0.6          # same-numbered article this similar: it is the counterpart
MATCH_MIN = 0.45              # a differently numbered article must be at least this similar to be offered
SHORTLIST = 6                 # candidates (by quick ratio) whose exact similarity is computed

# (number, suffix, similarity, method, similarity of the same-numbered article or None)
Counterpart = tuple[int, "str | None", float, str, "float | None"]


def day_before(date: str | None) -> str | None:
    """The last day of a version that ends on `date` (effective_to is the first day of the next one)."""
    if not date:
        return None
    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()


def version_label(lib: LawLibrary, v: VersionRow) -> str:
    """'2023-09-01 修订': the version's date with what happened on it (通过/修正/修订), from its history lines."""
    events: list[str] = []
    for h in lib.store.history(v):
        if h.get("date") == v.version_date:
            events += [e for e in h.get("events", []) if e in ("通过", "修正", "修订") and e not in events]
    return f"{v.version_date or v.effective_from}{' ' + '、'.join(events) if events else ''}"


def version_rows(lib: LawLibrary, view: ArticleView) -> list[dict[str, Any]]:
    """Every version of the law with its interval, status on the as-of date and this article in it."""
    out = []
    for v in lib.store.versions(view.law.key):
        st = lib.store.status(view.law, v, view.as_of)
        art: Article | None = view.article
        if v.id != view.version.id:
            art = lib.store.article(v, view.article.number, view.article.suffix)
        out.append({
            "version": v.effective_from, "version_date": v.version_date, "label": version_label(lib, v),
            "effective_from": v.effective_from,
            "effective_to": v.effective_to, "last_day": day_before(v.effective_to), "status": st,
            "status_label": STATUS_LABELS[st], "article_count": v.article_count, "current": v.id == view.version.id,
            "ref": str(dataclasses.replace(view.ref, version=v.effective_from)) if art is not None else None,
        })
    return out


def counterpart(lib: LawLibrary, version_id: int, number: int, suffix: str | None,
                other_id: int) -> Counterpart | None:
    """The article of version `other_id` that corresponds to (number, suffix) of `version_id`: the same number
    when it is similar enough, else the most similar article clearly better than the same-numbered one.
    Cached per library generation."""
    return _counterpart(lib, lib.generation, version_id, number, suffix, other_id)


@lru_cache(maxsize=2048)
def _counterpart(lib: LawLibrary, generation: Path, version_id: int, number: int, suffix: str | None,
                 other_id: int) -> Counterpart | None:
    store = lib.store
    this_v, other_v = store.version_by_id(version_id), store.version_by_id(other_id)
    assert this_v is not None and other_v is not None, "versions of the live generation"
    this = store.article(this_v, number, suffix)
    assert this is not None, "the article the page shows"
    sm = difflib.SequenceMatcher(None, autojunk=False)
    sm.set_seq2(this.text())
    same = store.article(other_v, number, suffix)
    r_same = None
    if same is not None:
        sm.set_seq1(same.text())
        r_same = sm.ratio()
        if r_same >= SAME_NUMBER_OK:
            return (same.number, same.suffix, r_same, "same_number", r_same)
    candidates = []
    for art in store.articles(other_v):
        sm.set_seq1(art.text())
        if sm.real_quick_ratio() >= MATCH_MIN:
            q = sm.quick_ratio()
            if q >= MATCH_MIN:
                candidates.append((q, art))
    candidates.sort(key=lambda c: -c[0])
    best, best_r = None, 0.0
    for _q, art in candidates[:SHORTLIST]:
        sm.set_seq1(art.text())
        r = sm.ratio()
        if r > best_r:
            best, best_r = art, r
    if best is not None and best_r >= MATCH_MIN and best_r > (r_same or 0) + 0.1:
        return (best.number, best.suffix, best_r, "similar", r_same)
    if same is not None and r_same is not None:
        return (same.number, same.suffix, r_same, "same_number", r_same)
    return None


def comparisons(lib: LawLibrary, view: ArticleView) -> list[dict[str, Any]]:
    """This article beside its counterpart in each other version (nearest versions first), older on the left:
    `left`/`right` are the character diff's sides (eq/del on the left, eq/ins on the right)."""
    others = [v for v in lib.store.versions(view.law.key) if v.id != view.version.id]
    others.sort(key=lambda v: abs(dt.date.fromisoformat(v.effective_from)
                                  - dt.date.fromisoformat(view.version.effective_from)))
    out = []
    this_text = view.article.text()
    for v in others[:COMPARE_VERSIONS]:
        match = counterpart(lib, view.version.id, view.article.number, view.article.suffix, v.id)
        status = lib.store.status(view.law, v, view.as_of)
        entry: dict[str, Any] = {
            "version": v.effective_from, "version_date": v.version_date, "label": version_label(lib, v),
            "status": status, "older": v.effective_from < view.version.effective_from,
            "same_number_ref": None, "same_number_similarity": None, "status_label": STATUS_LABELS[status]}
        same = lib.store.article(v, view.article.number, view.article.suffix)
        if same is not None:
            entry["same_number_ref"] = str(dataclasses.replace(view.ref, version=v.effective_from))
        other = None if match is None else lib.store.article(v, match[0], match[1])
        if match is None or other is None:
            entry.update(match=None)
            out.append(entry)
            continue
        number, suffix, similarity, method, r_same = match
        entry["same_number_similarity"] = None if r_same is None else round(r_same, 3)
        entry["match"] = {"ref": str(dataclasses.replace(view.ref, version=v.effective_from, article=number,
                                                         suffix=suffix)),
                          "label": article_label(number, suffix), "similarity": round(similarity, 3),
                          "method": method}
        older = entry["older"]
        old_text, new_text = (other.text(), this_text) if older else (this_text, other.text())
        diff = char_diff(old_text, new_text)
        entry["identical"] = old_text == new_text
        entry["left"], entry["right"] = diff.old(), diff.new()
        entry["left_version"] = v.effective_from if older else view.version.effective_from
        entry["right_version"] = view.version.effective_from if older else v.effective_from
        entry["left_label"] = article_label(number, suffix) if older else view.article.label
        entry["right_label"] = view.article.label if older else article_label(number, suffix)
        out.append(entry)
    return out
