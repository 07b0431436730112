"""Domain objects of the statute library: what the parser produces and the store keeps."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .numerals import article_label, suffix_to_int


@dataclass(slots=True)
class Item:
    """A 项: （一）… . `subitems` are its 目 (1. 2. …)."""
    number: int
    text: str
    subitems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    """A 款. `text` is the paragraph's own sentence(s) without its items; `items` follow it."""
    text: str
    items: list[Item] = field(default_factory=list)

    def full_text(self) -> str:
        parts = [self.text] if self.text else []
        for it in self.items:
            parts.append(it.text)
            parts.extend(it.subitems)
        return "\n".join(parts)


@dataclass(slots=True)
class Article:
    number: int
    suffix: str | None
    paragraphs: list[Paragraph]
    headings: list[str] = field(default_factory=list)   # e.g. ["第六章 法律责任"] or ["第二编 …", "第一章 …"]
    line: int = 0                                        # 1-based line in the source file

    @property
    def label(self) -> str:
        return article_label(self.number, self.suffix)

    @property
    def key(self) -> tuple[int, int]:
        return (self.number, suffix_to_int(self.suffix))

    @property
    def slug(self) -> str:
        """Article part of a canonical reference: '99' or '134之一'."""
        return f"{self.number}{self.suffix or ''}"

    def text(self) -> str:
        return "\n".join(p.full_text() for p in self.paragraphs)


@dataclass(slots=True)
class Heading:
    level: str          # 编 / 分编 / 章 / 节
    label: str          # 第六章
    title: str          # 法律责任
    line: int = 0
    first_article: int = 0   # index in the article list of the first article under it

    @property
    def text(self) -> str:
        return f"{self.label} {self.title}".strip()


@dataclass(slots=True)
class HistoryEvent:
    date: str           # YYYY-MM-DD
    events: list[str]   # any of 通过 修正 修订 公布 施行
    text: str
    line: int = 0


@dataclass(slots=True)
class Issue:
    """A defect found while reading the library. Loading never stops on one."""
    path: str
    line: int
    kind: str          # truncated, numbering_gap, ends_mid_article, duplicate, no_articles, unplaced_line,
                       # unreadable, no_date, superseded_copy …
    message: str       # Chinese, for people
    severity: str = "warning"   # warning / error

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class ParsedStatute:
    """One statute file as read: nothing about other files is known here."""
    path: str                         # relative to the library root
    title: str
    subtitle: str | None
    history: list[HistoryEvent]
    headings: list[Heading]
    articles: list[Article]
    file_date: str | None             # date in the file name
    effective_clause: str | None      # date from 本法自…起施行 in the text
    issues: list[Issue] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)   # text before the first article (decisions, notices)

    @property
    def history_effective(self) -> str | None:
        dates = [h.date for h in self.history if "施行" in h.events]
        return dates[-1] if dates else None

    @property
    def latest_history_date(self) -> str | None:
        dates = sorted(h.date for h in self.history)
        return dates[-1] if dates else None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ParsedStatute:
        shared = _shared_headings()

        def headings(hs: list[str]) -> list[str]:
            return shared.setdefault(tuple(hs), hs)

        return cls(
            path=d["path"], title=d["title"], subtitle=d["subtitle"],
            history=[HistoryEvent(**h) for h in d["history"]],
            headings=[Heading(**h) for h in d["headings"]],
            articles=[Article(number=a["number"], suffix=a["suffix"], headings=headings(a["headings"]), line=a["line"],
                              paragraphs=[Paragraph(text=p["text"], items=[Item(**i) for i in p["items"]])
                                          for p in a["paragraphs"]])
                      for a in d["articles"]],
            file_date=d["file_date"], effective_clause=d["effective_clause"],
            issues=[Issue(**i) for i in d["issues"]], preamble=d.get("preamble", []),
        )


_SHARED_HEADINGS: dict[tuple[str, ...], list[str]] = {}


def _shared_headings() -> dict[tuple[str, ...], list[str]]:
    # the articles of a chapter carry equal heading lists: one list (read-only) for all of them, which
    # saves a tenth of a loaded library's memory
    if len(_SHARED_HEADINGS) > 20000:
        _SHARED_HEADINGS.clear()
    return _SHARED_HEADINGS


def share_headings(p: ParsedStatute) -> ParsedStatute:
    """The same for a statute parsed in this process or received from another one."""
    shared = _shared_headings()
    for a in p.articles:
        a.headings = shared.setdefault(tuple(a.headings), a.headings)
    return p
