"""Published 裁量基准 (issue 18.6): loading, the statute check of every row, and the calculator quoting the
adopted row instead of the handbook's example levels.

The rows used here are the fictitious tests/fixtures/benchmarks/TEST-FIXTURE.toml; the project's real
corpus/benchmarks files are loaded and checked as they are (their headers are sourced; no rows are
transcribed yet, see corpus/benchmarks/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.benchmarks import load_benchmarks
from indexer.handbook.checks import check_benchmarks
from indexer.handbook.calculator import EXAMPLE_LEVELS, calculate
from indexer.handbook.catalogue import load_catalogue

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "benchmarks"
TODAY = "2026-06-30"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(CORPUS_DIR)


@pytest.fixture(scope="module")
def fixture_set():
    return load_benchmarks(FIXTURE)


def test_project_benchmarks_load_with_sources(lib):
    bset = load_benchmarks(CORPUS_DIR)
    assert bset.errors == []
    national = bset.get("MEM-2024-90")
    assert national is not None and national.doc_number == "应急〔2024〕90号" and national.scope == "全国"
    assert national.label == "《应急管理行政处罚裁量权基准》（应急〔2024〕90号）"
    assert "浙江省" in {b.scope for b in bset.benchmarks.values()}
    for b in bset.benchmarks.values():
        assert b.sources and all(s["url"].startswith("http") for s in b.sources), b.id
    assert [f for f in check_benchmarks(lib, bset) if f.severity == "error"] == []


def test_fixture_rows_fit_the_statute(lib, fixture_set):
    assert fixture_set.errors == []
    assert len(fixture_set.get("TEST-FIXTURE").rows) == 4
    assert check_benchmarks(lib, fixture_set) == []


def test_a_row_outside_the_statutory_range_fails(lib, tmp_path):
    """第九十七条 sets 十万元以下 for the plain violation: a planted row of 十五万至三十万 is an error, and so is a
    row on a provision that does not punish its addressee."""
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "benchmarks" / "TEST-FIXTURE.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("fine_min = 20000\nfine_max = 100000", "fine_min = 150000\nfine_max = 300000", 1)
    text += ('\n[[row]]\nprovision = "安全生产法/999"\nbehaviour = "无"\naddressee = "单位"\ngrade = "一档"\n'
             'circumstances = []\nstandard = "无"\nsource = "https://lawdesk.invalid/x"\n')
    path.write_text(text, encoding="utf-8")
    failures = check_benchmarks(lib, load_benchmarks(tmp_path))
    errors = [f for f in failures if f.severity == "error"]
    assert any("第二档" in f.entry and "不在法定幅度内" in f.message for f in errors), failures
    assert any("安全生产法/999" in f.entry for f in errors), failures
    assert all(f.check == "benchmark" for f in failures)


@pytest.mark.parametrize("bad, message", [
    ('fine_min = 5000\nfine_max = 20000', "fine_min = 5000"),                           # fine_max missing below
    ('addressee = "单位"', 'addressee = "某某"'),
    ('provision = "安全生产法/97/1/5"', 'provision = "安全生产法@2021-09-01/97/1/5"'),
])
def test_malformed_rows_are_reported_not_raised(tmp_path, bad, message):
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "benchmarks" / "TEST-FIXTURE.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(bad, message, 1), encoding="utf-8")
    bset = load_benchmarks(tmp_path)
    assert bset.errors and bset.errors[0].file.endswith("TEST-FIXTURE.toml")
    (tmp_path / "benchmarks" / "broken.toml").write_text("[benchmark\n", encoding="utf-8")
    assert any("TOML" in e.message for e in load_benchmarks(tmp_path).errors)


def test_calculator_quotes_the_adopted_row(lib, cat, fixture_set):
    adopted = fixture_set.adopted(["TEST-FIXTURE"])
    s = calculate(lib, cat, "SP-001", ["涉及2至3名无证人员"], as_of=TODAY, party="你单位", benchmarks=adopted)
    assert s.level == "第二档" and not s.example
    assert s.fine["min"] == 30000 and s.fine["max"] == 60000
    assert s.benchmark["label"] == "《测试用裁量基准（虚构）》（测〔2025〕1号）" and s.benchmark["locator"] == "序号4"
    text = "".join(s.reasons)
    assert "《测试用裁量基准（虚构）》" in text and "“第二档”阶次的适用条件为“涉及2至3名无证人员”" in text
    assert "裁量标准为“责令限期改正，处三万元以上六万元以下的罚款”" in text
    assert "示例" not in text and EXAMPLE_LEVELS not in s.warnings
    # the row's grades replace the example levels: the handbook's 较重 is not a grade of this 基准
    with pytest.raises(Exception, match="没有名为“较重”"):
        calculate(lib, cat, "SP-001", [], level="较重", as_of=TODAY, benchmarks=adopted)


def test_calculator_without_a_row_stays_an_example(lib, cat, fixture_set):
    adopted = fixture_set.adopted(["TEST-FIXTURE"])
    v = next(v for v in cat.violations if not any(b.startswith("安全生产法/97/1/") for b in v.basis))
    s = calculate(lib, cat, v.id, [], level=v.levels[0].name, as_of=TODAY, benchmarks=adopted)
    assert s.example and s.benchmark is None
    assert any("中没有该违法行为的条目" in w for w in s.warnings) and EXAMPLE_LEVELS in s.warnings
    none = calculate(lib, cat, v.id, [], level=v.levels[0].name, as_of=TODAY)
    assert none.example and not any("中没有该违法行为的条目" in w for w in none.warnings)


def test_a_benchmark_not_yet_in_force_is_not_applied(lib, cat, fixture_set):
    adopted = fixture_set.adopted(["TEST-FIXTURE"])        # effective 2025-01-01
    s = calculate(lib, cat, "SP-001", [], level="较重", as_of="2024-06-30", benchmarks=adopted)
    assert s.example and s.level == "较重"


def test_cli_lists_benchmarks_and_calculates_with_one(settings, tmp_path):
    import dataclasses
    import json

    from click.testing import CliRunner

    from webapp.commands.handbook import handbook_group
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    shutil.copy(FIXTURE / "benchmarks" / "TEST-FIXTURE.toml", corpus / "benchmarks")
    obj = dataclasses.replace(settings, corpus=corpus)
    run = CliRunner().invoke
    r = run(handbook_group, ["benchmarks"], obj=obj)
    assert r.exit_code == 0 and "MEM-2024-90" in r.output and "TEST-FIXTURE" in r.output and "4 条" in r.output
    r = run(handbook_group, ["calc", "SP-001", "-c", "涉及2至3名无证人员", "-b", "TEST-FIXTURE", "--json"], obj=obj)
    body = json.loads(r.output)
    assert body["level"] == "第二档" and body["benchmark"]["id"] == "TEST-FIXTURE"
    r = run(handbook_group, ["calc", "SP-001", "-c", "涉及2至3名无证人员"], obj=obj)
    assert "示例档次（不能直接写入处罚决定书）" in r.output
    r = run(handbook_group, ["calc", "SP-001", "-b", "NO-SUCH"], obj=obj)
    assert r.exit_code == 1 and "没有编号为“NO-SUCH”的裁量基准" in r.output
