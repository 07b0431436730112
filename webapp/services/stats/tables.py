"""The statistics as titled tables: what the page shows, `lawdesk stats` prints and the CSV / .xlsx exports hold,
built once here so the four cannot drift apart. Amounts are yuan with two decimals; days are medians."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from .compute import Stats


@dataclass
class Table:
    id: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    chart: tuple[int, int] | None = None     # (label column, value column) for a bar chart


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def _days(value: float | None) -> str:
    return "" if value is None else (f"{value:.0f}" if value == int(value) else f"{value:.1f}")


def summary_rows(s: Stats) -> list[list]:
    f, rv = s.fines, s.reviews
    rows: list[list] = [
        ["案件数", s.cases], ["已作出决定的案件", s.decided], ["罚款案件", f.fined_cases],
        ["罚款金额（元）", f.imposed], ["已缴纳罚款的案件", f.paid_cases], ["已缴纳罚款（元）", f.collected],
        ["未缴纳罚款（元）", f.outstanding],
        ["记录法制审核意见的案件", rv.opinions], ["法制审核通过的案件", rv.approved_cases],
        ["提交法制审核（次）", rv.submissions], ["审核通过（次）", rv.approvals], ["审核退回（次）", rv.rejections],
        ["审核意见批注（条）", rv.comments],
        ["案卷评查（已签署）", s.file_reviews.signed], ["评为示范优案", s.file_reviews.exemplary],
        ["评为典型差案", s.file_reviews.poor],
        ["案卷评查平均得分", "—" if s.file_reviews.mean_score is None else s.file_reviews.mean_score],
        ["信用修复：应送达告知书的处罚决定（单位）", s.credit.decided], ["已生成信用修复告知书", s.credit.notices],
        ["已可申请信用修复（未申请）", s.credit.may_apply], ["已申请信用修复（待办结）", s.credit.applied],
        ["已完成信用修复", s.credit.repaired], ["不予信用修复", s.credit.refused],
        ["重大案件集体讨论", s.discussed], ["当事人申请听证", s.hearings_requested],
        ["涉嫌犯罪移送司法机关", s.transfers_crime], ["移送其他部门（管辖）", s.transfers_other],
        ["不予处罚决定", s.no_penalty],
        *[[f"　其中{g}", n] for g, n in sorted(s.no_penalty_by_ground.items())],
        ["从轻、减轻处罚决定", "未记录" if s.lenient is None else s.lenient],
    ]
    if s.undated:
        rows.append(["未记录立案和决定日期的案件", s.undated])
    if s.unreadable:
        rows.append(["无法读取的案件记录（未计入）", s.unreadable])
    return rows


def build(s: Stats) -> list[Table]:
    def grouped(rows):
        return [[r.label, r.cases, r.fines] for r in rows]

    t = [
        Table("summary", "总体情况", ["项目", "数值"], summary_rows(s),
              "罚款金额为已作出决定案件的罚款之和；已缴纳为记录了缴款日期的案件。"),
        Table("month", "按月份（立案日期，无立案的按决定日期）", ["月份", "案件数", "罚款（元）"], grouped(s.by_month), chart=(0, 1)),
        Table("procedure", "按程序", ["程序", "案件数", "罚款（元）"], grouped(s.by_procedure), chart=(0, 1)),
        Table("party", "按当事人类型", ["当事人类型", "案件数", "罚款（元）"], grouped(s.by_party), chart=(0, 1)),
        Table("topic", "按违法行为类别（处罚裁量手册主题）", ["类别", "违法行为数", "案件数", "罚款（元）"],
              [[r.topic, r.violations, r.cases, r.fines] for r in s.by_topic], chart=(0, 1)),
        Table("violation", "按违法行为（处罚裁量手册目录条目）", ["目录编号", "违法行为", "类别", "违法行为数", "案件数", "罚款（元）"],
              [[r.catalogue_id, r.name, r.topic, r.violations, r.cases, r.fines] for r in s.by_violation]),
        Table("industry", "按行业", ["行业", "案件数", "罚款（元）"],
              grouped(s.by_industry) if s.by_industry is not None else [],
              s.not_recorded.get("industry", "") if s.by_industry is None else ""),
        Table("status", "按办理状态", ["状态", "案件数", "罚款（元）"], grouped(s.by_status)),
        Table("stages", "各阶段用时（日，中位数）", ["阶段", "案件数", "中位数（日）", "最长（日）", "日期顺序异常"],
              [[r.stage, r.cases, _days(r.median_days), "" if r.max_days is None else r.max_days, r.out_of_order]
               for r in s.stages if r.cases or r.out_of_order], chart=(0, 2)),
        Table("documents", "已生成文书", ["文书", "份数"], [[r.label, r.cases] for r in s.documents]),
    ]
    notes = [v for k, v in s.not_recorded.items() if k != "industry"]
    if notes:
        t[0].note += " " + " ".join(notes)
    return t


def cell(value) -> str:
    """A table cell as text (the page, the CLI and CSV)."""
    if isinstance(value, Decimal):
        return yuan(value)
    return str(value)


def _csv_safe(text: str) -> str:
    """No spreadsheet formulas from case text (CSV injection); amounts with a minus are numbers, left alone."""
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not text[1:2].isdigit()):
        return "'" + text
    return text


def to_csv(s: Stats) -> bytes:
    """Every table one after another, each under its title and headings (an empty period keeps the headings).
    UTF-8 with a BOM so that Excel opens the Chinese text."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([f"{s.unit_name} 执法统计", s.period.label])
    for t in build(s):
        w.writerow([])
        w.writerow([t.title])
        w.writerow(t.columns)
        for r in t.rows:
            w.writerow([_csv_safe(f"{v:.2f}" if isinstance(v, Decimal) else str(v)) for v in r])
        if t.note:
            w.writerow([_csv_safe(t.note)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(s: Stats) -> bytes:
    """One sheet per table (amounts as numbers in yuan, so that a sum in the sheet agrees), plus a cover line."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    first = True
    for t in build(s):
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = t.title[:31].replace("（", "(").replace("）", ")")[:31]
        ws.append([f"{s.unit_name} 执法统计（{s.period.label}）"])
        ws.append([t.title])
        ws.append(t.columns)
        for c in ws[3]:
            c.font = Font(bold=True)
        for r in t.rows:
            ws.append([float(v) if isinstance(v, Decimal) else (_csv_safe(v) if isinstance(v, str) else v) for v in r])
            for c, v in zip(ws[ws.max_row], r):
                if isinstance(v, Decimal):
                    c.number_format = "#,##0.00"
        if t.note:
            ws.append([t.note])
        for i, _col in enumerate(t.columns):
            ws.column_dimensions[chr(ord("A") + i)].width = 14 if i else 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_text(s: Stats) -> str:
    """Plain text for the terminal."""
    lines = [f"{s.unit_name} 执法统计（{s.period.label}）"]
    for t in build(s):
        lines += ["", f"【{t.title}】", "  " + " | ".join(t.columns)]
        lines += ["  " + " | ".join(cell(v) for v in r) for r in t.rows] or ["  （无）"]
        if t.note:
            lines.append(f"  注：{t.note}")
    return "\n".join(lines) + "\n"
