"""Penalty handbook (issue 6): catalogue browser, entry pages, discretion calculator, procedures handbook, and
the JSON API under /api/v1/handbook.

Everything is read-only and the same for every role (access area "handbook"). The work is done by
indexer.handbook (catalogue, checks, calculator), indexer.penalties (sanctions parsed from the statutes) and the
Flask-free webapp.services.handbook (the catalogue page's listing, and `queries`: filters, rows, adopted 基准
levels, search, provisions, checks); this package is the web glue, one module per job: `common` (blueprint,
request arguments, the catalogue, the unit's 基准, the calculator), `pages` (the HTML pages), `json_api`
(/api/v1/handbook) and `openapi` (its description). Pages degrade gracefully while the statute index is missing
(the catalogue still shows, citations are not checked). The calculator page works without JavaScript (a GET
form); static/handbook/calc.js updates the result in place through the API."""

from __future__ import annotations

from . import json_api, pages  # noqa: F401  (their routes register on bp)
from .common import bp
from .openapi import OPENAPI

__all__ = ["OPENAPI", "bp"]
