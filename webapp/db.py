"""Application database: SQLAlchemy Core engine and the platform's tables.

SQLite file `app.sqlite3` in the data folder by default; PostgreSQL when `LAWDESK_DATABASE_URL` (or the app
config key DATABASE_URL) is set. The schema is created and upgraded by the alembic migrations in
webapp/migrations at start (see `migrate`). Feature areas define their own tables on `metadata` in their own
modules and ship an alembic revision for them (see webapp/migrations/README.md).

Timestamps are stored as naive UTC; `webapp.timefmt` shows them in China Standard Time."""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

ROLES = ("admin", "officer", "reviewer", "trainee")
ROLE_LABELS = {"admin": "系统管理员", "officer": "执法人员", "reviewer": "法制审核人员", "trainee": "学员"}

units = sa.Table(
    "units", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),        # 执法单位全称
    sa.Column("short_name", sa.String(40), nullable=False),                # 文书编号用简称, e.g. 杭拱
    sa.Column("review_authority", sa.String(200), nullable=False, server_default=""),  # 复议机关
    sa.Column("court", sa.String(200), nullable=False, server_default=""),             # 诉讼法院
    sa.Column("created_at", sa.DateTime, nullable=False),
    # adopted 裁量基准 ids (corpus/benchmarks, data/benchmarks), comma-separated, in order of priority
    sa.Column("benchmarks", sa.Text, nullable=False, server_default=""),
    # where the unit enforces (浙江省杭州市拱墅区): local rules of other places rank below (indexer.jurisdiction)
    sa.Column("location", sa.String(100), nullable=False, server_default=""),
)


def unit_benchmarks(value: str | None) -> list[str]:
    return [b for b in (value or "").split(",") if b]

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(100), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
    sa.Column("cert_no", sa.String(40), nullable=True),                    # 执法证号 (officers)
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("auth_version", sa.Integer, nullable=False, server_default="1"),  # bump = end all sessions
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_login_at", sa.DateTime, nullable=True),
    sa.CheckConstraint("role in ('admin','officer','reviewer','trainee')", name="role"),
)

api_tokens = sa.Table(
    "api_tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("token_id", sa.String(32), nullable=False, unique=True),     # public part of the token
    sa.Column("secret_hash", sa.String(64), nullable=False),               # sha256 of the secret part
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_used_at", sa.DateTime, nullable=True),
    sa.Column("revoked_at", sa.DateTime, nullable=True),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("ts", sa.DateTime, nullable=False, index=True),
    sa.Column("actor_id", sa.Integer, nullable=True),          # no FK: the record outlives any user row
    sa.Column("actor_username", sa.String(64), nullable=True),
    sa.Column("actor_role", sa.String(16), nullable=True),
    sa.Column("unit_id", sa.Integer, nullable=True, index=True),
    sa.Column("action", sa.String(32), nullable=False, index=True),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("entity_id", sa.String(64), nullable=True),
    sa.Column("before", sa.Text, nullable=True),               # JSON
    sa.Column("after", sa.Text, nullable=True),                # JSON
    sa.Column("ip", sa.String(64), nullable=True),
    sa.Column("request_id", sa.String(32), nullable=True),
    sa.Index("ix_audit_log_entity", "entity", "entity_id"),
)

login_attempts = sa.Table(
    "login_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ts", sa.DateTime, nullable=False, index=True),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("ip", sa.String(64), nullable=False, index=True),
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def default_url(data_dir: Path) -> str:
    return os.environ.get("LAWDESK_DATABASE_URL") or f"sqlite:///{Path(data_dir) / 'app.sqlite3'}"


def normalize_url(url: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str, schema: str | None = None) -> sa.Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                                  pool_size=10, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN (see below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")
        return engine
    connect_args = {}
    if schema:
        connect_args["options"] = f"-csearch_path={schema}"
    return sa.create_engine(url, connect_args=connect_args, pool_size=10, max_overflow=20, pool_pre_ping=True)


def engine() -> sa.Engine:
    return current_app.extensions["lawdesk_db"]


def connect() -> sa.Connection:
    return engine().connect()


@contextmanager
def begin():
    """A write transaction: `with db.begin() as conn: ...; audit.record(..., conn=conn)`."""
    with engine().connect() as conn:
        conn.info["write"] = True
        try:
            with conn.begin():
                yield conn
        finally:
            conn.info.pop("write", None)


@contextmanager
def read():
    with engine().connect() as conn, conn.begin():
        yield conn


def migrate(eng: sa.Engine) -> None:
    """Bring the schema to the newest revision of every branch (alembic `upgrade heads`)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with eng.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_lock(4242001)")  # one migrator at a time
            conn.commit()
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
            conn.commit()
        finally:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_unlock(4242001)")
                conn.commit()
