"""Errors: a Chinese page for browsers, `{"error": {"code", "message"}}` for /api/, never a stack trace.

Views of every area raise `UserError("中文说明", code="invalid_date", status=400)` for a mistake the user can
fix; werkzeug's HTTP exceptions (abort(404) …) get the default messages below."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from flask import g, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from .services.errors import ServiceError


class UserError(Exception):
    """A mistake the user made and can fix; shown as is."""

    def __init__(self, message: str, code: str = "bad_request", status: int = 400, field: str | None = None,
                 extra: dict | None = None):
        super().__init__(message)
        self.extra = extra or {}      # more fields of the JSON error (e.g. required_roles)
        self.message = message
        self.code = code
        self.status = status
        self.field = field


def from_service(exc: ServiceError) -> UserError:
    """A service's error (webapp.services.errors) as the UserError the web shows: same message, code, status."""
    return UserError(exc.message, code=exc.code, status=exc.status)


@contextmanager
def service_errors():
    """Inside: a service's ServiceError leaves as the UserError the pages and the API show."""
    try:
        yield
    except ServiceError as exc:
        raise from_service(exc) from None


CODES = {
    400: ("bad_request", "请求有误，请检查填写的内容后重试。"),
    401: ("unauthorized", "请先登录。"),
    403: ("forbidden", "您没有权限访问此页面或执行此操作。"),
    404: ("not_found", "找不到您要访问的页面或记录。"),
    405: ("method_not_allowed", "不支持此请求方式。"),
    406: ("not_acceptable", "无法按要求的格式返回内容。"),
    409: ("conflict", "操作与现有数据冲突，请刷新后重试。"),
    413: ("too_large", "上传的文件或提交的内容过大。"),
    415: ("unsupported_media_type", "不支持的文件或内容类型。"),
    422: ("unprocessable", "提交的内容无法处理。"),
    429: ("too_many_requests", "尝试次数过多，请稍后再试。"),
    500: ("internal_error", "系统内部错误，已记录。请稍后重试或联系管理员。"),
    503: ("unavailable", "服务暂时不可用，请稍后重试。"),
}

TITLES = {400: "请求有误", 401: "需要登录", 403: "无权访问", 404: "页面不存在", 405: "请求方式不支持",
          413: "内容过大", 415: "类型不支持", 429: "请稍后再试", 500: "系统错误", 503: "服务暂不可用"}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str | None = None, message: str | None = None, headers=None,
                   extra: dict | None = None):
    default_code, default_message = CODES.get(status, CODES[500] if status >= 500 else CODES[400])
    code = code or default_code
    message = message or default_message
    if wants_json():
        body = {"error": {"code": code, "message": message, **(extra or {})}}
        if status >= 500 and g.get("request_id"):
            body["error"]["request_id"] = g.request_id
        resp = jsonify(body)
    else:
        resp = make_response(render_template(
            "error.html", status=status, title=TITLES.get(status, "出错了"), message=message, code=code,
            request_id=g.get("request_id")))
    resp.status_code = status
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def init_app(app):
    @app.errorhandler(UserError)
    def _user_error(exc: UserError):
        return error_response(exc.status, exc.code, exc.message, extra=exc.extra)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if status == 401:
            from . import auth
            # a login that timed out (or a form posted with none: its page had one) is told so
            timed_out = g.get("session_expired") or request.method in ("POST", "PUT", "PATCH", "DELETE")
            if wants_json():
                if g.get("session_expired"):
                    return error_response(401, "session_expired", auth.SESSION_EXPIRED_MESSAGE)
            else:
                from flask import flash, redirect, url_for
                if timed_out:
                    flash(auth.SESSION_EXPIRED_MESSAGE, "warning")
                target = auth.login_return_path(request.method, request.full_path, request.referrer, request.host)
                return redirect(url_for("auth.login", next=target or url_for("home.index")))
        message = None
        # messages we wrote ourselves (abort(400, description="中文…")) are shown; werkzeug's English are not
        if exc.description and any("\u4e00" <= ch <= "\u9fff" for ch in exc.description):
            message = exc.description
        headers = {}
        allowed = getattr(exc, "valid_methods", None)
        if status == 405 and allowed:
            headers["Allow"] = ", ".join(allowed)
        retry = getattr(exc, "retry_after", None)
        if status == 429 and retry:
            headers["Retry-After"] = str(retry)
        return error_response(status, None, message, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        rid = g.get("request_id") or uuid.uuid4().hex[:12]
        g.request_id = rid
        app.logger.exception("unhandled error (request %s)", rid)
        return error_response(500)
