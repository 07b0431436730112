"""Who may use what: the access rules of every area, in one table.

Each route declares its area with `@access.area("cases", unit_of=...)`; a `before_request` hook (installed by
`init_app`) checks the rule before the view runs. A route without a declaration is refused (default deny), and
tests/web/test_access_matrix.py checks every route × role × own/other unit against RULES.

Scopes:
  NONE  - the role may not use the area at all
  OWN   - only objects of the user's own unit (routes with `unit_of` are checked here; list views must filter
          with `access.scope_unit(area)`, which is the user's unit id, or None for ANY)
  ANY   - every unit

Adding an area = adding one line to RULES (and a label to AREA_LABELS)."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from flask import abort, current_app, g, request

from .errors import UserError

NONE, OWN, ANY = "none", "own", "any"
ROLES = ("admin", "officer", "reviewer", "trainee")


@dataclass(frozen=True)
class Rule:
    admin: str
    officer: str
    reviewer: str
    trainee: str

    def for_role(self, role: str) -> str:
        return getattr(self, role, NONE) if role in ROLES else NONE


#                         admin  officer reviewer trainee
RULES: dict[str, Rule] = {
    "public":    Rule(ANY,  ANY,    ANY,     ANY),    # no login needed (login page, health, openapi)
    "account":   Rule(ANY,  ANY,    ANY,     ANY),    # own account: home, password, API tokens, /me
    "search":    Rule(ANY,  ANY,    ANY,     ANY),    # statute search, article and law pages (issue 4)
    "handbook":  Rule(ANY,  ANY,    ANY,     ANY),    # penalty handbook, discretion calculator (issue 6)
    "study":     Rule(ANY,  ANY,    ANY,     ANY),    # study mode (issue 8); trainer views may use "training"
    "training":  Rule(ANY,  NONE,   OWN,     NONE),   # trainer's view of a unit's trainees (issue 8)
    "review":    Rule(NONE, OWN,    OWN,     NONE),   # citation checker / 法制审核 page (issue 5)
    "cases":     Rule(NONE, OWN,    OWN,     NONE),   # cases and drafts (issue 7): own unit only, never trainees
    "approve":   Rule(NONE, NONE,   OWN,     NONE),   # 法制审核 approval of a case (issue 7)
    "casereview": Rule(NONE, NONE,  ANY,     NONE),   # 案卷评查: reviewers read closed files of every unit (issue 13)
    "audit":     Rule(ANY,  NONE,   OWN,     NONE),   # 行政执法全过程记录 viewer
    "stats":     Rule(ANY,  OWN,    OWN,     NONE),   # 执法统计 (issue 13.4): a unit's own figures; admin any unit
    "admin":     Rule(ANY,  NONE,   NONE,    NONE),   # units and users
}

AREA_LABELS = {
    "public": "公开页面", "account": "个人账户", "search": "法规检索", "handbook": "处罚裁量手册",
    "study": "学习", "training": "培训管理", "review": "引用审核", "cases": "案件与文书",
    "approve": "法制审核", "casereview": "案卷评查", "audit": "执法全过程记录", "stats": "执法统计", "admin": "系统管理",
}


def roles_allowed(area: str) -> list[str]:
    """The roles that may use the area at all (in ROLES order)."""
    return [r for r in ROLES if RULES[area].for_role(r) != NONE]


def missing_role_message(area: str) -> str:
    """The Chinese reason shown to a logged-in user whose role may not use the area: which role it needs and
    how to get it."""
    from .db import ROLE_LABELS
    needed = "或".join(f"“{ROLE_LABELS.get(r, r)}”" for r in roles_allowed(area))
    label = AREA_LABELS.get(area, area)
    if not needed:
        return f"您没有权限使用“{label}”：它暂不对任何角色开放。请联系管理员。"
    return f"您没有权限使用“{label}”：需要{needed}角色。请联系管理员在‘用户管理’中为您添加该角色。"


def rule_for(area: str, role: str | None) -> str:
    """NONE / OWN / ANY for a logged-in role; anonymous users (role None) get ANY only on public."""
    if area not in RULES:
        raise KeyError(f"unknown access area {area!r}: add it to webapp.access.RULES")
    if role is None:
        return ANY if area == "public" else NONE
    return RULES[area].for_role(role)


def allowed(area: str, role: str | None, user_unit: int | None, object_unit: int | None = None) -> bool:
    """The whole decision. object_unit None = the route has no unit-owned object."""
    scope = rule_for(area, role)
    if scope == NONE:
        return False
    if scope == ANY or object_unit is None:
        return True
    return user_unit is not None and object_unit == user_unit


def area(name: str, unit_of: Callable[..., int | None] | None = None):
    """Declare a view's area. `unit_of(**view_args)` returns the unit that owns the addressed object, or None
    when the object does not exist (→ 404 before any access decision can leak its existence)."""
    if name not in RULES:
        raise KeyError(f"unknown access area {name!r}: add it to webapp.access.RULES")

    def deco(view):
        view.lawdesk_area = name
        view.lawdesk_unit_of = unit_of
        return view
    return deco


def can(area_name: str, unit_id: int | None = None) -> bool:
    """For templates and views: may the current user use this area (for this unit)?"""
    user = g.get("user")
    return allowed(area_name, user["role"] if user else None, user["unit_id"] if user else None, unit_id)


def scope_unit(area_name: str) -> int | None:
    """The unit to filter lists by: the user's unit for OWN, None (no filter) for ANY."""
    user = g.get("user")
    if user is None:
        abort(401)
    return user["unit_id"] if rule_for(area_name, user["role"]) == OWN else None


def view_area(endpoint: str | None):
    if endpoint is None:
        return None, None
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return None, None
    if endpoint == "static" or endpoint.endswith(".static"):
        return "public", None
    return getattr(view, "lawdesk_area", None), getattr(view, "lawdesk_unit_of", None)


def check_request():
    """before_request: authentication is already done (g.user set or None)."""
    if request.endpoint is None:        # 404/405: let routing report it
        return None
    name, unit_of = view_area(request.endpoint)
    if name is None:
        current_app.logger.error("route %s declares no access area: refused", request.endpoint)
        abort(403)
    user = g.get("user")
    if name != "public" and user is None:
        abort(401)
    if rule_for(name, user["role"] if user else None) == NONE:
        raise UserError(missing_role_message(name), code="missing_role", status=403,
                        extra={"required_roles": roles_allowed(name)})
    if unit_of is not None:
        owner = unit_of(**(request.view_args or {}))
        if owner is None:
            abort(404)
        g.object_unit = owner
        if not allowed(name, user["role"], user["unit_id"], owner):
            abort(403)
    g.area = name
    return None
