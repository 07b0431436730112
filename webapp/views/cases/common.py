"""The cases blueprint and what its views share: the drafter, loading a case, the document rows of a case, the
submitted form as the wizard's FormReader, and the services' refusals shown as UserError."""

from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager

from flask import Blueprint, current_app, g, request

from webapp.library import library

from ... import audit, db
from ...errors import UserError

bp = Blueprint("cases", __name__, url_prefix="/cases")
_lock = threading.Lock()


def init_app(app) -> None:
    from webapp.services.drafting import numbering, store
    from webapp.services.drafting.issue_names import issue_name
    for table in (*store.ALL, numbering.counters, numbering.numbers):   # area tables on db.metadata
        if table.name not in db.metadata.tables:
            table.to_metadata(db.metadata)
    app.add_template_filter(issue_name, "issue_name")
    app.add_template_filter(ref_cn, "ref_cn")
    audit.register_labeller("case", _case_labels)
    audit.register_labeller("document", _document_labels)


def ref_cn(ref: str) -> str:
    """安全生产法/97/1/7 → 《中华人民共和国安全生产法》第九十七条第（七）项 (the text unchanged without a library)."""
    from indexer.citations.resolve import human_ref
    lib = library()
    return human_ref(ref, lib) if lib is not None and ref else ref


def _case_labels(conn, ids: list[str]) -> dict[str, str]:
    """案件 2026-0001（当事人）for the audit trail."""
    import sqlalchemy as sa
    from webapp.services.drafting import store
    nums = [int(i) for i in ids if i.isascii() and i.isdigit()]
    rows = conn.execute(sa.select(store.cases.c.id, store.cases.c.case_key, store.cases.c.party_name)
                        .where(store.cases.c.id.in_(nums))).all() if nums else []
    return {str(r.id): f"案件 {r.case_key}（{r.party_name}）" for r in rows}


def _document_labels(conn, ids: list[str]) -> dict[str, str]:
    """文书 title 文号 for the audit trail (the number once allocated, else the version)."""
    import sqlalchemy as sa
    from webapp.services.drafting import store
    d = store.documents.c
    nums = [int(i) for i in ids if i.isascii() and i.isdigit()]
    rows = conn.execute(sa.select(d.id, d.title, d.number, d.version).where(d.id.in_(nums))).all() if nums else []
    return {str(r.id): f"文书 {r.title} " + (r.number or f"第{r.version}版") for r in rows}


def drafter():
    from webapp.services.drafting.numbering import SQLNumberStore
    from webapp.services.drafting.service import Drafter
    lib = library()
    if lib is None:
        raise UserError("法规索引尚未建立（请管理员运行 lawdesk index），暂时不能生成文书。", code="no_library", status=409)
    key = "lawdesk_drafter"
    d = current_app.extensions.get(key)
    if d is None or d.lib is not lib:
        with _lock:
            d = Drafter(lib, number_store=SQLNumberStore(db.engine()), prior_lookup=earlier_decisions)
            current_app.extensions[key] = d
    return d


def earlier_decisions(case):
    """The signed-in unit's other decisions against the case's party (首违不罚: webapp/services/drafting/leniency.py)."""
    from webapp.services.certificate import earlier_decisions as find
    user = g.get("user")
    if not user or not case.party.credit_code:
        return None
    with db.read() as conn:
        return find(conn, user["unit_id"], case.party.credit_code, case.id)


def unit_of_case(case_id: int, **_ignored):
    from webapp.services.drafting import store
    with db.read() as conn:
        return store.unit_of(conn, case_id)


def load(case_id: int):
    from webapp.services.drafting import store
    with db.read() as conn:
        row = store.get_row(conn, case_id)
    if row is None:
        raise UserError("没有这个案件。", code="not_found", status=404)
    return row, store.load(row)


def user_id():
    return g.user["id"] if g.get("user") else None


def today() -> str:
    return dt.date.today().isoformat()


def form_reader():
    """The submitted form, read by the wizard's rules; provisions are read with the library's checker."""
    from webapp.services.drafting.wizard import FormReader
    return FormReader(request.form, checker=lambda: drafter().checker() if library() is not None else None)


@contextmanager
def user_errors():
    """The drafting services' refusals (wizard, workflow, new case) as the UserError the pages show."""
    from webapp.services.drafting.intake import IntakeError
    from webapp.services.drafting.model import CaseFormatError
    from webapp.services.drafting.wizard import StepError
    from webapp.services.drafting.workflow import WorkflowError
    try:
        yield
    except StepError as exc:
        raise UserError(exc.message, code=exc.code, status=exc.status, field=exc.field) from None
    except WorkflowError as exc:
        raise UserError(exc.message, code=exc.code, status=exc.status) from None
    except IntakeError as exc:
        raise UserError(exc.message, code=exc.code) from None
    except CaseFormatError as exc:
        raise UserError(str(exc), code="bad_case") from None


def doc_rows(drafter_, case, status: str = "draft"):
    """The case's documents: every applicable form (and per-item instance) with its draft issues and what the
    workflow still needs before it may be drafted (e.g. 法制审核 before a decision)."""
    from webapp.services.drafting import workflow
    out = []
    ctx = drafter_.context(case)
    for spec in drafter_.forms():
        if not drafter_.applicable(case, spec):
            continue
        blockers = workflow.decision_blockers(status, case, spec.stage)
        for idx in drafter_.instances(case, spec):
            try:
                draft = drafter_.prepare(case, spec.id, per_index=idx, ctx=ctx)
                errors, warnings = draft.errors, draft.warnings
            # Everything, on purpose: the forms are templates authored without code (doc_templates/) rendered
            # against whatever a case holds, so any error can come out of one; the case page must still open,
            # name the failure on that document and log its traceback.
            except Exception as exc:
                current_app.logger.exception("prepare %s failed", spec.id)
                errors, warnings = [type("E", (), {"message": f"无法生成：{type(exc).__name__}"})()], []
            out.append({"spec": spec, "item": idx, "errors": [*blockers, *errors], "warnings": warnings,
                        "blockers": blockers,
                        "title": spec.full_title + (f"（{idx + 1}）" if idx is not None else ""),
                        "number": case.numbers.get(spec.id, "")})
    return out
