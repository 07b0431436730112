"""The study JSON API under /api/v1/study (described by .openapi)."""

from __future__ import annotations

from flask import jsonify, request

from ... import access
from ...api import arg_int, json_body
from ...errors import UserError
from .common import bp, query_filters, jsonable, service, uid
from .trainer import do_review, trainees, unit_scope


@bp.get("/api/v1/study/stats")
@access.area("study")
def api_stats():
    s = service().stats()
    return jsonify({k: s[k] for k in ("as_of", "units", "authored", "generated", "questions", "withheld", "flagged",
                                      "retired", "invalid_authored", "generated_by_kind")})


@bp.get("/api/v1/study/units")
@access.area("study")
def api_units():
    return jsonify({"units": service().units(uid())})


@bp.get("/api/v1/study/units/<unit_id>")
@access.area("study")
def api_unit(unit_id: str):
    return jsonify(service().unit(unit_id[:16]))


@bp.get("/api/v1/study/search")
@access.area("study")
def api_search():
    q = (request.args.get("q") or "").strip()[:100]
    limit = arg_int("limit", 20, lo=1, hi=50)
    return jsonify({"query": q, "results": service().search(q, limit) if q else []})


@bp.get("/api/v1/study/practice")
@access.area("study")
def api_practice():
    svc = service()
    limit = arg_int("limit", 10, lo=1, hi=50)
    mode = request.args.get("mode") or "practice"
    if mode not in ("practice", "wrongbook"):
        raise UserError("参数 mode 只能是 practice 或 wrongbook。", code="invalid_parameter")
    if mode == "wrongbook":
        questions = svc.wrong_book_practice(uid(), limit)
    else:
        questions = svc.practice(uid(), limit=limit, **query_filters(request.args))
    seed = f"u{uid()}"
    return jsonify({"mode": mode, "questions": [q.to_public(seed=seed) for q in questions]})


@bp.post("/api/v1/study/answers")
@access.area("study")
def api_answer():
    body = json_body()
    qid = body.get("question_id")
    if not isinstance(qid, str) or not qid:
        raise UserError("缺少 question_id。", code="invalid_parameter")
    mode = body.get("mode", "practice")
    feeling = body.get("feeling")
    if feeling not in (None, "hard", "good", "easy"):
        raise UserError("feeling 只能是 hard、good 或 easy。", code="invalid_parameter")
    if not isinstance(mode, str):
        raise UserError("mode 无效。", code="invalid_parameter")
    return jsonify(service().answer(uid(), qid[:64], body.get("answer"), mode=mode, feeling=feeling))


@bp.get("/api/v1/study/wrong-book")
@access.area("study")
def api_wrong_book():
    return jsonify({"items": jsonable(service().wrong_book(uid()))})


@bp.delete("/api/v1/study/wrong-book/<question_id>")
@access.area("study")
def api_wrong_book_remove(question_id: str):
    if not service().remove_wrong(uid(), question_id[:64]):
        raise UserError("错题本中没有这道题。", code="not_found", status=404)
    return jsonify({"removed": question_id})


@bp.get("/api/v1/study/progress")
@access.area("study")
def api_progress():
    return jsonify(jsonable(service().progress(uid())))


@bp.get("/api/v1/study/exams")
@access.area("study")
def api_exams():
    return jsonify(jsonable(service().exam_history(uid())))


@bp.post("/api/v1/study/exams")
@access.area("study")
def api_exam_start():
    return jsonify(jsonable(service().start_exam(uid()))), 201


@bp.get("/api/v1/study/exams/<int:exam_id>")
@access.area("study")
def api_exam(exam_id: int):
    svc = service()
    view = svc.exam_view(uid(), exam_id)
    if view["finished"]:
        return jsonify(jsonable({"finished": True, "result": svc.exam_result(uid(), exam_id)}))
    return jsonify(jsonable(view))


@bp.put("/api/v1/study/exams/<int:exam_id>/answers")
@access.area("study")
def api_exam_answers(exam_id: int):
    body = json_body()
    return jsonify(service().save_exam_answers(uid(), exam_id, body.get("answers", {})))


@bp.post("/api/v1/study/exams/<int:exam_id>/submit")
@access.area("study")
def api_exam_submit(exam_id: int):
    body = request.get_json(silent=True)
    answers = body.get("answers") if isinstance(body, dict) else None
    return jsonify(jsonable(service().submit_exam(uid(), exam_id, answers)))


@bp.get("/api/v1/study/trainees")
@access.area("training")
def apitrainees():
    unit_id = unit_scope()
    return jsonify(jsonable({"unit_id": unit_id, "trainees": service().trainees_overview(trainees(unit_id))}))


@bp.get("/api/v1/study/review")
@access.area("training")
def api_review_queue():
    return jsonify({"questions": service().review_queue()})


@bp.post("/api/v1/study/review")
@access.area("training")
def api_review():
    body = json_body()
    qid = body.get("question_id")
    note = body.get("note")
    if not isinstance(qid, str) or not qid or (note is not None and not isinstance(note, str)):
        raise UserError("需要 question_id（以及可选的 note 字符串）。", code="invalid_parameter")
    return jsonify(do_review(qid[:64], body.get("action"), (note or "")[:500] or None))
