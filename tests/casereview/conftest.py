"""Fixtures of the case-file review tests: a Drafter on the session library, the demo year and its reviews
(built once per session: ~6 s)."""

from __future__ import annotations

import datetime as dt

import pytest

from webapp.services.casereview.demo import build_demo
from webapp.services.casereview.review import review_case_file


@pytest.fixture(scope="session")
def drafter(lib):
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    return Drafter(lib, number_store=MemoryNumberStore(), today=dt.date(2026, 11, 28))


@pytest.fixture(scope="session")
def demo(drafter, settings):
    return build_demo(drafter, settings.corpus, year=2025, n=160)


@pytest.fixture(scope="session")
def reviews(demo, drafter):
    return [review_case_file(c.file, drafter) for c in demo]


@pytest.fixture(scope="session")
def standard(settings):
    from webapp.services.casereview.standard import load_standard
    return load_standard(settings.corpus)
