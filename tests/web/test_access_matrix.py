"""The authorization matrix: every route × every role (and anonymous) × own/other unit, against access.RULES.

For a route whose view declares `unit_of`, the addressed object belongs to the user's own unit (A) or to the
other unit (B); routes without an owned object are checked once per role. Expected outcome:
- allowed  → neither 401/403 nor a redirect to the login page, and never a 5xx
- denied   → anonymous: 302 to /login (pages) or 401 JSON (API); logged in: 403
Routes with URL arguments need a sample object: platform samples are below, feature areas add theirs in
tests/<area>/matrix_samples.py (SAMPLES = {endpoint: fn(world, unit_id) -> view_args})."""

from __future__ import annotations

import importlib.util
import pathlib


from webapp import access

from .conftest import ROLES, session_client

PLATFORM_SAMPLES = {
    "admin.unit_edit": lambda w, unit_id: {"unit_id": unit_id},
    "admin.user_edit": lambda w, unit_id: {"user_id": w.targets[w.unit_key(unit_id)]},
    "admin.user_reset_password": lambda w, unit_id: {"user_id": w.targets[w.unit_key(unit_id)]},
    "audit.entry": lambda w, unit_id: {"entry_id": w.audit_ids[w.unit_key(unit_id)]},
    "api.audit_entry": lambda w, unit_id: {"entry_id": w.audit_ids[w.unit_key(unit_id)]},
    "auth.token_revoke": lambda w, unit_id: {"token_id": 999999},      # not the user's: 404 when allowed
}


def all_samples():
    samples = dict(PLATFORM_SAMPLES)
    tests_dir = pathlib.Path(__file__).resolve().parent.parent
    for path in sorted(tests_dir.glob("*/matrix_samples.py")):
        spec = importlib.util.spec_from_file_location(f"matrix_samples_{path.parent.name}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        samples.update(getattr(mod, "SAMPLES", {}))
    return samples


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_declares_an_area(app):
    with app.test_request_context():
        missing = [r.endpoint for r, _ in routes(app) if access.view_area(r.endpoint)[0] is None]
    assert not missing, f"routes without @access.area(...): {missing}"


def test_every_route_with_arguments_has_a_sample(app):
    samples = all_samples()
    missing = sorted({r.endpoint for r, _ in routes(app) if r.arguments and r.endpoint not in samples})
    assert not missing, f"add samples for {missing} in tests/<area>/matrix_samples.py"


def test_rules_table_is_complete():
    for name, rule in access.RULES.items():
        for role in ROLES:
            assert rule.for_role(role) in (access.NONE, access.OWN, access.ANY), (name, role)
    # the rules, spelled out
    assert all(access.rule_for("search", r) != access.NONE for r in ROLES)
    assert all(access.rule_for("study", r) != access.NONE for r in ROLES)
    assert access.rule_for("cases", "trainee") == access.NONE
    assert access.rule_for("cases", "officer") == access.OWN and access.rule_for("cases", "reviewer") == access.OWN
    assert access.rule_for("audit", "admin") != access.NONE and access.rule_for("audit", "reviewer") != access.NONE
    assert access.rule_for("audit", "officer") == access.NONE and access.rule_for("audit", "trainee") == access.NONE
    assert access.rule_for("admin", "admin") == access.ANY
    assert all(access.rule_for(a, None) == access.NONE for a in access.RULES if a != "public")


def _expected(area_name, role, object_unit, own_unit):
    return access.allowed(area_name, role, own_unit if role else None, object_unit)


def test_authorization_matrix(app, world):
    samples = all_samples()
    failures, checked = [], 0
    cells = []
    for rule, method in routes(app):
        if rule.arguments and rule.endpoint not in samples:
            continue                    # reported by test_every_route_with_arguments_has_a_sample
        with app.test_request_context():
            area_name, unit_of = access.view_area(rule.endpoint)
        variants = [("-", None)]
        if rule.arguments:
            variants = [("own", world.units["A"]), ("other", world.units["B"])]
        for which, unit_id in variants:
            view_args = samples[rule.endpoint](world, unit_id or world.units["A"]) if rule.arguments else {}
            with app.test_request_context():
                from flask import url_for
                url = url_for(rule.endpoint, **view_args)
            object_unit = unit_id if unit_of is not None else None
            for role in (None, *ROLES):
                user = world.user(role) if role else None
                client = session_client(app, user)
                resp = client.open(url, method=method, headers={"X-CSRF-Token": client.csrf},
                                   data={"csrf_token": client.csrf} if method != "GET" else None)
                checked += 1
                ok = _expected(area_name, role, object_unit, world.units["A"])
                status = resp.status_code
                location = resp.headers.get("Location", "")
                to_login = status in (301, 302, 303) and "/login?next=" in location
                if status >= 500:
                    problem = f"server error {status}"
                elif ok and (status in (401, 403) or to_login):
                    problem = f"denied ({status}) but the rule allows"
                elif not ok and role is None and not (status == 401 or to_login):
                    problem = f"anonymous got {status}"
                elif not ok and role is not None and status != 403:
                    problem = f"got {status} but the rule denies"
                else:
                    problem = None
                cells.append((rule.endpoint, method, which, role or "anon", "allow" if ok else "deny", status))
                if problem:
                    failures.append(f"{method} {url} [{rule.endpoint}, {which} unit] as {role or 'anonymous'}: {problem}")
    assert checked >= 5 * len(list(routes(app)))
    assert not failures, "\n".join(failures)


def test_matrix_distinguishes_units(app, world):
    """Own/other really matters: a reviewer reads unit A's audit entry and not unit B's; admin reads both."""
    rev = session_client(app, world.user("reviewer"))
    assert rev.get(f"/audit/{world.audit_ids['A']}").status_code == 200
    assert rev.get(f"/audit/{world.audit_ids['B']}").status_code == 403
    assert rev.get(f"/api/v1/audit/{world.audit_ids['B']}").status_code == 403
    adm = session_client(app, world.user("admin"))
    assert adm.get(f"/audit/{world.audit_ids['B']}").status_code == 200
    # list views filter by unit for OWN scopes
    body = rev.get("/api/v1/audit?limit=500").get_json()
    assert body["entries"] and {e["unit_id"] for e in body["entries"]} == {world.units["A"]}
    body = adm.get("/api/v1/audit?limit=500").get_json()
    assert {world.units["A"], world.units["B"]} <= {e["unit_id"] for e in body["entries"]}


def test_missing_object_is_404_not_403(app, world):
    c = session_client(app, world.user("reviewer"))
    assert c.get("/audit/99999999").status_code == 404
    assert c.get("/api/v1/audit/99999999").get_json()["error"]["code"] == "not_found"
