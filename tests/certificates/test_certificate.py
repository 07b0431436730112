"""Issue 14.4: 无违法违规证明 — the unit's decided cases are searched by 统一社会信用代码 for the period; none → a
numbered certificate, any → a refusal listing them; both audited; bad input refused in Chinese."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa

from tests.drafting.webworld import make_case
from tests.web.conftest import backend, build_world, make_app, session_client  # noqa: F401 (fixtures)
from webapp.services import certificate as cert
from webapp.services.drafting.ids import make_credit_code

TODAY = dt.date(2026, 12, 7)
SAMPLE_CODE = "91330105MA2H7K3Q06"          # the sample case's party
OTHER = make_credit_code("91330105MA2H7K3Q1")


@pytest.mark.parametrize("code, name, start, end, error", [
    ("91330105MA2H7K3Q07", "某公司", "2026-01-01", "2026-06-30", "校验位错误"),
    ("", "某公司", "2026-01-01", "2026-06-30", "缺少统一社会信用代码"),
    (SAMPLE_CODE, " ", "2026-01-01", "2026-06-30", "请填写单位名称"),
    (SAMPLE_CODE, "某公司", "2026-13-01", "2026-06-30", "YYYY-MM-DD"),
    (SAMPLE_CODE, "某公司", "2026-07-01", "2026-06-30", "开始日期晚于结束日期"),
    (SAMPLE_CODE, "某公司", "2026-01-01", "2027-01-31", "晚于今天"),
    (SAMPLE_CODE, "某公司", "2016-01-01", "2026-01-31", "不能超过5年"),
])
def test_bad_requests_are_refused_in_chinese(code, name, start, end, error):
    with pytest.raises(cert.CertificateError) as exc:
        cert.read_request(code, name, start, end, TODAY)
    assert error in exc.value.message


def test_a_request_reads_a_full_width_code():
    req = cert.read_request("９１３３０１０５ＭＡ２Ｈ７Ｋ３Ｑ０６", "杭州明澜五金制品有限公司", "2026-01-01", "2026-11-30", TODAY)
    assert req.credit_code == SAMPLE_CODE


@pytest.fixture
def web(make_app, lib):  # noqa: F811
    app = make_app()
    app.extensions["lawdesk_library"] = lib
    return app, build_world(app)


def post(c, **data):
    return c.post("/certificates/", data={"csrf_token": c.csrf, **data})


def test_decided_cases_refuse_the_certificate_and_others_do_not_count(web):
    from webapp import db
    app, w = web
    make_case(app, w.units["A"], status="closed")          # decided 2026-10-30
    make_case(app, w.units["A"], status="draft")           # not decided: not a penalty
    make_case(app, w.units["B"], status="closed")          # another unit's decision: not this unit's record
    req = cert.read_request(SAMPLE_CODE, "杭州明澜五金制品有限公司", "2026-01-01", "2026-11-30", TODAY)
    with app.app_context(), db.read() as conn:
        found = cert.decisions_against(conn, w.units["A"], req)
        before = cert.decisions_against(conn, w.units["A"], cert.read_request(
            SAMPLE_CODE, "x", "2026-01-01", "2026-10-29", TODAY))
    assert [d.decided for d in found] == ["2026-10-30"] and found[0].fine == "55000"
    assert before == []
    c = session_client(app, w.user("officer"))
    page = post(c, credit_code=SAMPLE_CODE, name="杭州明澜五金制品有限公司", start="2026-01-01", end="2026-11-30")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "不能出具证明：期间内有 1 份行政处罚决定" in text
    with app.app_context(), db.read() as conn:
        acts = conn.execute(sa.select(db.audit_log.c.action, db.audit_log.c.after)
                            .where(db.audit_log.c.entity == "certificate")).all()
    assert [a for a, _ in acts] == ["reject"] and SAMPLE_CODE in acts[0][1]


def test_a_clean_firm_gets_a_numbered_certificate(web):
    from docx import Document

    from webapp import db
    app, w = web
    make_case(app, w.units["A"], status="closed")
    c = session_client(app, w.user("officer"))
    r = post(c, credit_code=OTHER, name="杭州清白机械有限公司", start="2025-01-01", end="2025-12-31")
    assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.data)).paragraphs)
    assert "无违法违规证明" in text and "杭州清白机械有限公司" in text and OTHER in text
    assert "应急证〔" in text and "〕1号" in text and "2025年1月1日至2025年12月31日" in text
    r2 = post(c, credit_code=OTHER, name="杭州清白机械有限公司", start="2025-01-01", end="2025-12-31")
    assert "〕2号" in "\n".join(p.text for p in Document(io.BytesIO(r2.data)).paragraphs)
    with app.app_context(), db.read() as conn:
        acts = [a for (a,) in conn.execute(sa.select(db.audit_log.c.action)
                                           .where(db.audit_log.c.entity == "certificate")).all()]
    assert acts == ["generate", "generate"]


def test_the_form_and_the_api_refuse_bad_input(web):
    app, w = web
    c = session_client(app, w.user("officer"))
    r = post(c, credit_code="91330105MA2H7K3Q07", name="某公司", start="2025-01-01", end="2025-12-31")
    text = r.get_data(as_text=True)
    assert r.status_code == 400 and "校验位错误" in text and 'value="91330105MA2H7K3Q07"' in text
    r = c.post("/api/v1/certificates", json={"credit_code": OTHER, "name": "某公司", "start": "2025-01-01",
                                             "end": "2099-01-01"}, headers={"X-CSRF-Token": c.csrf})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "future_period"
    assert session_client(app, w.user("trainee")).get("/certificates/").status_code == 403


def test_the_command_line_issues_and_refuses_like_the_page(tmp_path, settings):
    from click.testing import CliRunner
    from docx import Document

    from indexer.config import Settings
    from webapp import auth, create_app, db
    from webapp.cli import cli
    data = tmp_path / "data"
    app = create_app(Settings.resolve(library=settings.library, data=data), {"SECRET_KEY": "x"})
    with app.app_context(), db.begin() as conn:
        unit = auth.create_unit(conn, "杭州市拱墅区应急管理局", "杭拱", "杭州市拱墅区人民政府", "杭州铁路运输法院")
    make_case(app, unit, status="closed")
    app.extensions["lawdesk_db"].dispose()
    base = ["--library", str(settings.library), "--data", str(data), "certificate", "--unit", "杭拱"]
    out = tmp_path / "证明.docx"
    res = CliRunner().invoke(cli, [*base, "--code", OTHER, "--name", "杭州清白机械有限公司", "--from", "2025-01-01",
                                   "--to", "2025-12-31", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "已出具无违法违规证明 （杭拱）应急证〔" in res.output
    assert "杭州清白机械有限公司" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    res = CliRunner().invoke(cli, [*base, "--code", SAMPLE_CODE, "--name", "杭州明澜五金制品有限公司", "--from",
                                   "2026-01-01", "--to", "2026-11-30", "--json"])
    assert res.exit_code == 1 and json.loads(res.output)["decisions"][0]["decided"] == "2026-10-30"
    res = CliRunner().invoke(cli, [*base, "--code", "91330105MA2H7K3Q07", "--name", "x", "--from", "2025-01-01",
                                   "--to", "2025-12-31", "--json"])
    assert res.exit_code != 0 and "校验位错误" in res.output
