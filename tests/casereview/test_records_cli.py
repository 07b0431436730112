"""A case file read back from the app database reviews like the same file in memory; `lawdesk casefile
review` on the demo year reports every planted fault and no other; bad input gets a Chinese message."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.drafting.webworld import make_case
from tests.web.conftest import backend, build_world, make_app  # noqa: F401 (fixtures)
from webapp.cli import cli
from webapp.services.casereview.records import case_file
from webapp.services.casereview.review import review_case_file


@pytest.fixture
def web(make_app, lib):  # noqa: F811
    app = make_app()
    app.extensions["lawdesk_library"] = lib
    return app, build_world(app)


def test_a_stored_case_file_is_read_with_its_latest_documents(web, drafter):
    from webapp import db
    app, w = web
    cid = make_case(app, w.units["A"], status="closed", with_document=True)
    with app.app_context(), db.begin() as conn:
        cf = case_file(conn, cid)
        assert case_file(conn, 999999) is None
    assert cf is not None and cf.status == "closed" and cf.label.endswith("）")
    assert [(d.form, d.item, d.version) for d in cf.documents] == [("inspection_record", 0, 1)]
    r = review_case_file(cf, drafter)
    missing = {f.form for f in r.findings if f.code == "file.document_missing"}
    assert "inspection_record" not in missing and "decision_org" in missing


def run(settings, *args):
    return CliRunner().invoke(cli, ["--library", str(settings.library), "--data", str(settings.data), *args])


def test_cli_demo_review_finds_the_planted_faults(settings):
    res = run(settings, "casefile", "review", "--demo", "--n", "40", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["files"] == 40 and data["planted"] > 0
    assert data["found"] == data["planted"] and data["unplanted_faults"] == 0
    res = run(settings, "casefile", "review", "--demo", "--n", "10")
    assert "演示案卷 10 份" in res.output and "《中华人民共和国" in res.output


def test_cli_bad_input_in_chinese(settings, tmp_path):
    res = run(settings, "casefile", "review")
    assert res.exit_code != 0 and "请给出案件 id" in res.output
    res = CliRunner().invoke(cli, ["--library", str(settings.library), "--data", str(tmp_path), "casefile", "review",
                                   "7"])
    assert res.exit_code != 0 and "数据库中还没有案件" in res.output
