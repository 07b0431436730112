"""`lawdesk search|show|index|library check`: the statute library from the command line.

Output contract (other tools script against it): --json prints one JSON document on stdout; errors
print one Chinese line on stderr and exit non-zero (1 = not found / bad input, 2 = usage)."""

from __future__ import annotations

import json
import sys

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
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def search_cmd(settings, query, limit, law, as_of, as_json):
    """检索法规条文"""
    from indexer.search import SearchError
    from indexer.service import LawError
    lib = _open(settings)
    try:
        data = lib.search(query, limit=limit, law=law, as_of=as_of)
    except (LawError, SearchError) as exc:
        _fail(exc.message)
    if as_json:
        _dump(data)
        return
    click.echo(f"共 {data['total']} 条结果（{data['elapsed_ms']} ms）")
    for i, r in enumerate(data["results"], 1):
        click.echo(f"{i:>2}. {result_line(r)}")
        if r.get("snippet"):
            click.echo(f"    {r['snippet']}")


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
    return f"{r['citation']}（{r['version']} 施行）{badge}"


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
@click.option("--all", "scope_all", is_flag=True, help="索引整个法规库（默认只索引核心法规集 core.txt）")
@click.option("--force", is_flag=True, help="忽略已有结果，全部重建")
@click.option("--procs", default=2, show_default=True, type=click.IntRange(1, 16), help="全量建索引时的进程数")
@click.option("--quiet", is_flag=True, help="不显示进度")
@click.pass_obj
def index_cmd(settings, scope_all, force, procs, quiet):
    """解析法规库并建立检索索引（增量、原子）"""
    from indexer.build import build

    if not settings.library.is_dir():
        _fail(f"法规库目录不存在：{settings.library}（用 --library 或 LAWDESK_LIBRARY 指定）")
    bar = {"obj": None}

    def progress(n, total):
        if quiet:
            return
        if bar["obj"] is None:
            bar["obj"] = click.progressbar(length=total, label="写入索引", file=sys.stderr)
            bar["obj"].__enter__()
        bar["obj"].update(n - bar["obj"].pos)

    try:
        result = build(settings, scope="all" if scope_all else "core", procs=procs, progress=progress, force=force)
    except KeyboardInterrupt:
        _fail("已中断；原有索引保持不变", 130)
    except Exception as exc:  # noqa: BLE001 — the previous generation keeps serving; say what failed in one line
        _fail(f"建立索引失败（原有索引保持不变）：{type(exc).__name__}: {exc}")
    finally:
        if bar["obj"] is not None:
            bar["obj"].__exit__(None, None, None)
    if result.up_to_date:
        click.echo(f"索引已是最新（{result.files} 个文件，{result.articles} 条，{result.seconds:.2f} 秒）")
    else:
        click.echo(f"已建立索引 {result.generation}：{result.files} 个文件（本次解析 {result.parsed} 个），"
                   f"{result.laws} 部法规，{result.versions} 个版本，{result.articles} 条，"
                   f"更新 {result.changed_docs} 个文档，用时 {result.seconds:.1f} 秒")


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
