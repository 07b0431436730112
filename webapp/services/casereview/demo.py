"""A synthetic year of case files for a demo unit (演示单位), so that a new user sees the review and the
statistics working, and the tests have a gold standard: some files carry a planted procedural fault, and the
review must find exactly those.

Every case is built from the sample case (doc_templates/sample_case.json) with a violation taken from the penalty
handbook's catalogue (its references, its fact template filled with demo wording, a fine inside its first
level), dates spread over the year, a fictitious party with a valid 统一社会信用代码, and the documents the
procedure calls for, numbered in sequence as the unit would. All names say 演示; nothing here is a real case."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.refs import Ref
from webapp.services.drafting import cnformat as cf
from webapp.services.drafting.ids import make_credit_code, org_code_check_char
from webapp.services.drafting.model import Case
from webapp.services.errors import ServiceError
from webapp.services.workdays import load_calendar

from .model import CaseFile, FiledDocument

DEMO_UNIT = {"name": "演示市演示区应急管理局", "short_name": "演示", "review_authority": "演示市演示区人民政府",
             "court": "演示市演示区人民法院", "address": "演示市演示区示范路1号", "contact": "演示联系人",
             "phone": "0000-00000000"}
TRADES = ["五金制品", "机械制造", "家具", "塑料制品", "包装材料", "食品加工", "纺织", "电子元件", "仓储物流", "化工贸易"]


@dataclass
class DemoCase:
    file: CaseFile
    planted: frozenset[str] = field(default_factory=frozenset)   # codes the review must report


# ------------------------------------------------------------------------------------------------ faults
# Each planted fault changes a clean case dict the way a careless file would, and names the code the review
# must report for it. The documents are filed after the change, so a fault in the record is in the file.

def _no_second_cert(d: dict, rng) -> None:
    d["officers"][1]["cert_no"] = ""


def _late_decision(d: dict, rng) -> None:
    """Decided 100 days after 立案 with no extension (行政处罚法第六十条)."""
    filed = _day(d["dates"]["filing"])
    shift = (filed + dt.timedelta(days=100) - _day(d["dates"]["decision"])).days
    for k in ("decision", "service", "closing"):
        d["dates"][k] = _plus(d["dates"][k], shift)
    d["payment"]["paid_on"] = _plus(d["payment"]["paid_on"], shift)
    for x in d["deliveries"]:
        if x["document"].startswith("decision"):
            x["date"] = d["dates"]["service"]


def _late_service(d: dict, rng) -> None:
    """Served on the eighth working day after the decision: past 第六十一条's seven (working, 第八十五条) days."""
    from webapp.services.errors import ServiceError
    from webapp.services.workdays import load_calendar
    try:
        d["dates"]["service"] = load_calendar().add_workdays(_day(d["dates"]["decision"]), 8).isoformat()
    except ServiceError:                 # a year the calendar lacks: well past seven days of any reading
        d["dates"]["service"] = _plus(d["dates"]["decision"], 14)
    for x in d["deliveries"]:
        if x["document"].startswith("decision"):
            x["date"] = d["dates"]["service"]


def _unapproved_filing(d: dict, rng) -> None:
    d["filing_approval"]["approve_opinion"] = ""
    d["filing_approval"]["approver"] = ""


def _interview_before_filing(d: dict, rng) -> None:
    day = _plus(d["dates"]["filing"], -2)
    iv = d["interviews"][0]
    iv["start"], iv["end"] = day + iv["start"][10:], day + iv["end"][10:]


def _fine_above_range(d: dict, rng, ranges: dict) -> None:
    v = d["violations"][0]
    v["fine"] = int(ranges[v["catalogue_id"]][1]) * 50      # far past any statutory maximum of its 处罚依据


def _no_collective(d: dict, rng) -> None:
    d["review"]["discussed"] = False
    d["review"]["discussion_conclusion"] = ""


FAULTS: dict[str, Callable] = {
    "officers.two": _no_second_cert,
    "decision.deadline_90": _late_decision,
    "service.late": _late_service,
    "file.filing_not_approved": _unapproved_filing,
    "file.investigation_before_filing": _interview_before_filing,
    "fine.range": _fine_above_range,
}
# planted beside the record: on the documents, or on the publication of the decision
FILE_FAULTS = ("file.document_missing", "file.warnings_confirmed", "file.publication_late")
MAJOR_FAULTS = {"file.collective_missing": _no_collective}     # only where the fine makes the case major


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def _plus(day: str, n: int) -> str:
    return (_day(day) + dt.timedelta(days=n)).isoformat() if day else day


# ------------------------------------------------------------------------------------------------ building

def _entries(catalogue: dict[str, dict]) -> list[tuple[dict, tuple[int, int]]]:
    """Unit entries of the catalogue with a fine in their first level (accidents left out: they are
    investigated by a 事故调查组 and follow a different file)."""
    out = []
    for e in catalogue.values():
        levels = e.get("levels") or []
        if e.get("subject") not in (None, "单位") or e.get("topic") == "事故" or e["id"].startswith("AC-"):
            continue
        if not levels or not levels[0].get("fine_max") or not e.get("basis") or not e.get("violated"):
            continue
        out.append((e, (int(levels[0].get("fine_min") or 0), int(levels[0]["fine_max"]))))
    return out


def _in_force(lib) -> Callable[[dict, str], bool]:
    """Whether every law an entry cites was in force on a date (the catalogue is written against today's
    texts: 危险化学品安全法 entries cannot be a 2025 violation)."""
    memo: dict[tuple[str, str], bool] = {}

    def law_ok(law: str, day: str) -> bool:
        if (law, day) not in memo:
            memo[(law, day)] = lib.version_in_force(law, day) is not None
        return memo[(law, day)]

    return lambda e, day: all(law_ok(Ref.parse(r).law, day) for r in [*e["violated"], *e["basis"]])


def _fill_fact(template: str, labels: dict[str, str]) -> str:
    text = re.sub(r"^经查，", "", template)
    return re.sub(r"\{(\w+)\}", lambda m: {"party": "你单位"}.get(m.group(1), f"演示{labels.get(m.group(1), '内容')}"), text)


def _party(n: int, rng) -> dict:
    body = f"MA{n:06d}"
    first17 = "91" + "330100" + body + org_code_check_char(body)
    trade = rng.choice(TRADES)
    return {"kind": "单位", "name": f"演示{n:03d}号{trade}有限公司", "credit_code": make_credit_code(first17),
            "address": f"演示市演示区演示路{n}号", "legal_rep": f"演示负责人{n:03d}", "legal_rep_title": "执行董事",
            "phone": "0000-00000000"}


def _dated(d: dict, start: dt.date) -> None:
    """Move every date of the sample case so that the inspection falls on `start`, keeping the intervals."""
    shift = (start - _day(d["dates"]["inspection"])).days

    def move(value: str) -> str:
        if not value:
            return value
        return (_day(value[:10]) + dt.timedelta(days=shift)).isoformat() + value[10:]

    for k, v in d["dates"].items():
        d["dates"][k] = move(v)
    d["inspection"]["start"], d["inspection"]["end"] = move(d["inspection"]["start"]), move(d["inspection"]["end"])
    d["rectification"]["deadline"] = move(d["rectification"]["deadline"])
    for it in d["interviews"]:
        it["start"], it["end"] = move(it["start"]), move(it["end"])
    for k in ("start", "end"):
        d["statement"][k] = move(d["statement"].get(k, ""))
    for x in d["deliveries"]:
        x["date"] = move(x["date"])
    d["payment"]["paid_on"] = move(d["payment"].get("paid_on", ""))


class _Numbers:
    """The unit's counters: each code counts from 1 in each year, in the order documents are filed."""

    def __init__(self, fmt: str, short: str):
        self.fmt, self.short = fmt, short
        self.next: dict[tuple[str, int], int] = {}

    def take(self, code: str, year: int) -> str:
        seq = self.next.get((code, year), 1)
        self.next[(code, year)] = seq + 1
        return self.fmt.format(short=self.short, code=code, year=year, seq=seq)


def demo_year(drafter, sample: dict, catalogue: dict[str, dict], labels: dict[str, str], *, year: int = 2025,
              n: int = 160, seed: int = 2023, fault_share: float = 0.3) -> list[DemoCase]:
    """`n` closed general-procedure case files inspected in `year`. About `fault_share` of them carry one
    planted fault; the rest are clean. Deterministic for a given seed."""
    rng = random.Random(seed)
    entries = _entries(catalogue)
    in_force = _in_force(drafter.lib)
    ranges = {e["id"]: r for e, r in entries}
    numbers = _Numbers(sample["unit"]["number_format"], DEMO_UNIT["short_name"])
    calendar = load_calendar()
    plan = list(FAULTS) + list(FILE_FAULTS) + list(MAJOR_FAULTS)
    out = []
    for i in range(1, n + 1):
        d = copy.deepcopy(sample)
        d["id"], d["status"], d["numbers"] = f"{year}-{i:04d}", "closed", {}
        d["unit"].update(DEMO_UNIT)
        d["party"] = _party(i, rng)
        start = dt.date(year, 1, 5) + dt.timedelta(days=rng.randrange(300))
        usable = [x for x in entries if in_force(x[0], start.isoformat())]
        e, (lo, hi) = usable[rng.randrange(len(usable))]
        _dated(d, start)
        fine = max(lo, min(hi, (rng.randint(lo, hi) // 1000) * 1000 or lo))
        v = {"catalogue_id": e["id"], "name": e["name"], "fact": _fill_fact(e.get("fact_template", ""), labels),
             "violated": list(e["violated"]), "basis": list(e["basis"]), "date": d["dates"]["inspection"],
             "circumstances": [], "discretion_reason": "鉴于该违法行为情节一般，你单位在责令整改期限内已整改完毕",
             "warning": False, "fine": fine, "other_measures": [x for x in e["levels"][0].get("other", []) if "责令" in x]}
        d["violations"] = [v]
        d["title"] = f"{d['party']['name']}{e['name']}案"
        d["cause"] = e["name"]
        d["transfer"], d["dates"]["transfer"] = None, ""
        planted: set[str] = set()
        code = rng.choice(plan) if rng.random() < fault_share else ""
        if code in FAULTS:
            fn = FAULTS[code]
            fn(d, rng, ranges) if code == "fine.range" else fn(d, rng)
        fine = v["fine"]
        major = fine >= d["unit"]["hearing_threshold_org"]
        if code in MAJOR_FAULTS and not major:
            code = ""                  # only a major case needs a collective decision
        d["hearing"] = {"notified": major, "requested": False, "waived": major, "summary": ""}
        d["review"]["discussed"] = major and code not in MAJOR_FAULTS
        d["review"]["discussion_conclusion"] = \
            f"经局负责人集体讨论，同意对当事人处以罚款{cf.amount_text(fine)}" if d["review"]["discussed"] else ""
        d["closing"]["result"] = f"对当事人处以罚款{cf.amount_text(fine)}"
        if code:
            planted.add(code)
        case = Case.from_dict(json.loads(json.dumps(d)))
        docs = _file_documents(drafter, case, numbers, drop="legal_review" if "file.document_missing" in planted else "",
                               confirm=("discretion.missing",) if "file.warnings_confirmed" in planted else ())
        label = f"{case.id}（{case.party.name}）"
        # published within the seven working days (late: the ninth working day after the decision)
        try:
            published = calendar.add_workdays(_day(case.dates.decision),
                                              9 if "file.publication_late" in planted else 1 + i % 7).isoformat()
        except ServiceError:
            published = ""            # a year the calendar does not know: the review says it cannot check
        out.append(DemoCase(CaseFile(case, docs, status="closed", case_version=1, label=label,
                                     published_on=published), frozenset(planted)))
    return out


def _file_documents(drafter, case: Case, numbers: _Numbers, *, drop: str = "", confirm: tuple[str, ...] = ()):
    docs = []
    for spec in sorted(drafter.forms(), key=lambda s: (drafter.document_date(case, s) or "9999", s.order)):
        if not drafter.applicable(case, spec):
            continue
        if spec.code:
            when = drafter.document_date(case, spec)
            day = _day(when) if when else dt.date.today()
            case.numbers[spec.id] = numbers.take(spec.code, day.year)
        if spec.id == drop:
            continue          # numbered, then lost: the number gap shows it too
        for idx in drafter.instances(case, spec):
            docs.append(FiledDocument(spec.id, 0 if idx is None else idx + 1, 1, case.numbers.get(spec.id, ""), 1,
                                      confirm if spec.id.startswith("decision") else ()))
    return docs


def build_demo(drafter, corpus=None, *, year: int = 2025, n: int = 160, seed: int = 2023) -> list[DemoCase]:
    """`demo_year` on the sample case of the drafter's form set and the handbook in `corpus`."""
    from indexer.handbook import placeholders
    from webapp.services.drafting.catalogue import entries
    sample = json.loads((drafter.templates.folder / "sample_case.json").read_text(encoding="utf-8"))
    return demo_year(drafter, sample, entries(corpus), placeholders.labels(corpus), year=year, n=n, seed=seed)
