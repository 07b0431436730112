"""`lawdesk cite extract|check`: statute citations in a document (plain text or .docx, `-` = stdin).

Output contract (other tools script against it): --json prints one JSON document on stdout,
`{"date": ..., "citations": [{"text", "start", "end", "refs": [{"law", "version", "article", "suffix",
"paragraph", "item", "ref"}], "status", "message", "quote", "expected_text", "suggestion", …, "cited"}]}` (later keys
are extras; `cited` is the reference as written and as resolved — law, version marker, each 条/款/项/目 with its
status — for every citation, also where the law or the provision is not in the library); `start`/`end` are character offsets into the extracted text. Errors print one Chinese line on stderr
and exit 1. `check` exits 0 whatever it finds (findings are data, not errors)."""

from __future__ import annotations

import sys

import click

from indexer.messages import os_error_text

from .library import _dump, _fail, _open


def _read(path: str):
    from indexer.citations.documents import DocumentError, read_document

    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            return read_document(data, "stdin.docx" if data[:2] == b"PK" else "stdin.txt")
        return read_document(path)
    except DocumentError as exc:
        _fail(str(exc))


def _checker(settings):
    from indexer.citations import CitationChecker
    return CitationChecker(_open(settings))


def _print_text(result, document, verify: bool) -> None:
    from indexer.citations.report import review_items

    how = {"given": "指定", "document": "取自落款", "today": "未找到落款日期，按今天"}
    click.echo(f"文书日期：{result.date}（{how.get(result.date_source, result.date_source)}）")
    if result.act_note():
        click.echo(result.act_note())
    items = review_items(result, document)
    if not items:
        click.echo("未识别到法律条文引用")
        return
    s = result.summary()
    parts = "，".join(f"{it}" for it in _label_counts(items))
    click.echo(f"共 {s['total']} 处引用：{parts}")
    for it in items:
        click.echo(f"{it['n']:>3}. [{it['status_label']}] {it['text']}  （{it['where']}）")
        if it["refs"]:
            click.echo("       → " + "、".join(it["refs"]))
        else:
            click.echo("       读作 " + it["read_as"])
        if verify and (it["status"] != "ok" or it["problem"]):
            click.echo(f"       {it['message']}")
            if it["quote"] and it["expected_text"]:
                click.echo(f"       文书引文：“{it['quote']}”")
                click.echo(f"       法条原文：“{it['expected_text']}”")
        elif not verify and it["status"] != "ok":
            click.echo(f"       {it['message']}")


def _label_counts(items):
    counts: dict[str, int] = {}
    for it in items:
        counts[it["status_label"]] = counts.get(it["status_label"], 0) + 1
    return [f"{k} {v}" for k, v in counts.items()]


@click.group("cite")
def cite_group():
    """引用条文核对：提取、解析并核对文书中的法律条文引用"""


@cite_group.command("extract")
@click.argument("file")
@click.option("--date", "date", default=None, help="按此日期（YYYY-MM-DD）选择版本；默认取文书落款日期，没有则为今天")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def extract_cmd(settings, file, date, as_json):
    """提取引用并解析为规范引用（FILE 为文本或 .docx，- 表示标准输入）"""
    from indexer.service import LawError
    document = _read(file)
    checker = _checker(settings)
    try:
        result = checker.resolve_only(document.text, date)
    except LawError as exc:
        _fail(exc.message)
    if as_json:
        _dump(result.to_dict())
        return
    _print_text(result, document, verify=False)


@cite_group.command("check")
@click.argument("file")
@click.option("--date", "date", default=None, help="文书日期（YYYY-MM-DD）；默认取文书落款日期，没有则为今天")
@click.option("--act-date", "act_date", default=None,
              help="违法行为发生日期（YYYY-MM-DD）；默认从文书事实中读取。违反条款、处罚依据按该日施行的版本核对")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--report", "report", default=None, type=click.Path(dir_okay=False),
              help="把审核意见草稿写入文件（.md 或 .docx）")
@click.pass_obj
def check_cmd(settings, file, date, act_date, as_json, report):
    """核对引用：条款是否存在、文书日期施行的版本、引文、旧条文序号、违反条款与处罚依据"""
    from indexer.service import LawError
    from indexer.buildstate import note_unknown_laws, unfinished_note
    document = _read(file)
    checker = _checker(settings)
    try:
        result = checker.check(document.text, date, act_date=act_date)
    except LawError as exc:
        _fail(exc.message)
    note = unfinished_note(settings)
    note_unknown_laws(result, note)
    if report:
        _write_report(result, document, report)
    if as_json:
        data = result.to_dict()
        if note:
            data["library"] = {"complete": False, "note": note}
        _dump(data)
        return
    _print_text(result, document, verify=True)
    if note and any(c.status == "unknown_law" for c in result.citations):
        click.echo(f"注意：{note}")
    if report:
        click.echo(f"审核意见草稿已写入 {report}")


def _write_report(result, document, path: str) -> None:
    from indexer.citations import report as rep
    try:
        if path.lower().endswith(".docx"):
            data = rep.docx_bytes(result, document)
            with open(path, "wb") as fh:
                fh.write(data)
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(rep.markdown(result, document))
    except OSError as exc:
        _fail(f"无法写入 {path}：{os_error_text(exc)}")


__all__ = ["cite_group"]
