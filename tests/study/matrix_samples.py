"""Sample URL arguments of the study routes for tests/web/test_access_matrix.py."""

SAMPLES = {
    "study.unit": lambda w, unit_id: {"unit_id": "u01"},
    "study.unit_done": lambda w, unit_id: {"unit_id": "u01"},
    "study.exam": lambda w, unit_id: {"exam_id": 999999},                   # not the user's: 404 when allowed
    "study.trainee": lambda w, unit_id: {"user_id": w.targets[w.unit_key(unit_id)]},   # a trainee of that unit
    "study.api_unit": lambda w, unit_id: {"unit_id": "u01"},
    "study.api_exam": lambda w, unit_id: {"exam_id": 999999},
    "study.api_exam_answers": lambda w, unit_id: {"exam_id": 999999},
    "study.api_exam_submit": lambda w, unit_id: {"exam_id": 999999},
    "study.api_wrong_book_remove": lambda w, unit_id: {"question_id": "q-none"},
}
