"""Sample URL arguments of the 案卷评查 routes for tests/web/test_access_matrix.py (a review that does not
exist: 404 where the role may use the area, 403 where it may not)."""

SAMPLES = {
    "casereview.show": lambda w, unit_id: {"review_id": 999999},
    "casereview.update": lambda w, unit_id: {"review_id": 999999},
    "casereview.report": lambda w, unit_id: {"review_id": 999999},
    "casereview.review_json": lambda w, unit_id: {"review_id": 999999},
}
