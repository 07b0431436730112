"""Case workflow rules (issue 16.8; moved out of the view in issue 11.3): 法制审核 approval before a decision is
issued, an edit after submission voids the approval, and the status moves (submit, approve, reject, the status a
generated document leaves). Flask-free: the web layer asks these functions and shows their Chinese messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STATUS_DRAFT, STATUS_REVIEW, STATUS_APPROVED, STATUS_ISSUED, STATUS_CLOSED = (
    "draft", "review", "approved", "issued", "closed")
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
    exempt = {"status", "credit.level"} | {f"dates.{k}" for k in POST_REVIEW_DATES}
    return bool(changed_paths(before, after) - exempt)


class WorkflowError(ValueError):
    """A step the case's status does not allow (or that lacks what it needs); `message` is shown as is."""

    def __init__(self, message: str, code: str = "bad_status", status: int = 409):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


def top_level_changes(before: dict, after: dict) -> tuple[dict, dict]:
    """The top-level keys of two case dicts that differ: (old values, new values), for the audit trail."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def apply_edit(status: str, old, new) -> bool:
    """Decide what saving `new` over `old` does to the approval; True when it is voided (then `new` is marked
    unapproved and the case goes back to draft)."""
    revoked = edit_voids_approval(status, old.to_dict(), new.to_dict())
    if revoked:
        new.review.approved = False
    return revoked


def check_submit(status: str) -> None:
    if status != STATUS_DRAFT:
        raise WorkflowError("只有办理中的案件可以提交法制审核。")


def approve(case, status: str, reviewer: str, opinion: str, today: str) -> None:
    """Record the 法制审核 approval on the case (the review date defaults to today)."""
    if status not in (STATUS_REVIEW, STATUS_DRAFT):
        raise WorkflowError("本案不在待审核状态。")
    case.review.approved = True
    case.review.reviewer = reviewer
    if opinion:
        case.review.opinion = opinion
    if not case.dates.review:
        case.dates.review = today


def reject(case, status: str, opinion: str) -> None:
    """Send the case back to the officer; an opinion is required."""
    if not opinion:
        raise WorkflowError("退回时请写明意见。", code="missing_field", status=400)
    if status not in REVIEWED_STATUSES:
        raise WorkflowError("本案不在待审核或已审核状态。")
    case.review.approved = False


def status_after_generating(stage: str | None, status: str) -> str | None:
    """The status a case takes when a document of `stage` is generated (None: unchanged). A decision issues a
    draft or approved case; 当场处罚 issues a draft case; a closing document closes it."""
    new_status = None
    if stage in DECISION_STAGES + ("onsite",) and status in (STATUS_DRAFT, STATUS_APPROVED):
        new_status = STATUS_ISSUED if stage in DECISION_STAGES or status == STATUS_DRAFT else None
    if stage == "closing":
        new_status = STATUS_CLOSED
    return new_status
