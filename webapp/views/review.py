"""Citation checker for legal reviewers (issue 5): the 引用审核 page and its API.

    /review/                    paste a document or upload .docx / .txt, optional document date
    POST /review/               the checked document: each citation marked by status colour, a summary table,
                                per citation the article text of the version in force on the document date,
                                the quote diff and suggestions (review/review.js opens them on click)
    POST /review/export         the review as a draft 法制审核意见, Markdown or .docx (recorded in the audit trail)
    POST /api/v1/citations/check  JSON {"text", "date", "act_date"} or multipart (file, date, act_date): the
                                checker's stable JSON (act_date: when the act was done; substance is judged by
                                the law of that day, procedure by the document's date)

The checking itself is indexer.citations (the same pipeline as `lawdesk cite check`); this module only reads
input, renders and exports. Access area "review": officers and reviewers; nothing here belongs to a unit, so
the checks run for whoever may use the area. Documents are not stored: the export form sends the text back."""

from __future__ import annotations

from indexer.refs import RefError
from webapp.library import library as _library

import threading

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup, escape

from .. import access, audit, security
from ..api import json_body
from ..errors import UserError

bp = Blueprint("review", __name__)

MAX_TEXT = 300_000            # characters of one document (a 30-page decision is about 25,000)
MAX_NAME = 120
_lock = threading.Lock()

STATUS_CLASSES = ["ok", "quote_mismatch", "no_such_article", "no_such_paragraph", "no_such_item", "not_in_force",
                  "version_missing",
                  "unknown_law", "ambiguous"]


# ------------------------------------------------------------------------------------------------ plumbing

def checker():
    from indexer.citations import CitationChecker

    lib = _library()
    if lib is None:
        raise UserError("法规库尚未建立索引，暂时无法核对引用。请管理员运行 lawdesk index。",
                        code="library_not_built", status=409)
    app = current_app
    ch = app.extensions.get("lawdesk_citation_checker")
    if ch is None or ch.lib is not lib:
        with _lock:
            ch = app.extensions.get("lawdesk_citation_checker")
            if ch is None or ch.lib is not lib:
                ch = CitationChecker(lib)
                app.extensions["lawdesk_citation_checker"] = ch
    ch.refresh()
    return ch


def _date(raw: str | None, label: str = "文书日期") -> str | None:
    from indexer.service import LawError, check_date
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return check_date(raw)
    except LawError:
        raise UserError(f"{label}格式错误，应为 YYYY-MM-DD。", code="invalid_date") from None


def _act_date(raw) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise UserError("act_date 必须是 YYYY-MM-DD 字符串。", code="invalid_date")
    return _date(raw, "违法行为发生日期")


def _check(text: str, date: str | None, act_date: str | None):
    """Run the checker; an act date after the document's date is the user's error, said in Chinese."""
    from indexer.errors import LawError
    try:
        return checker().check(text, date, act_date=act_date)
    except LawError as exc:
        raise UserError(exc.message, code="invalid_date") from None


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT:
        raise UserError(f"文书过长（上限 {MAX_TEXT} 字）。", code="too_long", status=413)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        text = "".join(ch for ch in text if ord(ch) >= 32 or ch in "\n\t")
    return text


def read_input(form, files):
    """(Document, name) from a pasted text or an uploaded .docx / .txt."""
    from indexer.citations.documents import DocumentError, from_docx, from_text

    upload = files.get("file") if files else None
    if upload is not None and upload.filename:
        up = security.check_upload(upload, kinds=("docx", "txt"))
        try:
            if up.kind == "docx":
                doc = from_docx(up.data, up.filename)
            else:
                doc = from_text(up.text(), up.filename)
        except DocumentError as exc:
            raise UserError(str(exc), code="bad_document", status=415) from None
        if len(doc.text) > MAX_TEXT:
            raise UserError(f"文书过长（上限 {MAX_TEXT} 字）。", code="too_long", status=413)
        return doc, up.filename
    text = _clean_text(form.get("text") or "")
    if not text.strip():
        raise UserError("请粘贴文书内容或上传 .docx / .txt 文件。", code="no_input")
    name = (form.get("name") or "").strip()[:MAX_NAME]
    return from_text(text, name), name


# ------------------------------------------------------------------------------------------------ pages
@bp.get("/review/")
@access.area("review")
def index():
    return render_template("review/index.html", result=None, text="", date="", act_date="", error=None)


@bp.post("/review/")
@access.area("review")
def run():
    date_raw = request.form.get("date", "")
    act_raw = request.form.get("act_date", "")
    try:
        date, act = _date(date_raw), _act_date(act_raw)
        document, name = read_input(request.form, request.files)
        result = _check(document.text, date, act)
    except UserError as exc:
        if exc.status == 409:
            raise
        return render_template("review/index.html", result=None, text=request.form.get("text", "")[:MAX_TEXT],
                               date=date_raw, act_date=act_raw, error=exc.message), exc.status
    from indexer.citations.documents import layout
    view = present(result, document, result.lib)
    return render_template("review/index.html", result=result, view=view, text=document.text, date=date_raw,
                           act_date=act_raw, name=name, layout=layout(document), error=None)


@bp.post("/review/export")
@access.area("review")
def export():
    from indexer.citations import report

    fmt = request.form.get("format", "docx")
    if fmt not in ("docx", "md"):
        raise UserError("导出格式只能是 docx 或 md。", code="invalid_parameter")
    date, act = _date(request.form.get("date")), _act_date(request.form.get("act_date"))
    text = _clean_text(request.form.get("text") or "")
    if not text.strip():
        raise UserError("没有可导出的文书内容。", code="no_input")
    name = (request.form.get("name") or "").strip()[:MAX_NAME] or "粘贴文本"
    from indexer.citations.documents import with_layout
    document = with_layout(text, name, request.form.get("layout"))    # a .docx keeps its table cells
    result = _check(text, date, act)
    summary = result.summary()
    audit.record("export", "citation_review", None,
                 after={"document": name, "date": result.date, "format": fmt, "citations": summary["total"],
                        "problems": summary["problems"]})
    stem = security.safe_filename(name.rsplit(".", 1)[0]) or "文书"
    if fmt == "md":
        data = report.markdown(result, document, name).encode("utf-8")
        return security.send_bytes(data, f"{stem}-法制审核意见.md", "text/markdown; charset=utf-8")
    data = report.docx_bytes(result, document, name)
    return security.send_bytes(data, f"{stem}-法制审核意见.docx", security.DOCX_MIME)


# ------------------------------------------------------------------------------------------------ API
@bp.post("/api/v1/citations/check")
@access.area("review")
def api_check():
    if request.mimetype == "application/json":
        body = json_body()
        text = body.get("text")
        if not isinstance(text, str):
            raise UserError("请求体需要字符串字段 text。", code="invalid_json")
        date = body.get("date")
        if date is not None and not isinstance(date, str):
            raise UserError("date 必须是 YYYY-MM-DD 字符串。", code="invalid_date")
        from indexer.citations.documents import from_text
        text = _clean_text(text)
        if not text.strip():
            raise UserError("text 不能为空。", code="no_input")
        document, name = from_text(text), body.get("name") if isinstance(body.get("name"), str) else ""
        date, act = _date(date), _act_date(body.get("act_date"))
    else:
        date, act = _date(request.form.get("date")), _act_date(request.form.get("act_date"))
        document, name = read_input(request.form, request.files)
    from indexer.citations.report import locate
    result = _check(document.text, date, act)
    data = result.to_dict()
    for c in data["citations"]:
        c["location"] = locate(result.text, document, c["start"])
    data["document"] = {"name": (name or "")[:MAX_NAME], "kind": document.kind, "chars": len(document.text),
                        "blocks": [b.to_dict() for b in document.blocks] if document.kind == "docx" else []}
    if document.kind == "docx":
        data["document"]["text"] = document.text
    return jsonify(data)


# ------------------------------------------------------------------------------------------------ presenting
def present(result, document, lib) -> dict:
    """What the page shows besides the annotated text: per citation the location, the article texts of the
    provisions (version in force on the document date) and of the suggestions, the quote diff."""
    from indexer.citations.annotate import to_html
    from indexer.citations.report import review_items
    from indexer.refs import Ref

    items = review_items(result, document)
    details = []
    for it, r in zip(items, result.citations):
        articles = []
        seen = set()
        for p in r.provisions[:4]:
            if p.article is None or p.written.version is None:
                continue
            key = (p.written.law, p.written.version, p.written.article, p.written.suffix)
            if key in seen:
                continue
            seen.add(key)
            focus = [(q.written.paragraph, q.written.item) for q in r.provisions
                     if (q.written.law, q.written.version, q.written.article, q.written.suffix) == key]
            articles.append(_article_block(lib, r.law.title, p.written.article_ref(), p.article, focus,
                                           "所引条文"))
        for s in r.suggestions[:3]:
            try:
                ref = Ref.parse(s)
            except RefError:
                continue
            block = _suggested_article(lib, ref, result.date)
            if block:
                articles.append(block)
        details.append({"item": it, "articles": articles, "diff": r.diff or [],
                        "role": {"violation": "违反条款", "basis": "处罚/执法依据"}.get(r.ex.role or "", "")})
    counts: dict[str, int] = {}
    for it in items:
        kind = "warn" if it["status"] == "ok" and it["problem"] else it["status"]
        kind = "no_such_article" if kind.startswith("no_such") else kind
        counts[kind] = counts.get(kind, 0) + 1
    return {"rows": items, "details": details, "html": Markup(to_html(result.text, result.citations)),
            "counts": counts, "problems": sum(1 for it in items if it["problem"])}


def _article_block(lib, title: str, ref, article, focus, label: str) -> dict:
    from indexer.numerals import int_to_cn
    paras = []
    single = len(article.paragraphs) == 1
    for pi, p in enumerate(article.paragraphs, 1):
        items = [{"text": it.text, "subitems": it.subitems,
                  "focus": any(fp in (pi, None) and fi == it.number for fp, fi in focus)}
                 for it in p.items]
        para_focus = any(fp == pi and fi is None for fp, fi in focus) or (single and any(fi is None and fp is not None for fp, fi in focus))
        paras.append({"n": pi, "label": "" if single else f"第{int_to_cn(pi)}款", "text": p.text,
                      "entries": items, "focus": para_focus})
    link = None
    if "search.article" in current_app.view_functions:
        link = url_for("search.article", ref=str(ref))
    return {"label": label, "citation": ref.human(title), "version": ref.version, "paragraphs": paras,
            "link": link, "headings": " ".join(article.headings)}


def _suggested_article(lib, ref, date: str):
    law = lib.store.laws.get(ref.law)
    if law is None or ref.article is None:
        return None
    v = lib.store.version_on(law.key, date) or lib.store.latest_version(law.key)
    if v is None:
        return None
    art = lib.store.article(v, ref.article, ref.suffix)
    if art is None:
        return None
    from indexer.refs import Ref
    dated = Ref(law.key, v.effective_from, ref.article, ref.suffix)
    return _article_block(lib, law.title, dated, art, [(ref.paragraph, ref.item)], "建议核对的条文")


def diff_html(diff) -> Markup:
    parts = []
    for op, text in diff:
        t = escape(text)
        if op == "equal":
            parts.append(t)
        elif op == "delete":
            parts.append(Markup('<del title="文书多出或写错">') + t + Markup("</del>"))
        else:
            parts.append(Markup('<ins title="法条原文">') + t + Markup("</ins>"))
    return Markup("").join(parts)


@bp.app_template_filter("review_diff")
def _review_diff(diff):
    return diff_html(diff)


# ------------------------------------------------------------------------------------------------ OpenAPI
_CITATION = {
    "type": "object",
    "required": ["text", "start", "end", "refs", "status", "message", "quote", "expected_text", "suggestion"],
    "properties": {
        "text": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
        "refs": {"type": "array", "items": {"$ref": "#/components/schemas/CitationRef"}},
        "status": {"type": "string", "enum": STATUS_CLASSES},
        "message": {"type": "string"},
        "quote": {"type": "string", "nullable": True},
        "expected_text": {"type": "string", "nullable": True},
        "suggestion": {"type": "string", "nullable": True},
        "status_label": {"type": "string"}, "law": {"type": "string", "nullable": True},
        "suggestions": {"type": "array", "items": {"type": "string"}},
        "suggestion_labels": {"type": "array", "items": {"type": "string"}},
        "warnings": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}}}},
        "diff": {"type": "array", "items": {"type": "object", "properties": {
            "op": {"type": "string", "enum": ["equal", "delete", "insert"]}, "text": {"type": "string"}}}},
        "written": {"type": "array", "items": {"type": "string"}},
        "role": {"type": "string", "nullable": True}, "anaphor": {"type": "string", "nullable": True},
        "judged_by": {"type": "string", "enum": ["act", "document"]},
        "judged_date": {"type": "string", "format": "date", "nullable": True},
        "cited": {"$ref": "#/components/schemas/CitedAsWritten"},
        "location": {"type": "object", "required": ["where", "kind"], "description":
                     "引用所在位置：where 为中文说明（第1个表格第2行第1列、正文第3段、页眉、第15行）；"
                     "kind = table 时 table/row/col 为表格、行、列序号（从 1 起）", "properties": {
                         "where": {"type": "string"},
                         "kind": {"type": "string", "enum": ["line", "paragraph", "table", "header", "footer"]},
                         "table": {"type": "integer"}, "row": {"type": "integer"}, "col": {"type": "integer"}}},
    },
}
_ERR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

OPENAPI = {
    "paths": {
        "/api/v1/citations/check": {"post": {
            "summary": "核对文书中的法律条文引用（文本或 .docx/.txt 上传）", "operationId": "citations_check",
            "tags": ["review"],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "maxLength": MAX_TEXT},
                    "date": {"type": "string", "format": "date", "nullable": True,
                             "description": "文书日期；缺省时取文书落款日期，没有则为今天"},
                    "act_date": {"type": "string", "format": "date", "nullable": True,
                                 "description": "违法行为发生日期；缺省时从文书事实中读取。违反条款、处罚依据按该日施行的版本核对"},
                    "name": {"type": "string", "maxLength": MAX_NAME}}}},
                "multipart/form-data": {"schema": {"type": "object", "properties": {
                    "file": {"type": "string", "format": "binary", "description": ".docx 或 .txt"},
                    "text": {"type": "string"}, "date": {"type": "string", "format": "date"},
                    "act_date": {"type": "string", "format": "date"}}}}}},
            "responses": {
                "200": {"description": "核对结果", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CitationCheck"}}}},
                "400": {"description": "请求有误", **_ERR}, "401": {"description": "未登录", **_ERR},
                "403": {"description": "无权使用引用审核", **_ERR},
                "409": {"description": "法规库尚未建立索引", **_ERR},
                "413": {"description": "文书过大", **_ERR}, "415": {"description": "文件类型不支持", **_ERR}}}},
    },
    "components": {"schemas": {
        "CitationRef": {"type": "object", "required": ["law", "version", "article", "ref"], "properties": {
            "law": {"type": "string"}, "version": {"type": "string"}, "article": {"type": "integer"},
            "suffix": {"type": "string", "nullable": True}, "paragraph": {"type": "integer", "nullable": True},
            "item": {"type": "integer", "nullable": True}, "subitem": {"type": "integer", "nullable": True},
            "ref": {"type": "string"}}},
        "Citation": _CITATION,
        "CitedAsWritten": {
            "type": "object", "description": "引用的解析结果（照文书所写与解析所得），不论法规或条款是否在库中",
            "required": ["law_as_written", "law_name", "law_source", "law", "law_title", "in_library", "provisions"],
            "properties": {
                "law_as_written": {"type": "string", "nullable": True, "description": "文书所写：《…》、简称或本法/该条例"},
                "law_name": {"type": "string", "nullable": True, "description": "所指法规名称（照写或回指所得）"},
                "law_source": {"type": "string", "enum": ["named", "anaphor", "self", "context", "none"]},
                "law": {"type": "string", "nullable": True, "description": "法规库中的法规键"},
                "law_title": {"type": "string", "nullable": True},
                "in_library": {"type": "boolean"},
                "version_as_written": {"type": "string", "nullable": True, "description": "版本标注，如（2019年修正）"},
                "version_hint": {"type": "string", "nullable": True},
                "version": {"type": "string", "format": "date", "nullable": True, "description": "核对所用版本的施行日期"},
                "provisions": {"type": "array", "items": {"type": "object", "required": ["article", "label", "status"],
                                                          "properties": {
                    "article": {"type": "integer"}, "suffix": {"type": "string", "nullable": True},
                    "paragraph": {"type": "integer", "nullable": True}, "item": {"type": "integer", "nullable": True},
                    "subitem": {"type": "integer", "nullable": True}, "label": {"type": "string"},
                    "status": {"type": "string", "enum": STATUS_CLASSES},
                    "ref": {"type": "string", "nullable": True}}}}}},
        "CitationCheck": {"type": "object", "required": ["date", "citations"], "properties": {
            "date": {"type": "string", "format": "date"},
            "date_source": {"type": "string", "enum": ["given", "document", "today"]},
            "traditional": {"type": "boolean", "description": "繁体文书，已按简体字核对"},
            "act_date": {"type": "string", "format": "date", "nullable": True},
            "act_date_source": {"type": "string", "enum": ["given", "label", "facts"], "nullable": True},
            "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
            "summary": {"type": "object"},
            "document": {"type": "object"}}},
    }},
    "tags": [{"name": "review", "description": "引用审核"}],
}
