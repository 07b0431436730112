"""Issue 14.1 on a case: the 不予行政处罚 path (samples/lenient.json), the conditions of 行政处罚法 第三十三条 as
validation, the warning when a qualifying case is penalised, the unit's records deciding 初次违法, and what a
不予处罚 decision is not (a penalty for the certificate, a case for credit repair)."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from decimal import Decimal

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.resolve import resolve_ref
from webapp.services.drafting import paths
from webapp.services.drafting.leniency import (CORRECTION, EDUCATION, FIRST_MINOR, NO_FAULT, NOT_PENALISE, Prior,
                                               assess_case, findings)
from webapp.services.drafting.service import Blocked

from .conftest import case_from, load_sample

LIST = textwrap.dedent('''
    [list]
    id = "T-HZ"
    title = "测试市首违不罚清单"
    issuer = "测试"
    region = "浙江省杭州市"
    in_force = "2024-01-01"
    sources = ["https://example.invalid/list"]
    first_period_years = 3
    [[entry]]
    no = 1
    kind = "可以不予处罚"
    behaviour = "未将事故隐患排查治理情况如实记录"
    conditions = ["首次被发现"]
    violated = ["安全生产法/41/2"]
    basis = ["安全生产法/97/1/5"]
    handbook = ["HH-001"]
''')


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR / "handbook", root / "handbook")
    (root / "lenient").mkdir()
    (root / "lenient" / "t.toml").write_text(LIST, encoding="utf-8")
    return root


def lenient(**changes):
    data = load_sample("lenient")
    data["leniency"].update(changes)
    return data


def codes(found) -> dict[str, str]:
    return {f.code: f.level for f in found}


def test_the_provisions_say_what_the_code_cites(lib):
    """Every provision the leniency findings and the two forms cite, read from the statute text."""
    on = "2026-09-30"
    assert "不予行政处罚" in resolve_ref(lib, NOT_PENALISE, on).text and "轻微" in resolve_ref(lib, NOT_PENALISE, on).text
    assert "初次违法且危害后果轻微并及时改正" in resolve_ref(lib, FIRST_MINOR, on).text
    assert "没有主观过错" in resolve_ref(lib, NO_FAULT, on).text
    assert "应当对当事人进行教育" in resolve_ref(lib, EDUCATION, on).text
    assert "责令当事人改正或者限期改正违法行为" in resolve_ref(lib, CORRECTION, on).text


def test_the_sample_path_needs_the_decision_not_to_penalise(session_drafter):
    case = case_from(load_sample("lenient"))
    required = [s.form for s in paths.steps(case)]
    assert "not_penalise_decision" in required and "education_record" in required and "case_approval" in required
    for form in ("penalty_notice", "decision_org", "legal_review"):
        assert form not in required
    forms = {s.id for s in session_drafter.forms() if session_drafter.applicable(case, s)}
    assert {"not_penalise_decision", "education_record"} <= forms
    assert not forms & {"decision_org", "decision_person", "credit_repair_notice", "penalty_notice"}
    assert paths.missing(case, lambda f: f in forms) == []


def test_the_sample_documents_say_the_law(session_drafter):
    case = case_from(load_sample("lenient"))
    d = session_drafter.prepare(case, "not_penalise_decision")
    assert [i for i in d.issues if i.level == "error"] == []
    text = "\n".join(d.doc.text_lines())
    assert "鉴于你单位系初次违法，且危害后果轻微并已及时改正，依照《中华人民共和国行政处罚法》第三十三条第一款、" \
           "第五十七条第一款第（二）项的规定，本机关决定对你单位不予行政处罚" in text
    assert "第二十八条第一款" in text and "第三十三条第三款" in text and "2026年9月28日" in text
    assert "申请行政复议" in text and "缴至" not in text and "每日按罚款数额" not in text   # no payment clause
    rec = session_drafter.prepare(case, "education_record")
    assert [i for i in rec.issues if i.level == "error"] == []
    assert "教育的内容：执法人员向当事人法定代表人陈立新" in "\n".join(rec.doc.text_lines())


@pytest.mark.parametrize("changes,code", [
    ({"ground": "首违不罚", "first": False}, "lenient.not_first"),
    ({"ground": "首违不罚", "first": None}, "lenient.first"),
    ({"ground": "首违不罚", "harm": "造成危害后果"}, "lenient.harm"),
    ({"ground": "轻微不罚", "harm": "危害后果轻微"}, "lenient.harm"),
    ({"ground": "轻微不罚", "harm": ""}, "lenient.harm_unknown"),
    ({"corrected": False}, "lenient.not_corrected"),
    ({"corrected": None}, "lenient.not_corrected"),
    ({"education": ""}, "lenient.education"),
    ({"ground": ""}, "lenient.ground"),
    ({"ground": "无主观过错", "no_fault_evidence": ""}, "lenient.no_fault"),
])
def test_each_condition_of_article_33_is_an_error(changes, code, session_drafter):
    case = case_from(lenient(**changes))
    assert codes(findings(case, assess_case(case))).get(code) == "error"
    with pytest.raises(Blocked):
        session_drafter.produce(case, "not_penalise_decision", allocate=False)


def test_the_grounds_that_hold(session_drafter):
    for changes in ({}, {"ground": "轻微不罚", "harm": "没有造成危害后果", "first": False},
                    {"ground": "无主观过错", "no_fault_evidence": "当事人提供的检测报告证明设备系出厂缺陷", "harm": ""}):
        case = case_from(lenient(**changes))
        assert [f for f in findings(case, assess_case(case)) if f.level == "error"] == [], changes
        text = "\n".join(session_drafter.prepare(case, "not_penalise_decision").doc.text_lines())
        assert "本机关决定对你单位不予行政处罚" in text


def test_a_penalty_with_a_decision_not_to_penalise_is_an_error():
    data = lenient()
    data["violations"][0]["fine"] = 5000
    case = case_from(data)
    assert codes(findings(case, assess_case(case)))["lenient.penalty"] == "error"


def test_the_units_records_decide_a_first_violation():
    case = case_from(lenient(first=True))
    earlier = [Prior("2025-0007", "2024-11-02", "（杭拱）应急罚〔2024〕7号")]
    found = findings(case, assess_case(case, earlier))
    msg = next(f.message for f in found if f.code == "lenient.not_first")
    assert "3年内已有违法记录" in msg and "2025-0007（2024-11-02，（杭拱）应急罚〔2024〕7号）" in msg
    # older than the period, or none: the officer's statement stands
    assert "lenient.not_first" not in codes(findings(case, assess_case(case, [Prior("2020-0001", "2022-06-01")])))
    assert "lenient.not_first" not in codes(findings(case, assess_case(case, [])))


def test_a_qualifying_case_that_is_penalised_is_warned(corpus):
    data = lenient(decided=False)
    data["violations"][0]["fine"] = 5000
    case = case_from(data)
    cl = assess_case(case, corpus=corpus)
    assert [a.entry.id for _i, a in cl.qualifying] == ["T-HZ-1"]
    warn = [f for f in findings(case, cl) if f.code == "lenient.qualifies"]
    assert len(warn) == 1 and warn[0].level == "warning"
    assert "属于《测试市首违不罚清单》第1项所列情形" in warn[0].message and "可以不予行政处罚" in warn[0].message
    # not qualifying (not corrected): no warning; another city's unit: the list does not bind it
    case2 = case_from({**data, "leniency": {**data["leniency"], "corrected": False}})
    assert not [f for f in findings(case2, assess_case(case2, corpus=corpus)) if f.code == "lenient.qualifies"]
    data3 = {**data, "unit": {**data["unit"], "location": "浙江省宁波市海曙区"}}
    assert assess_case(case_from(data3), corpus=corpus).assessments == []


def test_the_list_clause_names_the_list(corpus, session_drafter, monkeypatch):
    """With a 杭州 list entry for the act, the decision names the list and item after the ground."""
    case = case_from(lenient())
    monkeypatch.setattr("webapp.services.drafting.service.assess_case",
                        lambda c, prior=None: assess_case(c, prior, corpus))
    text = "\n".join(session_drafter.prepare(case, "not_penalise_decision").doc.text_lines())
    assert "危害后果轻微并已及时改正，属于《测试市首违不罚清单》第1项所列情形，依照" in text


def test_not_a_penalty_for_the_certificate_nor_the_statistics():
    import sqlalchemy as sa

    from webapp import db as appdb
    from webapp.services import certificate
    from webapp.services.casereview import reviews as file_reviews
    from webapp.services.credit import records as credit_records
    from webapp.services.drafting import store
    from webapp.services.stats.compute import Period, compute

    eng = sa.create_engine("sqlite://")
    for md in (store.metadata, file_reviews.metadata, credit_records.metadata):
        md.create_all(eng)
    appdb.units.create(eng)
    not_penalised = case_from(load_sample("lenient"))
    penalised = case_from(load_sample("lenient"))
    penalised.id, penalised.leniency = "2025-0001", None
    penalised.violations[0].fine = Decimal("8000")
    penalised.dates.decision = "2025-03-01"
    with eng.begin() as conn:
        conn.execute(appdb.units.insert().values(id=1, name="杭州市拱墅区应急管理局", short_name="杭拱",
                                                 created_at=store.utcnow()))
        for c in (not_penalised, penalised):
            store.create_case(conn, 1, c, None)
        code = not_penalised.party.credit_code
        req = certificate.read_request(code, not_penalised.party.name, "2025-01-01", "2026-11-30", dt.date(2026, 12, 1))
        assert [d.case_key for d in certificate.decisions_against(conn, 1, req)] == ["2025-0001"]
        assert [p.case_key for p in certificate.earlier_decisions(conn, 1, code, not_penalised.id)] == ["2025-0001"]
        assert [p.case_key for p in certificate.earlier_decisions(conn, 1, code, "2025-0001")] == [not_penalised.id]
        stats = compute(conn, 1, Period(None, None))
    assert stats.no_penalty == 1 and stats.no_penalty_by_ground == {"首违不罚": 1} and stats.decided == 2


def test_no_publication_nor_credit_repair_for_a_decision_not_to_penalise(session_drafter):
    from webapp.services.credit.rules import eligibility
    from webapp.services.errors import ServiceError
    from webapp.services.publication import deadline, public
    from webapp.services.workdays import load_calendar
    case = case_from(load_sample("lenient"))
    st = deadline.status(case, None, load_calendar(), dt.date(2026, 10, 9))
    assert st.state == "not_required" and st.deadline is None
    for call in (lambda: eligibility(case), lambda: public.public_version(session_drafter, case)):
        with pytest.raises(ServiceError) as exc:
            call()
        assert exc.value.code == "not_penalised" and "不予行政处罚" in exc.value.message
