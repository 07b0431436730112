"""The one list of blueprints the app registers, and the navigation entries.

A feature area adds its blueprint here as "module:attribute". A module that does not exist yet is skipped (the
areas are written in parallel); a module that exists but fails to import is an error, not skipped. The module
may also define `OPENAPI` (its /api/v1 paths, see webapp/api.py) and `init_app(app)` (called after
registration)."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

BLUEPRINTS = [
    "webapp.views.auth:bp",        # login, logout, password, API tokens
    "webapp.views.home:bp",        # home page
    "webapp.views.admin:bp",       # units and users (admin)
    "webapp.views.audit:bp",       # audit trail viewer
    "webapp.api:bp",               # /api/v1 platform endpoints and openapi.json
    # feature areas (issues 4-8); each skipped until its module exists
    "webapp.views.search:bp",      # statute search, article and law pages
    "webapp.views.review:bp",      # citation checker / reviewer page
    "webapp.views.handbook:bp",    # penalty handbook, discretion calculator
    "webapp.views.cases:bp",       # cases, drafting, documents
    "webapp.views.study:bp",       # study mode
    "webapp.views.stats:bp",       # 执法统计 page, exports, /api/v1/stats (issue 13.4)
    "webapp.views.casereview:bp",  # 案卷评查 (case-file review)
    "webapp.views.certificates:bp",  # 无违法违规证明
    "webapp.views.publication:bp",   # 处罚决定公示: public version, deadline, what is due
    "webapp.views.credit:bp",        # 信用修复: the earliest day to apply, the repair tracked
]

# Navigation: (endpoint, label, area). Shown only when the endpoint exists and the user may use the area.
NAV = [
    ("home.index", "首页", "account"),
    ("search.index", "法规检索", "search"),
    ("handbook.index", "处罚裁量", "handbook"),
    ("cases.index", "案件文书", "cases"),
    ("review.index", "引用审核", "review"),
    ("study.index", "学习", "study"),
    ("stats.index", "执法统计", "stats"),
    ("casereview.index", "案卷评查", "casereview"),
    ("audit.index", "全过程记录", "audit"),
    ("admin.index", "系统管理", "admin"),
]


def _import(spec: str):
    module_name, attr = spec.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            log.debug("blueprint %s not present yet", spec)
            return None, None
        raise
    return module, getattr(module, attr)


def register_all(app) -> None:
    loaded = []
    for spec in BLUEPRINTS:
        module, bp = _import(spec)
        if bp is None:
            continue
        app.register_blueprint(bp)
        loaded.append(module)
        if hasattr(module, "init_app"):
            module.init_app(app)
    app.extensions["lawdesk_modules"] = loaded


def loaded_modules(app):
    return app.extensions.get("lawdesk_modules", [])
