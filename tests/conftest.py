"""Shared fixtures: the real statute library (../shared/corpus or LAWDESK_LIBRARY), built once per test
session into a temporary data folder. Tests never read statute texts from the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.config import DEFAULT_LIBRARY, Settings
from tests.browser_support import browser, page  # noqa: F401  (fixtures for every browser test)

LIBRARY = Path(os.environ.get("LAWDESK_LIBRARY") or DEFAULT_LIBRARY)


def pytest_collection_modifyitems(config, items):
    if not (LIBRARY / "core.txt").exists():
        skip = pytest.mark.skip(reason=f"statute library not found at {LIBRARY}")
        for item in items:
            if "library" in item.fixturenames or "lib" in item.fixturenames or "settings" in item.fixturenames:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    """Settings on the real library with a fresh data folder holding a core-scope build."""
    from indexer.build import build

    data = tmp_path_factory.mktemp("lawdesk-data")
    s = Settings.resolve(library=LIBRARY, data=data)
    build(s, scope="core")
    return s


@pytest.fixture(scope="session")
def lib(settings):
    """A LawLibrary on the session build (read-only: do not rebuild it in tests)."""
    from indexer.service import LawLibrary

    return LawLibrary(settings)
