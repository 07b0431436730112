"""Study pages and JSON API through the Flask test client, on the real units, bank and statute library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.conftest import build_world, session_client

from .conftest import BACKENDS, PG_URL
from .webworld import make_study_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=BACKENDS)
def app(request, settings, tmp_path):
    if request.param == "sqlite":
        app = make_study_app(settings, tmp_path / "app.sqlite3")
        yield app
        app.extensions["lawdesk_db"].dispose()
        return
    from tests.web.conftest import _pg_schema
    eng, schema = _pg_schema()
    app = make_study_app(settings, None, DATABASE_URL=PG_URL, DATABASE_SCHEMA=schema)
    yield app
    app.extensions["lawdesk_db"].dispose()
    with eng.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    eng.dispose()


@pytest.fixture
def world(app):
    return build_world(app)


def api(client, method, url, json=None):
    return client.open(url, method=method, json=json, headers={"X-CSRF-Token": client.csrf})


def test_trainee_studies_a_unit(app, world):
    c = session_client(app, world.user("trainee"))
    page = c.get("/study/").get_data(as_text=True)
    assert "学习与测验" in page and "生产经营单位的安全生产职责" in page
    unit = c.get("/study/units/u01").get_data(as_text=True)
    links = re.findall(r'<a class="cite" data-ref="([^"]+)" href="(/articles/[^"]+)"', unit)
    assert len(links) > 20 and all("@" in ref for ref, _ in links)
    assert ("安全生产法@2021-09-01/97/1/1" in {ref for ref, _ in links})
    assert c.get("/study/units/u99").status_code == 404
    resp = c.post("/study/units/u01/done", data={"csrf_token": c.csrf})
    assert resp.status_code == 302
    units = api(c, "GET", "/api/v1/study/units").get_json()["units"]
    assert units[0]["completed"] and not units[1]["read"]
    found = api(c, "GET", "/api/v1/study/search?q=有限空间").get_json()["results"]
    assert found[0]["unit"]["topic"] == "有限空间"
    assert "有限空间" in c.get("/study/search?q=有限空间").get_data(as_text=True)


def test_citation_links_open_article_pages(app, world):
    """The links of a unit open the search area's article pages (/articles/<ref>), for every linked article."""
    if "search.article" not in app.view_functions:
        pytest.skip("the search area (webapp/views/search.py) is not installed")
    from urllib.parse import unquote
    c = session_client(app, world.user("trainee"))
    unit = c.get("/study/units/u01").get_data(as_text=True)
    hrefs = dict.fromkeys(re.findall(r'<a class="cite" data-ref="[^"]+" href="(/articles/[^"#]+)', unit))
    failures = [(h, r.status_code) for h in hrefs if (r := c.get(unquote(h))).status_code != 200]
    assert not failures, failures


def test_practice_wrong_book_and_progress_api(app, world):
    c = session_client(app, world.user("trainee"))
    qs = api(c, "GET", "/api/v1/study/practice?unit=u05&limit=3").get_json()["questions"]
    assert len(qs) == 3 and all("answer" not in q for q in qs)
    bank = app.extensions["lawdesk_study"]["service"].bank()
    q0, q1 = (bank.question(q["id"]) for q in qs[:2])
    r = api(c, "POST", "/api/v1/study/answers", {"question_id": q0.id, "answer": list(q0.answer)}).get_json()
    assert r["correct"] and '<a class="cite"' in r["explanation_html"]
    wrong = [next(i for i in range(len(q1.options)) if (i,) != q1.answer)]
    r = api(c, "POST", "/api/v1/study/answers", {"question_id": q1.id, "answer": wrong}).get_json()
    assert not r["correct"] and r["in_wrong_book"]
    book = api(c, "GET", "/api/v1/study/wrong-book").get_json()["items"]
    assert [b["question"]["id"] for b in book] == [q1.id]
    assert q1.stem[:10] in c.get("/study/wrong-book").get_data(as_text=True)
    wb = api(c, "GET", "/api/v1/study/practice?mode=wrongbook").get_json()["questions"]
    assert [q["id"] for q in wb] == [q1.id]
    prog = api(c, "GET", "/api/v1/study/progress").get_json()
    assert {r["key"] for r in prog["by_topic"]} == {"有限空间"} and prog["wrong_book"] == 1
    assert "有限空间" in c.get("/study/progress").get_data(as_text=True)
    # errors are JSON with Chinese messages
    bad = api(c, "POST", "/api/v1/study/answers", {"question_id": q0.id, "answer": [42]})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_answer"
    missing = api(c, "POST", "/api/v1/study/answers", {"question_id": "nope", "answer": [0]})
    assert missing.status_code == 404 and missing.get_json()["error"]["message"]
    assert api(c, "DELETE", f"/api/v1/study/wrong-book/{q1.id}").status_code == 200
    assert api(c, "DELETE", f"/api/v1/study/wrong-book/{q1.id}").status_code == 404
    # someone else's records are not visible
    other = session_client(app, world.user("trainee", "B"))
    assert api(other, "GET", "/api/v1/study/progress").get_json()["by_topic"] == []


def test_mock_exam_over_the_api_and_pages(app, world):
    c = session_client(app, world.user("trainee"))
    resp = api(c, "POST", "/api/v1/study/exams")
    assert resp.status_code == 201
    exam = resp.get_json()
    assert exam["count"] == 50 and exam["remaining_seconds"] > 3500
    bank = app.extensions["lawdesk_study"]["service"].bank()
    answers = {q["id"]: list(bank.question(q["id"]).answer) for q in exam["questions"][:31]}
    page = c.get(f"/study/exams/{exam['id']}").get_data(as_text=True)
    assert page.count('class="question panel"') == 50 and "<script>" not in page
    assert api(c, "PUT", f"/api/v1/study/exams/{exam['id']}/answers", {"answers": answers}).get_json()["saved"] == 31
    other = session_client(app, world.user("trainee", "B"))
    assert api(other, "GET", f"/api/v1/study/exams/{exam['id']}").status_code == 404
    assert other.get(f"/study/exams/{exam['id']}").status_code == 404
    result = api(c, "POST", f"/api/v1/study/exams/{exam['id']}/submit", {"answers": answers}).get_json()
    assert result["score"] == 62.0 and result["passed"]
    page = c.get(f"/study/exams/{exam['id']}").get_data(as_text=True)
    assert 'id="exam-score">62.0<' in page and "合格" in page
    assert api(c, "PUT", f"/api/v1/study/exams/{exam['id']}/answers", {"answers": {}}).status_code == 409
    hist = api(c, "GET", "/api/v1/study/exams").get_json()
    assert hist["summary"]["taken"] == 1 and hist["chart"]["topics"]
    page = c.get("/study/exam").get_data(as_text=True)
    assert 'data-kind="scores"' in page and "62.0" in page
    # the page form starts an exam too
    resp = c.post("/study/exam/start", data={"csrf_token": c.csrf})
    assert resp.status_code == 302 and "/study/exams/" in resp.headers["Location"]


def test_trainer_view_is_per_unit(app, world):
    t = session_client(app, world.user("trainee"))
    q = api(t, "GET", "/api/v1/study/practice?limit=1").get_json()["questions"][0]
    api(t, "POST", "/api/v1/study/answers", {"question_id": q["id"], "answer": [0]})
    rev = session_client(app, world.user("reviewer"))
    page = rev.get("/study/trainer").get_data(as_text=True)
    assert "traineeA" in page and "traineeB" not in page
    data = api(rev, "GET", "/api/v1/study/trainees").get_json()
    names = {r["username"] for r in data["trainees"]}
    assert "trainee" in names and "trainee_B" not in names
    assert next(r for r in data["trainees"] if r["username"] == "trainee")["attempts"] == 1
    # a reviewer cannot look at another unit, even by asking
    assert api(rev, "GET", f"/api/v1/study/trainees?unit_id={world.units['B']}").get_json()["unit_id"] == world.units["A"]
    assert rev.get(f"/study/trainer/trainees/{world.user('trainee', 'B')['id']}").status_code == 403
    assert rev.get(f"/study/trainer/trainees/{world.user('trainee')['id']}").status_code == 200
    adm = session_client(app, world.user("admin"))
    assert "traineeB" in adm.get(f"/study/trainer?unit_id={world.units['B']}").get_data(as_text=True)
    assert t.get("/study/trainer").status_code == 403
    assert session_client(app, world.user("officer")).get("/api/v1/study/trainees").status_code == 403


def test_review_page_and_api(app, world):
    rev = session_client(app, world.user("reviewer"))
    assert "没有待复核的题目" in rev.get("/study/review").get_data(as_text=True)
    assert api(rev, "GET", "/api/v1/study/review").get_json() == {"questions": []}
    bad = api(rev, "POST", "/api/v1/study/review", {"question_id": "q-zt-001", "action": "delete"})
    assert bad.status_code == 400
    ok = api(rev, "POST", "/api/v1/study/review", {"question_id": "q-zt-001", "action": "confirm", "note": "核对"})
    assert ok.status_code == 200
    assert session_client(app, world.user("trainee")).get("/study/review").status_code == 403
    stats = api(rev, "GET", "/api/v1/study/stats").get_json()
    assert stats["units"] >= 12 and stats["authored"] >= 150 and stats["generated"] > 500


def test_openapi_lists_the_study_api(app):
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    study = [p for p in doc["paths"] if p.startswith("/api/v1/study/")]
    assert len(study) >= 12


def test_templates_and_scripts_follow_the_csp():
    """No inline scripts, event handlers or style attributes (CSP: script-src/style-src 'self')."""
    for path in list((ROOT / "webapp/templates/study").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"\son[a-z]+=", text), path
        assert " style=" not in text, path
    for path in (ROOT / "webapp/static/study").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text, path
        assert "eval(" not in text, path
