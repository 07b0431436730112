"""Issue 14.3 / 13: the 案卷评查 checks that a decision against a firm was published within seven working days
(安全生产法 第七十八条 第二款), and the review standard scores it (procedure.23)."""

from __future__ import annotations

import datetime as dt

import pytest

from webapp.services.casereview.checks import publication_in_time
from webapp.services.casereview.model import CaseFile
from webapp.services.casereview.standard import load_standard
from webapp.services.publication import deadline as dl

D = dt.date.fromisoformat


@pytest.mark.parametrize("status, published, today, found", [
    ("closed", "2026-11-10", None, None),                  # the seventh working day after 2026-10-30
    ("closed", "2026-11-11", None, "超过决定后七个工作日"),
    ("closed", "", None, "未登记公示"),
    ("issued", "", D("2026-11-10"), None),                 # still within the period
    ("issued", "", D("2026-11-11"), "未登记公示"),
    ("draft", "", D("2026-12-01"), None),                  # no decision yet
])
def test_publication_within_seven_working_days(sample, status, published, today, found):
    f = CaseFile(sample, [], status=status, published_on=published)
    out = publication_in_time(f, today)
    if found is None:
        assert out == []
    else:
        assert [x.code for x in out] == ["file.publication_late"] and out[0].severity == "fault"
        assert found in out[0].message and out[0].rule == dl.RULE and "2026年11月10日" in out[0].message


def test_a_natural_person_and_an_unknown_year(sample):
    sample.party.kind = "个人"
    assert publication_in_time(CaseFile(sample, [], status="closed")) == []
    sample.party.kind = "单位"
    sample.dates.decision = "2031-03-03"
    (w,) = publication_in_time(CaseFile(sample, [], status="closed"))
    assert w.severity == "warning" and "2031" in w.message


def test_the_standard_scores_it(settings):
    standard = load_standard(settings.corpus)
    (d,) = standard.deductions_for("file.publication_late")
    assert d.id == "procedure.23" and d.rule == dl.RULE
