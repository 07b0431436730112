"""Issue 14.3: `lawdesk publication due/export/record` — the same rules as the page, Chinese refusals."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.drafting.webworld import make_case


def test_due_export_record(tmp_path, settings, monkeypatch):
    from docx import Document

    from webapp import auth, create_app, db
    from webapp.cli import cli
    # the session's statute index, an app database of this test's own
    monkeypatch.setenv("LAWDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    data = settings.data
    app = create_app(settings, {"SECRET_KEY": "x"})
    with app.app_context(), db.begin() as conn:
        unit = auth.create_unit(conn, "杭州市拱墅区应急管理局", "杭拱", "杭州市拱墅区人民政府", "杭州铁路运输法院")
    cid = make_case(app, unit, status="closed")
    app.extensions["lawdesk_db"].dispose()
    base = ["--library", str(settings.library), "--data", str(data), "publication"]
    run = CliRunner().invoke
    res = run(cli, [*base, "due", "--json"])
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.output)
    assert row["case_id"] == cid and row["status"]["deadline"] == "2026-11-10"
    out = tmp_path / "公开.docx"
    res = run(cli, [*base, "export", str(cid), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "钱永福" in res.output                          # the hint of a name the case does not hold
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "陈某某" in text and "陈立新" not in text
    res = run(cli, [*base, "record", str(cid), "--date", "2099-01-01"])
    assert res.exit_code != 0 and "晚于今天" in res.output
    res = run(cli, [*base, "record", str(cid), "--date", "2026-11-09", "--place", "浙江政务服务网"])
    assert res.exit_code == 0 and "已按期公示" in res.output
    assert json.loads(run(cli, [*base, "due", "--json"]).output) == []
    res = run(cli, [*base, "export", "999999", "--json"])
    assert res.exit_code != 0 and "没有编号为 999999 的案件" in res.output
