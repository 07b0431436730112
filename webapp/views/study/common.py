"""The study blueprint and what its views share: the app's StudyService, the user, the question filters of a
request and JSON-ready values."""

from __future__ import annotations

import threading

from flask import Blueprint, current_app, g

from webapp.library import library

from ... import db
from ...api import iso
from ...errors import UserError, error_response

bp = Blueprint("study", __name__)

_lock = threading.Lock()


def init_app(app) -> None:
    from webapp.services.study import tables
    from webapp.services.study.service import StudyError

    for table in tables.ALL:                       # the platform's convention: area tables on db.metadata
        if table.name not in db.metadata.tables:
            table.to_metadata(db.metadata)

    @app.errorhandler(StudyError)
    def _study_error(exc: StudyError):
        return error_response(exc.status, exc.code, exc.message)


def service():
    """The app's StudyService; picks up a statute index built after start (and rebuilds of it)."""
    from webapp.services.study.exam import ExamConfig
    from webapp.services.study.repository import StudyRepository
    from webapp.services.study.service import StudyService

    app = current_app
    state = app.extensions.get("lawdesk_study")
    if state is None:
        with _lock:
            state = app.extensions.get("lawdesk_study")
            if state is None:
                settings = app.config["LAWDESK_SETTINGS"]
                cfg = ExamConfig(count=int(app.config.get("STUDY_EXAM_QUESTIONS", 50)),
                                 minutes=int(app.config.get("STUDY_EXAM_MINUTES", 60)),
                                 pass_mark=int(app.config.get("STUDY_EXAM_PASS_MARK", 60)))
                svc = StudyService(library(), settings.corpus, StudyRepository(db.engine()),
                                   exam_config=cfg, as_of=app.config.get("STUDY_AS_OF"))
                state = {"service": svc}
                app.extensions["lawdesk_study"] = state
    svc = state["service"]
    svc.library = library()        # refreshed, or found once an index has been built after start
    return svc


def uid() -> int:
    return int(g.user["id"])


def query_filters(args) -> dict:
    out = {}
    for key in ("unit", "topic", "law", "source", "kind"):
        value = (args.get(key) or "").strip()[:200]
        if value:
            out[key] = value
    if out.get("source") not in (None, "authored", "generated"):
        raise UserError("参数 source 只能是 authored 或 generated。", code="invalid_parameter")
    return out


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return iso(value) if hasattr(value, "hour") else value.isoformat()
    return value
