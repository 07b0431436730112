"""Penalty handbook (issue 6): catalogue browser, entry pages, discretion calculator, procedures handbook, and
the JSON API under /api/v1/handbook.

Everything is read-only and the same for every role (access area "handbook"). The work is done by
indexer.handbook (catalogue, checks, calculator) and indexer.penalties (sanctions parsed from the statutes);
pages degrade gracefully while the statute index is missing (the catalogue still shows, citations are not
checked). The calculator page works without JavaScript (a GET form); static/handbook/calc.js updates the
result in place through the API."""

from __future__ import annotations

from webapp.api import NON_BLANK
from webapp.library import library, unit_benchmarks


from flask import Blueprint, current_app, g, jsonify, render_template, request
from markupsafe import Markup, escape

from .. import access
from ..services.handbook import browse
from ..errors import UserError

bp = Blueprint("handbook", __name__)

MAX_ARG = 200


# ------------------------------------------------------------------------------------------------ plumbing

def catalogue():
    from indexer.handbook.catalogue import catalogue as load
    return load(current_app.config["LAWDESK_SETTINGS"].corpus)


def _entry_or_404(entry_id: str):
    v = catalogue().get(entry_id[:32])
    if v is None:
        raise UserError(f"处罚裁量手册中没有编号为“{entry_id[:32]}”的违法行为。", code="not_found", status=404)
    return v


def _arg(name: str) -> str:
    return (request.args.get(name) or "").strip()[:MAX_ARG]


def _list_arg(name: str) -> list[str]:
    return [x.strip()[:MAX_ARG] for x in request.args.getlist(name) if x and x.strip()][:50]


def adopted():
    """The 裁量基准 the signed-in user's unit adopted, in its order of priority."""
    user = g.get("user")
    return unit_benchmarks(user["unit_id"] if user else None)


def _adopted_rows(v, units):
    from indexer.dates import check_date
    from indexer.handbook.benchmarks import adopted_rows
    return adopted_rows(v, units, check_date(None))


def _calc(v, circumstances, mitigation, level, party):
    from indexer.handbook.calculator import CalcError, calculate
    try:
        return calculate(library(), catalogue(), v.id, circumstances, mitigation, level=level or None,
                         party=party or "当事人", benchmarks=adopted())
    except CalcError as exc:
        raise UserError(exc.message, code="invalid_parameter") from None


def markdown_html(text: str) -> Markup:
    """Authored Markdown → HTML; raw HTML in the source is escaped, never passed through."""
    import markdown
    return Markup(markdown.markdown(str(escape(text)), extensions=["tables"], output_format="html"))


def _search(q: str, kinds=("handbook", "procedure"), limit: int = 20):
    from indexer.handbook.search import search_handbook
    from indexer.search import SearchError
    try:
        return search_handbook(library(), q, limit=limit, kinds=kinds, catalogue=catalogue())
    except SearchError:
        # nothing searchable in the query (only punctuation or spaces): no results, not an error
        return {"query": q, "total": 0, "results": [], "source": "none", "elapsed_ms": 0}


# -------------------------------------------------------------------------------------------------- pages
@bp.get("/handbook/")
@access.area("handbook")
def index():
    from indexer.handbook.present import entry_summary
    cat = catalogue()
    lib = library()
    q, topic = _arg("q"), _arg("topic")
    hits = None
    if q:
        hits = _search(q)["results"]
    words = _arg("f")
    entries = [v for v in cat.violations if (not topic or v.topic == topic)
               and (not words or browse.matches(words, v.id, v.name, *v.keywords))]
    listing = browse.paginate(entries, request.args.get("page", "1")[:10], all_entries=cat.violations,
                              present=lambda v: entry_summary(lib, v) if lib is not None else _bare(v))
    return render_template("handbook/index.html", listing=listing, topics=cat.topics(), topic=topic, q=q, f=words,
                           hits=hits, total=len(cat.violations), sections=cat.sections,
                           library_missing=lib is None)


def _bare(v) -> dict:
    return {"id": v.id, "name": v.name, "topic": v.topic, "subject": v.subject, "subject_role": v.subject_role,
            "keywords": v.keywords, "violated": [{"ref": r, "citation": ""} for r in v.violated],
            "basis": [{"ref": r, "citation": ""} for r in v.basis], "sanctions": [], "kinds": [],
            "levels": [{"name": lv.name, "fine": lv.describe_fine()} for lv in v.levels]}


@bp.get("/handbook/entries/<entry_id>")
@access.area("handbook")
def entry(entry_id: str):
    from indexer.handbook.present import entry_detail
    v = _entry_or_404(entry_id)
    lib = library()
    units = adopted()
    bm, rows = _adopted_rows(v, units)
    return render_template("handbook/entry.html", e=entry_detail(lib, catalogue(), v), library_missing=lib is None,
                           benchmark=bm, rows=rows, adopted=units)


@bp.get("/handbook/entries/<entry_id>/calc")
@access.area("handbook")
def calc(entry_id: str):
    v = _entry_or_404(entry_id)
    cat = catalogue()
    circumstances, mitigation = _list_arg("circumstance"), _list_arg("mitigation")
    level, party = _arg("level"), _arg("party")
    result = None
    if request.args.get("run"):
        result = _calc(v, circumstances, mitigation, level, party)
    rules = [cat.rules[m] for m in v.mitigation if m in cat.rules]
    units = adopted()
    bm, rows = _adopted_rows(v, units)
    levels = [r.as_level() for r in rows] if rows else v.levels
    return render_template("handbook/calc.html", v=v, levels=levels, benchmark=bm, adopted=units, rules=rules,
                           result=result, chosen=set(circumstances),
                           chosen_rules=set(mitigation), level=level, party=party or "当事人",
                           library_missing=library() is None)


@bp.get("/handbook/procedures")
@access.area("handbook")
def procedures():
    return render_template("handbook/procedures.html", sections=catalogue().sections)


@bp.get("/handbook/procedures/<slug>")
@access.area("handbook")
def procedure(slug: str):
    cat = catalogue()
    s = cat.section(slug[:100])
    if s is None:
        raise UserError("程序手册中没有这一节。", code="not_found", status=404)
    i = cat.sections.index(s)
    return render_template("handbook/procedure.html", s=s, body=markdown_html(s.text), sections=cat.sections,
                           prev=cat.sections[i - 1] if i > 0 else None,
                           next=cat.sections[i + 1] if i + 1 < len(cat.sections) else None)


# ---------------------------------------------------------------------------------------------------- API
@bp.get("/api/v1/handbook/entries")
@access.area("handbook")
def api_entries():
    from indexer.handbook.present import entry_summary
    cat, lib = catalogue(), library()
    topic, q = _arg("topic"), _arg("q")
    entries = [v for v in cat.violations if not topic or v.topic == topic]
    if q:
        ids = [r["entry"] for r in _search(q, kinds=("handbook",), limit=50)["results"]]
        order = {e: i for i, e in enumerate(ids)}
        entries = sorted((v for v in entries if v.id in order), key=lambda v: order[v.id])
    data = [entry_summary(lib, v) if lib is not None else _bare(v) for v in entries]
    return jsonify({"total": len(data), "topics": cat.topics(), "library": lib is not None, "entries": data})


@bp.get("/api/v1/handbook/entries/<entry_id>")
@access.area("handbook")
def api_entry(entry_id: str):
    from indexer.handbook.present import entry_detail
    v = _entry_or_404(entry_id)
    lib = library()
    d = entry_detail(lib, catalogue(), v)
    d["library"] = lib is not None
    return jsonify(d)


@bp.route("/api/v1/handbook/entries/<entry_id>/calc", methods=["GET", "POST"])
@access.area("handbook")
def api_calc(entry_id: str):
    v = _entry_or_404(entry_id)
    if request.method == "POST":
        from ..api import json_body
        body = json_body()

        def strs(key):
            val = body.get(key, [])
            if isinstance(val, str):
                val = [val]
            if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
                raise UserError(f"{key} 必须是字符串列表。", code="invalid_parameter")
            return [x.strip()[:MAX_ARG] for x in val if x.strip()][:50]

        for key in ("level", "party"):
            if body.get(key) is not None and not isinstance(body.get(key), str):
                raise UserError(f"{key} 必须是字符串。", code="invalid_parameter")
        s = _calc(v, strs("circumstances"), strs("mitigation"), (body.get("level") or "")[:MAX_ARG],
                  (body.get("party") or "")[:MAX_ARG])
    else:
        s = _calc(v, _list_arg("circumstance"), _list_arg("mitigation"), _arg("level"), _arg("party"))
    return jsonify(s.to_dict())


@bp.get("/api/v1/handbook/search")
@access.area("handbook")
def api_search():
    from ..api import arg_int
    if not request.args.get("q"):
        raise UserError("请输入检索词（参数 q）。", code="bad_query")
    q = _arg("q")
    kind = _arg("kind")
    if kind and kind not in ("handbook", "procedure"):
        raise UserError("参数 kind 只能是 handbook 或 procedure。", code="invalid_parameter")
    limit = arg_int("limit", 10, lo=1, hi=50)
    return jsonify(_search(q, kinds=(kind,) if kind else ("handbook", "procedure"), limit=limit))


@bp.get("/api/v1/handbook/procedures")
@access.area("handbook")
def api_procedures():
    return jsonify({"sections": [{"slug": s.slug, "id": s.doc_id, "title": s.title} for s in catalogue().sections]})


@bp.get("/api/v1/handbook/procedures/<slug>")
@access.area("handbook")
def api_procedure(slug: str):
    from indexer.handbook.citations import extract
    cat = catalogue()
    s = cat.section(slug[:100])
    if s is None:
        raise UserError("程序手册中没有这一节。", code="not_found", status=404)
    d = s.to_dict()
    d["citations"] = [{"law": c.law_name, "text": c.text, "article": c.article, "suffix": c.suffix,
                       "paragraph": c.paragraph, "item": c.item} for c in extract(s.text)]
    return jsonify(d)


@bp.get("/api/v1/handbook/provisions")
@access.area("handbook")
def api_provisions():
    from indexer import penalties as P
    from indexer.refs import Ref, RefError
    from indexer.service import LawError
    lib = library()
    if lib is None:
        raise UserError("法规库尚未建立索引，无法解析罚则。", code="library_not_built", status=409)
    law, ref = _arg("law"), _arg("ref")
    if ref:
        try:
            p = P.provision(lib, Ref.parse(ref))
        except (RefError, LawError) as exc:
            raise UserError(getattr(exc, "message", None) or str(exc), code="invalid_parameter") from None
        if p is None:
            raise UserError(f"{ref} 不是可解析的罚则条款。", code="not_found", status=404)
        return jsonify({"total": 1, "provisions": [p.to_dict()]})
    if not law:
        raise UserError("请给出参数 law（法规名称）或 ref（条文引用）。", code="invalid_parameter")
    try:
        key = lib.find_law(law).key
    except LawError as exc:
        raise UserError(exc.message, code="unknown_law", status=404) from None
    provs = [p for p in P.all_provisions(lib) if p.law == key]
    return jsonify({"total": len(provs), "provisions": [p.to_dict() for p in provs]})


@bp.get("/api/v1/handbook/check")
@access.area("handbook")
def api_check():
    from indexer.handbook.checks import run_checks
    lib = library()
    if lib is None:
        raise UserError("法规库尚未建立索引，无法检查手册。", code="library_not_built", status=409)
    search = (request.args.get("search") or "").lower() in ("1", "true", "yes")
    cat = catalogue()
    failures = run_checks(lib, cat, search=search)
    errors = sum(1 for f in failures if f.severity == "error")
    return jsonify({"entries": len(cat.violations), "rules": len(cat.rules), "sections": len(cat.sections),
                    "errors": errors, "warnings": len(failures) - errors, "failures": [f.to_dict() for f in failures]})


# ------------------------------------------------------------------------------------------------ OpenAPI
def _err(desc):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


_ENTRY_ID = {"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 32},
             "description": "条目编号，如 SP-001"}
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100},
         "description": "章节标识（标题去掉括注），如 听证程序"}
_OBJ = {"type": "object"}


def _ok(desc, schema):
    return {"description": desc, "content": {"application/json": {"schema": schema}}}


_CITED_REF = {"type": "object", "required": ["ref"], "properties": {
    "ref": {"type": "string"}, "citation": {"type": "string"}, "dated": {"type": "string"},
    "ok": {"type": "boolean"}, "in_force": {"type": "boolean"}, "status": {"type": "string"},
    "error": {"type": "string"}}}

OPENAPI = {
    "tags": [{"name": "handbook", "description": "处罚裁量手册"}],
    "components": {"schemas": {
        "HandbookEntrySummary": {"type": "object", "required": ["id", "name", "topic", "violated", "basis", "sanctions"],
                                 "properties": {
                                     "id": {"type": "string"}, "name": {"type": "string"}, "topic": {"type": "string"},
                                     "subject": {"type": "string"}, "subject_role": {"type": "string"},
                                     "keywords": {"type": "array", "items": {"type": "string"}},
                                     "violated": {"type": "array", "items": _CITED_REF},
                                     "basis": {"type": "array", "items": _CITED_REF},
                                     "sanctions": {"type": "array", "items": {"type": "string"},
                                                   "description": "法定处罚（由处罚依据条文解析得到）"},
                                     "kinds": {"type": "array", "items": {"type": "string"}},
                                     "levels": {"type": "array", "items": _OBJ}}},
        "HandbookSuggestion": {"type": "object",
                               "required": ["entry", "level", "outcome", "fine", "reasons", "warnings"],
                               "properties": {
                                   "entry": {"type": "string"}, "name": {"type": "string"},
                                   "level": {"type": "string", "nullable": True},
                                   "matched": {"type": "array", "items": {"type": "string"}},
                                   "unknown": {"type": "array", "items": {"type": "string"}},
                                   "outcome": {"type": "string", "enum": ["处罚", "不予处罚", "可以不予处罚"]},
                                   "adjustment": {"type": "string", "nullable": True},
                                   "fine": {"type": "object", "nullable": True, "properties": {
                                       "unit": {"type": "string", "enum": ["yuan", "ratio"]},
                                       "min": {"type": "number"}, "max": {"type": "number"},
                                       "basis": {"type": "string", "nullable": True}, "text": {"type": "string"}}},
                                   "level_fine": {"type": "object", "nullable": True},
                                   "statutory": {"type": "array", "items": {"type": "string"}},
                                   "sanctions": {"type": "array", "items": {"type": "string"}},
                                   "reasons": {"type": "array", "items": {"type": "string"}},
                                   "citations": {"type": "array", "items": _OBJ},
                                   "warnings": {"type": "array", "items": {"type": "string"}},
                                   "rules": {"type": "array", "items": _OBJ}}},
    }},
    "paths": {
        "/api/v1/handbook/entries": {"get": {
            "tags": ["handbook"], "summary": "违法行为目录（含引用和法定处罚）", "operationId": "handbook_entries",
            "parameters": [{"name": "topic", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                           {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200},
                            "description": "按违法行为描述检索"}],
            "responses": {"200": _ok("条目", {"type": "object", "required": ["total", "entries"], "properties": {
                "total": {"type": "integer"}, "library": {"type": "boolean"},
                "topics": {"type": "array", "items": {"type": "string"}},
                "entries": {"type": "array", "items": {"$ref": "#/components/schemas/HandbookEntrySummary"}}}}),
                "400": _err("检索词有误"), "401": _err("未登录")}}},
        "/api/v1/handbook/entries/{entry_id}": {"get": {
            "tags": ["handbook"], "summary": "一个违法行为条目", "operationId": "handbook_entry",
            "parameters": [_ENTRY_ID],
            "responses": {"200": _ok("条目详情：违反条款、处罚依据、法定处罚、裁量档次、从轻减轻规则", _OBJ),
                          "401": _err("未登录"), "404": _err("没有该条目")}}},
        "/api/v1/handbook/entries/{entry_id}/calc": {
            "get": {"tags": ["handbook"], "summary": "裁量计算", "operationId": "handbook_calc",
                    "parameters": [_ENTRY_ID,
                                   {"name": "circumstance", "in": "query", "explode": True,
                                    "schema": {"type": "array", "items": {"type": "string", "maxLength": 200}}},
                                   {"name": "mitigation", "in": "query", "explode": True,
                                    "schema": {"type": "array", "items": {"type": "string", "maxLength": 200}}},
                                   {"name": "level", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                                   {"name": "party", "in": "query", "schema": {"type": "string", "maxLength": 200}}],
                    "responses": {"200": _ok("建议", {"$ref": "#/components/schemas/HandbookSuggestion"}),
                                  "400": _err("情形、档次或规则编号有误"), "401": _err("未登录"),
                                  "404": _err("没有该条目")}},
            "post": {"tags": ["handbook"], "summary": "裁量计算（JSON 请求体）", "operationId": "handbook_calc_post",
                     "parameters": [_ENTRY_ID],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": {
                         "type": "object", "properties": {
                             "circumstances": {"type": "array", "items": {"type": "string"}},
                             "mitigation": {"type": "array", "items": {"type": "string"}},
                             "level": {"type": "string"}, "party": {"type": "string"}}}}}},
                     "responses": {"200": _ok("建议", {"$ref": "#/components/schemas/HandbookSuggestion"}),
                                   "400": _err("请求体有误"), "401": _err("未登录"), "404": _err("没有该条目")}}},
        "/api/v1/handbook/search": {"get": {
            "tags": ["handbook"], "summary": "检索手册条目和程序章节", "operationId": "handbook_search",
            "parameters": [{"name": "q", "in": "query", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NON_BLANK}},
                           {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["handbook", "procedure"]}},
                           {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}],
            "responses": {"200": _ok("结果", {"type": "object", "required": ["query", "total", "results"],
                                            "properties": {"query": {"type": "string"}, "total": {"type": "integer"},
                                                           "source": {"type": "string"},
                                                           "results": {"type": "array", "items": _OBJ}}}),
                          "400": _err("检索词有误"), "401": _err("未登录")}}},
        "/api/v1/handbook/procedures": {"get": {
            "tags": ["handbook"], "summary": "程序手册章节", "operationId": "handbook_procedures",
            "responses": {"200": _ok("章节", {"type": "object", "required": ["sections"], "properties": {
                "sections": {"type": "array", "items": _OBJ}}}), "401": _err("未登录")}}},
        "/api/v1/handbook/procedures/{slug}": {"get": {
            "tags": ["handbook"], "summary": "程序手册一节（Markdown 原文和其中的引用）",
            "operationId": "handbook_procedure", "parameters": [_SLUG],
            "responses": {"200": _ok("章节", _OBJ), "401": _err("未登录"), "404": _err("没有该章节")}}},
        "/api/v1/handbook/provisions": {"get": {
            "tags": ["handbook"], "summary": "从条文解析出的罚则", "operationId": "handbook_provisions",
            "parameters": [{"name": "law", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                           {"name": "ref", "in": "query", "schema": {"type": "string", "maxLength": 200},
                            "description": "条文引用，如 安全生产法/99/1"}],
            "responses": {"200": _ok("罚则", {"type": "object", "required": ["total", "provisions"], "properties": {
                "total": {"type": "integer"}, "provisions": {"type": "array", "items": _OBJ}}}),
                "400": _err("参数有误"), "401": _err("未登录"), "404": _err("没有该法规或罚则"),
                "409": _err("法规库尚未建立索引")}}},
        "/api/v1/handbook/check": {"get": {
            "tags": ["handbook"], "summary": "检查手册（引用、行为表述、裁量幅度、可检索性）",
            "operationId": "handbook_check",
            "parameters": [{"name": "search", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]},
                            "description": "1 = 同时检查每个条目能否被检索到（较慢）"}],
            "responses": {"200": _ok("检查结果", {"type": "object", "required": ["errors", "failures"], "properties": {
                "entries": {"type": "integer"}, "errors": {"type": "integer"}, "warnings": {"type": "integer"},
                "failures": {"type": "array", "items": _OBJ}}}),
                "401": _err("未登录"), "409": _err("法规库尚未建立索引")}}},
    },
}
