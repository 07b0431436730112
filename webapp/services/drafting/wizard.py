"""The case wizard's steps (issue 7, moved out of the view in issue 11.3): how the fields a step submits are read
and laid onto the case dict (hazard markers, evidence lines, statement and hearing, payment), the JSON step's
protected keys, and adding or removing a violation. Flask-free: the web layer hands in the submitted form (any
mapping with get/getlist, e.g. werkzeug's MultiDict) and shows a StepError's Chinese message."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from .model import Case, CaseFormatError

MAX_TEXT = 20000
STEPS = [("party", "当事人"), ("facts", "检查与事实"), ("violations", "违法行为"), ("penalty", "处罚与程序"),
         ("records", "文书内容"), ("documents", "文书")]
STEP_IDS = [s for s, _ in STEPS]
VIOLATION_ACTIONS = ("add_catalogue", "add_free", "remove")
PARTY_FIELDS = ["title", "cause", "source", "party.name", "party.credit_code", "party.id_number", "party.address",
                "party.postcode", "party.phone", "party.legal_rep", "party.legal_rep_title", "party.sex",
                "party.employer", "party.job_title"]
_LIST_SPLIT = r"[、,，;；\n]+"


class StepError(ValueError):
    """Input a step refuses; `message` is shown to the user as is."""

    def __init__(self, message: str, code: str = "bad_request", status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.status, self.field = message, code, status, field


def set_path(d: dict, path: str, value) -> None:
    """d["a"]["b"] = value for path "a.b", creating missing (or None) dicts on the way."""
    parts = path.split(".")
    cur = d
    for p in parts[:-1]:
        if cur.get(p) is None:
            cur[p] = {}
        cur = cur[p]
    cur[parts[-1]] = value


def get_path(d: dict, path: str, default=""):
    cur = d
    for p in path.split("."):
        if not isinstance(cur, dict) or cur.get(p) is None:
            return default
        cur = cur[p]
    return cur


class FormReader:
    """Typed reads of a submitted form. `checker` returns the citation checker (or None) when provisions are
    read, so nothing is built for a step without provisions."""

    def __init__(self, form, checker: Callable[[], object] | None = None):
        self.form = form
        self._checker = checker

    def has(self, name: str) -> bool:
        return name in self.form

    def flag(self, name: str) -> bool:
        return bool(self.form.get(name))

    def getlist(self, name: str) -> list[str]:
        return self.form.getlist(name)

    def text(self, name: str, limit: int = 2000) -> str:
        return (self.form.get(name) or "").replace("\r\n", "\n").strip()[:limit]

    def date_time(self, name: str) -> str:
        v = self.text(name, 20)
        return v[:16] if v else ""

    def integer(self, name: str, default=None):
        v = self.text(name, 20)
        if not v:
            return default
        try:
            return int(v)
        except ValueError:
            raise StepError(f"“{v}”不是整数。", code="bad_number") from None

    def amount(self, name: str):
        v = self.text(name, 30).replace(",", "").replace("，", "")
        if not v:
            return None
        try:
            x = float(v)
        except ValueError:
            raise StepError(f"罚款金额“{v}”不是数字。", code="bad_amount") from None
        if x < 0:
            raise StepError("罚款金额不能为负数。", code="bad_amount")
        return int(x) if x == int(x) else round(x, 2)

    def refs(self, name: str) -> list[str]:
        """Provisions typed in field `name`, in any form the citation checker reads (refinput.read_refs)."""
        from .refinput import RefInputError, read_refs
        try:
            return read_refs(self.text(name, 500), self._checker() if self._checker else None)
        except RefInputError as exc:
            raise StepError(f"不是有效的条文引用：{exc}", code="bad_ref") from None

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.text(name, MAX_TEXT).split("\n") if line.strip()]

    def items(self, name: str, limit: int = 500) -> list[str]:
        """A list typed on one field, separated by 、，；or new lines."""
        return [x for x in re.split(_LIST_SPLIT, self.text(name, limit)) if x.strip()]


# ------------------------------------------------------------------------------------------------ steps

def apply_party(d: dict, f: FormReader) -> None:
    for name in PARTY_FIELDS:
        set_path(d, name, f.text(name, 300))
    kind = f.text("party.kind", 4)
    if kind in ("单位", "个人"):
        d["party"]["kind"] = kind
    proc = f.text("procedure", 8)
    if proc in ("普通程序", "简易程序"):
        d["procedure"] = proc
    officers = []
    for i in (1, 2):
        name, cert = f.text(f"officer{i}.name", 50), f.text(f"officer{i}.cert_no", 40)
        if name or cert:
            officers.append({"name": name, "cert_no": cert})
    d["officers"] = officers


def hazard(line: str) -> dict:
    """One typed hazard line; 【重大】 marks a major hazard, 【立即】 one to remove at once (either bracket)."""
    major = line.startswith(("[重大]", "【重大】"))
    immediate = "[立即]" in line or "【立即】" in line
    text = re.sub(r"[\[【](重大|立即)[\]】]", "", line).strip()
    return {"description": text, "major": major, "immediate": immediate}


def evidence_item(line: str) -> dict:
    """One typed evidence line: name | description | pages (either bar)."""
    parts = [p.strip() for p in re.split(r"[|｜]", line)]
    pages = int(parts[2]) if len(parts) > 2 and parts[2].isascii() and parts[2].isdigit() else None
    return {"name": parts[0], "description": parts[1] if len(parts) > 1 else "", "pages": pages}


def apply_facts(d: dict, f: FormReader) -> None:
    place, start = f.text("inspection.place", 300), f.date_time("inspection.start")
    hazards = [hazard(line) for line in f.lines("hazards")]
    if place or start or hazards:
        d["inspection"] = {
            "place": place, "start": start, "end": f.date_time("inspection.end"),
            "onsite_person": f.text("inspection.onsite_person", 50),
            "onsite_person_title": f.text("inspection.onsite_person_title", 50),
            "onsite_person_phone": f.text("inspection.onsite_person_phone", 30),
            "situation": f.text("inspection.situation", MAX_TEXT), "hazards": hazards,
        }
    else:
        d["inspection"] = None
    deadline = f.text("rectification.deadline", 10)
    if deadline:
        old = d.get("rectification") or {}
        old.update(deadline=deadline, measures=f.text("rectification.measures", 2000))
        d["rectification"] = old
    for name in ("dates.inspection", "dates.order", "dates.recheck", "dates.filing"):
        set_path(d, name, f.text(name, 10))
    d["summary"] = f.text("summary", MAX_TEXT)
    d["evidence"] = [evidence_item(line) for line in f.lines("evidence")]


def apply_violations(d: dict, f: FormReader) -> None:
    for i, v in enumerate(d.get("violations", [])):
        if not f.has(f"v{i}.name"):
            continue
        v["name"] = f.text(f"v{i}.name", 200)
        v["fact"] = f.text(f"v{i}.fact", MAX_TEXT)
        v["date"] = f.text(f"v{i}.date", 10)
        v["date_end"] = f.text(f"v{i}.date_end", 10)
        v["law_choice"] = f.text(f"v{i}.law_choice", 2000)
        v["violated"] = f.refs(f"v{i}.violated")
        v["basis"] = f.refs(f"v{i}.basis")


def apply_penalty(d: dict, f: FormReader) -> None:
    for i, v in enumerate(d.get("violations", [])):
        if not f.has(f"v{i}.fine") and not f.has(f"v{i}.level"):
            continue
        v["level"] = f.text(f"v{i}.level", 20)
        v["circumstances"] = [c[:200] for c in f.getlist(f"v{i}.circumstances")][:30]
        v["fine"] = f.amount(f"v{i}.fine")
        v["warning"] = f.flag(f"v{i}.warning")
        v["discretion_reason"] = f.text(f"v{i}.discretion_reason", 2000)
        v["other_measures"] = f.items(f"v{i}.other_measures")
        v["other_penalties"] = f.items(f"v{i}.other_penalties")
    for name in ("dates.notice", "dates.notice_served", "dates.statement", "dates.hearing", "dates.decision",
                 "dates.service"):
        set_path(d, name, f.text(name, 10))
    for name in ("unit.address", "unit.postcode", "unit.contact", "unit.phone"):
        set_path(d, name, f.text(name, 200))
    d["statement"] = {**(d.get("statement") or {}), "made": f.flag("statement.made"),
                      "waived": f.flag("statement.waived"), "content": f.text("statement.content", MAX_TEXT),
                      "review": f.text("statement.review", MAX_TEXT)}
    d["statement"]["adopted"] = {"yes": True, "no": False}.get(f.text("statement.adopted", 5))
    if d["statement"]["made"] and not d["statement"].get("speaker"):
        legal = d.get("party", {})
        d["statement"]["speaker"] = {"name": legal.get("legal_rep") or legal.get("name", "")}
    d["hearing"] = {**(d.get("hearing") or {}), "notified": f.flag("hearing.notified"),
                    "requested": f.flag("hearing.requested"), "waived": f.flag("hearing.waived"),
                    "summary": f.text("hearing.summary", MAX_TEXT)}
    bank = f.text("payment.bank", 200)
    if bank or f.text("payment.account", 60):
        d["payment"] = {**(d.get("payment") or {}), "bank": bank,
                        "account_name": f.text("payment.account_name", 200), "account": f.text("payment.account", 60)}


def apply_records(d: dict, f: FormReader, forms: Iterable) -> None:
    from .formfields import FieldError, apply, record_sections
    try:
        apply(d, [p for _, paths in record_sections(forms, d) for p in paths], f.form)
    except FieldError as exc:
        raise StepError(f"填写有误：{exc.label}：{exc.message}", code="bad_field", field=exc.name) from None


def apply_json(d: dict, text: str) -> dict:
    """The case typed as JSON; the key numbers are allocated under, the numbers and the status never change."""
    if len(text) > 2_000_000:
        raise StepError("案件 JSON 过大。", code="too_large", status=413)
    try:
        new = json.loads(text)
    except ValueError as exc:
        from indexer.messages import json_error_text
        raise StepError(json_error_text(exc) + "。", code="bad_json") from None
    if not isinstance(new, dict):
        raise StepError("案件 JSON 应为对象。", code="bad_json")
    new["id"] = d["id"]
    new["numbers"] = d.get("numbers", {})
    new["status"] = d.get("status", "draft")
    return new


APPLY = {"party": apply_party, "facts": apply_facts, "violations": apply_violations, "penalty": apply_penalty}


def applies(step: str) -> bool:
    """Whether `step` submits fields that change the case."""
    return step in APPLY or step in ("records", "json")


def apply_step(case: Case, step: str, f: FormReader, forms: Callable[[], Iterable] = tuple) -> Case:
    """The case with the submitted step applied (not saved). `forms` gives the drafter's forms (records step)."""
    d = case.to_dict()
    if step == "json":
        d = apply_json(d, f.form.get("case_json") or "")
    elif step == "records":
        apply_records(d, f, forms())
    elif step in APPLY:
        APPLY[step](d, f)
    try:
        return Case.from_dict(d)
    except CaseFormatError as exc:
        from .formfields import path_label
        raise StepError(f"填写有误：{path_label(exc.path) or '案件'}：{exc.message}", code="bad_case",
                        field=exc.path) from None


# ------------------------------------------------------------------------------------------------ violations

def violation_from_entry(e: dict, d: dict, today: str) -> dict:
    """A violation taken from catalogue entry `e` for case dict `d`: the fact template filled for the party,
    dated on the inspection (else today), with the entry's 责令 measures of its first level."""
    from indexer.handbook import placeholders

    from .cnformat import cn_date
    vdate = d.get("dates", {}).get("inspection") or today
    fact = placeholders.fill(re.sub(r"^经查，", "", e.get("fact_template", "")),
                             {"party": "你单位" if d["party"]["kind"] == "单位" else "你", "date": cn_date(vdate)})
    return {"catalogue_id": e["id"], "name": e["name"], "fact": fact, "violated": list(e.get("violated", [])),
            "basis": list(e.get("basis", [])), "date": vdate,
            "other_measures": [x for x in (e.get("levels") or [{}])[0].get("other", []) if "责令" in x]}


def violation_action(case: Case, action: str, f: FormReader, today: str) -> Case:
    """The case with a violation removed (`remove`), added from the catalogue (`add_catalogue`) or typed in."""
    from .catalogue import entry
    d = case.to_dict()
    vios = d.setdefault("violations", [])
    if action == "remove":
        i = f.integer("index", -1)
        if not 0 <= i < len(vios):
            raise StepError("没有这一项违法行为。", code="not_found")
        vios.pop(i)
    elif action == "add_catalogue":
        e = entry(f.text("entry", 32))
        if e is None:
            raise StepError("违法行为目录中没有这一项。", code="not_found")
        vios.append(violation_from_entry(e, d, today))
    else:
        name = f.text("name", 200)
        violated, basis = f.refs("violated"), f.refs("basis")
        if not name or not violated or not basis:
            raise StepError("请填写违法行为名称、违反条款和处罚依据（如 《中华人民共和国安全生产法》第三十条第一款）。",
                            code="missing_field")
        vios.append({"name": name, "fact": f.text("fact", MAX_TEXT) or "〔待填：违法事实〕", "violated": violated,
                     "basis": basis, "date": d.get("dates", {}).get("inspection") or today})
    try:
        return Case.from_dict(d)
    except CaseFormatError as exc:
        raise StepError(str(exc), code="bad_case") from None
