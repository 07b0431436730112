"""Reviewer comments and the 法制审核 steps: submission, approval, return to the officer (the status rules are
webapp.services.drafting.workflow's)."""

from __future__ import annotations

from flask import flash, g, redirect, url_for

from ... import access, audit, db
from ...errors import UserError
from .common import bp, form_reader, load, today, unit_of_case, user_errors, user_id


def _body() -> str:
    return form_reader().text("body", 4000)


@bp.post("/<int:case_id>/comments")
@access.area("cases", unit_of=unit_of_case)
def comment(case_id: int):
    from webapp.services.drafting import store
    row, _case = load(case_id)
    body = _body()
    if not body:
        raise UserError("请填写意见内容。", code="missing_field")
    with db.begin() as conn:
        cid = store.add_comment(conn, case_id, g.user, "comment", body)
        audit.record("create", "case_comment", cid, after={"case_id": case_id, "body": body}, conn=conn,
                     unit_id=row["unit_id"])
    flash("意见已添加。", "success")
    return redirect(url_for("cases.show", case_id=case_id) + "#review")


def _move(case_id: int, row, case, status: str, note: str, kind: str, comment: str, action: str,
          after: dict, message: str):
    """Save the case in its new status with the reviewer's comment and the audit record, then show it."""
    from webapp.services.drafting import store
    with db.begin() as conn:
        store.save_case(conn, case_id, case, user_id(), status=status, note=note)
        store.add_comment(conn, case_id, g.user, kind, comment)
        audit.record(action, "case", case_id, before={"status": row["status"]}, after={"status": status, **after},
                     conn=conn, unit_id=row["unit_id"])
    flash(message, "success")
    return redirect(url_for("cases.show", case_id=case_id))


@bp.post("/<int:case_id>/submit")
@access.area("cases", unit_of=unit_of_case)
def submit(case_id: int):
    from webapp.services.drafting import workflow
    row, case = load(case_id)
    with user_errors():
        workflow.check_submit(row["status"])
    return _move(case_id, row, case, workflow.STATUS_REVIEW, "提交法制审核", "submit", _body() or "提交法制审核。",
                 "update", {}, "已提交法制审核。")


@bp.post("/<int:case_id>/approve")
@access.area("approve", unit_of=unit_of_case)
def approve(case_id: int):
    from webapp.services.drafting import workflow
    row, case = load(case_id)
    opinion = _body()
    with user_errors():
        workflow.approve(case, row["status"], g.user["display_name"], opinion, today())
    return _move(case_id, row, case, workflow.STATUS_APPROVED, "法制审核通过", "approve", opinion or "法制审核通过。",
                 "approve", {"opinion": opinion}, "法制审核已通过。")


@bp.post("/<int:case_id>/reject")
@access.area("approve", unit_of=unit_of_case)
def reject(case_id: int):
    from webapp.services.drafting import workflow
    row, case = load(case_id)
    opinion = _body()
    with user_errors():
        workflow.reject(case, row["status"], opinion)
    return _move(case_id, row, case, workflow.STATUS_DRAFT, "法制审核退回", "reject", opinion, "reject",
                 {"opinion": opinion}, "已退回承办人。")
