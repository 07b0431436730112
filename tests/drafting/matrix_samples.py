"""Sample URL arguments of the cases routes for tests/web/test_access_matrix.py."""

from tests.drafting.webworld import document_of, make_case


def _case(w, unit_id):
    return {"case_id": make_case(w.app, unit_id)}


def _doc(w, unit_id):
    cid = make_case(w.app, unit_id, with_document=True)
    return {"case_id": cid, "doc_id": document_of(w.app, cid)}


SAMPLES = {
    "cases.show": _case,
    "cases.edit": lambda w, unit_id: {**_case(w, unit_id), "step": "party"},
    "cases.preview_page": lambda w, unit_id: {**_case(w, unit_id), "form": "inspection_record"},
    "cases.preview": _case,
    "cases.generate": _case,
    "cases.document": _doc,
    "cases.export_json": _case,
    "cases.comment": _case,
    "cases.submit": _case,
    "cases.approve": lambda w, unit_id: {"case_id": make_case(w.app, unit_id, status="review")},
    "cases.reject": lambda w, unit_id: {"case_id": make_case(w.app, unit_id, status="review")},
}
