"""The OpenAPI description of the search JSON API (webapp/api.py merges every blueprint's OPENAPI)."""

from __future__ import annotations

from indexer.library import PROVINCES
from webapp import openapi as oa
from indexer.dates import STATUS_LABELS
from webapp.api import NON_BLANK, PY_SPACE

from .common import MAX_NAME, MAX_QUERY, MAX_REF

# a reference the server can parse (anything else is 400 bad_ref); the law part is any name without @ and /
REF_PATTERN = (f"^[^@/{PY_SPACE}]" r"[^@/]*(@[0-9]{4}-[0-9]{2}-[0-9]{2})?/[0-9]{1,5}(之[一二三四五六七八九十]{1,3})?"
               r"(/[0-9]{1,5}(/[0-9]{1,5}(/[0-9]{1,5})?)?)?$")
_S = {"type": "string"}
_NS = {"type": "string", "nullable": True}
_NI = {"type": "integer", "nullable": True}
_DATE = {"type": "string", "format": "date"}
_STATUS = {"type": "string", "enum": list(STATUS_LABELS)}
_AS_OF = {"name": "as_of", "in": "query", "schema": _DATE, "description": "效力判断日期 YYYY-MM-DD，默认今天"}
_ERRS = {"400": oa.error("参数有误（检索词为空或过长、日期格式错误、引用格式错误、未知法规筛选）"),
         "401": oa.error("未登录"), "409": oa.error("法规库尚未建立索引")}
_VERSION = {"type": "object", "required": ["version", "effective_from", "status"], "properties": {
    "version": _S, "version_date": _NS, "label": _S, "effective_from": _S, "effective_to": _NS, "last_day": _NS,
    "status": _STATUS, "status_label": _S, "article_count": {"type": "integer"}, "current": {"type": "boolean"},
    "ref": _NS}}
_NEIGHBOUR = {"type": "object", "nullable": True, "required": ["ref", "label"],
              "properties": {"ref": _S, "label": _S}}

OPENAPI = {
    "tags": [{"name": "search", "description": "法规检索、条文和法规"}],
    "components": {"schemas": {
        "SearchRow": {"type": "object", "required": ["kind"], "description":
                      "kind = article（条文）、law（法规本身）、notice（引用的条文不存在，见 message）；"
                      "handbook / procedure 为处罚裁量手册条目和执法程序章节", "properties": {
                          "kind": _S, "law": _NS, "law_key": _NS, "version": _NS, "article": _NI, "suffix": _NS,
                          "ref": _NS, "heading": _NS, "score": {"type": "number"}, "snippet": _NS,
                          "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"},
                                                                    "minItems": 2, "maxItems": 2}},
                          "status": _NS, "status_label": _NS, "citation": _NS, "message": _NS,
                          "region": _NS, "level": _NS, "core": {"type": "boolean"},
                          "applies": {"type": "string", "description": "地方性法规：适用地域，及对所在地区是否本地"},
                          "deferred": {"type": "boolean", "description": "排在其他结果之后：效力日期尚未施行的条文，"
                                       "或依据条文在该日不在施行中的手册条目（见 note）"}, "note": _NS,
                          "violated": {"type": "array", "items": {"$ref": "#/components/schemas/GuideRef"}},
                          "basis": {"type": "array", "items": {"$ref": "#/components/schemas/GuideRef"}},
                          "focus": {"type": "object", "nullable": True, "properties": {
                              "paragraph": _NI, "item": _NI}}}},
        "GuideRef": {"type": "object", "required": ["ref", "citation", "status"], "description":
                     "手册条目引用的条文：按条目编写所依据的现行文本，status 为该版本在效力日期的状态", "properties": {
                         "ref": _S, "citation": _S, "dated": _NS, "version": _NS, "status": _STATUS,
                         "status_label": _S}},
        "SearchResult": {"type": "object", "required": ["query", "as_of", "total", "offset", "limit", "results"],
                         "properties": {
                             "query": _S, "as_of": _S, "total": {"type": "integer", "minimum": 0},
                             "offset": {"type": "integer"}, "limit": {"type": "integer"},
                             "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchRow"}},
                             "understood": {"type": "object"}, "elapsed_ms": {"type": "number"}}},
        "ArticleItem": {"type": "object", "required": ["number", "text", "ref"], "properties": {
            "number": {"type": "integer"}, "text": _S, "ref": _S,
            "subitems": {"type": "array", "items": _S}}},
        "ArticleParagraph": {"type": "object", "required": ["number", "text", "ref", "items"], "properties": {
            "number": {"type": "integer"}, "text": _S, "ref": _S,
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleItem"}}}},
        "LawVersion": _VERSION,
        "Article": {"type": "object", "required": ["law", "law_key", "version", "article", "ref", "citation",
                                                   "status", "paragraphs", "versions"], "properties": {
            "law": _S, "law_key": _S, "level": _NS, "region": _NS, "version": _S, "version_date": _NS,
            "effective_from": _S, "effective_to": _NS, "status": _STATUS, "status_label": _S, "as_of": _S,
            "article": {"type": "integer"}, "suffix": _NS, "label": _S, "ref": _S, "citation": _S,
            "heading": _S, "headings": {"type": "array", "items": _S},
            "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleParagraph"}},
            "single_paragraph": {"type": "boolean"}, "text": _S,
            "focus": {"type": "object", "nullable": True, "properties": {
                "paragraph": _NI, "item": _NI, "subitem": _NI}},
            "focus_ref": _S, "focus_citation": _S,
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/LawVersion"}},
            "previous": _NEIGHBOUR, "next": _NEIGHBOUR,
            "law_status": _STATUS, "law_status_label": _S, "repealed_on": _NS, "repealed_by": _NS,
            "comparisons": {"type": "array", "items": {"type": "object"},
                            "description": "compare=1 时：其他版本中对应的条文及逐字差异"}}},
        "Law": {"type": "object", "required": ["key", "title", "status", "version", "versions", "history", "toc"],
                "properties": {
                    "key": _S, "title": _S, "level": _NS, "region": _NS, "core": {"type": "boolean"}, "as_of": _S,
                    "status": _STATUS, "status_label": _S, "repealed_on": _NS, "repealed_by": _NS,
                    "expired": {"type": "boolean"}, "version": _VERSION,
                    "versions": {"type": "array", "items": {"$ref": "#/components/schemas/LawVersion"}},
                    "history": {"type": "array", "items": {"type": "object", "properties": {
                        "date": _NS, "events": {"type": "array", "items": _S}, "text": _S}}},
                    "headings": {"type": "array", "items": {"type": "object"}},
                    "toc": {"type": "array", "items": {"type": "object", "required": ["type", "id"], "properties": {
                        "type": {"type": "string", "enum": ["heading", "article"]}, "id": _S, "label": _S,
                        "title": _S, "level": _S, "depth": {"type": "integer"}, "ref": _S, "preview": _S,
                        "article": {"type": "integer"}, "suffix": _NS}}}}},
        "LawSuggestion": {"type": "object", "required": ["key", "title"], "properties": {
            "key": _S, "title": _S, "level": _NS, "region": _NS, "core": {"type": "boolean"}, "matched": _S,
            "repealed": {"type": "boolean"}}},
    }},
    "paths": {
        "/api/v1/search": {"get": {
            "tags": ["search"], "summary": "检索法规条文（识别条文引用、法规简称、口语说法）", "operationId": "search",
            "parameters": [
                {"name": "q", "in": "query", "required": True,
                 "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY, "pattern": NON_BLANK},
                 "description": "检索词，如 安法102条、煤气罐放在地下室；也可以是一段违法事实（最多 2000 字）"},
                {"name": "law", "in": "query", "schema": {"type": "string", "maxLength": MAX_NAME},
                 "description": "限定法规（名称、简称）"},
                {"name": "level", "in": "query", "schema": {"type": "string", "maxLength": 20},
                 "description": "效力级别：法律、行政法规、地方性法规、司法解释、部门规章"},
                {"name": "region", "in": "query", "schema": {"type": "string", "maxLength": 20}},
                {"name": "where", "in": "query",
                 "schema": {"type": "string", "maxLength": 100, "pattern": "^(" + "|".join(PROVINCES) + ")"},
                 "description": "所在地区，如 浙江省杭州市拱墅区；默认为令牌所属单位的所在地区。外市的地方性法规降权，外省的不返回"},
                {"name": "elsewhere", "in": "query", "schema": {"type": "string", "enum": ["1", "true", "on", "0", ""]},
                 "description": "1：也返回外省的地方性法规"},
                {"name": "status", "in": "query", "schema": _STATUS},
                _AS_OF,
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000}}],
            "responses": {"200": oa.response("检索结果", {"$ref": "#/components/schemas/SearchResult"}), **_ERRS,
                          "404": oa.error("筛选的法规不存在，或引用的条文序号不可能存在")}}},
        "/api/v1/laws": {"get": {
            "tags": ["search"], "summary": "法规名称提示（标题、简称）", "operationId": "search_law_names",
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 50}},
                           {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}],
            "responses": {"200": oa.response("法规", {"type": "object", "required": ["query", "laws"], "properties": {
                "query": _S, "laws": {"type": "array", "items": {"$ref": "#/components/schemas/LawSuggestion"}}}}),
                **_ERRS}}},
        "/api/v1/laws/{key}": {"get": {
            "tags": ["search"], "summary": "一部法规：版本、历史沿革、目录", "operationId": "search_law",
            "parameters": [{"name": "key", "in": "path", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_NAME * 2},
                            "description": "法规名称（去掉“中华人民共和国”）、全称或简称"},
                           _AS_OF,
                           {"name": "version", "in": "query", "schema": _DATE, "description": "版本的施行日期"}],
            "responses": {"200": oa.response("法规", {"$ref": "#/components/schemas/Law"}), **_ERRS,
                          "404": oa.error("没有该法规或版本")}}},
        "/api/v1/articles/{ref}": {"get": {
            "tags": ["search"], "summary": "一条条文（含各版本、前后条、款项定位）", "operationId": "search_article",
            "parameters": [{"name": "ref", "in": "path", "required": True, "schema": {
                "type": "string", "maxLength": MAX_REF, "pattern": REF_PATTERN},
                            "example": "安全生产法@2021-09-01/99/1/2",
                            "description": "规范引用 法规[@施行日期]/条[/款[/项[/目]]]，如 安全生产法@2021-09-01/99/1/2"},
                           _AS_OF,
                           {"name": "compare", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]},
                            "description": "1 = 附上其他版本中对应条文的逐字比较"}],
            "responses": {"200": oa.response("条文", {"$ref": "#/components/schemas/Article"}), **_ERRS,
                          "404": oa.error("没有该法规、版本、条、款或项")}}},
    },
}
