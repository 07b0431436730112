"""The OpenAPI description of the handbook JSON API (webapp/api.py merges every blueprint's OPENAPI)."""

from __future__ import annotations

from webapp import openapi as oa
from webapp.api import NON_BLANK

_ENTRY_ID = {"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 32},
             "description": "条目编号，如 SP-001"}
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100},
         "description": "章节标识（标题去掉括注），如 听证程序"}
_OBJ = {"type": "object"}


_CITED_REF = {"type": "object", "required": ["ref"], "properties": {
    "ref": {"type": "string"}, "citation": {"type": "string"}, "dated": {"type": "string"},
    "ok": {"type": "boolean"}, "in_force": {"type": "boolean"}, "status": {"type": "string"},
    "error": {"type": "string"}}}

OPENAPI = {
    "tags": [{"name": "handbook", "description": "处罚裁量手册"}],
    "components": {"schemas": {
        "HandbookEntrySummary": {"type": "object", "required": ["id", "name", "topic", "violated", "basis", "sanctions"],
                                 "properties": {
                                     "id": {"type": "string"}, "name": {"type": "string"}, "topic": {"type": "string"},
                                     "subject": {"type": "string"}, "subject_role": {"type": "string"},
                                     "keywords": {"type": "array", "items": {"type": "string"}},
                                     "violated": {"type": "array", "items": _CITED_REF},
                                     "basis": {"type": "array", "items": _CITED_REF},
                                     "sanctions": {"type": "array", "items": {"type": "string"},
                                                   "description": "法定处罚（由处罚依据条文解析得到）"},
                                     "kinds": {"type": "array", "items": {"type": "string"}},
                                     "levels": {"type": "array", "items": _OBJ}}},
        "HandbookSuggestion": {"type": "object",
                               "required": ["entry", "level", "outcome", "fine", "reasons", "warnings"],
                               "properties": {
                                   "entry": {"type": "string"}, "name": {"type": "string"},
                                   "level": {"type": "string", "nullable": True},
                                   "matched": {"type": "array", "items": {"type": "string"}},
                                   "unknown": {"type": "array", "items": {"type": "string"}},
                                   "outcome": {"type": "string", "enum": ["处罚", "不予处罚", "可以不予处罚"]},
                                   "adjustment": {"type": "string", "nullable": True},
                                   "fine": {"type": "object", "nullable": True, "properties": {
                                       "unit": {"type": "string", "enum": ["yuan", "ratio"]},
                                       "min": {"type": "number"}, "max": {"type": "number"},
                                       "basis": {"type": "string", "nullable": True}, "text": {"type": "string"}}},
                                   "level_fine": {"type": "object", "nullable": True},
                                   "statutory": {"type": "array", "items": {"type": "string"}},
                                   "sanctions": {"type": "array", "items": {"type": "string"}},
                                   "reasons": {"type": "array", "items": {"type": "string"}},
                                   "citations": {"type": "array", "items": _OBJ},
                                   "warnings": {"type": "array", "items": {"type": "string"}},
                                   "rules": {"type": "array", "items": _OBJ}}},
    }},
    "paths": {
        "/api/v1/handbook/entries": {"get": {
            "tags": ["handbook"], "summary": "违法行为目录（含引用和法定处罚）", "operationId": "handbook_entries",
            "parameters": [{"name": "topic", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                           {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200},
                            "description": "按违法行为描述检索"}],
            "responses": {"200": oa.response("条目", {"type": "object", "required": ["total", "entries"], "properties": {
                "total": {"type": "integer"}, "library": {"type": "boolean"},
                "topics": {"type": "array", "items": {"type": "string"}},
                "entries": {"type": "array", "items": {"$ref": "#/components/schemas/HandbookEntrySummary"}}}}),
                "400": oa.error("检索词有误"), "401": oa.error("未登录")}}},
        "/api/v1/handbook/entries/{entry_id}": {"get": {
            "tags": ["handbook"], "summary": "一个违法行为条目", "operationId": "handbook_entry",
            "parameters": [_ENTRY_ID],
            "responses": {"200": oa.response("条目详情：违反条款、处罚依据、法定处罚、裁量档次、从轻减轻规则", _OBJ),
                          "401": oa.error("未登录"), "404": oa.error("没有该条目")}}},
        "/api/v1/handbook/entries/{entry_id}/calc": {
            "get": {"tags": ["handbook"], "summary": "裁量计算", "operationId": "handbook_calc",
                    "parameters": [_ENTRY_ID,
                                   {"name": "circumstance", "in": "query", "explode": True,
                                    "schema": {"type": "array", "items": {"type": "string", "maxLength": 200}}},
                                   {"name": "mitigation", "in": "query", "explode": True,
                                    "schema": {"type": "array", "items": {"type": "string", "maxLength": 200}}},
                                   {"name": "level", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                                   {"name": "party", "in": "query", "schema": {"type": "string", "maxLength": 200}}],
                    "responses": {"200": oa.response("建议", {"$ref": "#/components/schemas/HandbookSuggestion"}),
                                  "400": oa.error("情形、档次或规则编号有误"), "401": oa.error("未登录"),
                                  "404": oa.error("没有该条目")}},
            "post": {"tags": ["handbook"], "summary": "裁量计算（JSON 请求体）", "operationId": "handbook_calc_post",
                     "parameters": [_ENTRY_ID],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": {
                         "type": "object", "properties": {
                             "circumstances": {"type": "array", "items": {"type": "string"}},
                             "mitigation": {"type": "array", "items": {"type": "string"}},
                             "level": {"type": "string"}, "party": {"type": "string"}}}}}},
                     "responses": {"200": oa.response("建议", {"$ref": "#/components/schemas/HandbookSuggestion"}),
                                   "400": oa.error("请求体有误"), "401": oa.error("未登录"), "404": oa.error("没有该条目")}}},
        "/api/v1/handbook/search": {"get": {
            "tags": ["handbook"], "summary": "检索手册条目和程序章节", "operationId": "handbook_search",
            "parameters": [{"name": "q", "in": "query", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NON_BLANK}},
                           {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["handbook", "procedure"]}},
                           {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}],
            "responses": {"200": oa.response("结果", {"type": "object", "required": ["query", "total", "results"],
                                            "properties": {"query": {"type": "string"}, "total": {"type": "integer"},
                                                           "source": {"type": "string"},
                                                           "results": {"type": "array", "items": _OBJ}}}),
                          "400": oa.error("检索词有误"), "401": oa.error("未登录")}}},
        "/api/v1/handbook/procedures": {"get": {
            "tags": ["handbook"], "summary": "程序手册章节", "operationId": "handbook_procedures",
            "responses": {"200": oa.response("章节", {"type": "object", "required": ["sections"], "properties": {
                "sections": {"type": "array", "items": _OBJ}}}), "401": oa.error("未登录")}}},
        "/api/v1/handbook/procedures/{slug}": {"get": {
            "tags": ["handbook"], "summary": "程序手册一节（Markdown 原文和其中的引用）",
            "operationId": "handbook_procedure", "parameters": [_SLUG],
            "responses": {"200": oa.response("章节", _OBJ), "401": oa.error("未登录"), "404": oa.error("没有该章节")}}},
        "/api/v1/handbook/provisions": {"get": {
            "tags": ["handbook"], "summary": "从条文解析出的罚则", "operationId": "handbook_provisions",
            "parameters": [{"name": "law", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                           {"name": "ref", "in": "query", "schema": {"type": "string", "maxLength": 200},
                            "description": "条文引用，如 安全生产法/99/1"}],
            "responses": {"200": oa.response("罚则", {"type": "object", "required": ["total", "provisions"], "properties": {
                "total": {"type": "integer"}, "provisions": {"type": "array", "items": _OBJ}}}),
                "400": oa.error("参数有误"), "401": oa.error("未登录"), "404": oa.error("没有该法规或罚则"),
                "409": oa.error("法规库尚未建立索引")}}},
        "/api/v1/handbook/check": {"get": {
            "tags": ["handbook"], "summary": "检查手册（引用、行为表述、裁量幅度、可检索性）",
            "operationId": "handbook_check",
            "parameters": [{"name": "search", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]},
                            "description": "1 = 同时检查每个条目能否被检索到（较慢）"}],
            "responses": {"200": oa.response("检查结果", {"type": "object", "required": ["errors", "failures"], "properties": {
                "entries": {"type": "integer"}, "errors": {"type": "integer"}, "warnings": {"type": "integer"},
                "failures": {"type": "array", "items": _OBJ}}}),
                "401": oa.error("未登录"), "409": oa.error("法规库尚未建立索引")}}},
    },
}
