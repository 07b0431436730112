"""The case rules moved out of the web view (issue 11.3), called directly on the Flask-free services: the
wizard's steps, opening a case, and the workflow's status moves."""

from __future__ import annotations

import json

import pytest

from webapp.services.drafting import catalogue, intake, wizard, workflow
from webapp.services.drafting.model import Case

from .webworld import sample_dict


class Form(dict):
    """A submitted form: single values, and lists for getlist."""

    def getlist(self, name):
        v = self.get(name)
        return v if isinstance(v, list) else ([] if v is None else [v])


def _case(**changes) -> Case:
    d = sample_dict()
    d.update(changes)
    return Case.from_dict(d)


def test_facts_step_reads_hazard_markers_and_evidence_lines():
    d = _case().to_dict()
    wizard.apply_facts(d, wizard.FormReader(Form({
        "inspection.place": "一号车间", "inspection.start": "2026-10-01T09:30:00",
        "hazards": "【重大】配电箱无防护\r\n\r\n消防通道堵塞[立即]",
        "evidence": "现场照片｜配电箱 | 3\n询问笔录"})))
    assert d["inspection"]["start"] == "2026-10-01T09:30"
    assert d["inspection"]["hazards"] == [
        {"description": "配电箱无防护", "major": True, "immediate": False},
        {"description": "消防通道堵塞", "major": False, "immediate": True}]
    assert d["evidence"] == [{"name": "现场照片", "description": "配电箱", "pages": 3},
                             {"name": "询问笔录", "description": "", "pages": None}]
    wizard.apply_facts(d, wizard.FormReader(Form()))
    assert d["inspection"] is None


def test_penalty_step_reads_amounts_lists_and_defaults_the_speaker():
    d = _case().to_dict()
    d["statement"] = None
    f = wizard.FormReader(Form({"v0.fine": "12,000.00", "v0.other_measures": "责令改正、没收违法所得\n",
                                "statement.made": "1", "statement.adopted": "no"}))
    wizard.apply_penalty(d, f)
    v = d["violations"][0]
    assert v["fine"] == 12000 and v["other_measures"] == ["责令改正", "没收违法所得"]
    assert d["statement"]["adopted"] is False
    assert d["statement"]["speaker"]["name"] == (d["party"].get("legal_rep") or d["party"]["name"])
    with pytest.raises(wizard.StepError, match="不能为负数"):
        wizard.FormReader(Form({"x": "-1"})).amount("x")
    with pytest.raises(wizard.StepError, match="不是数字"):
        wizard.FormReader(Form({"x": "十"})).amount("x")


def test_json_step_keeps_key_numbers_and_status():
    d = _case().to_dict()
    typed = dict(d, id="other", numbers={}, status="closed", title="新标题")
    new = wizard.apply_json(d, json.dumps(typed, ensure_ascii=False))
    assert (new["id"], new["numbers"], new["status"], new["title"]) == (d["id"], d["numbers"], d["status"],
                                                                          "新标题")
    with pytest.raises(wizard.StepError) as exc:
        wizard.apply_json(d, "[]")
    assert exc.value.code == "bad_json"


def test_apply_step_applies_the_step_and_rebuilds_otherwise():
    case = _case()
    new = wizard.apply_step(case, "party", wizard.FormReader(Form({"party.name": "新名称", "party.kind": "个人",
                                                                   "procedure": "简易程序"})))
    assert (new.party.name, new.party.kind, new.procedure) == ("新名称", "个人", "简易程序")
    assert wizard.apply_step(case, "documents", wizard.FormReader(Form())).to_dict() == case.to_dict()


def test_violation_actions():
    case = _case()
    n = len(case.violations)
    with pytest.raises(wizard.StepError, match="没有这一项违法行为"):
        wizard.violation_action(case, "remove", wizard.FormReader(Form({"index": str(n)})), "2026-11-01")
    removed = wizard.violation_action(case, "remove", wizard.FormReader(Form({"index": "0"})), "2026-11-01")
    assert len(removed.violations) == n - 1
    with pytest.raises(wizard.StepError) as exc:
        wizard.violation_action(case, "add_free", wizard.FormReader(Form({"name": "x"})), "2026-11-01")
    assert exc.value.code == "missing_field"
    e = next(iter(catalogue.entries().values()))
    v = wizard.violation_from_entry(e, {"party": {"kind": "单位"}, "dates": {}}, "2026-11-01")
    assert v["catalogue_id"] == e["id"] and v["date"] == "2026-11-01"
    assert all("责令" in m for m in v["other_measures"])


def test_catalogue_search_ranks_name_over_keywords():
    e = next(iter(catalogue.entries().values()))
    found = catalogue.search(e["name"], e.get("subject", ""))
    assert found and found[0]["id"] == e["id"]
    assert catalogue.search("不会出现的词语组合xyz", "单位") == []


def test_new_case_key_defaults_and_form():
    assert intake.next_key(2026, 2, lambda k: k == "2026-0003") == "2026-0004"
    unit = {"name": "某应急管理局", "short_name": "某应急", "review_authority": "某政府", "court": "某法院"}
    prev = json.dumps({"unit": {"phone": "123", "name": "旧名"}, "payment": {"bank": "某银行"}})
    base, payment = intake.unit_defaults(unit, ["b1"], prev)
    assert base["phone"] == "123" and base["name"] == "某应急管理局" and base["benchmarks"] == ["b1"]
    assert payment == {"bank": "某银行", "account_name": "", "account": ""}
    assert intake.unit_defaults(unit, [], "{not json")[1] is None
    form = {"title": "", "kind": "单位", "name": "某公司", "procedure": "其他", "officer2": ""}
    case = intake.from_form(form, "2026-0001", base, payment, {"name": "甲", "cert_no": "1"},
                            {"display_name": "乙", "cert_no": None})
    assert (case.id, case.title, case.procedure) == ("2026-0001", "某公司案", "普通程序")
    assert [o.name for o in case.officers] == ["甲", "乙"]
    with pytest.raises(intake.IntakeError, match="当事人类型"):
        intake.from_form(dict(form, kind=""), "k", base, payment, {"name": "甲", "cert_no": ""}, None)
    imported = intake.imported(_case(), base, lambda k: True, lambda: "2026-0009")
    assert (imported.id, imported.numbers, imported.status, imported.unit.name) == (
        "2026-0009", {}, "draft", "某应急管理局")


def test_status_moves():
    workflow.check_submit("draft")
    with pytest.raises(workflow.WorkflowError):
        workflow.check_submit("review")
    case = _case()
    case.dates.review = ""
    workflow.approve(case, "review", "审核员", "同意", "2026-11-01")
    assert (case.review.approved, case.review.reviewer, case.review.opinion, case.dates.review) == (
        True, "审核员", "同意", "2026-11-01")
    with pytest.raises(workflow.WorkflowError, match="不在待审核状态"):
        workflow.approve(case, "issued", "审核员", "", "2026-11-01")
    with pytest.raises(workflow.WorkflowError) as exc:
        workflow.reject(case, "review", "")
    assert exc.value.status == 400
    workflow.reject(case, "approved", "请补充证据")
    assert case.review.approved is False
    assert workflow.status_after_generating("decision", "approved") == "issued"
    assert workflow.status_after_generating("onsite", "draft") == "issued"
    assert workflow.status_after_generating("onsite", "approved") is None
    assert workflow.status_after_generating("decision", "issued") is None
    assert workflow.status_after_generating("closing", "issued") == "closed"
    assert workflow.status_after_generating(None, "draft") is None


def test_an_edit_voids_the_approval_on_the_case():
    old = _case()
    new = Case.from_dict(dict(old.to_dict(), title="改了标题"))
    new.review.approved = True
    assert workflow.apply_edit("approved", old, new) is True and new.review.approved is False
    same = Case.from_dict(old.to_dict())
    assert workflow.apply_edit("approved", old, same) is False
    assert workflow.top_level_changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})
