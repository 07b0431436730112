"""Fixtures of the web platform tests.

Every test that takes `app` runs on SQLite and, when LAWDESK_TEST_POSTGRES_URL is set, again on PostgreSQL
(each app in a schema of its own, dropped afterwards). `world` makes two units (A = own, B = other) with one
user of every role in each, plus objects owned by each unit for the access-matrix test.

Feature areas: put `tests/<area>/matrix_samples.py` with `SAMPLES = {"endpoint": fn(world, unit_id) -> view_args}`
for each of your routes with URL arguments; test_access_matrix.py imports them all."""

from __future__ import annotations

import os
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from indexer.config import Settings

PG_URL = os.environ.get("LAWDESK_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(
    not PG_URL, reason="LAWDESK_TEST_POSTGRES_URL not set (run .ci/postgres.sh)")])]

PASSWORD = "Test-Passw0rd-xyz"
ROLES = ("admin", "officer", "reviewer", "trainee")


def _pg_schema():
    from webapp.db import normalize_url
    name = "t_" + uuid.uuid4().hex[:12]
    eng = sa.create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    return eng, name


TEST_CONFIG = {"TESTING": True, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "USER_CACHE_SECONDS": 0}


def sqlite_area_app(settings, folder, **config):
    """An app for a feature area's tests: the session's statute library, its own SQLite database in `folder`."""
    from webapp import create_app
    return create_app(settings, {**TEST_CONFIG, "SECRET_KEY": "test-" + secrets.token_hex(8),
                                 "DATABASE_URL": f"sqlite:///{folder / 'app.sqlite3'}", **config})


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def make_app(backend, tmp_path):
    """make_app(**config) -> a fresh app on its own database."""
    made = []

    def factory(**config):
        from webapp import create_app
        data = tmp_path / f"data{len(made)}"
        test_config = {**TEST_CONFIG, "SECRET_KEY": "test-" + secrets.token_hex(8)}
        if backend == "postgres":
            eng, schema = _pg_schema()
            made.append((eng, schema))
            test_config.update(DATABASE_URL=PG_URL, DATABASE_SCHEMA=schema)
        else:
            made.append((None, None))
        test_config.update(config)
        app = create_app(Settings.resolve(library=os.environ.get("LAWDESK_LIBRARY"), data=data), test_config)
        app.extensions.setdefault("lawdesk_test_engines", []).append(app.extensions["lawdesk_db"])
        factory.apps.append(app)
        return app

    factory.apps = []
    yield factory
    for app in factory.apps:
        app.extensions["lawdesk_db"].dispose()
    for eng, schema in made:
        if eng is not None:
            with eng.connect() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            eng.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on SQLite only, for tests of code that does not touch the database."""
    from webapp import create_app
    app = create_app(Settings.resolve(data=tmp_path / "plain"), {"TESTING": True, "SECRET_KEY": "x"})
    yield app
    app.extensions["lawdesk_db"].dispose()


@dataclass
class World:
    app: object
    units: dict = field(default_factory=dict)       # "A"/"B" -> unit id
    users: dict = field(default_factory=dict)       # "admin"/"officer_B"/… -> user dict
    audit_ids: dict = field(default_factory=dict)   # "A"/"B" -> an audit entry of that unit
    targets: dict = field(default_factory=dict)     # "A"/"B" -> a user id to edit in admin routes
    tokens: dict = field(default_factory=dict)      # username -> (token row id, token string)

    def user(self, role, unit="A"):
        return self.users[role if unit == "A" else f"{role}_{unit}"]

    def unit_key(self, unit_id):
        return next(k for k, v in self.units.items() if v == unit_id)


def build_world(app) -> World:
    from webapp import audit, auth, db
    w = World(app=app)
    with app.app_context(), db.begin() as conn:
        for key, name, short in (("A", "杭州市拱墅区应急管理局", "杭拱"), ("B", "杭州市西湖区应急管理局", "杭西")):
            w.units[key] = auth.create_unit(conn, name, short, f"{name[:3]}人民政府", "杭州铁路运输法院")
        for key in ("A", "B"):
            for role in ROLES:
                uname = role if key == "A" else f"{role}_{key}"
                auth.create_user(conn, uname, f"{role}{key}", role, w.units[key],
                                 cert_no="33010012345" if role == "officer" else None,
                                 password=PASSWORD, must_change=False)
            tid, _ = auth.create_user(conn, f"target_{key}", f"目标{key}", "trainee", w.units[key],
                                      password=PASSWORD, must_change=False)
            w.targets[key] = tid
        for key in ("A", "B"):
            audit.record("update", "sample", key, before={"x": 1}, after={"x": 2}, conn=conn,
                         unit_id=w.units[key])
        rows = conn.execute(sa.select(db.audit_log.c.id, db.audit_log.c.unit_id).where(
            db.audit_log.c.entity == "sample")).all()
        for rid, unit_id in rows:
            w.audit_ids[w.unit_key(unit_id)] = rid
        for role in ROLES:
            u = auth.get_user(conn, username=role)
            w.users[role] = u
            w.users[f"{role}_B"] = auth.get_user(conn, username=f"{role}_B")
            token = auth.create_token(conn, u["id"], "test")
            tid = conn.execute(sa.select(db.api_tokens.c.id).where(
                db.api_tokens.c.token_id == token.split("_")[1])).scalar()
            w.tokens[role] = (tid, token)
    return w


@pytest.fixture
def world(app):
    return build_world(app)


def session_client(app, user=None):
    """A test client already logged in as `user` (dict) through the session; its CSRF token in .csrf."""
    client = app.test_client()
    client.csrf = secrets.token_urlsafe(16)
    with client.session_transaction() as sess:
        sess["_csrf"] = client.csrf
        if user is not None:
            sess["uid"] = user["id"]
            sess["av"] = user["auth_version"]
            sess["login_at"] = int(time.time())
            sess.permanent = True
    return client


def csrf_from(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert m, "no CSRF token in page"
    return m.group(1)


def login(client, username, password=PASSWORD, follow=False):
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=follow)
