"""Statute library benchmarks (issue 2): build times, query latency, CLI start-up and memory.

    python bench/library.py                 # everything, whole library into a temp data folder
    python bench/library.py --skip-all      # core collection only (quick)

Prints medians/p95 of repeated runs; the machine is small and noisy, so compare ratios within one run."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import build  # noqa: E402
from indexer.config import Settings  # noqa: E402


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def queries() -> list[str]:
    path = ROOT / "bench" / "data" / "search_dev.toml"
    with path.open("rb") as fh:
        return [q["text"] for q in tomllib.load(fh)["query"]]


def timed_build(settings, scope, **kw):
    t = time.perf_counter()
    r = build(settings, scope=scope, **kw)
    return time.perf_counter() - t, r


def query_latency(settings, qs, rounds=3):
    from indexer.service import LawLibrary
    lib = LawLibrary(settings)
    for q in qs:                       # warm-up
        lib.search(q, limit=10)
    times = []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            lib.search(q, limit=10)    # snippets with highlight spans are part of every result
            times.append((time.perf_counter() - t) * 1000)
    return times


def retrieval(settings, n=2000):
    """Exact retrieval of articles by canonical reference from the store (µs per lookup)."""
    from indexer.refs import Ref
    from indexer.service import LawLibrary
    lib = LawLibrary(settings)
    refs = []
    for key in list(lib.store.laws)[:200]:
        v = lib.store.latest_version(key)
        for a in lib.store.articles(v)[:10]:
            refs.append(Ref(key, v.effective_from, a.number, a.suffix))
    refs = (refs * (n // max(1, len(refs)) + 1))[:n]
    times = []
    for r in refs:
        t = time.perf_counter()
        lib.store.get(r)
        times.append((time.perf_counter() - t) * 1e6)
    return times


def cli_start(settings, query="安全警示标志", runs=5):
    """Wall time and peak RSS of `lawdesk search` in a fresh process."""
    walls, rss = [], []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-c",
                            # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent
                            "import sys; from webapp.cli import main\n"
                            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
                            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
                            "print(int(hwm.split()[1]), file=sys.stderr)",
                            "--library", str(settings.library), "--data", str(settings.data), "search", query,
                            "--limit", "10"], capture_output=True, text=True, cwd=ROOT)
        walls.append(time.perf_counter() - t)
        rss.append(int(p.stderr.strip().splitlines()[-1]) / 1024)
    return walls, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-all", action="store_true", help="skip the whole-library build")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--data", help="reuse this data folder for the whole-library figures")
    args = ap.parse_args()
    qs = queries()
    print(f"machine: {os.cpu_count()} cores; {len(qs)} dev-set queries")

    with tempfile.TemporaryDirectory() as tmp:
        core = Settings.resolve(data=Path(tmp) / "core")
        secs, r = timed_build(core, "core")
        print(f"core build (cold parse): {secs:.2f} s  ({r.files} files, {r.articles} articles)")
        reruns = [timed_build(core, "core")[0] for _ in range(5)]
        print(f"core unchanged re-run: median {statistics.median(reruns):.3f} s")
        (core.library_dir / "CURRENT").unlink()
        secs, _ = timed_build(core, "core")
        print(f"core build (parse cache warm, index from scratch): {secs:.2f} s")
        lat = query_latency(core, qs)
        print(f"core query latency: p50 {pct(lat, 50):.1f} ms, p95 {pct(lat, 95):.1f} ms")
        rt = retrieval(core)
        print(f"exact retrieval by reference: p50 {pct(rt, 50):.0f} µs, p95 {pct(rt, 95):.0f} µs")

        if not args.skip_all:
            full = Settings.resolve(data=args.data or Path(tmp) / "all")
            if not args.data:
                secs, r = timed_build(full, "all", procs=args.procs)
                print(f"whole library build, cold (parse + index, procs={args.procs}): {secs:.1f} s "
                      f"({r.files} files, {r.laws} laws, {r.versions} versions, {r.articles} articles)")
                (full.library_dir / "CURRENT").unlink()
                secs, r = timed_build(full, "all", procs=args.procs)
                print(f"whole library build, parse cache warm: {secs:.1f} s")
            reruns = [timed_build(full, "all")[0] for _ in range(5)]
            print(f"whole library unchanged re-run: median {statistics.median(reruns):.3f} s")
            lat = query_latency(full, qs)
            print(f"whole library query latency (warm, with highlights): p50 {pct(lat, 50):.1f} ms, "
                  f"p95 {pct(lat, 95):.1f} ms, max {max(lat):.1f} ms")
            walls, rss = cli_start(full)
            print(f"CLI start to first result (whole library): median {statistics.median(walls):.2f} s, "
                  f"peak RSS median {statistics.median(rss):.0f} MB")
        print(f"bench process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
