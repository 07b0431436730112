"""Issue 16.4: every field a form needs is editable in the case wizard (no raw JSON), and JSON errors that
reach the user are in Chinese."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

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


class _Inputs(HTMLParser):
    """What a browser submits for the page's case form: every named input with its shown value."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select = self._area = None
        self._buf: list[str] = []
        self._options: list[str] = []
        self._chosen: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values.append((name, a.get("value", "on")))
            else:
                self.values.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._area, self._buf = name, []
        elif tag == "select" and name:
            self._select, self._options, self._chosen = name, [], None
        elif tag == "option" and self._select:
            self._options.append(a.get("value", ""))
            if "selected" in a:
                self._chosen = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea" and self._area:
            self.values.append((self._area, "".join(self._buf).removeprefix("\n")))
            self._area = None
        elif tag == "select" and self._select:
            # a browser submits the first option of a select none of whose options is marked selected
            chosen = self._chosen if self._chosen is not None else (self._options[0] if self._options else None)
            if chosen is not None:
                self.values.append((self._select, chosen))
            self._select = None

    def handle_data(self, data):
        if self._area:
            self._buf.append(data)


def shown_inputs(page: str) -> list[tuple[str, str]]:
    p = _Inputs()
    p.feed(page)
    return [(k, v) for k, v in p.values if k not in ("csrf_token", "step")]


def save_records(c, cid, values):
    return c.post(f"/cases/{cid}/edit/records", data=MultiDict([("csrf_token", c.csrf), *values]))


def case_data(app, cid) -> dict:
    return json.loads(case_row(app, cid)["data"])


RECORD_FORMS = {"询问笔录", "陈述申辩笔录", "文书送达回执", "案件移送书", "结案审批表", "整改复查意见书", "立案审批表"}


def test_records_step_lists_every_form_that_needs_fields(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    r = c.get(f"/cases/{cid}/edit/records")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    legends = set(re.findall(r"<legend>([^<]*)</legend>", page))
    assert legends >= RECORD_FORMS, RECORD_FORMS - legends
    names = {k for k, _ in shown_inputs(page)}
    for needed in ("interviews.0.qa.0.q", "interviews.0.interviewee.name", "statement.content", "transfer.reason",
                   "deliveries.0.document", "closing.approval.approve_opinion", "rectification.recheck_opinion",
                   "closing.result", "payment.receipt_no"):
        assert needed in names, needed
    # labels are the model's Chinese titles, never case paths
    labels = re.findall(r"<label for=\"f-[^\"]+\">([^<]*)</label>", page)
    assert labels and not [x for x in labels if re.search(r"[a-z_]{3,}", x)]


def test_saving_the_shown_values_changes_nothing(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    before = case_data(app, cid)
    values = shown_inputs(c.get(f"/cases/{cid}/edit/records").get_data(as_text=True))
    r = save_records(c, cid, values)
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    after = case_data(app, cid)
    assert after == before


def test_an_untouched_optional_section_stays_absent(web):
    """A case that is not transferred: saving the records step as the browser shows it (every select submits
    its first option) must not create a 案件移送 and list a 案件移送书 with errors."""
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    d = case_data(app, cid)
    d["transfer"] = None
    assert post(c, f"/cases/{cid}/edit/json", case_json=json.dumps(d, ensure_ascii=False)).status_code == 302
    values = shown_inputs(c.get(f"/cases/{cid}/edit/records").get_data(as_text=True))
    assert save_records(c, cid, values).status_code == 302
    assert case_data(app, cid)["transfer"] is None
    assert "案件移送书" not in c.get(f"/cases/{cid}").get_data(as_text=True)


def test_add_edit_and_remove_list_items(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    before = case_data(app, cid)
    n = len(before["interviews"])
    values = dict(shown_inputs(c.get(f"/cases/{cid}/edit/records").get_data(as_text=True)))
    new = f"interviews.{n}"
    values.update({f"{new}.start": "2026-03-02T09:00", f"{new}.end": "2026-03-02T09:40", f"{new}.place": "本局询问室",
                   f"{new}.interviewee.name": "王某某", f"{new}.number": "1",
                   f"{new}.qa.0.q": "你单位的特种作业人员是否持证？", f"{new}.qa.0.a": "电焊工没有证。",
                   "interviews.0.qa.0.a": "改过的回答",
                   "deliveries.0.__remove": "1",
                   "transfer.reason": "涉嫌重大责任事故罪"})
    r = save_records(c, cid, list(values.items()))
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    after = case_data(app, cid)
    assert len(after["interviews"]) == n + 1
    added = after["interviews"][-1]
    assert added["interviewee"]["name"] == "王某某" and added["qa"] == [{"q": "你单位的特种作业人员是否持证？", "a": "电焊工没有证。"}]
    assert after["interviews"][0]["qa"][0]["a"] == "改过的回答"
    assert after["deliveries"] == before["deliveries"][1:]
    assert after["transfer"]["reason"] == "涉嫌重大责任事故罪"


def test_a_bad_value_is_refused_in_chinese_and_what_was_typed_is_kept(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    version = case_row(app, cid)["version"]
    values = dict(shown_inputs(c.get(f"/cases/{cid}/edit/records").get_data(as_text=True)))
    values["interviews.0.number"] = "第二次"
    values["interviews.0.qa.0.a"] = "刚刚输入的回答"
    r = save_records(c, cid, list(values.items()))
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "第几次询问" in page and "不是整数" in page and "Traceback" not in page
    assert "刚刚输入的回答" in page and "第二次" in page
    assert case_row(app, cid)["version"] == version


def test_a_case_without_records_gets_them_in_the_browser(web, drafter):
    """The records no longer have to be typed as JSON: strip them, fill them on the records step, and the
    forms that need them draft without errors."""
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    d = case_data(app, cid)
    full = {k: d.get(k) for k in ("interviews", "transfer", "closing")}
    d["interviews"], d["transfer"] = [], None
    d["closing"] = {"result": "", "execution": "", "approval": {}}
    r = post(c, f"/cases/{cid}/edit/json", case_json=json.dumps(d, ensure_ascii=False))
    assert r.status_code == 302, r.get_data(as_text=True)[-1500:]
    values = shown_inputs(c.get(f"/cases/{cid}/edit/records").get_data(as_text=True))
    typed = dict(values)
    for i, interview in enumerate(full["interviews"]):
        typed.update(_flatten(interview, f"interviews.{i}"))
    if full["transfer"]:
        typed.update(_flatten(full["transfer"], "transfer"))
    typed.update(_flatten(full["closing"], "closing"))
    r = save_records(c, cid, list(typed.items()))
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    after = case_data(app, cid)
    assert after["interviews"] == full["interviews"] and after["closing"] == full["closing"]
    if full["transfer"]:
        assert after["transfer"] == full["transfer"]
    from webapp.services.drafting.model import Case
    case = Case.from_dict(after)
    for form in ("interview_record", "closing_approval"):
        for idx in drafter.instances(case, drafter.spec(form)):
            draft = drafter.prepare(case, form, per_index=idx)
            assert not draft.errors, (form, [e.message for e in draft.errors])


def _flatten(value, prefix: str) -> dict:
    """A case value as the form's input names (what an officer types in each box)."""
    out = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}"))
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for i, v in enumerate(value):
            out.update(_flatten(v, f"{prefix}.{i}"))
    elif isinstance(value, list):
        out[prefix] = "\n".join(value)
    elif isinstance(value, bool):
        if value:
            out[prefix] = "1"
    elif value is not None:
        out[prefix] = str(value)
    return out


def test_a_form_naming_an_unknown_case_field_is_a_template_error():
    from webapp.services.drafting.templates import _field_problems
    assert _field_problems(["interviews", "statement.content", "dates.recheck"]) == []
    bad = _field_problems(["interviews.nonexistent", "nowhere"])
    assert len(bad) == 2 and all("不是案件的字段" in m for m in bad)
    assert _field_problems("interviews") and "数组" in _field_problems("interviews")[0]
