"""The 引用审核 page's work around the citation checker (no Flask): the pasted text made checkable, and what the
page and the JSON API show of a checked document besides the checker's own output.

- `clean_text`: one newline convention, a bounded length, no control characters but newline and tab;
- `present`: per citation its location, the article text of each provision cited (version in force on the
  document's date, the cited 款/项 marked) and of the first suggestions, the quote diff and the citation's role;
  the counts by status for the summary (a citation that is ok but has a problem counts as a warning; every
  no_such_* as no_such_article);
- `check_json`: the checker's JSON with each citation's location and the document's name, kind and blocks.

A text the page cannot take raises ReviewError (Chinese message, code, HTTP status)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from indexer.numerals import int_to_cn
from indexer.refs import Ref, RefError

from .errors import ServiceError

MAX_TEXT = 300_000            # characters of one document (a 30-page decision is about 25,000)
MAX_NAME = 120
MAX_ARTICLES = 4              # provisions of one citation shown with their text
MAX_SUGGESTED = 3             # suggestions of one citation shown with their text
ROLES = {"violation": "违反条款", "basis": "处罚/执法依据"}

Focus = list[tuple["int | None", "int | None"]]        # (paragraph, item) cited; None = not named
Link = Callable[[Ref], "str | None"]


class ReviewError(ServiceError):
    """A document the page cannot take (too long)."""


def too_long(length: int) -> None:
    if length > MAX_TEXT:
        raise ReviewError(f"文书过长（上限 {MAX_TEXT} 字）。", "too_long", 413)


def clean_text(text: str) -> str:
    """The text as the checker reads it: \\n line ends, control characters but \\n and \\t removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    too_long(len(text))
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        text = "".join(ch for ch in text if ord(ch) >= 32 or ch in "\n\t")
    return text


# ------------------------------------------------------------------------------------------------ the page
def _no_link(_ref: Ref) -> str | None:
    return None


def present(result: Any, document: Any, lib: Any, link: Link = _no_link) -> dict[str, Any]:
    """What the page shows besides the annotated text (`html`: the text with each citation marked, as HTML).
    `link` gives the article page of a dated reference, or None."""
    from indexer.citations.annotate import to_html
    from indexer.citations.report import review_items

    items = review_items(result, document)
    details = []
    for it, r in zip(items, result.citations):
        details.append({"item": it, "articles": _articles(lib, r, result.date, link), "diff": r.diff or [],
                        "role": ROLES.get(r.ex.role or "", "")})
    counts: dict[str, int] = {}
    for it in items:
        kind = "warn" if it["status"] == "ok" and it["problem"] else it["status"]
        kind = "no_such_article" if kind.startswith("no_such") else kind
        counts[kind] = counts.get(kind, 0) + 1
    return {"rows": items, "details": details, "html": to_html(result.text, result.citations),
            "counts": counts, "problems": sum(1 for it in items if it["problem"])}


def _articles(lib: Any, r: Any, date: str, link: Link) -> list[dict[str, Any]]:
    """The articles one citation's panel shows: each article cited once (with every 款/项 cited in it marked),
    then the articles of the first suggestions."""
    def key_of(p: Any) -> tuple[Any, ...]:
        return (p.written.law, p.written.version, p.written.article, p.written.suffix)

    articles = []
    seen = set()
    for p in r.provisions[:MAX_ARTICLES]:
        if p.article is None or p.written.version is None:
            continue
        key = key_of(p)
        if key in seen:
            continue
        seen.add(key)
        focus = [(q.written.paragraph, q.written.item) for q in r.provisions if key_of(q) == key]
        articles.append(article_block(r.law.title, p.written.article_ref(), p.article, focus, "所引条文", link))
    for s in r.suggestions[:MAX_SUGGESTED]:
        try:
            ref = Ref.parse(s)
        except RefError:
            continue
        block = suggested_article(lib, ref, date, link)
        if block:
            articles.append(block)
    return articles


def article_block(title: str, ref: Ref, article: Any, focus: Focus, label: str,
                  link: Link = _no_link) -> dict[str, Any]:
    """An article's text by 款 and 项, the cited ones marked: a 项 cited in its 款 or with no 款 named; a 款
    cited without a 项 (in a one-款 article, any citation naming a 款 but no 项)."""
    paras = []
    single = len(article.paragraphs) == 1
    for pi, p in enumerate(article.paragraphs, 1):
        items = [{"text": it.text, "subitems": it.subitems,
                  "focus": any(fp in (pi, None) and fi == it.number for fp, fi in focus)}
                 for it in p.items]
        para_focus = (any(fp == pi and fi is None for fp, fi in focus)
                      or (single and any(fi is None and fp is not None for fp, fi in focus)))
        paras.append({"n": pi, "label": "" if single else f"第{int_to_cn(pi)}款", "text": p.text,
                      "entries": items, "focus": para_focus})
    return {"label": label, "citation": ref.human(title), "version": ref.version, "paragraphs": paras,
            "link": link(ref), "headings": " ".join(article.headings)}


def suggested_article(lib: Any, ref: Ref, date: str, link: Link = _no_link) -> dict[str, Any] | None:
    """A suggested reference's article in the version in force on the date (else the latest), or None."""
    law = lib.store.laws.get(ref.law)
    if law is None or ref.article is None:
        return None
    v = lib.store.version_on(law.key, date) or lib.store.latest_version(law.key)
    if v is None:
        return None
    art = lib.store.article(v, ref.article, ref.suffix)
    if art is None:
        return None
    dated = Ref(law.key, v.effective_from, ref.article, ref.suffix)
    return article_block(law.title, dated, art, [(ref.paragraph, ref.item)], "建议核对的条文", link)


# ------------------------------------------------------------------------------------------------ the API
def check_json(result: Any, document: Any, name: str | None) -> dict[str, Any]:
    """The checker's JSON with each citation's location and the document (a .docx keeps its text and blocks)."""
    from indexer.citations.report import locate

    data: dict[str, Any] = result.to_dict()
    for c in data["citations"]:
        c["location"] = locate(result.text, document, c["start"])
    data["document"] = {"name": (name or "")[:MAX_NAME], "kind": document.kind, "chars": len(document.text),
                        "blocks": [b.to_dict() for b in document.blocks] if document.kind == "docx" else []}
    if document.kind == "docx":
        data["document"]["text"] = document.text
    return data
