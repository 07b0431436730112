"""Legal periods of a case (issue 15): each rule is data — the provision that sets the period and the words of
that provision that say so, the length, how it is counted (working days, calendar days, months), the case date
it runs from and the case date it governs — computed with the unit's holiday calendar (webapp/services/workdays.py:
行政处罚法 第八十五条 and 行政强制法 第六十九条 make the short periods working days; other periods are calendar
days whose last day moves past days off).

    deadlines(case, cal)          every period the case's dates open, with its last day and whether the step it
                                  governs was taken in time
    due(case, cal, today)         the periods still open, soonest first: what is due next
    issues(case, cal, stage)      the validation findings of the periods a document of `stage` depends on, each
                                  naming the article in Chinese
    surcharge(case, cal, until)   加处罚款: 3% of the fine a day after the payment period, never above the fine

The start day of a period is not counted (民法典 第二百零一条). A period that reaches into a year the calendar
does not know is computed without moving its end past days off and says so; a working-day period there cannot be
counted at all and is reported as unknown, never guessed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from indexer.numerals import int_to_cn
from indexer.refs import Ref

from ..errors import ServiceError
from ..workdays import HolidayCalendar, load_calendar
from . import cnformat as cf
from .model import Case

# Titles of the laws the rules cite (tests/drafting/test_deadlines.py checks them against the library).
TITLES = {
    "行政处罚法": "中华人民共和国行政处罚法",
    "行政强制法": "中华人民共和国行政强制法",
    "行政复议法": "中华人民共和国行政复议法",
    "行政诉讼法": "中华人民共和国行政诉讼法",
    "行政执法机关移送涉嫌犯罪案件的规定": "行政执法机关移送涉嫌犯罪案件的规定",
}
# The provisions that make a period working days, and their words.
WORKDAYS_XZCF = "行政处罚法/85"        # “二日”“三日”“五日”“七日”的规定是指工作日
WORKDAYS_XZQZ = "行政强制法/69"        # 十日以内期限的规定是指工作日
SURCHARGE_RATE = Decimal("0.03")       # 每日按罚款数额的百分之三 (行政处罚法 第七十二条第一款第（一）项)


def cite(ref: str) -> str:
    """《中华人民共和国行政强制法》第二十五条第一款 for 行政强制法/25/1."""
    r = Ref.parse(ref)
    return r.human(TITLES.get(r.law, r.law))


def cite_all(refs) -> str:
    """Several provisions as one citation: 《中华人民共和国行政强制法》第二十五条第一款、第三款、第二十七条."""
    parts: list[str] = []
    last_law, last_article = None, None
    for ref in dict.fromkeys(refs):
        r = Ref.parse(ref)
        text = cite(ref)
        title = f"《{TITLES.get(r.law, r.law)}》"
        if r.law == last_law:
            text = text[len(title):]
            article = text[:text.index("条") + 1]
            if r.article == last_article and r.paragraph is not None:
                text = text[len(article):]
        parts.append(text)
        last_law, last_article = r.law, r.article
    return "、".join(parts)


@dataclass(frozen=True)
class Rule:
    """One legal period. `basis` sets it and `words` are the words of that provision that do; `also` are further
    provisions the rule applies (each with its words). The period runs `n` `unit`s (workdays / days / months /
    hours24: a 24-hour period read on dates, the next day at the latest) from the case date `start` (a Dates field,
    or another rule's id: from that rule's last day). `target` is the Dates field of the step it governs; `kind`
    says how: "by" the step on or before the last day, "after" only after it, "ahead" the step at least n working
    days before `start` (then the last day is the latest day for the step). `length` names the case field holding
    the length the office decided (at most n), `extra` days added by law (检测、鉴定期间). `level` is what a
    missed period is ("" = shown, not checked here); `stages` the documents whose validation checks it."""
    id: str
    title: str
    step: str
    basis: str
    words: tuple[str, ...]
    n: int
    unit: str
    start: str
    start_label: str
    target: str = ""
    kind: str = "by"
    counting: str = ""
    counting_words: tuple[str, ...] = ()
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()
    length: str = ""
    extra: str = ""
    when: str = ""
    level: str = "error"
    stages: tuple[str, ...] = ()
    field: str = ""
    lapses: bool = False        # the party's step: once the period ends untaken it has lapsed (not overdue)

    @property
    def citation(self) -> str:
        return cite_all([self.basis] + [r for r, _ in self.also] + ([self.counting] if self.counting else []))

    @property
    def period_text(self) -> str:
        unit = {"workdays": "个工作日", "days": "日", "months": "个月", "hours24": "小时"}[self.unit]
        n = 24 if self.unit == "hours24" else self.n
        return f"{int_to_cn(n)}{unit}"


RULES: tuple[Rule, ...] = (
    Rule("decision.period", "作出行政处罚决定的期限", "作出行政处罚决定", "行政处罚法/60",
         ("自行政处罚案件立案之日起九十日内作出行政处罚决定",), 90, "days", "filing", "立案之日",
         target="decision", when="ordinary", level=""),      # checked with its extensions by validate.decision_rules
    Rule("seizure.period", "查封、扣押期限", "作出查封、扣押处理决定", "行政强制法/25/1",
         ("查封、扣押的期限不得超过三十日",), 30, "days", "seizure", "查封、扣押之日",
         target="seizure_outcome", when="seizure.not_extended", length="seizure.days", extra="seizure.test_days",
         also=(("行政强制法/25/3", ("查封、扣押的期间不包括检测、检验、检疫或者技术鉴定的期间",)),
               ("行政强制法/27", ("在本法第二十五条规定的期限内作出处理决定",))),
         stages=("seizure", "seizure_outcome"), field="dates.seizure_outcome"),
    Rule("seizure.extension_in_time", "延长查封、扣押期限的决定期限", "作出延长查封、扣押期限的决定", "行政强制法/25/1",
         ("查封、扣押的期限不得超过三十日", "经行政机关负责人批准，可以延长"), 30, "days", "seizure", "查封、扣押之日",
         target="seizure_extension", when="seizure.extended", length="seizure.days", extra="seizure.test_days",
         also=(("行政强制法/25/2", ("延长查封、扣押的决定应当及时书面告知当事人",)),),
         stages=("seizure", "seizure_extension", "seizure_outcome"), field="dates.seizure_extension"),
    Rule("seizure.extended", "延长后的查封、扣押期限", "作出查封、扣押处理决定", "行政强制法/25/1",
         ("延长期限不得超过三十日",), 30, "days", "seizure.extension_in_time", "原查封、扣押期限届满之日",
         target="seizure_outcome", when="seizure.extended", length="seizure.extension_days",
         also=(("行政强制法/27", ("在本法第二十五条规定的期限内作出处理决定",)),),
         stages=("seizure_extension", "seizure_outcome"), field="dates.seizure_outcome"),
    Rule("preservation.outcome", "先行登记保存证据的处理期限", "作出先行登记保存证据处理决定", "行政处罚法/56",
         ("经行政机关负责人批准，可以先行登记保存", "应当在七日内及时作出处理决定"), 7, "workdays", "preservation",
         "先行登记保存之日", target="preservation_outcome", counting=WORKDAYS_XZCF, counting_words=("“七日”", "工作日"),
         when="preservation", stages=("preservation", "preservation_outcome"), field="dates.preservation_outcome"),
    Rule("hearing.request", "听证申请期限", "当事人要求听证", "行政处罚法/64/1/1", ("应当在行政机关告知后五日内提出",),
         5, "workdays", "notice_served", "听证告知书送达之日", target="hearing_request", counting=WORKDAYS_XZCF,
         counting_words=("“五日”", "工作日"), when="hearing.notified", level="warning", lapses=True,
         stages=("hearing_meeting", "hearing_record", "hearing_report"), field="dates.hearing_request"),
    Rule("hearing.notice", "听证会通知期限", "送达听证会通知书", "行政处罚法/64/1/2",
         ("应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点",), 7, "workdays", "hearing", "举行听证之日",
         target="hearing_notice_served", kind="ahead", counting=WORKDAYS_XZCF, counting_words=("“七日”", "工作日"),
         when="hearing.requested", stages=("hearing_meeting", "hearing_record", "hearing_report", "decision"),
         field="dates.hearing_notice_served"),
    Rule("decision.service", "行政处罚决定书送达期限", "送达行政处罚决定书", "行政处罚法/61/1",
         ("当事人不在场的，行政机关应当在七日内", "将行政处罚决定书送达当事人"), 7, "workdays", "decision", "决定之日",
         target="service", counting=WORKDAYS_XZCF, counting_words=("“七日”", "工作日"), when="decision",
         level="", field="dates.service"),       # checked as service.late by validate.service_rules
    Rule("payment", "缴纳罚款期限", "当事人缴纳罚款", "行政处罚法/67/3", ("自收到行政处罚决定书之日起十五日内",), 15,
         "days", "service", "收到行政处罚决定书之日", target="paid", when="fine.no_deferral", level=""),
    Rule("surcharge.after_due", "加处罚款的起算", "作出加处罚款决定", "行政处罚法/72/1/1",
         ("到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款",), 0, "days", "payment_due", "缴纳罚款期限届满之日",
         target="surcharge", kind="after", when="unpaid", stages=("surcharge",), field="dates.surcharge"),
    Rule("remedy.review", "申请行政复议期限", "当事人申请行政复议", "行政复议法/20/1",
         ("自知道或者应当知道该行政行为之日起六十日内提出行政复议申请",), 60, "days", "service", "送达之日",
         when="unpaid", level=""),
    Rule("remedy.litigation", "提起行政诉讼期限", "当事人提起行政诉讼", "行政诉讼法/46/1",
         ("应当自知道或者应当知道作出行政行为之日起六个月内提出",), 6, "months", "service", "送达之日",
         when="unpaid", level=""),
    Rule("enforcement.remedy_passed", "申请强制执行的起始", "申请人民法院强制执行", "行政强制法/53",
         ("当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的",), 0, "days", "remedy_end",
         "行政复议、行政诉讼期限届满之日", target="enforcement", kind="after", when="unpaid",
         stages=("enforcement",), field="dates.enforcement"),
    Rule("enforcement.reminder", "催告后的履行期限", "申请人民法院强制执行", "行政强制法/54",
         ("申请人民法院强制执行前，应当催告当事人履行义务", "催告书送达十日后当事人仍未履行义务的"), 10, "workdays",
         "reminder_served", "催告书送达之日", target="enforcement", kind="after", counting=WORKDAYS_XZQZ,
         counting_words=("十日以内期限的规定是指工作日",), when="unpaid", stages=("enforcement",),
         field="dates.enforcement"),
    Rule("enforcement.window", "申请人民法院强制执行的期限", "申请人民法院强制执行", "行政强制法/53",
         ("自期限届满之日起三个月内",), 3, "months", "remedy_end", "行政复议、行政诉讼期限届满之日",
         target="enforcement", when="unpaid",
         also=(("行政处罚法/72/2", ("申请人民法院强制执行的期限，自暂缓或者分期缴纳罚款期限结束之日起计算",)),),
         stages=("enforcement",), field="dates.enforcement"),
    Rule("transfer.approval", "批准移送的期限", "作出批准移送或者不批准移送的决定", "行政执法机关移送涉嫌犯罪案件的规定/5/2",
         ("应当自接到报告之日起３日内作出批准移送或者不批准移送的决定",), 3, "days", "transfer_report", "接到移送报告之日",
         target="transfer_approval", when="transfer.criminal", stages=("criminal_transfer",),
         field="dates.transfer_approval"),
    Rule("transfer.within_24h", "移送公安机关的期限", "向公安机关移送", "行政执法机关移送涉嫌犯罪案件的规定/5/2",
         ("决定批准的，应当在２４小时内向同级公安机关移送",), 1, "hours24", "transfer_approval", "批准移送之时",
         target="transfer", when="transfer.criminal", stages=("criminal_transfer",), field="dates.transfer"),
)
BY_ID = {r.id: r for r in RULES}


# ------------------------------------------------------------------------------------------------ case facts

def _unpaid(c: Case) -> bool:
    return c.total_fine > 0 and not (c.payment and c.payment.paid_on) and not (c.onsite and c.onsite.collected) \
        and bool(c.dates.service)


CONDITIONS: dict[str, Callable[[Case], bool]] = {
    "ordinary": lambda c: c.procedure == "普通程序" and c.revocation is None and bool(c.violations),
    "seizure.not_extended": lambda c: c.seizure is not None and not c.seizure.extension_days,
    "seizure.extended": lambda c: c.seizure is not None and c.seizure.extension_days > 0,
    "preservation": lambda c: c.preservation is not None,
    "hearing.notified": lambda c: c.hearing.notified,
    "hearing.requested": lambda c: c.hearing.requested,
    "decision": lambda c: bool(c.dates.decision),
    "fine.no_deferral": lambda c: c.total_fine > 0 and c.deferral is None,
    "unpaid": _unpaid,
    "transfer.criminal": lambda c: c.transfer is not None and c.transfer.kind == "犯罪",
}


def _getpath(case: Case, path: str):
    cur: object = case
    for part in path.split("."):
        cur = getattr(cur, part, None) if cur is not None else None
    return cur


def _date(text) -> dt.date | None:
    try:
        return cf.to_date(text) if text else None
    except ValueError:
        return None


def _target_date(case: Case, name: str) -> dt.date | None:
    d = case.dates
    if name == "paid":
        return _date(case.payment.paid_on) if case.payment else None
    if name == "hearing_notice_served":
        return _date(d.hearing_notice_served or d.hearing_notice)
    if name == "service" and d.decision:
        return _service_date(case)
    return _date(getattr(d, name, ""))


def _service_date(case: Case) -> dt.date | None:
    """The decision's service: dates.service, or the latest delivery of a decision form."""
    forms = ("decision_org", "decision_person", "onsite_decision")
    days = [day for x in case.deliveries if x.document in forms and (day := _date(x.date)) is not None]
    base = _date(case.dates.service)
    if base is not None:
        days.append(base)
    return max(days) if days else None


# ------------------------------------------------------------------------------------------------ computing

@dataclass
class Deadline:
    rule: Rule
    start: dt.date
    end: dt.date | None          # last day of the period (for "ahead": the latest day for the step)
    done: dt.date | None         # the governed step's date, when recorded
    length: int                  # the length applied (the office's decision, at most rule.n; with `extra`)
    note: str = ""               # e.g. the calendar lacks a year

    @property
    def status(self) -> str:
        """done (in time) / late / open (still to do) / unknown (cannot be counted) / info (no step governed)."""
        if self.end is None:
            return "unknown"
        if not self.rule.target:
            return "info"
        if self.done is None:
            return "open"
        ok = self.done > self.end if self.rule.kind == "after" else self.done <= self.end
        return "done" if ok else "late"

    def overdue(self, today: dt.date) -> bool:
        return self.status == "open" and self.rule.kind != "after" and self.end is not None and today > self.end \
            and not self.rule.lapses

    @property
    def when_text(self) -> str:
        """最迟于2026年4月9日 / 2026年8月11日起 (after) / 最迟于…送达 (ahead)."""
        if self.end is None:
            return "无法计算"
        if self.rule.kind == "after":
            return f"{cf.cn_date((self.end + dt.timedelta(days=1)).isoformat())}起"
        return f"{cf.cn_date(self.end.isoformat())}前（含当日）"

    def describe(self) -> str:
        """The period in a sentence: 查封、扣押期限：自查封、扣押之日（2026年3月10日）起三十日，至2026年4月9日届满."""
        r, day = self.rule, cf.cn_date
        start = f"{r.start_label}（{day(self.start.isoformat())}）"
        if self.end is None:
            return f"{r.title}：自{start}起{_len_text(self)}，无法计算（{self.note}）"
        end = day(self.end.isoformat())
        if r.kind == "ahead":
            return f"{r.title}：{r.step}最迟于{start}前{_len_text(self)}，即{end}"
        if r.kind == "after":
            wait = f"后{_len_text(self)}届满" if r.n else ""
            return f"{r.title}：{start}{wait}，{day((self.end + dt.timedelta(days=1)).isoformat())}起方可{r.step}"
        return f"{r.title}：自{start}起{_len_text(self)}，至{end}届满"

    def to_dict(self, today: dt.date | None = None) -> dict:
        r = self.rule
        return {"rule": r.id, "title": r.title, "step": r.step, "basis": r.basis, "citation": r.citation,
                "period": r.period_text, "unit": r.unit, "kind": r.kind, "start": self.start.isoformat(),
                "start_label": r.start_label, "end": self.end.isoformat() if self.end else None,
                "done": self.done.isoformat() if self.done else None, "status": self.status,
                "overdue": self.overdue(today) if today else False, "when": self.when_text, "note": self.note,
                "field": r.field, "text": self.describe()}


def _raw_end(start: dt.date, n: int, unit: str) -> dt.date:
    if unit == "months":
        month0 = start.month - 1 + n
        year, month = start.year + month0 // 12, month0 % 12 + 1
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(year, month, min(start.day, last))
    return start + dt.timedelta(days=n)


def period_end(cal: HolidayCalendar, start: dt.date, n: int, unit: str, kind: str = "by") -> tuple[dt.date | None, str]:
    """(last day, note) of a period; a year the calendar lacks gives the unshifted end with a note, or None for a
    working-day period."""
    try:
        if unit == "hours24":
            return start + dt.timedelta(days=1), ""
        if unit == "workdays":
            return (cal.workdays_before(start, n) if kind == "ahead" else cal.add_workdays(start, n)), ""
        if n == 0:
            return start, ""
        if unit == "months":
            return cal.add_months(start, n), ""
        return cal.add_days(start, n), ""
    except ServiceError as exc:
        if exc.code != "calendar_unknown_year":
            raise
        if unit == "workdays":
            return None, exc.message
        return _raw_end(start, n, unit), exc.message + "（期限末日未按节假日顺延）"


class _Computer:
    def __init__(self, case: Case, cal: HolidayCalendar):
        self.case, self.cal = case, cal
        self.ends: dict[str, Deadline | None] = {}

    def anchor(self, name: str) -> dt.date | None:
        c, d = self.case, self.case.dates
        if name in BY_ID:
            dl = self.compute(BY_ID[name])
            return dl.end if dl else None
        if name == "notice_served":
            return _date(d.notice_served or d.notice)
        if name == "reminder_served":
            return _date(d.reminder_served or d.reminder)
        if name == "service":
            return _service_date(c)
        if name == "payment_due":
            return self.payment_due()
        if name == "remedy_end":
            ends = [x for x in (self.anchor("remedy.review"), self.anchor("remedy.litigation")) if x is not None]
            deferred = _date(c.deferral.end) if c.deferral is not None else None
            if deferred is not None:
                ends.append(deferred)                     # 行政处罚法第七十二条第二款
            return max(ends) if ends else None
        return _date(getattr(d, name, ""))

    def payment_due(self) -> dt.date | None:
        """The last day to pay: the approved deferral's end, the recorded date, or 15 days after service."""
        c = self.case
        if c.deferral is not None:
            return _date(c.deferral.end)
        if c.dates.payment:
            return _date(c.dates.payment)
        dl = self.compute(BY_ID["payment"])
        return dl.end if dl else None

    def compute(self, rule: Rule) -> Deadline | None:
        if rule.id in self.ends:
            return self.ends[rule.id]
        self.ends[rule.id] = None                       # against cycles
        out = None
        if not rule.when or CONDITIONS[rule.when](self.case):
            start = self.anchor(rule.start)
            if start is not None:
                length = rule.n
                if rule.length:
                    decided = _getpath(self.case, rule.length)
                    length = decided if isinstance(decided, int) and decided > 0 else rule.n
                extra = _getpath(self.case, rule.extra) if rule.extra else 0
                total = length + (extra if isinstance(extra, int) and extra > 0 else 0)
                end, note = period_end(self.cal, start, total, rule.unit, rule.kind)
                done = _target_date(self.case, rule.target) if rule.target else None
                out = Deadline(rule, start, end, done, total, note)
        self.ends[rule.id] = out
        return out


def deadlines(case: Case, cal: HolidayCalendar | None = None) -> list[Deadline]:
    """Every period the case's dates open, in the order of the rules."""
    comp = _Computer(case, cal or load_calendar())
    return [dl for dl in (comp.compute(r) for r in RULES) if dl is not None]


def due(case: Case, cal: HolidayCalendar | None = None, today: dt.date | None = None) -> list[Deadline]:
    """The periods whose step is still to be taken, soonest first (overdue ones first of all)."""
    today = today or dt.date.today()
    items = [dl for dl in deadlines(case, cal) if dl.status == "open"
             and not (dl.rule.lapses and dl.end is not None and today > dl.end)
             and not (dl.rule.id == "hearing.request" and case.hearing.waived)]
    return sorted(items, key=lambda dl: (not dl.overdue(today), dl.end or dt.date.max))


# ------------------------------------------------------------------------------------------------ 加处罚款

@dataclass(frozen=True)
class Surcharge:
    from_day: dt.date            # the first day 加处罚款 runs
    until: dt.date
    days: int                    # days counted (without 复议/诉讼 periods)
    amount: Decimal
    capped: bool                 # reached the fine (加处罚款的数额不得超出罚款的数额)
    fine: Decimal


def surcharge(case: Case, cal: HolidayCalendar | None = None, until: dt.date | str | None = None) -> Surcharge | None:
    """加处罚款 from the day after the payment period to `until` (default: the 加处罚款计算至 date, else the 加处罚款
    decision date), 3% of the fine a day, days of 行政复议 or 行政诉讼 not counted (第七十三条第三款), never above
    the fine (第七十二条第一款第（一）项; 行政强制法第四十五条第二款). None when nothing is due."""
    fine = case.total_fine
    if fine <= 0:
        return None
    comp = _Computer(case, cal or load_calendar())
    due_day = comp.payment_due()
    if isinstance(until, str):
        until = _date(until)
    if until is None:
        enf = case.enforcement
        until = _date(enf.surcharge_until if enf and enf.surcharge_until else case.dates.surcharge)
    if due_day is None or until is None:
        return None
    suspended = case.enforcement.suspended_days if case.enforcement else 0
    days = max(0, (until - due_day).days - max(0, suspended))
    raw = (fine * SURCHARGE_RATE * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Surcharge(due_day + dt.timedelta(days=1), until, days, min(raw, fine), raw >= fine, fine)


# ------------------------------------------------------------------------------------------------ validation

@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str
    basis: str
    field: str = ""


def _limits(case: Case) -> list[Finding]:
    """The lengths an office decides, inside the law's maximum (行政强制法第二十五条第一款)."""
    out: list[Finding] = []
    s = case.seizure
    if s is None:
        return out
    if s.days > 30 or s.days < 1:
        out.append(Finding("error", "seizure.days", f"查封、扣押的期限定为{s.days}日：查封、扣押的期限不得超过三十日"
                                                    f"（{cite('行政强制法/25/1')}）", "行政强制法/25/1", "seizure.days"))
    if s.extension_days > 30 or s.extension_days < 0:
        out.append(Finding("error", "seizure.extension_days", f"延长查封、扣押期限{s.extension_days}日：延长期限不得超过三十日"
                                                              f"（{cite('行政强制法/25/1')}）", "行政强制法/25/1",
                           "seizure.extension_days"))
    if s.extension_days and not s.extension_approver.strip():
        out.append(Finding("error", "seizure.extension_approval", "延长查封、扣押期限须经行政机关负责人批准，未填写批准的"
                                                                  f"负责人（{cite('行政强制法/25/1')}）", "行政强制法/25/1",
                           "seizure.extension_approver"))
    if s.extension_days and not case.dates.seizure_extension:
        out.append(Finding("error", "seizure.extension_date", "延长查封、扣押期限的，应当作出书面决定并告知当事人，未填写延长"
                                                              f"决定日期（{cite('行政强制法/25/2')}）", "行政强制法/25/2",
                           "dates.seizure_extension"))
    return out


def _len_text(dl: Deadline) -> str:
    if dl.rule.unit == "hours24":
        return "二十四小时"
    unit = {"workdays": "个工作日", "days": "日", "months": "个月"}[dl.rule.unit]
    return f"{int_to_cn(dl.length)}{unit}"


def _late_message(dl: Deadline) -> str:
    r = dl.rule
    day = cf.cn_date
    done, start = day(dl.done.isoformat()) if dl.done else "", day(dl.start.isoformat())
    end = day(dl.end.isoformat()) if dl.end else ""
    if r.kind == "ahead":
        return (f"{r.step}的日期（{done}）距{r.start_label}（{start}）不足{_len_text(dl)}，最迟应于{end}送达"
                f"（{r.citation}）")
    if r.kind == "after":
        wait = f"后{_len_text(dl)}届满" if r.n else ""
        return f"{r.step}的日期（{done}）应当在{r.start_label}（{start}）{wait}之后，即{end}之后（{r.citation}）"
    return (f"{r.step}的日期（{done}）超过了{r.title}：自{r.start_label}（{start}）起{_len_text(dl)}，至{end}届满"
            f"（{r.citation}）")


def issues(case: Case, cal: HolidayCalendar | None = None, stage: str | None = None) -> list[Finding]:
    """Findings of the periods a document of `stage` depends on (None: every period), and the decided lengths."""
    cal = cal or load_calendar()
    out = _limits(case) if stage in (None, "seizure", "seizure_extension", "seizure_outcome") else []
    for dl in deadlines(case, cal):
        r = dl.rule
        if not r.level or (stage is not None and stage not in r.stages):
            continue
        if dl.status == "unknown" or dl.note:
            out.append(Finding("warning", "deadline.calendar", f"{r.title}：{dl.note}，请人工核对（{r.citation}）",
                               r.basis, r.field))
        if dl.status == "late":
            out.append(Finding(r.level, r.id, _late_message(dl), r.basis, r.field))
    return out


def payment_due(case: Case, cal: HolidayCalendar | None = None) -> dt.date | None:
    """The last day to pay the fine: an approved deferral's end, the recorded date, or 15 days after service."""
    return _Computer(case, cal or load_calendar()).payment_due()


def remedy_end(case: Case, cal: HolidayCalendar | None = None) -> dt.date | None:
    """The day the 复议 and 诉讼 periods (or an approved deferral) have all ended (行政强制法第五十三条)."""
    comp = _Computer(case, cal or load_calendar())
    ends = [x for x in (comp.anchor(r) for r in ("remedy.review", "remedy.litigation")) if x is not None]
    if not ends and case.dates.service:            # the periods are shown for unpaid fines only: compute them here
        start = comp.anchor("service")
        if start is not None:
            ends = [x for x in (period_end(comp.cal, start, 60, "days")[0], period_end(comp.cal, start, 6, "months")[0])
                    if x is not None]
    deferred = _date(case.deferral.end) if case.deferral is not None else None
    if deferred is not None:
        ends.append(deferred)
    return max(ends) if ends else None


def hearing_request_deadline(case: Case, cal: HolidayCalendar | None = None) -> dt.date | None:
    """The last day to ask for a hearing: five working days after the notice is served (第六十四条第（一）项)."""
    comp = _Computer(case, cal or load_calendar())
    start = comp.anchor("notice_served")
    if start is None:
        return None
    return period_end(comp.cal, start, 5, "workdays")[0]


def decision_service_deadline(case: Case, cal: HolidayCalendar | None = None) -> dt.date | None:
    start = _date(case.dates.decision)
    return period_end(cal or load_calendar(), start, 7, "workdays")[0] if start else None


@dataclass
class Due:
    """What a case page shows: every period with its state, and the next step due."""
    items: list[dict] = field(default_factory=list)
    next: dict | None = None


def summary(case: Case, cal: HolidayCalendar | None = None, today: dt.date | None = None) -> Due:
    cal = cal or load_calendar()
    today = today or dt.date.today()
    try:
        items = deadlines(case, cal)
        pending = due(case, cal, today)
    except ServiceError as exc:            # a broken unit calendar file: the case page still opens
        return Due([{"title": "期限", "status": "unknown", "note": exc.message}], None)
    return Due([dl.to_dict(today) for dl in items], pending[0].to_dict(today) if pending else None)
