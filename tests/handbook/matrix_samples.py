"""Sample URL arguments of the handbook routes for tests/web/test_access_matrix.py."""

SAMPLES = {
    "handbook.entry": lambda w, unit_id: {"entry_id": "SP-001"},
    "handbook.calc": lambda w, unit_id: {"entry_id": "SP-001"},
    "handbook.procedure": lambda w, unit_id: {"slug": "听证程序"},
    "handbook.api_entry": lambda w, unit_id: {"entry_id": "SP-001"},
    "handbook.api_calc": lambda w, unit_id: {"entry_id": "SP-001"},
    "handbook.api_procedure": lambda w, unit_id: {"slug": "听证程序"},
}
