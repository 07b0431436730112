"""Stage 5: annotate — the document text cut into plain and cited segments (for the reviewer page, the report
and anything that wants to show the text with each citation marked by its status).

Segments cover the text exactly once, in order; a quotation attached to a citation is its own segment kind so
that a page can mark it too. `to_html` escapes everything and only adds <mark> elements with data attributes
(no inline script or style)."""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass
class Segment:
    text: str
    start: int
    end: int
    citation: int | None = None     # index into CheckResult.citations
    kind: str = "text"              # text / citation / quote
    status: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "citation": self.citation,
                "kind": self.kind, "status": self.status}


def segments(text: str, citations) -> list[Segment]:
    """citations: `Resolved` objects (or anything with .ex.start/.ex.end/.ex.quote/.status), in order."""
    marks: list[tuple[int, int, int, str, str]] = []
    for i, r in enumerate(citations):
        status = r.status
        if status == "ok" and (getattr(r, "warnings", None) or getattr(r, "suggestions", None)):
            status = "warn"          # correct as written, but something to look at (old numbering, pairing)
        marks.append((r.ex.start, r.ex.end, i, "citation", status))
        if r.ex.quote:
            q0, q1 = r.ex.quote
            marks.append((q0, q1, i, "quote", status))
    marks.sort(key=lambda m: (m[0], -m[1]))
    out: list[Segment] = []
    pos = 0
    for s, e, i, kind, status in marks:
        if s < pos:          # nested (a citation inside a quotation): the outer mark wins, keep it simple
            if e <= pos:
                continue
            s = pos
        if s > pos:
            out.append(Segment(text[pos:s], pos, s))
        out.append(Segment(text[s:e], s, e, i, kind, status))
        pos = e
    if pos < len(text):
        out.append(Segment(text[pos:], pos, len(text)))
    return out


def to_html(text: str, citations) -> str:
    """The text as HTML: each citation a <mark class="cite st-STATUS" data-i="N">, quotes <mark class="quote">."""
    parts = []
    for seg in segments(text, citations):
        t = html.escape(seg.text)
        if seg.citation is None:
            parts.append(t)
        elif seg.kind == "citation":
            parts.append(f'<mark class="cite st-{html.escape(seg.status or "ok")}" data-i="{seg.citation}" '
                         f'tabindex="0">{t}</mark>')
        else:
            parts.append(f'<mark class="quote st-{html.escape(seg.status or "ok")}" data-i="{seg.citation}">{t}</mark>')
    return "".join(parts)


def line_of(text: str, pos: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, pos) + 1
