"""Procedure paths (webapp/services/drafting/paths.py): each path's required documents for the sample cases, the
procedure's requirement that a missing document be named with its article, the case file's order, and each
step's provision in the library."""

from __future__ import annotations

import json

import pytest

from indexer.refs import Ref
from webapp.services.drafting import paths as P
from webapp.services.drafting.lawtext import provision_text

from .conftest import case_from, load_sample, onsite_case
from .conftest import sample_variant as data_of
from .helpers import open_docx

COMMON = ["inspection_record", "rectification_order"]
REQUIRED = {
    # 重大: 较大数额 or 没收 — 听证告知, 法制审核 (第五十八条)
    "seizure": ("重大", COMMON + ["seizure_decision", "seizure_extension", "preservation_notice", "preservation_outcome",
                                  "filing_approval", "interview_record", "recheck_opinion", "penalty_notice",
                                  "hearing_notice", "case_approval", "legal_review", "decision_org", "seizure_outcome",
                                  "service_receipt", "closing_approval"]),
    "hearing": ("重大", COMMON + ["filing_approval", "interview_record", "recheck_opinion", "penalty_notice",
                                  "hearing_notice", "hearing_meeting_notice", "hearing_record", "hearing_report",
                                  "case_approval", "legal_review", "decision_org", "service_receipt", "closing_approval"]),
    "unpaid": ("普通", COMMON + ["filing_approval", "interview_record", "recheck_opinion", "penalty_notice",
                                 "case_approval", "decision_org", "service_receipt", "surcharge_decision",
                                 "enforcement_reminder", "enforcement_application"]),
    "transfer": ("普通", ["inspection_record", "filing_approval", "interview_record", "criminal_transfer",
                         "closing_approval"]),
    "deferral": ("普通", COMMON + ["filing_approval", "interview_record", "recheck_opinion", "penalty_notice",
                                   "case_approval", "decision_org", "service_receipt", "deferral_approval"]),
    "revocation": ("普通", COMMON + ["filing_approval", "interview_record", "revocation_approval", "recheck_opinion",
                                     "closing_approval"]),
    "release": ("普通", COMMON + ["seizure_decision", "seizure_extension", "preservation_notice", "preservation_outcome",
                                  "filing_approval", "interview_record", "recheck_opinion", "penalty_notice",
                                  "case_approval", "decision_org", "seizure_outcome", "service_receipt",
                                  "closing_approval"]),
}


@pytest.mark.parametrize("name", list(REQUIRED))
def test_each_path_requires_its_documents(session_drafter, name):
    path, forms = REQUIRED[name]
    case = case_from(data_of(name))
    assert P.path_of(case) == path
    steps = session_drafter.path_steps(case)
    assert [st.form for st, _t, _p in steps] == forms
    assert all(present for _st, _t, present in steps), [st.form for st, _t, p in steps if not p]
    assert session_drafter.path_issues(case) == []


def test_summary_procedure_path(session_drafter, sample_data):
    case = case_from(onsite_case(sample_data))
    case.status = "issued"
    assert P.path_of(case) == "简易"
    forms = [st.form for st, _t, _p in session_drafter.path_steps(case)]
    assert forms == COMMON + ["recheck_opinion", "onsite_decision", "service_receipt"]
    assert not {"filing_approval", "penalty_notice", "decision_org"} & set(forms)


def test_major_mark_overrides_the_thresholds(session_drafter):
    d = load_sample("unpaid")
    d["major"] = True
    case = case_from(d)
    assert P.path_of(case) == "重大" and "legal_review" in [st.form for st in P.steps(case)]
    d = load_sample("hearing")
    d["major"] = False
    assert "legal_review" not in [st.form for st in P.steps(case_from(d))]


def test_a_missing_document_is_named_with_its_article(session_drafter):
    d = load_sample("unpaid")
    d["major"] = True
    d["review"]["opinion"] = ""                    # a major case decided without a 法制审核意见书
    case = case_from(d)
    issue = next(i for i in session_drafter.path_issues(case) if i.basis == "行政处罚法/58/1")
    assert issue.code == "path.missing" and issue.level == "warning"
    assert issue.message.startswith("按普通程序（重大案件），案卷应有法制审核意见书")
    assert "《中华人民共和国行政处罚法》第五十八条第一款" in issue.message
    # a decision without its 告知书 (第四十四条): the case file says so
    d = load_sample("unpaid")
    d["dates"].update(notice="", notice_served="")
    msgs = [i.message for i in session_drafter.path_issues(case_from(d))]
    assert any("行政处罚告知书" in m and "第四十四条" in m for m in msgs)


def test_case_file_follows_the_procedure(drafter):
    """The 卷内目录 lists the documents by date, the procedure's order breaking ties: on 2026-01-20 the 现场检查记录
    comes before the 查封扣押决定书 and the 先行登记保存证据通知书; the 处理决定书 (没收) after the penalty decision."""
    case = case_from(load_sample("seizure"))
    drafts = drafter.casefile_docs(case, check=False)
    order = [d.spec.id for d in drafts]
    assert order.index("inspection_record") < order.index("seizure_decision") < order.index("preservation_notice")
    assert order.index("decision_org") < order.index("seizure_outcome") < order.index("closing_approval")
    dates = [d.doc.date for d in drafts if d.doc.date]
    assert dates == sorted(dates)
    out = drafter.casefile(case, confirm="all")
    toc = open_docx(out.data).tables[0]
    assert [r.cells[1].text.split("（")[0] for r in toc.rows[1:]][:3] == ["现场检查记录", "责令限期整改指令书", "查封扣押决定书"]


@pytest.mark.parametrize("step", [s for s in P.STEPS if s.basis], ids=lambda s: s.form)
def test_each_step_cites_a_provision_of_the_library(lib, step):
    r = Ref.parse(step.basis)
    view = lib.get(r, as_of="2026-11-01")
    assert view is not None and provision_text(view.article, r), step.basis


@pytest.mark.parametrize("form, ref, words", [
    ("filing_approval", "行政处罚法/54/2", "应当及时立案"),
    ("penalty_notice", "行政处罚法/44", "行政机关在作出行政处罚决定之前，应当告知"),
    ("legal_review", "行政处罚法/58/1", "未经法制审核或者审核未通过的，不得作出决定"),
    ("hearing_record", "行政处罚法/64/1/8", "听证应当制作笔录"),
    ("onsite_decision", "行政处罚法/52/1", "预定格式、编有号码"),
    ("criminal_transfer", "行政处罚法/27/1", "应当及时将案件移送司法机关"),
    ("enforcement_reminder", "行政强制法/54", "申请人民法院强制执行前，应当催告当事人履行义务"),
])
def test_step_reasons_are_the_statute(lib, form, ref, words):
    step = next(s for s in P.STEPS if s.form == form)
    assert step.basis == ref
    r = Ref.parse(ref)
    assert words in provision_text(lib.get(r, as_of="2026-11-01").article, r)


def test_every_form_has_a_place_in_the_procedure(templates):
    issue15 = {"seizure_decision", "seizure_extension", "seizure_outcome", "preservation_notice", "preservation_outcome",
               "hearing_meeting_notice", "hearing_record", "hearing_report", "deferral_approval", "surcharge_decision",
               "enforcement_reminder", "enforcement_application", "revocation_approval", "criminal_transfer"}
    assert issue15 <= set(P.ORDER)
    assert set(P.ORDER) <= set(templates.forms)


def test_samples_are_valid_case_json():
    from webapp.services.drafting.model import Case
    from .conftest import SAMPLE_NAMES, SAMPLES_DIR
    for name in SAMPLE_NAMES:
        Case.from_json((SAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert json.loads((SAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))["numbers"] == {}
