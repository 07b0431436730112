"""Incremental and atomic builds on a small library copied from the real one (plus a file of our own)."""

import subprocess
import sys
from pathlib import Path

import pytest

from indexer.build import build, current_generation
from indexer.config import Settings
from indexer.service import LawLibrary

from tests.library.conftest import OWN


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


ROOT = Path(__file__).resolve().parents[2]


def _held_build(settings, point: str):
    """Start a build that stops at `point` (tests/library/build_hold.py); returns it once it is there."""
    import time
    marker = settings.data / f"held-{point}"
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "tests.library.build_hold", str(settings.library),
                             str(settings.data), point], cwd=ROOT)
    deadline = time.monotonic() + 120
    while not marker.exists():          # poll for the state, not a timer
        assert proc.poll() is None, f"the build ended (exit {proc.returncode}) before reaching {point}"
        assert time.monotonic() < deadline, f"the build did not reach {point}"
        time.sleep(0.05)
    return proc


def _kill9(proc) -> None:
    import os
    import signal
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("point", ["parse", "deleted", "segment", "staged", "renamed"])
def test_kill_9_at_any_moment_leaves_the_previous_index_serving(small, point):
    from indexer.buildstate import library_state
    build(small)
    live = current_generation(small)
    (small.library / "local/某市示例管理规定(2025-01-02).md").write_text(OWN.replace("仓库", "车间"), encoding="utf-8")
    _kill9(_held_build(small, point))
    assert current_generation(small) == live
    lib = LawLibrary(small)
    assert lib.search("仓库", law="某市示例管理规定", limit=5)["total"] == 1
    assert lib.search("车间", law="某市示例管理规定", limit=5)["total"] == 0
    st = library_state(small)
    assert st["complete"] and not st["building"]      # the previous whole-library index serves
    result = build(small)
    assert not result.up_to_date
    assert result.resumed == (point != "parse")       # the work index was already being updated
    if point in ("segment", "staged", "renamed"):
        assert result.segments == 0                   # the changed chunk was committed before the kill
    assert lib.refresh()
    assert lib.search("车间", law="某市示例管理规定", limit=5)["total"] == 1
    assert lib.search("仓库", law="某市示例管理规定", limit=5)["total"] == 0
    assert not list((small.data / "library").glob(".gen-*"))


def test_an_interrupted_cold_build_resumes_and_ends_as_a_fresh_one(small, tmp_path):
    """Killed while parsing, then killed after its first segment: the third run parses only what is left,
    writes only the segments not yet committed, and publishes what a build never interrupted publishes."""
    import json

    import numpy as np

    from indexer.build import select_files
    from indexer.buildstate import library_state
    from indexer.config import Settings
    from indexer.segments import indexed_docs
    (small.library / "core.txt").write_text("local/某市示例管理规定(2025-01-02).md\n", encoding="utf-8")
    from indexer.build import ParseCache
    _kill9(_held_build(small, "parse"))
    assert current_generation(small) is None
    st = library_state(small)
    assert st["pending"] and st["interrupted"] and not st["building"]
    cache = ParseCache(small.data / "parse-cache.sqlite3")
    assert cache.con.execute("select count(*) from files").fetchone()[0] == 1     # kept what it parsed
    cache.close()
    _kill9(_held_build(small, "segment"))
    assert current_generation(small) is None
    result = build(small)
    assert result.resumed and result.parsed == 0 and len(select_files(small, "all")) == 4
    assert result.segments > 0
    gen = current_generation(small)
    fresh = Settings.resolve(library=small.library, data=tmp_path / "fresh")
    again = build(fresh)
    assert not again.resumed and 0 < result.changed_docs < again.changed_docs      # it wrote only the rest
    ref = current_generation(fresh)
    assert indexed_docs(gen / "index") == indexed_docs(ref / "index")
    for f in sorted((ref / "fast").iterdir()):
        if f.suffix == ".npy":
            assert np.array_equal(np.load(f), np.load(gen / "fast" / f.name)), f.name
        else:
            assert json.loads(f.read_text()) == json.loads((gen / "fast" / f.name).read_text()), f.name
    a, b = LawLibrary(small), LawLibrary(fresh)
    for q in ("生产经营单位的主要负责人", "“安全生产”", "仓库"):
        assert [r["ref"] for r in a.search(q, limit=10)["results"]] == [r["ref"] for r in b.search(q, limit=10)["results"]]
    assert library_state(small)["complete"]


def test_index_command_builds_the_core_first_then_the_whole_library(small, tmp_path):
    from indexer.buildstate import library_state
    (small.library / "core.txt").write_text("local/某市示例管理规定(2025-01-02).md\n", encoding="utf-8")

    def lawdesk(data, *args):
        return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(small.library), "--data",
                               str(data), "index", *args], capture_output=True, text=True, cwd=ROOT)
    p = lawdesk(small.data)
    assert p.returncode == 0, p.stderr
    assert "核心法规集已可使用（1 部法规" in p.stderr and "已建立全库索引" in p.stdout
    assert library_state(small)["complete"]
    again = lawdesk(small.data)
    assert again.returncode == 0 and "索引已是最新（全库" in again.stdout
    core = Settings.resolve(library=small.library, data=tmp_path / "core")
    p = lawdesk(core.data, "--core")
    assert p.returncode == 0 and "已建立核心法规集索引" in p.stdout
    st = library_state(core)
    assert st["live"] == "core" and not st["pending"]       # core only on purpose: nothing pending
