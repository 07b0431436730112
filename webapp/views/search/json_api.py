"""The JSON API under /api/v1: search, law-name suggestions, an article (with its comparisons), a law."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from indexer import browse, versions

from ... import access
from ...api import arg_int
from ...errors import UserError
from .common import (as_of_arg, bp, date_arg, parse_ref, require_library, resolve_article, resolve_law, run_search,
                     search_args, text_arg)


@bp.get("/api/v1/search")
@access.area("search")
def api_search() -> ResponseReturnValue:
    a = search_args()
    if not a.q:
        raise UserError("请输入检索词（参数 q）。", code="bad_query")
    limit = arg_int("limit", 10, lo=1, hi=100) or 10
    offset = arg_int("offset", 0, lo=0, hi=10000) or 0
    lib = require_library()
    return jsonify(run_search(lib, a, limit, offset))


@bp.get("/api/v1/laws")
@access.area("search")
def api_laws() -> ResponseReturnValue:
    q = text_arg("q", 50, "q")
    limit = arg_int("limit", 10, lo=1, hi=50) or 10
    lib = require_library()
    return jsonify({"query": q, "laws": browse.suggest_laws(lib, q, limit)})


@bp.get("/api/v1/articles/<path:ref>")
@access.area("search")
def api_article(ref: str) -> ResponseReturnValue:
    parsed = parse_ref(ref)
    as_of = as_of_arg()
    lib = require_library()
    view, focus = resolve_article(lib, parsed, as_of)
    data = browse.article_data(lib, view, focus)
    if request.args.get("compare") == "1":
        data["comparisons"] = []
        for c in versions.comparisons(lib, view):
            entry = {k: v for k, v in c.items() if k not in ("left", "right")}
            if "left" in c:
                entry["diff"] = {"old": [list(seg) for seg in c["left"]], "new": [list(seg) for seg in c["right"]]}
            data["comparisons"].append(entry)
    return jsonify(data)


@bp.get("/api/v1/laws/<key>")
@access.area("search")
def api_law(key: str) -> ResponseReturnValue:
    as_of, version = as_of_arg(), date_arg("version")
    lib = require_library()
    law_row, v, date = resolve_law(lib, key, as_of, version)
    return jsonify(browse.law_data(lib, law_row, v, date))
