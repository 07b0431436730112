"""The cases pages on the platform (Flask client): wizard steps, live preview, generation with confirmation
recorded in the audit trail, version history, download, 法制审核 before a decision, status filters."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from tests.web.conftest import backend, build_world, make_app, session_client  # noqa: F401 (fixtures)

from .helpers import docx_lines, open_docx
from .webworld import make_case, sample_dict


@pytest.fixture
def web(make_app, lib):  # noqa: F811
    """The platform's test app (SQLite, and PostgreSQL when LAWDESK_TEST_POSTGRES_URL is set) reading the
    session's statute library."""
    app = make_app()
    app.extensions["lawdesk_library"] = lib
    return app, build_world(app)


def audit_rows(app, action=None, entity=None):
    from webapp import db
    with app.app_context(), db.read() as conn:
        q = sa.select(db.audit_log).order_by(db.audit_log.c.id)
        if action:
            q = q.where(db.audit_log.c.action == action)
        if entity:
            q = q.where(db.audit_log.c.entity == entity)
        return conn.execute(q).mappings().all()


def case_row(app, cid):
    from webapp import db
    from webapp.services.drafting import store
    with app.app_context(), db.read() as conn:
        return store.get_row(conn, cid)


def post(client, url, **data):
    return client.post(url, data={"csrf_token": client.csrf, **data})


def test_wizard_steps(web):
    app, w = web
    c = session_client(app, w.user("officer"))
    r = post(c, "/cases/new", kind="单位", name="杭州示例机械有限公司", procedure="普通程序")
    assert r.status_code == 302
    cid = int(re.search(r"/cases/(\d+)/edit/party", r.headers["Location"]).group(1))
    assert any(a["entity"] == "case" and a["action"] == "create" for a in audit_rows(app))
    r = post(c, f"/cases/{cid}/edit/party", **{
        "title": "示例机械公司特种作业人员未持证上岗案", "cause": "特种作业人员未持证上岗", "source": "监督检查",
        "procedure": "普通程序", "party.kind": "单位", "party.name": "杭州示例机械有限公司",
        "party.credit_code": "91330105MA2H7K3Q06", "party.address": "杭州市拱墅区示例路1号",
        "officer1.name": "officerA", "officer1.cert_no": "33010012345", "officer2.name": "周晓婷",
        "officer2.cert_no": "33010521002", "next": "facts"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{cid}/edit/facts")
    r = post(c, f"/cases/{cid}/edit/facts", **{
        "inspection.place": "二号车间", "inspection.start": "2026-09-15T09:30", "inspection.end": "2026-09-15T11:00",
        "hazards": "[立即]2名焊工无证作业\n[重大]配电箱前堆放可燃物", "dates.inspection": "2026-09-15",
        "dates.filing": "2026-09-16", "summary": "检查发现无证焊接作业。",
        "evidence": "现场检查记录｜2026年9月15日｜2\n现场照片｜焊接作业｜3"})
    assert r.status_code == 302
    case = json.loads(case_row(app, cid)["data"])
    assert case["inspection"]["hazards"][0] == {"description": "2名焊工无证作业", "major": False, "immediate": True}
    assert case["inspection"]["hazards"][1]["major"] is True
    assert case["evidence"][1] == {"name": "现场照片", "description": "焊接作业", "pages": 3}
    # violations found by search in the catalogue
    page = c.get(f"/cases/{cid}/edit/violations?q=电焊 无证").get_data(as_text=True)
    assert "SP-001" in page
    r = post(c, f"/cases/{cid}/edit/violations", action="add_catalogue", entry="SP-001")
    assert r.status_code == 302
    case = json.loads(case_row(app, cid)["data"])
    v = case["violations"][0]
    assert v["violated"] == ["安全生产法/30/1"] and v["basis"] == ["安全生产法/97/1/7"]
    assert v["fact"].startswith("你单位于2026年9月15日") and "〔待填：地点〕" in v["fact"]
    # the unfinished fact blocks the notice
    r = c.get(f"/cases/{cid}/preview/penalty_notice")
    assert "违法事实未补全" in r.get_data(as_text=True)
    r = post(c, f"/cases/{cid}/edit/violations", **{
        "v0.name": v["name"], "v0.fact": "你单位于2026年9月15日在二号车间安排无证人员焊接。", "v0.date": "2026-09-15",
        "v0.violated": "安全生产法/30/1", "v0.basis": "安全生产法/97/1/7"})
    assert r.status_code == 302
    r = post(c, f"/cases/{cid}/edit/penalty", **{
        "v0.level": "一般", "v0.circumstances": "首次被发现", "v0.fine": "20000", "v0.other_measures": "责令限期改正",
        "v0.discretion_reason": "鉴于首次被发现", "dates.notice": "2026-10-20", "dates.decision": "2026-10-30",
        "statement.waived": "1", "payment.bank": "示例银行", "payment.account": "123"})
    assert r.status_code == 302
    case = json.loads(case_row(app, cid)["data"])
    assert case["violations"][0]["fine"] == 20000 and case["violations"][0]["circumstances"] == ["首次被发现"]
    assert case["statement"]["waived"] is True
    # a free citation in any form the citation checker reads (issue 11.3: this was refused before)
    r = post(c, f"/cases/{cid}/edit/violations", action="add_free", name="x", violated="安全生产法第四十一条",
             basis="安全生产法/97/1/5")
    assert r.status_code == 302
    assert json.loads(case_row(app, cid)["data"])["violations"][-1]["violated"] == ["安全生产法/41"]
    # refused input is explained and stays typed
    r = post(c, f"/cases/{cid}/edit/violations", action="add_free", name="未培训", violated="随便写的字",
             basis="《中华人民共和国安全生产法》第九十七条第（五）项", fact="经查，某某")
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "不是有效的条文引用" in page
    assert 'value="随便写的字"' in page and 'value="未培训"' in page and "经查，某某</textarea>" in page
    assert case_row(app, cid)["version"] >= 6
    page = c.get(f"/cases/{cid}/edit/documents").get_data(as_text=True)
    assert "行政处罚决定书（单位）" in page and "现场检查记录" in page


def test_bad_input_is_reported_not_saved(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    before = case_row(app, cid)["version"]
    r = post(c, f"/cases/{cid}/edit/facts", **{"inspection.place": "x", "inspection.start": "2026-09-15T09:30",
                                               "dates.filing": "16/09/2026"})
    assert r.status_code == 400 and "日期格式错误" in r.get_data(as_text=True)
    r = post(c, f"/cases/{cid}/edit/json", case_json="{not json")
    assert r.status_code == 400
    assert case_row(app, cid)["version"] == before


def test_live_preview_does_not_save(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    before = case_row(app, cid)["version"]
    r = post(c, f"/cases/{cid}/preview", step="party", preview_form="decision_org", **{
        "party.kind": "单位", "party.name": "预览中的新名称公司", "party.credit_code": "91330105MA2H7K3Q07",
        "title": "t", "officer1.name": "a", "officer1.cert_no": "1", "officer2.name": "b", "officer2.cert_no": "2"})
    body = r.get_json()
    assert r.status_code == 200 and "预览中的新名称公司" in body["html"] and "<script" not in body["html"]
    assert any(i["code"] == "party.credit_code_check" for i in body["issues"])
    assert case_row(app, cid)["version"] == before
    r = post(c, f"/cases/{cid}/preview", step="party", preview_form="nonesuch")
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "bad_form"


def test_generate_confirm_audit_and_versions(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    r = post(c, f"/cases/{cid}/generate", form="rectification_order")
    assert r.status_code == 302
    # a decision needs 法制审核 first
    r = post(c, f"/cases/{cid}/generate", form="decision_org")
    assert r.status_code == 409 and "尚未通过法制审核" in r.get_data(as_text=True)
    assert post(c, f"/cases/{cid}/submit").status_code == 302
    assert case_row(app, cid)["status"] == "review"
    rev = session_client(app, w.user("reviewer"))
    assert post(rev, f"/cases/{cid}/approve", body="同意").status_code == 302
    row = case_row(app, cid)
    assert row["status"] == "approved" and json.loads(row["data"])["review"]["approved"] is True
    assert [a["entity_id"] for a in audit_rows(app, "approve")] == [str(cid)]
    # warnings must be confirmed: the page lists them with check boxes
    r = post(c, f"/cases/{cid}/generate", form="decision_org")
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and 'name="confirm" value="decision.notice_number"' in page
    codes = sorted(set(re.findall(r'name="confirm" value="([^"]+)"', page)))
    r = c.post(f"/cases/{cid}/generate", data={"csrf_token": c.csrf, "form": "decision_org", "confirm": codes})
    assert r.status_code == 302
    row = case_row(app, cid)
    assert row["status"] == "issued"
    number = json.loads(row["data"])["numbers"]["decision_org"]
    assert number == "（杭拱）应急罚〔2026〕1号"
    confirms = audit_rows(app, "confirm")
    assert {json.loads(a["after"])["code"] for a in confirms} == set(codes)
    gen = [json.loads(a["after"]) for a in audit_rows(app, "generate")]
    assert gen[-1]["form"] == "decision_org" and gen[-1]["number"] == number
    # regenerate: a second version with the same number
    r = c.post(f"/cases/{cid}/generate", data={"csrf_token": c.csrf, "form": "decision_org", "confirm": codes})
    assert r.status_code == 302
    from webapp import db
    from webapp.services.drafting import store
    with app.app_context(), db.read() as conn:
        docs = [d for d in store.list_documents(conn, cid) if d["form"] == "decision_org"]
    assert [d["version"] for d in docs] == [2, 1] and {d["number"] for d in docs} == {number}
    r = c.get(f"/cases/{cid}/documents/{docs[0]['id']}")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert number in docx_lines(open_docx(r.data))
    assert audit_rows(app, "export")[-1]["entity_id"] == str(docs[0]["id"])
    page = c.get(f"/cases/{cid}").get_data(as_text=True)
    assert "第 2 版" in page and "下载第 2 版" in page
    # the case's legal periods (deadlines.py): the sample has done each step in time
    assert "法定期限" in page and "作出行政处罚决定的期限：自立案之日（2026年9月16日）起九十日" in page
    # its procedure path (paths.py) and the documents it requires, all present
    assert "程序与案卷：普通程序（重大案件）" in page and "本案程序要求的文书均已具备内容" in page
    # other unit's document ids do not leak
    assert c.get(f"/cases/{cid}/documents/999999").status_code == 404


def test_casefile_download(web):
    app, w = web
    cid = make_case(app, w.units["A"], status="approved")
    c = session_client(app, w.user("officer"))
    r = post(c, f"/cases/{cid}/generate", form="casefile")
    codes = sorted(set(re.findall(r'name="confirm" value="([^"]+)"', r.get_data(as_text=True))))
    r = c.post(f"/cases/{cid}/generate", data={"csrf_token": c.csrf, "form": "casefile", "confirm": codes})
    assert r.status_code == 302
    from webapp import db
    from webapp.services.drafting import store
    with app.app_context(), db.read() as conn:
        doc = next(d for d in store.list_documents(conn, cid) if d["form"] == "casefile")
    data = c.get(f"/cases/{cid}/documents/{doc['id']}").data
    assert "卷内目录" in docx_lines(open_docx(data))


def test_edit_after_approval_voids_it(web):
    app, w = web
    cid = make_case(app, w.units["A"], status="approved")
    c = session_client(app, w.user("officer"))
    d = sample_dict(json.loads(case_row(app, cid)["data"])["id"])
    d["violations"][0]["fine"] = 45000
    r = post(c, f"/cases/{cid}/edit/json", case_json=json.dumps(d, ensure_ascii=False))
    assert r.status_code == 302
    row = case_row(app, cid)
    assert row["status"] == "draft" and json.loads(row["data"])["review"]["approved"] is False
    assert "重新进行" in c.get(f"/cases/{cid}").get_data(as_text=True)


def test_reject_needs_an_opinion_and_officers_cannot_approve(web):
    app, w = web
    cid = make_case(app, w.units["A"], status="review")
    rev = session_client(app, w.user("reviewer"))
    assert post(rev, f"/cases/{cid}/reject").status_code == 400
    assert post(rev, f"/cases/{cid}/reject", body="证据不足，请补充询问笔录").status_code == 302
    assert case_row(app, cid)["status"] == "draft"
    off = session_client(app, w.user("officer"))
    assert post(off, f"/cases/{cid}/approve").status_code == 403
    page = off.get(f"/cases/{cid}").get_data(as_text=True)
    assert "证据不足，请补充询问笔录" in page


def test_list_filters_and_units(web):
    app, w = web
    a1 = make_case(app, w.units["A"], status="review")
    make_case(app, w.units["A"])
    b1 = make_case(app, w.units["B"], status="review")
    c = session_client(app, w.user("officer"))
    page = c.get("/cases/?status=review").get_data(as_text=True)
    assert f"/cases/{a1}" in page and f"/cases/{b1}" not in page
    assert "待法制审核（1）" in page
    assert c.get(f"/cases/{b1}").status_code == 403
    assert session_client(app, w.user("trainee")).get("/cases/").status_code == 403


def test_import_json(web):
    app, w = web
    c = session_client(app, w.user("officer"))
    import io
    data = json.dumps(sample_dict("X-1"), ensure_ascii=False).encode("utf-8")
    r = c.post("/cases/new", data={"csrf_token": c.csrf, "case_json": (io.BytesIO(data), "case.json")},
               content_type="multipart/form-data")
    assert r.status_code == 302
    cid = int(re.search(r"/cases/(\d+)/", r.headers["Location"]).group(1))
    row = case_row(app, cid)
    assert row["title"].startswith("杭州明澜五金制品有限公司") and json.loads(row["data"])["numbers"] == {}
    r = c.post("/cases/new", data={"csrf_token": c.csrf, "case_json": (io.BytesIO(b'{"id": 1}'), "x.json")},
               content_type="multipart/form-data")
    assert r.status_code == 400 and "案件 JSON 格式错误" in r.get_data(as_text=True)
