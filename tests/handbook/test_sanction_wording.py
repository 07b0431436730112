"""Sanctions exactly as the statute says them (issue 18.1): every sanction an entry shows is the parsed
provision's own words — measure, amount, addressee and connective — and `handbook check` fails on a paraphrase.
Expected wordings are the statute texts of ../shared/corpus (quoted in the assertions' comments)."""

import copy
from dataclasses import replace

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.catalogue import load_catalogue
from indexer.handbook.checks import check_derived_wording, check_other_wording, run_checks
from indexer.handbook.present import entry_detail, entry_summary
from indexer.handbook.resolve import normalise, statutory_basis
from indexer.penalties import parse_sanctions

TODAY = "2026-06-30"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(CORPUS_DIR)


def shown(lib, cat, entry_id):
    return entry_summary(lib, cat.get(entry_id), TODAY)


def test_every_shown_sanction_is_worded_as_the_statute(lib, cat):
    """Each measure shown, for every entry, is found word for word in its provision's text."""
    checked = 0
    for v in cat.violations:
        for b in statutory_basis(lib, v, TODAY):
            if b.provision is None or any(c.inherited_from for c in b.addressed):
                continue
            text = normalise(b.provision.text + b.ref.text)
            for c in b.addressed:
                for s in c.sanctions:
                    assert normalise(s.plain()) in text, (v.id, s.plain())
                    checked += 1
    assert checked > 500


def test_no_widened_suspension(lib, cat):
    # 安全生产法 第九十二条第一款: “……出具失实报告的，责令停业整顿，并处三万元以上十万元以下的罚款”
    lines = shown(lib, cat, "AG-001")["sanctions"]
    assert any("责令停业整顿，并处三万元以上十万元以下的罚款" in x for x in lines)
    assert not any("停产停业整顿" in x for x in lines)


def test_until_is_not_cumulative(lib, cat):
    """危险化学品安全管理条例 第八十条: 责令停产停业整顿直至由原发证机关吊销其相关许可证件, and 责令其办理经营范围变更登记
    or 吊销其营业执照 — alternatives, not a list of cumulative sanctions."""
    v = cat.get("HCR-002")
    b = statutory_basis(lib, v, TODAY)[0]
    clause = next(c for c in b.addressed if any(s.kind == "吊销" for s in c.sanctions))
    modes = [(s.kind, s.mode) for s in clause.sanctions]
    assert ("吊销", "until") in modes and ("吊销", "or") in modes
    line = next(x for x in shown(lib, cat, "HCR-002")["sanctions"] if "直至" in x)
    assert "责令停产停业整顿直至由原发证机关吊销其相关许可证件" in line
    assert "责令其办理经营范围变更登记或者吊销其营业执照" in line


def test_criminal_liability_on_the_responsible_persons(lib, cat):
    # 危险化学品安全管理条例 第八十条第一款: “……有关责任人员构成犯罪的，依法追究刑事责任”
    line = next(x for x in shown(lib, cat, "HCR-002")["sanctions"] if "刑事责任" in x)
    assert line.startswith("有关责任人员构成犯罪的") and "单位依法追究刑事责任" not in line


def test_every_addressee_is_shown(lib, cat):
    """安全生产法 第九十七条: the unit's fine and, 逾期未改正的, the fine on 直接负责的主管人员和其他直接责任人员."""
    lines = shown(lib, cat, "SP-001")["sanctions"]
    assert any("对直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款" in x for x in lines)
    missing = []
    for v in cat.violations:
        for b in statutory_basis(lib, v, TODAY):
            persons = [c for c in b.addressed if c not in b.clauses]
            if persons and not all(any(c.plain() in x or c.plain(b.provision.conditions) in x
                                       for x in entry_summary(lib, v, TODAY)["sanctions"]) for c in persons):
                missing.append(v.id)
    assert missing == []


def test_second_and_third_paragraph_of_article_92(lib, cat):
    # 安全生产法 第九十二条第二款 (the persons' fine, 连带赔偿责任) and 第三款 (吊销资质, 五年内不得从事…)
    d = entry_detail(lib, cat, cat.get("AG-002"), TODAY)
    lines = [x for b in d["statutory"] for x in b["sanctions"]]
    other = [x for b in d["statutory"] for x in b["liabilities"]]
    assert any("对直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款" in x for x in lines)
    assert any("吊销其相应资质和资格，五年内不得从事安全评价、认证、检测、检验等工作" in x for x in lines)
    assert any("与生产经营单位承担连带赔偿责任" in x for x in other)
    assert not any("赔偿" in x for x in lines)


def test_civil_liability_is_not_a_penalty(lib, cat):
    """安全生产法 第一百一十四条: 除要求其依法承担相应的赔偿等责任外 … — compensation is not a 行政处罚."""
    d = shown(lib, cat, "AC-001")
    assert not any("赔偿" in x for x in d["sanctions"]) and "民事责任" not in d["kinds"]
    assert any("三十万元以上一百万元以下的罚款" in x for x in d["sanctions"])


def test_check_fails_on_a_planted_paraphrase_of_a_level(lib, cat):
    v = cat.get("AG-001")                                   # the statute says 责令停业整顿
    bases = statutory_basis(lib, v, TODAY)
    assert check_other_wording(v, bases) == []
    planted = replace(v, levels=[replace(v.levels[0], other=["责令停产停业整顿"])] + list(v.levels[1:]))
    failures = check_other_wording(planted, bases)
    assert failures and failures[0].check == "wording" and "责令停业整顿" in failures[0].message


def test_check_fails_on_a_planted_paraphrase_of_a_derived_sanction(lib, cat):
    v = cat.get("AG-002")
    bases = copy.deepcopy(statutory_basis(lib, v, TODAY))       # provisions are cached: plant in a copy
    assert check_derived_wording(lib, v, bases, TODAY) == []
    clause = next(c for c in bases[0].addressed if any(s.kind == "民事责任" for s in c.sanctions))
    i = next(i for i, s in enumerate(clause.sanctions) if s.kind == "民事责任")
    clause.sanctions[i] = replace(clause.sanctions[i], words="依法承担赔偿责任")     # the old paraphrase
    failures = check_derived_wording(lib, v, bases, TODAY)
    assert failures and "依法承担赔偿责任" in failures[0].message


def test_the_corrected_handbook_passes(lib, cat):
    failures = [f for f in run_checks(lib, cat, as_of=TODAY, search=False) if f.severity == "error"]
    assert failures == []


@pytest.mark.parametrize("phrase, words", [
    ("责令其办理经营范围变更登记或者吊销其营业执照", ["责令其办理经营范围变更登记", "或者吊销其营业执照"]),
    ("处警告或者五百元以下罚款", ["处警告", "或者五百元以下罚款"]),
    ("责令停止使用有关设施、设备或者停产停业整顿", ["责令停止使用有关设施、设备", "或者停产停业整顿"]),
    ("责令停产停业整顿直至由原发证机关吊销其相关许可证件", ["责令停产停业整顿", "直至由原发证机关吊销其相关许可证件"]),
])
def test_words_of_each_measure(phrase, words):
    assert [s.plain() for s in parse_sanctions(phrase)] == words
