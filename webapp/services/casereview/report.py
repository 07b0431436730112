"""The signed review as a .docx 行政处罚案卷评查表: the file reviewed, the score per item with each deduction
(automatic ones with what was found, the reviewer's with the comment), the findings left as hints, the grade,
the reviewer's opinion and signature line."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from webapp.services.drafting.docx_out import style_run

from .model import CaseFileReview
from .score import GRADES, Scorecard

BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"


@dataclass(frozen=True)
class ReportHeader:
    unit: str              # the unit whose file it is
    case: str              # 案件编号（当事人）
    title: str             # 案件名称
    reviewer: str
    signed: str            # 2026年12月7日, "" while unsigned
    grade: str = ""
    comment: str = ""


def _para(doc, text: str, size: float = 14, *, bold: bool = False, center: bool = False, font: str = BODY_FONT):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style_run(p.add_run(text), font, size, bold)
    return p


def _cell(cell, text: str, size: float = 11, bold: bool = False) -> None:
    cell.text = ""
    style_run(cell.paragraphs[0].add_run(text), BODY_FONT, size, bold)


def write_report(head: ReportHeader, review: CaseFileReview, card: Scorecard, rule_text) -> bytes:
    """`rule_text(ref)` renders a rule as 《…》第…条 (the library's names)."""
    doc = Document()
    _para(doc, "行政处罚案卷评查表", 22, center=True, font=TITLE_FONT)
    for label, value in (("被评查单位", head.unit), ("案件", head.case), ("案件名称", head.title),
                         ("评查标准", card.standard.title), ("评查人", head.reviewer),
                         ("签署日期", head.signed or "（未签署）")):
        _para(doc, f"{label}：{value}")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("评查项目", "分值", "得分", "扣分情形")):
        _cell(cell, text, bold=True)
    for it in card.items:
        row = table.add_row().cells
        lines = []
        for d in it.deducted:
            who = "自动检查" if d.by == "auto" else "评查人"
            why = "；".join(f.message for f in d.findings) if d.findings else d.comment
            rule = f"（{rule_text(d.deduction.rule)}）" if d.deduction.rule else ""
            lines.append(f"{d.label}：{d.deduction.text}{rule}〔{who}〕" + (f" {why}" if why else ""))
        for cell, text in zip(row, (it.item.title, f"{it.item.points:g}", f"{it.score:g}", "\n".join(lines) or "无")):
            _cell(cell, text)
    total = table.add_row().cells
    _cell(total[0], "总分", bold=True)
    _cell(total[1], f"{card.standard.total:g}")
    _cell(total[2], f"{card.total:g}", bold=True)
    _cell(total[3], "；".join(f"否决：{v.deduction.text}" for v in card.veto) or "")
    if review.warnings or card.unmapped:
        _para(doc, "提示（由评查人判断，未自动扣分）：", bold=True)
        for f in [*review.warnings, *card.unmapped]:
            _para(doc, f"· {f.message}", 12)
    _para(doc, f"评定：{GRADES.get(head.grade, '—')}")
    _para(doc, f"评查意见：{head.comment or '无'}")
    _para(doc, f"评查人（签名）：{head.reviewer}        {head.signed}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
