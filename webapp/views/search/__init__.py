"""Statute search (issue 4): the search page, article pages, law pages and their JSON under /api/v1.

    /search/                   search page (query box with law-name suggestions, filters, highlights, paging)
    /articles/<ref>            one article of one version: 款/项 anchors, status, versions, comparison, citation
    /laws/<key>                one law: versions, history lines, table of contents
    /api/v1/search             LawLibrary.search() as JSON
    /api/v1/articles/<ref>     the article with its versions, neighbours, focus (and comparisons)
    /api/v1/laws               law-name suggestions (titles, keys, abbreviations)
    /api/v1/laws/<key>         a law with its versions, history and table of contents

All reading goes through indexer.service.LawLibrary (shared by every area in app.extensions["lawdesk_library"])
and the services that read the law: indexer.browse (the cited 款/项 checked, the article and law data, the
filter lists and law-name suggestions) and indexer.versions (the versions of an article and its counterpart in
each, with the character diff of indexer.textdiff). This package is the web glue, one module per job: `common`
(blueprint, request arguments, errors, highlighting), `pages` (the HTML pages), `json_api` (/api/v1) and
`openapi` (its description). Every page is the same for every logged-in role (access area "search"). Lookup
failures are Chinese UserErrors (400 bad input, 404 unknown law/version/article, 409 while no index is built),
never a 500. A citation typed into the search box (安法102条, 消防法第六十四条第二项) opens the article directly
with the cited 款/项 highlighted; `jump=0` keeps the result list."""

from __future__ import annotations

from . import json_api, pages  # noqa: F401  (their routes register on bp)
from .common import bp, highlight
from .openapi import OPENAPI

__all__ = ["OPENAPI", "bp", "highlight"]
