"""Issue 14.2: the credit-repair rule as authored in corpus/credit/repair.toml — each number checked against the
rule's wording stored beside it — and the earliest day a firm may apply, case by case."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest

from webapp.services.credit import rules as cr
from webapp.services.errors import ServiceError

D = dt.date.fromisoformat
CN_MONTHS = {"3个月": 3, "1年": 12, "3年": 36}


def test_every_period_is_the_rules_wording():
    r = cr.load_rules()
    assert r.title == "信用修复管理办法" and r.number.endswith("第36号") and r.in_force == D("2026-04-01")
    assert "试行" in r.repeals and all("http" in s for s in r.sources)
    for lv in r.levels:
        assert lv.text.startswith(lv.label + "失信信息"), lv
        mins = re.findall(r"最短公示期为(\d+个月|\d+年)", lv.text)
        maxs = re.findall(r"最长(?:为|不超过)(\d+个月|\d+年)", lv.text)
        assert [CN_MONTHS[x] for x in maxs] == [lv.max_months], lv
        assert [CN_MONTHS[x] for x in mins] == ([lv.min_months] if lv.min_months else []), lv
        if not lv.min_months:
            assert "法定责任履行完毕即可申请修复" in lv.text
    assert r.where in r.where_text and "自司法、行政公务文书认定之日起" in r.start
    assert r.conditions[0] == "达到最短公示期限" and len(r.conditions) == 4


def test_the_file_names_the_keys_it_is_read_with():
    data = tomllib.loads(cr.RULES_FILE.read_text(encoding="utf-8"))
    assert {x["label"] for x in data["level"]} == {"轻微", "一般", "严重"}


def test_classes(sample):
    assert cr.classify(sample) == ("一般", "给予罚款、没收或者其他行政处罚")
    sample.violations[0].other_penalties = ["吊销安全生产许可证"]
    assert cr.classify(sample)[0] == "严重"
    sample.violations[0].other_penalties = []
    for v in sample.violations:
        v.fine, v.warning = None, True
    assert cr.classify(sample) == ("轻微", "仅给予警告")
    sample.procedure = "简易程序"
    assert cr.classify(sample)[0] == "轻微"


def test_earliest_day_to_apply(sample):
    # decided 2026-10-30, fine paid 2026-11-10: 一般 — three months end 2027-01-30, apply from 2027-01-31
    e = cr.eligibility(sample)
    assert (e.level.label, e.period_end, e.earliest, e.fine_due) == ("一般", D("2027-01-30"), D("2027-01-31"), False)
    assert e.earliest_text == "自2027年1月31日起" and e.ready(D("2027-01-31")) and not e.ready(D("2027-01-30"))
    sample.credit.level = "严重"                      # the officer's class: one year
    assert cr.eligibility(sample).earliest == D("2027-10-31")
    sample.credit.level = ""
    sample.dates.decision = "2026-11-30"              # no 31st in February: the period ends on its last day
    sample.dates.decision = "2026-11-30"
    assert cr.eligibility(sample).period_end == D("2027-02-28")
    sample.payment.paid_on = ""                       # a fine not paid: first pay it
    e = cr.eligibility(sample)
    assert e.fine_due and e.earliest_text.endswith("并须缴清罚款") and not e.ready(D("2030-01-01"))


def test_a_minor_record_may_be_repaired_once_carried_out(sample):
    sample.procedure = "简易程序"
    sample.payment.paid_on = "2026-11-03"
    e = cr.eligibility(sample)
    assert e.level.label == "轻微" and e.period_end is None and e.earliest == D("2026-11-03")


def test_bad_input(sample):
    sample.dates.decision = ""
    with pytest.raises(ServiceError) as exc:
        cr.eligibility(sample)
    assert exc.value.code == "no_decision_date" and "决定日期" in exc.value.message
    with pytest.raises(ServiceError) as exc:
        cr.load_rules().level("特别严重")
    assert exc.value.code == "bad_level"
