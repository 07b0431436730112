"""Form templates: the shipped set passes `template check` (citations verified against the statute text), and
each kind of breakage an office could make is caught."""

import shutil
import subprocess
import sys

import pytest

from webapp.services.drafting import context as ctxmod
from webapp.services.drafting.templates import TemplateError, check_templates, fixed_citations, load_templates, placeholders

from .conftest import ROOT

TEMPLATES = ROOT / "doc_templates"
REQUIRED = ["现场检查记录", "责令限期整改指令书", "整改复查意见书", "立案审批表", "询问笔录", "行政处罚告知书",
            "行政处罚听证告知书", "陈述申辩笔录", "行政处罚决定书（单位）", "行政处罚决定书（个人）", "当场行政处罚决定书",
            "案件移送书", "结案审批表", "文书送达回执"]


def test_shipped_templates_pass(lib):
    problems = check_templates(TEMPLATES, lib=lib)
    assert [str(p) for p in problems] == []


def test_issue_forms_present(templates):
    titles = {s.full_title for s in templates.forms.values()}
    assert set(REQUIRED) <= titles
    assert len(templates.forms) >= 14


def test_procedural_citations_use_current_numbers(templates):
    """告知 under 行政处罚法第四十四条、第四十五条, 听证 under 第六十三条、第六十四条, never the pre-2021 numbers."""
    assert {"行政处罚法/44", "行政处罚法/45"} <= set(templates.forms["penalty_notice"].cites)
    assert {"行政处罚法/63", "行政处罚法/64/1/1"} <= set(templates.forms["hearing_notice"].cites)
    old = {"行政处罚法/31", "行政处罚法/32", "行政处罚法/39", "行政处罚法/40", "行政处罚法/42", "行政处罚法/46"}
    for spec in templates.forms.values():
        assert not old & set(spec.cites), spec.id


def test_citation_parser():
    assert fixed_citations("依据《中华人民共和国安全生产法》第六十五条第一款第（二）项、第（三）项的规定") == [
        "安全生产法/65/1/2", "安全生产法/65/1/3"]
    assert fixed_citations("《中华人民共和国行政处罚法》第五十五条第一款、第二款和第四十三条第二款") == [
        "行政处罚法/55/1", "行政处罚法/55/2", "行政处罚法/43/2"]


def test_placeholder_syntax():
    assert placeholders("{a.b}和{{字面}}") == (["a.b"], [])
    names, problems = placeholders("{party.name")
    assert problems and "不成对" in problems[0]
    _, problems = placeholders("{Party Name}")
    assert problems and "格式错误" in problems[0]


@pytest.fixture
def copy_dir(tmp_path):
    dst = tmp_path / "tpl"
    shutil.copytree(TEMPLATES, dst)
    return dst


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = [
    ("decision_org.toml", "{party.name}", "{party.nmae}", "未知的占位符 {party.nmae}"),
    ("decision_org.toml", "{party.name}", "{party.name", "不成对的花括号"),
    ("decision_org.toml", "{party.name}", "{party name}", "占位符格式错误"),
    ("decision_org.toml", 'when = "hearing.notified"', 'when = "party.name"', "条件 when 只能使用条件变量"),
    ("decision_org.toml", "{party.name}", "{party.is_org}", "是条件变量"),
    ("decision_org.toml", "{party.name}", "{item.fact}", "只能用在 each 块"),
    ("decision_org.toml", '"（{item.no_cn}）{item.fact}"', '"（{item.no_cn}）{item.facts}"', "未知的列表字段"),
    ("decision_org.toml", 'type = "sign"', 'type = "signature"', "type 应为"),
    ("decision_org.toml", 'kind = "served"', 'kind = "served"\ncolour = "red"', "未知的键"),
    ("decision_org.toml", 'id = "decision_org"', 'id = "decision_x"', "应与文件名"),
    ("decision_org.toml", 'stage = "decision"', 'stage = "verdict"', "stage"),
    ("decision_org.toml", 'text = "经查', 'text = "经查{this.name}', "按列表逐份生成"),
    ("decision_org.toml", 'over = "violations"', 'over = "violation"', "不是可重复的列表"),
    ("decision_org.toml", 'filter = "item.has_measures"', 'filter = "item.fact"', "不是列表项的条件字段"),
    ("decision_org.toml", '[cites]', '[cites\n', "TOML 格式错误"),
    ("settings.toml", "margin_top_mm = 37.0", "margin_top = 37.0", "layout 中未知的键"),
]


@pytest.mark.parametrize("file,old,new,message", BREAKAGES)
def test_breakage_is_reported(copy_dir, file, old, new, message):
    _edit(copy_dir / ("forms/" + file if file != "settings.toml" else file), old, new)
    problems = [p for p in check_templates(copy_dir) if p.level == "error"]
    assert any(message in p.message for p in problems), [str(p) for p in problems]
    with pytest.raises(TemplateError):
        load_templates(copy_dir)


CITE_BREAKAGES = [
    # a wrong article number in the fixed wording: not declared
    ("penalty_notice.toml", "第四十四条、第四十五条的规定", "第三十一条、第三十二条的规定", "cites 中没有声明"),
    # a declared citation whose article does not say what the template claims (old numbering)
    ("penalty_notice.toml", '"行政处罚法/44" = "告知当事人拟作出的行政处罚内容"', '"行政处罚法/31" = "告知当事人拟作出的行政处罚内容"',
     "条文序号可能有误"),
    ("hearing_notice.toml", '"行政处罚法/64/1/1"', '"行政处罚法/64/1/9"', "款或项不存在"),
    ("decision_org.toml", '"行政处罚法/67/3"', '"行政处罚法/267/3"', "不存在"),
]


@pytest.mark.parametrize("file,old,new,message", CITE_BREAKAGES)
def test_citation_breakage_is_reported(copy_dir, lib, file, old, new, message):
    _edit(copy_dir / "forms" / file, old, new)
    problems = [p for p in check_templates(copy_dir, lib=lib) if p.level == "error"]
    assert any(message in p.message for p in problems), [str(p) for p in problems]


def test_literal_braces_allowed(copy_dir):
    _edit(copy_dir / "forms" / "decision_org.toml", 'text = "经查', 'text = "{{示例}}经查')
    assert [p for p in check_templates(copy_dir) if p.level == "error"] == []


def test_readme_documents_every_placeholder():
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for name in ctxmod.VARIABLES:
        assert f"`{{{name}}}`" in readme, name
    for fields in list(ctxmod.LISTS.values()) + list(ctxmod.PER_LISTS.values()):
        for f in fields:
            assert f"`{{item.{f}}}`" in readme, f
    for fields in ctxmod.PER.values():
        for f in fields:
            assert f"`{{this.{f}}}`" in readme, f


def test_cli_template_check(tmp_path, settings, copy_dir):
    env_args = ["--library", str(settings.library), "--data", str(settings.data)]
    ok = subprocess.run([sys.executable, "-m", "webapp.cli", *env_args, "template", "check"], capture_output=True,
                        text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert "模板检查通过" in ok.stdout and "法条引用已核对" in ok.stdout
    _edit(copy_dir / "forms" / "decision_org.toml", "{party.name}", "{party.nmae}")
    bad = subprocess.run([sys.executable, "-m", "webapp.cli", *env_args, "template", "check", str(copy_dir), "--json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert '"ok": false' in bad.stdout and "party.nmae" in bad.stdout
