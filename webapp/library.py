"""The app's one LawLibrary, shared by every area (search, review, handbook, cases, study).

`library()` returns it, picking up a rebuilt index (a new generation) without a restart, or None while no
index has been built; a missing index is looked for again at most every few seconds, not on every request."""

from __future__ import annotations

import sqlite3
import threading
import time

from flask import current_app

RETRY_SECONDS = 5
_KEY = "lawdesk_library"
_lock = threading.Lock()


def library():
    from indexer.service import LawError, LawLibrary

    app = current_app
    lib = app.extensions.get(_KEY)
    if lib is not None:
        try:
            lib.refresh()
        except (OSError, sqlite3.Error, LawError):  # a rebuild in progress: keep serving the generation we have
            app.logger.exception("statute library refresh failed")
        return lib
    failed = app.extensions.get(_KEY + "_failed", 0.0)
    if failed and time.monotonic() - failed < RETRY_SECONDS:
        return None
    # requests arriving while the first one opens the library wait for it (they must not see "no index")
    with _lock:
        lib = app.extensions.get(_KEY)
        if lib is not None:
            return lib
        try:
            lib = LawLibrary(app.config["LAWDESK_SETTINGS"])
        except LawError:
            app.extensions[_KEY + "_failed"] = time.monotonic()
            return None
        app.extensions[_KEY] = lib
    return lib


def benchmarks():
    """The 裁量基准 the app knows (corpus/benchmarks and the data folder's benchmarks/)."""
    from indexer.handbook.benchmarks import benchmarks_for
    return benchmarks_for(current_app.config["LAWDESK_SETTINGS"])


def unit_benchmarks(unit_id: int | None) -> list:
    """The benchmarks a unit adopted, in its order of priority (none for a user without a unit)."""
    import sqlalchemy as sa

    from . import db
    if not unit_id:
        return []
    with db.read() as conn:
        value = conn.execute(sa.select(db.units.c.benchmarks).where(db.units.c.id == unit_id)).scalar()
    return benchmarks().adopted(db.unit_benchmarks(value))
