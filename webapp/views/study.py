"""Study mode (issue 8): pages under /study and the JSON API under /api/v1/study.

The work is done by the Flask-free services in webapp/services/study; this module maps requests onto them. Access:
area "study" (every logged-in user) for a trainee's own study, area "training" (admin: every unit; reviewer:
own unit) for the trainer's view and the review of questions whose laws gained a new version. A trainee only
ever sees their own records: every query is by `g.user["id"]`."""

from __future__ import annotations

from webapp.library import library

import threading

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, url_for

from .. import access, audit, db
from ..api import arg_int, iso, json_body
from ..errors import UserError, error_response

bp = Blueprint("study", __name__)

_lock = threading.Lock()


# ------------------------------------------------------------------------------------------------ plumbing
def init_app(app) -> None:
    from webapp.services.study import tables
    from webapp.services.study.service import StudyError

    for table in tables.ALL:                       # the platform's convention: area tables on db.metadata
        if table.name not in db.metadata.tables:
            table.to_metadata(db.metadata)

    @app.errorhandler(StudyError)
    def _study_error(exc: StudyError):
        return error_response(exc.status, exc.code, exc.message)


def service():
    """The app's StudyService; picks up a statute index built after start (and rebuilds of it)."""
    from webapp.services.study.exam import ExamConfig
    from webapp.services.study.repository import StudyRepository
    from webapp.services.study.service import StudyService

    app = current_app
    state = app.extensions.get("lawdesk_study")
    if state is None:
        with _lock:
            state = app.extensions.get("lawdesk_study")
            if state is None:
                settings = app.config["LAWDESK_SETTINGS"]
                cfg = ExamConfig(count=int(app.config.get("STUDY_EXAM_QUESTIONS", 50)),
                                 minutes=int(app.config.get("STUDY_EXAM_MINUTES", 60)),
                                 pass_mark=int(app.config.get("STUDY_EXAM_PASS_MARK", 60)))
                svc = StudyService(library(), settings.corpus, StudyRepository(db.engine()),
                                   exam_config=cfg, as_of=app.config.get("STUDY_AS_OF"))
                state = {"service": svc}
                app.extensions["lawdesk_study"] = state
    svc = state["service"]
    svc.library = library()        # refreshed, or found once an index has been built after start
    return svc


def uid() -> int:
    return int(g.user["id"])


def _filters(args) -> dict:
    out = {}
    for key in ("unit", "topic", "law", "source", "kind"):
        value = (args.get(key) or "").strip()[:200]
        if value:
            out[key] = value
    if out.get("source") not in (None, "authored", "generated"):
        raise UserError("参数 source 只能是 authored 或 generated。", code="invalid_parameter")
    return out


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return iso(value) if hasattr(value, "hour") else value.isoformat()
    return value


# -------------------------------------------------------------------------------------------------- pages
@bp.get("/study/")
@access.area("study")
def index():
    svc = service()
    progress = svc.progress(uid())
    return render_template("study/index.html", units=progress["units"], progress=progress,
                           library_missing=svc.library is None, exam=svc.exam_config,
                           stats=svc.stats() if access.can("training") else None)


@bp.get("/study/units/<unit_id>")
@access.area("study")
def unit(unit_id: str):
    svc = service()
    data = svc.unit(unit_id[:16])
    svc.mark_unit(uid(), data["id"])
    done = svc.units(uid())
    status: dict = next((u for u in done if u["id"] == data["id"]), {})
    ids = [u["id"] for u in done]
    i = ids.index(data["id"])
    return render_template("study/unit.html", unit=data, status=status, library_missing=svc.library is None,
                           prev_unit=done[i - 1] if i > 0 else None,
                           next_unit=done[i + 1] if i + 1 < len(done) else None)


@bp.post("/study/units/<unit_id>/done")
@access.area("study")
def unit_done(unit_id: str):
    service().mark_unit(uid(), unit_id[:16], completed=True)
    flash("已标记为学完。", "success")
    return redirect(url_for("study.unit", unit_id=unit_id[:16]))


@bp.get("/study/search")
@access.area("study")
def search():
    q = (request.args.get("q") or "").strip()[:100]
    results = service().search(q) if q else []
    return render_template("study/search.html", q=q, results=results)


@bp.get("/study/practice")
@access.area("study")
def practice():
    svc = service()
    filters = _filters(request.args)
    bank = svc.bank()
    return render_template("study/practice.html", filters=filters, units=bank.units, topics=bank.topics(),
                           laws=bank.laws(), mode="wrongbook" if request.args.get("mode") == "wrongbook" else "practice")


@bp.get("/study/wrong-book")
@access.area("study")
def wrong_book():
    return render_template("study/wrong_book.html", items=service().wrong_book(uid()))


@bp.post("/study/wrong-book/remove")
@access.area("study")
def wrong_book_remove():
    qid = (request.form.get("question_id") or "")[:64]
    if service().remove_wrong(uid(), qid):
        flash("已从错题本移除。", "success")
    return redirect(url_for("study.wrong_book"))


@bp.get("/study/progress")
@access.area("study")
def progress():
    svc = service()
    return render_template("study/progress.html", progress=svc.progress(uid()), history=svc.exam_history(uid()))


@bp.get("/study/exam")
@access.area("study")
def exam_home():
    svc = service()
    history = svc.exam_history(uid())
    return render_template("study/exam_home.html", history=history, exam=svc.exam_config)


@bp.post("/study/exam/start")
@access.area("study")
def exam_start():
    view = service().start_exam(uid())
    return redirect(url_for("study.exam", exam_id=view["id"]))


@bp.get("/study/exams/<int:exam_id>")
@access.area("study")
def exam(exam_id: int):
    svc = service()
    view = svc.exam_view(uid(), exam_id)
    if view["finished"]:
        return render_template("study/exam_result.html", result=svc.exam_result(uid(), exam_id))
    return render_template("study/exam.html", exam=view)


# ------------------------------------------------------------------------------------- trainer (training)
def _unit_scope() -> int | None:
    """The unit whose trainees are shown: the reviewer's own; an admin may pick any (default: own)."""
    scope = access.scope_unit("training")
    if scope is not None:
        return scope
    return arg_int("unit_id", g.user["unit_id"], lo=1, hi=2**31 - 1)


def _trainees(unit_id: int) -> list[dict]:
    u = db.users
    with db.read() as conn:
        rows = conn.execute(sa.select(u.c.id, u.c.username, u.c.display_name, u.c.active)
                            .where(u.c.unit_id == unit_id, u.c.role == "trainee").order_by(u.c.username)).mappings()
        return [dict(r) for r in rows]


def _units_list() -> list[dict]:
    with db.read() as conn:
        return [dict(r) for r in conn.execute(sa.select(db.units.c.id, db.units.c.name).order_by(db.units.c.id))
                .mappings()]


@bp.get("/study/trainer")
@access.area("training")
def trainer():
    unit_id = _unit_scope()
    rows = service().trainees_overview(_trainees(unit_id))
    units = _units_list() if access.scope_unit("training") is None else []
    unit_name = next((u["name"] for u in _units_list() if u["id"] == unit_id), "")
    return render_template("study/trainer.html", rows=rows, unit_id=unit_id, unit_name=unit_name, units=units)


def unit_of_trainee(user_id: int):
    with db.read() as conn:
        row = conn.execute(sa.select(db.users.c.unit_id).where(db.users.c.id == user_id,
                                                                db.users.c.role == "trainee")).first()
    return row.unit_id if row else None


@bp.get("/study/trainer/trainees/<int:user_id>")
@access.area("training", unit_of=unit_of_trainee)
def trainee(user_id: int):
    svc = service()
    with db.read() as conn:
        user = dict(conn.execute(sa.select(db.users.c.id, db.users.c.username, db.users.c.display_name,
                                           db.users.c.unit_id).where(db.users.c.id == user_id)).mappings().one())
    return render_template("study/trainee.html", trainee=user, progress=svc.progress(user_id),
                           history=svc.exam_history(user_id))


@bp.get("/study/review")
@access.area("training")
def review():
    svc = service()
    return render_template("study/review.html", queue=svc.review_queue(), stats=svc.stats())


@bp.post("/study/review")
@access.area("training")
def review_post():
    qid = (request.form.get("question_id") or "")[:64]
    action = request.form.get("action")
    note = (request.form.get("note") or "").strip()[:500] or None
    _do_review(qid, action, note)
    flash("已停用该题目。" if action == "retire" else "已确认，题目恢复使用。", "success")
    return redirect(url_for("study.review"))


@bp.post("/study/review/unchanged")
@access.area("training")
def review_unchanged():
    done = service().review_unchanged(uid())
    if done:
        audit.record("approve", "study_question", "bulk", after={"confirmed": done, "reason": "条文文字未变"})
    flash(f"已确认 {len(done)} 道条文文字未变的题目。", "success")
    return redirect(url_for("study.review"))


def _do_review(qid: str, action: str | None, note: str | None) -> dict:
    if action not in ("confirm", "retire"):
        raise UserError("action 只能是 confirm 或 retire。", code="invalid_parameter")
    svc = service()
    before = next((item for item in svc.review_queue() if item["question"]["id"] == qid), None)
    result = svc.review_question(qid, uid(), note, retire=action == "retire")
    audit.record("approve" if action == "confirm" else "update", "study_question", qid,
                 before={"flags": before["flags"]} if before else None, after={**result, "note": note})
    return result


# ----------------------------------------------------------------------------------------------- JSON API
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
        items = [w for w in svc.wrong_book(uid()) if not w["withheld"]][:limit]
        questions = [svc.question(w["question"]["id"]) for w in items]
    else:
        questions = svc.practice(uid(), limit=limit, **_filters(request.args))
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
    return jsonify({"items": _jsonable(service().wrong_book(uid()))})


@bp.delete("/api/v1/study/wrong-book/<question_id>")
@access.area("study")
def api_wrong_book_remove(question_id: str):
    if not service().remove_wrong(uid(), question_id[:64]):
        raise UserError("错题本中没有这道题。", code="not_found", status=404)
    return jsonify({"removed": question_id})


@bp.get("/api/v1/study/progress")
@access.area("study")
def api_progress():
    return jsonify(_jsonable(service().progress(uid())))


@bp.get("/api/v1/study/exams")
@access.area("study")
def api_exams():
    return jsonify(_jsonable(service().exam_history(uid())))


@bp.post("/api/v1/study/exams")
@access.area("study")
def api_exam_start():
    return jsonify(_jsonable(service().start_exam(uid()))), 201


@bp.get("/api/v1/study/exams/<int:exam_id>")
@access.area("study")
def api_exam(exam_id: int):
    svc = service()
    view = svc.exam_view(uid(), exam_id)
    if view["finished"]:
        return jsonify(_jsonable({"finished": True, "result": svc.exam_result(uid(), exam_id)}))
    return jsonify(_jsonable(view))


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
    return jsonify(_jsonable(service().submit_exam(uid(), exam_id, answers)))


@bp.get("/api/v1/study/trainees")
@access.area("training")
def api_trainees():
    unit_id = _unit_scope()
    return jsonify(_jsonable({"unit_id": unit_id, "trainees": service().trainees_overview(_trainees(unit_id))}))


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
    return jsonify(_do_review(qid[:64], body.get("action"), (note or "")[:500] or None))


# ------------------------------------------------------------------------------------------------ OpenAPI
def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(desc, schema):
    return {"description": desc, "content": {"application/json": {"schema": schema}}}


def _err(desc):
    return _json(desc, _ref("Error"))


_E = {"400": _err("请求参数有误"), "401": _err("未登录或令牌无效"), "403": _err("无权访问"), "404": _err("不存在"),
      "409": _err("状态冲突（已交卷、已超时、题库为空）")}
_OBJ = {"type": "object"}
_ARR = {"type": "array", "items": {"type": "object"}}
_TAG = ["study"]


def _op(summary, op_id, ok, codes=("401",), params=None, body=None, status="200"):
    op = {"summary": summary, "operationId": op_id, "tags": _TAG, "responses": {status: ok}}
    for c in codes:
        op["responses"][c] = _E[c]
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return op


def _q(name, schema, desc=None):
    p = {"name": name, "in": "query", "schema": schema}
    if desc:
        p["description"] = desc
    return p


_EXAM_ID = {"name": "exam_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
_STR = {"type": "string", "maxLength": 200}
_FILTERS = [_q("unit", _STR, "学习单元编号，如 u01"), _q("topic", _STR), _q("law", _STR, "法规键，如 安全生产法"),
            _q("source", {"type": "string", "enum": ["authored", "generated"]}),
            _q("kind", {"type": "string", "enum": ["authored", "cloze-amount", "cloze-deadline", "cloze-prison",
                                                    "cloze-term", "which-article"]})]
_CHOICE = {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 7}, "maxItems": 8}
_QID = {"type": "string", "minLength": 1, "maxLength": 64}
_ANSWERS = {"type": "object", "additionalProperties": _CHOICE,
            "description": "{题目编号: [所选选项的 index]}；不在本试卷中的题目编号被忽略"}

OPENAPI = {
    "tags": [{"name": "study", "description": "学习：单元、练习、错题本、间隔复习、模拟考试"}],
    "components": {"schemas": {
        "StudyOption": {"type": "object", "required": ["index", "text"],
                        "properties": {"index": {"type": "integer"}, "text": {"type": "string"}}},
        "StudyQuestion": {"type": "object", "required": ["id", "type", "stem", "options"], "properties": {
            "id": {"type": "string"}, "type": {"type": "string", "enum": ["single", "multiple", "truefalse"]},
            "type_label": {"type": "string"}, "kind": {"type": "string"}, "kind_label": {"type": "string"},
            "stem": {"type": "string"}, "options": {"type": "array", "items": _ref("StudyOption")},
            "topic": {"type": "string"}, "law": {"type": "string"}, "unit": {"type": "string", "nullable": True},
            "difficulty": {"type": "integer"}, "source": {"type": "string"},
            "number": {"type": "integer"}}},
        "StudyAnswerResult": {"type": "object", "required": ["question_id", "correct", "answer"], "properties": {
            "question_id": {"type": "string"}, "correct": {"type": "boolean"},
            "chosen": {"type": "array", "items": {"type": "integer"}},
            "answer": {"type": "array", "items": {"type": "integer"}}, "explanation": {"type": "string"},
            "explanation_html": {"type": "string"}, "refs": {"type": "array", "items": {"type": "string"}},
            "deps": {"type": "array", "items": {"type": "string"}}, "next_review": {"type": "string"},
            "interval_days": {"type": "integer"}, "in_wrong_book": {"type": "boolean"},
            "cleared_from_wrong_book": {"type": "boolean"}}},
        "StudyExam": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"}, "finished": {"type": "boolean"}, "remaining_seconds": {"type": "integer"},
            "minutes": {"type": "integer"}, "pass_mark": {"type": "integer"}, "count": {"type": "integer"},
            "questions": {"type": "array", "items": _ref("StudyQuestion")}, "answers": _ANSWERS,
            "result": {"type": "object"}}},
        "StudyExamResult": {"type": "object", "required": ["id", "score", "passed"], "properties": {
            "id": {"type": "integer"}, "score": {"type": "number"}, "passed": {"type": "boolean"},
            "correct": {"type": "integer"}, "count": {"type": "integer"}, "pass_mark": {"type": "integer"},
            "timed_out": {"type": "boolean"}, "per_topic": _ARR, "questions": _ARR}},
    }},
    "paths": {
        "/api/v1/study/stats": {"get": _op("题库统计：单元、编写题、生成题、待复核题", "study_stats", _json("统计", _OBJ))},
        "/api/v1/study/units": {"get": _op("学习单元列表（含本人学习状态）", "study_units", _json("单元", {
            "type": "object", "required": ["units"], "properties": {"units": _ARR}}))},
        "/api/v1/study/units/{unit_id}": {"get": _op(
            "学习单元全文（HTML，引用链接到条文版本）", "study_unit", _json("单元", _OBJ), ("401", "404"),
            params=[{"name": "unit_id", "in": "path", "required": True, "schema": {"type": "string"}}])},
        "/api/v1/study/search": {"get": _op("检索学习单元", "study_search", _json("结果", _OBJ), ("400", "401"),
                                            params=[_q("q", {"type": "string", "maxLength": 100}),
                                                    _q("limit", {"type": "integer", "minimum": 1, "maximum": 50})])},
        "/api/v1/study/practice": {"get": _op(
            "下一组练习题（先到期复习，再新题）", "study_practice",
            _json("题目", {"type": "object", "required": ["questions"], "properties": {
                "mode": {"type": "string"}, "questions": {"type": "array", "items": _ref("StudyQuestion")}}}),
            ("400", "401"), params=_FILTERS + [_q("limit", {"type": "integer", "minimum": 1, "maximum": 50}),
                                               _q("mode", {"type": "string", "enum": ["practice", "wrongbook"]})])},
        "/api/v1/study/answers": {"post": _op(
            "提交一道练习题的答案（记录、间隔复习排期、错题本）", "study_answer", _json("判定", _ref("StudyAnswerResult")),
            ("400", "401", "404"), body={"type": "object", "required": ["question_id", "answer"], "properties": {
                "question_id": _QID, "answer": dict(_CHOICE, minItems=1),
                "mode": {"type": "string", "enum": ["practice", "review", "wrongbook"]},
                "feeling": {"type": "string", "enum": ["hard", "good", "easy"]}}})},
        "/api/v1/study/wrong-book": {"get": _op("错题本", "study_wrong_book", _json("错题", {
            "type": "object", "required": ["items"], "properties": {"items": _ARR}}))},
        "/api/v1/study/wrong-book/{question_id}": {"delete": _op(
            "从错题本移除", "study_wrong_book_remove", _json("已移除", _OBJ), ("401", "404"),
            params=[{"name": "question_id", "in": "path", "required": True, "schema": {"type": "string"}}])},
        "/api/v1/study/progress": {"get": _op("学习进度（按主题、按法规）", "study_progress", _json("进度", _OBJ))},
        "/api/v1/study/exams": {
            "get": _op("模拟考试记录和图表数据", "study_exams", _json("记录", _OBJ)),
            "post": _op("开始（或继续）模拟考试", "study_exam_start", _json("试卷", _ref("StudyExam")), ("401", "409"),
                        status="201")},
        "/api/v1/study/exams/{exam_id}": {"get": _op("考试状态或成绩", "study_exam", _json("试卷或成绩", _ref("StudyExam")),
                                                     ("401", "404"), params=[_EXAM_ID])},
        "/api/v1/study/exams/{exam_id}/answers": {"put": _op(
            "保存作答（考试中自动保存）", "study_exam_save", _json("已保存", _OBJ), ("400", "401", "404", "409"),
            params=[_EXAM_ID], body={"type": "object", "properties": {"answers": _ANSWERS}})},
        "/api/v1/study/exams/{exam_id}/submit": {"post": _op(
            "交卷", "study_exam_submit", _json("成绩", _ref("StudyExamResult")), ("400", "401", "404"),
            params=[_EXAM_ID], body={"type": "object", "properties": {"answers": _ANSWERS}})},
        "/api/v1/study/trainees": {"get": _op(
            "本单位学员的学习情况（培训管理）", "study_trainees", _json("学员", _OBJ), ("400", "401", "403"),
            params=[_q("unit_id", {"type": "integer", "minimum": 1, "maximum": 2147483647}, "管理员可指定单位")])},
        "/api/v1/study/review": {
            "get": _op("法规出现新版本、待复核的题目", "study_review_queue", _json("待复核", _OBJ), ("401", "403")),
            "post": _op("复核题目：confirm 恢复使用 / retire 停用", "study_review", _json("结果", _OBJ),
                        ("400", "401", "403", "404"), body={
                            "type": "object", "required": ["question_id", "action"], "properties": {
                                "question_id": _QID,
                                "action": {"type": "string", "enum": ["confirm", "retire"]},
                                "note": {"type": "string", "maxLength": 500}}})},
    },
}
