"""`lawdesk search|show|index|library check`: the statute library from the command line.

Output contract (other tools script against it): --json prints one JSON document on stdout; errors
print one Chinese line on stderr and exit non-zero (1 = not found / bad input, 2 = usage)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click


def _fail(message: str, code: int = 1):
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


def _open(settings):
    from indexer.service import LawError, LawLibrary
    try:
        return LawLibrary(settings)
    except LawError as exc:
        _fail(exc.message)


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("search")
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="返回条数")
@click.option("--law", default=None, help="只在某部法规中检索")
@click.option("--as-of", "as_of", default=None, help="按此日期（YYYY-MM-DD）判断现行版本，默认今天")
@click.option("--where", default="", envvar="LAWDESK_WHERE", show_envvar=True,
              help="所在地区，如 浙江省杭州市拱墅区：外市的地方性法规降权，外省的不显示（与网页中单位的所在地区相同）")
@click.option("--elsewhere", is_flag=True, help="与 --where 同用：也显示外省的地方性法规")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def search_cmd(settings, query, limit, law, as_of, where, elsewhere, as_json):
    """检索法规条文"""
    from indexer.jurisdiction import Jurisdiction, JurisdictionError
    from indexer.search import SearchError
    from indexer.service import LawError
    lib = _open(settings)
    try:
        place = Jurisdiction.parse(where)
        data = lib.search(query, limit=limit, law=law, as_of=as_of, where=place, elsewhere=elsewhere)
    except (LawError, SearchError, JurisdictionError) as exc:
        _fail(exc.message)
    if as_json:
        _dump(data)
        return
    click.echo(f"共 {data['total']} 条结果（{data['elapsed_ms']} ms）")
    for i, r in enumerate(data["results"], 1):
        click.echo(f"{i:>2}. {result_line(r)}")
        if r.get("snippet"):
            click.echo(f"    {r['snippet']}")
    if data.get("library"):
        click.echo(f"注意：{data['library']['note']}")


def result_line(r: dict) -> str:
    """One search row as text: an article (with version and status), a law, a handbook entry or procedure
    section, or a notice (a cited article that does not exist)."""
    kind = r.get("kind")
    if kind == "notice":
        return f"[提示] {r['message']}"
    badge = "" if r.get("status", "in_force") == "in_force" else f" [{r.get('status_label', '')}]"
    if kind == "handbook":
        refs = "；".join(x["citation"] for x in r.get("violated", []) + r.get("basis", []))
        note = f"\n    {r['note']}" if r.get("note") else ""
        return (f"{r['citation']}（处罚裁量手册 {r.get('entry', '')}）{badge}" + (f"\n    条文：{refs}" if refs else "")
                + note)
    if kind == "procedure":
        return f"{r['citation']}（执法程序手册）"
    applies = f" · {r['applies']}" if r.get("applies") else ""
    return f"{r['citation']}（{r['version']} 施行）{badge}{applies}"


@click.command("show")
@click.argument("law")
@click.argument("article")
@click.option("--as-of", "as_of", default=None, help="按此日期选择版本（YYYY-MM-DD），默认今天")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def show_cmd(settings, law, article, as_of, as_json):
    """显示条文：lawdesk show 安全生产法 101 / lawdesk show 刑法 134之一"""
    from indexer.service import LawError
    lib = _open(settings)
    try:
        view = lib.article(law, article, as_of=as_of)
    except LawError as exc:
        _fail(exc.message)
    data = view.to_dict()
    if as_json:
        _dump(data)
        return
    to = data["effective_to"] or "今"
    click.echo(f"{data['citation']}  [{data['status_label']}]  版本：{data['effective_from']} 至 {to}")
    if data["heading"]:
        click.echo(data["heading"])
    for p in data["paragraphs"]:
        prefix = "" if data["single_paragraph"] else f"（第{p['number']}款）"
        if p["text"]:
            click.echo(prefix + p["text"])
        for it in p["items"]:
            click.echo("  " + it["text"])
            for sub in it["subitems"]:
                click.echo("    " + sub)


@click.command("index")
@click.option("--core", "core_only", is_flag=True, help="只索引核心法规集 core.txt（几秒钟，供快速使用）")
@click.option("--all", "scope_all", is_flag=True, hidden=True, help="整个法规库（默认即如此）")
@click.option("--force", is_flag=True, help="忽略已有结果，全部重建")
@click.option("--procs", default=2, show_default=True, type=click.IntRange(1, 16), help="建索引的工作进程数")
@click.option("--quiet", is_flag=True, help="不显示进度")
@click.option("--no-wait", "no_wait", is_flag=True, help="另一个进程正在建立索引时直接退出（lawdesk serve 后台使用）")
@click.pass_obj
def index_cmd(settings, core_only, scope_all, force, procs, quiet, no_wait):
    """解析法规库并建立检索索引：默认整个法规库（先核心法规集，再其余部分）；增量、可续建、原子切换"""
    from indexer.build import build_library
    from indexer.buildstate import read_status

    if core_only and scope_all:
        _fail("--core 与 --all 不能同时使用", 2)
    if not settings.library.is_dir():
        _fail(f"法规库目录不存在：{settings.library}（用 --library 或 LAWDESK_LIBRARY 指定）")
    bar = _Bar(quiet)

    def stage_done(result):
        bar.close()
        if not quiet and not result.up_to_date:
            click.echo(f"核心法规集已可使用（{result.laws} 部法规，{result.articles} 条，{result.seconds:.1f} 秒），"
                       "继续索引其余法规…", err=True)

    scope = "core" if core_only else "all"
    try:
        results = build_library(settings, scope=scope, procs=procs, progress=bar.update, force=force,
                                wait=False, on_stage=stage_done)
        if results is None:
            if no_wait:
                return
            status = read_status(settings)
            click.echo(f"另一个进程（{status.get('pid', '?')}）正在建立索引，等待其完成…", err=True)
            results = build_library(settings, scope=scope, procs=procs, progress=bar.update, force=force,
                                    on_stage=stage_done)
    except KeyboardInterrupt:
        bar.close()
        _fail("已中断；原有索引保持不变，下次运行 lawdesk index 将从中断处继续", 130)
    except Exception as exc:  # noqa: BLE001 — the previous generation keeps serving; say what failed in one line
        bar.close()
        _fail(f"建立索引失败（原有索引保持不变）：{type(exc).__name__}: {exc}")
    bar.close()
    assert results is not None
    result = results[-1]
    what = "全库" if result.scope == "all" else "核心法规集"
    if result.up_to_date:
        click.echo(f"索引已是最新（{what}，{result.files} 个文件，{result.articles} 条，{result.seconds:.2f} 秒）")
    else:
        again = "（从上次中断处继续）" if result.resumed else ""
        click.echo(f"已建立{what}索引{again} {result.generation}：{result.files} 个文件（本次解析 {result.parsed} 个），"
                   f"{result.laws} 部法规，{result.versions} 个版本，{result.articles} 条，"
                   f"写入 {result.changed_docs} 个文档，用时 {sum(r.seconds for r in results):.1f} 秒")


class _Bar:
    """The CLI's progress bar (on stderr): share done of the current stage, with its label."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.obj: Any = None
        self.label = ""

    def update(self, share: float, label: str) -> None:
        if self.quiet:
            return
        if self.obj is not None and label.split("：")[0] != self.label.split("：")[0]:
            self.close()
        if self.obj is None:
            self.obj = click.progressbar(length=1000, label=label, file=sys.stderr, show_eta=True,
                                         item_show_func=lambda _x: None)
            self.obj.__enter__()
        if label != self.label:
            self.obj.label = label
            self.label = label
        self.obj.update(max(0, int(share * 1000) - self.obj.pos))

    def close(self) -> None:
        if self.obj is not None:
            self.obj.__exit__(None, None, None)
            self.obj = None
            self.label = ""


@click.group("library")
def library_group():
    """法规库维护"""


@library_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--all-kinds", is_flag=True, help="也列出提示级别的问题（无条文文件、已废止等）")
@click.pass_obj
def library_check_cmd(settings, as_json, all_kinds):
    """检查法规库：截断、重复副本、无条文文件、无法归位的行"""
    from indexer.check import check_library

    if not settings.library.is_dir():
        _fail(f"法规库目录不存在：{settings.library}")
    report = check_library(settings)
    if as_json:
        _dump(report)
        return
    for kind, entries in report["by_kind"].items():
        if not all_kinds and kind in ("no_articles", "unplaced_line", "repealed") and len(entries) > 3:
            click.echo(f"[{kind}] {len(entries)} 处（--all-kinds 显示全部）")
            for e in entries[:3]:
                click.echo(f"  {e['path']}:{e['line']}  {e['message']}")
            continue
        click.echo(f"[{kind}] {len(entries)} 处")
        for e in entries:
            click.echo(f"  {e['path']}:{e['line']}  {e['message']}")
    s = report["summary"]
    click.echo(f"共检查 {s['files']} 个文件，{s['laws']} 部法规，{s['versions']} 个版本，{s['articles']} 条；"
               f"问题 {s['issues']} 处（错误 {s['errors']}）")
