"""The handbook blueprint and what its views share: the catalogue, request arguments, the signed-in unit's
裁量基准, the calculator and the search, with the services' errors as UserErrors."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request
from markupsafe import Markup, escape

from indexer.handbook.benchmarks import Benchmark
from indexer.handbook.catalogue import Catalogue, Section, Violation
from webapp.library import library, unit_benchmarks

from ...errors import UserError, from_service
from ...services.handbook import queries
from ...services.handbook.queries import HandbookError

bp = Blueprint("handbook", __name__)

MAX_ARG = 200


def catalogue() -> Catalogue:
    from indexer.handbook.catalogue import catalogue as load
    return load(current_app.config["LAWDESK_SETTINGS"].corpus)


def entry_or_404(entry_id: str) -> Violation:
    try:
        return queries.entry(catalogue(), entry_id)
    except HandbookError as exc:
        raise from_service(exc) from None


def section_or_404(slug: str) -> Section:
    try:
        return queries.section(catalogue(), slug)
    except HandbookError as exc:
        raise from_service(exc) from None


def arg(name: str) -> str:
    return (request.args.get(name) or "").strip()[:MAX_ARG]


def list_arg(name: str) -> list[str]:
    return [x.strip()[:MAX_ARG] for x in request.args.getlist(name) if x and x.strip()][:50]


def adopted() -> list[Benchmark]:
    """The 裁量基准 the signed-in user's unit adopted, in its order of priority."""
    user = g.get("user")
    return unit_benchmarks(user["unit_id"] if user else None)


def calc(v: Violation, circumstances: list[str], mitigation: list[str], level: str, party: str) -> Any:
    from indexer.handbook.calculator import CalcError, calculate
    try:
        return calculate(library(), catalogue(), v.id, circumstances, mitigation, level=level or None,
                         party=party or "当事人", benchmarks=adopted())
    except CalcError as exc:
        raise UserError(exc.message, code="invalid_parameter") from None


def search(q: str, kinds: tuple[str, ...] = queries.KINDS, limit: int = 20) -> dict[str, Any]:
    return queries.search(library(), catalogue(), q, kinds=kinds, limit=limit)


def markdown_html(text: str) -> Markup:
    """Authored Markdown → HTML; raw HTML in the source is escaped, never passed through."""
    import markdown
    return Markup(markdown.markdown(str(escape(text)), extensions=["tables"], output_format="html"))
