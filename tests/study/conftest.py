"""Fixtures of the study tests: the session library (tests/conftest.py), a study service on a throw-away SQLite
database with a controllable clock, and a tiny synthetic library whose law gains a new version."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
import sqlalchemy as sa

AS_OF = "2026-11-28"
PG_URL = os.environ.get("LAWDESK_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(
    not PG_URL, reason="LAWDESK_TEST_POSTGRES_URL not set (run .ci/postgres.sh)")])]


class Clock:
    """A settable naive-UTC clock."""

    def __init__(self, start: dt.datetime | None = None):
        self.t = start or dt.datetime(2026, 11, 28, 2, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.t

    def advance(self, **kw) -> None:
        self.t += dt.timedelta(**kw)


def make_repo(path):
    from webapp.services.study.repository import StudyRepository
    engine = sa.create_engine(f"sqlite:///{path}")
    repo = StudyRepository(engine)
    repo.create_tables()
    return repo


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(params=BACKENDS)
def repo(request, tmp_path):
    """The study repository on SQLite and (with LAWDESK_TEST_POSTGRES_URL) on PostgreSQL, in a schema of its
    own made by the real migrations."""
    if request.param == "sqlite":
        r = make_repo(tmp_path / "study.sqlite3")
        yield r
        r.engine.dispose()
        return
    from webapp import db
    from webapp.services.study.repository import StudyRepository
    schema = "s_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(db.normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = db.make_engine(PG_URL, schema)
    db.migrate(engine)
    yield StudyRepository(engine)
    engine.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture(scope="session")
def bank(lib, settings):
    from webapp.services.study.bank import build_bank
    return build_bank(lib, settings.corpus, AS_OF)


@pytest.fixture(scope="session")
def bank_cache():
    from webapp.services.study.bank import BankCache
    return BankCache()


@pytest.fixture
def service(lib, settings, repo, clock, bank_cache):
    from webapp.services.study.service import StudyService
    return StudyService(lib, settings.corpus, repo, as_of=AS_OF, now=clock, bank_cache=bank_cache)
