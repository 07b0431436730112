"""Statute library benchmarks (issues 2 and 17): build times, where they go, memory, query latency, CLI
start-up and the memory of a serving worker.

    python bench/library.py                 # everything: core, then the whole library (3 cold builds)
    python bench/library.py --runs 5        # more cold whole-library builds for the median
    python bench/library.py --skip-all      # core collection only (quick)

Every build runs in a fresh process (`lawdesk index` as users run it, or `indexer.build.build` for one
stage), so its peak RSS is its own; the CPU seconds include the worker processes. The machine is small
and shared: the load average is printed beside the figures, compare within one run."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.config import Settings  # noqa: E402


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def queries() -> list[str]:
    path = ROOT / "bench" / "data" / "search_dev.toml"
    with path.open("rb") as fh:
        return [q["text"] for q in tomllib.load(fh)["query"]]


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


BUILD = """
import json, sys
from indexer.build import build
from indexer.config import Settings
s = Settings.resolve(library=sys.argv[1], data=sys.argv[2])
r = build(s, scope=sys.argv[3], procs=int(sys.argv[4]))
print(json.dumps({"seconds": r.seconds, "files": r.files, "parsed": r.parsed, "laws": r.laws, "versions": r.versions,
                  "articles": r.articles, "written": r.changed_docs, "segments": r.segments, "up_to_date": r.up_to_date,
                  "timings": r.timings, "rss": r.peak_rss_mb}))
"""


def stage(settings: Settings, scope: str, procs: int) -> dict:
    """One build stage in a fresh process: its result, wall and CPU seconds (with its workers)."""
    c0, t0 = cpu_children(), time.perf_counter()
    p = subprocess.run([sys.executable, "-c", BUILD, str(settings.library), str(settings.data), scope, str(procs)],
                       capture_output=True, text=True, cwd=ROOT)
    if p.returncode:
        sys.exit(f"build failed:\n{p.stderr}")
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out["wall"] = time.perf_counter() - t0
    out["cpu"] = cpu_children() - c0
    return out


def lawdesk(settings: Settings, *args, **kw):
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                           str(settings.data), *args], capture_output=True, text=True, cwd=ROOT, **kw)


def first_index(settings: Settings, procs: int) -> dict:
    """`lawdesk index` on an empty data folder, as a new user runs it: seconds until the core collection
    is live (search and citation checking work) and until the whole library is."""
    c0, t0 = cpu_children(), time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                             str(settings.data), "index", "--quiet", "--procs", str(procs)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pointer = settings.library_dir / "CURRENT"
    core = None
    while proc.poll() is None:
        if core is None and pointer.exists():
            core = time.perf_counter() - t0
        time.sleep(0.02)
    out, err = proc.communicate()
    if proc.returncode:
        sys.exit(f"lawdesk index failed:\n{err}")
    return {"core_live": core, "total": time.perf_counter() - t0, "cpu": cpu_children() - c0, "out": out.strip()}


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


DECISION = ("经查，当事人未按规定对从业人员进行安全生产教育和培训，违反了《中华人民共和国安全生产法》第二十八条第一款的规定；"
            "未在有较大危险因素的生产经营场所设置明显的安全警示标志，违反了《中华人民共和国安全生产法》第三十五条的规定；"
            "建设项目环境影响报告书未经批准擅自开工建设，违反了《中华人民共和国环境影响评价法》第二十五条的规定。"
            "依据《中华人民共和国安全生产法》第九十七条第（三）项、第九十九条第（一）项和《中华人民共和国行政处罚法》"
            "第三十二条的规定，决定给予罚款的行政处罚。如不服本决定，可依法申请行政复议或者提起行政诉讼。\n"
            "二〇二五年三月一日")


def _vm(pid: int, key: str) -> float:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith(key)) / 1024


def serve_workers(settings: Settings, qs: list[str], workers: int = 2) -> dict:
    """RSS of each `lawdesk serve` worker on this index after searches (dev set, twice) and citation checks
    (a whole decision) over HTTP."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("LAWDESK_DATABASE_URL", None)
    for args, stdin in ((("user", "create-unit", "测试单位", "--short", "测试"), None),
                        (("user", "create", "bench", "--role", "officer", "--unit", "测试", "--cert-no", "B-1",
                          "--password-stdin"), "Lawdesk-Passw0rd-7\n")):    # a password may not hold the name
        p = lawdesk(settings, *args, input=stdin, env=env)
        if p.returncode:
            sys.exit(f"lawdesk {' '.join(args)} failed:\n{p.stdout}{p.stderr}")
    token = lawdesk(settings, "user", "token", "bench", env=env).stdout.strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(settings.data / "bench-serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                             str(settings.data), "serve", "--port", str(port), "--workers", str(workers), "--core"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        decision = DECISION
        head = {"Authorization": f"Bearer {token}"}
        for _ in range(2):
            for q in qs:
                req = urllib.request.Request(base + "/api/v1/search?q=" + urllib.parse.quote(q) + "&limit=10", headers=head)
                urllib.request.urlopen(req, timeout=60).read()
            for _ in range(workers * 2):
                body = json.dumps({"text": decision}).encode()
                req = urllib.request.Request(base + "/api/v1/citations/check", data=body,
                                             headers={**head, "Content-Type": "application/json"})
                urllib.request.urlopen(req, timeout=120).read()
        kids = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        kids = [int(k) for k in kids if b"index" not in Path(f"/proc/{k}/cmdline").read_bytes()]
        return {pid: (_vm(pid, "VmRSS"), _vm(pid, "VmHWM")) for pid in kids}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        log.close()


TARGETS = {"cold": 60.0, "warm": 2.0, "rss": 200.0}     # issue 17.1, on this machine


def print_summary(rows: list[tuple[str, float, float, str]]) -> None:
    """The issue's targets against what this run measured, as the last lines of the output."""
    print(f"\nsummary (targets of issue 17.1; load average {load()})")
    width = max(len(r[0]) for r in rows)
    for name, value, target, unit in rows:
        fmt = ".2f" if unit == "s" and target < 10 else ".1f" if unit == "s" else ".0f"
        verdict = "ok" if value <= target else "OVER"
        print(f"  {name:<{width}}  {value:>7{fmt}} {unit:<2}  target ≤ {target:g} {unit}  {verdict}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-all", action="store_true", help="skip the whole-library builds")
    ap.add_argument("--runs", type=int, default=3, help="cold whole-library builds for the median")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--skip-serve", action="store_true", help="skip the serving-worker memory figure")
    args = ap.parse_args()
    qs = queries()
    summary: list[tuple[str, float, float, str]] = []
    print(f"machine: {os.cpu_count()} cores; {len(qs)} dev-set queries; load average {load()}")

    with tempfile.TemporaryDirectory() as tmp:
        core = Settings.resolve(data=Path(tmp) / "core")
        r = stage(core, "core", args.procs)
        print(f"core build (cold parse): {r['wall']:.2f} s wall, {r['cpu']:.1f} s CPU  ({r['files']} files, "
              f"{r['articles']} articles)")
        reruns = [stage(core, "core", args.procs)["seconds"] for _ in range(5)]
        print(f"core unchanged re-run: median {statistics.median(reruns):.3f} s (in the build function)")
        shutil.rmtree(core.library_dir)
        r = stage(core, "core", args.procs)
        print(f"core build (parse cache warm, index from scratch): {r['wall']:.2f} s")
        lat = query_latency(core, qs)
        print(f"core query latency: p50 {pct(lat, 50):.1f} ms, p95 {pct(lat, 95):.1f} ms")
        rt = retrieval(core)
        print(f"exact retrieval by reference: p50 {pct(rt, 50):.0f} µs, p95 {pct(rt, 95):.0f} µs")
        if args.skip_all:
            return

        # the README's first run: `lawdesk index` on an empty data folder (core first, then the rest)
        first = Settings.resolve(data=Path(tmp) / "first")
        f = first_index(first, args.procs)
        print(f"`lawdesk index` on an empty data folder: core collection live after {f['core_live']:.1f} s, whole "
              f"library after {f['total']:.1f} s ({f['cpu']:.0f} s CPU with its workers; load {load()})")
        shutil.rmtree(first.data)

        cold = []
        for n in range(args.runs):
            full = Settings.resolve(data=Path(tmp) / f"all{n}")
            r = stage(full, "all", args.procs)
            cold.append(r)
            print(f"  cold whole-library build {n + 1}: {r['wall']:.1f} s wall, {r['cpu']:.0f} s CPU, "
                  f"load {load()}")
            if n < args.runs - 1:
                shutil.rmtree(full.data)
        walls = [r["wall"] for r in cold]
        r = cold[-1]
        print(f"whole library build, cold (parse + index, procs={args.procs}): median {statistics.median(walls):.1f} s "
              f"(min {min(walls):.1f}, max {max(walls):.1f}; CPU median {statistics.median(x['cpu'] for x in cold):.0f} s) "
              f"({r['files']} files, {r['laws']} laws, {r['versions']} versions, {r['articles']} articles, "
              f"{r['segments']} segments)")
        summary.append((f"cold whole-library build (median wall, procs={args.procs})", statistics.median(walls),
                        TARGETS["cold"], "s"))
        steps = {k: statistics.median(x["timings"].get(k, 0.0) for x in cold) for k in r["timings"]}
        print("  where the time goes (median s): " + ", ".join(f"{k} {v:.1f}" for k, v in steps.items()))
        build_rss = {k: statistics.median(x["rss"].get(k, 0.0) for x in cold) for k in r["rss"]}
        print("  peak RSS (median MB): " + ", ".join(f"{k} {v:.0f}" for k, v in build_rss.items()))
        summary.append((f"peak RSS per build process ({max(build_rss, key=build_rss.get)})",
                        max(build_rss.values()), TARGETS["rss"], "MB"))
        shutil.rmtree(full.library_dir)
        r = stage(full, "all", args.procs)
        print(f"whole library build, parse cache warm, index from scratch: {r['wall']:.1f} s")
        warm = []
        for _ in range(5):
            t = time.perf_counter()
            p = lawdesk(full, "index")
            warm.append(time.perf_counter() - t)
            assert "已是最新" in p.stdout, p.stdout + p.stderr
        print(f"whole library unchanged re-run (`lawdesk index`, process start included): median "
              f"{statistics.median(warm):.2f} s")
        summary.insert(1, ("warm no-change run (`lawdesk index`, median)", statistics.median(warm), TARGETS["warm"], "s"))
        lat = query_latency(full, qs)
        print(f"whole library query latency (warm, with highlights): p50 {pct(lat, 50):.1f} ms, "
              f"p95 {pct(lat, 95):.1f} ms, max {max(lat):.1f} ms")
        walls, rss = cli_start(full)
        print(f"CLI start to first result (whole library): median {statistics.median(walls):.2f} s, "
              f"peak RSS median {statistics.median(rss):.0f} MB")
        if not args.skip_serve:
            mem = serve_workers(full, qs)
            print("serve workers on the whole library after searches and citation checks: " + ", ".join(
                f"{rss:.0f} MB (peak {hwm:.0f})" for rss, hwm in mem.values()))
            summary.append(("peak RSS per serving worker (after searches and checks)",
                            max(hwm for _rss, hwm in mem.values()), TARGETS["rss"], "MB"))
        print(f"bench process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print_summary(summary)


if __name__ == "__main__":
    main()
