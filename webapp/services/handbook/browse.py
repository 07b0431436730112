"""The catalogue page of the penalty handbook: 185 entries grouped by topic (类别), cut into pages of a bounded
number of rows, with an index of every topic (how many entries, on which page it starts).

Entries keep the catalogue's order within a topic; topics come in the order of their first entry. A topic cut by
a page boundary is headed again on the next page (`continued`). Anchors (`t-3`) are per topic, the same on every
page, so the index can link straight to a topic's heading."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

PER_PAGE = 30


@dataclass(frozen=True)
class TopicLink:
    topic: str
    anchor: str
    count: int
    page: int                 # the page its first entry is on (of the unfiltered listing)


@dataclass
class Group:
    topic: str
    anchor: str
    count: int                # entries of the topic in the whole listing
    items: list = field(default_factory=list)
    continued: bool = False   # the topic began on an earlier page


@dataclass(frozen=True)
class CataloguePage:
    number: int
    pages: int
    per_page: int
    total: int                # entries in the (filtered) listing
    first: int                # 1-based row numbers shown, 0 when empty
    last: int
    groups: list[Group]
    index: list[TopicLink]


def _ordered(entries: Sequence[Any], topic_of: Callable[[Any], str]) -> tuple[list[Any], list[str]]:
    topics = list(dict.fromkeys(topic_of(e) for e in entries))
    rank = {t: i for i, t in enumerate(topics)}
    return sorted(entries, key=lambda e: rank[topic_of(e)]), topics      # sorted() is stable


def matches(words: str, *texts: str) -> bool:
    """Every word of `words` (split on spaces) occurs in one of the texts (case-insensitive)."""
    hay = " ".join(texts).lower()
    return all(w in hay for w in words.lower().split())


def page_number(raw: str | None, pages: int) -> int:
    """The requested page (1-based) clamped to 1…pages; anything not a number is page 1."""
    try:
        n = int(raw or 1)
    except ValueError:
        n = 1
    return min(max(n, 1), max(pages, 1))


def paginate(entries: Sequence[Any], page: str | int | None = 1, *, per_page: int = PER_PAGE,
             topic_of: Callable[[Any], str] = lambda e: e.topic,
             all_entries: Sequence[Any] | None = None,
             present: Callable[[Any], Any] = lambda e: e) -> CataloguePage:
    """One page of `entries` grouped by topic. `all_entries` (default: entries) gives the topic index and the
    anchors, so that they stay the same while a filter is on; `present` turns an entry shown into its row."""
    rows, _ = _ordered(entries, topic_of)
    everything, all_topics = _ordered(all_entries if all_entries is not None else entries, topic_of)
    anchor = {t: f"t-{i}" for i, t in enumerate(all_topics, 1)}
    counts: dict[str, int] = {}
    starts: dict[str, int] = {}
    for i, e in enumerate(everything):
        t = topic_of(e)
        counts[t] = counts.get(t, 0) + 1
        starts.setdefault(t, i // per_page + 1)
    index = [TopicLink(t, anchor[t], counts[t], starts[t]) for t in all_topics]

    pages = max(1, -(-len(rows) // per_page))
    number = page_number(str(page), pages)
    lo, hi = (number - 1) * per_page, min(number * per_page, len(rows))
    shown_counts: dict[str, int] = {}
    for e in rows:
        shown_counts[topic_of(e)] = shown_counts.get(topic_of(e), 0) + 1
    groups: list[Group] = []
    for i in range(lo, hi):
        e = rows[i]
        t = topic_of(e)
        if not groups or groups[-1].topic != t:
            continued = i > 0 and topic_of(rows[i - 1]) == t
            groups.append(Group(t, anchor.get(t, f"t-x{len(groups)}"), shown_counts[t], continued=continued))
        groups[-1].items.append(present(e))
    return CataloguePage(number, pages, per_page, len(rows), lo + 1 if hi > lo else 0, hi, groups, index)
