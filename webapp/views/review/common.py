"""The review blueprint and what its views share: the app's CitationChecker, the dates and the document of a
request, with the services' errors as UserErrors."""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, current_app

from indexer.dates import check_date
from indexer.errors import LawError
from webapp.library import library as _library

from ... import security
from ...errors import UserError, from_service
from ...services import citation_review as review
from ...services.citation_review import MAX_NAME, ReviewError

bp = Blueprint("review", __name__)

_lock = threading.Lock()


def checker() -> Any:
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


def date_of(raw: str | None, label: str = "文书日期") -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return check_date(raw)
    except LawError:
        raise UserError(f"{label}格式错误，应为 YYYY-MM-DD。", code="invalid_date") from None


def act_date_of(raw: Any) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise UserError("act_date 必须是 YYYY-MM-DD 字符串。", code="invalid_date")
    return date_of(raw, "违法行为发生日期")


def check(text: str, date: str | None, act_date: str | None) -> Any:
    """Run the checker; an act date after the document's date is the user's error, said in Chinese."""
    from ...library import mark_unknown_laws
    try:
        return mark_unknown_laws(checker().check(text, date, act_date=act_date))
    except LawError as exc:
        raise UserError(exc.message, code="invalid_date") from None


def clean_text(text: str) -> str:
    try:
        return review.clean_text(text)
    except ReviewError as exc:
        raise from_service(exc) from None


def read_input(form: Any, files: Any) -> tuple[Any, str]:
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
        try:
            review.too_long(len(doc.text))
        except ReviewError as exc:
            raise from_service(exc) from None
        return doc, up.filename
    text = clean_text(form.get("text") or "")
    if not text.strip():
        raise UserError("请粘贴文书内容或上传 .docx / .txt 文件。", code="no_input")
    name = (form.get("name") or "").strip()[:MAX_NAME]
    return from_text(text, name), name
