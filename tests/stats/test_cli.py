"""`lawdesk stats`: the same numbers as the service, as text or JSON; bad dates and units refused in Chinese."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stats.test_compute import _case
from webapp.services.stats import compute, parse_period

ROOT = Path(__file__).resolve().parents[2]


def lawdesk(data: Path, *args):
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--data", str(data), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from indexer.config import Settings
    from webapp import auth, create_app, db
    from webapp.services.drafting import store
    folder = tmp_path_factory.mktemp("stats-cli")
    app = create_app(Settings.resolve(data=folder), {"TESTING": True, "SECRET_KEY": "x"})
    with app.app_context(), db.begin() as conn:
        a = auth.create_unit(conn, "杭州市拱墅区应急管理局", "杭拱")
        b = auth.create_unit(conn, "杭州市西湖区应急管理局", "杭西")
        store.create_case(conn, a, _case("A-1"), None)
        store.create_case(conn, a, _case("A-2", status="issued", payment__paid_on="", dates__filing="2026-03-02"), None)
        store.create_case(conn, b, _case("B-1", dates__filing="2025-06-01"), None)
    with app.app_context(), db.read() as conn:
        expected = {"A-2026": compute(conn, a, parse_period("2026-01-01", "2026-12-31")).to_dict(),
                    "all": compute(conn, None, parse_period("", "")).to_dict()}
    app.extensions["lawdesk_db"].dispose()
    return folder, expected


def test_json_is_the_service_figures(data):
    folder, expected = data
    res = lawdesk(folder, "stats", "--unit", "杭拱", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert got == expected["A-2026"]
    assert got["cases"] == 2 and got["fines"]["imposed"] == 110000 and got["fines"]["collected"] == 55000
    res = lawdesk(folder, "stats", "--json")
    assert json.loads(res.stdout) == expected["all"] and expected["all"]["cases"] == 3


def test_text_has_every_table(data):
    folder, _expected = data
    res = lawdesk(folder, "stats", "--unit", "杭州市拱墅区应急管理局", "--from", "2026-01-01")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert out.startswith("杭州市拱墅区应急管理局 执法统计（2026-01-01 至 最近）")
    for title in ("【总体情况】", "【按月份", "【按违法行为（处罚裁量手册目录条目）】", "【各阶段用时（日，中位数）】"):
        assert title in out
    assert "  罚款金额（元） | 110,000.00" in out and "  2026年3月 | 1 | 55,000.00" in out


def test_empty_period_prints_the_headings(data):
    folder, _expected = data
    res = lawdesk(folder, "stats", "--from", "2030-01-01", "--to", "2030-12-31")
    assert res.returncode == 0, res.stderr
    assert "  月份 | 案件数 | 罚款（元）\n  （无）" in res.stdout and "  案件数 | 0" in res.stdout


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--from", "2025-02-30"], 2, "起始日期“2025-02-30”不是有效日期"),
    (["--from", "2025-12-01", "--to", "2025-01-01"], 2, "起始日期 2025-12-01 晚于截止日期 2025-01-01"),
    (["--unit", "不存在的局"], 1, "找不到唯一的单位“不存在的局”"),
])
def test_bad_input_is_one_chinese_line(data, args, code, words):
    folder, _expected = data
    res = lawdesk(folder, "stats", *args)
    assert res.returncode == code and words in res.stderr and "Traceback" not in res.stderr
