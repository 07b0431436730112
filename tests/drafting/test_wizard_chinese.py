"""Issue 16.6 (the wizard's part): no English where an officer reads — fact-template placeholders, issue codes,
audit objects, CLI messages, the calculator's addressee."""

from __future__ import annotations

import ast
import json
import re

import pytest

from tests.web.conftest import backend, build_world, make_app, session_client  # noqa: F401 (fixtures)

from .conftest import ROOT
from .test_cli import lawdesk
from .test_web import audit_rows, case_row, post
from .webworld import make_case


@pytest.fixture
def web(make_app, lib):  # noqa: F811
    app = make_app()
    app.extensions["lawdesk_library"] = lib
    return app, build_world(app)


def test_every_placeholder_has_a_chinese_label():
    from indexer.handbook import placeholders
    from webapp.services.drafting.catalogue import entries
    used = {n for e in entries().values() for n in placeholders.names(e.get("fact_template", ""))}
    labels = placeholders.labels()
    assert used and sorted(used - set(labels)) == []
    assert sorted(set(labels) - used) == []                      # no stale labels either
    assert all(re.search(r"[\u4e00-\u9fff]", v) and not re.search(r"[A-Za-z]", v) for v in labels.values())


def test_wizard_fact_and_handbook_template_in_chinese(web):
    app, w = web
    c = session_client(app, w.user("officer"))
    cid = make_case(app, w.units["A"])
    assert post(c, f"/cases/{cid}/edit/violations", action="add_catalogue", entry="EQ-003").status_code == 302
    fact = json.loads(case_row(app, cid)["data"])["violations"][-1]["fact"]
    assert fact.startswith("你单位的") and "〔待填：设备设施名称〕" in fact and "〔待填：检查发现的情况〕" in fact
    assert not re.search(r"[A-Za-z{}]", fact)
    html = c.get("/handbook/entries/EQ-003").get_data(as_text=True)
    assert "{当事人}的{设备设施名称}" in html and "{equipment}" not in html and "{party}" not in html
    assert "设备设施名称、检查发现的情况" in html


def _issue_codes_in(source: str) -> set[str]:
    """Literal codes passed to out.error / out.warn / _need in validate.py."""
    codes = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
        args = node.args
        if name in ("error", "warn") and args and isinstance(args[0], ast.Constant):
            codes.add(args[0].value)
        elif name == "_need" and len(args) > 2 and isinstance(args[2], ast.Constant):
            codes.add(args[2].value)
    return codes


def test_every_issue_code_has_a_chinese_name():
    from webapp.services.drafting.issue_names import NAMES, issue_name
    codes = _issue_codes_in((ROOT / "webapp" / "services" / "drafting" / "validate.py").read_text(encoding="utf-8"))
    assert len(codes) > 60
    assert sorted(c for c in codes if c not in NAMES) == []
    assert issue_name("dates.order") == "日期先后顺序"
    assert issue_name("party.credit_code_check") == "统一社会信用代码"        # family by prefix
    assert issue_name("citation.version_missing") == "条文引用核对"


def test_confirm_page_names_issues_in_chinese(web):
    app, w = web
    cid = make_case(app, w.units["A"], status="approved")
    c = session_client(app, w.user("officer"))
    r = post(c, f"/cases/{cid}/generate", form="decision_org")
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and 'value="decision.notice_number"' in page      # the code stays the key
    shown = re.findall(r'<span class="issue-code">([^<]*)</span>', page)
    assert shown and "告知书编号" in shown and not any(re.search(r"[a-z]", s) for s in shown)
    assert not re.search(r"（[^）]*\w+/\d+[^）]*）", re.sub(r"<[^>]+>", "", page))   # bases as 《…》第…条


def test_audit_log_names_cases_and_documents(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    assert post(c, f"/cases/{cid}/generate", form="rectification_order").status_code == 302
    key = json.loads(case_row(app, cid)["data"])["id"]
    party = case_row(app, cid)["party_name"]
    doc = audit_rows(app, "generate", "document")[-1]
    admin = session_client(app, w.user("admin"))
    html = admin.get("/audit/").get_data(as_text=True)
    assert "文书 责令限期整改指令书" in html and not re.search(r"(case|document) #\d", html)
    entry = admin.get(f"/audit/{doc['id']}").get_data(as_text=True)
    number = json.loads(doc["after"])["number"]
    assert f"文书 责令限期整改指令书 {number}" in entry
    assert post(c, f"/cases/{cid}/edit/party", **{"title": "改名", "party.kind": "单位", "party.name": party,
                                                    "officer1.name": "a", "officer1.cert_no": "1"}).status_code == 302
    upd = audit_rows(app, "update", "case")[-1]
    assert f"案件 {key}（{party}）" in admin.get(f"/audit/{upd['id']}").get_data(as_text=True)


def test_penalty_step_calculator_addresses_the_party(web):
    app, w = web
    cid = make_case(app, w.units["A"])
    c = session_client(app, w.user("officer"))
    html = c.get(f"/cases/{cid}/edit/penalty").get_data(as_text=True)
    assert 'data-party="你单位"' in html and 'data-party="单位"' not in html
    r = c.post("/api/v1/handbook/entries/SP-001/calc", json={"circumstances": [], "party": "你单位"},
               headers={"X-CSRF-Token": c.csrf})
    reasons = "".join(r.get_json().get("reasons", []))
    assert "你单位的上述行为" in reasons and "责令你单位改正" in reasons and "单位的上述行为违反" not in reasons.replace("你单位", "")


def test_cli_messages_in_chinese(settings, tmp_path):
    res = lawdesk(settings, "cite", "check")
    assert res.returncode == 2 and "缺少参数 'FILE'。" in res.stderr and "Missing" not in res.stderr
    assert "用法：" in res.stderr and "Usage" not in res.stderr
    res = lawdesk(settings, "cite", "check", str(tmp_path / "none.docx"))
    assert res.returncode != 0 and "文件或目录不存在" in res.stderr and "No such file" not in res.stderr
    bad = tmp_path / "not-a-docx.docx"
    bad.write_text("hello", encoding="utf-8")
    res = lawdesk(settings, "cite", "check", str(bad))
    assert res.returncode != 0 and "不是 Word 文档" in res.stderr and "BadZipFile" not in res.stderr
    res = lawdesk(settings, "search", "--bogus", "x")
    assert res.returncode == 2 and "没有选项 '--bogus'" in res.stderr
    res = lawdesk(settings, "draft", "decision_org", "--case", str(tmp_path / "none.json"))
    assert res.returncode == 1 and "文件或目录不存在" in res.stderr and "Errno" not in res.stderr
