"""`lawdesk stats`: the statistics page's numbers on the terminal (or as JSON), from the same service."""

from __future__ import annotations

import json

import click


@click.command("stats")
@click.option("--unit", "unit", default=None, help="单位全称、简称或编号（默认：全部单位，不含演示单位）")
@click.option("--from", "start", default=None, metavar="YYYY-MM-DD", help="起始日期（按立案日期，无立案的按决定日期）")
@click.option("--to", "end", default=None, metavar="YYYY-MM-DD", help="截止日期（含当日）")
@click.option("--json", "as_json", is_flag=True, help="JSON 输出（与 /api/v1/stats 相同）")
@click.pass_obj
def stats_cmd(settings, unit, start, end, as_json):
    """执法统计：案件数、罚款、法制审核、移送、各阶段用时等，均由案件记录计算。"""
    from webapp import db
    from webapp.errors import UserError
    from webapp.services.stats import PeriodError, compute, parse_period
    from webapp.services.stats.tables import to_text

    from .web import _app, _find_unit
    try:
        period = parse_period(start, end)
    except PeriodError as exc:
        raise click.UsageError(exc.message) from None
    app = _app(settings)
    with app.app_context(), db.read() as conn:
        try:
            unit_id = _find_unit(conn, unit) if unit else None
        except UserError as exc:
            raise click.ClickException(exc.message) from None
        result = compute(conn, unit_id, period)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(to_text(result), nl=False)
