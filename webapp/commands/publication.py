"""`lawdesk publication …`: the publication of penalty decisions from the command line, the same rules as the
web page (webapp/services/publication/).

    lawdesk publication due [--unit 杭拱] [--json]            decisions not yet published, the most urgent first
    lawdesk publication export CASE_ID -o 公开版本.docx [--json]   the public version (personal information masked)
    lawdesk publication record CASE_ID --date 2026-11-06 [--place 网站]   record the publication (audited)

Exit 1 with a Chinese message for an unknown case, a case without a decision date, a bad or future date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _case(conn, case_id: int):
    from webapp.services.drafting import store
    row = store.get_row(conn, case_id)
    if row is None:
        raise click.ClickException(f"没有编号为 {case_id} 的案件。")
    return row, store.load(row)


def _service(fn, *args):
    from webapp.errors import UserError
    from webapp.services.errors import ServiceError
    try:
        return fn(*args)
    except (ServiceError, UserError) as exc:
        raise click.ClickException(exc.message) from None


@click.group("publication")
def publication_group():
    """处罚决定公示：公开版本（隐去个人信息）、七个工作日的公示期限、待公示的决定"""


@publication_group.command("due")
@click.option("--unit", "unit", help="单位名称、简称或编号（默认：唯一的单位）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def due_cmd(settings, unit, as_json):
    """列出已作出决定、尚未登记公示的案件"""
    from webapp import db
    from webapp.commands.web import _app, _find_unit
    from webapp.services.publication import records
    from webapp.services.workdays import load_calendar
    app = _app(settings)
    with app.app_context(), db.read() as conn:
        unit_id = _service(_find_unit, conn, unit)
        rows = _service(records.due, conn, unit_id, load_calendar(Path(settings.data)), dt.date.today())
    if as_json:
        _dump([{"case_id": r.case_id, "case_key": r.case_key, "title": r.title, "party": r.party,
                "status": r.status.to_dict() if r.status else None, "problem": r.problem} for r in rows])
        return
    for r in rows:
        s = r.status
        when = f"期限 {s.deadline}  {s.label}" if s else r.problem
        click.echo(f"{r.case_id}  {r.case_key}  {r.party}  {when}")
    click.echo(f"共 {len(rows)} 件待公示。")


@publication_group.command("export")
@click.argument("case_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="公开版本 .docx 的保存路径")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（公开版本的文字和公示状态）")
@click.pass_obj
def export_cmd(settings, case_id, output, as_json):
    """生成案件行政处罚决定书的公开版本"""
    from indexer.service import LawLibrary
    from webapp import audit, db
    from webapp.commands.web import _app
    from webapp.services.drafting.service import Drafter
    from webapp.services.publication import deadline, records
    from webapp.services.publication.public import public_docx, public_version
    from webapp.services.workdays import load_calendar
    if not output and not as_json:
        raise click.UsageError("请用 -o 指定公开版本的保存路径（或用 --json 输出文字）")
    app = _app(settings)
    with app.app_context():
        with db.read() as conn:
            row, case = _case(conn, case_id)
            rec = records.get(conn, case_id)
        status = _service(deadline.status, case, rec.published_on, load_calendar(Path(settings.data)), dt.date.today())
        drafter = Drafter(LawLibrary(settings))
        version = _service(public_version, drafter, case, rec.extra_names)
        if output:
            Path(output).write_bytes(public_docx(drafter, case, version))
            audit.record("export", "publication", case_id, after={"form": version.form_id, "public_version": True,
                                                                  "output": output}, unit_id=row["unit_id"])
    if as_json:
        _dump({"case": case.id, "status": status.to_dict(), "text": version.lines(), "name_hints": version.hints,
               "output": output})
        return
    click.echo(f"已生成公开版本：{output}（{status.label}）")
    if version.hints:
        click.echo("请核对，可能是未隐去的姓名：" + "、".join(version.hints))


@publication_group.command("record")
@click.argument("case_id", type=int)
@click.option("--date", "day", required=True, help="公示日期 YYYY-MM-DD")
@click.option("--place", default="", help="公示网站或系统")
@click.pass_obj
def record_cmd(settings, case_id, day, place):
    """登记处罚决定的公示日期"""
    from webapp import audit, db
    from webapp.commands.web import _app
    from webapp.services.publication import deadline, records
    from webapp.services.workdays import load_calendar
    app = _app(settings)
    with app.app_context():
        with db.read() as conn:
            row, case = _case(conn, case_id)
        published = _service(deadline.read_published_on, day, case, dt.date.today())
        status = _service(deadline.status, case, published, load_calendar(Path(settings.data)), dt.date.today())
        with db.begin() as conn:
            before = records.get(conn, case_id)
            records.save_published(conn, case_id, published, place, None)
            audit.record("publish", "publication", case_id, before=before.to_dict(),
                         after={"published_on": published.isoformat(), "place": place, "state": status.state},
                         conn=conn, unit_id=row["unit_id"])
    click.echo(f"已登记公示：{published.isoformat()}（{status.label}）")
