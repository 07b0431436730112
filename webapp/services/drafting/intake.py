"""Opening a case (issue 7, moved out of the view in issue 11.3): its key (年份-序号), the unit's defaults carried
from the unit record and the unit's previous case, and the first version from the 新建案件 form or from an
uploaded case JSON. Flask-free: the web layer reads the form and the database rows and shows a CaseFormatError
or IntakeError's message."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from .model import Case

# unit fields an officer types once: carried over from the unit's previous case
CARRIED_UNIT_FIELDS = ("address", "postcode", "contact", "phone", "number_format", "hearing_threshold_org",
                       "hearing_threshold_person", "statement_days")
PAYMENT_FIELDS = ("bank", "account_name", "account")
PARTY_KINDS = ("单位", "个人")
PROCEDURES = ("普通程序", "简易程序")


class IntakeError(ValueError):
    """A new-case form that cannot open a case; `message` is shown as is."""

    def __init__(self, message: str, code: str = "missing_field"):
        super().__init__(message)
        self.message, self.code = message, code


def next_key(year: int, count: int, exists: Callable[[str], bool]) -> str:
    """The key of a unit's next case: 年份-序号 after its `count` cases, skipping keys already taken."""
    n = count + 1
    while exists(f"{year}-{n:04d}"):
        n += 1
    return f"{year}-{n:04d}"


def unit_defaults(unit: Mapping, benchmarks: list[str], previous: str | None) -> tuple[dict, dict | None]:
    """(unit dict, payment or None) for a new case: the unit record's names and authorities, and the fields
    carried from the unit's previous case JSON `previous` (an unreadable one carries nothing)."""
    base = {"name": unit["name"], "short_name": unit["short_name"], "review_authority": unit["review_authority"],
            "court": unit["court"], "benchmarks": benchmarks, "location": unit.get("location") or ""}
    payment = None
    if previous:
        try:
            old = json.loads(previous)
            for k in CARRIED_UNIT_FIELDS:
                if k in old.get("unit", {}):
                    base[k] = old["unit"][k]
            if old.get("payment"):
                payment = {k: old["payment"].get(k, "") for k in PAYMENT_FIELDS}
        except ValueError:
            pass
    return base, payment


def from_form(form: Mapping[str, str], key: str, unit: dict, payment: dict | None, me: dict,
              second: dict | None) -> Case:
    """The first version from the 新建案件 form (title, kind, name, procedure): officer `me` and the optional
    second officer (`display_name`, `cert_no`). Raises IntakeError, or CaseFormatError for a malformed case."""
    if not form["name"]:
        raise IntakeError("请填写当事人名称或姓名。")
    if form["kind"] not in PARTY_KINDS:
        raise IntakeError("请选择当事人类型。")
    data = {
        "id": key, "title": form["title"] or f"{form['name']}案", "unit": unit,
        "party": {"kind": form["kind"], "name": form["name"]},
        "officers": [me] + ([{"name": second["display_name"], "cert_no": second["cert_no"] or ""}]
                            if second else []),
        "procedure": form["procedure"] if form["procedure"] in PROCEDURES else "普通程序",
        "payment": payment,
    }
    return Case.from_dict(data)


def imported(case: Case, unit: dict, key_taken: Callable[[str], bool], new_key: Callable[[], str]) -> Case:
    """An uploaded case opened as a new draft of this unit: a fresh key when it has none or it is taken, the
    unit's names, no numbers allocated."""
    if not case.id or key_taken(case.id):
        case.id = new_key()
    case.unit.name, case.unit.short_name = unit["name"], unit["short_name"]
    case.numbers = {}
    case.status = "draft"
    return case
