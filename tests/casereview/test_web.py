"""Issue 13.3: 案卷评查 in the web app — a reviewer assigns a closed case file of another unit, sees the
automatic findings and the score, adds a judgement deduction, grades and signs; the .docx report and the JSON
say the same; a change to the case after signing reopens the review; officers and other reviewers cannot
sign it; bad input gets a Chinese message."""

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


def post(c, url, **data):
    return c.post(url, data={"csrf_token": c.csrf, **data})


def assign(app, w, reviewer="reviewer", case_status="closed"):
    cid = make_case(app, w.units["A"], status=case_status, with_document=True)
    c = session_client(app, w.user(reviewer))
    r = post(c, "/casereview/assign", case_id=str(cid), reviewer_id=str(w.user(reviewer)["id"]))
    return c, cid, r


def test_a_reviewer_of_another_unit_reviews_scores_and_signs(web, standard):
    app, w = web
    c, cid, r = assign(app, w, reviewer="reviewer_B")             # 互评互查: a reviewer of unit B
    assert r.status_code == 302, r.get_data(as_text=True)[-1500:]
    url = r.headers["Location"]
    page = c.get(url).get_data(as_text=True)
    assert "案卷缺少" in page and "计分" in page and "评查人扣分" in page       # the file holds one document only
    data = c.get("/api/v1/casereview/" + url.rsplit("/", 1)[1]).get_json()
    auto_total = data["score"]["total"]
    before = {i["id"]: i["score"] for i in data["score"]["items"]}
    assert data["state"] == "assigned" and auto_total < standard.total
    assert any(f["code"] == "file.document_missing" for f in data["review"]["findings"])
    manual = next(d for d in standard.deductions if not d.automatic and not d.veto and not d.each)
    r = post(c, url, **{f"n-{manual.id}": "1", f"c-{manual.id}": "证据目录不全", "grade": "poor",
                         "comment": "文书不全，程序待规范。", "action": "sign"})
    assert r.status_code == 302
    data = c.get("/api/v1/casereview/" + url.rsplit("/", 1)[1]).get_json()
    assert data["state"] == "signed" and data["grade"] == "poor"
    after = {i["id"]: i["score"] for i in data["score"]["items"]}
    lost = before[manual.item_id] - max(0.0, before[manual.item_id] - manual.points)
    assert after[manual.item_id] == pytest.approx(before[manual.item_id] - lost)
    assert data["score"]["total"] == pytest.approx(auto_total - lost)
    page = c.get(url).get_data(as_text=True)
    assert "已签署" in page and "签署评查" not in page
    doc = c.get(url + "/report.docx")
    assert doc.status_code == 200
    from docx import Document
    d = Document(io.BytesIO(doc.data))
    text = "\n".join([p.text for p in d.paragraphs] + [cell.text for t in d.tables for row in t.rows for cell in row.cells])
    assert "行政处罚案卷评查表" in text and "典型差案" in text and "证据目录不全" in text and "年" in text
    assert f"{data['score']['total']:g}" in text
    # signed: no more changes
    r = post(c, url, grade="", comment="改", action="save")
    assert r.status_code == 409 and "已签署" in r.get_data(as_text=True)
    # audit trail has the assignment and the signature
    from webapp import db
    with app.app_context(), db.read() as conn:
        acts = [a for (a,) in conn.execute(sa.select(db.audit_log.c.action)
                                           .where(db.audit_log.c.entity == "casefile_review")).all()]
    assert acts.count("create") == 1 and "approve" in acts


def test_a_change_after_signing_reopens_the_review(web):
    from webapp import db
    from webapp.services.drafting import store
    app, w = web
    c, cid, r = assign(app, w)
    url = r.headers["Location"]
    assert post(c, url, grade="", comment="", action="sign").status_code == 302
    with app.app_context(), db.begin() as conn:
        case = store.load(store.get_row(conn, cid))
        case.summary += "（补充）"
        store.save_case(conn, cid, case, None)
    page = c.get(url).get_data(as_text=True)
    assert "重新评查" in page and "签署评查" in page
    assert c.get(url.replace("/casereview/", "/api/v1/casereview/")).get_json()["state"] == "reopened"


def test_who_may_do_what(web):
    app, w = web
    c, cid, r = assign(app, w)
    url = r.headers["Location"]
    other = session_client(app, w.user("reviewer_B"))
    r = post(other, url, grade="exemplary", action="sign")
    assert r.status_code == 403 and "被分配的评查人" in r.get_data(as_text=True)
    officer = session_client(app, w.user("officer"))
    assert officer.get("/casereview/").status_code == 403
    assert officer.get(url.replace("/casereview/", "/api/v1/casereview/")).get_json()["error"]["code"]


def test_bad_input_is_refused_in_chinese(web):
    app, w = web
    c, cid, r = assign(app, w, case_status="draft")
    assert r.status_code == 409 and "只有已结案的案卷才能评查" in r.get_data(as_text=True)
    r = post(c, "/casereview/assign", case_id="x", reviewer_id="")
    assert r.status_code == 400 and "请选择案卷和评查人" in r.get_data(as_text=True)
    r = post(c, "/casereview/assign", case_id=str(cid), reviewer_id=str(w.user("officer")["id"]))
    assert r.status_code == 400 and "法制审核人员" in r.get_data(as_text=True)
    c2, cid2, r2 = assign(app, w)
    url = r2.headers["Location"]
    r = post(c2, url, grade="best", action="save")
    assert r.status_code == 400 and "示范优案" in r.get_data(as_text=True)
    assert c2.get("/casereview/99999").status_code == 404
    assert c2.get("/api/v1/casereview/99999").get_json()["error"]["code"] == "not_found"
    assert json.dumps(c2.get("/api/v1/casereview/99999").get_json(), ensure_ascii=False).count("没有") == 1


def test_the_list_shows_gaps_in_a_unit_s_document_numbers(web):
    from webapp import db
    from webapp.services.drafting import store
    app, w = web
    cid = make_case(app, w.units["A"], status="closed")
    with app.app_context(), db.begin() as conn:
        case = store.load(store.get_row(conn, cid))
        short, fmt = case.unit.short_name, case.unit.number_format
        for seq in (1, 2, 5):
            number = fmt.format(short=short, code="罚", year=2025, seq=seq)
            store.add_document(conn, cid, form="decision_org", item=seq, title="决定书", number=number, fmt="docx",
                               filename="x.docx", content=b"PK", case_version=1, issues=[], confirmed=[],
                               user_id=None)
    page = session_client(app, w.user("reviewer")).get("/casereview/").get_data(as_text=True)
    assert f"（{short}）应急罚〔2025〕N号：已用至第5号，缺第3、4号（共2个）" in page
