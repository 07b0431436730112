"""Authentication: sessions, API tokens, passwords, and the first-start bootstrap.

`g.user` is a dict of the current user's row (id, username, display_name, role, unit_id, unit_name …) or None.
A session stores the user id and the user's `auth_version`; bumping auth_version (password change, reset,
deactivation, role change) ends every session of that user. API tokens look like `ldk_<token_id>_<secret>`; the
database keeps only sha256(secret)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, g, has_app_context, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from . import audit, db
from .errors import UserError

SESSION_MAX_AGE = 12 * 3600          # absolute lifetime of a login, seconds
SESSION_EXPIRED_MESSAGE = "会话已超时，请重新登录。"
TOKEN_PREFIX = "ldk_"
MIN_PASSWORD = 10
COMMON_PASSWORDS = {"password123", "1234567890", "12345678910", "qwertyuiop", "abc1234567", "admin12345",
                    "password1234", "aaaaaaaaaa", "1qaz2wsx3edc", "woaini1314", "a123456789"}

# a real hash, so that a login for an unknown user costs as much as for a known one (no user enumeration)
_DUMMY_HASH = None


def hash_password(password: str) -> str:
    # tests set PASSWORD_HASH_METHOD to a cheap pbkdf2 so that hundreds of logins stay fast
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
    return generate_password_hash(password, method=method)


def verify_password(pw_hash: str | None, password: str) -> bool:
    global _DUMMY_HASH
    if not pw_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash(secrets.token_hex(8))
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(pw_hash, password)


def password_problem(password: str, username: str = "") -> str | None:
    """A Chinese reason why the password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少需要 {MIN_PASSWORD} 个字符。"
    if len(password) > 200:
        return "密码过长（最多 200 个字符）。"
    if username and username.lower() in password.lower():
        return "密码不能包含用户名。"
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        return "密码过于简单，请换一个更难猜的密码。"
    return None


def generate_password() -> str:
    """A one-time password: 4 groups of 4 unambiguous characters, e.g. k7Qm-x2Pf-…"""
    alphabet = "".join(ch for ch in string.ascii_letters + string.digits if ch not in "0O1lI")
    while True:
        groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4)]
        pw = "-".join(groups)
        if password_problem(pw) is None:
            return pw


def user_query():
    u, un = db.users, db.units
    return sa.select(u.c.id, u.c.username, u.c.display_name, u.c.role, u.c.unit_id, u.c.cert_no, u.c.active,
                     u.c.must_change_password, u.c.auth_version, u.c.password_hash, u.c.last_login_at,
                     u.c.created_at, un.c.name.label("unit_name"), un.c.short_name.label("unit_short_name"),
                     un.c.location.label("unit_location")).join(un, un.c.id == u.c.unit_id)


def get_user(conn, user_id: int | None = None, username: str | None = None) -> dict | None:
    q = user_query()
    if user_id is not None:
        q = q.where(db.users.c.id == user_id)
    else:
        q = q.where(sa.func.lower(db.users.c.username) == (username or "").strip().lower())
    row = conn.execute(q).mappings().first()
    return dict(row) if row else None


def public_user(user: dict) -> dict:
    return {k: v for k, v in user.items() if k not in ("password_hash", "auth_version")}


# --------------------------------------------------------------------------------------- request loading
def load_request_user() -> None:
    """before_request: set g.user from a bearer token or the session."""
    g.user = None
    g.auth_method = None
    g.session_expired = False       # the request carried a login that is no longer valid
    header = request.headers.get("Authorization", "")
    if header:
        if request.path.startswith("/api/") and header[:7].lower() == "bearer ":
            user = user_for_token(header[7:].strip())
            if user is None:
                raise UserError("API 令牌无效或已撤销。", code="invalid_token", status=401)
            g.user, g.auth_method = user, "token"
            return
    uid = session.get("uid")
    if uid is None:
        return
    if time.time() - session.get("login_at", 0) > SESSION_MAX_AGE:
        session.clear()
        g.session_expired = True
        return
    user = _cached_user(uid)
    if user is None or not user["active"] or user["auth_version"] != session.get("av"):
        session.clear()
        g.session_expired = True
        return
    g.user, g.auth_method = user, "session"


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site (no scheme, host, `//` or backslash), else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def login_return_path(method: str, full_path: str, referrer: str | None, host: str) -> str | None:
    """Where to go after the login that a refused request leads to: the page itself for GET; for a form post
    (which cannot be repeated by a redirect) the page the form was on, when the Referer is this site."""
    if method in ("GET", "HEAD"):
        target = full_path.rstrip("?")
    else:
        parts = urlsplit(referrer or "")
        if not parts.netloc or parts.netloc != host or parts.scheme not in ("http", "https"):
            return None
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    safe = safe_next(target)
    if safe is None or safe == "/login" or safe.startswith("/login?"):
        return None
    return safe


def _cached_user(uid: int) -> dict | None:
    """The user row, re-read at most every USER_CACHE_SECONDS (default 2 s) per process: a deactivation, role
    change or password change on any server takes effect within that time."""
    ttl = current_app.config.get("USER_CACHE_SECONDS", 2.0)
    cache = _cache()
    now = time.monotonic()
    hit = cache.get(uid) if ttl > 0 else None
    if hit and hit[0] > now:
        return hit[1]
    with db.read() as conn:
        user = get_user(conn, user_id=uid)
    if ttl > 0:
        if len(cache) > 10000:
            cache.clear()
        cache[uid] = (now + ttl, user)
    return user


def forget_user(uid: int) -> None:
    """Drop this process's cached row at once (after changes made here)."""
    if has_app_context():
        _cache().pop(uid, None)


def _cache() -> dict:
    return current_app.extensions.setdefault("lawdesk_user_cache", {})


def login_session(user: dict) -> None:
    session.clear()                       # new session on login: no fixation
    session.permanent = True
    session["uid"] = user["id"]
    session["av"] = user["auth_version"]
    session["login_at"] = int(time.time())


def attempt_login(username: str, password: str) -> dict:
    """Check credentials with throttling; returns the user or raises UserError (Chinese message)."""
    from . import security
    ip = request.remote_addr or "?"
    username = (username or "").strip()
    if not username or not password:
        raise UserError("请输入用户名和密码。", code="missing_credentials")
    wait = security.login_blocked(username, ip)
    if wait:
        minutes = max(1, (wait + 59) // 60)
        raise UserError(f"登录失败次数过多，请约 {minutes} 分钟后再试。", code="too_many_attempts", status=429)
    with db.read() as conn:
        user = get_user(conn, username=username)
    ok = verify_password(user["password_hash"] if user else None, password)
    if not ok or user is None or not user["active"]:
        security.login_failed(username, ip)
        audit.record("login_failed", "user", user["id"] if user else None, after={"username": username[:64]},
                     actor=None, unit_id=user["unit_id"] if user else None)
        raise UserError("用户名或密码不正确，或账户已停用。", code="bad_credentials", status=400)
    security.login_succeeded(username, ip)
    with db.begin() as conn:
        conn.execute(db.users.update().where(db.users.c.id == user["id"]).values(last_login_at=db.utcnow()))
        audit.record("login", "user", user["id"], conn=conn, actor=user)
    return user


# ------------------------------------------------------------------------------------------------ tokens
def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(conn, user_id: int, name: str) -> str:
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    conn.execute(db.api_tokens.insert().values(user_id=user_id, name=name[:100], token_id=token_id,
                                               secret_hash=_secret_hash(secret), created_at=db.utcnow()))
    return f"{TOKEN_PREFIX}{token_id}_{secret}"


def user_for_token(token: str) -> dict | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    try:
        token_id, secret = token[len(TOKEN_PREFIX):].split("_", 1)
    except ValueError:
        return None
    t = db.api_tokens
    with db.read() as conn:
        row = conn.execute(sa.select(t.c.id, t.c.user_id, t.c.secret_hash, t.c.last_used_at).where(
            t.c.token_id == token_id, t.c.revoked_at.is_(None))).first()
        if row is None or not hmac.compare_digest(row.secret_hash, _secret_hash(secret)):
            return None
        user = get_user(conn, user_id=row.user_id)
    if user is None or not user["active"]:
        return None
    now = db.utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 300:
        with db.begin() as conn:   # written at most every 5 minutes per token
            conn.execute(t.update().where(t.c.id == row.id).values(last_used_at=now))
    return user


# ------------------------------------------------------------------------------------------- user admin
def unit_location(text: str) -> str:
    """The unit's place as stored: checked and written out in full (浙江 杭州 拱墅 → 浙江省杭州市拱墅); "" if none."""
    from indexer.jurisdiction import Jurisdiction, JurisdictionError
    try:
        where = Jurisdiction.parse(text)
    except JurisdictionError as exc:
        raise UserError(exc.message, code=exc.code) from None
    return where.label[:100] if where else ""


def create_unit(conn, name: str, short_name: str, review_authority: str = "", court: str = "",
                benchmarks: list[str] | tuple = (), location: str = "") -> int:
    name, short_name = name.strip(), short_name.strip()
    if not name or not short_name:
        raise UserError("单位名称和简称不能为空。", code="missing_field")
    if conn.execute(sa.select(db.units.c.id).where(db.units.c.name == name)).first():
        raise UserError(f"单位“{name}”已存在。", code="duplicate_unit", status=409)
    values = dict(name=name[:200], short_name=short_name[:40], review_authority=review_authority.strip()[:200],
                  court=court.strip()[:200], benchmarks=",".join(benchmarks), location=unit_location(location),
                  created_at=db.utcnow())
    uid = conn.execute(db.units.insert().values(**values)).inserted_primary_key[0]
    audit.record("create", "unit", uid, after=values, conn=conn, unit_id=uid)
    return uid


def validate_user_fields(username: str, display_name: str, role: str, cert_no: str | None):
    import re
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{2,64}", username or ""):
        raise UserError("用户名须为 2–64 个字母、数字或 _ . - 字符。", code="bad_username", field="username")
    if not (display_name or "").strip():
        raise UserError("请填写姓名。", code="missing_field", field="display_name")
    if role not in db.ROLES:
        raise UserError("角色无效。", code="bad_role", field="role")
    if role == "officer" and not (cert_no or "").strip():
        raise UserError("执法人员必须填写执法证号。", code="missing_cert_no", field="cert_no")


def create_user(conn, username: str, display_name: str, role: str, unit_id: int, cert_no: str | None = None,
                password: str | None = None, must_change: bool = True) -> tuple[int, str]:
    """Returns (user id, password). Without `password` a one-time password is generated."""
    username = (username or "").strip()
    validate_user_fields(username, display_name, role, cert_no)
    if conn.execute(sa.select(db.units.c.id).where(db.units.c.id == unit_id)).first() is None:
        raise UserError("所选单位不存在。", code="bad_unit", field="unit_id")
    if conn.execute(sa.select(db.users.c.id).where(sa.func.lower(db.users.c.username) == username.lower())).first():
        raise UserError(f"用户名“{username}”已被使用。", code="duplicate_username", status=409, field="username")
    if password is None:
        password = generate_password()
    else:
        problem = password_problem(password, username)
        if problem:
            raise UserError(problem, code="weak_password", field="password")
    values = dict(username=username, display_name=display_name.strip()[:100], role=role, unit_id=unit_id,
                  cert_no=(cert_no or "").strip()[:40] or None, must_change_password=must_change,
                  active=True, auth_version=1, created_at=db.utcnow())
    uid = conn.execute(db.users.insert().values(password_hash=hash_password(password), **values)
                       ).inserted_primary_key[0]
    audit.record("create", "user", uid, after=values, conn=conn, unit_id=unit_id)
    return uid, password


def set_password(conn, user: dict, new_password: str, must_change: bool, action: str) -> None:
    conn.execute(db.users.update().where(db.users.c.id == user["id"]).values(
        password_hash=hash_password(new_password), must_change_password=must_change,
        auth_version=db.users.c.auth_version + 1))
    forget_user(user["id"])
    audit.record(action, "user", user["id"], conn=conn, unit_id=user["unit_id"])


def bootstrap(app) -> tuple[str, str] | None:
    """On an empty database: create a unit and an admin with a one-time password. Returns (username, password)
    when it did, else None. The password is shown once and must be changed at first login."""
    with app.app_context(), db.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(db.users)).scalar():
            return None
        unit_id = create_unit(conn, "本单位（请在系统管理中修改）", "本单位")
        _uid, password = create_user(conn, "admin", "系统管理员", "admin", unit_id)
        return "admin", password
