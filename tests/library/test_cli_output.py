"""The human-readable `lawdesk search` output for every kind of row (article, law, handbook entry, notice)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(settings, *args):
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                           str(settings.data), *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_notice_row_for_a_citation_that_does_not_exist(settings):
    p = run(settings, "search", "安法999条")
    assert p.returncode == 0, p.stderr
    assert "[提示]" in p.stdout and "没有第九百九十九条" in p.stdout


def test_handbook_row_lists_both_articles(settings):
    p = run(settings, "search", "未对从业人员进行安全生产教育和培训", "--limit", "3")
    assert p.returncode == 0, p.stderr
    assert "处罚裁量手册" in p.stdout and "第九十七条第（三）项" in p.stdout and "None" not in p.stdout


def test_law_name_alone(settings):
    p = run(settings, "search", "安全生产法", "--limit", "2")
    assert p.returncode == 0, p.stderr
    first = p.stdout.splitlines()[1]
    assert first.strip().startswith("1. 《中华人民共和国安全生产法》（")
