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


_STATUS_SECONDS = 1.0
_status_cache: dict = {}


def library_status() -> dict:
    """How far the whole-library index is (indexer.buildstate.library_state), with the sentence for answers
    that may change when it finishes (`note`, None unless a whole-library build is pending); cached for a second per process, as
    every page's banner asks."""
    from indexer.buildstate import library_state, note_for

    settings = current_app.config["LAWDESK_SETTINGS"]
    key = str(settings.data)
    now = time.monotonic()
    hit = _status_cache.get(key)
    if hit is not None and now - hit[0] < _STATUS_SECONDS:
        return hit[1]
    state = library_state(settings)
    state["note"] = note_for(state)
    _status_cache[key] = (now, state)
    return state


def mark_unknown_laws(result):
    """While the whole library is not indexed yet, an "unknown law" may only be outside the core
    collection: its message says so (page, JSON and exported 审核意见 alike)."""
    from indexer.buildstate import note_unknown_laws
    return note_unknown_laws(result, library_status()["note"])

