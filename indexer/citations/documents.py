"""Document input: plain text and .docx, and the document's date.

`read_document(path | bytes, name)` returns a `Document`: one extracted text plus the blocks it was made of
(paragraphs, table cells, headers, footers) with their character spans, so a citation's span can be traced
back to where it stands in the Word file. Body paragraphs and tables are read in document order; headers and
footers (each distinct one once) come after the body, so the 落款 stays the last date line of the body.

`document_date(text)` finds the date of the 落款 / 日期 line: the last line that is only a date (Chinese
numerals 二〇二五年三月十二日 or digits), or a line labelled 日期 / 落款日期 / 签发日期 / 作出日期."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from indexer.messages import os_error_text
from indexer.numerals import FULLWIDTH


class DocumentError(ValueError):
    """A file that cannot be read as a document (message in Chinese)."""


@dataclass
class Block:
    kind: str        # paragraph / table / header / footer
    start: int
    end: int
    where: str       # human description: 正文第3段, 第1个表格第2行第1列, 页眉, 第15行 …
    table: int | None = None     # a body table cell: table, row and column, 1-based
    row: int | None = None
    col: int | None = None

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "start": self.start, "end": self.end, "where": self.where}
        if self.table is not None:
            d.update(table=self.table, row=self.row, col=self.col)
        return d


def cell_where(table: int, row: int, col: int) -> str:
    return f"第{table}个表格第{row}行第{col}列"


@dataclass
class Document:
    text: str
    blocks: list[Block] = field(default_factory=list)
    name: str = ""
    kind: str = "text"        # text / docx

    def block_at(self, pos: int) -> Block | None:
        for b in self.blocks:
            if b.start <= pos < b.end:
                return b
        return None


# ------------------------------------------------------------------------------------------- text

def from_text(text: str, name: str = "") -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = []
    pos = 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            blocks.append(Block("paragraph", pos, pos + len(line), f"第{n}行"))
        pos += len(line) + 1
    return Document(text, blocks, name, "text")


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DocumentError("文件不是 UTF-8 或 GB18030 编码的文本")


# ------------------------------------------------------------------------------------------- docx

def from_docx(data: bytes, name: str = "") -> Document:
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover
        raise DocumentError(f"无法读取 .docx：缺少 python-docx（{exc}）") from exc
    try:
        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):  # not a .docx, or a broken one
        raise DocumentError("无法读取 .docx 文件：文件已损坏，或不是 Word 文档（.docx）格式") from None

    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0

    def add(text: str, kind: str, where: str, cell: tuple[int, int, int] | tuple[()] = ()) -> None:
        nonlocal pos
        text = text.replace("\r", "")
        if parts:
            parts.append("\n")
            pos += 1
        parts.append(text)
        blocks.append(Block(kind, pos, pos + len(text), where, *cell))
        pos += len(text)

    counters = {"p": 0, "t": 0}

    def walk(container, kind: str, label: str) -> None:
        body = container.element.body if hasattr(container, "element") and hasattr(container.element, "body") \
            else container._element
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                para = Paragraph(child, container)
                t = para.text
                if not t.strip():
                    continue
                counters["p"] += 1
                add(t, kind, f"{label}第{counters['p']}段" if kind == "paragraph" else label)
            elif child.tag == qn("w:tbl"):
                counters["t"] += 1
                table = Table(child, container)
                tn = counters["t"]
                for ri, row in enumerate(table.rows, 1):
                    seen = set()
                    for ci, cell in enumerate(row.cells, 1):
                        if id(cell._tc) in seen:      # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        t = "\n".join(p.text for p in cell.paragraphs).strip("\n")
                        if t.strip():
                            add(t, "table", cell_where(tn, ri, ci), (tn, ri, ci))

    walk(d, "paragraph", "正文")
    seen_hf: set[str] = set()
    for si, section in enumerate(d.sections, 1):
        for kind, label, parts_ in (("header", "页眉", (section.header, section.first_page_header, section.even_page_header)),
                                    ("footer", "页脚", (section.footer, section.first_page_footer, section.even_page_footer))):
            for hf in parts_:
                try:
                    if hf is None or hf.is_linked_to_previous and si > 1:
                        continue
                    text = "\n".join(p.text for p in hf.paragraphs).strip()
                    for tbl in hf.tables:
                        for row in tbl.rows:
                            for cell in row.cells:
                                text += "\n" + cell.text
                except (KeyError, AttributeError, ValueError):   # a header part the package lacks
                    continue
                text = text.strip()
                if text and text not in seen_hf:
                    seen_hf.add(text)
                    add(text, kind, label)
    return Document("".join(parts), blocks, name, "docx")


# ------------------------------------------------------------------------------------------- layout

LAYOUT_KINDS = ("paragraph", "table", "header", "footer")
MAX_LAYOUT_BLOCKS = 20000


def layout(doc: Document) -> str:
    """The blocks of a .docx as compact JSON, for a form that re-posts the extracted text (the export):
    [[start, end, kind, table, row, col, paragraph], …]."""
    import json
    if doc.kind != "docx":
        return ""
    rows = []
    for b in doc.blocks:
        para = re.fullmatch(r"正文第(\d+)段", b.where) if b.kind == "paragraph" else None
        rows.append([b.start, b.end, b.kind, b.table, b.row, b.col, int(para.group(1)) if para else None])
    return json.dumps(rows, separators=(",", ":"))


def with_layout(text: str, name: str, data: str | None) -> Document:
    """The document of a re-posted text with the blocks `layout` gave; a text document when the layout is
    missing or does not fit the text (the locations are rebuilt from numbers, never taken as text)."""
    import json
    try:
        rows = json.loads(data) if data else None
        blocks = [_layout_block(r, len(text)) for r in rows] if isinstance(rows, list) else None
    except (ValueError, TypeError):
        blocks = None
    if not blocks or len(blocks) > MAX_LAYOUT_BLOCKS:
        return from_text(text, name)
    return Document(text, blocks, name, "docx")


def _layout_block(r, size: int) -> Block:
    start, end, kind, table, row, col, para = r
    nums = (start, end, table, row, col, para)
    if kind not in LAYOUT_KINDS or not all(n is None or type(n) is int and n >= 0 for n in nums) \
            or start is None or end is None or not start <= end <= size:
        raise ValueError("bad layout block")
    if kind == "table" and None not in (table, row, col):
        return Block(kind, start, end, cell_where(table, row, col), table, row, col)
    where = {"header": "页眉", "footer": "页脚"}.get(kind) or (f"正文第{para}段" if para else "正文")
    return Block(kind, start, end, where)


def read_document(source: str | Path | bytes, name: str | None = None) -> Document:
    """A path, or raw bytes with a file name (the extension decides: .docx, else text)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"无法读取文件 {path}：{os_error_text(exc)}") from None
        name = name or path.name
    else:
        data = source
        name = name or ""
    if name.lower().endswith(".docx") or data[:2] == b"PK" and b"word/" in data[:4000]:
        return from_docx(data, name)
    if name.lower().endswith(".doc"):
        raise DocumentError("不支持旧版 .doc 文件，请另存为 .docx 或纯文本")
    return from_text(decode(data), name)


# ------------------------------------------------------------------------------------------- dates

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_YEAR = "〇零○Ｏ一二三四五六七八九"
_DATE_RE = re.compile(
    rf"(?P<y>[12][0-9０-９]{{3}}|[{_CN_YEAR}]{{4}})\s*年\s*(?P<m>[0-9０-９]{{1,2}}|[一二三四五六七八九十]{{1,2}})\s*月"
    rf"\s*(?P<d>[0-9０-９]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
    r"|(?P<iy>20\d{2})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2})")
_SEAL_RE = re.compile(r"[（(](?:印章|盖章|公章|章|签章)[)）]")
_LABEL_RE = re.compile(r"(?:落款日期|签发日期|作出日期|决定日期|文书日期|日期|时间)\s*[:：]?\s*$")


def _cn_small(s: str) -> int:
    s = s.translate(FULLWIDTH)
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGIT[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_DIGIT[a] * 10 + (_CN_DIGIT[b] if b else 0)
    return _CN_DIGIT[s]


def _to_iso(m: re.Match) -> str | None:
    try:
        if m.group("iy"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        else:
            ys = m.group("y").translate(FULLWIDTH)
            y = int(ys) if ys.isdigit() else int("".join(str(_CN_DIGIT[c]) for c in ys))
            mo, d = _cn_small(m.group("m")), _cn_small(m.group("d"))
        return dt.date(y, mo, d).isoformat()
    except (ValueError, KeyError):
        return None


def document_date(text: str) -> str | None:
    """The date of the 落款 / 日期 line, None when the document has none."""
    lines = text.split("\n")
    best = None
    for line in lines:
        stripped = line.strip()
        if stripped[:1] in "（(" and stripped[-1:] in "）)":
            stripped = stripped[1:-1]
        if not stripped:
            continue
        for m in _DATE_RE.finditer(stripped):
            before = stripped[:m.start()].strip()
            after = _SEAL_RE.sub("", stripped[m.end():]).strip(" 。.")
            only = not before and not after
            labelled = bool(before) and bool(_LABEL_RE.search(before)) and not after
            if only or labelled:
                iso = _to_iso(m)
                if iso:
                    best = iso
    return best


# The act's date: substantive provisions (违反条款, 处罚依据, fine ranges) are those in force when the act was
# done (行政处罚法 第三十七条), so a decision of 2022 about an act of August 2021 is judged by the 2014 安全生产法.
_ACT_LABEL_RE = re.compile(r"(?:违法行为(?:发生)?(?:时间|日期)|违法(?:时间|日期)|案发(?:时间|日期)|发生(?:时间|日期))"
                           r"\s*[:：]?\s*$")
# dates that are not the act's: a statute's version (2021年6月10日修正), a deadline (于…前), a step of the case
_NOT_ACT_AFTER_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十]+次)?(?:修正|修订|通过|公布|发布|施行|起施行|起|前|之前|以前|内|止"
                               r"|作出|送达|签收|收到|立案|告知|听证|申请|缴纳)")
_NOT_ACT_BEFORE_RE = re.compile(r"(?:限|限期|须于|应于|应当于|请于|自|截至|截止|送达|签收|立案|告知|听证|提出|作出)\s*(?:于)?\s*$")
_ACT_WORDS = ("经查", "发现", "存在", "检查", "未", "违反", "作业", "期间", "事故", "进行", "从事", "擅自", "违法")


@dataclass
class ActDate:
    date: str            # ISO date of the act (its start when the text gives a span)
    end: str | None      # the end of a continuing act (…至…), else None
    source: str          # label (违法行为发生时间：…) / facts (the earliest date of the facts)
    start: int           # where it stands in the text
    stop: int

    @property
    def applies(self) -> str:
        """The date whose law applies: a continuing act is judged by the law at its end."""
        return self.end or self.date


def act_date(text: str, document: str | None = None) -> ActDate | None:
    """When the act was done, read from the text: a labelled 违法行为发生时间 / 案发时间, else the earliest date
    in a sentence of the facts (经查…于2021年8月20日…) that is neither a statute's version date, nor a deadline,
    nor a step of the proceedings, and is not after the document's own date. None when the text gives none:
    then every provision is judged by the document's date, as before."""
    labelled: list[ActDate] = []
    facts: list[ActDate] = []
    for m in _ACT_DATE_RE.finditer(text):
        iso = _month_iso(m) if m.group("my") else _to_iso(m)
        if iso is None or (document and iso > document):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        after = text[m.end():m.end() + 12]
        if document and iso == document and not before.strip():
            continue                            # the 落款 line itself
        if _ACT_LABEL_RE.search(before):
            labelled.append(_act(text, m, iso, "label"))
            continue
        if _NOT_ACT_AFTER_RE.match(after) or _NOT_ACT_BEFORE_RE.search(before[-8:]) or _in_brackets(before):
            continue
        sentence = _sentence_around(text, m.start(), m.end())
        if any(w in sentence for w in _ACT_WORDS):
            facts.append(_act(text, m, iso, "facts"))
    pool = labelled or facts
    return min(pool, key=lambda a: (a.date, a.start)) if pool else None


def _act(text: str, m: re.Match, iso: str, source: str) -> ActDate:
    """The act (with its end when the date opens a span: 2021年3月至2021年9月 / 2021年3月1日至9月30日)."""
    end = None
    tail = re.match(r"\s*(?:至|到|—|－|-|~|～)\s*", text[m.end():m.end() + 4])
    if tail:
        n = _ACT_DATE_RE.match(text, m.end() + tail.end())
        if n is not None:
            end = _month_iso(n, last=True) if n.group("my") else _to_iso(n)
        else:                                   # 2021年3月1日至8月30日: the end's year is the start's
            md = re.match(r"([0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日",
                          text[m.end() + tail.end():m.end() + tail.end() + 8])
            if md:
                try:
                    end = dt.date(int(iso[:4]), _cn_small(md.group(1)), _cn_small(md.group(2))).isoformat()
                except (KeyError, ValueError):
                    end = None
    return ActDate(iso, end, source, m.start(), m.end())


# a month alone (2021年3月至2021年9月) dates an act too, though never a 落款
_ACT_DATE_RE = re.compile(_DATE_RE.pattern + r"|(?P<my>[12][0-9]{3})\s*年\s*(?P<mm>[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*月"
                          r"(?!\s*(?:[0-9０-９]|[一二三四五六七八九十]{1,3}\s*日))")


def _month_iso(m: re.Match, last: bool = False) -> str | None:
    """The first (or, for the end of a span, the last) day of a month named without its day."""
    try:
        y, mo = int(m.group("my")), _cn_small(m.group("mm"))
        day = calendar.monthrange(y, mo)[1] if last else 1
        return f"{y:04d}-{mo:02d}-{day:02d}"
    except (ValueError, KeyError):
        return None


def _in_brackets(before: str) -> bool:
    """Inside an open （…） as in 《安全生产法》（2021年6月10日修正）: a version, not an act."""
    return before.rfind("（") > before.rfind("）") or before.rfind("(") > before.rfind(")")


def _sentence_around(text: str, start: int, end: int) -> str:
    a = max(text.rfind(c, 0, start) for c in "。；\n")
    ends = [i for i in (text.find(c, end) for c in "。；\n") if i >= 0]
    return text[a + 1:min(ends) if ends else len(text)]
