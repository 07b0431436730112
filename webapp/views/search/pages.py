"""The HTML pages: the search page with its result list, an article page (with the comparison of its versions)
and a law page (its versions, history and table of contents)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.routing import BuildError

from indexer import browse, versions
from indexer.dates import STATUS_LABELS, today
from indexer.numerals import int_to_cn, item_label
from indexer.refs import Ref
from webapp.library import library

from ... import access
from ...api import arg_int
from ...errors import UserError
from .common import (MAX_QUERY, MAX_REACHABLE, PER_PAGE, as_of_arg, bp, date_arg, find_law, highlight, parse_ref,
                     require_library, resolve_article, resolve_law, run_search, search_args, text_arg)


def _as_of_args(as_of: str | None) -> dict[str, Any]:
    return {"as_of": as_of} if as_of else {}


def article_url(row: dict[str, Any], as_of: str | None = None, q: str | None = None) -> str:
    """The article page of a search row; a cited 款/项 goes into the ref and the fragment."""
    ref = Ref.parse(row["ref"])
    anchor = None
    f = row.get("focus")
    if f and f.get("paragraph"):
        ref = dataclasses.replace(ref, paragraph=f["paragraph"], item=f.get("item"))
        anchor = f"p{f['paragraph']}" + (f"-i{f['item']}" if f.get("item") else "")
    args = _as_of_args(as_of)
    if q:
        args["q"] = q
    return url_for("search.article", ref=str(ref), _anchor=anchor, **args)


def check_focus(lib: Any, row: dict[str, Any], as_of: str | None) -> str | None:
    """A cited 款/项 that the article does not have: the Chinese message (the row keeps its article link)."""
    f = row.get("focus")
    if row.get("kind") != "article" or not f or not f.get("paragraph"):
        return None
    ref = dataclasses.replace(Ref.parse(row["ref"]), paragraph=f["paragraph"], item=f.get("item"))
    try:
        resolve_article(lib, ref, as_of)
    except UserError as exc:
        row["focus"] = None
        return exc.message
    return None


def row_link(row: dict[str, Any], as_of: str | None) -> str | None:
    kind = row.get("kind")
    try:
        if kind == "article":
            return article_url(row, as_of)
        if kind == "law":
            return url_for("search.law", key=row["law_key"], **_as_of_args(as_of))
        if kind == "handbook" and row.get("entry") and "handbook.entry" in current_app.view_functions:
            return url_for("handbook.entry", entry_id=row["entry"])
        if kind == "procedure" and row.get("slug") and "handbook.procedure" in current_app.view_functions:
            return url_for("handbook.procedure", slug=row["slug"])
    except (KeyError, TypeError, ValueError, BuildError):   # a row we cannot link to is still shown
        current_app.logger.exception("no link for search row %r", row.get("ref"))
    return None


@bp.get("/search/")
@access.area("search")
def index() -> ResponseReturnValue:
    a = search_args()
    page = arg_int("page", 1, lo=1, hi=1000) or 1
    lib = library()
    levels, regions = browse.facets(lib) if lib else ([], [])
    ctx: dict[str, Any] = {
        "a": a, "levels": levels, "regions": regions, "statuses": STATUS_LABELS, "result": None, "rows": [],
        "page": page, "pages": 0, "library_missing": lib is None, "error": None, "capped": False,
        "max_reachable": MAX_REACHABLE, "max_query": MAX_QUERY, "today": today()}
    if not a.q:
        if a.law and lib is not None:          # a law picked without words: its table of contents
            law = find_law(lib, a.law)
            if law is not None:
                return redirect(url_for("search.law", key=law.key, **_as_of_args(a.as_of)))
        return render_template("search/index.html", **ctx)
    if lib is None:
        return render_template("search/index.html", **ctx)
    try:
        result = run_search(lib, a, PER_PAGE, (page - 1) * PER_PAGE)
    except UserError as exc:
        if exc.status == 409:
            raise
        ctx["error"] = exc.message
        return render_template("search/index.html", **ctx), exc.status
    rows = result["results"]
    for r in rows:
        r["focus_error"] = check_focus(lib, r, a.as_of)
    u = result.get("understood") or {}
    if (page == 1 and request.args.get("jump") != "0" and u.get("citation") and not u.get("words")
            and rows and rows[0].get("kind") == "article" and not rows[0]["focus_error"]):
        return redirect(article_url(rows[0], a.as_of, q=a.q))
    reachable = min(result["total"], MAX_REACHABLE)
    ctx.update(result=result, page=page, pages=max(1, math.ceil(reachable / PER_PAGE)),
               capped=result["total"] > MAX_REACHABLE,
               rows=[{**r, "marked": highlight(r.get("snippet", ""), r.get("highlights")),
                      "url": row_link(r, a.as_of)} for r in rows])
    return render_template("search/index.html", **ctx)


@bp.get("/articles/<path:ref>")
@access.area("search")
def article(ref: str) -> ResponseReturnValue:
    parsed = parse_ref(ref)
    as_of = as_of_arg()
    lib = require_library()
    if parsed.article is None:
        law = find_law(lib, parsed.law)
        if law is not None:
            return redirect(url_for("search.law", key=law.key, **_as_of_args(as_of)))
    view, focus = resolve_article(lib, parsed, as_of)
    data = browse.article_data(lib, view, focus)
    q = text_arg("q", MAX_QUERY, "q")
    compared = versions.comparisons(lib, view)
    matches = {c["version"]: c.get("match") for c in compared}
    for v in data["versions"]:
        v["match"] = matches.get(v["version"])
    return render_template("search/article.html", a=data, view=view, focus=focus, q=q,
                           comparisons=compared, as_of_arg=as_of,
                           cn=int_to_cn, item_label=item_label)


@bp.get("/laws/<key>")
@access.area("search")
def law(key: str) -> ResponseReturnValue:
    as_of, version = as_of_arg(), date_arg("version")
    lib = require_library()
    law_row, v, date = resolve_law(lib, key, as_of, version)
    return render_template("search/law.html", law=browse.law_data(lib, law_row, v, date), as_of_arg=as_of)
