"""Issue 14.2 in the web app: the 信用修复告知书 drafted with the decision, the repair tracked on the case page
and in the JSON API (audited), bad input refused in Chinese."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.drafting.webworld import make_case
from tests.web.conftest import backend, build_world, make_app, session_client  # noqa: F401 (fixtures)


@pytest.fixture
def web(make_app, lib):  # noqa: F811
    app = make_app()
    app.extensions["lawdesk_library"] = lib
    return app, build_world(app)


def test_the_notice_is_listed_with_the_decision_and_the_repair_is_tracked(web):
    from webapp import db
    from webapp.services.drafting import store
    app, w = web
    cid = make_case(app, w.units["A"], status="closed")
    c = session_client(app, w.user("officer"))
    page = c.get(f"/cases/{cid}").get_data(as_text=True)
    assert "信用修复告知书" in page and "一般失信信息" in page and "2027-01-31" in page
    prev = c.get(f"/cases/{cid}/preview/credit_repair_notice").get_data(as_text=True)
    assert "“信用中国”网站" in prev and "自2027年1月31日起" in prev
    # decided 2026-06-01: three months end 2026-09-01, but the fine was paid 2026-11-10 — apply from then
    with app.app_context(), db.begin() as conn:
        case = store.load(store.get_row(conn, cid))
        case.dates.decision = "2026-06-01"
        store.save_case(conn, cid, case, None)

    def post(**data):
        return c.post(f"/cases/{cid}/credit", data={"csrf_token": c.csrf, **data})

    r = post(state="applied", applied_on="2026-11-05")
    assert r.status_code == 400 and "早于可以申请信用修复的日期（2026-11-10" in r.get_data(as_text=True)
    r = post(state="applied", applied_on="2099-01-01")
    assert r.status_code == 400 and "晚于今天" in r.get_data(as_text=True)
    r = post(state="sideways", applied_on="2026-11-20")
    assert r.status_code == 400 and "信用修复状态应为" in r.get_data(as_text=True)
    h = {"X-CSRF-Token": c.csrf}
    got = c.get(f"/api/v1/cases/{cid}/credit").get_json()
    assert got["eligibility"]["earliest"] == "2026-11-10" and got["repair"]["state"] == "none"
    assert got["where"] == "“信用中国”网站" and "第36号" in got["rule"]
    r = c.post(f"/api/v1/cases/{cid}/credit", json={"state": "repaired", "applied_on": "2026-11-20"}, headers=h)
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "missing_field"
    with app.app_context(), db.read() as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(db.audit_log)
                         .where(db.audit_log.c.entity == "credit_repair")).scalar()
    assert n == 0                              # refusals change nothing
    r = c.post(f"/api/v1/cases/{cid}/credit", json={"state": "repaired", "applied_on": "2026-11-20",
                                                    "decided_on": "2026-11-25"}, headers=h)
    assert r.status_code == 200 and r.get_json()["repair"]["label"] == "已修复"
    r = post(state="applied", applied_on="2026-11-20", note="企业补充材料")
    assert r.status_code == 302
    assert "已申请" in c.get(f"/cases/{cid}").get_data(as_text=True)
    with app.app_context(), db.read() as conn:
        afters = conn.execute(sa.select(db.audit_log.c.after).where(db.audit_log.c.entity == "credit_repair")
                              .order_by(db.audit_log.c.id)).scalars().all()
    assert [json.loads(a)["state"] for a in afters] == ["repaired", "applied"]


def test_a_case_without_a_decision_date_and_an_unknown_case(web):
    from webapp import db
    from webapp.services.drafting import store
    app, w = web
    cid = make_case(app, w.units["A"])
    with app.app_context(), db.begin() as conn:
        case = store.load(store.get_row(conn, cid))
        case.dates.decision = ""
        store.save_case(conn, cid, case, None)
    c = session_client(app, w.user("officer"))
    r = c.get(f"/api/v1/cases/{cid}/credit")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_decision_date"
    assert "还没有决定日期" in r.get_json()["error"]["message"]
    assert c.get("/api/v1/cases/424242/credit").status_code == 404
