"""The Flask app factory: `create_app(settings=None, test_config=None)` (re-exported by webapp/__init__.py).

The platform (accounts, roles, access rules, audit trail, security, errors, API base) lives in this package;
feature areas plug in through webapp/blueprints.py (blueprints + navigation), webapp/access.py (one line per
area in RULES), webapp/migrations/versions (their tables) and an OPENAPI fragment in their module."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import uuid
from pathlib import Path

from flask import Flask, g, redirect, request, url_for
from werkzeug.routing import IntegerConverter

__all__ = ["create_app"]

CST = dt.timezone(dt.timedelta(hours=8), "CST")


def _secret_key(data_dir: Path) -> str:
    env = os.environ.get("LAWDESK_SECRET_KEY")
    if env:
        return env
    path = data_dir / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key


class BoundedInt(IntegerConverter):
    """`<int:…>` in every route: 0 … 2**31-1 (the range of an INTEGER column on PostgreSQL and SQLite ids)."""

    def __init__(self, map, fixed_digits=0, min=0, max=2**31 - 1, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def create_app(settings=None, test_config: dict | None = None) -> Flask:
    from indexer.config import Settings

    from . import access, auth, db, errors, security
    from .blueprints import NAV, register_all

    settings = settings or Settings.resolve()
    app = Flask(__name__, instance_path=str(settings.data), instance_relative_config=False)
    app.config.update(
        LAWDESK_SETTINGS=settings,
        DATABASE_URL=None,
        DATABASE_SCHEMA=None,
        AUTO_MIGRATE=True,
        SESSION_COOKIE_NAME="lawdesk_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_truthy(os.environ.get("LAWDESK_SECURE_COOKIES")),
        SESSION_REFRESH_EACH_REQUEST=False,     # the login's lifetime is absolute (auth.SESSION_MAX_AGE)
        USER_CACHE_SECONDS=2.0,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(seconds=auth.SESSION_MAX_AGE),
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        MAX_FORM_PARTS=1000,
        JSON_AS_ASCII=False,
        TEMPLATES_AUTO_RELOAD=False,
    )
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(Path(settings.data))
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # DefaultJSONProvider's setting
    app.url_map.converters["int"] = BoundedInt     # ids beyond a database integer are 404, not 500

    if _truthy(os.environ.get("LAWDESK_PROXY_FIX")):
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    logging.getLogger("alembic").setLevel(logging.WARNING)

    url = app.config["DATABASE_URL"] or db.default_url(Path(settings.data))
    engine = db.make_engine(url, app.config.get("DATABASE_SCHEMA"))
    app.extensions["lawdesk_db"] = engine
    if app.config["AUTO_MIGRATE"]:
        db.migrate(engine)

    errors.init_app(app)
    register_all(app)

    # ------------------------------------------------------------------------------------ request hooks
    PASSWORD_CHANGE_OK = {"auth.password", "auth.logout", "static", "api.me"}

    @app.before_request
    def _before():
        g.request_id = uuid.uuid4().hex[:12]
        auth.load_request_user()
        if request.routing_exception is not None:     # 404/405: reported by Flask after this hook
            return None
        access.check_request()
        user = g.get("user")
        if user and user["must_change_password"] and request.endpoint not in PASSWORD_CHANGE_OK \
                and g.get("area") != "public":
            if errors.wants_json():
                raise errors.UserError("请先在网页上修改初始密码。", code="password_change_required", status=403)
            return redirect(url_for("auth.password"))
        security.check_csrf()
        return None

    app.after_request(security.set_headers)

    @app.teardown_appcontext
    def _teardown(_exc):
        return None

    # ---------------------------------------------------------------------------------------- templates
    def nav_items():
        items = []
        for endpoint, label, area_name in NAV:
            if endpoint in app.view_functions and access.can(area_name):
                items.append((endpoint, label))
        return items

    def local_time(value, fmt="%Y-%m-%d %H:%M:%S"):
        if not value:
            return ""
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.rstrip("Z"))
            except ValueError:
                return value
        return value.replace(tzinfo=dt.UTC).astimezone(CST).strftime(fmt)

    @app.context_processor
    def _library_banner():
        # the banner of base.html while the whole library is still being indexed (webapp/library.py)
        from .library import library_status
        if not g.get("user"):
            return {"library_status": None}
        try:
            return {"library_status": library_status()}
        except OSError:
            return {"library_status": None}

    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals.update(
        csrf_token=security.csrf_token,
        csrf_field=security.csrf_field,
        can=access.can,
        nav_items=nav_items,
        ROLE_LABELS=db.ROLE_LABELS,
        has_endpoint=lambda ep: ep in app.view_functions,
    )
    return app
