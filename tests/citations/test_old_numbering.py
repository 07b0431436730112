"""Old 2014 安全生产法 numbers in documents after 2021-09-01, told by what the facts describe (issue 18.4):
the hand-written dev set, the generated held-out set, and the issue's own examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.citations.oldnumbers import generate_heldout, load_dev, score

DEV = Path(__file__).resolve().parents[2] / "bench" / "data" / "old_numbering" / "dev.toml"


@pytest.fixture(scope="module")
def dev():
    return {p.id: p for p in load_dev(DEV)}


@pytest.mark.parametrize("pid, want", [
    ("on01", "安全生产法/30/1"),      # 第二十七条第一款 for the special-operations certificate
    ("on02", "安全生产法/92"),        # 第八十九条 reciting 出具虚假证明
    ("on03", "安全生产法/101"),       # 第九十八条第一款 for hot work without on-site safety management
])
def test_the_issue_s_examples_are_flagged_with_the_current_article(checker, dev, pid, want):
    p = dev[pid]
    c = next(c for c in checker.check(p.text + "\n2022年6月30日").to_dict()["citations"] if c["text"] == p.cite)
    assert c["status"] == "ok"                                          # the number exists today …
    olds = [w for w in c["warnings"] if w["code"] == "old_numbering"]
    assert olds and "2014年修正文本" in olds[0]["message"]               # … but it is the old one
    assert any(s == want or s.startswith(want + "/") for s in c["suggestions"]), c["suggestions"]


def test_dev_set(checker):
    sc, misses = score(checker, load_dev(DEV))
    assert sc.old == 10 and sc.controls == 6
    assert sc.found >= 8, misses
    assert sc.false_alarms == 0, misses
    assert sc.early_right == sc.early, misses


def test_heldout_set(checker, lib, settings):
    passages = generate_heldout(lib, settings.corpus)
    sc, misses = score(checker, passages)
    assert sc.old >= 150 and sc.controls == sc.old
    assert sc.found / sc.old >= 0.95, misses[:20]
    assert sc.false_alarms == 0, misses[:20]
    assert sc.early and sc.early_right == sc.early, misses[:20]

