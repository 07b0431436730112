"""`lawdesk handbook list|show|check|calc|provisions`: the penalty handbook from the command line.

Output contract as for the library commands: --json prints one JSON document on stdout; bad input prints one
Chinese line on stderr and exits 1; `check` exits 1 when it finds errors (warnings alone exit 0)."""

from __future__ import annotations

import json
import sys

import click

from indexer.handbook.lenient import HARMS


def _fail(message: str, code: int = 1):
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _open(settings):
    from indexer.handbook.catalogue import catalogue
    from indexer.service import LawError, LawLibrary
    try:
        lib = LawLibrary(settings)
    except LawError as exc:
        _fail(exc.message)
    return lib, catalogue(settings.corpus)


@click.group("handbook")
def handbook_group():
    """处罚裁量手册：违法行为目录、裁量计算、程序手册"""


@handbook_group.command("list")
@click.option("--topic", default=None, help="只列出某一类（如 特种作业）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（含每条的引用和法定处罚）")
@click.pass_obj
def list_cmd(settings, topic, as_json):
    """列出全部违法行为条目及其违反条款、处罚依据和法定处罚"""
    from indexer.handbook.present import entry_summary
    lib, cat = _open(settings)
    entries = [v for v in cat.violations if not topic or v.topic == topic]
    if topic and not entries:
        _fail(f"没有类别“{topic}”（现有：{'、'.join(cat.topics())}）")
    data = [entry_summary(lib, v) for v in entries]
    if as_json:
        _dump({"total": len(data), "entries": data})
        return
    current = None
    for d in data:
        if d["topic"] != current:
            current = d["topic"]
            click.echo(f"【{current}】")
        click.echo(f"{d['id']}  {d['name']}（{d['subject_role']}）")
        click.echo(f"    违反：{'；'.join(c['citation'] or c['ref'] for c in d['violated'])}")
        click.echo(f"    依据：{'；'.join(c['citation'] or c['ref'] for c in d['basis'])}")
        for s in d["sanctions"]:
            click.echo(f"    法定处罚：{s}")
    click.echo(f"共 {len(data)} 条")


@handbook_group.command("show")
@click.argument("entry_id")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def show_cmd(settings, entry_id, as_json):
    """显示一个违法行为条目：lawdesk handbook show SP-001"""
    from indexer.handbook.present import entry_detail
    lib, cat = _open(settings)
    v = cat.get(entry_id)
    if v is None:
        _fail(f"处罚裁量手册中没有编号为“{entry_id}”的违法行为")
    d = entry_detail(lib, cat, v)
    if as_json:
        _dump(d)
        return
    click.echo(f"{d['id']}  {d['name']}")
    click.echo(f"类别：{d['topic']}    处罚对象：{d['subject']}（{d['subject_role']}）")
    click.echo(d["description"])
    click.echo("违反条款：" + "；".join(c["citation"] or c["ref"] for c in d["violated"]))
    click.echo("处罚依据：" + "；".join(c["citation"] or c["ref"] for c in d["basis"]))
    for b in d["statutory"]:
        for s in b["sanctions"]:
            click.echo(f"  法定处罚：{s}")
    click.echo("裁量档次：")
    for lv in d["levels"]:
        other = f"，{'、'.join(lv['other'])}" if lv["other"] else ""
        click.echo(f"  {lv['name']}：{lv['fine']}{other}")
        for c in lv["circumstances"]:
            click.echo(f"      · {c}")
    if d["mitigation"]:
        click.echo("不予处罚、从轻、减轻：")
        for r in d["mitigation"]:
            click.echo(f"  {r['id']}（{r['kind']}）{r['condition']}  依据：{'、'.join(r['citations'])}")
    click.echo(f"违法事实表述：{d['fact_template']}")


@handbook_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--no-search", is_flag=True, help="跳过检索可达性检查")
@click.option("--as-of", "as_of", default=None, help="按此日期判断条文是否现行有效（默认今天）")
@click.pass_obj
def check_cmd(settings, as_json, no_search, as_of):
    """检查手册：引用存在且现行有效、行为表述见于条文、裁量幅度在法定幅度内、条目可检索"""
    from indexer.handbook.benchmarks import benchmarks_for
    from indexer.handbook.checks import run_checks
    from indexer.handbook.lenient import lenient_lists
    from indexer.service import LawError
    lib, cat = _open(settings)
    bset = benchmarks_for(settings)
    lists = lenient_lists(settings.corpus)
    try:
        failures = run_checks(lib, cat, as_of=as_of, search=not no_search, benchmarks=bset, lenient=lists)
    except LawError as exc:
        _fail(exc.message)
    errors = [f for f in failures if f.severity == "error"]
    if as_json:
        _dump({"entries": len(cat.violations), "rules": len(cat.rules), "sections": len(cat.sections),
               "benchmarks": {b.id: len(b.rows) for b in bset.benchmarks.values()},
               "errors": len(errors), "warnings": len(failures) - len(errors),
               "failures": [f.to_dict() for f in failures]})
    else:
        for f in failures:
            click.echo(f.format())
        rows = sum(len(b.rows) for b in bset.benchmarks.values())
        click.echo(f"共检查 {len(cat.violations)} 个条目、{len(cat.rules)} 条从轻减轻规则、{len(cat.sections)} 个程序章节、"
                   f"{len(bset.benchmarks)} 个裁量基准（{rows} 行）、{len(lists.lists)} 个轻罚免罚清单"
                   f"（{len(lists.entries)} 项）；"
                   f"错误 {len(errors)} 处，提示 {len(failures) - len(errors)} 处")
    if errors:
        sys.exit(1)


@handbook_group.command("calc")
@click.argument("entry_id")
@click.option("--circumstance", "-c", "circumstances", multiple=True, help="违法情形（可多次给出；可写档次名）")
@click.option("--mitigation", "-m", "mitigation", multiple=True, help="从轻/减轻/不予处罚规则编号（如 MIT-REMEDY）")
@click.option("--level", default=None, help="直接指定裁量档次")
@click.option("--party", default="当事人", show_default=True, help="理由中对当事人的称呼")
@click.option("--benchmark", "-b", "benchmark_ids", multiple=True,
              help="采用的裁量基准编号（可多次给出，按优先顺序；见 lawdesk handbook benchmarks）")
@click.option("--where", default="", envvar="LAWDESK_WHERE", show_envvar=True,
              help="所在地区，如 浙江省杭州市拱墅区：只适用该地的轻罚免罚清单（空则列出全部清单）")
@click.option("--first/--not-first", default=None, help="轻罚免罚清单：初次违法（不给则为未核实）")
@click.option("--harm", type=click.Choice(HARMS), default=None, help="轻罚免罚清单：危害后果")
@click.option("--corrected/--not-corrected", default=None, help="轻罚免罚清单：及时改正")
@click.option("--conditions-met/--conditions-not-met", default=None, help="轻罚免罚清单所列适用条件均已具备")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def calc_cmd(settings, entry_id, circumstances, mitigation, level, party, benchmark_ids, where, first, harm,
             corrected, conditions_met, as_json):
    """裁量计算：lawdesk handbook calc SP-001 -c 涉及2至3名无证人员 -m MIT-REMEDY"""
    import datetime as dt

    from indexer.handbook.benchmarks import benchmarks_for
    from indexer.handbook.calculator import CalcError, calculate
    from indexer.handbook.lenient import LenientFacts, lenient_lists
    from indexer.jurisdiction import Jurisdiction, JurisdictionError
    lib, cat = _open(settings)
    try:
        place = Jurisdiction.parse(where)
    except JurisdictionError as exc:
        _fail(exc.message)
    entries = lenient_lists(settings.corpus).for_violation(entry_id, dt.date.today(), place)
    facts = LenientFacts(first=first, harm=harm or "", corrected=corrected, conditions_met=conditions_met)
    bset = benchmarks_for(settings)
    unknown = [b for b in benchmark_ids if bset.get(b) is None]
    if unknown:
        _fail(f"没有编号为“{'、'.join(unknown)}”的裁量基准（可选：{'、'.join(bset.benchmarks) or '无'}）")
    try:
        s = calculate(lib, cat, entry_id, list(circumstances), list(mitigation), level=level, party=party,
                      benchmarks=bset.adopted(benchmark_ids), lenient=entries, facts=facts)
    except CalcError as exc:
        _fail(exc.message)
    if as_json:
        _dump(s.to_dict())
        return
    click.echo(f"{s.entry}  {s.name}")
    click.echo(f"裁量档次：{s.level or '—'}    结论：{s.outcome}" + (f"（{s.adjustment}）" if s.adjustment else ""))
    if s.fine:
        click.echo(f"建议罚款：{s.fine['text']}" + (f"（档次原幅度：{s.level_fine['text']}）"
                                                 if s.level_fine and s.level_fine != s.fine else ""))
    click.echo(f"裁量依据：{s.benchmark['label']}“{s.benchmark['grade']}”" if s.benchmark else
               "裁量依据：处罚裁量手册示例档次（不能直接写入处罚决定书）")
    if s.sanctions:
        click.echo(f"其他处理：{'、'.join(s.sanctions)}")
    for a in s.lenient:
        state = "条件均已具备" if a["qualifies"] else (f"不符合：{'；'.join(a['failed'])}" if a["failed"]
                                                 else f"尚待核实：{'；'.join(a['unknown'])}")
        click.echo(f"轻罚免罚清单：{a['entry']['cited']}（{a['entry']['kind']}）{state}")
    click.echo("理由：")
    for r in s.reasons:
        click.echo(f"  {r}")
    for w in s.warnings:
        click.echo(f"提示：{w}")


@handbook_group.command("benchmarks")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def benchmarks_cmd(settings, as_json):
    """已收录的行政处罚裁量基准（corpus/benchmarks 与数据目录 benchmarks/）"""
    from indexer.handbook.benchmarks import benchmarks_for
    bset = benchmarks_for(settings)
    if as_json:
        _dump({"benchmarks": [b.to_dict(rows=False) for b in bset.benchmarks.values()],
               "errors": [e.to_dict() for e in bset.errors]})
        return
    for b in bset.benchmarks.values():
        click.echo(f"{b.id}  {b.label}  {b.issuer}（{b.scope}，{b.issued}）  {len(b.rows)} 条"
                   + ("（尚未录入条目）" if not b.rows else ""))
    for e in bset.errors:
        click.echo(f"错误：{e.file}:{e.line} {e.entry} {e.message}")


@handbook_group.command("provisions")
@click.option("--law", default=None, help="只看某部法规")
@click.option("--all-versions", is_flag=True, help="包括已修改、已废止的版本")
@click.option("--report", is_flag=True, help="只输出解析统计")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def provisions_cmd(settings, law, all_versions, report, as_json):
    """从条文解析出的罚则：处罚对象、行为、处罚种类、罚款幅度和适用条件"""
    from indexer import penalties as P
    from indexer.service import LawError
    lib, _cat = _open(settings)
    if report:
        rep = P.parse_report(lib, in_force_only=not all_versions)
        if as_json:
            _dump(rep.to_dict())
            return
        click.echo(f"罚则条文 {rep.articles} 条，{rep.paragraphs} 款；含处罚的 {rep.provisions} 款，"
                   f"完整解析 {rep.parsed} 款，部分解析 {len(rep.partial)} 款，未能解析 {len(rep.resisted)} 款，"
                   f"不含处罚（程序、转致说明等）{rep.no_sanction} 款")
        for r in rep.partial:
            click.echo(f"  部分解析：{r}")
        for r in rep.resisted:
            click.echo(f"  未能解析：{r}")
        return
    provs = P.all_provisions(lib, in_force_only=not all_versions)
    if law:
        try:
            key = lib.find_law(law).key
        except LawError as exc:
            _fail(exc.message)
        provs = [p for p in provs if p.law == key]
    if as_json:
        _dump({"total": len(provs), "provisions": [p.to_dict() for p in provs]})
        return
    for p in provs:
        click.echo(f"{p.ref}  [{p.status}]  对象：{p.subject or '（未写明）'}")
        for c in p.clauses:
            click.echo(f"    {c.plain()}")
