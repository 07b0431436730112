"""The OpenAPI description of the citation-check API (webapp/api.py merges every blueprint's OPENAPI)."""

from __future__ import annotations

from webapp import openapi as oa

from ...services.citation_review import MAX_NAME, MAX_TEXT

STATUS_CLASSES = ["ok", "quote_mismatch", "no_such_article", "no_such_paragraph", "no_such_item", "not_in_force",
                  "version_missing",
                  "unknown_law", "text_missing", "ambiguous"]

_CITATION = {
    "type": "object",
    "required": ["text", "start", "end", "refs", "status", "message", "quote", "expected_text", "suggestion"],
    "properties": {
        "text": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
        "refs": {"type": "array", "items": {"$ref": "#/components/schemas/CitationRef"}},
        "status": {"type": "string", "enum": STATUS_CLASSES},
        "message": {"type": "string"},
        "quote": {"type": "string", "nullable": True},
        "expected_text": {"type": "string", "nullable": True},
        "suggestion": {"type": "string", "nullable": True},
        "status_label": {"type": "string"}, "law": {"type": "string", "nullable": True},
        "suggestions": {"type": "array", "items": {"type": "string"}},
        "suggestion_labels": {"type": "array", "items": {"type": "string"}},
        "warnings": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}}}},
        "diff": {"type": "array", "items": {"type": "object", "properties": {
            "op": {"type": "string", "enum": ["equal", "delete", "insert"]}, "text": {"type": "string"}}}},
        "written": {"type": "array", "items": {"type": "string"}},
        "role": {"type": "string", "nullable": True}, "anaphor": {"type": "string", "nullable": True},
        "judged_by": {"type": "string", "enum": ["act", "document"]},
        "judged_date": {"type": "string", "format": "date", "nullable": True},
        "cited": {"$ref": "#/components/schemas/CitedAsWritten"},
        "location": {"type": "object", "required": ["where", "kind"], "description":
                     "引用所在位置：where 为中文说明（第1个表格第2行第1列、正文第3段、页眉、第15行）；"
                     "kind = table 时 table/row/col 为表格、行、列序号（从 1 起）", "properties": {
                         "where": {"type": "string"},
                         "kind": {"type": "string", "enum": ["line", "paragraph", "table", "header", "footer"]},
                         "table": {"type": "integer"}, "row": {"type": "integer"}, "col": {"type": "integer"}}},
    },
}
OPENAPI = {
    "paths": {
        "/api/v1/citations/check": {"post": {
            "summary": "核对文书中的法律条文引用（文本或 .docx/.txt 上传）", "operationId": "citations_check",
            "tags": ["review"],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "maxLength": MAX_TEXT},
                    "date": {"type": "string", "format": "date", "nullable": True,
                             "description": "文书日期；缺省时取文书落款日期，没有则为今天"},
                    "act_date": {"type": "string", "format": "date", "nullable": True,
                                 "description": "违法行为发生日期；缺省时从文书事实中读取。违反条款、处罚依据按该日施行的版本核对"},
                    "name": {"type": "string", "maxLength": MAX_NAME}}}},
                "multipart/form-data": {"schema": {"type": "object", "properties": {
                    "file": {"type": "string", "format": "binary", "description": ".docx 或 .txt"},
                    "text": {"type": "string"}, "date": {"type": "string", "format": "date"},
                    "act_date": {"type": "string", "format": "date"}}}}}},
            "responses": {
                "200": oa.response("核对结果", oa.ref("CitationCheck")),
                "400": oa.error("请求有误"), "401": oa.error("未登录"), "403": oa.error("无权使用引用审核"),
                "409": oa.error("法规库尚未建立索引"), "413": oa.error("文书过大"), "415": oa.error("文件类型不支持")}}},
    },
    "components": {"schemas": {
        "CitationRef": {"type": "object", "required": ["law", "version", "article", "ref"], "properties": {
            "law": {"type": "string"}, "version": {"type": "string"}, "article": {"type": "integer"},
            "suffix": {"type": "string", "nullable": True}, "paragraph": {"type": "integer", "nullable": True},
            "item": {"type": "integer", "nullable": True}, "subitem": {"type": "integer", "nullable": True},
            "ref": {"type": "string"}}},
        "Citation": _CITATION,
        "CitedAsWritten": {
            "type": "object", "description": "引用的解析结果（照文书所写与解析所得），不论法规或条款是否在库中",
            "required": ["law_as_written", "law_name", "law_source", "law", "law_title", "in_library", "provisions"],
            "properties": {
                "law_as_written": {"type": "string", "nullable": True, "description": "文书所写：《…》、简称或本法/该条例"},
                "law_name": {"type": "string", "nullable": True, "description": "所指法规名称（照写或回指所得）"},
                "law_source": {"type": "string", "enum": ["named", "anaphor", "self", "context", "none"]},
                "law": {"type": "string", "nullable": True, "description": "法规库中的法规键"},
                "law_title": {"type": "string", "nullable": True},
                "in_library": {"type": "boolean"},
                "version_as_written": {"type": "string", "nullable": True, "description": "版本标注，如（2019年修正）"},
                "version_hint": {"type": "string", "nullable": True},
                "version": {"type": "string", "format": "date", "nullable": True, "description": "核对所用版本的施行日期"},
                "provisions": {"type": "array", "items": {"type": "object", "required": ["article", "label", "status"],
                                                          "properties": {
                    "article": {"type": "integer"}, "suffix": {"type": "string", "nullable": True},
                    "paragraph": {"type": "integer", "nullable": True}, "item": {"type": "integer", "nullable": True},
                    "subitem": {"type": "integer", "nullable": True}, "label": {"type": "string"},
                    "status": {"type": "string", "enum": STATUS_CLASSES},
                    "ref": {"type": "string", "nullable": True}}}}}},
        "CitationCheck": {"type": "object", "required": ["date", "citations"], "properties": {
            "date": {"type": "string", "format": "date"},
            "date_source": {"type": "string", "enum": ["given", "document", "today"]},
            "traditional": {"type": "boolean", "description": "繁体文书，已按简体字核对"},
            "act_date": {"type": "string", "format": "date", "nullable": True},
            "act_date_source": {"type": "string", "enum": ["given", "label", "facts"], "nullable": True},
            "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
            "summary": {"type": "object"},
            "document": {"type": "object"}}},
    }},
    "tags": [{"name": "review", "description": "引用审核"}],
}
