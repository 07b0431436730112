"""Issue 14.3 in the web app: the deadline on the case page, the list of decisions due, the public version as a
page, .docx and JSON, names added to be masked, the publication recorded — all audited; bad input refused."""

from __future__ import annotations

import io
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


def _audit(app, action=None):
    from webapp import db
    with app.app_context(), db.read() as conn:
        q = sa.select(db.audit_log.c.action, db.audit_log.c.after).where(db.audit_log.c.entity == "publication")
        return [(a, json.loads(x or "null")) for a, x in conn.execute(q.order_by(db.audit_log.c.id)).all()
                if action is None or a == action]


def test_deadline_list_public_version_and_record(web):
    from docx import Document
    app, w = web
    cid = make_case(app, w.units["A"], status="closed")          # decided 2026-10-30 (a Friday)
    other = make_case(app, w.units["B"], status="closed")
    c = session_client(app, w.user("officer"))
    page = c.get(f"/cases/{cid}").get_data(as_text=True)
    assert "处罚决定公示" in page and "公示期限 2026-11-10" in page
    due = c.get("/publication/").get_data(as_text=True)
    assert f"/cases/{cid}/publication" in due and f"/cases/{other}/publication" not in due
    assert "已逾期未公示" in due or "待公示" in due

    show = c.get(f"/cases/{cid}/publication").get_data(as_text=True)
    assert "陈立新" not in show and "陈某某" in show and "赵某某" in show
    assert "可能是案件中没有记录的自然人姓名" in show and "钱永福" in show
    r = c.post(f"/cases/{cid}/publication/names", data={"csrf_token": c.csrf, "names": "钱永福"})
    assert r.status_code == 302
    show = c.get(f"/cases/{cid}/publication").get_data(as_text=True)
    assert "钱某某" in show and "可能是案件中没有记录的自然人姓名" not in show

    r = c.get(f"/cases/{cid}/publication.docx")
    assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.data)).paragraphs)
    assert "本文书为公开版本" in text and "陈立新" not in text and "钱永福" not in text

    r = c.post(f"/cases/{cid}/publication", data={"csrf_token": c.csrf, "published_on": "2026-11-06",
                                                  "place": "浙江政务服务网"})
    assert r.status_code == 302
    assert f"/cases/{cid}/publication" not in c.get("/publication/").get_data(as_text=True)
    assert "已按期公示" in c.get(f"/cases/{cid}").get_data(as_text=True)
    acts = [a for a, _ in _audit(app)]
    assert acts == ["update", "export", "publish"]
    assert _audit(app, "publish")[0][1]["state"] == "published"


def test_the_json_api(web):
    app, w = web
    cid = make_case(app, w.units["A"], status="closed")
    c = session_client(app, w.user("officer"))
    got = c.get(f"/api/v1/cases/{cid}/publication").get_json()
    assert got["status"]["deadline"] == "2026-11-10" and got["status"]["rule"] == "安全生产法/78/2"
    assert not any("陈立新" in line for line in got["text"]) and "钱永福" in got["name_hints"]
    h = {"X-CSRF-Token": c.csrf}
    r = c.post(f"/api/v1/cases/{cid}/publication", json={"published_on": "2026-11-11"}, headers=h)
    assert r.status_code == 200 and r.get_json()["state"] == "late"
    r = c.post(f"/api/v1/cases/{cid}/publication", json={"published_on": "2099-01-01"}, headers=h)
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "future_date"
    assert "晚于今天" in r.get_json()["error"]["message"]
    r = c.post(f"/api/v1/cases/{cid}/publication", json={"published_on": "十一月"}, headers=h)
    assert r.get_json()["error"]["code"] == "bad_date"
    assert c.get("/api/v1/cases/999999/publication").status_code == 404


def test_a_case_without_a_decision_date(web):
    from webapp import db
    from webapp.services.drafting import store
    app, w = web
    cid = make_case(app, w.units["A"])
    with app.app_context(), db.begin() as conn:
        row = store.get_row(conn, cid)
        case = store.load(row)
        case.dates.decision = ""
        store.save_case(conn, cid, case, None)
    c = session_client(app, w.user("officer"))
    assert "处罚决定公示" not in c.get(f"/cases/{cid}").get_data(as_text=True)
    r = c.get(f"/cases/{cid}/publication")
    assert r.status_code == 409 and "还没有决定日期" in r.get_data(as_text=True)
    r = c.get(f"/api/v1/cases/{cid}/publication")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_decision_date"
    assert session_client(app, w.user("trainee")).get("/publication/").status_code == 403
