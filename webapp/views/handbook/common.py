"""The handbook blueprint and what its views share: the catalogue, request arguments, the signed-in unit's
裁量基准, the calculator and the search, with the services' errors as UserErrors."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request
from markupsafe import Markup, escape

from indexer.handbook.benchmarks import Benchmark
from indexer.handbook.catalogue import Catalogue, Section, Violation
from indexer.handbook.lenient import HARMS, LenientEntry, LenientFacts, lenient_lists
from indexer.jurisdiction import Jurisdiction, JurisdictionError
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


def unit_place() -> Jurisdiction | None:
    """Where the signed-in user's unit enforces (系统管理 → 单位 → 所在地区); None when not set."""
    user = g.get("user")
    try:
        return Jurisdiction.parse((user.get("unit_location") or "") if user else "")
    except JurisdictionError:
        return None


def lenient_for(v: Violation) -> list[LenientEntry]:
    """The lenient-list entries (corpus/lenient) for the violation in force today where the unit enforces."""
    import datetime as dt
    lists = lenient_lists(current_app.config["LAWDESK_SETTINGS"].corpus)
    return lists.for_violation(v.id, dt.date.today(), unit_place())


TRUE, FALSE = ("1", "true", "yes", "是"), ("0", "false", "no", "否")


def tri_state(value: Any, label: str) -> bool | None:
    if value is None or value == "" or isinstance(value, bool):
        return value if isinstance(value, bool) else None
    text = str(value).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise UserError(f"“{label}”应为 是、否 或留空（未核实），实为“{str(value)[:20]}”。", code="invalid_parameter")


def lenient_facts(get: Any) -> LenientFacts:
    """The 第三十三条 facts from request arguments or a JSON body (`get`: a mapping's get)."""
    harm = str(get("harm") or "").strip()
    if harm and harm not in HARMS:
        raise UserError(f"“危害后果”应为{'、'.join(HARMS)}之一，实为“{harm[:20]}”。", code="invalid_parameter")
    return LenientFacts(first=tri_state(get("first"), "初次违法"), harm=harm,
                        corrected=tri_state(get("corrected"), "及时改正"),
                        conditions_met=tri_state(get("conditions_met"), "清单所列适用条件"),
                        excluded=bool(tri_state(get("excluded"), "属于清单排除的主体")))


def calc(v: Violation, circumstances: list[str], mitigation: list[str], level: str, party: str,
         facts: LenientFacts | None = None) -> Any:
    from indexer.handbook.calculator import CalcError, calculate
    try:
        return calculate(library(), catalogue(), v.id, circumstances, mitigation, level=level or None,
                         party=party or "当事人", benchmarks=adopted(), lenient=lenient_for(v), facts=facts)
    except CalcError as exc:
        raise UserError(exc.message, code="invalid_parameter") from None


def search(q: str, kinds: tuple[str, ...] = queries.KINDS, limit: int = 20) -> dict[str, Any]:
    return queries.search(library(), catalogue(), q, kinds=kinds, limit=limit)


def markdown_html(text: str) -> Markup:
    """Authored Markdown → HTML; raw HTML in the source is escaped, never passed through."""
    import markdown
    return Markup(markdown.markdown(str(escape(text)), extensions=["tables"], output_format="html"))
