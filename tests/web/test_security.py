"""Headers, cookies, escaping, upload guards, safe file serving, error pages."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import Blueprint
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from webapp import access, db, security
from webapp.errors import UserError

from .conftest import login, session_client


# ------------------------------------------------------------------------------------------- headers
def test_security_headers(app, world):
    c = session_client(app, world.user("officer"))
    for path in ("/login", "/", "/api/v1/me", "/no-such-page"):
        r = c.get(path)
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Referrer-Policy"] == "same-origin"
        assert r.headers["Cache-Control"] == "no-store"


def test_no_inline_scripts_or_styles_in_pages(app, world):
    import re
    c = session_client(app, world.user("admin"))
    for path in ("/login", "/", "/account", "/admin/users", "/admin/users/new", "/admin/units", "/audit/",
                 f"/audit/{world.audit_ids['A']}", "/account/password", "/missing"):
        html = c.get(path).get_data(as_text=True)
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in m.group(1) and not m.group(2).strip(), (path, m.group(0)[:80])
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path        # no inline event handlers
        assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html, path  # no CDN


def test_session_cookie_flags(app, world):
    c = app.test_client()
    r = login(c, "officer")
    cookie = r.headers.get("Set-Cookie")
    assert cookie.startswith("lawdesk_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_when_configured(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    from .conftest import build_world
    build_world(app)
    r = login(app.test_client(), "officer")
    assert "Secure" in r.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in r.headers


def test_user_strings_are_escaped(app, world):
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    with app.app_context(), db.begin() as conn:
        conn.execute(db.users.update().where(db.users.c.username == "trainee").values(display_name=evil))
        conn.execute(db.units.update().where(db.units.c.id == world.units["A"]).values(name=evil + "局"))
    c = session_client(app, world.user("admin"))
    for path in ("/", "/admin/users", "/admin/units"):
        html = c.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
    html = c.get("/audit/?user=" + evil).get_data(as_text=True)
    assert "<script>alert(1)" not in html


# ------------------------------------------------------------------------------------------- errors
def _add_test_routes(app):
    bp = Blueprint("boom", __name__)

    @bp.get("/boom")
    @access.area("account")
    def boom():
        raise RuntimeError("secret internal detail")

    @bp.get("/api/v1/boom")
    @access.area("account")
    def api_boom():
        raise RuntimeError("secret internal detail")

    @bp.post("/upload")
    @access.area("account")
    def upload():
        from flask import request
        up = security.check_upload(request.files.get("file"))
        return {"kind": up.kind, "name": up.filename}

    app.register_blueprint(bp)


def test_500_page_has_no_stack_trace(make_app):
    app = make_app()
    _add_test_routes(app)
    from .conftest import build_world
    w = build_world(app)
    c = session_client(app, w.user("officer"))
    r = c.get("/boom")
    html = r.get_data(as_text=True)
    assert r.status_code == 500 and "系统内部错误" in html
    assert "Traceback" not in html and "secret internal detail" not in html and "RuntimeError" not in html
    r = c.get("/api/v1/boom")
    body = r.get_json()
    assert r.status_code == 500 and body["error"]["code"] == "internal_error" and body["error"]["request_id"]
    assert "secret" not in r.get_data(as_text=True)


@pytest.mark.parametrize("path,status,text", [
    ("/no-such-page", 404, "找不到"), ("/admin/users/abc", 404, "找不到"), ("/audit/export.csv?limit=x", 400, "整数"),
])
def test_error_pages_in_chinese(app, world, path, status, text):
    c = session_client(app, world.user("admin"))
    r = c.get(path)
    assert r.status_code == status and text in r.get_data(as_text=True)
    assert 'lang="zh-CN"' in r.get_data(as_text=True)


def test_403_and_405_pages(app, world):
    c = session_client(app, world.user("trainee"))
    r = c.get("/admin/users")
    assert r.status_code == 403 and "没有权限" in r.get_data(as_text=True)
    r = c.get("/logout")
    assert r.status_code == 405 and "不支持此请求方式" in r.get_data(as_text=True)


def test_api_errors_are_json(app, world):
    c = app.test_client()
    for path, status, code in (("/api/v1/nope", 404, "not_found"), ("/api/v1/me", 401, "unauthorized")):
        r = c.get(path)
        assert r.status_code == status and r.get_json() == {"error": {"code": code, "message": r.get_json()["error"]["message"]}}
        assert r.get_json()["error"]["message"]
    c = session_client(app, world.user("admin"))
    r = c.get("/api/v1/audit?limit=abc")
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_parameter"
    r = c.get("/api/v1/audit?limit=100000")
    assert r.status_code == 400
    r = c.get("/api/v1/users?role=boss")
    assert r.status_code == 400
    r = c.post("/api/v1/me", headers={"X-CSRF-Token": c.csrf})
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"


def test_413_too_large(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1000)
    _add_test_routes(app)
    from .conftest import build_world
    w = build_world(app)
    c = session_client(app, w.user("officer"))
    r = c.post("/upload", data={"csrf_token": c.csrf, "file": (io.BytesIO(b"x" * 5000), "a.txt")},
               headers={"X-CSRF-Token": c.csrf})
    assert r.status_code == 413 and "过大" in r.get_data(as_text=True)


# ------------------------------------------------------------------------------------------- uploads
def make_docx(extra=None, document=b"<w:document/>"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def fs(data, name="x.docx"):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def test_upload_accepts_docx_and_text(sqlite_app):
    app = sqlite_app
    with app.app_context():
        assert security.check_upload(fs(make_docx(), "../../etc/决定书.docx")).filename == "决定书.docx"
        up = security.check_upload(fs("依据《安全生产法》".encode(), "a.txt"))
        assert up.kind == "txt" and up.text() == "依据《安全生产法》"
        up = security.check_upload(fs("第一条".encode("gb18030"), "gbk.txt"))
        assert up.text() == "第一条"


@pytest.mark.parametrize("data,code", [
    (b"", "empty_file"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "unsupported_type"),            # old .doc
    (b"%PDF-1.7 ...", "unsupported_type"),
    (b"PK\x03\x04garbage", "bad_docx"),
    (b"\x00\x01\x02binary", "unsupported_type"),
])
def test_upload_rejects(sqlite_app, data, code):
    app = sqlite_app
    with app.app_context():
        with pytest.raises(UserError) as info:
            security.check_upload(fs(data))
        assert info.value.code == code and info.value.message


def test_upload_rejects_zip_bomb(sqlite_app):
    app = sqlite_app
    bomb = make_docx({"word/media/big.bin": b"\0" * (80 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with app.app_context():
        with pytest.raises(UserError) as info:
            security.check_upload(fs(bomb))
        assert info.value.code == "zip_bomb" and info.value.status == 413
        # a bomb in the main part itself, within the total limit but with a silly ratio
        with pytest.raises(UserError):
            security.check_upload(fs(make_docx(document=b"<w:t>" + b"a" * (20 * 1024 * 1024))))


def test_upload_rejects_zip_without_word_parts_and_traversal(sqlite_app):
    app = sqlite_app
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "x")
    with app.app_context():
        with pytest.raises(UserError):
            security.check_upload(fs(buf.getvalue()))
        with pytest.raises(UserError):
            security.check_upload(fs(make_docx({"../../evil": "x"})))


def test_upload_too_big(sqlite_app):
    app = sqlite_app
    with app.app_context():
        with pytest.raises(UserError) as info:
            security.check_upload(fs(b"a" * 100, "a.txt"), limits=security.UploadLimits(max_bytes=50))
        assert info.value.status == 413


def test_upload_route_gives_json_or_page(make_app):
    app = make_app()
    _add_test_routes(app)
    from .conftest import build_world
    w = build_world(app)
    c = session_client(app, w.user("officer"))
    r = c.post("/upload", data={"file": (io.BytesIO(make_docx()), "a.docx")}, headers={"X-CSRF-Token": c.csrf})
    assert r.get_json() == {"kind": "docx", "name": "a.docx"}
    r = c.post("/upload", data={"file": (io.BytesIO(b"\xd0\xcf\x11\xe0xx"), "a.doc")}, headers={"X-CSRF-Token": c.csrf})
    assert r.status_code == 415 and "另存为 .docx" in r.get_data(as_text=True)


# ------------------------------------------------------------------------------------- file serving
@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "a/../../secret.txt", "..", "", "a\\..\\b",
                                  "sub/../../secret.txt", "link.txt", "sub", "a\x00b"])
def test_safe_path_refuses_escapes(tmp_path, name):
    base = tmp_path / "files"
    (base / "sub").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("s")
    (base / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(NotFound):
        security.safe_path(base, name)


def test_safe_path_serves_inside(tmp_path, sqlite_app):
    app = sqlite_app
    base = tmp_path / "files"
    (base / "sub").mkdir(parents=True)
    (base / "sub" / "决定书.docx").write_bytes(b"x")
    assert security.safe_path(base, "sub/决定书.docx").name == "决定书.docx"
    with app.test_request_context():
        resp = security.send_data_file(base, "sub/决定书.docx", download_name='a";b/决定书.docx')
        assert resp.headers["Content-Disposition"].startswith("attachment; filename=")
        assert "filename*=UTF-8''" in resp.headers["Content-Disposition"]
        resp.close()


def test_static_route_refuses_traversal(sqlite_app):
    app = sqlite_app
    c = app.test_client()
    assert c.get("/static/app.css").status_code == 200
    for path in ("/static/../__init__.py", "/static/%2e%2e/__init__.py", "/static/..%2f__init__.py"):
        assert c.get(path).status_code == 404
