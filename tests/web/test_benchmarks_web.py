"""A unit adopts published 裁量基准 in the admin pages (issue 18.6); the calculator and the case wizard then
use the adopted rows, and say plainly when they only have the handbook's example.

The app runs on a copy of the project's corpus with the fictitious test 基准 added (never a real one)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from indexer.config import CORPUS_DIR

from .conftest import build_world, session_client, sqlite_area_app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "benchmarks" / "benchmarks" / "TEST-FIXTURE.toml"


@pytest.fixture
def world(settings, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    shutil.copy(FIXTURE, corpus / "benchmarks" / FIXTURE.name)
    app = sqlite_area_app(dataclasses.replace(settings, corpus=corpus), tmp_path)
    return build_world(app)


def _adopted(app, unit_id):
    from webapp import db
    with app.app_context(), db.read() as conn:
        return conn.execute(sa.select(db.units.c.benchmarks).where(db.units.c.id == unit_id)).scalar()


def test_admin_adopts_benchmarks_in_priority_order(world):
    app = world.app
    c = session_client(app, world.user("admin"))
    uid = world.units["A"]
    page = c.get(f"/admin/units/{uid}").get_data(as_text=True)
    assert "《应急管理行政处罚裁量权基准》（应急〔2024〕90号）" in page and "尚未录入条目" in page
    assert 'value="TEST-FIXTURE"' in page
    form = {"csrf_token": c.csrf, "name": "杭州市拱墅区应急管理局", "short_name": "杭拱",
            "benchmarks": ["MEM-2024-90", "TEST-FIXTURE"]}
    assert c.post(f"/admin/units/{uid}", data=form).status_code == 302
    # the national one last: the more local standard is applied first
    assert _adopted(app, uid) == "TEST-FIXTURE,MEM-2024-90"
    assert 'id="bm-TEST-FIXTURE" name="benchmarks" value="TEST-FIXTURE" checked' in \
        c.get(f"/admin/units/{uid}").get_data(as_text=True)
    r = c.post(f"/admin/units/{uid}", data={**form, "benchmarks": ["NO-SUCH"]})
    assert r.status_code == 400 and "没有编号为“NO-SUCH”的裁量基准" in r.get_data(as_text=True)
    assert _adopted(app, uid) == "TEST-FIXTURE,MEM-2024-90"          # nothing lost on a refused form


def test_calculator_follows_the_units_adoption(world):
    app = world.app
    officer = session_client(app, world.user("officer"))
    page = officer.get("/handbook/entries/SP-001/calc").get_data(as_text=True)
    assert "本单位尚未采用公布的行政处罚裁量基准" in page
    assert "本单位尚未采用公布的行政处罚裁量基准" in officer.get("/handbook/entries/SP-001").get_data(as_text=True)
    body = officer.get("/api/v1/handbook/entries/SP-001/calc?level=较重").get_json()
    assert body["example"] is True and body["benchmark"] is None
    admin = session_client(app, world.user("admin"))
    admin.post(f"/admin/units/{world.units['A']}", data={"csrf_token": admin.csrf, "name": "杭州市拱墅区应急管理局",
                                                          "short_name": "杭拱", "benchmarks": ["TEST-FIXTURE"]})
    page = officer.get("/handbook/entries/SP-001/calc").get_data(as_text=True)
    assert "裁量阶次按本单位采用的《测试用裁量基准（虚构）》" in page and "涉及2至3名无证人员" in page
    body = officer.get("/api/v1/handbook/entries/SP-001/calc?circumstance=涉及2至3名无证人员").get_json()
    assert body["example"] is False and body["level"] == "第二档" and body["fine"]["max"] == 60000
    assert "《测试用裁量基准（虚构）》" in "".join(body["reasons"])
    # the other unit adopted nothing: still the example
    other = session_client(app, world.user("officer", "B"))
    assert other.get("/api/v1/handbook/entries/SP-001/calc?level=较重").get_json()["example"] is True
    page = officer.get("/handbook/entries/SP-001").get_data(as_text=True)
    assert "《测试用裁量基准（虚构）》" in page and "处三万元以上六万元以下的罚款" in page and "序号4" in page
    assert "裁量档次（本手册编写的示例）" in page
    # an entry the adopted 基准 does not cover says so
    page = officer.get("/handbook/entries/HCR-002/calc").get_data(as_text=True)
    assert "中没有该违法行为的条目" in page
