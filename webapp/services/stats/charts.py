"""Horizontal bar charts as inline SVG, drawn on the server: no script and no style attribute (the CSP allows
neither), colours from presentation attributes and the page's stylesheet classes. Each chart is an image with a
title naming what it shows; the table under it carries the same numbers for screen readers and for copying."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from .tables import Table, cell

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 22, 6, 210, 360, 90


def _number(value) -> float:
    if isinstance(value, int | float | Decimal):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return 0.0


def _clip(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart(table: Table, chart_id: str) -> str:
    """The SVG markup of the table's chart ('' when the table has no chart or no rows)."""
    if table.chart is None or not table.rows:
        return ""
    li, vi = table.chart
    rows = [(str(r[li]), r[vi], _number(r[vi])) for r in table.rows]
    top = max((v for _l, _raw, v in rows), default=0.0) or 1.0
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    title = f"{table.title}：{table.columns[vi]}（条形图，数据见下表）"
    parts = [f'<svg class="stats-chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-t" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{escape(title)}</title>']
    for i, (label, raw, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        w = 0 if value <= 0 else max(1, round(BAR_WIDTH * value / top))
        mid = y + BAR_HEIGHT / 2
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{mid:.0f}" text-anchor="end" dominant-baseline="middle" '
                     f'class="stats-chart-label">{escape(_clip(label))}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR_HEIGHT}" class="stats-chart-bar"/>')
        parts.append(f'<text x="{LABEL_WIDTH + w + 6}" y="{mid:.0f}" dominant-baseline="middle" '
                     f'class="stats-chart-value">{escape(cell(raw))}</text>')
    parts.append("</svg>")
    return "".join(parts)
