"""The lawdesk CLI contract: JSON shapes, and bad input -> one Chinese line on stderr, non-zero exit."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(settings, *args):
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                           str(settings.data), *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_search_json(settings):
    p = run(settings, "search", "安全警示标志", "--limit", "3", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["query"] == "安全警示标志" and len(data["results"]) == 3
    assert all({"law", "version", "article", "suffix", "ref", "heading", "score", "snippet"} <= set(r)
               for r in data["results"])


def test_show_json_and_text(settings):
    p = run(settings, "show", "安全生产法", "101", "--json")
    data = json.loads(p.stdout)
    assert data["ref"] == "安全生产法@2021-09-01/101" and data["status"] == "in_force"
    p = run(settings, "show", "刑法", "134之一")
    assert p.returncode == 0 and "第一百三十四条之一" in p.stdout


@pytest.mark.parametrize("args,needle", [
    (("show", "不存在的法", "1"), "法规库中没有"),
    (("show", "安全生产法", "999"), "没有第九百九十九条"),
    (("show", "安全生产法", "99999999999999999999"), "没有第"),
    (("show", "安全生产法", "abc"), "条文序号格式错误"),
    (("show", "安全生产法", "1", "--as-of", "2021/01/01"), "日期格式错误"),
    (("search", "   "), "请输入检索词"),
    (("search", "安全", "--law", "不存在的法"), "法规库中没有"),
])
def test_bad_input_is_one_chinese_line(settings, args, needle):
    p = run(settings, *args)
    assert p.returncode == 1
    assert needle in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_missing_index_is_explained(tmp_path, settings):
    p = subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                        str(tmp_path / "empty"), "search", "安全"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 1 and "lawdesk index" in p.stderr


def test_library_check_lists_the_known_defects(settings):
    p = run(settings, "library", "check", "--json")
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)
    kinds = report["by_kind"]
    flat = [(i["kind"], i["path"], i["message"]) for k in kinds.values() for i in k]

    def has(kind, path_part, msg_part=""):
        return any(k == kind and path_part in p and msg_part in m for k, p, m in flat)

    # truncated copies in lawrefbook/
    for name in ["浙江省消防条例", "杭州市燃气管理条例", "杭州市禁止销售燃放烟花爆竹管理规定"]:
        assert has("duplicate", f"lawrefbook/DLC/浙江地方法规/地方性法规/浙江/{name}", "不完整副本"), name
    assert has("no_effective_clause", "浙江省实施《道路交通安全法》办法", "第五十三条")
    assert has("no_effective_clause", "lawrefbook/DLC/浙江地方法规/地方性法规/浙江/浙江省消防条例", "第十八条")
    # the same statute twice
    assert has("duplicate", "职业病防治法", "重复副本")
    # several versions
    for name in ["行政复议法", "浙江省安全生产条例", "突发事件应对法"]:
        assert has("versions", "", name), name
    # no longer in force
    assert has("repealed", "煤矿安全监察条例", "2024-05-01")
    assert has("repealed", "国务院关于预防煤矿生产安全事故的特别规定", "2024-05-01")
    # files without articles: about 150 in the README's count (decisions, amendment lists, notices)
    assert len(kinds["no_articles"]) >= 100
    assert all(i["line"] >= 0 for k in kinds.values() for i in k)
