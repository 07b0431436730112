"""`lawdesk draft` and `lawdesk template check`: enforcement documents from the command line.

    lawdesk draft --list [--json]                          form ids and titles
    lawdesk draft FORM --case CASE.json -o OUT.docx        one document (.docx / .html / .md by extension)
    lawdesk draft casefile --case CASE.json -o OUT.docx    the whole case file with 卷内目录
    lawdesk draft FORM --case CASE.json --check [--json]   validation only
    lawdesk draft deadlines --case CASE.json [--today D]   the case's legal periods and what is due next
    lawdesk draft --schema                                 the case JSON schema
    lawdesk template check [DIR] [--json]                  reject unknown or broken placeholders, wrong citations

Validation errors stop the document; warnings must be confirmed with --confirm CODE (repeatable) or
--confirm-all; confirmations are appended to DATA/drafting-confirmations.jsonl. Document numbers are allocated
once per case and form (never reused) in the application database when it has the drafting tables, else in
DATA/drafting-numbers.sqlite3 (or --numbers PATH); --no-number leaves the sequence blank (draft)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from indexer.messages import os_error_text


def _fail(message: str, code: int = 1):
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _templates(folder):
    from webapp.services.drafting.templates import TemplateError, load_templates
    try:
        return load_templates(folder)
    except TemplateError as exc:
        _fail(str(exc))


def _number_store(settings, path: str | None):
    import sqlalchemy as sa

    from webapp.services.drafting.numbering import SQLNumberStore

    if path:
        return SQLNumberStore.open_sqlite(path)
    import os
    url = os.environ.get("LAWDESK_DATABASE_URL")
    candidates = []
    if url:
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                url = "postgresql+psycopg://" + url[len(prefix):]
        candidates.append(url)
    app_db = Path(settings.data) / "app.sqlite3"
    if app_db.exists():
        candidates.append(f"sqlite:///{app_db}")
    for u in candidates:
        try:
            store = SQLNumberStore(sa.create_engine(u))
            if store.has_tables():
                return store
        except sa.exc.SQLAlchemyError:   # unreachable database: fall back to the stand-alone file
            continue
    return SQLNumberStore.open_sqlite(Path(settings.data) / "drafting-numbers.sqlite3")


def _record_confirmations(settings, case, form, confirmed, output) -> None:
    if not confirmed:
        return
    path = Path(settings.data) / "drafting-confirmations.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    rec = {"ts": dt.datetime.now().isoformat(timespec="seconds"), "case": case.id, "form": form,
           "output": str(output), "confirmed": [i.to_dict() for i in confirmed], "via": "cli"}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _print_issues(issues, err=True) -> None:
    for i in issues:
        label = "错误" if i.level == "error" else "警告"
        basis = f"（{i.basis}）" if i.basis else ""
        click.echo(f"  [{label} {i.code}] {i.message}{basis}", err=err)


@click.command("draft")
@click.argument("form", required=False)
@click.option("--case", "case_path", type=click.Path(dir_okay=False), help="案件 JSON 文件（格式见 --schema）")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="输出文件（.docx / .html / .md）")
@click.option("--format", "fmt", type=click.Choice(["docx", "html", "md"]), default=None, help="输出格式（默认按扩展名）")
@click.option("--item", type=click.IntRange(1), default=None, help="逐份文书（询问笔录）的第几份，默认第1份")
@click.option("--confirm", "confirm", multiple=True, help="确认某个警告（警告代码，可重复）")
@click.option("--confirm-all", is_flag=True, help="确认全部警告")
@click.option("--no-number", is_flag=True, help="不分配文书编号（草稿）")
@click.option("--numbers", "numbers_path", type=click.Path(dir_okay=False), help="文书编号数据库（SQLite 文件）")
@click.option("--write-case", is_flag=True, help="把新分配的文书编号写回案件 JSON")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False), help="模板目录（默认 doc_templates/）")
@click.option("--check", "check_only", is_flag=True, help="只校验，不生成")
@click.option("--list", "list_forms", is_flag=True, help="列出全部文书模板")
@click.option("--schema", "schema", is_flag=True, help="输出案件 JSON 的 JSON Schema")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="deadlines：按哪一天判断是否逾期（默认今天）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def draft_cmd(settings, form, case_path, output, fmt, item, confirm, confirm_all, no_number, numbers_path,
              write_case, templates_dir, check_only, list_forms, schema, today, as_json):
    """生成执法文书：lawdesk draft decision_org --case case.json -o 决定书.docx"""
    if schema:
        from webapp.services.drafting.model import schema_json
        click.echo(schema_json(), nl=False)
        return
    ts = _templates(templates_dir)
    if list_forms:
        forms = ts.ordered()
        if as_json:
            _dump({"forms": [s.to_dict() for s in forms] + [{"id": "casefile", "title": "案卷", "full_title": "案卷（全部文书及卷内目录）",
                                                              "kind": "casefile", "numbered": False}]})
            return
        for s in forms:
            extra = [f"编号代字 {s.code}" if s.code else "无编号"]
            if s.party:
                extra.append(f"仅{s.party}")
            if s.procedure:
                extra.append(s.procedure)
            if s.per:
                extra.append("逐份")
            click.echo(f"{s.id:<22}{s.full_title}（{'，'.join(extra)}）")
        click.echo(f"{'casefile':<22}案卷（全部文书及卷内目录）")
        return
    if not form:
        _fail("请指定文书（lawdesk draft --list 列出全部），或使用 --list / --schema", 2)
    if not case_path:
        _fail("请用 --case 指定案件 JSON 文件", 2)

    from indexer.service import LawError, LawLibrary
    from webapp.services.drafting.model import Case, CaseFormatError
    from webapp.services.drafting.service import Blocked, Drafter, DraftError

    try:
        text = Path(case_path).read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"无法读取案件文件 {case_path}：{os_error_text(exc)}")
    try:
        case = Case.from_json(text)
    except CaseFormatError as exc:
        _fail(f"案件文件格式错误：{exc}")
    if form == "deadlines":
        _print_deadlines(settings, case, today.date() if today else dt.date.today(), as_json, ts)
        return
    try:
        lib = LawLibrary(settings)
    except LawError as exc:
        _fail(exc.message)
    store = None if (no_number or check_only) else _number_store(settings, numbers_path)
    drafter = Drafter(lib, ts, store)
    if form != "casefile" and form not in ts.forms:
        _fail(f"没有文书模板“{form}”（lawdesk draft --list 列出全部）")

    if check_only:
        try:
            if form == "casefile":
                issues = []
                for d in drafter.casefile_docs(case):
                    issues += [i for i in d.issues if i not in issues]
            else:
                issues = drafter.prepare(case, form, per_index=(item - 1) if item else None).issues
        except DraftError as exc:
            _fail(str(exc))
        if as_json:
            _dump({"form": form, "ok": not any(i.level == "error" for i in issues),
                   "issues": [i.to_dict() for i in issues]})
        else:
            if not issues:
                click.echo("校验通过，没有错误或警告")
            _print_issues(issues, err=False)
        sys.exit(1 if any(i.level == "error" for i in issues) else 0)

    if not output:
        _fail("请用 -o 指定输出文件", 2)
    out_path = Path(output)
    fmt = fmt or {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md"}.get(out_path.suffix.lower())
    if fmt is None:
        _fail("无法从扩展名判断输出格式，请用 --format 指定（docx / html / md）", 2)
    if form == "casefile" and fmt != "docx":
        _fail("案卷只能输出为 .docx", 2)
    confirm_arg = "all" if confirm_all else set(confirm)
    try:
        if form == "casefile":
            result = drafter.casefile(case, allocate=not no_number, confirm=confirm_arg)
        else:
            result = drafter.produce(case, form, fmt=fmt, per_index=(item - 1) if item else None,
                                     allocate=not no_number, confirm=confirm_arg)
    except Blocked as exc:
        click.echo(f"错误：{exc}", err=True)
        _print_issues(exc.errors + exc.unconfirmed)
        if exc.unconfirmed and not exc.errors:
            codes = " ".join(f"--confirm {c}" for c in dict.fromkeys(i.code for i in exc.unconfirmed))
            click.echo(f"确认警告后重新运行：{codes}（或 --confirm-all）", err=True)
        sys.exit(1)
    except DraftError as exc:
        _fail(str(exc))
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_bytes(result.data)
    except OSError as exc:
        _fail(f"无法写入 {out_path}：{os_error_text(exc)}")
    _record_confirmations(settings, case, form, result.confirmed, out_path)
    if write_case and result.numbers:
        Path(case_path).write_text(case.to_json() + "\n", encoding="utf-8")
    if as_json:
        _dump({"output": str(out_path), "format": fmt, "numbers": result.numbers,
               "confirmed": [i.to_dict() for i in result.confirmed]})
        return
    numbers = "；".join(f"{k}：{v}" for k, v in result.numbers.items())
    click.echo(f"已生成 {out_path}" + (f"（新编号 {numbers}）" if numbers else ""))
    if result.confirmed:
        click.echo(f"已确认 {len(result.confirmed)} 个警告（记录于 {Path(settings.data) / 'drafting-confirmations.jsonl'}）")


def _cn_date(iso: str) -> str:
    from webapp.services.drafting.cnformat import cn_date
    return cn_date(iso)


STATUS_CN = {"done": "已按期", "late": "逾期办理", "open": "待办", "unknown": "无法计算", "info": "期限"}


def _print_deadlines(settings, case, today: dt.date, as_json: bool, ts) -> None:
    """The case's procedure path and the documents it requires so far (paths.py), and its legal periods
    (deadlines.py) with the unit's holiday calendar. Needs no statute library."""
    from webapp.services.drafting.context import path_label
    from webapp.services.drafting.deadlines import summary
    from webapp.services.drafting.service import Drafter
    from webapp.services.workdays import load_calendar
    due = summary(case, load_calendar(Path(settings.data)), today)
    steps = Drafter(None, ts, calendar=load_calendar(Path(settings.data))).path_steps(case)
    if as_json:
        _dump({"case": case.id, "today": today.isoformat(), "path": path_label(case), "next": due.next,
               "deadlines": due.items,
               "documents": [{"form": st.form, "title": title, "why": st.why, "basis": st.basis, "present": present}
                             for st, title, present in steps]})
        return
    click.echo(f"程序：{path_label(case)}；案卷应有：" + "、".join(title for _st, title, _p in steps))
    lacking = [f"{title}（{st.why}）" for st, title, present in steps if not present]
    if lacking:
        click.echo("案卷尚缺：" + "；".join(lacking))
    nxt = due.next
    if nxt:
        late = "（已逾期）" if nxt["overdue"] else ""
        click.echo(f"下一步：{nxt['step']}，{nxt['when']}{late}　依据{nxt['citation']}")
    else:
        click.echo("没有待办的法定期限")
    for d in due.items:
        if "rule" not in d:
            click.echo(f"  [{STATUS_CN.get(d['status'], d['status'])}] {d.get('note', '')}")
            continue
        done = f"；{d['step']}：{_cn_date(d['done'])}" if d["done"] else ""
        note = f"（{d['note']}）" if d["note"] and d["end"] else ""
        status = "已逾期" if d["overdue"] else STATUS_CN.get(d["status"], d["status"])
        click.echo(f"  [{status}] {d['text']}{done}{note}")


@click.group("template")
def template_group():
    """文书模板"""


@template_group.command("check")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--no-library", is_flag=True, help="不核对模板中的法条引用（不需要法规索引）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_obj
def template_check_cmd(settings, folder, no_library, as_json):
    """检查模板：未知或格式错误的占位符、条件、引用的条文"""
    from webapp.services.drafting.templates import check_templates, templates_dir

    lib = None
    note = None
    if not no_library:
        from indexer.service import LawError, LawLibrary
        try:
            lib = LawLibrary(settings)
        except LawError as exc:
            note = f"未核对法条引用：{exc.message}"
    problems = check_templates(folder, lib=lib)
    errors = [p for p in problems if p.level == "error"]
    base = templates_dir(folder)
    count = len(list((base / "forms").glob("*.toml"))) if (base / "forms").is_dir() else 0
    if as_json:
        _dump({"folder": str(base), "forms": count, "citations_checked": lib is not None,
               "ok": not errors, "problems": [p.to_dict() for p in problems]})
    else:
        for p in problems:
            click.echo(str(p), err=p.level == "error")
        if note:
            click.echo(note, err=True)
        if not errors:
            click.echo(f"模板检查通过：{count} 个文书模板" + ("，法条引用已核对" if lib is not None else ""))
    sys.exit(1 if errors else 0)
