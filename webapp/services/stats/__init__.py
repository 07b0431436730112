"""A unit's statistics (issue 13.4), counted from the case records: the drafting tables' case JSON, documents and
法制审核 comments (webapp.services.drafting.store). Nothing here is typed in; every number is a count or a sum over
the stored cases of the period, so the page, `lawdesk stats`, the API and the exports all show the same figures.

- compute   `compute(conn, unit_id, start, end)` → `Stats` (dataclasses), one pass over the period's cases
- tables    the figures as titled tables (the page, the CLI text, CSV and .xlsx all print these)
- charts    server-rendered SVG bar charts of a table (no script, nothing fetched)

Flask-free: the CLI and the benchmark call it with a plain SQLAlchemy connection."""

from __future__ import annotations

from .compute import Period, PeriodError, Stats, compute, parse_period

__all__ = ["Period", "PeriodError", "Stats", "compute", "parse_period"]
