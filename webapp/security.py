"""Security plumbing shared by every area.

- CSRF: every unsafe request (POST/PUT/PATCH/DELETE) made with the session cookie must carry the session's
  token, as the form field `csrf_token` (templates: `{{ csrf_field() }}`) or the header `X-CSRF-Token`
  (static/app.js adds it to fetch calls from the `<meta name="csrf-token">`). API calls with a bearer token
  carry no cookie and need none.
- Response headers: CSP without inline scripts or styles, no framing, nosniff, no-store for pages.
- Login throttling, stored in the database so that it holds across threads, processes and servers.
- Upload guards: `check_upload(file, kinds={"docx", "txt"})` sniffs the content (not the name), limits size,
  and rejects .docx zip bombs.
- `send_data_file(base, name)`: serves a file under a folder, refusing any path that leaves it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import os
import secrets
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from flask import abort, current_app, g, request, send_file, session
from markupsafe import Markup

from . import db
from .errors import UserError

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


# --------------------------------------------------------------------------------------------------- CSRF
def csrf_token() -> str:
    tok = session.get("_csrf")
    if not tok:
        tok = secrets.token_urlsafe(32)
        session["_csrf"] = tok
    return tok


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % csrf_token()


def check_csrf() -> None:
    if request.method not in UNSAFE_METHODS or g.get("auth_method") == "token":
        return
    if current_app.config.get("CSRF_DISABLED"):
        return
    expected = session.get("_csrf")
    sent = request.headers.get("X-CSRF-Token") or (request.form.get("csrf_token") if request.form else None)
    if not expected or not sent or not hmac.compare_digest(str(expected), str(sent)):
        raise UserError("页面已过期或来源无法确认（CSRF 校验失败）。请刷新页面后重新提交。", code="csrf_failed", status=400)


# ------------------------------------------------------------------------------------------------ headers
def set_headers(resp):
    h = resp.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        h.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static":
        # pages hold case data and personal data: never store them in shared caches or the browser's disk cache
        h.setdefault("Cache-Control", "no-store")
    if g.get("request_id"):
        h.setdefault("X-Request-Id", g.request_id)
    return resp


# ----------------------------------------------------------------------------------------- login throttle
@dataclass(frozen=True)
class ThrottlePolicy:
    window: dt.timedelta = dt.timedelta(minutes=15)
    per_user_ip: int = 5        # failures for one username from one address
    per_user: int = 20          # failures for one username from anywhere (slow distributed guessing)
    per_ip: int = 30            # failures from one address over all usernames (spraying)


def throttle_policy() -> ThrottlePolicy:
    return current_app.config.get("LOGIN_THROTTLE") or ThrottlePolicy()


def login_blocked(username: str, ip: str) -> int:
    """0 when a login attempt may proceed, else the seconds to wait."""
    pol = throttle_policy()
    since = db.utcnow() - pol.window
    la = db.login_attempts
    username = username.strip().lower()[:64]
    with db.read() as conn:
        def count(*cond):
            row = conn.execute(sa.select(sa.func.count(), sa.func.min(la.c.ts)).where(la.c.ts >= since, *cond)).one()
            return row[0], row[1]
        for limit, cond in ((pol.per_user_ip, (la.c.username == username, la.c.ip == ip)),
                            (pol.per_user, (la.c.username == username,)),
                            (pol.per_ip, (la.c.ip == ip,))):
            n, oldest = count(*cond)
            if n >= limit:
                wait = (oldest + pol.window - db.utcnow()).total_seconds()
                return max(1, int(wait) + 1)
    return 0


def login_failed(username: str, ip: str) -> None:
    with db.begin() as conn:
        conn.execute(db.login_attempts.insert().values(ts=db.utcnow(), username=username.strip().lower()[:64],
                                                       ip=ip[:64]))
        # keep the table small: drop what no window looks at any more
        conn.execute(db.login_attempts.delete().where(db.login_attempts.c.ts < db.utcnow() - dt.timedelta(days=1)))


def login_succeeded(username: str, ip: str) -> None:
    la = db.login_attempts
    with db.begin() as conn:
        conn.execute(la.delete().where(la.c.username == username.strip().lower()[:64], la.c.ip == ip[:64]))


# ------------------------------------------------------------------------------------------------ uploads
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 10 * 1024 * 1024            # the upload itself
    max_unzipped: int = 60 * 1024 * 1024         # all members of a .docx together, uncompressed
    max_members: int = 2000
    max_ratio: int = 120                         # uncompressed / compressed for any big member


@dataclass
class Upload:
    kind: str             # "docx" | "txt"
    filename: str         # a safe display name (no path)
    data: bytes

    def text(self) -> str:
        """The text of a .txt upload (UTF-8 with or without BOM, else GB18030)."""
        return decode_text(self.data)


def decode_text(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UserError("无法识别文本文件的编码，请另存为 UTF-8 后重试。", code="bad_encoding", status=415)


def safe_filename(name: str | None) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return name[:120] or "upload"


def check_docx(data: bytes, limits: UploadLimits) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise UserError("文件不是有效的 .docx 文档。", code="bad_docx", status=415) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise UserError("文档结构异常（文件条目过多），已拒绝。", code="docx_too_complex", status=413)
        names = set()
        total = 0
        for info in infos:
            name = info.filename
            if name.startswith("/") or ".." in name.split("/") or "\\" in name:
                raise UserError("文档包含非法路径，已拒绝。", code="bad_docx", status=415)
            if info.flag_bits & 0x1:
                raise UserError("不支持加密的文档。", code="encrypted_docx", status=415)
            total += info.file_size
            if total > limits.max_unzipped:
                raise UserError("文档解压后过大（疑似压缩炸弹），已拒绝。", code="zip_bomb", status=413)
            if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UserError("文档压缩比异常（疑似压缩炸弹），已拒绝。", code="zip_bomb", status=413)
            names.add(name)
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise UserError("文件不是有效的 Word (.docx) 文档。", code="bad_docx", status=415)
        # the declared sizes can lie: read the main part with a hard cap
        with zf.open("word/document.xml") as fh:
            read = 0
            while chunk := fh.read(1 << 16):
                read += len(chunk)
                if read > limits.max_unzipped:
                    raise UserError("文档解压后过大（疑似压缩炸弹），已拒绝。", code="zip_bomb", status=413)


def sniff(data: bytes) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"         # old .doc / .xls
    if b"\x00" in data[:4096]:
        return None
    try:
        decode_text(data)
    except UserError:
        return None
    return "text"


def check_upload(file, kinds=("docx", "txt"), limits: UploadLimits | None = None) -> Upload:
    """Validate an uploaded werkzeug FileStorage (or bytes). Raises UserError with a Chinese message."""
    limits = limits or current_app.config.get("UPLOAD_LIMITS") or UploadLimits()
    if file is None or (hasattr(file, "filename") and not file.filename and not getattr(file, "content_length", 0)):
        raise UserError("请选择要上传的文件。", code="no_file")
    if isinstance(file, (bytes, bytearray)):
        data, filename = bytes(file), "upload"
    else:
        data = file.stream.read(limits.max_bytes + 1)
        filename = file.filename
    if len(data) > limits.max_bytes:
        raise UserError(f"文件过大（上限 {limits.max_bytes // (1024 * 1024)} MB）。", code="too_large", status=413)
    if not data:
        raise UserError("上传的文件是空的。", code="empty_file")
    found = sniff(data)
    kind = {"zip": "docx", "text": "txt"}.get(found or "")
    if found == "ole":
        raise UserError("不支持旧版 .doc 格式，请在 Word/WPS 中另存为 .docx 后上传。", code="unsupported_type", status=415)
    if kind is None or kind not in kinds:
        allowed = "、".join("." + k for k in kinds)
        raise UserError(f"不支持的文件类型，仅接受 {allowed} 文件。", code="unsupported_type", status=415)
    if kind == "docx":
        check_docx(data, limits)
    return Upload(kind=kind, filename=safe_filename(filename), data=data)


# ------------------------------------------------------------------------------------------ file serving
def safe_path(base: str | os.PathLike, name: str) -> Path:
    """The file `name` inside `base`; 404 for anything outside it (.., absolute paths, symlinks out)."""
    base_path = Path(base).resolve()
    if not name or "\x00" in name or name.startswith(("/", "\\")) or "\\" in name:
        abort(404)
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        abort(404)
    target = (base_path / name).resolve()
    try:
        target.relative_to(base_path)
    except ValueError:
        abort(404)
    try:
        st = target.stat()
    except OSError:
        abort(404)
    if not stat.S_ISREG(st.st_mode):
        abort(404)
    return target


def content_disposition(filename: str, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    ascii_name = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename)
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def send_data_file(base: str | os.PathLike, name: str, download_name: str | None = None, inline: bool = False,
                   mimetype: str | None = None):
    path = safe_path(base, name)
    resp = send_file(path, mimetype=mimetype or "application/octet-stream", conditional=True, max_age=0)
    resp.headers["Content-Disposition"] = content_disposition(safe_filename(download_name or path.name), inline)
    return resp


def send_bytes(data: bytes, download_name: str, mimetype: str):
    resp = send_file(io.BytesIO(data), mimetype=mimetype, max_age=0)
    resp.headers["Content-Disposition"] = content_disposition(safe_filename(download_name))
    return resp
