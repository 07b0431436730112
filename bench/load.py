#!/usr/bin/env python3
"""Load test of the web app on loopback: N concurrent logged-in clients for D seconds.

    python bench/load.py                       # starts its own `lawdesk serve` on a free port (temp data folder)
    python bench/load.py --clients 50 --duration 60 --reindex
    python bench/load.py --url http://127.0.0.1:5000 --user bench --password '…'

Each client is an asyncio task with its own keep-alive HTTP/1.1 connection: it logs in once, then requests the
scenario's paths in turn, as fast as answers come. Bounded: it stops at the deadline (and at --max-requests).
Targets only loopback addresses. Prints throughput, latency percentiles and errors (any status >= 400, a
dropped connection, or a timeout is an error); exit status 1 when there were errors.

Scenarios: `search` (statute search and article pages: /search/?q=… and /api/v1/search?q=…, used when the
server has them) and `pages` (home, account, /api/v1/me: the platform alone). `--reindex` runs `lawdesk index --core`
(`--reindex-all`: `lawdesk index`) on the server's data folder while the load runs, to show that rebuilding the index fails no request."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit

SEARCH_QUERIES = ["安全生产法第一百零一条", "特种作业操作证", "有限空间作业", "危险化学品储存", "主要负责人 职责",
                  "应急预案 演练", "粉尘防爆", "安全警示标志", "事故报告", "行政处罚 听证", "煤气罐放在地下室",
                  "安全生产管理人员 培训"]
ARTICLE_REFS = ["安全生产法/101", "安全生产法/99/1/2", "行政处罚法/44", "行政处罚法/63", "消防法/64", "安全生产法/97"]


class Client:
    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader = self.writer = None
        self.cookies: dict[str, str] = {}

    async def connect(self):
        self.reader, self.writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.timeout)

    async def close(self):
        if self.writer:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(self, method, path, body: bytes | None = None, headers=None):
        if self.writer is None:
            await self.connect()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive",
                 "Accept: text/html,application/json"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for k, v in (headers or {}).items():
            lines.append(f"{k}: {v}")
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
        await self.writer.drain()
        return await asyncio.wait_for(self._read_response(), self.timeout)

    async def _read_response(self):
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = defaultdict(list)
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                hdrs[k.strip().lower()].append(v.strip())
        if "content-length" in hdrs:
            data = await self.reader.readexactly(int(hdrs["content-length"][0]))
        elif "chunked" in ",".join(hdrs.get("transfer-encoding", [])).lower():
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            data = b"".join(parts)
        else:
            data = await self.reader.read()
            await self.close()
        for sc in hdrs.get("set-cookie", []):
            name, _, rest = sc.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if any(v.lower() == "close" for v in hdrs.get("connection", [])):
            await self.close()
        return status, hdrs, data


async def login(client, user, password):
    status, _h, page = await client.request("GET", "/login")
    m = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    if status != 200 or not m:
        raise RuntimeError(f"login page: HTTP {status}")
    form = f"username={quote(user)}&password={quote(password)}&csrf_token={quote(m.group(1).decode())}"
    status, hdrs, _ = await client.request("POST", "/login", form.encode(),
                                           {"Content-Type": "application/x-www-form-urlencoded"})
    location = (hdrs.get("location") or [""])[0]
    if status != 302 or "/account/password" in location or "/login" in location:
        raise RuntimeError(f"login failed (HTTP {status}, {location or 'no redirect'})")


async def log_in(i, args, host, port, errors):
    """Warm-up, not measured: log in (password hashing is deliberately slow: 50 logins take seconds)."""
    client = Client(host, port, max(args.timeout, 120.0))
    try:
        await login(client, args.user, args.password)
    except Exception as exc:  # noqa: BLE001 - counted, reported
        errors[f"login: {type(exc).__name__} {exc}"] += 1
        await client.close()
        return None
    client.timeout = args.timeout
    return client


async def worker(i, args, client, paths, deadline, results, errors, budget):
    rnd = random.Random(i)
    k = rnd.randrange(len(paths))
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        label, path = paths[k % len(paths)]
        k += 1
        at = time.monotonic()
        t0 = time.perf_counter()
        try:
            status, _h, _body = await client.request("GET", path)
            dt = time.perf_counter() - t0
            if status >= 400:
                errors[f"HTTP {status} {label}"] += 1
            results.append((at, dt, label, status))
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError, ValueError) as exc:
            errors[f"{type(exc).__name__} {label}"] += 1
            results.append((at, time.perf_counter() - t0, label, 0))
            await client.close()
    await client.close()


def pct(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def loopback_only(host):
    try:
        addrs = {ai[4][0] for ai in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        sys.exit(f"cannot resolve {host}")
    if not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
        sys.exit(f"refusing to load-test {host}: only loopback addresses are allowed")


def lawdesk_cmd():
    exe = shutil.which("lawdesk")
    return [exe] if exe else [sys.executable, "-m", "webapp.cli"]


def start_server(args):
    data = Path(tempfile.mkdtemp(prefix="lawdesk-load-"))
    if args.data:          # reuse a built library (statute store + index) so that search pages have data
        data = Path(args.data)
    env = dict(os.environ, LAWDESK_DATA=str(data), PYTHONUNBUFFERED="1")
    subprocess.run(lawdesk_cmd() + ["user", "create-unit", "压测单位", "--short", "压测"], env=env,
                   capture_output=True, text=True)
    args.user, args.password = "loadtest", "Load-Test-Passw0rd"
    r = subprocess.run(lawdesk_cmd() + ["user", "create", args.user, "--role", "reviewer", "--unit", "压测",
                                        "--name", "压测用户", "--password-stdin"], env=env, input=args.password + "\n",
                       capture_output=True, text=True)
    if r.returncode and "已被使用" not in r.stderr + r.stdout:
        sys.exit(f"cannot create the load-test user: {r.stderr or r.stdout}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # the server's output goes to a file: an unread pipe would fill up and stall the server's logging
    args.server_log = data / "load-server.log"
    log = open(args.server_log, "w")
    workers = ["--workers", str(args.workers)] if args.workers else []
    # --core: the load test measures serving, not a whole-library build running beside it
    proc = subprocess.Popen(lawdesk_cmd() + ["serve", "--port", str(port), "--threads", str(args.threads), *workers,
                                             "--core"],
                            env=env,
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    log.close()
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                sys.exit("lawdesk serve exited:\n" + Path(args.server_log).read_text())
            time.sleep(0.2)
    return proc, f"http://127.0.0.1:{port}", data, env


async def probe(host, port, args):
    """Which scenario paths does this server have?"""
    c = Client(host, port, args.timeout)
    await login(c, args.user, args.password)
    found = {}
    for name, path in (("search", "/search/?q="), ("search", "/search?q="), ("api_search", "/api/v1/search?q="),
                       ("article", "/api/v1/articles/" + quote(ARTICLE_REFS[0], safe=""))):
        if found.get(name):
            continue
        status, _h, _b = await c.request("GET", path + quote("安全生产") if path.endswith("q=") else path)
        found[name] = path if status == 200 else None
    await c.close()
    return found


def build_paths(scenario, found):
    if scenario == "search" and (found.get("search") or found.get("api_search")):
        paths = []
        for q in SEARCH_QUERIES:
            if found.get("search"):
                paths.append(("search page", found["search"] + quote(q)))
            if found.get("api_search"):
                paths.append(("search api", "/api/v1/search?q=" + quote(q)))
        if found.get("article"):
            paths += [("article api", "/api/v1/articles/" + quote(r, safe="")) for r in ARTICLE_REFS]
        return paths, "search"
    return [("home", "/"), ("account", "/account"), ("api me", "/api/v1/me"), ("login page", "/login")], "pages"


async def run(args):
    parts = urlsplit(args.url)
    host, port = parts.hostname, parts.port or 80
    loopback_only(host)
    found = await probe(host, port, args)
    paths, scenario = build_paths(args.scenario, found)
    if args.scenario == "search" and scenario != "search":
        print("note: the server has no search pages yet (/search/, /api/v1/search): measuring the platform pages "
              "(home, account, /api/v1/me, login page) instead", file=sys.stderr)
    results, errors, budget = [], Counter(), [args.max_requests]
    t_login = time.monotonic()
    clients = await asyncio.gather(*(log_in(i, args, host, port, errors) for i in range(args.clients)))
    login_seconds = time.monotonic() - t_login
    start = time.monotonic()
    deadline = start + args.duration
    reindex = {}
    tasks = [asyncio.create_task(worker(i, args, c, paths, deadline, results, errors, budget))
             for i, c in enumerate(clients) if c is not None]
    if args.reindex:
        await asyncio.sleep(min(5.0, args.duration / 4))
        cmd = lawdesk_cmd() + ["index"] + ([] if args.reindex_all else ["--core"])
        t0 = time.monotonic()
        proc = await asyncio.create_subprocess_exec(*cmd, env=dict(os.environ, LAWDESK_DATA=str(args.data_dir)),
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        out, _ = await proc.communicate()
        reindex = {"cmd": " ".join(cmd[-2:] if cmd[-1] == "--core" else cmd[-1:]), "exit": proc.returncode,
                   "start": t0 - start, "seconds": time.monotonic() - t0,
                   "tail": out.decode(errors="replace").strip().splitlines()[-1:] if out else []}
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - start
    lat = sorted(r[1] for r in results)
    by_label = defaultdict(list)
    for _t, dt, label, _s in results:
        by_label[label].append(dt)
    report = {
        "scenario": scenario, "clients": args.clients, "login_warmup_s": round(login_seconds, 1), "duration_s": round(elapsed, 1), "requests": len(results),
        "throughput_rps": round(len(results) / elapsed, 1),
        "latency_ms": {k: round(pct(lat, p) * 1000, 1) for k, p in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))},
        "errors": sum(errors.values()), "error_kinds": dict(errors),
        "paths": {k: {"n": len(v), "p50_ms": round(statistics.median(v) * 1000, 1),
                      "p99_ms": round(pct(sorted(v), 99) * 1000, 1)} for k, v in sorted(by_label.items())},
    }
    if reindex:
        t_from, t_to = start + reindex["start"], start + reindex["start"] + reindex["seconds"]
        window = [r for r in results if t_from <= r[0] <= t_to]
        reindex["requests_during"] = len(window)
        reindex["errors_during"] = sum(1 for r in window if r[3] == 0 or r[3] >= 400)
        report["reindex"] = reindex
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running server (default: start `lawdesk serve` on a free loopback port)")
    ap.add_argument("--user", help="login of a user on --url")
    ap.add_argument("--password", help="password of --user")
    ap.add_argument("--data", help="data folder for the started server (e.g. one with a built index)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds")
    ap.add_argument("--max-requests", type=int, default=5_000_000, help="hard cap on requests")
    ap.add_argument("--timeout", type=float, default=10.0, help="per request, seconds")
    ap.add_argument("--threads", type=int, default=8, help="waitress threads of the started server")
    ap.add_argument("--workers", type=int, default=None, help="processes of the started server (default: serve's own)")
    ap.add_argument("--scenario", choices=["search", "pages"], default="search")
    ap.add_argument("--reindex", action="store_true", help="run `lawdesk index` while under load")
    ap.add_argument("--reindex-all", action="store_true", help="with --reindex: `lawdesk index` (the whole library; default `lawdesk index --core`)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= 500 or not 0 < args.duration <= 600:
        sys.exit("clients must be 1..500 and duration 0..600 s")
    proc = None
    try:
        if args.url:
            if not (args.user and args.password):
                sys.exit("--url needs --user and --password")
            args.data_dir = args.data or os.environ.get("LAWDESK_DATA") or "instance"
        else:
            proc, args.url, args.data_dir, _env = start_server(args)
        report = asyncio.run(run(args))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        lat = report["latency_ms"]
        print(f"scenario {report['scenario']}: {report['clients']} clients × {report['duration_s']} s on {args.url}")
        print(f"  (warm-up: {report['clients']} logins took {report['login_warmup_s']} s, not measured)")
        print(f"  requests {report['requests']}, throughput {report['throughput_rps']} req/s")
        print(f"  latency p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, max {lat['max']} ms")
        print(f"  errors {report['errors']}" + (f": {report['error_kinds']}" if report["errors"] else ""))
        for k, v in report["paths"].items():
            print(f"    {k:<12} n={v['n']:<7} p50 {v['p50_ms']} ms  p99 {v['p99_ms']} ms")
        if "reindex" in report:
            r = report["reindex"]
            print(f"  reindex `lawdesk {r['cmd']}`: exit {r['exit']}, {r['seconds']:.1f} s from t={r['start']:.1f} s; "
                  f"{r['requests_during']} requests meanwhile, {r['errors_during']} errors")
    sys.exit(1 if report["errors"] or (report.get("reindex", {}).get("exit") not in (None, 0)) else 0)


if __name__ == "__main__":
    main()
