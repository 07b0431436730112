"""Document input (.txt / .docx with tables, headers and footers) and the document date."""

import io

import pytest

from indexer.citations.documents import DocumentError, document_date, from_text, read_document


def make_docx() -> bytes:
    import docx
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "（临）应急罚〔2025〕56号"
    d.add_paragraph("违反了《中华人民共和国安全生产法》第二十八条第一款的规定。")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "处罚依据"
    t.cell(0, 1).text = "《中华人民共和国安全生产法》第九十七条第（三）项"
    t.cell(1, 0).text = "日期"
    t.cell(1, 1).text = "2025年8月12日"
    d.add_paragraph("杭州市临平区应急管理局")
    d.add_paragraph("二〇二五年八月十二日")
    d.sections[0].footer.paragraphs[0].text = "依据《中华人民共和国行政处罚法》第四十四条告知"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_blocks_and_spans():
    doc = read_document(make_docx(), "决定书.docx")
    assert doc.kind == "docx"
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:1] == ["paragraph"] and "table" in kinds and "header" in kinds and "footer" in kinds
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)
    i = doc.text.index("第九十七条")
    cell = doc.block_at(i)
    assert cell.kind == "table" and cell.where == "第1个表格第1行第2列"
    assert cell.to_dict() == {"kind": "table", "start": cell.start, "end": cell.end, "where": "第1个表格第1行第2列",
                              "table": 1, "row": 1, "col": 2}
    assert doc.block_at(doc.text.index("第四十四条")).kind == "footer"
    # body first, header and footer after it: the 落款 date stays the document date
    assert document_date(doc.text) == "2025-08-12"


def test_text_and_encodings(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("依据《安全生产法》第九十九条\r\n二〇二四年三月五日\r\n".encode("gb18030"))
    doc = read_document(p)
    assert doc.text.startswith("依据《安全生产法》") and "\r" not in doc.text
    assert document_date(doc.text) == "2024-03-05"
    assert [b.where for b in doc.blocks] == ["第1行", "第2行"]


def test_bad_input(tmp_path):
    with pytest.raises(DocumentError):
        read_document(b"PK\x03\x04 not really a zip word/", "x.docx")
    with pytest.raises(DocumentError):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(DocumentError):
        read_document(b"\xff\xfe\x00", "x.doc")


@pytest.mark.parametrize("text,date", [
    ("……\n杭州市应急管理局\n2025年3月12日\n", "2025-03-12"),
    ("……\n二〇二五年三月十二日", "2025-03-12"),
    ("……\n二○二三年十二月五日（印章）", "2023-12-05"),
    ("日期：2024-07-22", "2024-07-22"),
    ("落款日期：2024年7月22日", "2024-07-22"),
    ("于2025年7月8日送达了告知书。", None),                 # a date inside a sentence is not the 落款
    ("2025年2月30日", None),
    ("本决定书自2025年1月1日起生效。\n2025年1月2日", "2025-01-02"),
])
def test_document_date(text, date):
    assert document_date(text) == date


def test_from_text_lines():
    doc = from_text("第一行\n\n第三行")
    assert [(b.start, b.end) for b in doc.blocks] == [(0, 3), (5, 8)]


def test_layout_round_trip_keeps_table_cells():
    """16.7: the export re-posts the extracted text; with its layout the cells are located again, and a layout
    that does not fit the text (or is not a layout) falls back to lines."""
    from indexer.citations.documents import layout, with_layout
    doc = read_document(make_docx(), "决定书.docx")
    again = with_layout(doc.text, "决定书.docx", layout(doc))
    assert [b.to_dict() for b in again.blocks] == [b.to_dict() for b in doc.blocks]
    assert again.block_at(doc.text.index("第九十七条")).where == "第1个表格第1行第2列"
    for bad in ("", "x", "[[0, 99999, \"table\", 1, 1, 1, null]]", "[[0, 1, \"<b>\", 1, 1, 1, null]]", "{}",
                "[[true, 1, \"table\", 1, 1, 1, null]]"):
        assert with_layout(doc.text, "a", bad).kind == "text"
