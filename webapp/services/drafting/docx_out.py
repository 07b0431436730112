"""Write rendered documents as .docx in the official layout (python-docx).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; header line and title centred, the title in
方正小标宋简体 22 pt; body in 仿宋_GB2312 16 pt with a fixed 28.95 pt line pitch (22 lines a page) and a two-character
first-line indent; tables in 14 pt; 落款 and date right-aligned; page numbers "— N —" centred in the footer
(宋体 14 pt). All values come from doc_templates/settings.toml [layout].

`write_docx(doc, layout)` -> bytes of one document; `write_casefile(docs, layout, cover)` -> one .docx with a
cover page, a 卷内目录 whose page column is filled by PAGEREF fields to bookmarks at each document (Word and
LibreOffice compute them when the file is opened or printed), and each document starting on a new page."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from lxml import etree
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .templates import Para, RenderedDoc, Table

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def set_run_font(run, east: str, latin: str, size: float, bold: bool = False) -> None:
    """Fonts of a python-docx run (East Asian and Latin), size, bold."""
    _rpr(run._element, east, latin, size, bold)


def style_run(run, east: str, size: float, bold: bool = False) -> None:
    """A python-docx run in `east` (also for its CJK text), `size` points; for short documents written with
    python-docx directly (评查表, 无违法违规证明) rather than through a form layout."""
    run.font.name, run.font.size, run.font.bold = east, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)


def _rpr(r, east: str, latin: str, size: float, bold: bool = False) -> None:
    old = r.find(qn("w:rPr"))
    if old is not None:
        r.remove(old)
    rpr = etree.Element(qn("w:rPr"))
    fonts = etree.SubElement(rpr, qn("w:rFonts"))
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east)
    if bold:
        etree.SubElement(rpr, qn("w:b"))
    half = str(int(round(size * 2)))
    etree.SubElement(rpr, qn("w:sz")).set(qn("w:val"), half)
    etree.SubElement(rpr, qn("w:szCs")).set(qn("w:val"), half)
    r.insert(0, rpr)


def add_text(paragraph, text: str, east: str, latin: str, size: float, bold: bool = False):
    """Append a run with its fonts, built directly in XML (python-docx's property setters are slow)."""
    r = etree.SubElement(paragraph._p, qn("w:r"))
    _rpr(r, east, latin, size, bold)
    t = etree.SubElement(r, qn("w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _exact(paragraph, pt: float) -> None:
    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(pt)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def _setup(document, layout: dict) -> None:
    sec = document.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width = Mm(layout["page_width_mm"])
    sec.page_height = Mm(layout["page_height_mm"])
    sec.top_margin = Mm(layout["margin_top_mm"])
    sec.bottom_margin = Mm(layout["margin_bottom_mm"])
    sec.left_margin = Mm(layout["margin_left_mm"])
    sec.right_margin = Mm(layout["margin_right_mm"])
    sec.header_distance = Mm(15)
    sec.footer_distance = Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = layout["latin_font"]
    normal.font.size = Pt(layout["body_size_pt"])
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), layout["body_font"])
    fonts.set(qn("w:ascii"), layout["latin_font"])
    fonts.set(qn("w:hAnsi"), layout["latin_font"])
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(layout["line_spacing_pt"])
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.widow_control = False
    # Chinese text: allow punctuation compression / line breaking on characters
    _page_number_footer(sec, layout)


def _field(paragraph, instr: str, placeholder: str, font=None) -> None:
    """A complex field (PAGE, PAGEREF …) with a cached result."""
    def run_with(el):
        r = paragraph.add_run()
        if font:
            set_run_font(r, *font)
        r._element.append(el)
        return r
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    run_with(it)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    r = paragraph.add_run(placeholder)
    if font:
        set_run_font(r, *font)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _page_number_footer(section, layout: dict) -> None:
    footer = section.footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(p, layout["page_number_size_pt"] * 1.5)
    font = (layout["page_number_font"], layout["latin_font"], layout["page_number_size_pt"])
    r = p.add_run("— ")
    set_run_font(r, *font)
    _field(p, "PAGE", "1", font)
    r = p.add_run(" —")
    set_run_font(r, *font)


def _bookmark(paragraph, name: str, bid: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bid))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bid))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _para(document, b: Para, layout: dict, *, first_sign: bool):
    p = document.add_paragraph()
    p.alignment = ALIGN.get(b.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    body, latin = layout["body_font"], layout["latin_font"]
    size, spacing = layout["body_size_pt"], layout["line_spacing_pt"]
    if b.role == "title":
        _exact(p, max(layout["title_size_pt"] * 1.6, spacing))
        add_text(p, b.text, layout["title_font"], layout["title_font"], layout["title_size_pt"])
        return p
    if b.role == "subtitle":
        _exact(p, spacing)
        add_text(p, b.text, layout["title_font"], layout["title_font"], layout["body_size_pt"])
        return p
    if b.role == "note":
        _exact(p, layout["table_line_spacing_pt"])
        add_text(p, b.text, body, latin, layout["table_size_pt"])
        return p
    _exact(p, spacing)
    pf = p.paragraph_format
    if b.role == "body" and b.indent:
        pf.first_line_indent = Pt(2 * size)
    if b.role == "sign":
        pf.right_indent = Pt(2 * size)
        if first_sign:
            pf.space_before = Pt(2 * spacing)
    if b.role == "number":
        pf.space_after = Pt(spacing / 2)
    add_text(p, b.text, body, latin, size)
    return p


def _cell_text(cell, text: str, layout: dict, bold: bool = False, center: bool = False) -> None:
    lines = text.split("\n") or [""]
    first = True
    for line in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _exact(p, layout["table_line_spacing_pt"])
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(p, line, layout["body_font"], layout["latin_font"], layout["table_size_pt"], bold)


def _table(document, b: Table, layout: dict) -> None:
    ncols = len(b.columns) if b.columns else max((len(r) for r in b.rows), default=2)
    nrows = len(b.rows) + (1 if b.columns else 0)
    if nrows == 0:
        return
    t = document.add_table(rows=nrows, cols=ncols)
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    usable = layout["page_width_mm"] - layout["margin_left_mm"] - layout["margin_right_mm"]
    weights = b.widths or [1] * ncols
    total = float(sum(weights))
    widths = [Mm(usable * w / total) for w in weights]
    r0 = 0
    if b.columns:
        for j, c in enumerate(b.columns):
            _cell_text(t.cell(0, j), c, layout, bold=True, center=True)
        r0 = 1
        _repeat_header(t.rows[0])
    for i, row in enumerate(b.rows):
        for j, c in enumerate(row):
            _cell_text(t.cell(i + r0, j), c, layout, center=(b.role == "grid" and j == 0))
    _widths(t, widths)
    # a paragraph after the table so following text does not stick to it
    p = document.add_paragraph()
    _exact(p, layout["table_line_spacing_pt"] / 2)


def _widths(table, widths) -> None:
    """Column widths both in the grid (LibreOffice reads w:gridCol) and in every cell (Word reads w:tcW)."""
    for j, col in enumerate(table.columns):
        col.width = widths[j]
    for row in table.rows:
        for j, cell in enumerate(row.cells):
            cell.width = widths[j]


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _write(document, doc: RenderedDoc, layout: dict, *, new_page: bool = False, bookmark: tuple[str, int] | None = None):
    first = True
    first_sign = True
    prev = None
    for b in doc.blocks:
        if isinstance(b, Para):
            p = _para(document, b, layout, first_sign=first_sign and b.role == "sign")
            if b.role == "sign":
                first_sign = False
                # the 落款 never stands alone on a page: keep it with the text before it
                if prev is not None:
                    prev.paragraph_format.keep_with_next = True
                p.paragraph_format.keep_with_next = True
            prev = p
            if first:
                if new_page:
                    p.paragraph_format.page_break_before = True
                if bookmark:
                    _bookmark(p, *bookmark)
                first = False
        else:
            _table(document, b, layout)
            first = False
            prev = None


def _props(document, title: str, author: str) -> None:
    cp = document.core_properties
    cp.title = title
    cp.author = author
    cp.comments = "lawdesk 生成"


KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "TableGrid", "NoList", "Footer", "Header"}
DROP_RELS = ("stylesWithEffects", "customXml", "webSettings", "numbering", "theme")
_base_cache: dict[tuple, bytes] = {}


def _base(layout: dict) -> bytes:
    """A small starting package with the layout applied (python-docx's default template carries ~800 KB of
    styles that documents here never use; parsing and re-zipping them cost most of the time)."""
    key = tuple(sorted(layout.items()))
    data = _base_cache.get(key)
    if data is None:
        document = Document()
        _setup(document, layout)
        styles = document.styles.element
        for el in list(styles):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "latentStyles" or (tag == "style" and el.get(qn("w:styleId")) not in KEEP_STYLES):
                styles.remove(el)
        for el in styles.iter(qn("w:rFonts")):         # theme fonts would need the theme part
            for attr in list(el.attrib):
                if attr.endswith("Theme"):
                    del el.attrib[attr]
        part = document.part
        for rid, rel in list(part.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROP_RELS:
                del part.rels[rid]
        buf = io.BytesIO()
        document.save(buf)
        data = _base_cache[key] = buf.getvalue()
    return data


def new_document(layout: dict):
    return Document(io.BytesIO(_base(layout)))


def write_docx(doc: RenderedDoc, layout: dict, author: str = "") -> bytes:
    document = new_document(layout)
    _write(document, doc, layout)
    _props(document, doc.full_title, author)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@dataclass
class Cover:
    title: str              # 案件名称
    party: str
    case_no: str            # 立案编号
    unit: str
    opened: str             # 立案日期（中文）
    closed: str             # 结案日期（中文）
    result: str
    handlers: str


def write_casefile(docs: list[RenderedDoc], layout: dict, cover: Cover, toc_dates: list[str]) -> bytes:
    """The whole case file: 案卷封面, 卷内目录, then every document on its own page."""
    document = new_document(layout)
    spacing = layout["line_spacing_pt"]
    body, latin = layout["body_font"], layout["latin_font"]

    def line(text, align="left", role="field"):
        return _para(document, Para(text, role, align, False), layout, first_sign=False)

    p = _para(document, Para("行政处罚案卷", "title", "center", False), layout, first_sign=False)
    p.paragraph_format.space_before = Pt(4 * spacing)
    p.paragraph_format.space_after = Pt(2 * spacing)
    for label, value in (("案件名称", cover.title), ("当事人", cover.party), ("立案编号", cover.case_no),
                         ("处理结果", cover.result), ("承办人", cover.handlers),
                         ("立案日期", cover.opened), ("结案日期", cover.closed)):
        line(f"{label}：{value}")
    p = line(cover.unit, "center")
    p.paragraph_format.space_before = Pt(3 * spacing)

    p = _para(document, Para("卷内目录", "title", "center", False), layout, first_sign=False)
    p.paragraph_format.page_break_before = True
    cols = ["序号", "文书名称", "文书编号", "日期", "页号"]
    t = document.add_table(rows=len(docs) + 1, cols=len(cols))
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    usable = layout["page_width_mm"] - layout["margin_left_mm"] - layout["margin_right_mm"]
    weights = [1.0, 3.2, 2.8, 2.0, 1.0]
    widths = [Mm(usable * w / sum(weights)) for w in weights]
    for j, c in enumerate(cols):
        _cell_text(t.cell(0, j), c, layout, bold=True, center=True)
    _repeat_header(t.rows[0])
    font = (body, latin, layout["table_size_pt"])
    for i, d in enumerate(docs, 1):
        _cell_text(t.cell(i, 0), str(i), layout, center=True)
        name = d.full_title + (f"（{d.per_index + 1}）" if d.per_index is not None else "")
        _cell_text(t.cell(i, 1), name, layout)
        _cell_text(t.cell(i, 2), d.number, layout)
        _cell_text(t.cell(i, 3), toc_dates[i - 1], layout, center=True)
        cell_p = t.cell(i, 4).paragraphs[0]
        _exact(cell_p, layout["table_line_spacing_pt"])
        cell_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(cell_p, f"PAGEREF doc_{i} \\h", str(i), font)
    _widths(t, widths)
    for i, d in enumerate(docs, 1):
        _write(document, d, layout, new_page=True, bookmark=(f"doc_{i}", 100 + i))
    _props(document, f"{cover.title} 案卷", cover.unit)
    settings = document.settings.element
    upd = OxmlElement("w:updateFields")
    upd.set(qn("w:val"), "true")
    settings.append(upd)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()

