"""The case-file review standard (corpus/casereview/standard.toml): it loads, its points add up as its header
says, every deduction's rule names a provision that exists in the statute text in force today and says what
the deduction says, every check code is a known one, and a malformed file gets a Chinese error naming the file
and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.dates import today
from indexer.refs import Ref
from webapp.services.casereview.standard import (
    DRAFTING_CHECKS, FILE_CHECKS, KNOWN_CHECKS, StandardError, load_standard,
)
from webapp.services.drafting.lawtext import provision_text

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"

# The items issue 13 names, in its order.
ISSUE_ITEMS = ["执法主体与人员", "事实与证据", "法律适用", "自由裁量", "程序", "文书制作", "归档"]

# For every deduction with a rule: words the provision's text must contain, so that a rule pointing at the
# wrong article, 款 or 项 fails here (the handbook's refs are checked against the texts the same way).
RULE_WORDS = {
    "subject.1": ["法定职权"],
    "subject.2": ["委托范围"],
    "subject.3": ["行政执法资格"],
    "subject.5": ["不得少于两人"],
    "subject.6": ["出示执法证件"],
    "subject.7": ["回避"],
    "facts.1": ["违法事实不清"],
    "facts.2": ["证据不足"],
    "facts.5": ["违法行为发生时"],
    "facts.6": ["笔录"],
    "facts.7": ["非法手段"],
    "facts.8": ["先行登记保存", "七日"],
    "law.1": ["违法行为发生时"],
    "law.3": ["种类和依据"],
    "law.5": ["处罚较轻"],
    "law.6": ["二年"],
    "law.7": ["移送司法机关"],
    "discretion.1": ["裁量基准"],
    "discretion.2": ["裁量基准"],
    "discretion.3": ["裁量基准"],
    "discretion.4": ["裁量基准"],
    "discretion.5": ["社会危害程度相当"],
    "discretion.6": ["从轻或者减轻"],
    "discretion.7": ["更重的处罚"],
    "procedure.1": ["全过程记录"],
    "procedure.2": ["立案"],
    "procedure.3": ["立案"],
    "procedure.4": ["陈述、申辩", "要求听证"],
    "procedure.5": ["陈述、申辩"],
    "procedure.6": ["复核"],
    "procedure.7": ["要求听证的权利"],
    "procedure.8": ["应当组织听证"],
    "procedure.9": ["五日内"],
    "procedure.10": ["听证"],
    "procedure.11": ["法制审核"],
    "procedure.12": ["集体讨论"],
    "procedure.13": ["集体讨论"],
    "procedure.14": ["集体讨论"],
    "procedure.15": ["九十日"],
    "procedure.16": ["七日内"],
    "procedure.17": ["送达"],
    "procedure.19": ["当场"],
    "procedure.21": ["履行"],
    "procedure.23": ["七个工作日"],
    "documents.2": ["行政处罚决定书"],
    "documents.4": ["笔录"],
    "archive.6": ["归档保存"],
}


@pytest.fixture(scope="module")
def standard():
    return load_standard(CORPUS)


def test_loads_with_the_issue_items(standard):
    assert [it.title for it in standard.items] == ISSUE_ITEMS
    assert standard.sources and all(s.urls for s in standard.sources if s.id != "lawdesk")
    assert len({d.id for d in standard.deductions}) == len(standard.deductions)


def test_points_add_up(standard):
    # The header: total 100 (the 浙江 standard's 扣100分 = the whole score); 主体部分 and 事实部分 10 each.
    assert standard.total == 100
    assert sum(it.points for it in standard.items) == standard.total
    assert standard.item("subject").points == 10 and standard.item("subject").source == "zj2011"
    assert standard.item("facts").points == 10 and standard.item("facts").source == "zj2011"
    for it in standard.items:
        for d in it.deductions:
            if d.veto:
                assert d.points == standard.total, d.id
            else:
                assert 0 < d.points <= it.points, d.id


def test_zhejiang_subject_part_as_published(standard):
    """主体部分's 评分细则 as the stored copy shows them: four 扣100分 and one 扣10分."""
    subject = standard.item("subject")
    from_source = [(d.text, d.points) for d in subject.deductions if d.source == "zj2011"]
    assert from_source == [
        ("不具有行政处罚主体资格或超越法定职权实施行政处罚的", 100),
        ("未经依法委托的组织（行政机关直属的执法队伍除外）或虽经依法委托但超越了委托范围从事行政处罚活动的", 100),
        ("指派不具备执法资格的人员承办行政处罚案件的", 100),
        ("对被处罚对象认定错误对其作出行政处罚决定的", 100),
        ("对被处罚对象认定不当但未影响处理结果的", 10),
    ]
    assert len(subject.requirements) == 4


def test_every_rule_is_a_provision_in_force_today(standard, lib):
    date = today()
    with_rule = [d for d in standard.deductions if d.rule]
    assert {d.id for d in with_rule} == set(RULE_WORDS), "every deduction with a rule needs its words above"
    for d in with_rule:
        ref = Ref.parse(d.rule)
        assert ref.version is None, f"{d.id}: rule should be undated (the version in force applies)"
        view = lib.get(ref, as_of=date)
        assert view is not None, f"{d.id}: {d.rule} not found in the library"
        assert view.status == "in_force", f"{d.id}: {d.rule} is {view.status} on {date}"
        text = provision_text(view.article, ref)
        assert text is not None, f"{d.id}: {d.rule} — no such 款/项 in the version of {view.version.effective_from}"
        for word in RULE_WORDS[d.id]:
            assert word in text, f"{d.id}: {d.rule} does not say {word!r}: {text}"


def test_check_codes_are_known_and_all_used(standard):
    used = set()
    for d in standard.deductions:
        assert set(d.checks) <= KNOWN_CHECKS, d.id
        used |= set(d.checks)
    # every automatic finding the review can produce has somewhere to go
    assert used == KNOWN_CHECKS
    assert DRAFTING_CHECKS.isdisjoint(FILE_CHECKS)


def test_deductions_for(standard):
    assert [d.id for d in standard.deductions_for("officers.two")] == ["subject.5"]
    assert [d.id for d in standard.deductions_for("file.collective_missing")] == ["procedure.12"]
    assert [d.id for d in standard.deductions_for("service.late")] == ["procedure.16"]
    assert standard.deductions_for("no.such_code") == []
    # deductions needing a person's judgement have no check code
    assert not standard.deduction("discretion.5").automatic


def test_sources_are_cited(standard):
    ids = {s.id for s in standard.sources}
    for it in standard.items:
        assert it.source in ids
        for d in it.deductions:
            assert d.source in ids and d.points_source in ids
    zj = standard.source("zj2011")
    assert zj.title == "浙江省一般程序行政处罚案卷评查标准（试行）"
    assert "残缺" in zj.coverage


def test_malformed_fixture_gives_chinese_error():
    path = FIXTURES / "malformed_standard.toml"
    with pytest.raises(StandardError) as e:
        load_standard(path)
    msg = str(e.value)
    assert str(path) in msg and "第27行" in msg and "officers.three" in msg and "不是已知的自动检查代码" in msg


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = (CORPUS / "casereview" / "standard.toml").read_text(encoding="utf-8")
    assert old in text
    folder = tmp_path / "corpus" / "casereview"
    folder.mkdir(parents=True)
    (folder / "standard.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "corpus"


def _line_of(corpus: Path, needle: str) -> int:
    lines = (corpus / "casereview" / "standard.toml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize("old, new, needle, words", [
    ('title = "执法主体与人员"\npoints = 10', 'title = "执法主体与人员"\npoints = 10\npoints = 11', "points = 11",
     ["TOML 格式错误"]),
    ('rule = "行政处罚法/42/1"\nchecks = ["officers.two"]', 'rule = "行政处罚法第42条"\nchecks = ["officers.two"]',
     "行政处罚法第42条", ["不是有效的条文引用"]),
    ('id = "subject.6"\ntext = "调查或者检查时未向当事人或者有关人员出示执法证件，笔录中也无出示证件记载的"\npoints = 2',
     'id = "subject.6"\ntext = "调查或者检查时未向当事人或者有关人员出示执法证件，笔录中也无出示证件记载的"\npoints = 12',
     "points = 12", ["超过所在项目", "subject"]),
    ('source = "zj2011"\nnote = "原文“扣10分”。', 'source = "zj2012"\nnote = "原文“扣10分”。', 'source = "zj2012"',
     ["不在 [[source]] 中"]),
    ('checks = ["recheck.opinion"]', 'checks = "recheck.opinion"', 'checks = "recheck.opinion"', ["类型错误"]),
])
def test_bad_edits_name_file_and_line(tmp_path, old, new, needle, words):
    corpus = _variant(tmp_path, old, new)
    with pytest.raises(StandardError) as e:
        load_standard(corpus)
    msg = str(e.value)
    assert str(corpus / "casereview" / "standard.toml") in msg
    assert f"第{_line_of(corpus, needle)}行" in msg, msg
    for w in words:
        assert w in msg, msg


def test_missing_field_and_sum(tmp_path):
    corpus = _variant(tmp_path, 'id = "archive.7"\ntext', 'id = "archive.7"\nxtext')
    with pytest.raises(StandardError, match="缺少“text”"):
        load_standard(corpus)
    corpus2 = _variant(tmp_path / "b", 'title = "归档"\npoints = 10', 'title = "归档"\npoints = 9')
    with pytest.raises(StandardError, match="分值之和为 99，与总分 100 不符"):
        load_standard(corpus2)


def test_missing_file(tmp_path):
    with pytest.raises(StandardError, match="找不到案卷评查标准文件"):
        load_standard(tmp_path)
