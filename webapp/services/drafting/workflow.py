"""Case workflow rules (issue 16.8): 法制审核 approval before a decision is issued, and an edit after submission
voids the approval. Flask-free: the web layer asks these functions and shows their Chinese messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DECISION_STAGES = ("decision",)          # need 法制审核 approval first (当场处罚 does not)
APPROVED_STATUSES = ("approved", "issued", "closed")
REVIEWED_STATUSES = ("review", "approved")
# dates recorded after the review: correcting them does not change what the reviewer approved
POST_REVIEW_DATES = frozenset({"decision", "service", "closing"})
REVOKED_MESSAGE = "案件内容已修改，法制审核需重新进行。"
REVOKED_FLASH = "已保存。注意：案件内容在法制审核后被修改，原审核通过已撤销，须重新提交法制审核。"


@dataclass(frozen=True)
class Blocker:
    """One thing missing before a document can be drafted (shaped like a validation issue)."""
    code: str
    message: str
    basis: str = ""


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def needs_approval(stage: str | None) -> bool:
    return stage in DECISION_STAGES


def decision_blockers(status: str, case, stage: str | None = "decision",
                      today: dt.date | None = None) -> list[Blocker]:
    """What is missing before a document of `stage` may be drafted for a case in `status` (empty: nothing).

    Checked before approval too, so the officer learns about a decision date that no approval can precede."""
    if not needs_approval(stage):
        return []
    today = today or dt.date.today()
    out: list[Blocker] = []
    approved = status in APPROVED_STATUSES
    if not approved:
        step = "请先提交法制审核。" if status == "draft" else "案件正在法制审核中，请等待审核通过。"
        out.append(Blocker("review.required", f"本案尚未通过法制审核，不能出具行政处罚决定书。{step}"))
    decision, review = _date(case.dates.decision), _date(case.dates.review)
    if decision and review and decision < review:
        out.append(Blocker("dates.order", f"决定日期（{decision.isoformat()}）早于法制审核日期（{review.isoformat()}），"
                                          "请改正决定日期。"))
    elif decision and not review and not approved and decision < today:
        out.append(Blocker("dates.order", f"决定日期（{decision.isoformat()}）早于今天，而法制审核尚未完成；决定不能早于"
                                          "法制审核，请改正决定日期。"))
    return out


def changed_paths(before: dict, after: dict, prefix: str = "") -> set[str]:
    """Dotted paths where two case dicts differ (nested dicts compared key by key)."""
    out: set[str] = set()
    for k in set(before) | set(after):
        a, b = before.get(k), after.get(k)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            out |= changed_paths(a, b, f"{prefix}{k}.")
        else:
            out.add(f"{prefix}{k}")
    return out


def edit_voids_approval(status: str, before: dict, after: dict) -> bool:
    """An edit to a case under review or approved voids the approval, unless it only corrects dates recorded
    after the review (decision, service, closing) or the status itself."""
    if status not in REVIEWED_STATUSES:
        return False
    exempt = {"status"} | {f"dates.{k}" for k in POST_REVIEW_DATES}
    return bool(changed_paths(before, after) - exempt)
