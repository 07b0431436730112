"""The OpenAPI document is true: every /api/v1 route has an entry and every entry has a route; and
schemathesis finds no server error (and no response outside the document) on generated input."""

from __future__ import annotations

import pytest

from webapp.api import rule_to_openapi

from .conftest import build_world


def api_operations(app):
    ops = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                ops.add((rule_to_openapi(rule.rule), method.lower()))
    return ops


def doc_operations(doc):
    methods = {"get", "post", "put", "patch", "delete"}
    return {(path, m) for path, item in doc["paths"].items() for m in item if m in methods}


def test_openapi_matches_routes(sqlite_app):
    doc = sqlite_app.test_client().get("/api/v1/openapi.json").get_json()
    routes, documented = api_operations(sqlite_app), doc_operations(doc)
    assert routes - documented == set(), f"routes missing from the OpenAPI document: {sorted(routes - documented)}"
    assert documented - routes == set(), f"documented operations without a route: {sorted(documented - routes)}"


def test_openapi_document_is_valid(sqlite_app):
    doc = sqlite_app.test_client().get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    ids = [op.get("operationId") for item in doc["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert len(ids) == len(set(ids)), "operationId must be unique"
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert op.get("responses"), (path, method)
            for p in [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]:
                assert any(x["name"] == p and x["in"] == "path" for x in op.get("parameters", [])), (path, p)
    import schemathesis
    schemathesis.openapi.from_dict(doc)        # loads without complaint


def test_rule_conversion():
    assert rule_to_openapi("/api/v1/audit/<int:entry_id>") == "/api/v1/audit/{entry_id}"
    assert rule_to_openapi("/api/v1/articles/<path:ref>") == "/api/v1/articles/{ref}"
    assert rule_to_openapi("/api/v1/x/<name>") == "/api/v1/x/{name}"


# --------------------------------------------------------------------------------------- schemathesis
schemathesis = pytest.importorskip("schemathesis")


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from indexer.config import Settings
    from webapp import create_app
    app = create_app(Settings.resolve(data=tmp_path_factory.mktemp("fuzz")),
                     {"TESTING": True, "SECRET_KEY": "fuzz", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    app.fuzz_world = build_world(app)
    yield app
    app.extensions["lawdesk_db"].dispose()


def test_api_fuzz(fuzz_app):
    """Every documented operation, 40 generated requests each, as admin (who may call all of them)."""
    from hypothesis import HealthCheck, given, settings

    _tid, token = fuzz_app.fuzz_world.tokens["admin"]
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 6
    from schemathesis.checks import load_all_checks  # noqa: F401  (registers the built-in checks)
    from schemathesis.generation.modes import GenerationMode
    from schemathesis.specs.openapi.checks import negative_data_rejection
    for op, mode in [(op, mode) for op in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]:
        if mode == GenerationMode.NEGATIVE and not op.definition.raw.get("parameters"):
            continue                  # nothing to make invalid
        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            # the API is lenient with empty query values (HTML forms send them), so invalid input need not
            # always be rejected; it must never crash or answer outside the document
            excluded = [negative_data_rejection] if case.meta and "negative" in str(case.meta.generation.mode) else []
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
        run()
