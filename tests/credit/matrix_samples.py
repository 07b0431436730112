"""Sample URL arguments of the credit routes for tests/web/test_access_matrix.py."""

from tests.drafting.webworld import make_case


def _case(w, unit_id):
    return {"case_id": make_case(w.app, unit_id, status="closed")}


SAMPLES = {"credit.record": _case, "credit.api": _case}
