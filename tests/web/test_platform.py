"""App factory, blueprint list, migrations, CLI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from webapp import blueprints, db


def test_missing_feature_modules_are_skipped_but_broken_ones_fail(monkeypatch, tmp_path):
    assert blueprints._import("webapp.views.not_written_yet:bp") == (None, None)
    (tmp_path / "ldk_broken_area.py").write_text("import ldk_dependency_not_installed\nbp = None\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        blueprints._import("ldk_broken_area:bp")


def test_nav_only_shows_existing_allowed_endpoints(app, world):
    from .conftest import session_client
    html = session_client(app, world.user("trainee")).get("/").get_data(as_text=True)
    assert "系统管理" not in html and "全过程记录" not in html
    html = session_client(app, world.user("admin")).get("/").get_data(as_text=True)
    assert "系统管理" in html and "全过程记录" in html


def test_migrations_are_idempotent(app):
    eng = app.extensions["lawdesk_db"]
    db.migrate(eng)
    db.migrate(eng)
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(cfg)
    heads = set(script.get_heads())

    def closure(revs):                   # the applied revisions with all their ancestors and dependencies
        seen, stack = set(), list(revs)
        while stack:
            rev = script.get_revision(stack.pop())
            if rev is None or rev.revision in seen:
                continue
            seen.add(rev.revision)
            for ref in (rev.down_revision, rev.dependencies):
                refs = ref if isinstance(ref, (tuple, list)) else (ref,)
                stack.extend(r.revision for x in refs if x for r in script.revision_map.get_revisions(x))
        return seen

    with eng.connect() as conn:
        applied = set(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())
        assert heads <= closure(applied)
        assert "users" in sa.inspect(conn).get_table_names()


def test_database_url_spellings():
    assert db.normalize_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.normalize_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.normalize_url("sqlite:////tmp/x") == "sqlite:////tmp/x"


def test_secret_key_file_is_private(tmp_path):
    from indexer.config import Settings
    from webapp import create_app
    app = create_app(Settings.resolve(data=tmp_path / "d"), {"TESTING": True})
    mode = (tmp_path / "d" / "secret_key").stat().st_mode & 0o777
    assert mode == 0o600 and app.config["SECRET_KEY"]
    app2 = create_app(Settings.resolve(data=tmp_path / "d"), {"TESTING": True})
    assert app2.config["SECRET_KEY"] == app.config["SECRET_KEY"]
    for a in (app, app2):
        a.extensions["lawdesk_db"].dispose()


def run_cli(tmp_path, *args, input=None):
    from webapp.cli import cli
    return CliRunner().invoke(cli, ["--data", str(tmp_path / "cli"), *args], input=input, catch_exceptions=False)


def test_cli_user_commands(tmp_path):
    r = run_cli(tmp_path, "user", "create", "li", "--role", "officer")
    assert r.exit_code != 0 and "还没有单位" in r.output
    r = run_cli(tmp_path, "user", "create-unit", "杭州市拱墅区应急管理局", "--short", "杭拱")
    assert r.exit_code == 0, r.output
    r = run_cli(tmp_path, "user", "create", "li", "--role", "officer", "--name", "李四")
    assert r.exit_code != 0 and "执法证号" in r.output
    r = run_cli(tmp_path, "user", "create", "li", "--role", "officer", "--name", "李四", "--cert-no", "330001")
    assert r.exit_code == 0 and "一次性密码" in r.output
    r = run_cli(tmp_path, "user", "create", "wang", "--role", "reviewer", "--unit", "杭拱", "--password-stdin",
                input="short\n")
    assert r.exit_code != 0 and "至少需要" in r.output
    r = run_cli(tmp_path, "user", "create", "wang", "--role", "reviewer", "--unit", "杭拱", "--password-stdin",
                input="Reviewer-Secret-2026\n")
    assert r.exit_code == 0, r.output
    r = run_cli(tmp_path, "user", "list", "--json")
    users = json.loads(r.output)
    assert [u["username"] for u in users] == ["li", "wang"] and users[0]["cert_no"] == "330001"
    r = run_cli(tmp_path, "user", "token", "wang")
    assert r.output.startswith("ldk_")
    r = run_cli(tmp_path, "user", "reset-password", "nobody")
    assert r.exit_code != 0 and "不存在" in r.output


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_first_start_prints_one_time_password(tmp_path):
    """`lawdesk serve` on an empty data folder: admin + one-time password printed; login works over HTTP."""
    port = free_port()
    env = dict(os.environ, LAWDESK_DATA=str(tmp_path / "srv"), PYTHONUNBUFFERED="1")
    env.pop("LAWDESK_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli", "serve", "--port", str(port), "--core"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.time() + 60
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "已启动" in line:
                break
        out = "".join(lines)
        assert "一次性密码" in out, out
        password = out.split("一次性密码：")[1].split()[0]
        for _ in range(50):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        assert json.loads(body)["status"] == "ok"
        import http.cookiejar
        import re
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"http://127.0.0.1:{port}/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = f"username=admin&password={password}&csrf_token={token}".encode()
        resp = opener.open(f"http://127.0.0.1:{port}/login", data=data)
        assert resp.url.endswith("/account/password")        # logged in, must change the password first
        assert resp.headers["Server"] in ("lawdesk", None) or "waitress" not in resp.headers.get("Server", "")
    finally:
        proc.terminate()
        proc.wait(10)
    # a second start does not create another admin nor print a password
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli", "serve", "--port", str(port), "--core"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        while line and "已启动" not in line:
            assert "一次性密码" not in line
            line = proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_with_workers_stops_cleanly(tmp_path):
    port = free_port()
    env = dict(os.environ, LAWDESK_DATA=str(tmp_path / "w"), PYTHONUNBUFFERED="1")
    env.pop("LAWDESK_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli", "serve", "--port", str(port), "--workers", "2",
                             "--core"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        while line and "已启动" not in line:
            line = proc.stdout.readline()
        assert "2 个进程" in line
        for _ in range(100):
            try:
                assert json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).read())
                break
            except OSError:
                time.sleep(0.1)
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        # the waitress workers (a background `lawdesk index` may be a child too)
        children = [pid for pid in children if b" index " not in _cmdline(pid)]
        assert len(children) == 2
    finally:
        proc.terminate()
        assert proc.wait(15) == 0 or proc.returncode is not None
    for pid in children:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read().lower()


def _cmdline(pid: str) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ") + b" "
    except OSError:
        return b""


def test_cli_unit_benchmarks(tmp_path):
    """The CLI mirrors the admin page: show, adopt (in priority order, audited), refuse an unknown id, clear."""
    assert run_cli(tmp_path, "user", "create-unit", "杭州市拱墅区应急管理局", "--short", "杭拱").exit_code == 0
    r = run_cli(tmp_path, "user", "unit-benchmarks", "杭州市拱墅区应急管理局")
    assert r.exit_code == 0 and "尚未采用裁量基准" in r.output
    r = run_cli(tmp_path, "user", "unit-benchmarks", "杭州市拱墅区应急管理局", "ZJ-2024", "MEM-2024-90")
    assert r.exit_code == 0 and r.output.index("ZJ-2024") < r.output.index("MEM-2024-90")
    assert "《应急管理行政处罚裁量权基准》（应急〔2024〕90号）" in r.output
    r = run_cli(tmp_path, "user", "unit-benchmarks", "杭州市拱墅区应急管理局", "NO-SUCH")
    assert r.exit_code != 0 and "没有编号为“NO-SUCH”的裁量基准" in r.output
    assert "ZJ-2024" in run_cli(tmp_path, "user", "unit-benchmarks", "杭州市拱墅区应急管理局").output
    r = run_cli(tmp_path, "user", "unit-benchmarks", "杭州市拱墅区应急管理局", "--clear")
    assert "尚未采用裁量基准" in r.output
    assert run_cli(tmp_path, "user", "unit-benchmarks", "不存在的局").exit_code != 0
