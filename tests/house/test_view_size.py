"""Views stay small (issue 11): every module under webapp/views/ is under 300 lines. A view that grows past it
is doing a service's work or two jobs; split it by job (as webapp/views/search/, cases/, study/ are) and move
the rules into the services."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 300


def test_every_view_module_is_under_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "webapp" / "views").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) >= LIMIT}
    assert long == {}, f"view modules of {LIMIT} lines or more: {long}"
