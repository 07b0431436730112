"""Read-only library data the verifier needs besides the statutes: the authored renumbering tables
(corpus/renumbering/*.toml, for statutes whose old text the library lacks) and the penalty handbook's
violated-provision -> penalty-basis links."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RenumberEntry:
    old: tuple[int, int | None, int | None]   # article, paragraph, item (no suffixes in the tables)
    new: list[str]                             # undated refs: 安全生产法/99/1/5
    keywords: list[str]


@dataclass
class RenumberTable:
    law: str
    old_version: str
    old_label: str
    new_version: str
    entries: list[RenumberEntry] = field(default_factory=list)
    path: str = ""
    covers: tuple[str, ...] = ()       # years of the amendments whose texts share the old numbering
    _by_article: dict | None = None

    def lookup(self, article: int, paragraph: int | None, item: int | None) -> RenumberEntry | None:
        """The most specific entry for an old provision (item entry, else paragraph entry, else article)."""
        if self._by_article is None:
            self._by_article = {}
            for e in self.entries:
                self._by_article.setdefault(e.old[0], []).append(e)
        best, best_rank = None, -1
        for e in self._by_article.get(article, ()):
            a, p, i = e.old
            if a != article:
                continue
            if i is not None:
                if item != i or (paragraph is not None and p is not None and paragraph != p):
                    continue
                rank = 2
            elif p is not None:
                if paragraph != p:
                    continue
                rank = 1
            else:
                rank = 0
            if rank > best_rank:
                best, best_rank = e, rank
        return best


def table_covers(t: RenumberTable, hint: str | None) -> bool:
    """A renumbering table maps the old version a citation names: any for 原第… / 修正前… or no hint, and
    for a year only the table's own old version (2009年修正 is not the 2014 text)."""
    if hint is None or hint == "old":
        return True
    return hint == t.old_version[:4] or f"{hint}年" in t.old_label or hint in t.covers


def load_renumbering(corpus: Path) -> dict[str, list[RenumberTable]]:
    out: dict[str, list[RenumberTable]] = {}
    folder = Path(corpus) / "renumbering"
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        t = RenumberTable(data["law"], data["old_version"], data.get("old_label", ""), data["new_version"],
                          path=str(path), covers=tuple(str(y) for y in data.get("covers", ())))
        for m in data.get("map", []):
            nums = [int(x) for x in m["old"].split("/")]
            rest: list[int | None] = [*nums[1:3], None, None]
            new = m["new"] if isinstance(m["new"], list) else [m["new"]]
            t.entries.append(RenumberEntry((nums[0], rest[0], rest[1]), [f"{t.law}/{n}" for n in new],
                                           list(m.get("keywords", []))))
        out.setdefault(t.law, []).append(t)
    return out


# ------------------------------------------------------------------------------------------- handbook links

def load_handbook_pairs(corpus: Path) -> dict[str, set[str]]:
    """violated provision (undated ref) -> the penalty bases the penalty handbook gives for it (from
    indexer.handbook's validated catalogue: the one reader of corpus/handbook)."""
    from indexer.handbook.catalogue import catalogue

    pairs: dict[str, set[str]] = {}
    for v in catalogue(Path(corpus)).violations:
        for a in v.violated:
            pairs.setdefault(a, set()).update(v.basis)
    return pairs

