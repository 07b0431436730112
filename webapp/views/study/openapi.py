"""The OpenAPI paths of the study JSON API (webapp/api.py merges every blueprint's OPENAPI)."""

from __future__ import annotations

from webapp import openapi as oa

_E = {"400": oa.error("请求参数有误"), "401": oa.error("未登录或令牌无效"), "403": oa.error("无权访问"), "404": oa.error("不存在"),
      "409": oa.error("状态冲突（已交卷、已超时、题库为空）")}
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
            "stem": {"type": "string"}, "options": {"type": "array", "items": oa.ref("StudyOption")},
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
            "questions": {"type": "array", "items": oa.ref("StudyQuestion")}, "answers": _ANSWERS,
            "result": {"type": "object"}}},
        "StudyExamResult": {"type": "object", "required": ["id", "score", "passed"], "properties": {
            "id": {"type": "integer"}, "score": {"type": "number"}, "passed": {"type": "boolean"},
            "correct": {"type": "integer"}, "count": {"type": "integer"}, "pass_mark": {"type": "integer"},
            "timed_out": {"type": "boolean"}, "per_topic": _ARR, "questions": _ARR}},
    }},
    "paths": {
        "/api/v1/study/stats": {"get": _op("题库统计：单元、编写题、生成题、待复核题", "study_stats", oa.response("统计", _OBJ))},
        "/api/v1/study/units": {"get": _op("学习单元列表（含本人学习状态）", "study_units", oa.response("单元", {
            "type": "object", "required": ["units"], "properties": {"units": _ARR}}))},
        "/api/v1/study/units/{unit_id}": {"get": _op(
            "学习单元全文（HTML，引用链接到条文版本）", "study_unit", oa.response("单元", _OBJ), ("401", "404"),
            params=[{"name": "unit_id", "in": "path", "required": True, "schema": {"type": "string"}}])},
        "/api/v1/study/search": {"get": _op("检索学习单元", "study_search", oa.response("结果", _OBJ), ("400", "401"),
                                            params=[_q("q", {"type": "string", "maxLength": 100}),
                                                    _q("limit", {"type": "integer", "minimum": 1, "maximum": 50})])},
        "/api/v1/study/practice": {"get": _op(
            "下一组练习题（先到期复习，再新题）", "study_practice",
            oa.response("题目", {"type": "object", "required": ["questions"], "properties": {
                "mode": {"type": "string"}, "questions": {"type": "array", "items": oa.ref("StudyQuestion")}}}),
            ("400", "401"), params=_FILTERS + [_q("limit", {"type": "integer", "minimum": 1, "maximum": 50}),
                                               _q("mode", {"type": "string", "enum": ["practice", "wrongbook"]})])},
        "/api/v1/study/answers": {"post": _op(
            "提交一道练习题的答案（记录、间隔复习排期、错题本）", "study_answer", oa.response("判定", oa.ref("StudyAnswerResult")),
            ("400", "401", "404"), body={"type": "object", "required": ["question_id", "answer"], "properties": {
                "question_id": _QID, "answer": dict(_CHOICE, minItems=1),
                "mode": {"type": "string", "enum": ["practice", "review", "wrongbook"]},
                "feeling": {"type": "string", "enum": ["hard", "good", "easy"]}}})},
        "/api/v1/study/wrong-book": {"get": _op("错题本", "study_wrong_book", oa.response("错题", {
            "type": "object", "required": ["items"], "properties": {"items": _ARR}}))},
        "/api/v1/study/wrong-book/{question_id}": {"delete": _op(
            "从错题本移除", "study_wrong_book_remove", oa.response("已移除", _OBJ), ("401", "404"),
            params=[{"name": "question_id", "in": "path", "required": True, "schema": {"type": "string"}}])},
        "/api/v1/study/progress": {"get": _op("学习进度（按主题、按法规）", "study_progress", oa.response("进度", _OBJ))},
        "/api/v1/study/exams": {
            "get": _op("模拟考试记录和图表数据", "study_exams", oa.response("记录", _OBJ)),
            "post": _op("开始（或继续）模拟考试", "study_exam_start", oa.response("试卷", oa.ref("StudyExam")), ("401", "409"),
                        status="201")},
        "/api/v1/study/exams/{exam_id}": {"get": _op("考试状态或成绩", "study_exam", oa.response("试卷或成绩", oa.ref("StudyExam")),
                                                     ("401", "404"), params=[_EXAM_ID])},
        "/api/v1/study/exams/{exam_id}/answers": {"put": _op(
            "保存作答（考试中自动保存）", "study_exam_save", oa.response("已保存", _OBJ), ("400", "401", "404", "409"),
            params=[_EXAM_ID], body={"type": "object", "properties": {"answers": _ANSWERS}})},
        "/api/v1/study/exams/{exam_id}/submit": {"post": _op(
            "交卷", "study_exam_submit", oa.response("成绩", oa.ref("StudyExamResult")), ("400", "401", "404"),
            params=[_EXAM_ID], body={"type": "object", "properties": {"answers": _ANSWERS}})},
        "/api/v1/study/trainees": {"get": _op(
            "本单位学员的学习情况（培训管理）", "study_trainees", oa.response("学员", _OBJ), ("400", "401", "403"),
            params=[_q("unit_id", {"type": "integer", "minimum": 1, "maximum": 2147483647}, "管理员可指定单位")])},
        "/api/v1/study/review": {
            "get": _op("法规出现新版本、待复核的题目", "study_review_queue", oa.response("待复核", _OBJ), ("401", "403")),
            "post": _op("复核题目：confirm 恢复使用 / retire 停用", "study_review", oa.response("结果", _OBJ),
                        ("400", "401", "403", "404"), body={
                            "type": "object", "required": ["question_id", "action"], "properties": {
                                "question_id": _QID,
                                "action": {"type": "string", "enum": ["confirm", "retire"]},
                                "note": {"type": "string", "maxLength": 500}}})},
    },
}
