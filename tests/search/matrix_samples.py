"""Sample URL arguments of the search routes for tests/web/test_access_matrix.py."""

SAMPLES = {
    "search.article": lambda w, unit_id: {"ref": "安全生产法/99/1/2"},
    "search.api_article": lambda w, unit_id: {"ref": "安全生产法/99"},
    "search.law": lambda w, unit_id: {"key": "安全生产法"},
    "search.api_law": lambda w, unit_id: {"key": "安全生产法"},
}
