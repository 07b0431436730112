"""POST /api/v1/citations/check: a JSON body {"text", "date", "act_date", "name"} or a multipart upload."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from ... import access
from ...api import json_body
from ...errors import UserError
from ...library import library_status
from ...services import citation_review as review
from .common import act_date_of, bp, check, clean_text, date_of, read_input


@bp.post("/api/v1/citations/check")
@access.area("review")
def api_check() -> ResponseReturnValue:
    if request.mimetype == "application/json":
        from indexer.citations.documents import from_text

        body = json_body()
        text = body.get("text")
        if not isinstance(text, str):
            raise UserError("请求体需要字符串字段 text。", code="invalid_json")
        date = body.get("date")
        if date is not None and not isinstance(date, str):
            raise UserError("date 必须是 YYYY-MM-DD 字符串。", code="invalid_date")
        text = clean_text(text)
        if not text.strip():
            raise UserError("text 不能为空。", code="no_input")
        document, name = from_text(text), body.get("name") if isinstance(body.get("name"), str) else ""
        date, act = date_of(date), act_date_of(body.get("act_date"))
    else:
        date, act = date_of(request.form.get("date")), act_date_of(request.form.get("act_date"))
        document, name = read_input(request.form, request.files)
    result = check(document.text, date, act)
    data = review.check_json(result, document, name)
    st = library_status()
    if st["pending"]:     # an "unknown law" may be known once the whole library is indexed
        data["library"] = {"complete": False, "share": st["share"], "note": st["note"]}
    return jsonify(data)
