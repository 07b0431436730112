"""`lawdesk serve` and `lawdesk user …`."""

from __future__ import annotations

import ipaddress
import os
import sys

import click

from indexer.messages import os_error_text


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _app(settings, **test_config):
    from webapp import create_app
    try:
        return create_app(settings, test_config=test_config or None)
    except Exception as exc:  # noqa: BLE001 — a broken database URL, an unreachable server …
        raise click.ClickException(f"无法打开应用数据库：{exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="每个进程的工作线程数")
@click.option("--workers", default=min(4, os.cpu_count() or 1), show_default="CPU 核数，最多 4",
              type=click.IntRange(1, 32),
              help="工作进程数（Python 单进程只能用满一个核；本机 2 核上 2 个进程的吞吐约为 1 个进程的 3 倍）")
@click.option("--core", "core_only", is_flag=True,
              help="只索引核心法规集（默认在后台继续索引整个法规库）")
@click.pass_obj
def serve_cmd(settings, host, port, threads, workers, core_only):
    """启动网页服务（waitress）。首次在空数据目录启动时创建管理员并打印一次性密码；
    先建立核心法规集索引（几秒钟），其余法规在后台继续索引。"""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if "LAWDESK_SECURE_COOKIES" not in os.environ and not _is_loopback(host):
        # served beyond this machine: expected behind an HTTPS reverse proxy
        os.environ["LAWDESK_SECURE_COOKIES"] = "1"
    builder = _start_index(settings, core_only)
    try:
        _serve(settings, host, port, threads, workers)
    finally:
        _stop(builder)


def _serve(settings, host, port, threads, workers) -> None:
    import waitress

    from webapp.auth import bootstrap

    app = _app(settings)
    created = bootstrap(app)
    if created:
        user, password = created
        click.echo("=" * 64)
        click.echo("首次启动：已创建系统管理员账户（请立即登录并修改密码）")
        click.echo(f"  用户名：{user}")
        click.echo(f"  一次性密码：{password}")
        click.echo("此密码只显示这一次。登录后请在“系统管理”中修改本单位名称并添加用户。")
        click.echo("=" * 64)
    shown = f"[{host}]" if ":" in host else host
    options = dict(threads=threads, ident="lawdesk", clear_untrusted_proxy_headers=True, connection_limit=500,
                   channel_timeout=60, backlog=1024)
    if workers == 1:
        try:
            server = waitress.create_server(app, host=host, port=port, **options)
        except OSError as exc:     # port taken, address not on this machine, no permission
            raise click.ClickException(f"无法在 {shown}:{port} 上启动服务：{os_error_text(exc)}"
                                       f"（端口可能已被占用，可用 --port 换一个端口）") from None
        click.echo(f"lawdesk 已启动：http://{shown}:{port}/  （数据目录 {settings.data}，Ctrl+C 停止）")
        sys.stdout.flush()
        warm_up(app)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        return
    _prefork(app, host, port, workers, options,
             f"lawdesk 已启动：http://{shown}:{port}/  （{workers} 个进程，数据目录 {settings.data}，Ctrl+C 停止）")


def warm_up(app) -> None:
    """Open the statute library and run one search before the first request, so no user waits for the
    index to load (each worker process does this after the fork)."""
    from webapp.library import library

    with app.app_context():
        lib = library()
        if lib is not None:
            lib.search("安全生产", limit=1)


def _start_index(settings, core_only: bool):
    """Bring the index up to date in a background process (`lawdesk index`: the core collection first,
    then the rest of the library), so the web answers meanwhile from the index already built. On a first
    start nothing is built yet: wait (with a progress bar) until the core collection is live — a few
    seconds — so the first page already searches. Returns the background process (None when another
    process is building already: its result is picked up the same way)."""
    import subprocess

    from indexer.buildstate import current_generation, library_state, live_scope, read_status

    if not settings.library.is_dir():
        raise click.ClickException(f"法规库目录不存在：{settings.library}（用 --library 或 LAWDESK_LIBRARY 指定）")
    if core_only and live_scope(settings) == "all":
        return None            # --core: never replace a whole-library index by a core-only one
    settings.library_dir.mkdir(parents=True, exist_ok=True)
    log = (settings.library_dir / "build.log").open("ab")
    cmd = [sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data", str(settings.data),
           "index", "--quiet", "--no-wait"] + (["--core"] if core_only else [])
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    log.close()
    if current_generation(settings) is not None:
        if not core_only:
            click.echo("正在后台检查并更新法规库索引（进度见网页横幅或 lawdesk index）。")
        return proc
    click.echo(f"首次启动：正在建立核心法规集索引（法规库 {settings.library}），其余法规随后在后台索引…")
    import time
    with click.progressbar(length=100, label="核心法规集", file=sys.stderr) as bar:
        while current_generation(settings) is None:
            status = read_status(settings)
            if status.get("stage") == "core":
                bar.update(int(float(status.get("stage_share") or 0) * 100) - bar.pos)
            if proc.poll() is not None and not library_state(settings)["building"]:
                # ended (or found another builder that ended) without an index
                if current_generation(settings) is not None:
                    break
                tail = _tail(settings.library_dir / "build.log")
                raise click.ClickException(f"建立索引失败：{tail or '原因见 ' + str(settings.library_dir / 'build.log')}")
            time.sleep(0.1)
        bar.update(100 - bar.pos)
    state = library_state(settings)
    if state["pending"]:
        click.echo("核心法规集已可使用；其余法规正在后台索引，网页顶部显示进度。")
    return proc


def _tail(path) -> str:
    try:
        lines = [ln for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return lines[-1] if lines else ""


def _stop(proc) -> None:
    """Stop the background build with the server: it resumes at the next start."""
    import signal
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    try:
        proc.wait(timeout=10)
    except Exception:  # noqa: BLE001 — a build that does not stop is killed
        os.killpg(proc.pid, signal.SIGKILL)


def _prefork(app, host, port, workers, options, banner):
    """One listening socket, `workers` waitress processes accepting on it; the parent restarts a worker that
    dies and stops them all on SIGTERM/SIGINT. The schema was migrated and the admin created before the fork."""
    import signal
    import socket
    import time

    import waitress

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, port), family=family, backlog=1024, reuse_port=False)
    except OSError as exc:
        raise click.ClickException(f"无法在 {host}:{port} 上启动服务：{os_error_text(exc)}"
                                   f"（端口可能已被占用，可用 --port 换一个端口）") from None
    sock.set_inheritable(True)
    app.extensions["lawdesk_db"].dispose()           # no pooled connection crosses the fork

    def spawn():
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                warm_up(app)
                waitress.serve(app, sockets=[sock], **options)
            finally:
                os._exit(0)
        return pid

    children = {spawn() for _ in range(workers)}
    click.echo(banner)
    sys.stdout.flush()
    stopping = False

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    restarts = []
    while children:
        try:
            pid, _status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid not in children:          # the background index build, not a worker
            continue
        children.discard(pid)
        if not stopping:
            restarts = [t for t in restarts if time.monotonic() - t < 60] + [time.monotonic()]
            if len(restarts) > 10:
                click.echo("工作进程反复退出，停止服务。", err=True)
                stop(None, None)
                continue
            click.echo(f"工作进程 {pid} 已退出，重新启动。", err=True)
            children.add(spawn())
    sock.close()


@click.group("user")
def user_group():
    """管理用户账户。"""


@user_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "officer", "reviewer", "trainee"]), required=True,
              help="角色：admin 系统管理员 / officer 执法人员 / reviewer 法制审核 / trainee 学员")
@click.option("--name", "display_name", help="姓名（默认同用户名）")
@click.option("--unit", "unit", help="单位名称、简称或编号（默认：唯一的单位）")
@click.option("--cert-no", help="执法证号（执法人员必填）")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（否则生成一次性密码并打印）")
@click.pass_obj
def user_create(settings, username, role, display_name, unit, cert_no, password_stdin):
    """新建用户 USERNAME。"""
    from webapp import auth, db
    from webapp.errors import UserError

    app = _app(settings)
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    with app.app_context():
        try:
            with db.begin() as conn:
                unit_id = _find_unit(conn, unit)
                _uid, password_out = auth.create_user(conn, username, display_name or username, role, unit_id,
                                                      cert_no, password=password, must_change=password is None)
        except UserError as exc:
            raise click.ClickException(exc.message) from None
    click.echo(f"已创建用户 {username}（{db.ROLE_LABELS[role]}）")
    if password is None:
        click.echo(f"一次性密码：{password_out}（首次登录后必须修改）")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON 输出")
@click.pass_obj
def user_list(settings, as_json):
    """列出用户。"""
    import json

    from webapp import auth, db
    app = _app(settings)
    with app.app_context(), db.read() as conn:
        rows = conn.execute(auth.user_query().order_by(db.users.c.id)).mappings().all()
    if as_json:
        click.echo(json.dumps([{"id": r["id"], "username": r["username"], "display_name": r["display_name"],
                                "role": r["role"], "unit": r["unit_name"], "cert_no": r["cert_no"],
                                "active": bool(r["active"])} for r in rows], ensure_ascii=False, indent=1))
        return
    for r in rows:
        state = "" if r["active"] else "（已停用）"
        click.echo(f"{r['id']:>4}  {r['username']:<16} {r['display_name']:<10} {db.ROLE_LABELS[r['role']]:<8} "
                   f"{r['unit_name']}{state}")


@user_group.command("reset-password")
@click.argument("username")
@click.pass_obj
def user_reset_password(settings, username):
    """为 USERNAME 生成一次性密码（下次登录必须修改）。"""
    from webapp import auth, db
    app = _app(settings)
    with app.app_context(), db.begin() as conn:
        user = auth.get_user(conn, username=username)
        if user is None:
            raise click.ClickException(f"用户 {username} 不存在。")
        password = auth.generate_password()
        auth.set_password(conn, user, password, must_change=True, action="password_reset")
    click.echo(f"一次性密码：{password}（首次登录后必须修改）")


@user_group.command("create-unit")
@click.argument("name")
@click.option("--short", "short_name", required=True, help="文书编号用简称，如 杭拱")
@click.option("--review-authority", default="", help="复议机关")
@click.option("--court", default="", help="诉讼法院")
@click.option("--location", default="", help="所在地区，如 浙江省杭州市拱墅区（检索时外地地方性法规降权）")
@click.pass_obj
def unit_create(settings, name, short_name, review_authority, court, location):
    """新建执法单位 NAME。"""
    from webapp import auth, db
    from webapp.errors import UserError
    app = _app(settings)
    with app.app_context():
        try:
            with db.begin() as conn:
                uid = auth.create_unit(conn, name, short_name, review_authority, court, location=location)
        except UserError as exc:
            raise click.ClickException(exc.message) from None
    click.echo(f"已创建单位 {name}（编号 {uid}）")


@user_group.command("unit-benchmarks")
@click.argument("name")
@click.argument("benchmark_ids", nargs=-1)
@click.option("--clear", is_flag=True, help="取消采用全部裁量基准")
@click.pass_obj
def unit_benchmarks(settings, name, benchmark_ids, clear):
    """查看或设置单位 NAME 采用的裁量基准（按优先顺序给出编号，如 HZ-2024 ZJ-2024 MEM-2024-90）。"""
    import sqlalchemy as sa

    from indexer.handbook.benchmarks import benchmarks_for
    from webapp import audit, db
    app = _app(settings)
    bset = benchmarks_for(settings)
    unknown = [b for b in benchmark_ids if bset.get(b) is None]
    if unknown:
        raise click.ClickException(f"没有编号为“{'、'.join(unknown)}”的裁量基准（可选：{'、'.join(bset.benchmarks) or '无'}）")
    with app.app_context(), db.begin() as conn:
        row = conn.execute(sa.select(db.units.c.id, db.units.c.benchmarks).where(db.units.c.name == name)).first()
        if row is None:
            raise click.ClickException(f"单位“{name}”不存在。")
        if benchmark_ids or clear:
            value = ",".join(dict.fromkeys(benchmark_ids))
            conn.execute(db.units.update().where(db.units.c.id == row.id).values(benchmarks=value))
            audit.record("update", "unit", row.id, before={"benchmarks": row.benchmarks}, after={"benchmarks": value},
                         conn=conn, unit_id=row.id)
        else:
            value = row.benchmarks
    ids = db.unit_benchmarks(value)
    if not ids:
        click.echo(f"{name} 尚未采用裁量基准（处罚裁量手册的档次只作示例，不能写入决定书）")
    for i in ids:
        b = bset.get(i)
        click.echo(f"{i}  {b.label if b else '（文件已不存在）'}")


@user_group.command("token")
@click.argument("username")
@click.option("--name", "token_name", default="命令行创建", help="令牌名称")
@click.pass_obj
def user_token(settings, username, token_name):
    """为 USERNAME 创建 API 令牌并打印（只显示一次）。"""
    from webapp import audit, auth, db
    app = _app(settings)
    with app.app_context(), db.begin() as conn:
        user = auth.get_user(conn, username=username)
        if user is None or not user["active"]:
            raise click.ClickException(f"用户 {username} 不存在或已停用。")
        token = auth.create_token(conn, user["id"], token_name)
        audit.record("token_create", "api_token", token.split("_")[1], after={"name": token_name},
                     conn=conn, actor=user)
    click.echo(token)


def _find_unit(conn, spec):
    import sqlalchemy as sa

    from webapp import db
    from webapp.errors import UserError
    u = db.units
    if spec is None:
        rows = conn.execute(sa.select(u.c.id)).all()
        if len(rows) != 1:
            raise UserError("有多个单位，请用 --unit 指定。" if rows else "还没有单位，请先 lawdesk user create-unit。")
        return rows[0].id
    cond = sa.or_(u.c.name == spec, u.c.short_name == spec)
    if spec.isdigit():
        cond = sa.or_(cond, u.c.id == int(spec))
    rows = conn.execute(sa.select(u.c.id).where(cond)).all()
    if len(rows) != 1:
        raise UserError(f"找不到唯一的单位“{spec}”。")
    return rows[0].id
