"""`lawdesk demo load`: a year of synthetic cases in a demo unit, for a first look at the statistics and the
case-file review."""

from __future__ import annotations

import click

RENDER_DEFAULT = "penalty_notice,decision_org"


@click.group("demo")
def demo_group():
    """演示数据：只写入演示单位（演示市演示区应急管理局），不与真实单位混合。"""


@demo_group.command("load")
@click.option("--year", default=2025, show_default=True, type=click.IntRange(2000, 2100), help="演示案件的年份")
@click.option("--n", "n", default=160, show_default=True, type=click.IntRange(1, 2000), help="案件数")
@click.option("--render", default=RENDER_DEFAULT, show_default=True,
              help="按案件生成真实正文的文书（表单 id，逗号分隔；none = 全部只登记）。其余文书只登记名称和编号，"
                   "内容是一页写明“演示数据”的占位文书；全部生成每件约 0.5 秒")
@click.pass_obj
def demo_load(settings, year, n, render):
    """在演示单位中建立一年的演示案件（已结案的一般程序案件，约三成带有案卷评查应查出的问题）。

    演示单位不存在时新建（简称“演示”）；按案件编号去重，重复运行不会重复建立。统计页面和 lawdesk stats 的
    “全部单位”不含演示单位，选择演示单位才能看到这些数字。"""
    from indexer.service import LawError, LawLibrary
    from webapp import audit, auth, db
    from webapp.services.casereview.demo import DEMO_UNIT, build_demo
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    from webapp.services.stats.compute import DEMO_UNIT_NAME, DEMO_UNIT_SHORT, demo_unit_ids
    from webapp.services.stats.demoload import store_demo

    from .web import _app
    forms = [] if render.strip().lower() in ("", "none") else [f.strip() for f in render.split(",") if f.strip()]
    try:
        lib = LawLibrary(settings)
    except LawError as exc:
        raise click.ClickException(exc.message) from None
    drafter = Drafter(lib, number_store=MemoryNumberStore())
    unknown = [f for f in forms if f not in drafter.templates.forms]
    if unknown:
        raise click.UsageError(f"--render 中没有这些文书模板：{'、'.join(unknown)}（lawdesk draft --list 列出全部）")
    demo = build_demo(drafter, settings.corpus, year=year, n=n)
    app = _app(settings)
    with app.app_context(), db.begin() as conn:
        found = demo_unit_ids(conn)
        unit_id = found[0] if found else auth.create_unit(conn, DEMO_UNIT_NAME, DEMO_UNIT_SHORT,
                                                          DEMO_UNIT["review_authority"], DEMO_UNIT["court"])

        def record(key: str, case_id: int) -> None:
            audit.record("create", "case", case_id, after={"case_key": key, "demo": True}, conn=conn, unit_id=unit_id)

        result = store_demo(conn, unit_id, demo, drafter, tuple(forms), on_case=record)
    click.echo(f"演示单位：{DEMO_UNIT_NAME}（编号 {unit_id}）{'' if found else '，已新建'}")
    click.echo(f"{year} 年演示案件：新建 {result.created} 件，已有 {result.skipped} 件未重复建立；"
               f"文书 {result.rendered} 份生成正文，{result.placeholders} 份只登记（占位）")
    click.echo(f"查看：lawdesk stats --unit {DEMO_UNIT_SHORT} --from {year}-01-01 --to {year}-12-31，"
               "或以系统管理员登录“执法统计”页面选择演示单位")
