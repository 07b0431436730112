"""`lawdesk casefile …`: 案卷评查 from the command line (the same review and scoring as the web).

    lawdesk casefile review ID…  [--json]           review stored case files (数据库中的案件 id)
    lawdesk casefile review --demo [--n 160] [--year 2025] [--json]
                                                    review a synthetic demo year in memory and compare the
                                                    findings with the faults the generator planted"""

from __future__ import annotations

import json
import time

import click


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _drafter(settings):
    from indexer.service import LawLibrary
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    return Drafter(LawLibrary(settings), number_store=MemoryNumberStore())


def store_cases_table() -> str:
    from webapp.services.drafting.store import cases
    return cases.name


def _show(review, card, lib) -> None:
    from indexer.citations.resolve import human_ref
    click.echo(f"{review.label}  得分 {card.total:g}/{card.standard.total:g}"
               f"  问题 {len(review.faults)}  提示 {len(review.warnings)}")
    for f in review.findings:
        mark = "问题" if f.severity == "fault" else "提示"
        click.echo(f"  [{mark}] {f.message}" + (f"（{human_ref(f.rule, lib)}）" if f.rule else ""))


@click.group("casefile")
def casefile_group():
    """案卷评查：自动检查案卷并按评查标准计分"""


@casefile_group.command("review")
@click.argument("case_ids", nargs=-1, type=int)
@click.option("--demo", is_flag=True, help="评查演示数据（内存中生成的一年案卷，含预设问题）")
@click.option("--n", "count", default=160, show_default=True, type=click.IntRange(1, 5000), help="演示案卷数")
@click.option("--year", default=2025, show_default=True, type=click.IntRange(2022, 2100), help="演示年度")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def review_cmd(settings, case_ids, demo, count, year, as_json):
    """评查案卷：列出自动发现的问题和提示，并按评查标准计分"""
    from webapp.services.casereview.review import review_case_file
    from webapp.services.casereview.score import score
    from webapp.services.casereview.standard import load_standard
    if not demo and not case_ids:
        raise click.UsageError("请给出案件 id，或使用 --demo")
    standard = load_standard(settings.corpus)
    if demo:
        drafter = _drafter(settings)
        from webapp.services.casereview.demo import build_demo

        files = build_demo(drafter, settings.corpus, year=year, n=count)
        t = time.perf_counter()
        results = [(c, review_case_file(c.file, drafter)) for c in files]
        took = (time.perf_counter() - t) / max(1, len(results))
        planted = sum(len(c.planted) for c, _ in results)
        found = sum(len(c.planted & r.codes()) for c, r in results)
        extra = sum(len(r.codes("fault") - c.planted) for c, r in results)
        if as_json:
            _dump({"files": len(results), "planted": planted, "found": found, "unplanted_faults": extra,
                   "ms_per_file": round(took * 1000, 1),
                   "reviews": [{**r.to_dict(), "planted": sorted(c.planted), "score": score(r, standard).total}
                               for c, r in results]})
            return
        for _, r in results:
            if r.findings:
                _show(r, score(r, standard), drafter.lib)
        click.echo(f"演示案卷 {len(results)} 份：预设问题 {planted} 个，发现 {found} 个，预设之外的问题 {extra} 个；"
                   f"每份 {took * 1000:.0f} 毫秒")
        return
    from webapp import db
    from webapp.services.casereview.records import case_file
    import sqlalchemy as sa
    engine = db.make_engine(db.default_url(settings.data))
    if not sa.inspect(engine).has_table(store_cases_table()):
        engine.dispose()
        raise click.ClickException("数据库中还没有案件（先用 lawdesk serve 启动应用并建立案件）")
    drafter = _drafter(settings)
    out = []
    with engine.connect() as conn:
        for cid in case_ids:
            cf = case_file(conn, cid)
            if cf is None:
                raise click.ClickException(f"没有 id 为 {cid} 的案件")
            r = review_case_file(cf, drafter)
            out.append((r, score(r, standard)))
    engine.dispose()
    if as_json:
        _dump([{**r.to_dict(), "score": card.to_dict()} for r, card in out])
        return
    for r, card in out:
        _show(r, card, drafter.lib)
