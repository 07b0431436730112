"""The wizard's violation step records when a continuing act ended and the officer's 适用法律说明, and a bad
date gets a Chinese message instead of being stored."""

from __future__ import annotations

import json

from tests.web.conftest import backend, build_world, make_app, session_client  # noqa: F401 (fixtures)

from .test_web import case_row, post, web  # noqa: F401 (fixture)
from .webworld import make_case


def test_violation_step_keeps_the_span_and_the_explanation(web):  # noqa: F811
    app, w = web
    c = session_client(app, w.user("officer"))
    cid = make_case(app, w.units["A"])
    v = json.loads(case_row(app, cid)["data"])["violations"][0]
    page = c.get(f"/cases/{cid}/edit/violations").get_data(as_text=True)
    assert 'name="v0.date_end"' in page and 'name="v0.law_choice"' in page
    form = {"v0.name": v["name"], "v0.fact": v["fact"], "v0.date": "2026-07-01", "v0.date_end": "2026-09-15",
            "v0.law_choice": "违法行为持续至检查之日，适用行为终了时施行的规定",
            "v0.violated": " ".join(v["violated"]), "v0.basis": " ".join(v["basis"])}
    r = post(c, f"/cases/{cid}/edit/violations", **form)
    assert r.status_code == 302
    saved = json.loads(case_row(app, cid)["data"])["violations"][0]
    assert saved["date_end"] == "2026-09-15" and saved["law_choice"] == form["v0.law_choice"]
    r = post(c, f"/cases/{cid}/edit/violations", **{**form, "v0.date_end": "2026-13-40"})
    assert r.status_code == 400 and "日期格式错误" in r.get_data(as_text=True)
    assert json.loads(case_row(app, cid)["data"])["violations"][0]["date_end"] == "2026-09-15"
