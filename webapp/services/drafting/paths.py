"""Procedure paths (issue 15): the case's procedure — 简易, 普通 or 重大 — and its measures decide which documents the
case file must hold and in which order."""

from __future__ import annotations

from .model import Case


def is_major(case: Case) -> bool:
    """重大案件: the officer's mark, else the unit's 较大数额 or a heavy penalty kind (the 听证 scope of 行政处罚法
    第六十三条, which the unit's thresholds also use for 集体讨论 and 法制审核: 第五十七条第二款, 第五十八条)."""
    from .context import needs_hearing
    if case.major is not None:
        return case.major
    return case.procedure == "普通程序" and bool(case.violations) and needs_hearing(case)


def path_of(case: Case) -> str:
    """简易 / 普通 / 重大."""
    if case.procedure == "简易程序":
        return "简易"
    return "重大" if is_major(case) else "普通"
