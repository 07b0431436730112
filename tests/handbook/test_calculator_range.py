"""Every entry's calculator stays inside its provision's statutory range (issue 18.2): for every level, with and
without a 从轻 rule, the suggested fine lies inside a fine the basis provision sets for that subject — including
the accident fines of 安全生产法 第一百一十四条 (one range per accident grade) and 第九十五条 (a share of the
principal's income per grade)."""

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.calculator import calculate
from indexer.handbook.catalogue import load_catalogue
from indexer.handbook.resolve import statutory_basis

TODAY = "2026-06-30"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(CORPUS_DIR)


def _inside(lib, v, fine) -> bool:
    fines = [f for b in statutory_basis(lib, v, TODAY) for _c, f in b.fines()]
    return any(f.contains(fine["min"], fine["max"], fine["unit"], fine["basis"]) for f in fines)


def _lenient_rule(cat, v):
    return next((m for m in v.mitigation if cat.rules.get(m) and cat.rules[m].kind == "从轻或者减轻"), None)


def test_every_level_inside_the_statutory_range(lib, cat):
    checked, outside = 0, []
    for v in cat.violations:
        rule = _lenient_rule(cat, v)
        for lv in v.levels:
            for rules in ([], [rule] if rule else None):
                if rules is None:
                    continue
                s = calculate(lib, cat, v.id, [], rules, level=lv.name, as_of=TODAY)
                if s.fine is None:
                    continue
                checked += 1
                if not _inside(lib, v, s.fine):
                    outside.append((v.id, lv.name, rules, s.fine["text"]))
    assert checked > 500 and outside == []


@pytest.mark.parametrize("entry, basis_item", [("AC-001", 1), ("AC-002", 2)])
def test_accident_fines_follow_the_grade(lib, cat, entry, basis_item):
    """安全生产法 第一百一十四条第一款: 一般事故 三十万元以上一百万元以下, 较大事故 一百万元以上二百万元以下."""
    v = cat.get(entry)
    assert v.basis == [f"安全生产法/114/1/{basis_item}"]
    (b,) = statutory_basis(lib, v, TODAY)
    (grade_fine,) = [f for _c, f in b.fines()]
    lo, hi = {1: (300000, 1000000), 2: (1000000, 2000000)}[basis_item]
    assert (grade_fine.min, grade_fine.max) == (lo, hi)
    for lv in v.levels:
        s = calculate(lib, cat, v.id, [], level=lv.name, as_of=TODAY)
        assert lo <= s.fine["min"] <= s.fine["max"] <= hi


def test_principal_income_fines_of_article_95(lib, cat):
    """安全生产法 第九十五条: 主要负责人 fined a share of 上一年年收入 per accident grade (百分之四十 … 百分之一百)."""
    entries = [v for v in cat.violations if any(r.startswith("安全生产法/95") for r in v.basis)]
    assert entries
    for v in entries:
        for lv in v.levels:
            s = calculate(lib, cat, v.id, [], level=lv.name, as_of=TODAY)
            assert s.fine["unit"] == "ratio" and "年收入" in (s.fine["basis"] or "")
            assert _inside(lib, v, s.fine), (v.id, lv.name, s.fine)
