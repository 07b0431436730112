"""HTML preview and Markdown export of rendered documents: the same blocks as the .docx, so the preview and
the file always carry the same content (tests compare the three).

The HTML fragment uses classes only (no inline style or script: the web CSP forbids both); the styles live in
webapp/static/cases/preview.css. `standalone=True` wraps it in a page with the same CSS for the CLI."""

from __future__ import annotations

import html
from pathlib import Path

from .templates import Para, RenderedDoc

CSS_PATH = Path(__file__).resolve().parents[2] / "static" / "cases" / "preview.css"


def _p(b: Para) -> str:
    cls = [f"doc-{b.role}", f"align-{b.align}"]
    if b.role == "body" and b.indent:
        cls.append("indent")
    return f'<p class="{" ".join(cls)}">{html.escape(b.text)}</p>'


def _cell(text: str, tag: str) -> str:
    inner = "<br>".join(html.escape(line) for line in text.split("\n"))
    return f"<{tag}>{inner}</{tag}>"


def to_html(doc: RenderedDoc, standalone: bool = False) -> str:
    parts = [f'<article class="doc-page" data-form="{html.escape(doc.form_id)}">']
    for b in doc.blocks:
        if isinstance(b, Para):
            parts.append(_p(b))
        else:
            cls = "doc-table grid" if b.role == "grid" else "doc-table"
            rows = []
            if b.columns:
                rows.append("<thead><tr>" + "".join(_cell(c, "th") for c in b.columns) + "</tr></thead>")
            rows.append("<tbody>" + "".join("<tr>" + "".join(_cell(c, "td") for c in r) + "</tr>" for r in b.rows)
                        + "</tbody>")
            parts.append(f'<table class="{cls}">' + "".join(rows) + "</table>")
    parts.append("</article>")
    body = "\n".join(parts)
    if not standalone:
        return body
    css = CSS_PATH.read_text(encoding="utf-8") if CSS_PATH.exists() else ""
    title = html.escape(doc.full_title)
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{css}</style></head><body class=\"doc-preview\">\n{body}\n</body></html>\n")


def _md_escape(text: str) -> str:
    out = text
    for ch in ("\\", "*", "_", "`", "#", "|", "<", ">", "[", "]"):
        out = out.replace(ch, "\\" + ch)
    return out


def to_markdown(doc: RenderedDoc) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            t = _md_escape(b.text)
            if b.role == "title":
                lines += [f"# {t}", ""]
            elif b.role in ("header", "subtitle", "number"):
                lines += [f"**{t}**" if b.role == "header" else t, ""]
            elif b.role == "sign":
                lines += [f"<p align=\"right\">{html.escape(b.text)}</p>", ""]
            elif b.role == "note":
                lines += [f"> {t}", ""]
            elif b.role == "field":
                lines += [t + "  "]
            else:
                lines += [t, ""]
        else:
            cols = b.columns or [""] * (len(b.rows[0]) if b.rows else 2)
            lines.append("| " + " | ".join(_md_escape(c).replace("\n", "<br>") for c in cols) + " |")
            lines.append("|" + "---|" * len(cols))
            for r in b.rows:
                lines.append("| " + " | ".join(_md_escape(c).replace("\n", "<br>") for c in r) + " |")
            lines.append("")
    # a field run ends with a blank line
    out, prev_field = [], False
    for ln in lines:
        is_field = ln.endswith("  ") and not ln.startswith("|")
        if prev_field and not is_field and ln != "":
            out.append("")
        out.append(ln)
        prev_field = is_field
    return "\n".join(out).rstrip("\n") + "\n"


def markdown_text(md: str) -> list[str]:
    """Plain text lines of our Markdown (for the content-equality tests)."""
    import re
    res = []
    for ln in md.splitlines():
        if not ln.strip() or re.match(r"^\|(-+\|)+$", ln):
            continue
        if ln.startswith("| "):
            cells = [c.strip() for c in ln.strip().strip("|").split(" | ")]
            if not any(cells):          # the empty header row of a label/value grid
                continue
            res.append("\t".join(_md_unescape(c).replace("<br>", "\n") for c in cells))
            continue
        m = re.match(r'^<p align="right">(.*)</p>$', ln)
        if m:
            res.append(html.unescape(m.group(1)))
            continue
        ln = re.sub(r"^(# |> )", "", ln)
        ln = re.sub(r"^\*\*(.*)\*\*$", r"\1", ln)
        res.append(_md_unescape(ln.rstrip(" ")))
    return res


def _md_unescape(text: str) -> str:
    import re
    return re.sub(r"\\(.)", r"\1", text)
