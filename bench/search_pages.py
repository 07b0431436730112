"""Server time of the search pages (issue 4: the search page ≤ 50 ms p95 on the core scope).

    python bench/search_pages.py                       # core-scope build into a temp data folder
    python bench/search_pages.py --data /tmp/my-data   # reuse a built data folder (builds it when empty)

Every request goes through the whole Flask app in-process (test client: routing, login, access check, search,
template rendering), logged in as an officer; the HTML is read but not parsed. Queries: every `text` of
bench/data/search_dev.toml (180 officer queries in six styles), one warm-up round, then --rounds timed rounds.
Prints p50/p95/max per kind of page; the machine is small and noisy, so compare within one run."""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import build, current_generation  # noqa: E402
from indexer.config import Settings  # noqa: E402

BUDGET_MS = 50.0


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def queries() -> list[str]:
    with (ROOT / "bench" / "data" / "search_dev.toml").open("rb") as fh:
        return [q["text"] for q in tomllib.load(fh)["query"]]


def make_client(settings: Settings, db_dir: Path):
    from webapp import auth, create_app, db
    app = create_app(settings, {"SECRET_KEY": secrets.token_hex(8), "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                                "DATABASE_URL": f"sqlite:///{db_dir / 'bench.sqlite3'}"})
    with app.app_context(), db.begin() as conn:
        unit = auth.create_unit(conn, "测试应急管理局", "测试", "测试人民政府", "测试人民法院")
        auth.create_user(conn, "bench", "测试", "officer", unit, cert_no="33010012345", password="Timing-Passw0rd-7",
                         must_change=False)
        user = auth.get_user(conn, username="bench")
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["uid"], sess["av"], sess["login_at"] = user["id"], user["auth_version"], int(time.time())
        sess["_csrf"] = secrets.token_urlsafe(16)
    return app, client


def urls(qs: list[str]) -> dict[str, list[str]]:
    enc = [quote(q) for q in qs]
    return {
        "search page": [f"/search/?q={q}" for q in enc],                        # citations answer with a redirect
        "search page, filters": [f"/search/?q={q}&level={quote('法律')}&status=in_force&as_of=2025-01-01"
                                 for q in enc[::3]],
        "search page 2": [f"/search/?q={q}&page=2&jump=0" for q in enc[::3]],
        "search api": [f"/api/v1/search?q={q}" for q in enc[::3]],
        "article page": [f"/articles/{quote(r)}" for r in (
            "安全生产法/99/1/2", "安全生产法/1", "刑法/134之一", "消防法/64", "行政处罚法/51", "浙江省安全生产条例/30",
            "行政复议法@2018-01-01/9", "行政复议法/20", "突发事件应对法/1", "煤矿安全监察条例/1")],
        "law page": [f"/laws/{quote(k)}" for k in ("安全生产法", "刑法", "行政复议法", "消防法", "行政处罚法")],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data folder with a core build (built here when missing)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="lawdesk-bench-pages-")
    data = Path(args.data) if args.data else Path(tmp.name) / "data"
    settings = Settings.resolve(library=os.environ.get("LAWDESK_LIBRARY"), data=data)
    if current_generation(settings) is None:
        print(f"building the core scope into {data} …", file=sys.stderr)
        build(settings, scope="core")
    _app, client = make_client(settings, Path(tmp.name))
    plan = urls(queries())
    for group in plan.values():                                   # warm-up: index arrays, templates, caches
        for url in group:
            r = client.get(url)
            assert r.status_code in (200, 302), (url, r.status_code)
    print(f"{'page':<22}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    ok = True
    for name, group in plan.items():
        times = []
        for _ in range(args.rounds):
            for url in group:
                t = time.perf_counter()
                r = client.get(url)
                r.get_data()
                times.append((time.perf_counter() - t) * 1000)
        p95 = pct(times, 95)
        flag = ""
        if name == "search page":
            ok = p95 <= BUDGET_MS
            flag = "  ok (≤ 50 ms)" if ok else "  OVER BUDGET (50 ms)"
        print(f"{name:<22}{len(times):>9}{statistics.median(times):>9.1f}{p95:>9.1f}{max(times):>9.1f}{flag}")
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
