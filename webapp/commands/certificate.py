"""`lawdesk certificate`: 无违法违规证明 from the command line, the same search and numbering as the web page.

    lawdesk certificate --unit 杭拱 --code 91330105MA2H7K3Q06 --name 某公司 --from 2025-01-01 --to 2025-12-31 -o 证明.docx

Exit 0 with the certificate written; exit 1 with the decisions listed when the firm was penalised in the period
(or with the reason a request was refused). Both outcomes are in the audit trail."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click


@click.command("certificate")
@click.option("--unit", "unit", help="单位名称、简称或编号（默认：唯一的单位）")
@click.option("--code", "credit_code", required=True, help="统一社会信用代码")
@click.option("--name", required=True, help="单位名称")
@click.option("--from", "start", required=True, help="开始日期 YYYY-MM-DD")
@click.option("--to", "end", required=True, help="结束日期 YYYY-MM-DD")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="证明 .docx 的保存路径")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def certificate_cmd(settings, unit, credit_code, name, start, end, output, as_json):
    """查询本单位对某单位的行政处罚决定，没有则出具无违法违规证明"""
    from webapp import audit, db
    from webapp.commands.web import _app, _find_unit
    from webapp.errors import UserError
    from webapp.services import certificate as cert
    from webapp.services.drafting.numbering import SQLNumberStore
    try:
        req = cert.read_request(credit_code, name, start, end, dt.date.today())
    except cert.CertificateError as exc:
        raise click.ClickException(exc.message) from None
    if not output and not as_json:
        raise click.UsageError("请用 -o 指定证明的保存路径（或用 --json 只查询）")
    app = _app(settings)
    with app.app_context():
        try:
            with db.read() as conn:
                unit_id = _find_unit(conn, unit)
                import sqlalchemy as sa
                row = conn.execute(sa.select(db.units).where(db.units.c.id == unit_id)).mappings().one()
                found = cert.decisions_against(conn, unit_id, req)
                fmt = cert.unit_number_format(conn, unit_id)
        except UserError as exc:
            raise click.ClickException(exc.message) from None
        number, data = ("", b"") if found else cert.certify(req, row, fmt, SQLNumberStore(db.engine()), db.utcnow())
        with db.begin() as conn:
            audit.record("reject" if found else "generate", "certificate", number or None,
                         after=cert.audit_after(req, found, number), conn=conn, unit_id=unit_id)
    if output and data:
        Path(output).write_bytes(data)
    if as_json:
        click.echo(json.dumps({"issued": not found, "number": number, "output": output if data else None,
                               "decisions": [d.__dict__ for d in found]}, ensure_ascii=False, indent=2))
    elif found:
        click.echo(f"不能出具证明：{req.name}在期间内有 {len(found)} 份行政处罚决定：")
        for d in found:
            click.echo(f"  {d.decided}  {d.number or '（无编号）'}  {d.case_key} {d.title}  罚款 {d.fine or '—'} 元")
    else:
        click.echo(f"已出具无违法违规证明 {number}：{output}")
    if found:
        raise SystemExit(1)
