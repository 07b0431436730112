"""The review as a draft 法制审核意见 (Markdown or .docx) from a `CheckResult`.

The draft lists every citation with its finding, then the problems with suggested corrections, then a
conclusion. It is a draft for the reviewer to edit and sign: it says what the checker found and never more."""

from __future__ import annotations

import datetime as dt
import io

from .annotate import line_of
from .resolve import STATUS_LABELS

TITLE = "法制审核意见（引用条文核对，草稿）"


def locate(text: str, document, pos: int) -> dict:
    """Where a citation stands: the .docx block (第1个表格第2行第1列 with table/row/col, 正文第3段, 页眉 …), else
    the line of the text."""
    b = document.block_at(pos) if document is not None else None
    if b is None or document.kind != "docx":
        return {"where": f"第{line_of(text, pos)}行", "kind": "line"}
    d = b.to_dict()
    return {"where": d.pop("where"), **{k: v for k, v in d.items() if k not in ("start", "end")}}


def review_items(result, document=None) -> list[dict]:
    from .checker import cited_dict, read_as

    items = []
    for i, r in enumerate(result.citations, 1):
        location = locate(result.text, document, r.ex.start)
        sugg = [result.human(s) for s in r.suggestions]
        items.append({
            "n": i, "where": location["where"], "location": location, "text": r.ex.text.replace("\n", ""), "status": r.status,
            "status_label": STATUS_LABELS.get(r.status, r.status), "message": r.message,
            "refs": [str(x) for x in r.refs], "suggestions": sugg, "quote": r.quote,
            "expected_text": r.expected_text, "warnings": [w.message for w in r.warnings],
            "problem": r.status != "ok" or bool(r.warnings) or bool(r.suggestions),
            "read_as": read_as(cited_dict(r)),
        })
    return items


def _counts(items) -> str:
    counts: dict[str, int] = {}
    for it in items:
        counts[it["status_label"]] = counts.get(it["status_label"], 0) + 1
    return "，".join(f"{k} {v} 处" for k, v in counts.items())


def _conclusion(items) -> str:
    problems = [it for it in items if it["problem"]]
    if not items:
        return "文书中未识别到法律条文引用，请人工核对适用法律部分。"
    if not problems:
        return f"经核对，文书引用法律条文 {len(items)} 处，均与应适用的版本相符，未发现引用问题。"
    return (f"经核对，文书引用法律条文 {len(items)} 处，其中 {len(problems)} 处存在问题或需要核实（见上文），"
            f"建议承办机构核实修改后重新报送审核。")


def _source_line(result, name: str | None) -> str:
    how = {"given": "人工指定", "document": "取自文书落款", "today": "文书中未找到落款日期，按审核当日"}
    act = f"{result.act_note()}；" if result.act_note() else ""
    return (f"文书：{name or '（粘贴文本）'}；文书日期：{result.date}（{how.get(result.date_source, result.date_source)}）；"
            f"{act}核对日期：{dt.date.today().isoformat()}")


def markdown(result, document=None, name: str | None = None) -> str:
    items = review_items(result, document)
    out = [f"# {TITLE}", "", _source_line(result, name or (document.name if document else None)), ""]
    out += ["## 一、引用条文核对情况", ""]
    if items:
        out.append(f"共识别引用 {len(items)} 处：{_counts(items)}。")
        out += ["", "| 序号 | 位置 | 引用 | 结论 |", "|---|---|---|---|"]
        for it in items:
            out.append(f"| {it['n']} | {it['where']} | {_md(it['text'])} | {it['status_label']}"
                       f"{'（另有提示）' if it['status'] == 'ok' and it['problem'] else ''} |")
    else:
        out.append("未识别到法律条文引用。")
    out += ["", "## 二、存在的问题及修改建议", ""]
    problems = [it for it in items if it["problem"]]
    if not problems:
        out.append("未发现问题。")
    for k, it in enumerate(problems, 1):
        out.append(f"{k}. {it['where']}“{_md(it['text'])}”：{_md(it['message'])}")
        if it["quote"] and it["expected_text"]:
            out.append(f"   - 文书引文：“{_md(it['quote'])}”")
            out.append(f"   - 法条原文：“{_md(it['expected_text'])}”")
        if it["suggestions"]:
            out.append(f"   - 建议核对：{'；'.join(it['suggestions'])}")
    out += ["", "## 三、审核结论", "", _conclusion(items), "",
            "审核人：　　　　　　　　　　　　　　法制审核机构（盖章）", "", "日期：　　年　　月　　日", ""]
    return "\n".join(out)


def _md(s: str | None) -> str:
    return (s or "").replace("|", "｜").replace("\n", " ")


def docx_bytes(result, document=None, name: str | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    items = review_items(result, document)
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.size = Pt(12)
    h = d.add_heading(TITLE, level=1)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph(_source_line(result, name or (document.name if document else None)))
    d.add_heading("一、引用条文核对情况", level=2)
    if items:
        d.add_paragraph(f"共识别引用 {len(items)} 处：{_counts(items)}。")
        table = d.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ("序号", "位置", "引用", "结论")):
            cell.text = label
        for it in items:
            row = table.add_row().cells
            row[0].text = str(it["n"])
            row[1].text = it["where"]
            row[2].text = it["text"]
            row[3].text = it["status_label"] + ("（另有提示）" if it["status"] == "ok" and it["problem"] else "")
    else:
        d.add_paragraph("未识别到法律条文引用。")
    d.add_heading("二、存在的问题及修改建议", level=2)
    problems = [it for it in items if it["problem"]]
    if not problems:
        d.add_paragraph("未发现问题。")
    for k, it in enumerate(problems, 1):
        d.add_paragraph(f"{k}. {it['where']}“{it['text']}”：{it['message']}")
        if it["quote"] and it["expected_text"]:
            d.add_paragraph(f"文书引文：“{it['quote']}”", style="List Bullet")
            d.add_paragraph(f"法条原文：“{it['expected_text']}”", style="List Bullet")
        if it["suggestions"]:
            d.add_paragraph("建议核对：" + "；".join(it["suggestions"]), style="List Bullet")
    d.add_heading("三、审核结论", level=2)
    d.add_paragraph(_conclusion(items))
    d.add_paragraph("审核人：　　　　　　　　　　　　　　法制审核机构（盖章）")
    d.add_paragraph("日期：　　年　　月　　日")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
