"""Issue 16.4: every field a form needs is editable in the case wizard (no raw JSON), and JSON errors that
reach the user are in Chinese."""

from __future__ import annotations

import io
import re

import pytest

from tests.web.conftest import backend, build_world, make_app, session_client  # noqa: F401 (fixtures)

from .test_web import case_row, post
from .webworld import make_case

ENGLISH_JSON = re.compile(r"Expecting|delimiter|Extra data|Unterminated|char \d+|line \d+ column")


@pytest.fixture
def web(make_app, lib):  # noqa: F811
    app = make_app()
    app.extensions["lawdesk_library"] = lib
    return app, build_world(app)


@pytest.mark.parametrize("text, where", [("{not json", "第1行第2列，此处应为带双引号的字段名"),
                                         ('{"a": 1,\n "b" 2}', "第2行第6列，此处应为冒号"),
                                         ("", "第1行第1列，此处应为一个值"),
                                         ('{"a": 1} x', "内容结束后还有多余的字符")])
def test_json_step_errors_in_chinese(web, text, where):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    before = case_row(app, cid)["version"]
    r = post(c, f"/cases/{cid}/edit/json", case_json=text)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "不是有效的 JSON" in page and where in page
    assert not ENGLISH_JSON.search(page)
    assert case_row(app, cid)["version"] == before


def test_json_upload_errors_in_chinese(web):
    app, w = web
    c = session_client(app, w.user("officer"))
    r = c.post("/cases/new", data={"csrf_token": c.csrf, "case_json": (io.BytesIO(b'{"id": "x",}'), "x.json")},
               content_type="multipart/form-data")
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "案件 JSON 格式错误" in page and "不是有效的 JSON：第1行第12列，此处应为带双引号的字段名" in page
    assert not ENGLISH_JSON.search(page)


def test_json_error_text_of_every_decoder_message():
    """Every message the standard decoder raises has a Chinese rendering (none falls back to 格式错误)."""
    import json

    from indexer.messages import json_error_text
    bad = ["{", '{"a"', '{"a":', '{"a": 1 "b": 2}', '"abc', '"a\x01"', r'"\q"', r'"\u12"', "[1] 2", "[1,]", '{"a":1,}']
    for text in bad:
        with pytest.raises(json.JSONDecodeError) as exc:
            json.loads(text)
        out = json_error_text(exc.value)
        assert out.startswith("不是有效的 JSON：第") and "格式错误" not in out and not ENGLISH_JSON.search(out), (text, out)
