"""Cases and enforcement documents (issue 7): case list with status filters, the case wizard (party → facts →
violations found by search → penalty with the discretion calculator → documents), live preview, generation with
validation (errors block, warnings are confirmed and recorded in the audit trail), download, regeneration with a
version history, reviewer comments and 法制审核 approval before a decision can be issued.

All drafting work is done by the Flask-free webapp.services.drafting package; this module is the web glue. Access: area
"cases" (officers and reviewers of the owning unit), "approve" (reviewers of the unit) for approval."""

from __future__ import annotations

from webapp.library import library

import copy
import datetime as dt
import json
import re
import threading

from flask import (Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, url_for)

from .. import access, audit, db, security
from ..errors import UserError

bp = Blueprint("cases", __name__, url_prefix="/cases")

STEPS = [("party", "当事人"), ("facts", "检查与事实"), ("violations", "违法行为"), ("penalty", "处罚与程序"),
         ("records", "文书内容"), ("documents", "文书")]
STEP_IDS = [s for s, _ in STEPS]
from webapp.services.drafting.workflow import DECISION_STAGES  # noqa: E402  (need 法制审核 approval first)
MAX_TEXT = 20000
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
    nums = [int(i) for i in ids if i.isdigit()]
    rows = conn.execute(sa.select(store.cases.c.id, store.cases.c.case_key, store.cases.c.party_name)
                        .where(store.cases.c.id.in_(nums))).all() if nums else []
    return {str(r.id): f"案件 {r.case_key}（{r.party_name}）" for r in rows}


def _document_labels(conn, ids: list[str]) -> dict[str, str]:
    """文书 title 文号 for the audit trail (the number once allocated, else the version)."""
    import sqlalchemy as sa
    from webapp.services.drafting import store
    d = store.documents.c
    nums = [int(i) for i in ids if i.isdigit()]
    rows = conn.execute(sa.select(d.id, d.title, d.number, d.version).where(d.id.in_(nums))).all() if nums else []
    return {str(r.id): f"文书 {r.title} " + (r.number or f"第{r.version}版") for r in rows}


# ------------------------------------------------------------------------------------------------ plumbing


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
            d = Drafter(lib, number_store=SQLNumberStore(db.engine()))
            current_app.extensions[key] = d
    return d


def unit_of_case(case_id: int, **_ignored):
    from webapp.services.drafting import store
    with db.read() as conn:
        return store.unit_of(conn, case_id)


def _load(case_id: int):
    from webapp.services.drafting import store
    with db.read() as conn:
        row = store.get_row(conn, case_id)
    if row is None:
        raise UserError("没有这个案件。", code="not_found", status=404)
    return row, store.load(row)


def _user_id():
    return g.user["id"] if g.get("user") else None


def _today() -> str:
    return dt.date.today().isoformat()


# ------------------------------------------------------------------------------------------------ list / new

@bp.get("/")
@access.area("cases")
def index():
    from webapp.services.drafting import store
    status = (request.args.get("status") or "").strip()
    if status and status not in store.STATUSES:
        status = ""
    q = (request.args.get("q") or "").strip()[:100]
    unit = access.scope_unit("cases")
    with db.read() as conn:
        rows = store.list_cases(conn, unit, status or None, q or None)
        counts = store.status_counts(conn, unit)
    return render_template("cases/index.html", rows=rows, counts=counts, statuses=store.STATUSES, status=status,
                           q=q)


def _unit_defaults(conn, unit_id: int):
    import sqlalchemy as sa
    from webapp.services.drafting import store
    unit = conn.execute(sa.select(db.units).where(db.units.c.id == unit_id)).mappings().first()
    prev = conn.execute(sa.select(store.cases.c.data).where(store.cases.c.unit_id == unit_id)
                        .order_by(store.cases.c.id.desc()).limit(1)).scalar()
    base = {"name": unit["name"], "short_name": unit["short_name"], "review_authority": unit["review_authority"],
            "court": unit["court"], "benchmarks": db.unit_benchmarks(unit["benchmarks"])}
    payment = None
    if prev:
        try:
            old = json.loads(prev)
            for k in ("address", "postcode", "contact", "phone", "number_format", "hearing_threshold_org",
                      "hearing_threshold_person", "statement_days"):
                if k in old.get("unit", {}):
                    base[k] = old["unit"][k]
            if old.get("payment"):
                payment = {k: old["payment"].get(k, "") for k in ("bank", "account_name", "account")}
        except ValueError:
            pass
    return base, payment


def _officers(conn, unit_id: int):
    import sqlalchemy as sa
    return conn.execute(sa.select(db.users.c.id, db.users.c.display_name, db.users.c.cert_no).where(
        db.users.c.unit_id == unit_id, db.users.c.role == "officer", db.users.c.active.is_(True))
        .order_by(db.users.c.display_name)).mappings().all()


def _new_key(conn, unit_id: int) -> str:
    from webapp.services.drafting import store
    year = dt.date.today().year
    n = len(store.list_cases(conn, unit_id, limit=100000)) + 1
    while store.key_exists(conn, unit_id, f"{year}-{n:04d}"):
        n += 1
    return f"{year}-{n:04d}"


@bp.route("/new", methods=["GET", "POST"])
@access.area("cases")
def new():
    from webapp.services.drafting import store
    from webapp.services.drafting.model import Case, CaseFormatError
    unit_id = g.user["unit_id"]
    with db.read() as conn:
        officers = [o for o in _officers(conn, unit_id) if o["id"] != g.user["id"]]
    form = {k: (request.form.get(k) or "").strip()[:300] for k in ("title", "kind", "name", "procedure", "officer2")}
    if request.method == "GET":
        return render_template("cases/new.html", form=form, officers=officers)
    try:
        upload = request.files.get("case_json")
        with db.begin() as conn:
            unit, payment = _unit_defaults(conn, unit_id)
            if upload is not None and upload.filename:
                up = security.check_upload(upload, kinds=("txt",))
                try:
                    case = Case.from_json(up.text())
                except CaseFormatError as exc:
                    raise UserError(f"案件 JSON 格式错误：{exc}", code="bad_case") from None
                if not case.id or store.key_exists(conn, unit_id, case.id):
                    case.id = _new_key(conn, unit_id)
                case.unit.name, case.unit.short_name = unit["name"], unit["short_name"]
                case.numbers = {}
                case.status = "draft"
            else:
                if not form["name"]:
                    raise UserError("请填写当事人名称或姓名。", code="missing_field")
                if form["kind"] not in ("单位", "个人"):
                    raise UserError("请选择当事人类型。", code="missing_field")
                second = next((o for o in officers if str(o["id"]) == form["officer2"]), None)
                me = {"name": g.user["display_name"], "cert_no": g.user.get("cert_no") or ""}
                data = {
                    "id": _new_key(conn, unit_id), "title": form["title"] or f"{form['name']}案", "unit": unit,
                    "party": {"kind": form["kind"], "name": form["name"]},
                    "officers": [me] + ([{"name": second["display_name"], "cert_no": second["cert_no"] or ""}]
                                        if second else []),
                    "procedure": form["procedure"] if form["procedure"] in ("普通程序", "简易程序") else "普通程序",
                    "payment": payment,
                }
                try:
                    case = Case.from_dict(data)
                except CaseFormatError as exc:
                    raise UserError(str(exc), code="bad_case") from None
            cid = store.create_case(conn, unit_id, case, _user_id())
            audit.record("create", "case", cid, after={"case_key": case.id, "title": case.title,
                                                        "party": case.party.name}, conn=conn)
    except UserError as exc:
        return render_template("cases/new.html", form=form, officers=officers, error=exc.message), exc.status
    flash("案件已建立。", "success")
    return redirect(url_for("cases.edit", case_id=cid, step="party"))


# ------------------------------------------------------------------------------------------------ show

def _doc_rows(drafter_, case, status: str = "draft"):
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
            except Exception as exc:       # a broken case must still show its page
                current_app.logger.exception("prepare %s failed", spec.id)
                errors, warnings = [type("E", (), {"message": f"无法生成：{type(exc).__name__}"})()], []
            out.append({"spec": spec, "item": idx, "errors": [*blockers, *errors], "warnings": warnings,
                        "blockers": blockers,
                        "title": spec.full_title + (f"（{idx + 1}）" if idx is not None else ""),
                        "number": case.numbers.get(spec.id, "")})
    return out


@bp.get("/<int:case_id>")
@access.area("cases", unit_of=unit_of_case)
def show(case_id: int):
    from webapp.services.drafting import store
    row, case = _load(case_id)
    with db.read() as conn:
        docs = [dict(d, confirmed_count=len(json.loads(d["confirmed"] or "[]"))) for d in store.list_documents(conn, case_id)]
        comments = store.list_comments(conn, case_id)
        versions = store.versions(conn, case_id)
    lib_ok = library() is not None
    rows = _doc_rows(drafter(), case, row["status"]) if lib_ok else []
    latest = {}
    for d in docs:
        latest.setdefault((d["form"], d["item"]), d)
    return render_template("cases/show.html", row=row, case=case, docs=docs, latest=latest, rows=rows,
                           comments=comments, versions=versions[:50], statuses=store.STATUSES, lib_ok=lib_ok,
                           can_approve=access.can("approve", row["unit_id"]))


# ------------------------------------------------------------------------------------------------ wizard

def _set(d: dict, path: str, value):
    parts = path.split(".")
    cur = d
    for p in parts[:-1]:
        if cur.get(p) is None:
            cur[p] = {}
        cur = cur[p]
    cur[parts[-1]] = value


def _get(d: dict, path: str, default=""):
    cur = d
    for p in path.split("."):
        if not isinstance(cur, dict) or cur.get(p) is None:
            return default
        cur = cur[p]
    return cur


def _text(name: str, limit: int = 2000) -> str:
    return (request.form.get(name) or "").replace("\r\n", "\n").strip()[:limit]


def _dt(name: str) -> str:
    v = _text(name, 20)
    return v[:16] if v else ""


def _int(name: str, default=None):
    v = _text(name, 20)
    if not v:
        return default
    try:
        return int(v)
    except ValueError:
        raise UserError(f"“{v}”不是整数。", code="bad_number") from None


def _amount(name: str):
    v = _text(name, 30).replace(",", "").replace("，", "")
    if not v:
        return None
    try:
        x = float(v)
    except ValueError:
        raise UserError(f"罚款金额“{v}”不是数字。", code="bad_amount") from None
    if x < 0:
        raise UserError("罚款金额不能为负数。", code="bad_amount")
    return int(x) if x == int(x) else round(x, 2)


def _refs(name: str) -> list[str]:
    """Provisions typed in field `name`, in any form the citation checker reads (refinput.read_refs)."""
    from webapp.services.drafting.refinput import RefInputError, read_refs
    lib = library()
    try:
        return read_refs(_text(name, 500), drafter().checker() if lib is not None else None)
    except RefInputError as exc:
        raise UserError(f"不是有效的条文引用：{exc}", code="bad_ref") from None


PARTY_FIELDS = ["title", "cause", "source", "party.name", "party.credit_code", "party.id_number", "party.address",
                "party.postcode", "party.phone", "party.legal_rep", "party.legal_rep_title", "party.sex",
                "party.employer", "party.job_title"]


def apply_party(d: dict) -> None:
    for f in PARTY_FIELDS:
        _set(d, f, _text(f, 300))
    kind = _text("party.kind", 4)
    if kind in ("单位", "个人"):
        d["party"]["kind"] = kind
    proc = _text("procedure", 8)
    if proc in ("普通程序", "简易程序"):
        d["procedure"] = proc
    officers = []
    for i in (1, 2):
        name, cert = _text(f"officer{i}.name", 50), _text(f"officer{i}.cert_no", 40)
        if name or cert:
            officers.append({"name": name, "cert_no": cert})
    d["officers"] = officers


def _lines(name: str) -> list[str]:
    return [line.strip() for line in _text(name, MAX_TEXT).split("\n") if line.strip()]


def apply_facts(d: dict) -> None:
    place, start = _text("inspection.place", 300), _dt("inspection.start")
    hazards = []
    for line in _lines("hazards"):
        major = line.startswith(("[重大]", "【重大】"))
        immediate = "[立即]" in line or "【立即】" in line
        text = re.sub(r"[\[【](重大|立即)[\]】]", "", line).strip()
        hazards.append({"description": text, "major": major, "immediate": immediate})
    if place or start or hazards:
        d["inspection"] = {
            "place": place, "start": start, "end": _dt("inspection.end"),
            "onsite_person": _text("inspection.onsite_person", 50),
            "onsite_person_title": _text("inspection.onsite_person_title", 50),
            "onsite_person_phone": _text("inspection.onsite_person_phone", 30),
            "situation": _text("inspection.situation", MAX_TEXT), "hazards": hazards,
        }
    else:
        d["inspection"] = None
    deadline = _text("rectification.deadline", 10)
    if deadline:
        old = d.get("rectification") or {}
        old.update(deadline=deadline, measures=_text("rectification.measures", 2000))
        d["rectification"] = old
    for f in ("dates.inspection", "dates.order", "dates.recheck", "dates.filing"):
        _set(d, f, _text(f, 10))
    d["summary"] = _text("summary", MAX_TEXT)
    evidence = []
    for line in _lines("evidence"):
        parts = [p.strip() for p in re.split(r"[|｜]", line)]
        pages = None
        if len(parts) > 2 and parts[2].isdigit():
            pages = int(parts[2])
        evidence.append({"name": parts[0], "description": parts[1] if len(parts) > 1 else "", "pages": pages})
    d["evidence"] = evidence


def apply_violations(d: dict) -> None:
    for i, v in enumerate(d.get("violations", [])):
        if f"v{i}.name" not in request.form:
            continue
        v["name"] = _text(f"v{i}.name", 200)
        v["fact"] = _text(f"v{i}.fact", MAX_TEXT)
        v["date"] = _text(f"v{i}.date", 10)
        v["date_end"] = _text(f"v{i}.date_end", 10)
        v["law_choice"] = _text(f"v{i}.law_choice", 2000)
        v["violated"] = _refs(f"v{i}.violated")
        v["basis"] = _refs(f"v{i}.basis")


def apply_penalty(d: dict) -> None:
    for i, v in enumerate(d.get("violations", [])):
        if f"v{i}.fine" not in request.form and f"v{i}.level" not in request.form:
            continue
        v["level"] = _text(f"v{i}.level", 20)
        v["circumstances"] = [c[:200] for c in request.form.getlist(f"v{i}.circumstances")][:30]
        v["fine"] = _amount(f"v{i}.fine")
        v["warning"] = bool(request.form.get(f"v{i}.warning"))
        v["discretion_reason"] = _text(f"v{i}.discretion_reason", 2000)
        v["other_measures"] = [x for x in re.split(r"[、,，;；\n]+", _text(f"v{i}.other_measures", 500)) if x.strip()]
        v["other_penalties"] = [x for x in re.split(r"[、,，;；\n]+", _text(f"v{i}.other_penalties", 500)) if x.strip()]
    for f in ("dates.notice", "dates.notice_served", "dates.statement", "dates.hearing", "dates.decision",
              "dates.service"):
        _set(d, f, _text(f, 10))
    for f in ("unit.address", "unit.postcode", "unit.contact", "unit.phone"):
        _set(d, f, _text(f, 200))
    d["statement"] = {**(d.get("statement") or {}), "made": bool(request.form.get("statement.made")),
                      "waived": bool(request.form.get("statement.waived")),
                      "content": _text("statement.content", MAX_TEXT), "review": _text("statement.review", MAX_TEXT)}
    adopted = _text("statement.adopted", 5)
    d["statement"]["adopted"] = {"yes": True, "no": False}.get(adopted)
    if d["statement"]["made"] and not d["statement"].get("speaker"):
        legal = d.get("party", {})
        d["statement"]["speaker"] = {"name": legal.get("legal_rep") or legal.get("name", "")}
    d["hearing"] = {**(d.get("hearing") or {}), "notified": bool(request.form.get("hearing.notified")),
                    "requested": bool(request.form.get("hearing.requested")),
                    "waived": bool(request.form.get("hearing.waived")), "summary": _text("hearing.summary", MAX_TEXT)}
    bank = _text("payment.bank", 200)
    if bank or _text("payment.account", 60):
        d["payment"] = {**(d.get("payment") or {}), "bank": bank, "account_name": _text("payment.account_name", 200),
                        "account": _text("payment.account", 60)}


def apply_json(d: dict) -> dict:
    text = request.form.get("case_json") or ""
    if len(text) > 2_000_000:
        raise UserError("案件 JSON 过大。", code="too_large", status=413)
    try:
        new = json.loads(text)
    except ValueError as exc:
        from indexer.messages import json_error_text
        raise UserError(json_error_text(exc) + "。", code="bad_json") from None
    if not isinstance(new, dict):
        raise UserError("案件 JSON 应为对象。", code="bad_json")
    new["id"] = d["id"]                 # the key numbers are allocated under never changes
    new["numbers"] = d.get("numbers", {})
    new["status"] = d.get("status", "draft")
    return new


def apply_records(d: dict) -> None:
    from webapp.services.drafting.formfields import FieldError, apply, record_sections
    try:
        apply(d, [p for _, paths in record_sections(drafter().forms(), d) for p in paths], request.form)
    except FieldError as exc:
        raise UserError(f"填写有误：{exc.label}：{exc.message}", code="bad_field", field=exc.name) from None


def record_widgets(d: dict) -> list[tuple]:
    from webapp.services.drafting.formfields import record_sections, widgets
    forms = drafter().forms()
    choices = {"forms": [(s.id, s.full_title) for s in forms]}
    return [(spec, [widgets(d, p, choices) for p in paths]) for spec, paths in record_sections(forms, d)]


APPLY = {"party": apply_party, "facts": apply_facts, "violations": apply_violations, "penalty": apply_penalty,
         "records": apply_records}


def _apply(case, step: str):
    """The case with the submitted step applied (not saved). UserError on bad input."""
    from webapp.services.drafting.model import Case, CaseFormatError
    d = case.to_dict()
    if step == "json":
        d = apply_json(d)
    elif step in APPLY:
        APPLY[step](d)
    try:
        return Case.from_dict(d)
    except CaseFormatError as exc:
        from webapp.services.drafting.formfields import path_label
        raise UserError(f"填写有误：{path_label(exc.path) or '案件'}：{exc.message}", code="bad_case",
                        field=exc.path) from None


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _save(case_id: int, row, old, new, note: str, status: str | None = None) -> bool:
    """Save a new case version with its audit record. An edit voids a pending or granted approval."""
    from webapp.services.drafting import store, workflow
    before, after = _changes(old.to_dict(), new.to_dict())
    if not after and not status:
        return False
    revoked = status is None and workflow.edit_voids_approval(row["status"], old.to_dict(), new.to_dict())
    if revoked:
        status = "draft"
        new.review.approved = False
    with db.begin() as conn:
        store.save_case(conn, case_id, new, _user_id(), status=status, note=note)
        audit.record("update", "case", case_id, before=before, after=after, conn=conn, unit_id=row["unit_id"])
        if revoked:
            store.add_comment(conn, case_id, None, "comment", workflow.REVOKED_MESSAGE)
    if revoked:
        flash(workflow.REVOKED_FLASH, "warning")
    return True


@bp.route("/<int:case_id>/edit/<step>", methods=["GET", "POST"])
@access.area("cases", unit_of=unit_of_case)
def edit(case_id: int, step: str):
    if step not in STEP_IDS and step != "json":
        raise UserError("没有这一步。", code="not_found", status=404)
    row, case = _load(case_id)
    error = None
    if request.method == "POST":
        action = request.form.get("action", "save")
        try:
            if step == "violations" and action in ("add_catalogue", "add_free", "remove"):
                new = _violation_action(case, action)
            else:
                new = _apply(case, step)
            _save(case_id, row, case, new, note=dict(STEPS).get(step, "编辑 JSON"))
        except UserError as exc:
            error = exc.message
        else:
            if step == "violations" and action != "save":
                return redirect(url_for("cases.edit", case_id=case_id, step="violations"))
            nxt = request.form.get("next")
            if nxt in STEP_IDS:
                return redirect(url_for("cases.edit", case_id=case_id, step=nxt))
            flash("已保存。", "success")
            return redirect(url_for("cases.edit", case_id=case_id, step=step))
    return _render_step(row, case, step, error)


def _render_step(row, case, step, error=None):
    from webapp.services.drafting.catalogue import entries
    ctx = {"row": row, "case": case, "d": case.to_dict(), "step": step, "steps": STEPS, "error": error,
           "get": _get, "statuses": _statuses(),
           "typed": request.form if error and request.method == "POST" else {}}   # refused input stays typed
    if step == "violations":
        q = (request.args.get("q") or "").strip()[:100]
        ctx["q"] = q
        ctx["results"] = search_catalogue(q, case.party.kind) if q else []
    if step in ("violations", "penalty"):
        ctx["catalogue"] = {v.catalogue_id: entries().get(v.catalogue_id) for v in case.violations if v.catalogue_id}
    if step == "records":
        ctx["sections"] = record_widgets(ctx["d"])
    if step == "documents":
        ctx["rows"] = _doc_rows(drafter(), case, row["status"]) if library() is not None else []
    if step == "json":
        ctx["case_json"] = case.to_json()
    forms = [(s.id, s.full_title) for s in drafter().forms()] if library() is not None else []
    ctx["preview_forms"] = forms
    return render_template("cases/edit.html", **ctx), (400 if error else 200)


def _statuses():
    from webapp.services.drafting import store
    return store.STATUSES


def search_catalogue(q: str, kind: str, limit: int = 12) -> list[dict]:
    """Catalogue entries matching every word of `q` (name, keywords, description, references)."""
    from webapp.services.drafting.catalogue import entries
    words = [w for w in re.split(r"\s+", q) if w]
    scored = []
    for e in entries().values():
        hay = " ".join([e.get("name", ""), " ".join(e.get("keywords", [])), e.get("description", ""),
                        " ".join(e.get("violated", [])), " ".join(e.get("basis", [])), e.get("id", "")])
        if all(w in hay for w in words):
            score = sum(3 if w in e.get("name", "") else 2 if w in " ".join(e.get("keywords", [])) else 1
                        for w in words)
            if e.get("subject") == kind:
                score += 1
            scored.append((-score, e["id"], e))
    return [e for _, _, e in sorted(scored)[:limit]]


def _violation_action(case, action: str):
    from indexer.handbook import placeholders
    from webapp.services.drafting.catalogue import entry
    from webapp.services.drafting.cnformat import cn_date
    from webapp.services.drafting.model import Case, CaseFormatError
    d = case.to_dict()
    vios = d.setdefault("violations", [])
    if action == "remove":
        i = _int("index", -1)
        if not 0 <= i < len(vios):
            raise UserError("没有这一项违法行为。", code="not_found")
        vios.pop(i)
    elif action == "add_catalogue":
        e = entry(_text("entry", 32))
        if e is None:
            raise UserError("违法行为目录中没有这一项。", code="not_found")
        vdate = d.get("dates", {}).get("inspection") or _today()
        fact = placeholders.fill(re.sub(r"^经查，", "", e.get("fact_template", "")),
                                 {"party": "你单位" if d["party"]["kind"] == "单位" else "你", "date": cn_date(vdate)})
        vios.append({"catalogue_id": e["id"], "name": e["name"], "fact": fact, "violated": list(e.get("violated", [])),
                     "basis": list(e.get("basis", [])), "date": vdate,
                     "other_measures": [x for x in (e.get("levels") or [{}])[0].get("other", []) if "责令" in x]})
    else:
        name = _text("name", 200)
        violated, basis = _refs("violated"), _refs("basis")
        if not name or not violated or not basis:
            raise UserError("请填写违法行为名称、违反条款和处罚依据（如 《中华人民共和国安全生产法》第三十条第一款）。",
                            code="missing_field")
        vios.append({"name": name, "fact": _text("fact", MAX_TEXT) or "〔待填：违法事实〕", "violated": violated,
                     "basis": basis, "date": d.get("dates", {}).get("inspection") or _today()})
    try:
        return Case.from_dict(d)
    except CaseFormatError as exc:
        raise UserError(str(exc), code="bad_case") from None


# ------------------------------------------------------------------------------------------------ preview

@bp.get("/<int:case_id>/preview/<form>")
@access.area("cases", unit_of=unit_of_case)
def preview_page(case_id: int, form: str):
    from webapp.services.drafting.export import to_html
    from webapp.services.drafting.service import DraftError
    row, case = _load(case_id)
    item = request.args.get("item", type=int)
    try:
        draft = drafter().prepare(case, form[:64], per_index=(item - 1) if item else None)
    except DraftError as exc:
        raise UserError(str(exc), code="not_found", status=404) from None
    return render_template("cases/preview.html", row=row, case=case, draft=draft, html=to_html(draft.doc),
                           item=item)


@bp.post("/<int:case_id>/preview")
@access.area("cases", unit_of=unit_of_case)
def preview(case_id: int):
    """Live preview of unsaved edits: the step's form applied to a copy of the case (nothing is saved)."""
    from webapp.services.drafting.export import to_html
    from webapp.services.drafting.service import DraftError
    _row, case = _load(case_id)
    step = request.form.get("step", "")
    form_id = (request.form.get("preview_form") or "").strip()[:64]
    try:
        new = _apply(case, step) if step in APPLY or step == "json" else case
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


# ------------------------------------------------------------------------------------------------ generate

@bp.post("/<int:case_id>/generate")
@access.area("cases", unit_of=unit_of_case)
def generate(case_id: int):
    from webapp.services.drafting import store, workflow
    from webapp.services.drafting.service import Blocked, DraftError
    row, case = _load(case_id)
    form_id = (request.form.get("form") or "").strip()[:64]
    item = _int("item", None)
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
    new_status = None
    if spec is not None and spec.stage in DECISION_STAGES + ("onsite",) and row["status"] in ("draft", "approved"):
        new_status = "issued" if spec.stage in DECISION_STAGES or row["status"] == "draft" else None
    if spec is not None and spec.stage == "closing":
        new_status = "closed"
    with db.begin() as conn:
        version = row["version"]
        if case.numbers != before_numbers or new_status:
            version = store.save_case(conn, case_id, case, _user_id(), status=new_status,
                                      note=f"生成{title}" + (f"（编号 {number}）" if number else ""))
        did, dversion = store.add_document(
            conn, case_id, form=form_id, item=item_no, title=title, number=number, fmt=out.fmt,
            filename=out.filename, content=out.data, case_version=version,
            issues=[i.to_dict() for i in out.issues], confirmed=[i.to_dict() for i in out.confirmed],
            user_id=_user_id())
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
    row, case = _load(case_id)
    audit.record("export", "case", case_id, after={"format": "json", "version": row["version"]})
    return security.send_bytes((case.to_json() + "\n").encode("utf-8"), f"{case.id}.json", "application/json")


# ------------------------------------------------------------------------------------------------ review

@bp.post("/<int:case_id>/comments")
@access.area("cases", unit_of=unit_of_case)
def comment(case_id: int):
    from webapp.services.drafting import store
    row, _case = _load(case_id)
    body = _text("body", 4000)
    if not body:
        raise UserError("请填写意见内容。", code="missing_field")
    with db.begin() as conn:
        cid = store.add_comment(conn, case_id, g.user, "comment", body)
        audit.record("create", "case_comment", cid, after={"case_id": case_id, "body": body}, conn=conn,
                     unit_id=row["unit_id"])
    flash("意见已添加。", "success")
    return redirect(url_for("cases.show", case_id=case_id) + "#review")


@bp.post("/<int:case_id>/submit")
@access.area("cases", unit_of=unit_of_case)
def submit(case_id: int):
    from webapp.services.drafting import store
    row, case = _load(case_id)
    if row["status"] != "draft":
        raise UserError("只有办理中的案件可以提交法制审核。", code="bad_status", status=409)
    with db.begin() as conn:
        store.save_case(conn, case_id, case, _user_id(), status="review", note="提交法制审核")
        store.add_comment(conn, case_id, g.user, "submit", _text("body", 4000) or "提交法制审核。")
        audit.record("update", "case", case_id, before={"status": "draft"}, after={"status": "review"}, conn=conn,
                     unit_id=row["unit_id"])
    flash("已提交法制审核。", "success")
    return redirect(url_for("cases.show", case_id=case_id))


@bp.post("/<int:case_id>/approve")
@access.area("approve", unit_of=unit_of_case)
def approve(case_id: int):
    from webapp.services.drafting import store
    row, case = _load(case_id)
    if row["status"] not in ("review", "draft"):
        raise UserError("本案不在待审核状态。", code="bad_status", status=409)
    opinion = _text("body", 4000)
    case.review.approved = True
    case.review.reviewer = g.user["display_name"]
    if opinion:
        case.review.opinion = opinion
    if not case.dates.review:
        case.dates.review = _today()
    with db.begin() as conn:
        store.save_case(conn, case_id, case, _user_id(), status="approved", note="法制审核通过")
        store.add_comment(conn, case_id, g.user, "approve", opinion or "法制审核通过。")
        audit.record("approve", "case", case_id, before={"status": row["status"]},
                     after={"status": "approved", "opinion": opinion}, conn=conn, unit_id=row["unit_id"])
    flash("法制审核已通过。", "success")
    return redirect(url_for("cases.show", case_id=case_id))


@bp.post("/<int:case_id>/reject")
@access.area("approve", unit_of=unit_of_case)
def reject(case_id: int):
    from webapp.services.drafting import store
    row, case = _load(case_id)
    opinion = _text("body", 4000)
    if not opinion:
        raise UserError("退回时请写明意见。", code="missing_field")
    if row["status"] not in ("review", "approved"):
        raise UserError("本案不在待审核或已审核状态。", code="bad_status", status=409)
    case.review.approved = False
    with db.begin() as conn:
        store.save_case(conn, case_id, case, _user_id(), status="draft", note="法制审核退回")
        store.add_comment(conn, case_id, g.user, "reject", opinion)
        audit.record("reject", "case", case_id, before={"status": row["status"]},
                     after={"status": "draft", "opinion": opinion}, conn=conn, unit_id=row["unit_id"])
    flash("已退回承办人。", "success")
    return redirect(url_for("cases.show", case_id=case_id))
