"""A case's documents: the preview page of one form, generation (blocked by the workflow or by errors and
unconfirmed warnings; the status a document leaves comes from webapp.services.drafting.workflow), downloads of
a generated document and of the case JSON."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ... import access, audit, db, security
from ...errors import UserError
from .common import bp, drafter, form_reader, load, unit_of_case, user_errors, user_id


@bp.get("/<int:case_id>/preview/<form>")
@access.area("cases", unit_of=unit_of_case)
def preview_page(case_id: int, form: str):
    from webapp.services.drafting.export import to_html
    from webapp.services.drafting.service import DraftError
    row, case = load(case_id)
    item = request.args.get("item", type=int)
    try:
        draft = drafter().prepare(case, form[:64], per_index=(item - 1) if item else None)
    except DraftError as exc:
        raise UserError(str(exc), code="not_found", status=404) from None
    return render_template("cases/preview.html", row=row, case=case, draft=draft, html=to_html(draft.doc),
                           item=item)


@bp.post("/<int:case_id>/generate")
@access.area("cases", unit_of=unit_of_case)
def generate(case_id: int):
    from webapp.services.drafting import store, workflow
    from webapp.services.drafting.service import Blocked, DraftError
    row, case = load(case_id)
    form_id = (request.form.get("form") or "").strip()[:64]
    with user_errors():
        item = form_reader().integer("item", None)
    d = drafter()
    if form_id != "casefile" and form_id not in d.templates.forms:
        raise UserError("请选择要生成的文书。", code="bad_form")
    spec = d.templates.forms.get(form_id)
    blockers = workflow.decision_blockers(row["status"], case, spec.stage) if spec is not None else []
    if blockers:
        return render_template("cases/blocked.html", row=row, case=case, form_id=form_id, item=item,
                               title=spec.full_title, errors=blockers, warnings=[], confirmed=set()), 409
    confirm = set(request.form.getlist("confirm"))
    before_numbers = dict(case.numbers)
    try:
        if form_id == "casefile":
            out = d.casefile(case, confirm=confirm)
            title, number, item_no = "案卷", "", 0
        else:
            out = d.produce(case, form_id, per_index=(item - 1) if item else None, confirm=confirm)
            title = out.doc.full_title
            number = out.doc.number
            item_no = (out.doc.per_index + 1) if out.doc.per_index is not None else 0
    except Blocked as exc:
        return render_template("cases/blocked.html", row=row, case=case, form_id=form_id, item=item,
                               title=spec.full_title if spec else "案卷", errors=exc.errors,
                               warnings=exc.unconfirmed, confirmed=confirm), 409
    except DraftError as exc:
        raise UserError(str(exc), code="bad_form") from None
    new_status = workflow.status_after_generating(spec.stage, row["status"]) if spec is not None else None
    with db.begin() as conn:
        version = row["version"]
        if case.numbers != before_numbers or new_status:
            version = store.save_case(conn, case_id, case, user_id(), status=new_status,
                                      note=f"生成{title}" + (f"（编号 {number}）" if number else ""))
        did, dversion = store.add_document(
            conn, case_id, form=form_id, item=item_no, title=title, number=number, fmt=out.fmt,
            filename=out.filename, content=out.data, case_version=version,
            issues=[i.to_dict() for i in out.issues], confirmed=[i.to_dict() for i in out.confirmed],
            user_id=user_id())
        for w in out.confirmed:
            audit.record("confirm", "document", did, after={"case_id": case_id, "form": form_id, **w.to_dict()},
                         conn=conn, unit_id=row["unit_id"])
        audit.record("generate", "document", did, after={"case_id": case_id, "form": form_id, "title": title,
                                                          "number": number, "version": dversion,
                                                          "numbers_allocated": out.numbers},
                     conn=conn, unit_id=row["unit_id"])
    flash(f"已生成{title}（第{dversion}版）" + (f"，文书编号 {number}" if number else "") + "。", "success")
    return redirect(url_for("cases.show", case_id=case_id) + "#documents")


@bp.get("/<int:case_id>/documents/<int:doc_id>")
@access.area("cases", unit_of=unit_of_case)
def document(case_id: int, doc_id: int):
    from webapp.services.drafting import store
    with db.read() as conn:
        doc = store.get_document(conn, case_id, doc_id)
    if doc is None:
        raise UserError("没有这份文书。", code="not_found", status=404)
    audit.record("export", "document", doc_id, after={"case_id": case_id, "form": doc["form"],
                                                      "version": doc["version"], "filename": doc["filename"]})
    mimetypes = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "html": "text/html", "md": "text/markdown"}
    return security.send_bytes(doc["content"], doc["filename"], mimetypes.get(doc["fmt"], "application/octet-stream"))


@bp.get("/<int:case_id>/case.json")
@access.area("cases", unit_of=unit_of_case)
def export_json(case_id: int):
    row, case = load(case_id)
    audit.record("export", "case", case_id, after={"format": "json", "version": row["version"]})
    return security.send_bytes((case.to_json() + "\n").encode("utf-8"), f"{case.id}.json", "application/json")
