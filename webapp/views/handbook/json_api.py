"""The JSON API under /api/v1/handbook: entries (filtered, searched), an entry, its calculator, the handbook
search, procedures sections, penalty provisions and the handbook checks."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from webapp.library import library

from ... import access
from ...api import arg_int, json_body
from ...errors import UserError, from_service
from ...services.handbook import queries
from ...services.handbook.queries import HandbookError
from .common import (MAX_ARG, arg, bp, calc, catalogue, entry_or_404, lenient_facts, list_arg, search,
                     section_or_404)


@bp.get("/api/v1/handbook/entries")
@access.area("handbook")
def api_entries() -> ResponseReturnValue:
    cat, lib = catalogue(), library()
    topic, q = arg("topic"), arg("q")
    entries = queries.filtered(cat, topic)
    if q:
        entries = queries.in_hit_order(entries, search(q, kinds=("handbook",), limit=50)["results"])
    data = [queries.row(lib, v) for v in entries]
    return jsonify({"total": len(data), "topics": cat.topics(), "library": lib is not None, "entries": data})


@bp.get("/api/v1/handbook/entries/<entry_id>")
@access.area("handbook")
def api_entry(entry_id: str) -> ResponseReturnValue:
    from indexer.handbook.present import entry_detail
    v = entry_or_404(entry_id)
    lib = library()
    d = entry_detail(lib, catalogue(), v)
    d["library"] = lib is not None
    return jsonify(d)


def _strings(body: dict[str, Any], key: str) -> list[str]:
    val = body.get(key, [])
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
        raise UserError(f"{key} 必须是字符串列表。", code="invalid_parameter")
    return [x.strip()[:MAX_ARG] for x in val if x.strip()][:50]


@bp.route("/api/v1/handbook/entries/<entry_id>/calc", methods=["GET", "POST"])
@access.area("handbook")
def api_calc(entry_id: str) -> ResponseReturnValue:
    v = entry_or_404(entry_id)
    if request.method == "POST":
        body = json_body()
        for key in ("level", "party"):
            if body.get(key) is not None and not isinstance(body.get(key), str):
                raise UserError(f"{key} 必须是字符串。", code="invalid_parameter")
        s = calc(v, _strings(body, "circumstances"), _strings(body, "mitigation"),
                 (body.get("level") or "")[:MAX_ARG], (body.get("party") or "")[:MAX_ARG],
                 lenient_facts(body.get))
    else:
        s = calc(v, list_arg("circumstance"), list_arg("mitigation"), arg("level"), arg("party"),
                 lenient_facts(arg))
    return jsonify(s.to_dict())


@bp.get("/api/v1/handbook/search")
@access.area("handbook")
def api_search() -> ResponseReturnValue:
    if not request.args.get("q"):
        raise UserError("请输入检索词（参数 q）。", code="bad_query")
    q = arg("q")
    kind = arg("kind")
    if kind and kind not in queries.KINDS:
        raise UserError("参数 kind 只能是 handbook 或 procedure。", code="invalid_parameter")
    limit = arg_int("limit", 10, lo=1, hi=50) or 10
    return jsonify(search(q, kinds=(kind,) if kind else queries.KINDS, limit=limit))


@bp.get("/api/v1/handbook/procedures")
@access.area("handbook")
def api_procedures() -> ResponseReturnValue:
    return jsonify({"sections": [{"slug": s.slug, "id": s.doc_id, "title": s.title} for s in catalogue().sections]})


@bp.get("/api/v1/handbook/procedures/<slug>")
@access.area("handbook")
def api_procedure(slug: str) -> ResponseReturnValue:
    return jsonify(queries.section_data(section_or_404(slug)))


@bp.get("/api/v1/handbook/provisions")
@access.area("handbook")
def api_provisions() -> ResponseReturnValue:
    lib = library()
    if lib is None:
        raise UserError("法规库尚未建立索引，无法解析罚则。", code="library_not_built", status=409)
    try:
        provs = queries.provisions(lib, law=arg("law"), ref=arg("ref"))
    except HandbookError as exc:
        raise from_service(exc) from None
    return jsonify({"total": len(provs), "provisions": [p.to_dict() for p in provs]})


@bp.get("/api/v1/handbook/check")
@access.area("handbook")
def api_check() -> ResponseReturnValue:
    lib = library()
    if lib is None:
        raise UserError("法规库尚未建立索引，无法检查手册。", code="library_not_built", status=409)
    search_too = (request.args.get("search") or "").lower() in ("1", "true", "yes")
    return jsonify(queries.check_report(lib, catalogue(), search=search_too))
