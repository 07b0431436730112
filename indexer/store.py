"""The structured statute store (SQLite, read-only once built).

Laws, versions, headings and articles with their paragraphs and items. Everything the services need to
quote, cite or check an article is read from here; nobody re-parses a statute file."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path

from .library import LibraryModel
from .model import Article, Item, Paragraph
from .numerals import suffix_to_int
from .refs import Ref, law_key

SCHEMA = """
create table meta (key text primary key, value text);
create table laws (
    key text primary key, title text not null, level text, region text, core integer,
    repealed_on text, repealed_by text, expired integer, aliases text
);
create table versions (
    id integer primary key, law text not null, version_date text, effective_from text not null,
    effective_to text, title text, subtitle text, files text, copies text, history text, core integer,
    article_count integer
);
create index versions_law on versions(law, effective_from);
create table headings (version_id integer, seq integer, level text, label text, title text, first_article integer);
create table articles (
    version_id integer not null, seq integer not null, number integer not null, suffix text,
    suffix_n integer not null, headings text, paragraphs text not null, line integer, file text,
    primary key (version_id, number, suffix_n)
) without rowid;
create unique index articles_seq on articles(version_id, seq);
create table issues (path text, line integer, kind text, severity text, message text);
"""


def write_store(model: LibraryModel, path: Path) -> None:
    """Write a fresh store file (callers build into a new folder and swap it in)."""
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    with con:
        for law in model.laws.values():
            aliases = sorted({law.key, law.title})
            con.execute("insert into laws values (?,?,?,?,?,?,?,?,?)",
                        (law.key, law.title, law.level, law.region, int(law.core), law.repealed_on,
                         law.repealed_by, int(law.expired_flag), json.dumps(aliases, ensure_ascii=False)))
            for v in law.versions:
                cur = con.execute(
                    "insert into versions (law, version_date, effective_from, effective_to, title, subtitle, files,"
                    " copies, history, core, article_count) values (?,?,?,?,?,?,?,?,?,?,?)",
                    (law.key, v.version_date, v.effective_from, v.effective_to, v.title, v.subtitle,
                     json.dumps(v.files, ensure_ascii=False), json.dumps(v.copies, ensure_ascii=False),
                     json.dumps([asdict(h) if is_dataclass(h) and not isinstance(h, type) else h for h in v.history],
                                ensure_ascii=False),
                     int(v.core), len(v.articles)))
                vid = cur.lastrowid
                con.executemany("insert into headings values (?,?,?,?,?,?)",
                                [(vid, i, h.level, h.label, h.title, h.first_article) for i, h in enumerate(v.headings)])
                rows = []
                seen = set()
                for seq, a in enumerate(v.articles):
                    k = (a.number, suffix_to_int(a.suffix))
                    if k in seen:   # a numbering error in the source: keep the first, the check reports it
                        continue
                    seen.add(k)
                    rows.append((vid, seq, a.number, a.suffix, k[1], json.dumps(a.headings, ensure_ascii=False),
                                 json.dumps([[p.text, [[i.number, i.text, i.subitems] for i in p.items]]
                                             for p in a.paragraphs], ensure_ascii=False),
                                 a.line, _file_of(v, a)))
                con.executemany("insert into articles values (?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("insert into issues values (?,?,?,?,?)",
                        [(i.path, i.line, i.kind, i.severity, i.message) for i in model.issues])
    con.execute("analyze")
    con.commit()
    con.close()


def _file_of(v, a) -> str:
    return v.files[0] if len(v.files) == 1 else ""


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class LawRow:
    key: str
    title: str
    level: str
    region: str | None
    core: bool
    repealed_on: str | None
    repealed_by: str | None
    expired: bool


@dataclass(frozen=True)
class VersionRow:
    id: int
    law: str
    version_date: str
    effective_from: str
    effective_to: str | None
    title: str
    subtitle: str | None
    files: tuple[str, ...]
    core: bool
    article_count: int

    def in_force_on(self, date: str) -> bool:
        return self.effective_from <= date and (self.effective_to is None or date < self.effective_to)


@dataclass(frozen=True)
class StoredArticle:
    law: LawRow
    version: VersionRow
    article: Article
    seq: int

    @property
    def ref(self) -> Ref:
        return Ref(self.law.key, self.version.effective_from, self.article.number, self.article.suffix)


class Store:
    """Read access to a built store. One connection per thread (SQLite objects are thread-bound)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(self.path)
        self._local = threading.local()
        self._laws: dict[str, LawRow] | None = None
        self._versions: dict[str, list[VersionRow]] | None = None

    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    # ---- laws and versions (small: cached in memory)
    def _load(self) -> None:
        laws = {}
        for row in self.con.execute("select key, title, level, region, core, repealed_on, repealed_by, expired from laws"):
            laws[row[0]] = LawRow(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], bool(row[7]))
        versions: dict[str, list[VersionRow]] = {}
        for row in self.con.execute(
                "select id, law, version_date, effective_from, effective_to, title, subtitle, files, core, article_count"
                " from versions order by law, effective_from"):
            versions.setdefault(row[1], []).append(VersionRow(
                row[0], row[1], row[2], row[3], row[4], row[5], row[6], tuple(json.loads(row[7])), bool(row[8]), row[9]))
        self._laws, self._versions = laws, versions

    @property
    def laws(self) -> dict[str, LawRow]:
        if self._laws is None:
            self._load()
        return self._laws  # type: ignore[return-value]

    def law(self, name: str) -> LawRow | None:
        return self.laws.get(law_key(name))

    def versions(self, law: str) -> list[VersionRow]:
        if self._versions is None:
            self._load()
        return self._versions.get(law_key(law), [])  # type: ignore[union-attr]

    def version_by_id(self, vid: int) -> VersionRow | None:
        for vs in self._all_versions():
            for v in vs:
                if v.id == vid:
                    return v
        return None

    def _all_versions(self):
        if self._versions is None:
            self._load()
        assert self._versions is not None
        return self._versions.values()

    def version_on(self, law: str, date: str) -> VersionRow | None:
        """The version of `law` in force on `date`, None when not yet in force or repealed."""
        for v in self.versions(law):
            if v.in_force_on(date):
                return v
        return None

    def version_at(self, law: str, version: str) -> VersionRow | None:
        """The version whose effective date is `version` (a ref's @date)."""
        for v in self.versions(law):
            if v.effective_from == version:
                return v
        return None

    def latest_version(self, law: str) -> VersionRow | None:
        vs = self.versions(law)
        return vs[-1] if vs else None

    def status(self, law: LawRow, version: VersionRow, date: str) -> str:
        """in_force / superseded (已修改) / repealed (已废止) / not_yet (尚未施行) for `version` on `date`."""
        if version.effective_from > date:
            return "not_yet"
        if version.effective_to is None or date < version.effective_to:
            return "repealed" if law.expired and not law.repealed_on and version is self.versions(law.key)[-1] else "in_force"
        if law.repealed_on and version.effective_to == law.repealed_on:
            return "repealed"
        return "superseded"

    # ---- articles
    def article(self, version: VersionRow, number: int, suffix: str | None = None) -> Article | None:
        row = self.con.execute(
            "select number, suffix, headings, paragraphs, line, seq from articles where version_id=? and number=? and suffix_n=?",
            (version.id, number, suffix_to_int(suffix))).fetchone()
        return _article(row) if row else None

    def article_seq(self, version: VersionRow, number: int, suffix: str | None = None) -> int | None:
        row = self.con.execute("select seq from articles where version_id=? and number=? and suffix_n=?",
                               (version.id, number, suffix_to_int(suffix))).fetchone()
        return row[0] if row else None

    def article_at_seq(self, version: VersionRow, seq: int) -> Article | None:
        row = self.con.execute(
            "select number, suffix, headings, paragraphs, line, seq from articles where version_id=? and seq=?",
            (version.id, seq)).fetchone()
        return _article(row) if row else None

    def articles(self, version: VersionRow) -> list[Article]:
        rows = self.con.execute(
            "select number, suffix, headings, paragraphs, line, seq from articles where version_id=? order by seq",
            (version.id,)).fetchall()
        return [_article(r) for r in rows]

    def headings(self, version: VersionRow) -> list[dict]:
        rows = self.con.execute("select level, label, title, first_article from headings where version_id=? order by seq",
                                (version.id,)).fetchall()
        return [{"level": r[0], "label": r[1], "title": r[2], "first_article": r[3]} for r in rows]

    def history(self, version: VersionRow) -> list[dict]:
        row = self.con.execute("select history from versions where id=?", (version.id,)).fetchone()
        return json.loads(row[0]) if row else []

    def issues(self) -> list[dict]:
        rows = self.con.execute("select path, line, kind, severity, message from issues order by path, line").fetchall()
        return [{"path": r[0], "line": r[1], "kind": r[2], "severity": r[3], "message": r[4]} for r in rows]

    def meta(self, key: str) -> str | None:
        row = self.con.execute("select value from meta where key=?", (key,)).fetchone()
        return row[0] if row else None

    # ---- references
    def resolve_version(self, ref: Ref, date: str | None = None) -> VersionRow | None:
        """The version a reference points at: its @date, else the version in force on `date`, else the latest."""
        if ref.version:
            return self.version_at(ref.law, ref.version)
        if date:
            return self.version_on(ref.law, date)
        return self.latest_version(ref.law)

    def get(self, ref: Ref, date: str | None = None) -> StoredArticle | None:
        law = self.law(ref.law)
        if law is None or ref.article is None:
            return None
        version = self.resolve_version(ref, date)
        if version is None:
            return None
        row = self.con.execute(
            "select number, suffix, headings, paragraphs, line, seq from articles where version_id=? and number=? and suffix_n=?",
            (version.id, ref.article, suffix_to_int(ref.suffix))).fetchone()
        if row is None:
            return None
        return StoredArticle(law, version, _article(row), row[5])

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


def _article(row) -> Article:
    number, suffix, headings, paragraphs, line, _seq = row
    paras = [Paragraph(text=p[0], items=[Item(number=i[0], text=i[1], subitems=i[2]) for i in p[1]])
             for p in json.loads(paragraphs)]
    return Article(number=number, suffix=suffix, paragraphs=paras, headings=json.loads(headings), line=line)


def write_meta(path: Path, values: dict[str, str]) -> None:
    con = sqlite3.connect(path)
    with con:
        con.executemany("insert or replace into meta values (?,?)", list(values.items()))
    con.close()
