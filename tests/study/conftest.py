"""Fixtures of the study tests: the session library (tests/conftest.py), a study service on a throw-away SQLite
database with a controllable clock, and a tiny synthetic library whose law gains a new version."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

AS_OF = "2026-11-28"


class Clock:
    """A settable naive-UTC clock."""

    def __init__(self, start: dt.datetime | None = None):
        self.t = start or dt.datetime(2026, 11, 28, 2, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.t

    def advance(self, **kw) -> None:
        self.t += dt.timedelta(**kw)


def make_repo(path):
    from webapp.study.repository import StudyRepository
    engine = sa.create_engine(f"sqlite:///{path}")
    repo = StudyRepository(engine)
    repo.create_tables()
    return repo


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def repo(tmp_path):
    r = make_repo(tmp_path / "study.sqlite3")
    yield r
    r.engine.dispose()


@pytest.fixture(scope="session")
def bank(lib, settings):
    from webapp.study.bank import build_bank
    return build_bank(lib, settings.corpus, AS_OF)


@pytest.fixture(scope="session")
def bank_cache():
    from webapp.study.bank import BankCache
    return BankCache()


@pytest.fixture
def service(lib, settings, repo, clock, bank_cache):
    from webapp.study.service import StudyService
    return StudyService(lib, settings.corpus, repo, as_of=AS_OF, now=clock, bank_cache=bank_cache)
