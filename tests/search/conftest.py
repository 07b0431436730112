"""Fixtures of the search-page tests: one app on the session's core-scope build (tests/conftest.py `settings`)
with its own SQLite database and the platform's test world (tests/web/conftest.py: two units, one user of
every role in each), shared by the Flask-client tests, the API tests and the browser tests."""

from __future__ import annotations

import pytest

from tests.web.conftest import build_world, session_client

# the platform's per-test app on a fresh data folder (no statute index): for the "library not built" tests
from tests.web.conftest import app, backend, make_app, world  # noqa: F401  (fixtures, reused)

ROLES = ("admin", "officer", "reviewer", "trainee")


@pytest.fixture(scope="session")
def search_web(settings, tmp_path_factory):
    """(app, world) on the built library."""
    from webapp import create_app
    db = tmp_path_factory.mktemp("searchweb") / "app.sqlite3"
    web_app = create_app(settings, {"TESTING": True, "SECRET_KEY": "search-test", "USER_CACHE_SECONDS": 0,
                                    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "DATABASE_URL": f"sqlite:///{db}"})
    yield web_app, build_world(web_app)
    web_app.extensions["lawdesk_db"].dispose()


@pytest.fixture(scope="session")
def search_app(search_web):
    return search_web[0]


@pytest.fixture(scope="session")
def clients(search_web):
    """role -> a logged-in test client."""
    web_app, web_world = search_web
    return {role: session_client(web_app, web_world.user(role)) for role in ROLES}


@pytest.fixture(scope="session")
def officer(clients):
    return clients["officer"]


@pytest.fixture(scope="session")
def anonymous(search_app):
    return session_client(search_app, None)
