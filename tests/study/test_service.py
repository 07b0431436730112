"""The study use cases on the real units, authored bank and generated items, with a throw-away database."""

from __future__ import annotations


import pytest

from webapp.services.study.exam import ExamConfig, assemble, score
from webapp.services.study.service import StudyError, StudyService

from .conftest import AS_OF

USER, OTHER = 11, 12


def wrong_choice(q):
    return [next(i for i in range(len(q.options)) if (i,) != q.answer)]


def test_units_and_unit_page(service):
    units = service.units(USER)
    assert len(units) >= 12 and all(u["questions"] > 0 for u in units)
    page = service.unit(units[0]["id"])
    assert '<a class="cite"' in page["html"] and page["toc"]
    service.mark_unit(USER, units[0]["id"])
    service.mark_unit(USER, units[0]["id"], completed=True)
    assert service.units(USER)[0]["completed"]
    with pytest.raises(StudyError):
        service.unit("u99")
    assert service.search("有限空间")


def test_practice_answer_schedule_and_wrong_book(service, clock):
    qs = service.practice(USER, limit=5, unit="u01")
    assert len(qs) == 5 and all(q.unit == "u01" for q in qs)
    assert qs[0].source == "authored"                      # never-seen authored questions first
    right, wrong = qs[0], qs[1]
    r = service.answer(USER, right.id, list(right.answer))
    assert r["correct"] and r["next_review"] == "2026-11-29" and "cite" in r["explanation_html"]
    r = service.answer(USER, wrong.id, wrong_choice(wrong))
    assert not r["correct"] and r["in_wrong_book"]
    book = service.wrong_book(USER)
    assert [b["question"]["id"] for b in book] == [wrong.id] and book[0]["wrong_count"] == 1
    assert "answer" not in book[0]["question"]
    # tomorrow both are due and come first
    clock.advance(days=1)
    due = service.practice(USER, limit=2, unit="u01")
    assert {q.id for q in due} == {right.id, wrong.id}
    # answered right twice in a row: out of the book
    service.answer(USER, wrong.id, list(wrong.answer), mode="wrongbook")
    assert service.wrong_book(USER)
    r = service.answer(USER, wrong.id, list(wrong.answer), mode="wrongbook")
    assert r["cleared_from_wrong_book"] and service.wrong_book(USER) == []
    # the other user has nothing
    assert service.wrong_book(OTHER) == [] and service.progress(OTHER)["by_topic"] == []


def test_answer_validation(service):
    q = service.practice(USER, limit=1, source="authored")[0]
    for bad in (None, [], ["a"], [99], "x"):
        with pytest.raises(StudyError):
            service.answer(USER, q.id, bad)
    with pytest.raises(StudyError):
        service.answer(USER, "no-such-question", [0])
    with pytest.raises(StudyError):
        service.answer(USER, q.id, [0], mode="cheat")


def test_progress_by_topic_and_law(service):
    for q in service.practice(USER, limit=6, unit="u05"):
        service.answer(USER, q.id, list(q.answer))
    for q in service.practice(USER, limit=2, unit="u12"):
        service.answer(USER, q.id, wrong_choice(q))
    p = service.progress(USER)
    topics = {r["key"]: r for r in p["by_topic"]}
    assert topics["有限空间"]["accuracy"] == 100.0 and topics["有限空间"]["answered"] == 6
    assert topics["处罚程序"]["accuracy"] == 0.0
    assert topics["有限空间"]["total"] >= 6
    laws = {r["key"] for r in p["by_law"]}
    assert "行政处罚法" in laws or "安全生产法" in laws
    assert p["cards"]["total"] == 8 and p["wrong_book"] == 2


def test_exam_paper_assembly(service):
    cfg = ExamConfig()
    avail = service.available()
    topics = [u.topic for u in service.bank().units]
    paper = assemble(avail, cfg, "seed-1", topics)
    assert len(paper) == 50 and len({q.id for q in paper}) == 50
    assert paper == assemble(avail, cfg, "seed-1", topics)
    assert sum(q.source == "authored" for q in paper) == 35
    assert len({q.topic for q in paper}) >= 10
    s = score(paper, {q.id: list(q.answer) for q in paper[:30]}, 60)
    assert (s.correct, s.score, s.passed) == (30, 60.0, True)
    s = score(paper, {q.id: list(q.answer) for q in paper[:29]}, 60)
    assert (s.score, s.passed) == (58.0, False)


def answer_paper(view, n_right, paper_by_id):
    answers = {}
    for i, item in enumerate(view["questions"]):
        q = paper_by_id[item["id"]]
        answers[q.id] = list(q.answer) if i < n_right else wrong_choice(q)
    return answers


def test_full_mock_exam_pass_and_fail(service, clock):
    view = service.start_exam(USER)
    assert view["count"] == 50 and view["minutes"] == 60 and view["pass_mark"] == 60
    assert view["remaining_seconds"] == 3600
    assert all("answer" not in q for q in view["questions"])
    # starting again resumes the running exam
    assert service.start_exam(USER)["id"] == view["id"]
    bank = service.bank()
    by_id = {q["id"]: bank.question(q["id"]) for q in view["questions"]}
    answers = answer_paper(view, 40, by_id)
    first = dict(list(answers.items())[:10])
    service.save_exam_answers(USER, view["id"], first)
    assert service.exam_view(USER, view["id"])["answers"] == first
    clock.advance(minutes=30)
    result = service.submit_exam(USER, view["id"], answers)
    assert result["score"] == 80.0 and result["passed"] and result["correct"] == 40
    assert sum(t["total"] for t in result["per_topic"]) == 50
    assert all("explanation" in q for q in result["questions"])
    # submitting twice changes nothing; other users cannot see it
    assert service.submit_exam(USER, view["id"], {})["score"] == 80.0
    with pytest.raises(StudyError):
        service.exam_view(OTHER, view["id"])
    # a failed one
    view2 = service.start_exam(USER)
    assert view2["id"] != view["id"]
    by_id2 = {q["id"]: bank.question(q["id"]) for q in view2["questions"]}
    result2 = service.submit_exam(USER, view2["id"], answer_paper(view2, 20, by_id2))
    assert result2["score"] == 40.0 and not result2["passed"]
    hist = service.exam_history(USER)
    assert [e["score"] for e in hist["exams"]] == [40.0, 80.0]
    assert [s["score"] for s in hist["chart"]["scores"]] == [80.0, 40.0]
    assert hist["summary"] == {"taken": 2, "passed": 1, "best": 80.0, "last": 40.0}
    assert hist["chart"]["topics"] and all(0 <= t["accuracy"] <= 100 for t in hist["chart"]["topics"])
    # wrong exam answers are in the 错题本, exam attempts count in progress
    assert len(service.wrong_book(USER)) >= 10
    assert service.progress(USER)["exams"]["taken"] == 2


def test_exam_time_limit(service, clock):
    view = service.start_exam(USER)
    bank = service.bank()
    by_id = {q["id"]: bank.question(q["id"]) for q in view["questions"]}
    answers = answer_paper(view, 50, by_id)
    saved = dict(list(answers.items())[:35])
    service.save_exam_answers(USER, view["id"], saved)
    clock.advance(minutes=61)
    # after the time (and the grace) only what was saved in time counts
    result = service.submit_exam(USER, view["id"], answers)
    assert result["timed_out"] and result["correct"] == 35 and result["score"] == 70.0
    # an exam left open is closed when its owner comes back
    view2 = service.start_exam(USER)
    clock.advance(minutes=90)
    with pytest.raises(StudyError):
        service.save_exam_answers(USER, view2["id"], {})
    assert service.exam_view(USER, view2["id"])["finished"]


def test_exam_config_is_configurable(lib, settings, repo, clock):
    svc = StudyService(lib, settings.corpus, repo, as_of=AS_OF, now=clock,
                       exam_config=ExamConfig(count=10, minutes=15, pass_mark=80))
    view = svc.start_exam(USER)
    assert view["count"] == 10 and view["minutes"] == 15 and view["pass_mark"] == 80
    res = svc.submit_exam(USER, view["id"], {})
    assert res["score"] == 0.0 and not res["passed"]


def test_trainer_overview(service):
    q = service.practice(USER, limit=1)[0]
    service.answer(USER, q.id, list(q.answer))
    service.mark_unit(USER, "u01", completed=True)
    view = service.start_exam(USER)
    service.submit_exam(USER, view["id"], {})
    rows = service.trainees_overview([{"id": USER, "username": "t1", "display_name": "学员一"},
                                      {"id": OTHER, "username": "t2", "display_name": "学员二"}])
    a, b = rows
    assert a["attempts"] == 1 and a["accuracy"] == 100.0 and a["units_completed"] == 1 and a["exams"] == 1
    assert a["best_score"] == 0.0 and not a["passed"]
    assert b["attempts"] == 0 and b["exams"] == 0 and b["accuracy"] is None


def test_stats(service):
    s = service.stats()
    assert s["units"] >= 12 and s["authored"] >= 150 and s["generated"] > 500
    assert s["withheld"] == 0 and s["database"]


def test_wrong_book_practice_leaves_out_withheld_and_keeps_the_limit(service, monkeypatch):
    qs = service.practice(USER, limit=3, unit="u01")
    for q in qs:
        service.answer(USER, q.id, wrong_choice(q))
    book = service.wrong_book(USER)
    assert len(book) == 3
    assert [q.id for q in service.wrong_book_practice(USER, limit=2)] == [b["question"]["id"] for b in book[:2]]
    withheld = book[0]["question"]["id"]
    monkeypatch.setattr(service, "wrong_book",
                        lambda user_id: [dict(b, withheld=b["question"]["id"] == withheld) for b in book])
    assert [q.id for q in service.wrong_book_practice(USER)] == [b["question"]["id"] for b in book[1:]]
