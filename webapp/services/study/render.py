"""Rendering study units (and explanations) to HTML with `markdown`, every citation linked to its article
version: 《安全生产法》第九十七条第（七）项 → <a class="cite" href="/articles/安全生产法@2021-09-01/97/1/7" …>.

The links are put into the Markdown source as inline links with attributes (`attr_list`), so Markdown does
the escaping. Raw HTML in the source is escaped, not passed through (units are authored data, but a page
should never depend on that)."""

from __future__ import annotations

import html
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import slugify_unicode

from .citations import CitationFinder, Resolved, resolve

EXTENSIONS = ["extra", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}}


@dataclass
class Rendered:
    html: str
    toc: str                      # HTML list of the headings
    citations: list[Resolved]

    @property
    def errors(self) -> list[Resolved]:
        return [r for r in self.citations if not r.ok]


def link_citations(text: str, library, as_of: str | None, unit_laws=()) -> tuple[str, list[Resolved]]:
    """Markdown source with each resolvable citation turned into a link; all citations with their resolution."""
    found = CitationFinder(library, unit_laws).find(text)
    resolved = [resolve(c, library, as_of) for c in found]
    out: list[str] = []
    pos = 0
    for r in resolved:
        c = r.citation
        if c.start < pos:          # overlapping (cannot happen with the finder, but never garble text)
            continue
        out.append(text[pos:c.start])
        label = _md_escape(c.text)
        if r.ok and r.ref is not None:
            title = f"{r.human}（{r.ref.version} 施行版本）"
            out.append(f'[{label}]({r.href} "{_attr(title)}"){{: .cite data-ref="{_attr(str(r.ref))}" }}')
        else:
            out.append(label)      # unresolved citations stay plain text (the unit test lists them)
        pos = c.end
    out.append(text[pos:])
    return "".join(out), resolved


def _md_escape(text: str) -> str:
    for ch in "\\[]*_`":
        text = text.replace(ch, "\\" + ch)
    return text


def _attr(text: str) -> str:
    return text.replace('"', "“").replace("}", "）").replace("{", "（").replace("\n", " ")


def render_markdown(text: str, library=None, as_of: str | None = None, unit_laws=()) -> Rendered:
    """Markdown → HTML; with a library, citations become links to the version in force on `as_of`."""
    resolved: list[Resolved] = []
    if library is not None:
        text, resolved = link_citations(text, library, as_of, unit_laws)
    md = markdown.Markdown(extensions=EXTENSIONS + ["attr_list"], extension_configs=EXTENSION_CONFIGS)
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    body = md.convert(text)
    return Rendered(body, getattr(md, "toc", ""), resolved)


def render_unit(unit, library, as_of: str) -> Rendered:
    return render_markdown(unit.body, library, as_of, unit.laws)


def render_plain(text: str, library=None, as_of: str | None = None, unit_laws=()) -> str:
    """One short text (an explanation or a stem) as inline HTML, citations linked, no block markup."""
    if library is None:
        return html.escape(text)
    found = CitationFinder(library, unit_laws).find(text)
    out, pos = [], 0
    for c in found:
        r = resolve(c, library, as_of)
        out.append(html.escape(text[pos:c.start]))
        if r.ok:
            out.append(f'<a class="cite" href="{html.escape(r.href)}" data-ref="{html.escape(str(r.ref))}" '
                       f'title="{html.escape(r.human or "")}">{html.escape(c.text)}</a>')
        else:
            out.append(html.escape(c.text))
        pos = c.end
    out.append(html.escape(text[pos:]))
    return "".join(out)
