"""The 引用审核 page and POST /api/v1/citations/check on the real library (session build)."""

from __future__ import annotations

import io
import re

import pytest

from tests.web.conftest import build_world, session_client, sqlite_area_app

TEXT = ("经查，你单位未为从业人员提供劳动防护用品。违反了《中华人民共和国安全生产法》第四十二条“符合国家标准或者行业标准的劳动防护用品”"
        "的规定，依据《中华人民共和国安全生产法》第九十六条第（四）项的规定，决定处罚款。\n<b>注</b>\n二〇二二年十月十一日")


@pytest.fixture(scope="module")
def web(settings, tmp_path_factory):
    app = sqlite_area_app(settings, tmp_path_factory.mktemp("rvweb"))
    yield app, build_world(app)
    app.extensions["lawdesk_db"].dispose()


@pytest.fixture(scope="module")
def officer(web):
    app, world = web
    return session_client(app, world.user("officer"))


def no_inline_script(html: str) -> bool:
    return not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and " onclick=" not in html and " style=" not in html


def test_page_and_access(web, officer):
    app, world = web
    r = officer.get("/review/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "引用审核" in html and "review/review.js" in html and no_inline_script(html)
    for role in ("trainee", "admin"):
        assert session_client(app, world.user(role)).get("/review/").status_code == 403
    assert session_client(app, world.user("reviewer")).get("/review/").status_code == 200
    assert app.test_client().get("/review/").status_code in (302, 401)


def test_check_pasted_text(officer):
    r = officer.post("/review/", data={"text": TEXT, "date": "", "csrf_token": officer.csrf})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "文书日期 2022-10-11（取自落款）" in html
    assert 'class="cite st-quote_mismatch"' in html and 'class="cite st-no_such_item"' in html
    assert "&lt;b&gt;注&lt;/b&gt;" in html and "<b>注</b>" not in html          # the document is escaped
    assert "第四十五条" in html and "第九十九条" in html                       # suggestions with their text
    assert "<del" in html or "<ins" in html or "法条原文" in html
    assert no_inline_script(html)
    # 16.7: the text stays in the box after the check, so the reviewer can correct it and check again
    from markupsafe import escape
    kept = re.search(r'<textarea id="rv-text"[^>]*>(.*?)</textarea>', html, re.S)
    assert kept and kept.group(1).strip() == str(escape(TEXT)).strip()


def test_traditional_text_is_checked_and_said(officer):
    from opencc import OpenCC
    text = OpenCC("s2t").convert("依据《中华人民共和国安全生产法》第九十九条第（五）项的规定")
    r = officer.post("/review/", data={"text": text, "date": "2025-06-30", "csrf_token": officer.csrf})
    html = r.get_data(as_text=True)
    assert "文书为繁体字，已转换为简体字后核对" in html
    assert text in html                                    # the form keeps what was pasted
    assert "共 1 处引用" in html


def test_check_uploaded_docx(officer):
    import docx
    d = docx.Document()
    d.add_paragraph("违反了《中华人民共和国安全生产法》第二十八条第一款的规定。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "处罚依据"
    t.cell(0, 1).text = "《中华人民共和国安全生产法》第九十七条第（三）项"
    buf = io.BytesIO()
    d.save(buf)
    r = officer.post("/review/", data={"file": (io.BytesIO(buf.getvalue()), "决定书.docx"), "date": "2025-03-01",
                                       "csrf_token": officer.csrf}, content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "决定书.docx" in html
    assert "第1个表格第1行第2列" in html and html.count('class="cite st-ok"') == 2
    # 16.7: the export of the uploaded file locates the cell too (not as a line of the re-posted text)
    from html import unescape
    form = re.search(r'<form method="post" action="/review/export".*?</form>', html, re.S).group(0)
    fields = {m.group(1): unescape(m.group(2)) for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)}
    fields["text"] = unescape(re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', form, re.S).group(1))
    r = officer.post("/review/export", data={**fields, "format": "md", "csrf_token": officer.csrf})
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and "第1个表格第1行第2列" in body and "正文第1段" in body and "第2行" not in body


def test_input_errors(officer):
    r = officer.post("/review/", data={"text": "  ", "csrf_token": officer.csrf})
    assert r.status_code == 400 and "请粘贴文书内容" in r.get_data(as_text=True)
    r = officer.post("/review/", data={"text": TEXT, "date": "2022/10/11", "csrf_token": officer.csrf})
    assert r.status_code == 400 and "文书日期格式错误" in r.get_data(as_text=True)
    r = officer.post("/review/", data={"file": (io.BytesIO(b"%PDF-1.4 x"), "a.pdf"), "csrf_token": officer.csrf},
                     content_type="multipart/form-data")
    assert r.status_code == 415
    assert officer.post("/review/", data={"text": TEXT}).status_code == 400          # no CSRF token


def test_export_and_audit(web, officer):
    app, world = web
    r = officer.post("/review/export", data={"text": TEXT, "date": "", "name": "决定书.txt", "format": "md",
                                             "csrf_token": officer.csrf})
    assert r.status_code == 200 and r.mimetype == "text/markdown"
    body = r.get_data(as_text=True)
    assert body.startswith("# 法制审核意见") and "第四十五条" in body
    r = officer.post("/review/export", data={"text": TEXT, "format": "docx", "csrf_token": officer.csrf})
    assert r.status_code == 200 and r.data[:2] == b"PK"
    import docx
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs)
    assert "审核结论" in text
    assert officer.post("/review/export", data={"text": TEXT, "format": "pdf", "csrf_token": officer.csrf}).status_code == 400
    import sqlalchemy as sa
    from webapp import db
    with app.app_context(), db.read() as conn:
        rows = conn.execute(sa.select(db.audit_log).where(db.audit_log.c.entity == "citation_review")).mappings().all()
    rows = [r for r in rows if "决定书.docx" not in str(r["after"])]      # the upload test's export
    assert len(rows) == 2 and rows[0]["action"] == "export"


def test_api_json_and_multipart(web):
    app, world = web
    token = world.tokens["officer"][1]
    client = app.test_client()
    h = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/v1/citations/check", json={"text": TEXT, "date": "2022-10-11"}, headers=h)
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    assert data["date"] == "2022-10-11" and [c["status"] for c in data["citations"]] == ["quote_mismatch", "no_such_item"]
    c = data["citations"][1]
    assert {"text", "start", "end", "refs", "status", "message", "quote", "expected_text", "suggestion"} <= set(c)
    assert c["suggestion"] == "安全生产法/99/1/5"
    assert data["citations"][0]["location"] == {"where": "第1行", "kind": "line"}
    r = client.post("/api/v1/citations/check", data={"file": (io.BytesIO(TEXT.encode("gb18030")), "a.txt")},
                    headers=h, content_type="multipart/form-data")
    assert r.status_code == 200 and r.get_json()["date_source"] == "document"
    # 16.7: a citation in a .docx table cell is located by table, row and column
    import docx
    d = docx.Document()
    d.add_paragraph("决定书")
    t = d.add_table(rows=2, cols=2)
    t.cell(1, 1).text = "《中华人民共和国安全生产法》第九十七条第（三）项"
    buf = io.BytesIO()
    d.save(buf)
    r = client.post("/api/v1/citations/check", data={"file": (io.BytesIO(buf.getvalue()), "决定书.docx"),
                                                     "date": "2025-03-01"}, headers=h, content_type="multipart/form-data")
    loc = r.get_json()["citations"][0]["location"]
    assert loc == {"where": "第1个表格第2行第2列", "kind": "table", "table": 1, "row": 2, "col": 2}
    for bad in ({"text": 3}, {"text": "x", "date": "2022-13-01"}, {"text": "  "}):
        r = client.post("/api/v1/citations/check", json=bad, headers=h)
        assert r.status_code == 400 and "error" in r.get_json()
    r = client.post("/api/v1/citations/check", json={"text": TEXT},
                    headers={"Authorization": f"Bearer {world.tokens['trainee'][1]}"})
    assert r.status_code == 403


def test_openapi_lists_the_endpoint(web):
    app, world = web
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    assert "/api/v1/citations/check" in doc["paths"] and "CitationCheck" in doc["components"]["schemas"]


def test_api_never_fails_on_odd_input(web):
    """Random text (and legal-looking noise) through the API: 200 or a Chinese 4xx error, never a 500."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    from .test_fuzz import PIECES
    app, world = web
    client = app.test_client()
    h = {"Authorization": f"Bearer {world.tokens['officer'][1]}"}

    @given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(PIECES), max_size=40).map("".join)),
           st.one_of(st.none(), st.sampled_from(["2025-01-01", "2021-09-01", "1999-12-31", "bad", ""])))
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(text, date):
        r = client.post("/api/v1/citations/check", json={"text": text, "date": date}, headers=h)
        assert r.status_code in (200, 400), r.get_data(as_text=True)[:300]
        body = r.get_json()
        if r.status_code == 200:
            from webapp.services.citation_review import clean_text
            clean = clean_text(text)
            for c in body["citations"]:
                assert clean[c["start"]:c["end"]] == c["text"]
        else:
            assert body["error"]["message"]
    run()


ACT_TEXT = ("经查，你单位于2021年8月20日未如实记录安全生产教育和培训情况，违反了《中华人民共和国安全生产法》第九十四条第（四）项"
            "的规定。\n2022年3月1日")


def test_act_date_on_page_api_and_export(web, officer):
    """Substance by the act's date (read from the facts or given), procedure by the document's (issue 18.3)."""
    app, world = web
    html = officer.post("/review/", data={"text": ACT_TEXT, "csrf_token": officer.csrf}).get_data(as_text=True)
    assert 'name="act_date"' in html
    assert "违法行为发生日期 2021-08-20（取自文书事实部分）" in html
    # read dates are not sent back as if typed: the export says where they came from
    assert '<input type="hidden" name="date" value="">' in html
    assert '<input type="hidden" name="act_date" value="">' in html
    html = officer.post("/review/", data={"text": ACT_TEXT, "act_date": "2021-10-01", "csrf_token": officer.csrf}
                        ).get_data(as_text=True)
    assert "违法行为发生日期 2021-10-01（人工指定）" in html
    r = officer.post("/review/", data={"text": ACT_TEXT, "act_date": "2022-05-01", "csrf_token": officer.csrf})
    assert r.status_code == 400 and "晚于文书日期" in r.get_data(as_text=True)
    assert "第九十四条" in r.get_data(as_text=True)                     # the typed text is kept
    r = officer.post("/review/", data={"text": ACT_TEXT, "act_date": "2021-02-30", "csrf_token": officer.csrf})
    assert r.status_code == 400 and "违法行为发生日期格式错误" in r.get_data(as_text=True)
    body = officer.post("/review/export", data={"text": ACT_TEXT, "format": "md", "csrf_token": officer.csrf}
                        ).get_data(as_text=True)
    assert "文书日期：2022-03-01（取自文书落款）" in body and "违法行为发生日期 2021-08-20（取自文书事实部分）" in body

    h = {"Authorization": f"Bearer {world.tokens['officer'][1]}"}
    client = app.test_client()
    data = client.post("/api/v1/citations/check", json={"text": ACT_TEXT}, headers=h).get_json()
    assert (data["act_date"], data["act_date_source"]) == ("2021-08-20", "facts")
    assert data["citations"][0]["judged_by"] == "act"
    data = client.post("/api/v1/citations/check", json={"text": ACT_TEXT, "act_date": "2021-10-01"}, headers=h).get_json()
    assert data["act_date_source"] == "given" and data["citations"][0]["status"] == "no_such_item"
    for bad in ({"text": ACT_TEXT, "act_date": 5}, {"text": ACT_TEXT, "act_date": "2022-05-01"}):
        r = client.post("/api/v1/citations/check", json=bad, headers=h)
        assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_date"
