"""Case workflow rules (issue 16.8), called directly on the Flask-free service, and their messages on the pages."""

from __future__ import annotations

import datetime as dt
import json

from webapp.services.drafting import workflow
from webapp.services.drafting.model import Case

from tests.web.conftest import backend, build_world, make_app, session_client  # noqa: F401 (fixtures)

from .test_web import case_row, post, web  # noqa: F401 (fixture)
from .webworld import make_case, sample_dict

TODAY = dt.date(2026, 11, 1)


def _case(**dates) -> Case:
    d = sample_dict()
    d["dates"].update(dates)
    return Case.from_dict(d)


def test_decision_needs_approval_and_says_why():
    draft = workflow.decision_blockers("draft", _case(review="", decision=""), today=TODAY)
    assert [b.code for b in draft] == ["review.required"] and "请先提交法制审核" in draft[0].message
    assert "审核中" in workflow.decision_blockers("review", _case(review="", decision=""), today=TODAY)[0].message
    assert workflow.decision_blockers("approved", _case(), today=TODAY) == []
    assert workflow.decision_blockers("draft", _case(), stage="onsite", today=TODAY) == []


def test_decision_dated_before_approval_is_flagged_before_approval():
    # before approval: no review date yet, and a decision dated in the past can never follow the review
    early = workflow.decision_blockers("draft", _case(review="", decision="2026-10-30"), today=TODAY)
    assert [b.code for b in early] == ["review.required", "dates.order"] and "2026-10-30" in early[1].message
    # a decision dated today or later is possible
    assert [b.code for b in workflow.decision_blockers("draft", _case(review="", decision="2026-11-01"),
                                                       today=TODAY)] == ["review.required"]
    # after approval: decision before the review date
    late = workflow.decision_blockers("approved", _case(review="2026-10-27", decision="2026-10-20"), today=TODAY)
    assert [b.code for b in late] == ["dates.order"] and "2026-10-27" in late[0].message


def test_which_edits_void_an_approval():
    before = _case().to_dict()
    fine = json.loads(json.dumps(before))
    fine["violations"][0]["fine"] = 45000
    date = json.loads(json.dumps(before))
    date["dates"]["decision"] = "2026-10-31"
    assert workflow.edit_voids_approval("approved", before, fine)
    assert workflow.edit_voids_approval("review", before, fine)
    assert not workflow.edit_voids_approval("draft", before, fine)
    assert not workflow.edit_voids_approval("approved", before, date)       # a post-review date correction
    assert workflow.changed_paths(before, date) == {"dates.decision"}
    review = json.loads(json.dumps(before))
    review["dates"]["review"] = "2026-10-28"
    assert workflow.edit_voids_approval("approved", before, review)


def test_blocked_decision_page_lists_what_is_missing(web):  # noqa: F811
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    r = post(c, f"/cases/{cid}/generate", form="decision_org")
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and "尚未通过法制审核" in page and "请先提交法制审核" in page
    assert "出错了" not in page and "未生成" in page


def test_revoked_approval_is_announced_and_date_fix_keeps_it(web):  # noqa: F811
    app, w = web
    cid = make_case(app, w.units["A"], status="approved")
    c = session_client(app, w.user("officer"))
    d = sample_dict(json.loads(case_row(app, cid)["data"])["id"])
    d["dates"]["decision"] = "2026-10-31"
    r = post(c, f"/cases/{cid}/edit/json", case_json=json.dumps(d, ensure_ascii=False))
    assert r.status_code == 302 and case_row(app, cid)["status"] == "approved"
    assert "原审核通过已撤销" not in c.get(r.headers["Location"]).get_data(as_text=True)
    d["violations"][0]["fine"] = 45000
    r = post(c, f"/cases/{cid}/edit/json", case_json=json.dumps(d, ensure_ascii=False))
    assert r.status_code == 302 and case_row(app, cid)["status"] == "draft"
    assert "原审核通过已撤销" in c.get(r.headers["Location"]).get_data(as_text=True)


def test_case_page_says_what_a_decision_still_needs(web):  # noqa: F811
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    page = c.get(f"/cases/{cid}").get_data(as_text=True)
    assert 'class="issue-error blocker">本案尚未通过法制审核' in page
    approved = make_case(app, w.units["A"], status="approved")
    assert "blocker" not in c.get(f"/cases/{approved}").get_data(as_text=True)
