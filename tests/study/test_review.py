"""A law gains a new version: the questions that depend on it are flagged and withheld until reviewed.

Runs on a tiny library of our own (one law, then a second version of it) and a corpus of our own."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.build import build
from indexer.config import Settings
from indexer.numerals import int_to_cn
from indexer.service import LawLibrary
from webapp.services.study.service import StudyError, StudyService

from .conftest import AS_OF, make_repo

TITLE = "中华人民共和国示例安全法"


def statute(history: list[str], articles: list[str]) -> str:
    lines = [f"# {TITLE}", ""] + history + ["", "<!-- INFO END -->", ""]
    lines += [f"第{int_to_cn(i)}条 {text}" for i, text in enumerate(articles, 1)]
    return "\n".join(lines) + "\n"


ART1 = "为了示例安全生产，制定本法。"
ART2 = "生产经营单位发生事故后，单位负责人应当立即报告，并在三十日内提交书面报告。"
ART3_V1 = "违反本法第二条规定的，责令限期改正，处二万元以上五万元以下的罚款；逾期未改正的，处五万元以上十万元以下的罚款。"
ART3_V2 = "违反本法第二条规定的，责令限期改正，处三万元以上二十万元以下的罚款；逾期未改正的，处二十万元以上五十万元以下的罚款。"
ART4_V1 = "生产经营单位应当每年组织一次应急演练。"
V1 = statute(["2019年12月1日 第十三届全国人民代表大会常务委员会第十五次会议通过"],
             [ART1, ART2, ART3_V1, ART4_V1, "本法自2020年1月1日起施行。"])
V2 = statute(["2019年12月1日 第十三届全国人民代表大会常务委员会第十五次会议通过",
              "2026年5月1日 第十四届全国人民代表大会常务委员会第二十次会议修正"],
             [ART1, ART2, ART3_V2, "本法自2026年7月1日起施行。"])

UNIT = ('---\nid = "u01"\ntitle = "示例单元"\ntopic = "示例主题"\nlaws = ["示例安全法"]\n---\n# 示例单元\n\n'
        "事故后要立即报告（《示例安全法》第二条），违反的依照《示例安全法》第三条处罚。\n")
QUESTIONS = """
[[question]]
id = "q-demo-1"
unit = "u01"
type = "single"
stem = "违反报告义务，逾期未改正的罚款上限是（ ）。"
options = ["五万元", "十万元", "二十万元", "五十万元"]
answer = [1]
refs = ["示例安全法/3"]
explanation = "《示例安全法》第三条。"
difficulty = 1

[[question]]
id = "q-demo-2"
unit = "u01"
type = "truefalse"
stem = "事故发生后单位负责人应当立即报告。"
answer = true
refs = ["示例安全法/2"]
explanation = "《示例安全法》第二条。"
difficulty = 1

[[question]]
id = "q-demo-3"
unit = "u01"
type = "truefalse"
stem = "生产经营单位应当每年组织一次应急演练。"
answer = true
refs = ["示例安全法/4"]
explanation = "《示例安全法》第四条。"
difficulty = 1

[[question]]
id = "q-demo-4"
unit = "u01"
type = "truefalse"
stem = "本法自2020年1月1日起施行。"
answer = true
refs = ["示例安全法/5"]
explanation = "《示例安全法》第五条。"
difficulty = 1
"""


@pytest.fixture
def world(tmp_path):
    libdir = tmp_path / "lib"
    libdir.mkdir()
    (libdir / "示例安全法(2019-12-01).md").write_text(V1, encoding="utf-8")
    (libdir / "core.txt").write_text("示例安全法(2019-12-01).md\n示例安全法(2026-05-01).md\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "training" / "units").mkdir(parents=True)
    (corpus / "training" / "questions").mkdir(parents=True)
    (corpus / "training" / "units" / "01.md").write_text(UNIT, encoding="utf-8")
    (corpus / "training" / "questions" / "demo.toml").write_text(QUESTIONS, encoding="utf-8")
    settings = Settings(library=libdir, data=tmp_path / "data", corpus=corpus)
    build(settings, scope="core")
    lib = LawLibrary(settings)
    repo = make_repo(tmp_path / "app.sqlite3")
    svc = StudyService(lib, corpus, repo, as_of=AS_OF)
    yield settings, lib, svc
    repo.engine.dispose()


def add_second_version(settings, lib):
    (settings.library / "示例安全法(2026-05-01).md").write_text(V2, encoding="utf-8")
    build(settings, scope="core")
    assert lib.refresh()


def test_new_version_flags_and_withholds_dependent_questions(world):
    settings, lib, svc = world
    svc.sync()
    before = svc.stats()
    assert before["units"] == 1 and before["authored"] == 4 and before["generated"] > 0
    assert before["withheld"] == 0 and not before["bank_problems"]
    gen_before = {q.id: q for q in svc.bank().generated}
    assert all(q.deps[0].startswith("示例安全法@2020-01-01/") for q in gen_before.values())

    add_second_version(settings, lib)
    bank = svc.bank()
    assert bank.question("q-demo-1").deps == ("示例安全法@2026-07-01/3",)
    withheld = svc.withheld()
    assert {"q-demo-1", "q-demo-2", "q-demo-3", "q-demo-4"} <= withheld
    # generated items from the unchanged 第二条 survive with the same id and are withheld; items from the
    # changed 第三条 are new (generated from the new text) and available
    survivors = [qid for qid in gen_before if bank.question(qid)]
    assert survivors and all(qid in withheld for qid in survivors)
    fresh = [q for q in bank.generated if q.id not in gen_before]
    assert fresh and all(q.id not in withheld for q in fresh)
    assert all(q.id not in withheld for q in svc.available())
    stats = svc.stats()
    assert stats["withheld"] == len(withheld) and stats["flagged"] == len(withheld)

    queue = {item["question"]["id"]: item for item in svc.review_queue()}
    assert queue["q-demo-1"]["flags"] == [{"law": "示例安全法", "checked": "2020-01-01", "latest": "2026-07-01"}]
    assert queue["q-demo-1"]["text_changed"] is True           # 第三条: new amounts
    assert queue["q-demo-2"]["text_changed"] is False          # 第二条 reads the same
    assert queue["q-demo-3"]["text_changed"] is True           # 第四条 is another rule now (renumbered)
    # 第五条 is gone: the question stays withheld, depending on the old version, and cannot be confirmed
    assert queue["q-demo-4"]["stale"] and bank.question("q-demo-4").deps == ("示例安全法@2020-01-01/5",)
    with pytest.raises(StudyError) as exc:
        svc.review_question("q-demo-4", reviewer_id=7)
    assert exc.value.code == "stale_question"
    svc.review_question("q-demo-4", reviewer_id=7, retire=True)
    svc.review_question("q-demo-3", reviewer_id=7, retire=True)
    with pytest.raises(StudyError) as exc:
        svc.question("q-demo-1")                                  # withheld: not served
    assert exc.value.code == "no_such_question"

    # a reviewer confirms one, retires another, and confirms all unchanged ones in bulk
    svc.review_question("q-demo-1", reviewer_id=7, note="数额已按新法核对")
    assert "q-demo-1" not in svc.withheld()
    svc.review_question("q-demo-2", reviewer_id=7, retire=True)
    assert "q-demo-2" in svc.withheld() and "q-demo-2" not in {i["question"]["id"] for i in svc.review_queue()}
    confirmed = svc.review_unchanged(reviewer_id=7)
    assert set(confirmed) == set(survivors)
    assert svc.withheld() == {"q-demo-2", "q-demo-3", "q-demo-4"}
    state = svc.repo.question_states()["q-demo-1"]
    assert state["checked"] == {"示例安全法": "2026-07-01"} and state["reviewed_by"] == 7


def test_without_a_database_the_deps_are_the_baseline(world):
    settings, lib, svc = world
    add_second_version(settings, lib)
    nodb = StudyService(lib, settings.corpus, None, as_of=AS_OF)
    # undated authored refs now resolve to the new version: nothing to compare with, nothing flagged but the
    # question whose article is gone (it still depends on the old version)
    assert nodb.withheld() == {"q-demo-4"}
    # a version in the future flags what depends on the one in force now
    early = StudyService(lib, settings.corpus, None, as_of="2026-06-01")
    s = early.stats()
    assert s["withheld"] == s["authored"] + s["generated"]


def test_cli_stats(world, tmp_path):
    from webapp.cli import cli
    settings, lib, svc = world
    runner = CliRunner()
    res = runner.invoke(cli, ["--library", str(settings.library), "--data", str(settings.data),
                              "study", "stats", "--json", "--as-of", AS_OF, "--corpus", str(settings.corpus)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["units"] == 1 and data["authored"] == 4 and data["withheld"] == 0
    res = runner.invoke(cli, ["--library", str(settings.library), "--data", str(settings.data),
                              "study", "stats", "--as-of", AS_OF, "--corpus", str(settings.corpus)])
    assert res.exit_code == 0 and "学习单元" in res.output and "生成题目" in res.output


def test_review_pages(world, tmp_path):
    from tests.web.conftest import build_world, session_client

    from .webworld import make_study_app
    settings, lib, _svc = world
    app = make_study_app(settings, tmp_path / "web.sqlite3")
    try:
        w = build_world(app)
        rev = session_client(app, w.user("reviewer"))
        assert "没有待复核的题目" in rev.get("/study/review").get_data(as_text=True)
        trainee = session_client(app, w.user("trainee"))
        trainee.get("/study/")                                   # first use: review states are stored
        add_second_version(settings, lib)
        page = rev.get("/study/review").get_data(as_text=True)
        assert "q-demo-1" in page and "q-demo-4" in page and "已不存在" in page
        assert page.count('value="confirm"') == page.count('class="panel"') - 1 - 1   # all but the stale one
        resp = rev.post("/study/review", data={"csrf_token": rev.csrf, "question_id": "q-demo-1",
                                               "action": "confirm", "note": "已核对新数额"})
        assert resp.status_code == 302
        assert "q-demo-1" not in rev.get("/study/review").get_data(as_text=True)
        resp = rev.post("/study/review", data={"csrf_token": rev.csrf, "question_id": "q-demo-4", "action": "confirm"})
        assert resp.status_code == 409
        resp = rev.post("/study/review/unchanged", data={"csrf_token": rev.csrf})
        assert resp.status_code == 302
        body = rev.get("/api/v1/study/review").get_json()
        assert {q["question"]["id"] for q in body["questions"]} == {"q-demo-3", "q-demo-4"}
        # the review is in the audit trail
        adm = session_client(app, w.user("admin"))
        entries = adm.get("/api/v1/audit?entity=study_question").get_json()["entries"]
        assert {e["entity_id"] for e in entries} >= {"q-demo-1", "bulk"}
        assert session_client(app, w.user("trainee")).get("/study/review").status_code == 403
    finally:
        app.extensions["lawdesk_db"].dispose()
