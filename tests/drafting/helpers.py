"""Reading generated documents back (python-docx) and comparing their text with the rendered blocks."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def body_items(document):
    """Paragraphs and tables of the body in order."""
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield DocxParagraph(child, document)
        elif tag == "tbl":
            yield DocxTable(child, document)


def docx_lines(document) -> list[str]:
    out = []
    for item in body_items(document):
        if isinstance(item, DocxParagraph):
            if item.text.strip():
                out.append(item.text)
        else:
            for row in item.rows:
                out.append("\t".join(c.text for c in row.cells))
    return out


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lines, self.row, self.cell, self.buf, self.in_p = [], None, None, [], False

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.in_p, self.buf = True, []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "p":
            self.lines.append("".join(self.buf))
            self.in_p = False
        elif tag in ("td", "th"):
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr":
            self.lines.append("\t".join(self.row))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.in_p:
            self.buf.append(data)


def html_lines(html: str) -> list[str]:
    p = _HTMLText()
    p.feed(html)
    return p.lines
