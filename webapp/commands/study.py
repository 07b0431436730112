"""`lawdesk study …`: the study area from the command line.

    lawdesk study stats [--json]           units, authored / generated questions, questions withheld for review
    lawdesk study check [--json]           every problem of the units and the authored bank (exit 1 if any)
    lawdesk study review list [--json]     questions flagged because a law they depend on has a new version
    lawdesk study review confirm QID…      checked against the newest version: serve them again
    lawdesk study review retire QID…       withdraw for good
    lawdesk study review unchanged         confirm every flagged question whose articles read the same

The review state lives in the app database (LAWDESK_DATABASE_URL, else app.sqlite3 in the data folder).
`stats` and `check` work without it (then a question counts as withheld when the library holds a newer
version of a law than the one it was written or generated for)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click


def _fail(message: str, code: int = 1):
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _repo(settings, create: bool = False):
    """The study repository on the app database, or None when there is none (and `create` is False)."""
    import sqlalchemy as sa

    from webapp.services.study.repository import StudyRepository
    from webapp.services.study.tables import question_state

    url = os.environ.get("LAWDESK_DATABASE_URL")
    if not url:
        path = Path(settings.data) / "app.sqlite3"
        if not path.exists() and not create:
            return None
        url = f"sqlite:///{path}"
    from webapp import db
    engine = db.make_engine(url)
    if not sa.inspect(engine).has_table(question_state.name):
        if not create:
            engine.dispose()
            return None
        db.migrate(engine)
    return StudyRepository(engine)


def _service(settings, as_of, corpus, create_db=False, use_db=True):
    from indexer.service import LawError, LawLibrary, check_date
    from webapp.services.study.service import StudyService
    try:
        lib = LawLibrary(settings)
        date = check_date(as_of) if as_of else None
    except LawError as exc:
        _fail(exc.message)
    repo = _repo(settings, create=create_db) if use_db else None
    return StudyService(lib, Path(corpus) if corpus else settings.corpus, repo, as_of=date)


_as_of = click.option("--as-of", "as_of", default=None, help="按此日期（YYYY-MM-DD）判断现行版本，默认今天")
_corpus = click.option("--corpus", default=None, type=click.Path(file_okay=False, exists=True),
                       help="学习资料目录（默认项目的 corpus/）")


@click.group("study")
def study_group():
    """学习：单元、题库、复核"""


@study_group.command("stats")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--no-db", is_flag=True, help="不读取应用数据库中的复核记录")
@_as_of
@_corpus
@click.pass_obj
def stats_cmd(settings, as_json, no_db, as_of, corpus):
    """统计学习单元、题库题目、生成题目和待复核题目"""
    svc = _service(settings, as_of, corpus, use_db=not no_db)
    s = svc.stats()
    if as_json:
        _dump(s)
        return
    click.echo(f"学习单元：{s['units']} 个")
    click.echo(f"题库题目（人工编写）：{s['authored']} 道"
               + (f"（另有 {s['invalid_authored']} 道有错误未收录，见 lawdesk study check）" if s["invalid_authored"] else ""))
    kinds = "，".join(f"{k} {v}" for k, v in sorted(s["generated_by_kind"].items()))
    click.echo(f"生成题目（由法条生成）：{s['generated']} 道（{kinds}）")
    click.echo(f"待复核暂停使用：{s['withheld']} 道（法规有新版本待复核 {s['flagged']} 道，已停用 {s['retired']} 道）")
    click.echo(f"日期：{s['as_of']}；复核记录：{'应用数据库' if s['database'] else '无（以题目依据的版本为准）'}")


@study_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@_as_of
@_corpus
@click.pass_obj
def check_cmd(settings, as_json, as_of, corpus):
    """检查学习单元和题库：文件格式、引用能否解析到现行条文"""
    svc = _service(settings, as_of, corpus, use_db=False)
    s = svc.stats()
    problems = {"units": s["unit_problems"], "citations": s["citation_errors"], "questions": s["bank_problems"]}
    if as_json:
        _dump(problems)
    else:
        n = sum(len(v) for v in problems.values())
        click.echo(f"检查 {s['units']} 个学习单元、{s['authored'] + s['invalid_authored']} 道题库题目：发现 {n} 个问题")
        for kind, label in (("units", "单元"), ("citations", "单元引用"), ("questions", "题库")):
            for p in problems[kind]:
                click.echo(f"[{label}] {p}")
    errors = s["citation_errors"] + s["bank_problems"] + [p for p in s["unit_problems"]]
    if errors:
        sys.exit(1)


@study_group.group("review")
def review_group():
    """复核：法规出现新版本后的题目"""


@review_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@_as_of
@_corpus
@click.pass_obj
def review_list_cmd(settings, as_json, as_of, corpus):
    """列出待复核的题目"""
    svc = _service(settings, as_of, corpus, create_db=True)
    queue = svc.review_queue()
    if as_json:
        _dump(queue)
        return
    click.echo(f"待复核题目：{len(queue)} 道")
    for item in queue:
        q = item["question"]
        why = "；".join(f"{f['law']} 已核对 {f['checked']}，最新 {f['latest']}" for f in item["flags"])
        changed = {True: "条文有变化", False: "条文文字未变", None: "无法比较"}[item["text_changed"]]
        click.echo(f"{q['id']}  [{q['kind_label']}] {why}（{changed}）")
        click.echo(f"    {q['stem'][:80]}")


def _review(settings, qids, as_of, corpus, note, retire):
    from webapp.services.study.service import StudyError
    svc = _service(settings, as_of, corpus, create_db=True)
    for qid in qids:
        try:
            svc.review_question(qid, None, note, retire=retire)
        except StudyError as exc:
            _fail(f"{qid}：{exc.message}")
        click.echo(f"{qid}：{'已停用' if retire else '已确认，恢复使用'}")


@review_group.command("confirm")
@click.argument("qids", nargs=-1, required=True)
@click.option("--note", default=None, help="复核说明")
@_as_of
@_corpus
@click.pass_obj
def review_confirm_cmd(settings, qids, note, as_of, corpus):
    """确认题目已按最新版本核对，恢复使用"""
    _review(settings, qids, as_of, corpus, note, retire=False)


@review_group.command("retire")
@click.argument("qids", nargs=-1, required=True)
@click.option("--note", default=None, help="停用原因")
@_as_of
@_corpus
@click.pass_obj
def review_retire_cmd(settings, qids, note, as_of, corpus):
    """停用题目"""
    _review(settings, qids, as_of, corpus, note, retire=True)


@review_group.command("unchanged")
@_as_of
@_corpus
@click.pass_obj
def review_unchanged_cmd(settings, as_of, corpus):
    """批量确认：所依据条文在新版本中文字未变的题目"""
    svc = _service(settings, as_of, corpus, create_db=True)
    done = svc.review_unchanged(None)
    click.echo(f"已确认 {len(done)} 道条文文字未变的题目")
