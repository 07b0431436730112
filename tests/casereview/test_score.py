"""Issue 13.1/13.3: a case file scored against the review standard — automatic faults deduct the points of
the deductions their codes trigger, the reviewer adds the rest, items never go below zero, a veto fails the
file."""

from __future__ import annotations

import pytest

from webapp.services.casereview.model import CaseFileReview, Finding
from webapp.services.casereview.score import ManualDeduction, score


def test_a_clean_demo_file_scores_full_marks(demo, reviews, standard):
    clean = [r for c, r in zip(demo, reviews) if not c.planted]
    assert len(clean) > 80
    for r in clean:
        card = score(r, standard)
        assert card.total == standard.total and not card.unmapped, (r.label, card.to_dict())


def test_each_planted_fault_costs_its_deduction(reviews, standard):
    seen = set()
    for r in reviews:
        card = score(r, standard)
        assert not card.unmapped, (r.label, [f.code for f in card.unmapped])
        per_item: dict[str, float] = {}
        for code in r.codes("fault"):
            n = sum(1 for f in r.faults if f.code == code)
            for d in standard.deductions_for(code):
                per_item[d.item_id] = per_item.get(d.item_id, 0) + (d.points * n if d.each else d.points)
        expected = sum(min(standard.item(i).points, p) for i, p in per_item.items())
        assert standard.total - card.total == pytest.approx(expected), (r.label, card.to_dict())
        seen |= r.codes("fault")
    assert {"officers.two", "decision.deadline_90", "fine.range", "file.document_missing"} <= seen


def test_items_stop_at_zero_and_a_veto_fails_the_file(standard):
    item = standard.items[0]
    d = next(x for x in item.deductions if not x.veto)
    many = [ManualDeduction(d.id, 50 if d.each else 1, "x")] + \
        [ManualDeduction(x.id) for x in item.deductions if not x.veto and x.id != d.id]
    card = score(CaseFileReview("x", []), standard, many)
    first = card.items[0]
    assert first.score == 0 and card.total == standard.total - item.points
    veto = next(x for x in standard.deductions if x.veto)
    card = score(CaseFileReview("x", []), standard, [ManualDeduction(veto.id, comment="主体不适格")])
    assert card.total == 0 and [v.deduction.id for v in card.veto] == [veto.id]


def test_a_fault_code_always_has_a_deduction_and_warnings_are_not_scored(standard):
    f = Finding("officers.two", "warning", "x")
    assert score(CaseFileReview("x", [f]), standard).total == standard.total
    unknown = Finding("no.such_code", "fault", "未知")
    card = score(CaseFileReview("x", [unknown]), standard)
    assert card.unmapped == [unknown] and card.total == standard.total
    with pytest.raises(KeyError):
        score(CaseFileReview("x", []), standard, [ManualDeduction("no.such")])
