"""Discretion calculator, search documents and the handbook CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.calculator import CalcError, calculate
from indexer.handbook.catalogue import load_catalogue
from indexer.handbook.search import handbook_documents, search_handbook

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-28"

ENTRY = textwrap.dedent('''
    [[violation]]
    id = "C-001"
    name = "未按照规定对从业人员进行安全生产教育和培训（测试）"
    topic = "测试"
    description = "测试用条目。"
    keywords = ["培训"]
    subject = "单位"
    subject_role = "生产经营单位"
    violated = ["安全生产法/28/1"]
    basis = ["安全生产法/97/1/3"]
    behaviour = "未按照规定对从业人员、被派遣劳动者、实习学生进行安全生产教育和培训"
    fact_template = "经查，{party}未对{count}名从业人员进行安全生产教育和培训。"
    mitigation = ["MIT-MINOR", "MIT-FIRST", "MIT-REMEDY"]
    [[violation.levels]]
    name = "一般"
    circumstances = ["涉及3人以下"]
    fine_min = 10000
    fine_max = 40000
    other = ["责令限期改正"]
    [[violation.levels]]
    name = "严重"
    circumstances = ["涉及10人以上", "造成事故险情"]
    fine_min = 70000
    fine_max = 100000
    other = ["责令限期改正"]

    [[violation]]
    id = "C-002"
    name = "主要负责人未履行职责导致事故（测试）"
    topic = "测试"
    description = "测试用条目。"
    keywords = ["主要负责人"]
    subject = "个人"
    subject_role = "主要负责人"
    violated = ["安全生产法/21"]
    basis = ["安全生产法/95/1/2"]
    behaviour = "发生较大事故的"
    fact_template = "经查，{party}……"
    fine_basis = "上一年年收入"
    mitigation = []
    [[violation.levels]]
    name = "一般"
    circumstances = ["发生较大事故"]
    ratio_min = 0.6
    ratio_max = 0.6
    other = []
''')

RULES = textwrap.dedent('''
    [[rule]]
    id = "MIT-MINOR"
    kind = "不予处罚"
    condition = "违法行为轻微并及时改正，没有造成危害后果的"
    basis = ["行政处罚法/33/1"]

    [[rule]]
    id = "MIT-FIRST"
    kind = "可以不予处罚"
    condition = "初次违法且危害后果轻微并及时改正的"
    basis = ["行政处罚法/33/1"]

    [[rule]]
    id = "MIT-REMEDY"
    kind = "从轻或者减轻"
    condition = "主动消除或者减轻违法行为危害后果的"
    basis = ["行政处罚法/32/1/1"]
''')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "handbook" / "violations").mkdir(parents=True)
    (corpus / "handbook" / "violations" / "c.toml").write_text(ENTRY, encoding="utf-8")
    (corpus / "handbook" / "mitigation.toml").write_text(RULES, encoding="utf-8")
    (corpus / "handbook" / "procedures.md").write_text("# 程序\n\n## 听证程序\n\n听证要求在五日内提出。\n", encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def cat(corpus):
    c = load_catalogue(corpus)
    assert not c.errors, c.errors
    return c


def test_level_from_circumstances(lib, cat):
    s = calculate(lib, cat, "C-001", ["涉及10人以上"], as_of=TODAY)
    assert s.level == "严重" and s.outcome == "处罚" and s.adjustment is None
    assert s.fine == {"unit": "yuan", "min": 70000, "max": 100000, "basis": None, "text": "罚款7万元至10万元"}
    assert s.sanctions == ["责令限期改正"]
    # the statutory sanctions come from the parsed provision: 处十万元以下的罚款; 逾期未改正的 …
    assert any("处十万元以下的罚款" in x for x in s.statutory)     # the statute's own words
    assert any(x.startswith("逾期未改正的") for x in s.statutory)
    text = "".join(s.reasons)
    assert "《中华人民共和国安全生产法》第二十八条第一款" in text            # violated
    assert "《中华人民共和国安全生产法》第九十七条第（三）项" in text        # basis, 第一款 omitted (one paragraph)
    assert "《中华人民共和国行政处罚法》第五条第二款" in text
    assert "《中华人民共和国行政处罚法》第三十四条" in text
    assert all(c["in_force"] and c["ok"] for c in s.citations)


def test_most_severe_matched_level_wins_and_level_names_work(lib, cat):
    s = calculate(lib, cat, "C-001", ["涉及3人以下", "造成事故险情"], as_of=TODAY)
    assert s.level == "严重"
    assert calculate(lib, cat, "C-001", ["一般"], as_of=TODAY).level == "一般"
    s = calculate(lib, cat, "C-001", [], as_of=TODAY)
    assert s.level == "一般" and s.warnings


def test_mitigation(lib, cat):
    s = calculate(lib, cat, "C-001", ["涉及10人以上"], ["MIT-REMEDY"], as_of=TODAY)
    assert s.adjustment == "从轻或者减轻"
    assert s.fine["min"] == 70000 and s.fine["max"] == 80000            # the lower third of 7万–10万
    assert s.level_fine["max"] == 100000
    assert any("第三十二条第（一）项" in r and "应当从轻或者减轻" in r for r in s.reasons)
    s = calculate(lib, cat, "C-001", ["涉及3人以下"], ["MIT-MINOR"], as_of=TODAY)
    assert s.outcome == "不予处罚" and s.fine is None
    assert any("第三十三条第一款" in r and "不予行政处罚" in r for r in s.reasons)
    assert any("第三十三条第三款" in r for r in s.reasons)            # education
    s = calculate(lib, cat, "C-001", ["涉及3人以下"], ["MIT-FIRST"], as_of=TODAY)
    assert s.outcome == "可以不予处罚" and s.fine["max"] == 40000


def test_ratio_fines(lib, cat):
    s = calculate(lib, cat, "C-002", ["发生较大事故"], as_of=TODAY)
    assert s.fine["unit"] == "ratio" and s.fine["min"] == 0.6
    assert s.fine["text"] == "处上一年年收入百分之六十的罚款"


def test_bad_input(lib, cat):
    with pytest.raises(CalcError):
        calculate(lib, cat, "NOPE", [])
    with pytest.raises(CalcError):
        calculate(lib, cat, "C-001", [], ["MIT-UNKNOWN"])
    with pytest.raises(CalcError):
        calculate(lib, cat, "C-001", [], level="特别严重")
    # an unlisted circumstance used to be a warning and vanished from the reasons: now an error (issue 16.3)
    with pytest.raises(CalcError, match="一个没有的情形"):
        calculate(lib, cat, "C-001", ["一个没有的情形"], as_of=TODAY)


def test_search_documents_have_the_index_fields(corpus):
    from indexer.index import schema
    docs = list(handbook_documents(corpus))
    names = set(schema().names())
    assert docs and all(set(d) <= names for _i, _h, d in docs)
    kinds = {d["kind"] for _i, _h, d in docs}
    assert kinds == {"handbook", "procedure"}
    assert {i for i, _h, _d in docs} >= {"handbook:C-001", "procedure:听证程序"}


def test_search_finds_entries_and_sections(lib):
    real = load_catalogue(CORPUS_DIR)
    res = search_handbook(lib, "电焊工没有特种作业操作证", catalogue=real, limit=5)
    assert res["results"] and res["results"][0]["kind"] == "handbook"
    assert any(r["entry"].startswith("SP-") for r in res["results"] if r["kind"] == "handbook")
    res = search_handbook(lib, "听证 申请期限", catalogue=real, limit=5, kinds=("procedure",))
    assert res["results"] and all(r["kind"] == "procedure" for r in res["results"])


# --------------------------------------------------------------------------- CLI

def run(settings, *args):
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                           str(settings.data), "handbook", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_cli_list_and_show(settings):
    p = run(settings, "list", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["total"] >= 100
    sp = next(e for e in data["entries"] if e["id"] == "SP-001")
    assert sp["basis"][0]["citation"] == "《中华人民共和国安全生产法》第九十七条第（七）项"
    assert any("处十万元以下的罚款" in s for s in sp["sanctions"])      # the statute's words
    p = run(settings, "show", "SP-001", "--json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["id"] == "SP-001" and d["statutory"][0]["provision"] == "安全生产法@2021-09-01/97/1"
    p = run(settings, "show", "SP-001")
    assert p.returncode == 0 and "处罚依据：《中华人民共和国安全生产法》第九十七条第（七）项" in p.stdout


def test_cli_calc(settings):
    p = run(settings, "calc", "SP-001", "--level", "一般", "-m", "MIT-REMEDY", "--json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["level"] == "一般" and d["adjustment"] == "从轻或者减轻" and d["reasons"]
    p = run(settings, "calc", "SP-001", "-c", "一般")
    assert p.returncode == 0 and "建议罚款" in p.stdout


def test_cli_bad_input(settings):
    for args in (("show", "XX-999"), ("calc", "XX-999"), ("calc", "SP-001", "-m", "MIT-NOPE"), ("list", "--topic", "无此类")):
        p = run(settings, *args)
        assert p.returncode == 1, args
        assert p.stderr.startswith("错误：") and len(p.stderr.strip().splitlines()) == 1, p.stderr
        assert "Traceback" not in p.stderr


def test_cli_check_and_provisions(settings):
    p = run(settings, "check", "--json", "--no-search")
    data = json.loads(p.stdout)
    assert data["entries"] >= 100
    assert p.returncode == (1 if data["errors"] else 0)
    p = run(settings, "provisions", "--report", "--json")
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    assert rep["provisions"] >= 500 and rep["resisted"] == []
    p = run(settings, "provisions", "--law", "安全生产法", "--json")
    assert p.returncode == 0
    refs = [x["ref"] for x in json.loads(p.stdout)["provisions"]]
    assert "安全生产法@2021-09-01/99/1" in refs
