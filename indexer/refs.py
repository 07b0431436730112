"""Canonical statute references.

A reference names law + version + article (+ suffix) + paragraph (款) + item (项) + sub-item (目).

String form (stable; URLs, JSON, authored data and the store all use it)::

    LAWKEY[@YYYY-MM-DD]/ARTICLE[/PARAGRAPH[/ITEM[/SUBITEM]]]
    安全生产法@2021-09-01/99/1/2        刑法@2021-03-01/134之一        行政处罚法/51

LAWKEY is the law's title without a leading 中华人民共和国. The date is the effective (施行) date of the
version; without it the reference is *undated* and means "the version in force on the date in question".
Human form: 《中华人民共和国安全生产法》第九十九条第一款第（二）项.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .numerals import article_label, int_to_cn, item_label, suffix_to_int

NATIONAL_PREFIX = "中华人民共和国"

_REF_RE = re.compile(
    r"^(?P<law>[^@/]+?)(?:@(?P<version>\d{4}-\d{2}-\d{2}))?"
    r"(?:/(?P<article>\d+)(?P<suffix>之[一二三四五六七八九十]+)?"
    r"(?:/(?P<paragraph>\d+)(?:/(?P<item>\d+)(?:/(?P<subitem>\d+))?)?)?)?$"
)


def law_key(title: str) -> str:
    """'中华人民共和国安全生产法' -> '安全生产法'. Titles are compared by this key."""
    title = re.sub(r"\s+", "", title)
    if title.startswith(NATIONAL_PREFIX) and len(title) > len(NATIONAL_PREFIX):
        return title[len(NATIONAL_PREFIX):]
    return title


class RefError(ValueError):
    """A reference string that does not parse."""


@dataclass(frozen=True, order=True)
class Ref:
    law: str                       # law key
    version: str | None = None     # effective date YYYY-MM-DD, None = undated
    article: int | None = None     # None = the law as a whole
    suffix: str | None = None      # 之一 …
    paragraph: int | None = None   # 款, 1-based
    item: int | None = None        # 项, 1-based
    subitem: int | None = None     # 目, 1-based

    # -- string form -------------------------------------------------------
    def __str__(self) -> str:
        s = self.law
        if self.version:
            s += "@" + self.version
        if self.article is not None:
            s += f"/{self.article}{self.suffix or ''}"
            for part in (self.paragraph, self.item, self.subitem):
                if part is None:
                    break
                s += f"/{part}"
        return s

    @classmethod
    def parse(cls, text: str) -> Ref:
        m = _REF_RE.match(text.strip())
        if not m:
            raise RefError(f"不是有效的条文引用：{text!r}（格式：法规名[@施行日期]/条[/款[/项[/目]]]）")
        g = m.groupdict()
        return cls(
            law=law_key(g["law"]),
            version=g["version"],
            article=int(g["article"]) if g["article"] else None,
            suffix=g["suffix"],
            paragraph=int(g["paragraph"]) if g["paragraph"] else None,
            item=int(g["item"]) if g["item"] else None,
            subitem=int(g["subitem"]) if g["subitem"] else None,
        )

    # -- derived forms -----------------------------------------------------
    @property
    def article_key(self) -> tuple[int, int] | None:
        """Sort key of the article: (number, suffix index)."""
        if self.article is None:
            return None
        return (self.article, suffix_to_int(self.suffix))

    def at(self, version: str | None) -> Ref:
        return replace(self, version=version)

    def undated(self) -> Ref:
        return replace(self, version=None)

    def article_ref(self) -> Ref:
        """The same reference cut back to the whole article."""
        return replace(self, paragraph=None, item=None, subitem=None)

    def human(self, title: str | None = None, *, single_paragraph: bool = False) -> str:
        """《中华人民共和国安全生产法》第九十九条第一款第（二）项.

        `title` is the full title (with 中华人民共和国 where the statute has it); the law key is used
        otherwise. With `single_paragraph=True` (the article has one paragraph) 第一款 is left out, as
        statutes and decisions write 第九十九条第（二）项."""
        s = f"《{title or self.law}》"
        if self.article is None:
            return s
        s += article_label(self.article, self.suffix)
        if self.paragraph is not None and not (single_paragraph and self.paragraph == 1):
            s += f"第{int_to_cn(self.paragraph)}款"
        if self.item is not None:
            s += f"第{item_label(self.item)}项"
        if self.subitem is not None:
            s += f"第{int_to_cn(self.subitem)}目"
        return s

    def to_dict(self) -> dict:
        return {
            "law": self.law, "version": self.version, "article": self.article, "suffix": self.suffix,
            "paragraph": self.paragraph, "item": self.item, "subitem": self.subitem, "ref": str(self),
        }
