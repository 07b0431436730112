"""The authored handbook (corpus/handbook/) checked against the library (issue 6, point 3), and the checker
itself tested on a small catalogue with planted errors."""

from __future__ import annotations

import textwrap

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.catalogue import load_catalogue, read_sections
from indexer.handbook.checks import check_entry, check_procedures, check_search, run_checks
from indexer.handbook.citations import extract

TODAY = "2026-11-28"
CAT = load_catalogue(CORPUS_DIR)

# Entries whose authored data the checks find wrong; reported to the authors. strict: when an entry is fixed
# the test turns red until it is removed from this table.
KNOWN_BAD: dict[str, str] = {}


def _param(v):
    marks = [pytest.mark.xfail(reason=KNOWN_BAD[v.id], strict=True)] if v.id in KNOWN_BAD else []
    return pytest.param(v, id=v.id, marks=marks)


def test_catalogue_size_and_schema():
    assert len(CAT.violations) >= 100
    assert not CAT.errors, [e.message for e in CAT.errors]
    assert len({v.id for v in CAT.violations}) == len(CAT.violations)
    for v in CAT.violations:
        assert v.levels and v.basis, v.id
        assert all(m in CAT.rules for m in v.mitigation), v.id


@pytest.mark.parametrize("v", [_param(v) for v in CAT.violations])
def test_entry_against_the_library(lib, v):
    errors = [f.format() for f in check_entry(lib, v, TODAY) if f.severity == "error"]
    assert not errors, "\n".join(errors)


def test_mitigation_rules_cite_articles_in_force(lib):
    failures = [f for f in run_checks(lib, CAT, as_of=TODAY, search=False) if f.check == "mitigation"]
    assert not failures, [f.format() for f in failures]


def test_every_entry_is_reachable_by_search(lib):
    failures = check_search(lib, CAT)
    assert not failures, [f.format() for f in failures]


def test_procedures_citations_resolve_and_are_in_force(lib):
    assert len(CAT.sections) >= 8
    titles = " ".join(s.title for s in CAT.sections)
    for word in ("简易程序", "普通程序", "听证", "法制审核", "移送", "强制", "送达", "执行", "期限"):
        assert word in titles, word
    assert len(extract(CAT.procedures_text)) >= 50
    failures = check_procedures(lib, CAT, TODAY)
    assert not failures, [f.format() for f in failures]


# --------------------------------------------------------------------------- the checker on planted errors

BAD = textwrap.dedent('''
    [[violation]]
    id = "T-001"
    name = "测试条目：特种作业人员未持证上岗"
    topic = "测试"
    description = "测试用。"
    keywords = ["测试"]
    subject = "单位"
    subject_role = "生产经营单位"
    violated = ["安全生产法/30/1"]
    basis = ["安全生产法/97/1/7"]
    behaviour = "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的"
    fact_template = "经查，{party}于{date}……"
    mitigation = ["MIT-A"]
    [[violation.levels]]
    name = "一般"
    circumstances = ["首次"]
    fine_min = 10000
    fine_max = 30000
    other = ["责令限期改正"]
    [[violation.levels]]
    name = "严重"
    circumstances = ["多次"]
    fine_min = 80000
    fine_max = 150000
    other = ["责令停产停业整顿"]

    [[violation]]
    id = "T-002"
    name = "测试条目：引用错误"
    topic = "测试"
    description = "测试用。"
    keywords = ["测试"]
    subject = "单位"
    subject_role = "生产经营单位"
    violated = ["安全生产法/300", "煤矿安全监察条例/10"]
    basis = ["安全生产法/99/1/9"]
    behaviour = "随便写的行为"
    fact_template = "经查，{party}"
    mitigation = ["MIT-NONE"]
    [[violation.levels]]
    name = "一般"
    circumstances = []
    fine_min = 1000
    fine_max = 2000
    other = []

    [[violation]]
    id = "T-003"
    name = "测试条目：行为表述不符、处罚依据不是罚则"
    topic = "测试"
    description = "测试用。"
    keywords = ["测试"]
    subject = "个人"
    subject_role = "从业人员"
    violated = ["安全生产法/57"]
    basis = ["安全生产法/57", "安全生产法/97/1/1"]
    behaviour = "特种作业人员未按照规定经专门的安全作业培训"
    fact_template = "经查，{party"
    mitigation = []
    [[violation.levels]]
    name = "一般"
    circumstances = []
    fine_min = 3000
    fine_max = 1000
    other = []
''')

RULES = textwrap.dedent('''
    [[rule]]
    id = "MIT-A"
    kind = "从轻或者减轻"
    condition = "主动消除或者减轻违法行为危害后果的"
    basis = ["行政处罚法/32/1/1"]

    [[rule]]
    id = "MIT-OLD"
    kind = "不予处罚"
    condition = "测试"
    basis = ["行政处罚法/99"]
''')

PROCEDURES = textwrap.dedent('''
    # 测试程序

    ## 简易程序（当场处罚）

    当场处罚的条件见《行政处罚法》第五十一条；决定书的内容见《行政处罚法》第五十二条第二款。

    ## 听证

    告知听证权利（《行政处罚法》第六十四条）：

    - 五日内提出（第一款第（一）项）；
    - 错误引用（第一款第（十五）项）；
    - 已废止的规定：《煤矿安全监察条例》第十条；
    - 不存在的法规：《某某不存在法》第一条。
''')


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "handbook" / "violations").mkdir(parents=True)
    (corpus / "handbook" / "violations" / "t.toml").write_text(BAD, encoding="utf-8")
    (corpus / "handbook" / "mitigation.toml").write_text(RULES, encoding="utf-8")
    (corpus / "handbook" / "procedures.md").write_text(PROCEDURES, encoding="utf-8")
    return load_catalogue(corpus)


def test_schema_errors_are_reported_not_raised(planted):
    msgs = [e.message for e in planted.errors]
    assert any("MIT-NONE" in m for m in msgs)
    assert any("下限 3000 大于上限 1000" in m for m in msgs)
    assert any("fact_template 格式错误" in m for m in msgs)
    assert [v.id for v in planted.violations] == ["T-001", "T-002", "T-003"]
    assert planted.violations[1].line > planted.violations[0].line > 0


def test_planted_errors_are_found(lib, planted):
    fs = run_checks(lib, planted, as_of=TODAY, search=False)
    by = {}
    for f in fs:
        by.setdefault((f.entry, f.check, f.severity), []).append(f.message)
    # T-001: 8万–15万 straddles the base maximum (10万) and the 逾期未改正 minimum (10万): inside neither range
    assert any("严重" in m for m in by[("T-001", "range", "error")])
    assert ("T-001", "range", "error") in by and len(by[("T-001", "range", "error")]) == 1
    # 责令停产停业整顿 exists only when not corrected in time: a warning, the level does not say so
    assert any("责令停产停业整顿" in m for m in by[("T-001", "sanction", "warning")])
    # T-002: article 300 does not exist, 煤矿安全监察条例 is repealed, 第九十九条 has 8 items
    assert any("安全生产法/300" in m for m in by[("T-002", "ref", "error")])
    assert any("煤矿安全监察条例/10" in m for m in by[("T-002", "in_force", "error")])
    assert any("第 9 项" in m for m in by[("T-002", "ref", "error")])
    # T-003: 第五十七条 is a duty, not a penalty provision; the behaviour is in 第九十七条 but in item 7, not the
    # cited item 1
    assert any("安全生产法/57" in m for m in by[("T-003", "parse", "error")])
    assert any("不在所引的款、项" in m for m in by[("T-003", "behaviour", "warning")])
    # 行政处罚法 has no 第九十九条
    assert ("MIT-OLD", "mitigation", "error") in by
    proc = by[("procedures.md", "procedure", "error")]
    assert len(proc) == 3
    assert any("第（十五）项" in m or "第 15 项" in m for m in proc)
    assert any("煤矿安全监察条例" in m for m in proc)
    assert any("某某不存在法" in m for m in proc)


def test_read_sections():
    secs = read_sections(PROCEDURES)
    assert [s.slug for s in secs] == ["简易程序", "听证"]
    assert secs[0].title == "简易程序（当场处罚）" and secs[0].doc_id == "procedure:简易程序"


def test_citation_reader():
    cs = extract("依照《行政处罚法》第六十八条第一款第（一）项、第（二）项和第七十条，另见《刑法》第一百三十四条之一。"
                 "（《行政强制法》第十八条第一款第（一）项至第（三）项）")
    got = [(c.law_name, c.article, c.suffix, c.paragraph, c.item) for c in cs]
    assert got == [("行政处罚法", 68, None, 1, 1), ("行政处罚法", 68, None, 1, 2), ("行政处罚法", 70, None, None, None),
                   ("刑法", 134, "之一", None, None), ("行政强制法", 18, None, 1, 1), ("行政强制法", 18, None, 1, 2),
                   ("行政强制法", 18, None, 1, 3)]
    # a bare article number without a title is not read
    assert extract("旧模板中的“第三十一条、第三十二条”已经过时") == []
