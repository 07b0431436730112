"""The case wizard's pages: each step's form (applied by webapp.services.drafting.wizard), saving a new case
version (an edit may void the approval: webapp.services.drafting.workflow) and the live preview of unsaved
edits."""

from __future__ import annotations

import copy

from flask import flash, jsonify, redirect, render_template, request, url_for

from webapp.library import library

from ... import access, audit, db
from ...errors import UserError
from .common import bp, doc_rows, drafter, form_reader, load, today, unit_of_case, user_errors, user_id


def _apply(case, step: str):
    """The case with the submitted step applied (not saved). UserError on bad input."""
    from webapp.services.drafting import wizard
    with user_errors():
        return wizard.apply_step(case, step, form_reader(), forms=lambda: drafter().forms())


def _save(case_id: int, row, old, new, note: str) -> bool:
    """Save a new case version with its audit record. An edit voids a pending or granted approval."""
    from webapp.services.drafting import store, workflow
    before, after = workflow.top_level_changes(old.to_dict(), new.to_dict())
    if not after:
        return False
    revoked = workflow.apply_edit(row["status"], old, new)
    with db.begin() as conn:
        store.save_case(conn, case_id, new, user_id(), status=workflow.STATUS_DRAFT if revoked else None, note=note)
        audit.record("update", "case", case_id, before=before, after=after, conn=conn, unit_id=row["unit_id"])
        if revoked:
            store.add_comment(conn, case_id, None, "comment", workflow.REVOKED_MESSAGE)
    if revoked:
        flash(workflow.REVOKED_FLASH, "warning")
    return True


@bp.route("/<int:case_id>/edit/<step>", methods=["GET", "POST"])
@access.area("cases", unit_of=unit_of_case)
def edit(case_id: int, step: str):
    from webapp.services.drafting import wizard
    if step not in wizard.STEP_IDS and step != "json":
        raise UserError("没有这一步。", code="not_found", status=404)
    row, case = load(case_id)
    error = None
    if request.method == "POST":
        action = request.form.get("action", "save")
        try:
            if step == "violations" and action in wizard.VIOLATION_ACTIONS:
                with user_errors():
                    new = wizard.violation_action(case, action, form_reader(), today())
            else:
                new = _apply(case, step)
            _save(case_id, row, case, new, note=dict(wizard.STEPS).get(step, "编辑 JSON"))
        except UserError as exc:
            error = exc.message
        else:
            if step == "violations" and action != "save":
                return redirect(url_for("cases.edit", case_id=case_id, step="violations"))
            nxt = request.form.get("next")
            if nxt in wizard.STEP_IDS:
                return redirect(url_for("cases.edit", case_id=case_id, step=nxt))
            flash("已保存。", "success")
            return redirect(url_for("cases.edit", case_id=case_id, step=step))
    return _render_step(row, case, step, error)


def _render_step(row, case, step, error=None):
    from webapp.services.drafting import store, wizard
    from webapp.services.drafting.catalogue import entries, search
    ctx = {"row": row, "case": case, "d": case.to_dict(), "step": step, "steps": wizard.STEPS, "error": error,
           "get": wizard.get_path, "statuses": store.STATUSES,
           "typed": request.form if error and request.method == "POST" else {}}   # refused input stays typed
    if step == "violations":
        q = (request.args.get("q") or "").strip()[:100]
        ctx["q"] = q
        ctx["results"] = search(q, case.party.kind) if q else []
    if step in ("violations", "penalty"):
        ctx["catalogue"] = {v.catalogue_id: entries().get(v.catalogue_id) for v in case.violations if v.catalogue_id}
    if step == "records":
        ctx["sections"] = _record_widgets(ctx["d"])
    if step == "documents":
        ctx["rows"] = doc_rows(drafter(), case, row["status"]) if library() is not None else []
    if step == "json":
        ctx["case_json"] = case.to_json()
    forms = [(s.id, s.full_title) for s in drafter().forms()] if library() is not None else []
    ctx["preview_forms"] = forms
    return render_template("cases/edit.html", **ctx), (400 if error else 200)


def _record_widgets(d: dict) -> list[tuple]:
    from webapp.services.drafting.formfields import record_sections, widgets
    forms = drafter().forms()
    choices = {"forms": [(s.id, s.full_title) for s in forms]}
    return [(spec, [widgets(d, p, choices) for p in paths]) for spec, paths in record_sections(forms, d)]


@bp.post("/<int:case_id>/preview")
@access.area("cases", unit_of=unit_of_case)
def preview(case_id: int):
    """Live preview of unsaved edits: the step's form applied to a copy of the case (nothing is saved)."""
    from webapp.services.drafting import wizard
    from webapp.services.drafting.export import to_html
    from webapp.services.drafting.service import DraftError
    _row, case = load(case_id)
    step = request.form.get("step", "")
    form_id = (request.form.get("preview_form") or "").strip()[:64]
    try:
        new = _apply(case, step) if wizard.applies(step) else case
        d = drafter()
        if form_id not in d.templates.forms:
            raise UserError("请选择要预览的文书。", code="bad_form")
        spec = d.templates.forms[form_id]
        item = None
        if spec.per:
            item = 0 if getattr(new, spec.per) else None
            if item is None:
                raise UserError("案件中还没有这类文书的内容。", code="empty")
        draft = d.prepare(copy.deepcopy(new), form_id, per_index=item)
    except UserError as exc:
        return jsonify({"error": {"code": exc.code, "message": exc.message}}), exc.status
    except DraftError as exc:
        return jsonify({"error": {"code": "bad_form", "message": str(exc)}}), 400
    return jsonify({"html": to_html(draft.doc), "title": draft.doc.full_title,
                    "issues": [i.to_dict() for i in draft.issues]})
