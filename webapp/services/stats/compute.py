"""The statistics of a period and unit, computed from the stored case records.

Which period a case belongs to: the day it was filed (立案, dates.filing), else the day of its decision
(dates.decision; a 简易程序 case has no 立案). A case with neither date belongs to no period: it is counted only when
the period is open on both sides, under 未记录日期.

"Decided" means the case reached a decision (status issued or closed, the statuses the workflow gives a case once
its decision is generated). Fines imposed are the violations' fines on decided cases; collected are those whose
payment date (payment.paid_on) is recorded.

不予处罚 decisions (issue 14.1: leniency.decided, the 不予行政处罚决定书) are counted among the decided cases and
by their ground (轻微不罚 / 首违不罚 / 无主观过错).

What the case model does not record is reported as not recorded, never inferred: the model has no industry field
and no mark for a 从轻/减轻 ruling (a violation's `circumstances` are the discretion level's circumstances, not
mitigation)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from webapp.services.drafting import store
from webapp.services.drafting.catalogue import entries

DEMO_UNIT_NAME = "演示市演示区应急管理局"
DEMO_UNIT_SHORT = "演示"
DECIDED_STATUSES = ("issued", "closed")
UNDATED = "未记录日期"
ZERO = Decimal("0.00")

# the platform's units table, named here so this package needs no Flask (webapp.db imports it)
_units = sa.table("units", sa.column("id", sa.Integer), sa.column("name", sa.String))

# (label, from date, to date) of the case's course; the medians say how long each stage takes
STAGES = (("立案→告知", "filing", "notice"), ("告知→决定", "notice", "decision"), ("决定→送达", "decision", "service"),
          ("送达→结案", "service", "closing"), ("立案→结案（全程）", "filing", "closing"))

NOT_RECORDED = {
    "industry": "案件记录中没有行业字段（当事人只记录单位或个人），无法按行业统计。",
    "lenient": "案件模型没有记录从轻、减轻处罚的认定（违法行为的“裁量情节”是裁量等级的情形，不是从轻减轻情节），无法统计。",
}


class PeriodError(ValueError):
    """A period that cannot be read; `message` is shown as is, `field` names the bad input (from / to)."""

    def __init__(self, message: str, field: str, reversed: bool = False):
        super().__init__(message)
        self.message, self.field, self.reversed = message, field, reversed


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def open(self) -> bool:
        return self.start is None and self.end is None

    def contains(self, day: dt.date | None) -> bool:
        if day is None:
            return self.open
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def label(self) -> str:
        if self.open:
            return "全部日期"
        return f"{self.start.isoformat() if self.start else '最早'} 至 {self.end.isoformat() if self.end else '最近'}"

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _parse_day(text: str | None, name: str, field_name: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"{name}“{text[:20]}”不是有效日期，请按 YYYY-MM-DD 填写，如 2025-01-01。", field_name) from None


def parse_period(start: str | None, end: str | None) -> Period:
    """The period typed in a form, on the command line or in the API (empty = open on that side)."""
    p = Period(_parse_day(start, "起始日期", "from"), _parse_day(end, "截止日期", "to"))
    if p.start and p.end and p.start > p.end:
        raise PeriodError(f"起始日期 {p.start.isoformat()} 晚于截止日期 {p.end.isoformat()}。", "from", reversed=True)
    return p


# ------------------------------------------------------------------------------------------------ results

@dataclass
class Row:
    """One line of a breakdown: how many cases, and the fines imposed on the decided ones among them."""
    key: str
    label: str
    cases: int = 0
    fines: Decimal = ZERO


@dataclass
class ViolationRow:
    catalogue_id: str            # "" = the violation names no catalogue entry
    name: str
    topic: str
    violations: int = 0
    cases: int = 0
    fines: Decimal = ZERO


@dataclass
class TopicRow:
    topic: str
    violations: int = 0
    cases: int = 0
    fines: Decimal = ZERO


@dataclass
class StageRow:
    stage: str
    start: str                   # Dates field the stage starts on
    end: str
    cases: int = 0               # cases with both dates in order
    median_days: float | None = None
    max_days: int | None = None
    out_of_order: int = 0        # cases whose end date is before the start date (a fault for the review)


@dataclass
class Fines:
    decided_cases: int = 0
    fined_cases: int = 0
    imposed: Decimal = ZERO
    paid_cases: int = 0
    collected: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.imposed - self.collected


@dataclass
class Reviews:
    """法制审核: the opinions recorded on the cases, and the approvals and returns recorded in the system."""
    opinions: int = 0            # cases whose review.opinion is written
    approved_cases: int = 0      # cases marked review.approved
    submissions: int = 0         # comments of kind submit / approve / reject / comment
    approvals: int = 0
    rejections: int = 0
    comments: int = 0


@dataclass
class FileReviews:
    """案卷评查 of the period's cases: signed reviews that still stand (a case changed after signing reopens
    its review and is not counted), their grades and mean score."""
    signed: int = 0
    exemplary: int = 0           # 示范优案
    poor: int = 0                # 典型差案
    mean_score: float | None = None


@dataclass
class CreditRepairs:
    """信用修复 of the period's decisions against firms: the notices drafted, the records the firm may already
    repair (minimum period over, fine paid), and the repairs applied for, done and refused as tracked."""
    decided: int = 0             # decided cases against a firm (each owes a 信用修复告知书)
    notices: int = 0             # of them, with a 信用修复告知书 generated
    may_apply: int = 0           # not repaired, and the firm may apply today
    applied: int = 0             # applied, result pending
    repaired: int = 0
    refused: int = 0


@dataclass
class Stats:
    period: Period
    unit_id: int | None
    unit_name: str
    cases: int = 0
    decided: int = 0
    undated: int = 0
    unreadable: int = 0          # records whose JSON could not be read (skipped, counted)
    by_month: list[Row] = field(default_factory=list)
    by_procedure: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    by_party: list[Row] = field(default_factory=list)
    by_violation: list[ViolationRow] = field(default_factory=list)
    by_topic: list[TopicRow] = field(default_factory=list)
    by_industry: list[Row] | None = None          # None: not recorded (see not_recorded)
    documents: list[Row] = field(default_factory=list)
    fines: Fines = field(default_factory=Fines)
    reviews: Reviews = field(default_factory=Reviews)
    file_reviews: FileReviews = field(default_factory=FileReviews)
    credit: CreditRepairs = field(default_factory=CreditRepairs)
    discussed: int = 0           # 集体讨论 (review.discussed): the major cases decided collectively
    hearings_requested: int = 0
    transfers_crime: int = 0     # transfer.kind == 犯罪: to the police / judicial organs
    transfers_other: int = 0     # transfer.kind == 管辖: to another department
    no_penalty: int = 0          # 不予处罚 decisions (leniency.decided on a decided case)
    no_penalty_by_ground: dict[str, int] = field(default_factory=dict)
    lenient: int | None = None
    stages: list[StageRow] = field(default_factory=list)
    not_recorded: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = _plain(dataclasses.asdict(self))
        out["period"] = {"from": self.period.start.isoformat() if self.period.start else None,
                         "to": self.period.end.isoformat() if self.period.end else None, "label": self.period.label}
        out["fines"]["outstanding"] = _plain(self.fines.outstanding)
        return out


def _plain(value):
    """JSON form: amounts as numbers (yuan), dates as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------------------------------------ reading

def _day(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _amount(value) -> Decimal:
    if value is None or isinstance(value, bool):
        return ZERO
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return ZERO


def case_day(data: dict) -> dt.date | None:
    """The day that places a case in a period: 立案, else the decision."""
    dates = data.get("dates") or {}
    return _day(dates.get("filing")) or _day(dates.get("decision"))


def is_decided(status: str) -> bool:
    return status in DECIDED_STATUSES


def demo_unit_ids(conn) -> list[int]:
    return list(conn.execute(sa.select(_units.c.id).where(_units.c.name == DEMO_UNIT_NAME)).scalars())


def unit_name(conn, unit_id: int | None) -> str:
    if unit_id is None:
        return "全部单位（不含演示单位）"
    return conn.execute(sa.select(_units.c.name).where(_units.c.id == unit_id)).scalar() or f"单位 {unit_id}"


def _unit_filter(conn, column, unit_id: int | None):
    """One unit, or every unit but the demo one: demo cases never enter a real total."""
    if unit_id is not None:
        return column == unit_id
    demo = demo_unit_ids(conn)
    return column.notin_(demo) if demo else sa.true()


def period_cases(conn, unit_id: int | None, period: Period) -> tuple[list[tuple[int, str, dict, dt.date | None]], int]:
    """(id, status, case dict, period day) of the unit's cases in the period, and how many records were unreadable."""
    c = store.cases.c
    rows = conn.execute(sa.select(c.id, c.status, c.data).where(_unit_filter(conn, c.unit_id, unit_id))
                        .order_by(c.id)).all()
    out, bad = [], 0
    for cid, status, text in rows:
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            bad += 1
            continue
        if not isinstance(data, dict):
            bad += 1
            continue
        day = case_day(data)
        if period.contains(day):
            out.append((cid, status, data, day))
    return out, bad


def _comment_counts(conn, unit_id: int | None, ids: set[int]) -> Counter:
    cm, c = store.comments.c, store.cases.c
    q = (sa.select(cm.kind, cm.case_id, sa.func.count()).select_from(store.comments.join(store.cases, c.id == cm.case_id))
         .where(_unit_filter(conn, c.unit_id, unit_id)).group_by(cm.kind, cm.case_id))
    out: Counter = Counter()
    for kind, case_id, n in conn.execute(q):
        if case_id in ids:
            out[kind] += n
    return out


def _file_reviews(conn, ids: set[int]) -> FileReviews:
    from webapp.services.casereview.reviews import reviews
    r, c = reviews.c, store.cases.c
    rows = conn.execute(sa.select(r.case_id, r.grade, r.score, r.case_version, c.version)
                        .join(store.cases, c.id == r.case_id).where(r.status == "signed")).all()
    standing = [x for x in rows if x.case_id in ids and (x.case_version or 0) >= x.version]
    scores = [x.score for x in standing if x.score is not None]
    return FileReviews(len(standing), sum(1 for x in standing if x.grade == "exemplary"),
                       sum(1 for x in standing if x.grade == "poor"),
                       round(statistics.mean(scores), 1) if scores else None)


def _credit(conn, found, today: dt.date) -> CreditRepairs:
    from webapp.services.credit import records, rules
    from webapp.services.drafting.model import Case, CaseFormatError
    from webapp.services.errors import ServiceError
    out = CreditRepairs()
    firms = {cid: data for cid, status, data, _day in found
             if is_decided(status) and (data.get("party") or {}).get("kind") == "单位"}
    repairs = records.all_repairs(conn, set(firms))
    d = store.documents.c
    noticed = set(conn.execute(sa.select(d.case_id).where(d.form == "credit_repair_notice")).scalars())
    for cid, data in firms.items():
        out.decided += 1
        out.notices += cid in noticed
        state = repairs.get(cid, records.Repair()).state
        if state == "none":
            try:
                out.may_apply += rules.eligibility(Case.from_dict(data)).ready(today)
            except (CaseFormatError, ServiceError):
                pass                  # no decision date, or a record the model cannot read: not countable
        else:
            setattr(out, state, getattr(out, state) + 1)
    return out


def _document_rows(conn, unit_id: int | None, ids: set[int]) -> list[Row]:
    """Documents stored for the period's cases, by form: each (case, form, item) once, whatever its versions."""
    d, c = store.documents.c, store.cases.c
    q = (sa.select(d.form, d.case_id, d.item, sa.func.min(d.title))
         .select_from(store.documents.join(store.cases, c.id == d.case_id))
         .where(_unit_filter(conn, c.unit_id, unit_id)).group_by(d.form, d.case_id, d.item))
    rows: dict[str, Row] = {}
    for form, case_id, _item, title in conn.execute(q):
        if case_id not in ids:
            continue
        r = rows.setdefault(form, Row(form, title))
        r.cases += 1                     # documents, in this table (a per-item form counts each item)
    return sorted(rows.values(), key=lambda r: (-r.cases, r.key))


# ------------------------------------------------------------------------------------------------ compute

def _violation_fines(data: dict) -> list[tuple[dict, Decimal]]:
    return [(v, _amount(v.get("fine"))) for v in data.get("violations") or [] if isinstance(v, dict)]


def compute(conn, unit_id: int | None, period: Period, corpus=None) -> Stats:
    """Every figure of the period for one unit (None: all units but the demo unit)."""
    stats = Stats(period=period, unit_id=unit_id, unit_name=unit_name(conn, unit_id), not_recorded=dict(NOT_RECORDED))
    found, stats.unreadable = period_cases(conn, unit_id, period)
    catalogue = entries(corpus)
    months: dict[str, Row] = {}
    groups: dict[str, dict[str, Row]] = {"procedure": {}, "status": {}, "party": {}}
    vrows: dict[str, ViolationRow] = {}
    trows: dict[str, TopicRow] = {}
    stage_days: dict[str, list[int]] = {label: [] for label, _a, _b in STAGES}
    stage_bad: Counter = Counter()
    f, rv = stats.fines, stats.reviews

    def bump(table: dict[str, Row], key: str, label: str, fine: Decimal) -> None:
        r = table.setdefault(key, Row(key, label))
        r.cases += 1
        r.fines += fine

    for _cid, status, data, day in found:
        stats.cases += 1
        decided = is_decided(status)
        vf = _violation_fines(data)
        total = sum((x for _v, x in vf), ZERO) if decided else ZERO
        if day is None:
            stats.undated += 1
        month = day.strftime("%Y-%m") if day else UNDATED
        bump(months, month, f"{day.year}年{day.month}月" if day else UNDATED, total)
        procedure = data.get("procedure") or "普通程序"
        bump(groups["procedure"], procedure, procedure.removesuffix("程序"), total)
        bump(groups["status"], status, store.STATUSES.get(status, status), total)
        kind = (data.get("party") or {}).get("kind") or "未记录"
        bump(groups["party"], kind, kind, total)
        seen_v: set[str] = set()
        seen_t: set[str] = set()
        for v, fine in vf:
            cid_ = str(v.get("catalogue_id") or "")
            e = catalogue.get(cid_) if cid_ else None
            name = e["name"] if e else (v.get("name") or "") if not cid_ else f"{v.get('name') or ''}（目录中没有 {cid_}）"
            topic = e.get("topic", "") if e else "未选目录条目" if not cid_ else "目录中没有"
            vr = vrows.setdefault(cid_, ViolationRow(cid_, name if cid_ else "未选目录条目", topic))
            tr = trows.setdefault(topic, TopicRow(topic))
            vr.violations += 1
            tr.violations += 1
            if decided:
                vr.fines += fine
                tr.fines += fine
            if cid_ not in seen_v:
                seen_v.add(cid_)
                vr.cases += 1
            if topic not in seen_t:
                seen_t.add(topic)
                tr.cases += 1
        leniency = data.get("leniency") or {}
        if decided and leniency.get("decided"):
            stats.no_penalty += 1
            ground = leniency.get("ground") or "未记录理由"
            stats.no_penalty_by_ground[ground] = stats.no_penalty_by_ground.get(ground, 0) + 1
        if decided:
            stats.decided += 1
            f.decided_cases += 1
            f.imposed += total
            if total > 0:
                f.fined_cases += 1
                if ((data.get("payment") or {}).get("paid_on") or ""):
                    f.paid_cases += 1
                    f.collected += total
        review = data.get("review") or {}
        if (review.get("opinion") or "").strip():
            rv.opinions += 1
        if review.get("approved"):
            rv.approved_cases += 1
        if review.get("discussed"):
            stats.discussed += 1
        if (data.get("hearing") or {}).get("requested"):
            stats.hearings_requested += 1
        transfer = data.get("transfer") or {}
        if transfer.get("kind") == "犯罪":
            stats.transfers_crime += 1
        elif transfer.get("kind"):
            stats.transfers_other += 1
        dates = data.get("dates") or {}
        for label, a, b in STAGES:
            da, db_ = _day(dates.get(a)), _day(dates.get(b))
            if da and db_:
                if db_ < da:
                    stage_bad[label] += 1
                else:
                    stage_days[label].append((db_ - da).days)

    ids = {cid for cid, *_rest in found}
    counts = _comment_counts(conn, unit_id, ids)
    rv.submissions, rv.approvals, rv.rejections, rv.comments = (counts["submit"], counts["approve"], counts["reject"],
                                                                counts["comment"])
    stats.documents = _document_rows(conn, unit_id, ids)
    stats.file_reviews = _file_reviews(conn, ids)
    stats.credit = _credit(conn, found, dt.date.today())
    stats.by_month = [months[k] for k in sorted(months, key=lambda k: (k == UNDATED, k))]
    order = {"procedure": ["普通程序", "简易程序"], "status": list(store.STATUSES), "party": ["单位", "个人"]}
    for name, table in groups.items():
        rank = {k: i for i, k in enumerate(order[name])}
        rows = sorted(table.values(), key=lambda r: (rank.get(r.key, len(rank)), r.key))
        setattr(stats, f"by_{name}", rows)
    stats.by_violation = sorted(vrows.values(), key=lambda r: (-r.violations, r.catalogue_id == "", r.catalogue_id))
    stats.by_topic = sorted(trows.values(), key=lambda r: (-r.violations, r.topic))
    for label, a, b in STAGES:
        days = stage_days[label]
        stats.stages.append(StageRow(label, a, b, len(days), float(statistics.median(days)) if days else None,
                                     max(days) if days else None, stage_bad[label]))
    return stats
