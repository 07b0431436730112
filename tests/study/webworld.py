"""An app for the study web tests: the session's built statute library, its own SQLite database, the platform's
test world (two units, one user of each role in each)."""

from __future__ import annotations

from indexer.config import Settings

from .conftest import AS_OF


def make_study_app(settings: Settings, db_path, **config):
    from webapp import create_app
    test_config = {"TESTING": True, "SECRET_KEY": "study-test", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                   "DATABASE_URL": f"sqlite:///{db_path}" if db_path else None, "STUDY_AS_OF": AS_OF}
    test_config.update(config)
    return create_app(settings, test_config)
