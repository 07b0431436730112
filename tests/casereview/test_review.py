"""Issue 13.2/13.5: the automatic case-file review on a demo year whose planted faults are the gold, and on
files with missing parts (findings, never a crash)."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path


from webapp.services.casereview.demo import FAULTS, FILE_FAULTS, MAJOR_FAULTS
from webapp.services.casereview.model import CaseFile, FiledDocument
from webapp.services.casereview.numbering import number_gaps
from webapp.services.casereview.review import review_case_file

PLANTABLE = set(FAULTS) | set(FILE_FAULTS) | set(MAJOR_FAULTS)
SAMPLE = Path(__file__).resolve().parents[2] / "doc_templates" / "sample_case.json"


def test_the_review_finds_every_planted_fault_and_no_other(demo, reviews):
    planted = Counter(code for c in demo for code in c.planted)
    assert set(planted) == PLANTABLE, PLANTABLE - set(planted)          # every kind of fault is in the year
    assert 30 <= sum(planted.values()) <= 70
    for c, r in zip(demo, reviews):
        found = r.codes()
        assert c.planted <= found, (c.file.label, c.planted - found, [f.message for f in r.findings])
        # no fault where none was planted, and no plantable finding anywhere else
        assert r.codes("fault") <= c.planted, (c.file.label, r.codes("fault") - c.planted)
        assert (found & PLANTABLE) <= c.planted, (c.file.label, (found & PLANTABLE) - c.planted)


def test_findings_cite_the_rule_they_enforce(demo, reviews, lib):
    from indexer.refs import Ref
    rules = {f.rule for r in reviews for f in r.findings if f.rule}
    assert {"行政处罚法/42/1", "行政处罚法/54/2", "行政处罚法/60"} <= rules, rules
    for rule in rules:
        assert lib.get(Ref.parse(rule), "2025-06-30") is not None, rule


def test_a_dropped_document_shows_as_a_gap_in_the_unit_numbers(demo, drafter):
    numbers = [d.number for c in demo for d in c.file.documents if d.number]
    unit = demo[0].file.case.unit
    gaps = number_gaps(numbers, unit.number_format, unit.short_name)
    dropped = sum(1 for c in demo if "file.document_missing" in c.planted)
    assert gaps and all(g.code == "file.number_gap" for g in gaps)
    assert sum(int(g.message.rsplit("共", 1)[1].rstrip("个）")) for g in gaps) == dropped
    assert all("应急法审" in g.message for g in gaps), [g.message for g in gaps]    # 法制审核意见书 numbers


def test_numbers_without_gaps_report_none():
    fmt = "（{short}）应急{code}〔{year}〕{seq}号"
    assert number_gaps([fmt.format(short="杭拱", code="罚", year=2025, seq=i) for i in (1, 2, 3)], fmt, "杭拱") == []
    gaps = number_gaps([fmt.format(short="杭拱", code="罚", year=2025, seq=i) for i in (1, 4)], fmt, "杭拱")
    assert [g.message for g in gaps] == ["（杭拱）应急罚〔2025〕N号：已用至第4号，缺第2、3号（共2个）"]


def _case(**changes):
    from webapp.services.drafting.model import Case
    d = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for path, value in changes.items():
        cur = d
        *head, last = path.split(".")
        for k in head:
            cur = cur[k]
        cur[last] = value
    return Case.from_dict(copy.deepcopy(d))


def test_a_file_with_missing_dates_and_no_documents_gets_findings(drafter):
    case = _case(**{"dates.filing": "", "dates.decision": "", "dates.notice": "", "interviews": []})
    r = review_case_file(CaseFile(case, [], status="closed", label="x"), drafter)
    codes = r.codes()
    assert "file.filing_not_approved" in codes and "file.document_missing" in codes
    assert all(f.message for f in r.findings)


def test_collective_discussion_of_a_major_case(drafter):
    case = _case(**{"review.discussed": False})
    r = review_case_file(CaseFile(case, [], label="x"), drafter)
    found = [f for f in r.findings if f.code == "file.collective_missing"]
    assert found and "55000元" in found[0].message and found[0].rule == "行政处罚法/57/2"


def test_confirmed_warnings_are_listed_by_name(drafter):
    case = _case()
    docs = [FiledDocument("decision_org", 0, 1, "（杭拱）应急罚〔2026〕1号", 1, ("discretion.missing",))]
    r = review_case_file(CaseFile(case, docs, label="x"), drafter)
    found = [f for f in r.findings if f.code == "file.warnings_confirmed"]
    assert found and "未填写裁量阶次" in found[0].message and "行政处罚决定书" in found[0].message
