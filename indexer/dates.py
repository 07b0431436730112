"""Dates and the status of a version on a date. At the bottom of `indexer/`: every layer may import it."""

from __future__ import annotations

import datetime as _dt

from .errors import LawError

# The status of a law's version on a given date, as shown to people. The one copy: views and services use it.
STATUS_LABELS = {"in_force": "现行有效", "superseded": "已修改", "repealed": "已废止", "not_yet": "尚未施行"}


def today() -> str:
    return _dt.date.today().isoformat()


def check_date(value: str | None) -> str:
    """YYYY-MM-DD or LawError."""
    if value is None:
        return today()
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except (ValueError, AttributeError):
        raise LawError("bad_date", f"日期格式错误：{value!r}，应为 YYYY-MM-DD") from None
