"""Each validation rule is caught: errors block, warnings need confirmation."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from webapp.services.drafting.service import Blocked

from .conftest import case_from, onsite_case, person_case


def run(drafter, data, form, per_index=None):
    draft = drafter.prepare(case_from(data), form, per_index=per_index)
    return {i.code for i in draft.errors}, {i.code for i in draft.warnings}, draft


def errors(drafter, data, form):
    return run(drafter, data, form)[0]


def warnings(drafter, data, form):
    return run(drafter, data, form)[1]


def mod(data, fn):
    d = copy.deepcopy(data)
    fn(d)
    return d


def test_sample_decision_has_no_errors(session_drafter, sample_data):
    errs, warns, _ = run(session_drafter, sample_data, "decision_org")
    assert errs == set()
    assert "decision.notice_number" in warns          # the notices were not numbered yet


# ---------------------------------------------------------------- required elements (第五十九条 / 第五十二条)

@pytest.mark.parametrize("fn,code", [
    (lambda d: d["party"].update(address=""), "decision.address"),
    (lambda d: d["party"].update(name=""), "party.name"),
    (lambda d: d.update(evidence=[]), "decision.evidence"),
    (lambda d: d["violations"][0].update(fact=""), "violations.fact"),
    (lambda d: d["violations"][0].update(basis=[]), "violations.basis"),
    (lambda d: d["violations"][0].update(violated=[]), "violations.violated"),
    (lambda d: d["violations"][0].update(fine=None), "penalty.none"),
    (lambda d: d.update(violations=[]), "violations.none"),
    (lambda d: d["payment"].update(account=""), "decision.payment"),
    (lambda d: d["unit"].update(review_authority=""), "remedy.review"),
    (lambda d: d["unit"].update(court=""), "remedy.court"),
    (lambda d: d["dates"].update(decision="", service=""), "decision.date"),
    (lambda d: d["unit"].update(name=""), "decision.unit"),
])
def test_decision_required_elements(session_drafter, sample_data, fn, code):
    assert code in errors(session_drafter, mod(sample_data, fn), "decision_org")


@pytest.mark.parametrize("fn,code", [
    (lambda d: d["onsite"].update(place=""), "onsite.time_place"),
    (lambda d: d.update(onsite=None), "onsite.time_place"),
    (lambda d: d["unit"].update(court=""), "remedy.court"),
    (lambda d: d["violations"][0].update(basis=[]), "violations.basis"),
    (lambda d: d.update(payment=None), "decision.payment"),
])
def test_onsite_required_elements(session_drafter, sample_data, fn, code):
    assert code in errors(session_drafter, mod(onsite_case(sample_data), fn), "onsite_decision")


def test_form_specific_required_fields(session_drafter, sample_data):
    assert "inspection.missing" in errors(session_drafter, mod(sample_data, lambda d: d.update(inspection=None)),
                                          "inspection_record")
    assert "order.deadline" in errors(session_drafter, mod(sample_data, lambda d: d.update(rectification=None)),
                                      "rectification_order")
    assert "filing.summary" in errors(session_drafter, mod(sample_data, lambda d: d.update(summary="")), "filing_approval")
    assert "interview.qa" in errors(session_drafter, mod(sample_data, lambda d: d["interviews"][0].update(qa=[])),
                                    "interview_record")
    assert "transfer.receiver" in errors(session_drafter,
                                         mod(sample_data, lambda d: d["transfer"].update(receiver="")), "transfer_letter")
    assert "closing.execution" in errors(session_drafter,
                                         mod(sample_data, lambda d: d["closing"].update(execution="")), "closing_approval")
    assert "statement.content" in errors(session_drafter,
                                         mod(sample_data, lambda d: d["statement"].update(content="")), "statement_record")
    assert "service.none" in errors(session_drafter, mod(sample_data, lambda d: d.update(deliveries=[])), "service_receipt")


# ---------------------------------------------------------------- party and officers

def test_party_identifiers(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["party"].update(credit_code="91330105MA2H7K3Q07"))
    assert "party.credit_code_check" in errors(session_drafter, d, "decision_org")
    p = person_case(sample_data)
    p["party"]["id_number"] = p["party"]["id_number"][:-1] + ("0" if p["party"]["id_number"][-1] != "0" else "1")
    assert "party.id_check" in errors(session_drafter, p, "decision_person")
    assert "form.party" in errors(session_drafter, sample_data, "decision_person")


def test_two_officers(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["officers"].pop())
    assert "officers.two" in errors(session_drafter, d, "inspection_record")
    d = mod(sample_data, lambda d: d["officers"][1].update(cert_no=""))
    assert "officers.two" in errors(session_drafter, d, "decision_org")


# ---------------------------------------------------------------- fines

def test_fine_outside_statutory_range(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["violations"][0].update(fine=250000))       # 第九十七条: at most 20万 even when 逾期
    assert "fine.range" in errors(session_drafter, d, "decision_org")


def test_fine_in_conditional_range_is_a_warning(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["violations"][0].update(fine=150000, level="严重"))   # only 逾期未改正的
    errs, warns, draft = run(session_drafter, d, "decision_org")
    assert "fine.range" not in errs and "fine.conditional" in warns
    assert any("逾期未改正" in i.message for i in draft.warnings if i.code == "fine.conditional")


FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "benchmarks"


@pytest.fixture(scope="module")
def bench_drafter(lib, templates):
    """A drafter that knows the fictitious test 基准 (tests/fixtures/benchmarks), never a real one."""
    from indexer.handbook.benchmarks import load_benchmarks
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    from .conftest import TODAY
    return Drafter(lib, templates, MemoryNumberStore(), today=TODAY, benchmarks=load_benchmarks(FIXTURE))


def adopt(d, level0="第二档", level1="第一档", quote=True):
    d["unit"]["benchmarks"] = ["TEST-FIXTURE"]
    d["violations"][0]["level"] = level0
    d["violations"][1]["level"] = level1
    if quote:
        for v in d["violations"]:
            v["discretion_reason"] = "依据《测试用裁量基准（虚构）》，" + v["discretion_reason"]


def test_example_level_cannot_be_printed(session_drafter, sample_data):
    """No 基准 adopted: a level (from the handbook's example) is an error on the notice and the decision."""
    d = mod(sample_data, lambda d: d["violations"][1].update(level="一般"))
    for form in ("decision_org", "penalty_notice"):
        errs = errors(session_drafter, d, form)
        assert "discretion.example" in errs, form
    issue = next(i for i in run(session_drafter, d, "decision_org")[2].errors if i.code == "discretion.example")
    assert "尚未采用公布的裁量基准" in issue.message and issue.field == "violations[1].level"


def test_adopted_benchmark_grades_ranges_and_quote(bench_drafter, sample_data):
    d = mod(sample_data, adopt)
    errs, warns, _ = run(bench_drafter, d, "decision_org")
    assert not errs & {"discretion.example", "fine.level"} and not warns & {"discretion.unquoted", "fine.level",
                                                                           "discretion.missing"}
    # HH-001 第一档 is 5000-20000: 30000 is outside the grade (a reason to write), inside the statute
    d2 = mod(d, lambda d: d["violations"][1].update(fine=30000))
    errs, warns, _ = run(bench_drafter, d2, "decision_org")
    assert "fine.level" in warns and not errs & {"fine.range", "fine.level"}
    # a grade the adopted 基准 does not have, e.g. the handbook's 一般
    d3 = mod(d, lambda d: d["violations"][1].update(level="一般"))
    issue = next(i for i in run(bench_drafter, d3, "decision_org")[2].errors if i.code == "discretion.example")
    assert "第一档、第二档" in issue.message
    # the reason does not quote the 基准; no grade although the 基准 has grades for the provision
    d4 = mod(sample_data, lambda d: adopt(d, quote=False))
    assert "discretion.unquoted" in warnings(bench_drafter, d4, "decision_org")
    d5 = mod(d, lambda d: d["violations"][1].update(level=""))
    assert "discretion.missing" in warnings(bench_drafter, d5, "decision_org")


def test_adopted_benchmark_without_rows_still_refuses_example(bench_drafter, sample_data):
    """A 基准 adopted but silent on the provision gives no grade to print (an unknown id is ignored)."""
    def fn(d):
        d["unit"]["benchmarks"] = ["NO-SUCH", "TEST-FIXTURE"]
        d["violations"][1]["basis"] = ["安全生产法/97/1/4"]
        d["violations"][1]["level"] = "第一档"
    issue = next(i for i in run(bench_drafter, mod(sample_data, fn), "decision_org")[2].errors
                 if i.code == "discretion.example")
    assert "没有该处罚依据的条目" in issue.message


def test_onsite_limits(session_drafter, sample_data):
    assert errors(session_drafter, onsite_case(sample_data, "单位", 3000), "onsite_decision") == set()
    assert "onsite.limit" in errors(session_drafter, onsite_case(sample_data, "单位", 3001), "onsite_decision")
    assert errors(session_drafter, onsite_case(sample_data, "个人", 200), "onsite_decision") == set()
    assert "onsite.limit" in errors(session_drafter, onsite_case(sample_data, "个人", 201), "onsite_decision")
    d = onsite_case(sample_data)
    d["violations"][0]["other_penalties"] = ["责令停产停业整顿"]
    assert "onsite.kind" in errors(session_drafter, d, "onsite_decision")
    d = onsite_case(sample_data, "个人", 150)
    d["onsite"]["collected"] = True
    assert "onsite.collect" in warnings(session_drafter, d, "onsite_decision")
    assert "procedure.mismatch" in errors(session_drafter, sample_data, "onsite_decision")
    assert "procedure.mismatch" in errors(session_drafter, onsite_case(sample_data), "decision_org")


# ---------------------------------------------------------------- time limits

def test_decision_within_90_days_of_filing(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["dates"].update(filing="2026-07-31"))          # 91 days before 10-30
    assert "decision.deadline_90" in errors(session_drafter, d, "decision_org")
    d = mod(sample_data, lambda d: d["dates"].update(filing="2026-08-01"))          # exactly 90 days
    assert "decision.deadline_90" not in errors(session_drafter, d, "decision_org")
    d = mod(sample_data, lambda d: d["dates"].update(filing="2026-07-31", extended_to="2026-11-30"))
    errs, warns, _ = run(session_drafter, d, "decision_org")
    assert "decision.deadline_90" not in errs and "decision.deadline_extended" in warns


def test_hearing_window_passed_before_decision(session_drafter, sample_data):
    # notice served Tuesday 2026-10-20: five working days (行政处罚法第八十五条) run to Tuesday 10-27, not to Sunday 10-25
    def early(d):
        d["statement"].update(made=False, waived=True)
        d["dates"].update(statement="", review="2026-10-26", decision="2026-10-27", service="2026-10-28")
    assert "hearing.window" in errors(session_drafter, mod(sample_data, early), "decision_org")

    def day_after(d):
        early(d)
        d["dates"].update(decision="2026-10-28", review="2026-10-28")
    assert "hearing.window" not in errors(session_drafter, mod(sample_data, day_after), "decision_org")

    def waived(d):
        early(d)
        d["hearing"]["waived"] = True
    assert "hearing.window" not in errors(session_drafter, mod(sample_data, waived), "decision_org")


def test_hearing_right_must_be_notified(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["hearing"].update(notified=False))
    assert "hearing.not_notified" in errors(session_drafter, d, "decision_org")
    # below the threshold it is not needed
    d = mod(d, lambda d: d["violations"][0].update(fine=20000))
    assert "hearing.not_notified" not in errors(session_drafter, d, "decision_org")
    assert "hearing.not_needed" in warnings(session_drafter, d, "hearing_notice")


def test_requested_hearing_must_be_held_and_reviewed(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["hearing"].update(requested=True))
    assert "hearing.not_held" in errors(session_drafter, d, "decision_org")
    d = mod(d, lambda d: (d["dates"].update(hearing="2026-10-28"), d["review"].update(approved=False)))
    assert "review.required" in errors(session_drafter, d, "decision_org")


def test_statement_period_and_prior_notice(session_drafter, sample_data):
    def early(d):
        d["statement"].update(made=False)
        d["hearing"].update(waived=True)
        d["dates"].update(statement="", decision="2026-10-23", service="2026-10-23")   # 3 days from 10-20 end 10-23
    assert "statement.window" in errors(session_drafter, mod(sample_data, early), "decision_org")
    d = mod(sample_data, lambda d: d["dates"].update(notice="", notice_served="", statement="", hearing=""))
    assert "decision.no_notice" in errors(session_drafter, d, "decision_org")


def test_service_within_seven_days(session_drafter, sample_data):
    # decided Friday 2026-10-30: seven working days (第八十五条) run to Tuesday 11-10
    def served_on(day):
        def fn(d):
            d["dates"].update(service=day, closing="2026-11-20")
            for x in d["deliveries"]:
                if x["document"] == "decision_org":
                    x["date"] = day
        return mod(sample_data, fn)
    errs, warns, _ = run(session_drafter, served_on("2026-11-11"), "decision_org")
    assert "service.late" in warns and not errs
    assert "service.late" not in warnings(session_drafter, served_on("2026-11-10"), "decision_org")
    assert "service.late" in warnings(session_drafter, served_on("2026-11-11"), "service_receipt")
    d2 = mod(sample_data, lambda d: d["deliveries"][4].update(method="电子送达"))
    assert "service.electronic" in warnings(session_drafter, d2, "service_receipt")


def test_dates_in_a_possible_order(session_drafter, sample_data):
    for fn in (lambda d: d["dates"].update(service="2026-10-29"),
               lambda d: d["dates"].update(notice="2026-09-10", notice_served="2026-09-10"),
               lambda d: d["dates"].update(filing="2026-09-14"),
               lambda d: d["inspection"].update(end="2026-09-15T08:00"),
               lambda d: d["violations"][0].update(date="2026-09-20"),
               lambda d: d["rectification"].update(deadline="2026-09-10"),
               lambda d: d["deliveries"][0].update(date="2026-09-14")):
        assert "dates.order" in errors(session_drafter, mod(sample_data, fn), "decision_org")


def test_limitation_period(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["violations"][0].update(date="2024-09-01"))
    assert "limitation" in warnings(session_drafter, d, "decision_org")


# ---------------------------------------------------------------- citations

def test_cited_provision_must_exist_on_the_violation_date(session_drafter, sample_data):
    d = mod(sample_data, lambda d: d["violations"][0].update(basis=["安全生产法/97/1/9"]))
    errs, _, draft = run(session_drafter, d, "decision_org")
    assert "citation.not_found" in errs
    assert any("没有第（九）项" in i.message for i in draft.errors)
    d = mod(sample_data, lambda d: d["violations"][0].update(basis=["危险化学品安全法/10"], date="2026-04-01"))
    errs, _, draft = run(session_drafter, d, "decision_org")
    assert any(i.code == "citation.not_found" and "尚未施行" in i.message for i in draft.errors)


def test_citation_checker_runs_on_the_produced_text(session_drafter, sample_data):
    if session_drafter.checker() is None:
        pytest.skip("indexer.citations is not installed")
    d = mod(sample_data, lambda d: d["violations"][0].update(
        discretion_reason="参照《中华人民共和国安全生产法》第三百零一条的规定"))
    errs, warns, draft = run(session_drafter, d, "decision_org")
    assert "citation.check" in errs | warns, [str(i) for i in draft.issues]


# ---------------------------------------------------------------- gate

def test_errors_block_and_warnings_need_confirmation(drafter, sample_data):
    case = case_from(mod(sample_data, lambda d: d["party"].update(address="")))
    with pytest.raises(Blocked) as exc:
        drafter.produce(case, "decision_org", confirm="all")
    assert exc.value.errors and case.numbers == {}          # no number consumed by a blocked document

    case = case_from(sample_data)
    with pytest.raises(Blocked) as exc:
        drafter.produce(case, "decision_org")
    codes = {i.code for i in exc.value.unconfirmed}
    assert "decision.notice_number" in codes and not exc.value.errors and case.numbers == {}
    out = drafter.produce(case, "decision_org", confirm=codes)
    assert {i.code for i in out.confirmed} == codes
    assert out.numbers == {"decision_org": "（杭拱）应急罚〔2026〕1号"}


def test_casefile_validates_every_document(drafter, sample_data):
    case = case_from(mod(sample_data, lambda d: d["officers"].pop()))
    with pytest.raises(Blocked) as exc:
        drafter.casefile(case, confirm="all")
    assert any(i.code == "officers.two" for i in exc.value.errors)
    assert case.numbers == {}
