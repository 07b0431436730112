"""The 引用审核 page (paste or upload, then the checked document) and the export of the review as a draft
法制审核意见."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape

from indexer.refs import Ref

from ... import access, audit, security
from ...errors import UserError
from ...services import citation_review as review
from ...services.citation_review import MAX_NAME, MAX_TEXT
from .common import act_date_of, bp, check, clean_text, date_of, read_input


@bp.get("/review/")
@access.area("review")
def index() -> ResponseReturnValue:
    return render_template("review/index.html", result=None, text="", date="", act_date="", error=None)


def _article_link(ref: Ref) -> str | None:
    if "search.article" in current_app.view_functions:
        return url_for("search.article", ref=str(ref))
    return None


@bp.post("/review/")
@access.area("review")
def run() -> ResponseReturnValue:
    from indexer.citations.documents import layout

    date_raw = request.form.get("date", "")
    act_raw = request.form.get("act_date", "")
    try:
        date, act = date_of(date_raw), act_date_of(act_raw)
        document, name = read_input(request.form, request.files)
        result = check(document.text, date, act)
    except UserError as exc:
        if exc.status == 409:
            raise
        return render_template("review/index.html", result=None, text=request.form.get("text", "")[:MAX_TEXT],
                               date=date_raw, act_date=act_raw, error=exc.message), exc.status
    view = review.present(result, document, result.lib, link=_article_link)
    view["html"] = Markup(view["html"])           # the checker's annotation: escaped text, its own <mark>s
    return render_template("review/index.html", result=result, view=view, text=document.text, date=date_raw,
                           act_date=act_raw, name=name, layout=layout(document), error=None)


@bp.post("/review/export")
@access.area("review")
def export() -> ResponseReturnValue:
    from indexer.citations import report
    from indexer.citations.documents import with_layout

    fmt = request.form.get("format", "docx")
    if fmt not in ("docx", "md"):
        raise UserError("导出格式只能是 docx 或 md。", code="invalid_parameter")
    date, act = date_of(request.form.get("date")), act_date_of(request.form.get("act_date"))
    text = clean_text(request.form.get("text") or "")
    if not text.strip():
        raise UserError("没有可导出的文书内容。", code="no_input")
    name = (request.form.get("name") or "").strip()[:MAX_NAME] or "粘贴文本"
    document = with_layout(text, name, request.form.get("layout"))    # a .docx keeps its table cells
    result = check(text, date, act)
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


def diff_html(diff: Any) -> Markup:
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
def _review_diff(diff: Any) -> Markup:
    return diff_html(diff)
