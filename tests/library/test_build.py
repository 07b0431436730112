"""Incremental and atomic builds on a small library copied from the real one (plus a file of our own)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.build import build, current_generation
from indexer.config import Settings
from indexer.service import LawLibrary
from tests.conftest import LIBRARY

FILES = ["lawrefbook/社会法/安全生产法(2021-06-10).md", "lawrefbook/行政法/行政处罚法(2021-01-22).md",
         "extra/浙江省安全生产条例(2022-11-24).md"]

OWN = "# 某市示例管理规定\n\n2025年1月2日 某市人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n" \
      "第一条 为了示例，制定本规定。\n\n第二条 仓库应当设置独特的示例警示牌。\n\n第三条 本规定自2025年3月1日起施行。\n"


@pytest.fixture()
def small(tmp_path) -> Settings:
    lib = tmp_path / "lib"
    for rel in FILES:
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(LIBRARY / rel, lib / rel)
    (lib / "core.txt").write_text("\n".join(FILES + ["local/某市示例管理规定(2025-01-02).md"]) + "\n", encoding="utf-8")
    (lib / "local").mkdir()
    (lib / "local/某市示例管理规定(2025-01-02).md").write_text(OWN, encoding="utf-8")
    return Settings.resolve(library=lib, data=tmp_path / "data")


def test_incremental_build_reparses_only_changed_files(small):
    first = build(small)
    assert not first.up_to_date and first.parsed == 4 and first.laws == 4
    again = build(small)
    assert again.up_to_date and again.generation == first.generation
    f = small.library / "local/某市示例管理规定(2025-01-02).md"
    f.write_text(OWN.replace("独特的示例警示牌", "崭新的示例标志牌"), encoding="utf-8")
    third = build(small)
    assert not third.up_to_date and third.parsed == 1
    assert 0 < third.changed_docs <= 3
    lib = LawLibrary(small)
    assert lib.search("崭新", law="某市示例管理规定", limit=5)["total"] == 1
    assert lib.search("独特", law="某市示例管理规定", limit=5)["total"] == 0


def test_failed_build_leaves_the_previous_generation_serving(small):
    build(small)
    lib = LawLibrary(small)
    live = current_generation(small)
    (small.library / "local/某市示例管理规定(2025-01-02).md").write_text(OWN.replace("仓库", "罐区"), encoding="utf-8")

    def boom():
        raise RuntimeError("killed mid-build")

    with pytest.raises(RuntimeError):
        build(small, fail_after=boom)
    assert current_generation(small) == live
    assert not lib.refresh()
    assert lib.search("仓库", law="某市示例管理规定", limit=5)["total"] == 1
    assert not list((small.data / "library").glob(".building-*"))
    # the next build succeeds and the reader picks it up
    build(small)
    assert lib.refresh()
    assert lib.search("罐区", law="某市示例管理规定", limit=5)["total"] == 1


def test_killed_build_process_leaves_the_index_serving(small):
    build(small)
    live = current_generation(small)
    (small.library / "local/某市示例管理规定(2025-01-02).md").write_text(OWN.replace("仓库", "车间"), encoding="utf-8")
    code = ("import os, sys; from indexer.config import Settings; from indexer.build import build;"
            f"s = Settings.resolve(library={str(small.library)!r}, data={str(small.data)!r});"
            "build(s, fail_after=lambda: os._exit(9))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 9
    assert current_generation(small) == live
    assert LawLibrary(small).search("仓库", law="某市示例管理规定", limit=5)["total"] == 1
    result = build(small)        # cleans the leftover and builds
    assert not result.up_to_date
    assert not list((small.data / "library").glob(".building-*"))
    assert LawLibrary(small).search("车间", law="某市示例管理规定", limit=5)["total"] == 1


def test_a_new_index_format_rebuilds_instead_of_updating(small, monkeypatch):
    import indexer.build as build_mod
    first = build(small)
    monkeypatch.setattr(build_mod, "FORMAT", build_mod.FORMAT + "-next")
    second = build(small)
    assert not second.up_to_date and second.generation != first.generation
    assert second.changed_docs >= first.articles      # everything written again, nothing copied
    assert LawLibrary(small).search("仓库", law="某市示例管理规定", limit=5)["total"] == 1
