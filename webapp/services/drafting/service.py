"""Drafting service: case + form template + statute library -> validated document (.docx, HTML, Markdown) or the
whole case file. Flask-free; the CLI (webapp/commands/draft.py) and the web (webapp/views/cases/) both use it.

    drafter = Drafter(lib)                                  # templates from doc_templates/, numbers in memory
    draft = drafter.prepare(case, "decision_org")           # RenderedDoc + issues (always; for previews)
    out = drafter.produce(case, "decision_org", fmt="docx", confirm={"service.late"})   # raises Blocked
    data = drafter.casefile(case, confirm="all")            # one .docx with 卷内目录

`produce` refuses when there is an error, or a warning whose code is not confirmed; `Output.confirmed` lists the
warnings the caller confirmed, for the audit trail."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import cnformat as cf
from .context import Context, build_context
from .docx_out import Cover, write_casefile, write_docx
from .export import to_html, to_markdown
from .leniency import CaseLeniency, Prior, assess_case, document_values
from .model import Case
from .numbering import MemoryNumberStore, draft_number, number_for
from .templates import FormSpec, RenderedDoc, TemplateSet, load_templates, render_spec
from .validate import Issue, citation_issues, procedure_issues, validate

FORMATS = {"docx": ".docx", "html": ".html", "md": ".md"}


class DraftError(ValueError):
    """A request that cannot be served (unknown form, no such interview …); message in Chinese."""


class Blocked(Exception):
    """Validation stopped the document: `errors` must be fixed, `unconfirmed` warnings confirmed."""

    def __init__(self, errors: list[Issue], unconfirmed: list[Issue]):
        self.errors = errors
        self.unconfirmed = unconfirmed
        parts = []
        if errors:
            parts.append(f"{len(errors)} 个错误")
        if unconfirmed:
            parts.append(f"{len(unconfirmed)} 个警告未确认")
        super().__init__("文书未生成：" + "，".join(parts))


@dataclass
class Draft:
    spec: FormSpec
    doc: RenderedDoc
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]


@dataclass
class Output:
    data: bytes
    fmt: str
    filename: str
    issues: list[Issue]
    confirmed: list[Issue] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)     # numbers allocated by this call
    doc: RenderedDoc | None = None                             # what was written (None for the case file)


def gate(issues: list[Issue], confirm) -> list[Issue]:
    """Raise Blocked unless every warning is confirmed (`confirm` = codes, or "all"); returns the confirmed."""
    errors = [i for i in issues if i.level == "error"]
    warnings = [i for i in issues if i.level == "warning"]
    if confirm == "all":
        unconfirmed = []
    else:
        codes = set(confirm or ())
        unconfirmed = [w for w in warnings if w.code not in codes]
    if errors or unconfirmed:
        raise Blocked(errors, unconfirmed)
    return warnings


class Drafter:
    def __init__(self, lib, templates: TemplateSet | None = None, number_store=None, *,
                 unit_key: str | None = None, today: dt.date | None = None, check_citations: bool = True,
                 benchmarks=None, calendar=None, prior_lookup: Callable[[Case], list[Prior]] | None = None):
        self.lib = lib
        # the unit's earlier decisions against the case's party (the web passes its records; leniency.py)
        self.prior_lookup = prior_lookup
        self._calendar = calendar          # a HolidayCalendar; the library's data folder's when first needed
        self._benchmarks = benchmarks      # a BenchmarkSet; loaded from the library's settings when first needed
        self.templates = templates or load_templates()
        self.numbers_store = number_store if number_store is not None else MemoryNumberStore()
        self.unit_key = unit_key
        self.today = today
        self._checker = None
        self._check = check_citations

    # ---- forms
    def forms(self) -> list[FormSpec]:
        return self.templates.ordered()

    def spec(self, form_id: str) -> FormSpec:
        try:
            return self.templates.get(form_id)
        except ValueError as exc:
            raise DraftError(str(exc)) from None

    def instances(self, case: Case, spec: FormSpec) -> list[int | None]:
        if spec.per:
            return list(range(len(getattr(case, spec.per))))
        return [None]

    def applicable(self, case: Case, spec: FormSpec) -> bool:
        """Does this case have (or need) this document? Used for the case file and the web's document list."""
        d = case.dates
        if not spec.fits(case.party.kind, case.procedure):
            return False
        st = spec.stage
        checks = {
            "inspection": case.inspection is not None,
            "order": case.rectification is not None and bool(case.inspection and case.inspection.hazards),
            "recheck": bool(d.recheck),
            "filing": bool(d.filing),
            "interview": bool(case.interviews),
            "notice": bool(d.notice),
            "hearing_notice": case.hearing.notified,
            "statement": case.statement.made,
            "approval": bool(d.review),
            "legal_review": bool(case.review.opinion),
            "decision": bool(d.decision) and not case.not_penalised,
            "onsite": bool(d.decision),
            "transfer": case.transfer is not None and case.transfer.kind == "管辖",
            "closing": bool(d.closing),
            "service": bool(case.deliveries),
            "credit": bool(d.decision) and not case.not_penalised,
            # issue 14.1: 不予行政处罚决定书 once decided, the education record once the education is dated
            "lenient": bool(d.decision) and case.not_penalised,
            "education": case.leniency is not None and bool(d.education or (case.not_penalised and d.decision)),
            # issue 15: a measure's documents once it is recorded; the enforcement steps once dated
            "seizure": case.seizure is not None,
            "seizure_extension": bool(case.seizure and case.seizure.extension_days),
            "seizure_outcome": bool(case.seizure and case.seizure.outcome),
            "preservation": case.preservation is not None,
            "preservation_outcome": bool(case.preservation and (case.preservation.outcome or d.preservation_outcome)),
            "hearing_meeting": case.hearing.requested,
            "hearing_record": case.hearing.requested and bool(d.hearing),
            "hearing_report": case.hearing.requested and bool(d.hearing_report),
            "deferral": case.deferral is not None,
            "surcharge": bool(d.surcharge),
            "reminder": bool(d.reminder),
            "enforcement": bool(d.enforcement),
            "revocation": case.revocation is not None,
            "criminal_transfer": case.transfer is not None and case.transfer.kind == "犯罪",
        }
        return checks.get(st, True)

    def document_date(self, case: Case, spec: FormSpec, per_index: int | None = None) -> str:
        if spec.date.startswith("this."):
            item = getattr(case, spec.per)[per_index] if per_index is not None else None
            value = getattr(item, spec.date[5:], "") if item is not None else ""
            return str(value)[:10]
        return getattr(case.dates, spec.date, "") if spec.date else ""

    # ---- numbers
    def _unit_key(self, case: Case) -> str:
        return self.unit_key or case.unit.short_name

    def number(self, case: Case, spec: FormSpec, *, allocate: bool) -> str:
        """The document's number: the one the case has, a newly allocated one, or a draft with a blank sequence."""
        if not spec.code:
            return ""
        if case.numbers.get(spec.id):
            return case.numbers[spec.id]
        date = self.document_date(case, spec)
        day = cf.to_date(date) if date else None
        year = (day or self.today or dt.date.today()).year
        u = case.unit
        if not allocate:
            return draft_number(u.number_format, u.short_name, spec.code, year)
        number = number_for(self.numbers_store, unit_key=self._unit_key(case), fmt=u.number_format,
                            short=u.short_name, code=spec.code, year=year, case_id=case.id, form=spec.id)
        case.numbers[spec.id] = number
        return number

    # ---- context and rendering
    def context(self, case: Case) -> Context:
        """Values for the templates; other documents' numbers are the allocated ones, or drafts with a blank
        sequence where a document has no number yet."""
        numbers = {}
        for s in self.forms():
            if s.code:
                numbers[s.id] = self.number(case, s, allocate=False)
        ctx = build_context(case, self.lib, form_titles=self.templates.titles(), numbers=numbers, today=self.today,
                            calendar=self.calendar())
        ctx.adopted = tuple(self.benchmarks().adopted(case.unit.benchmarks))
        ctx.leniency = self.leniency(case)
        ctx.values.update(document_values(case, ctx.leniency, ctx.lists["violations"]))
        return ctx

    def leniency(self, case: Case) -> CaseLeniency:
        """The lenient-list entries for the case's violations, assessed on its facts and the unit's records."""
        prior = self.prior_lookup(case) if self.prior_lookup is not None else None
        return assess_case(case, prior)

    def calendar(self):
        """The unit's holiday calendar: the national arrangements, with <data>/holidays.toml replacing its years."""
        from webapp.services.workdays import load_calendar
        if self._calendar is not None:
            return self._calendar
        data = getattr(getattr(self.lib, "settings", None), "data", None)
        return load_calendar(Path(data)) if data is not None else load_calendar()   # cached by file times

    def deadlines(self, case: Case, today: dt.date | None = None):
        """The case's legal periods and what is due next (deadlines.summary)."""
        from .deadlines import summary
        return summary(case, self.calendar(), today or self.today)

    def benchmarks(self):
        """The 裁量基准 this drafter knows: corpus/benchmarks and the data folder's benchmarks/."""
        if self._benchmarks is None:
            from indexer.config import CORPUS_DIR
            from indexer.handbook.benchmarks import benchmarks_for, load_benchmarks
            settings = getattr(self.lib, "settings", None)
            self._benchmarks = benchmarks_for(settings) if settings is not None else load_benchmarks(CORPUS_DIR)
        return self._benchmarks

    def checker(self):
        if self._checker is None and self._check:
            try:
                from indexer.citations import CitationChecker
            except ImportError:
                self._check = False
                return None
            self._checker = CitationChecker(self.lib)
        return self._checker

    def prepare(self, case: Case, form_id: str, *, per_index: int | None = None, allocate: bool = False,
                ctx: Context | None = None, check: bool = True) -> Draft:
        spec = self.spec(form_id)
        if spec.per:
            items = getattr(case, spec.per)
            if per_index is None:
                per_index = 0
            if not 0 <= per_index < len(items):
                raise DraftError(f"{spec.full_title}：案件中没有第{per_index + 1}份（共{len(items)}份）")
        else:
            per_index = None
        number = self.number(case, spec, allocate=allocate)
        if ctx is None or allocate:
            ctx = self.context(case)
        date = self.document_date(case, spec, per_index)
        doc = render_spec(spec, self.templates, ctx.with_document(spec.full_title, number, date), number, date, per_index)
        issues = validate(case, spec, ctx, per_index=per_index, today=self.today) if check else []
        if check:
            issues += [i for i in procedure_issues(self.lib, spec, date) if i not in issues]
        if check and self.checker() is not None:
            issues = issues + [i for i in citation_issues(self._checker, "\n".join(doc.text_lines()),
                                                          date or (self.today or dt.date.today()).isoformat(),
                                                          ctx.changed_laws())
                               if i not in issues]
        return Draft(spec, doc, issues)

    def write(self, doc: RenderedDoc, fmt: str, case: Case) -> bytes:
        if fmt == "docx":
            return write_docx(doc, self.templates.layout, author=case.unit.name)
        if fmt == "html":
            return to_html(doc, standalone=True).encode("utf-8")
        if fmt == "md":
            return to_markdown(doc).encode("utf-8")
        raise DraftError(f"不支持的格式：{fmt}（可用：{'、'.join(FORMATS)}）")

    def filename(self, case: Case, spec: FormSpec, fmt: str, per_index: int | None = None) -> str:
        suffix = f"-{per_index + 1}" if per_index is not None else ""
        return f"{case.id}-{spec.full_title}{suffix}{FORMATS.get(fmt, '')}"

    def produce(self, case: Case, form_id: str, *, fmt: str = "docx", per_index: int | None = None,
                allocate: bool = True, confirm=()) -> Output:
        """Validate, then allocate the number (only when the document may be produced) and write it."""
        spec = self.spec(form_id)
        before = dict(case.numbers)
        draft = self.prepare(case, form_id, per_index=per_index, allocate=False)
        issues = draft.issues
        confirmed = gate(issues, confirm)
        if allocate and spec.code and not case.numbers.get(spec.id):
            draft = self.prepare(case, form_id, per_index=per_index, allocate=True, check=False)
        data = self.write(draft.doc, fmt, case)
        new = {k: v for k, v in case.numbers.items() if before.get(k) != v}
        return Output(data, fmt, self.filename(case, spec, fmt, draft.doc.per_index), issues, confirmed, new,
                      draft.doc)

    def casefile_docs(self, case: Case, *, allocate: bool = False, check: bool = True) -> list[Draft]:
        """Every document of the case file in the order of the procedure as it happened (paths.order_key: by date,
        the procedure's order breaking ties); numbers are allocated in that order."""
        from .paths import order_key
        specs = [s for s in self.forms() if self.applicable(case, s)]
        specs.sort(key=lambda s: order_key(s.id, s.order, self.document_date(case, s, 0 if s.per else None)))
        if allocate:
            for s in specs:
                self.number(case, s, allocate=True)
        ctx = self.context(case)
        drafts = []
        for s in specs:
            for idx in self.instances(case, s):
                drafts.append(self.prepare(case, s.id, per_index=idx, ctx=ctx, check=check))
        drafts.sort(key=lambda d: order_key(d.spec.id, d.spec.order, d.doc.date))
        return drafts

    def path_steps(self, case: Case):
        """The documents the case's procedure (简易 / 普通 / 重大) and measures require so far, in order, each with
        whether the case can produce it: [(Step, title, present)]."""
        from .paths import steps
        return [(st, self.templates.forms[st.form].full_title if st.form in self.templates.forms else st.form,
                 st.form in self.templates.forms and self.applicable(case, self.templates.forms[st.form]))
                for st in steps(case)]

    def path_issues(self, case: Case) -> list[Issue]:
        """A warning for each document the procedure requires that the case cannot yet produce."""
        from .paths import describe
        return [Issue("warning", "path.missing", describe(st, case, title) + "；本案缺少该文书所需的内容", st.basis,
                      "")
                for st, title, present in self.path_steps(case) if not present]

    def casefile(self, case: Case, *, allocate: bool = True, confirm=()) -> Output:
        before = dict(case.numbers)
        probe = case
        if allocate:
            # validate as the case will be once every document has its number (allocated only if not blocked)
            probe = copy.deepcopy(case)
            for s in self.forms():
                if s.code and self.applicable(case, s) and not probe.numbers.get(s.id):
                    probe.numbers[s.id] = self.number(case, s, allocate=False)
        drafts = self.casefile_docs(probe, allocate=False)
        issues = self.path_issues(probe)
        for dr in drafts:
            for i in dr.issues:
                tagged = Issue(i.level, i.code, f"{dr.doc.full_title}：{i.message}", i.basis, i.field)
                if tagged not in issues:
                    issues.append(tagged)
        confirmed = gate(issues, confirm)
        if allocate:
            drafts = self.casefile_docs(case, allocate=True, check=False)
        data = self.casefile_bytes(case, drafts)
        new = {k: v for k, v in case.numbers.items() if before.get(k) != v}
        return Output(data, "docx", f"{case.id}-案卷.docx", issues, confirmed, new)

    def casefile_bytes(self, case: Case, drafts: list[Draft]) -> bytes:
        docs = [dr.doc for dr in drafts]
        cover = Cover(title=case.title, party=case.party.name, case_no=case.numbers.get("filing_approval", ""),
                      unit=case.unit.name, opened=cf.cn_date(case.dates.filing), closed=cf.cn_date(case.dates.closing),
                      result=case.closing.result, handlers="、".join(o.name for o in case.officers))
        return write_casefile(docs, self.templates.layout, cover, [cf.cn_date(d.date) for d in docs])
