"""LawLibrary: the one object through which the CLI, the web and other services read the law.

It opens the live generation (store + index) of a data folder, answers "which version of law L was in
force on D", fetches articles by reference and runs searches. A server keeps one instance and calls
`refresh()` so a rebuild is picked up without a restart."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .buildstate import current_generation
from .config import Settings
from .dates import STATUS_LABELS, check_date, today  # noqa: F401  (re-exported: the façade)
from .errors import LawError, LibraryNotBuilt  # noqa: F401
from .model import Article
from .numerals import article_label, parse_article_label
from .punctuation import to_official
from .refs import Ref
from .store import LawRow, Store, StoredArticle, VersionRow

MAX_ARTICLE = 9999      # no statute has more articles; larger numbers are typing errors (and overflow SQLite)


def _scope_of(gen: Path) -> str | None:
    try:
        return json.loads((gen / "build.json").read_text()).get("scope")
    except (OSError, ValueError):
        return None


@dataclass
class ArticleView:
    """An article of one version, with everything a page or a citation needs."""
    law: LawRow
    version: VersionRow
    article: Article
    status: str                 # of this version on the as-of date
    as_of: str

    @property
    def ref(self) -> Ref:
        return Ref(self.law.key, self.version.effective_from, self.article.number, self.article.suffix)

    def to_dict(self) -> dict:
        """The article as shown (page, JSON, CLI): punctuation in the official full-width forms."""
        paragraphs = []
        single = len(self.article.paragraphs) == 1
        for pi, p in enumerate(self.article.paragraphs, 1):
            paragraphs.append({
                "number": pi, "text": to_official(p.text),
                "ref": str(Ref(self.law.key, self.version.effective_from, self.article.number, self.article.suffix, pi)),
                "items": [{"number": it.number, "text": to_official(it.text),
                           "subitems": [to_official(t) for t in it.subitems],
                           "ref": str(Ref(self.law.key, self.version.effective_from, self.article.number,
                                          self.article.suffix, pi, it.number))} for it in p.items],
            })
        return {
            "law": self.law.title, "law_key": self.law.key, "level": self.law.level, "region": self.law.region,
            "version": self.version.effective_from, "version_date": self.version.version_date,
            "effective_from": self.version.effective_from, "effective_to": self.version.effective_to,
            "status": self.status, "status_label": STATUS_LABELS[self.status], "as_of": self.as_of,
            "article": self.article.number, "suffix": self.article.suffix, "label": self.article.label,
            "ref": str(self.ref), "citation": self.ref.human(self.law.title), "heading": " ".join(self.article.headings),
            "headings": self.article.headings, "paragraphs": paragraphs, "single_paragraph": single,
            "text": to_official(self.article.text()),
        }


class LawLibrary:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._gen: Path | None = None
        self._store: Store | None = None
        self._searcher_state = None
        self._aliases: dict[str, str] | None = None
        self._fast = None
        self._parser = None
        self._ordinals: tuple[object, dict[str, int]] | None = None
        self._tls = threading.local()
        self._scope: str | None = None
        self._note: tuple[float, str | None] | None = None
        self.refresh()

    @classmethod
    def open(cls, settings: Settings | None = None) -> LawLibrary:
        return cls(settings or Settings.resolve())

    # ---- generations
    def refresh(self) -> bool:
        """Switch to the live generation if a build replaced it. Returns True when it changed."""
        gen = current_generation(self.settings)
        if gen is None:
            if self._gen is None:
                raise LibraryNotBuilt(self.settings.data)
            return False
        if gen == self._gen:
            return False
        with self._lock:
            if gen == self._gen:
                return False
            self._store = Store(gen / "store.sqlite3")
            self._gen = gen
            self._searcher_state = None
            self._aliases = None
            self._fast = None
            self._parser = None
            self._ordinals = None
            self._scope = _scope_of(gen)
            self._note = None
        return True

    def unfinished_note(self) -> str | None:
        """None when the live index covers the whole library; else the sentence that answers which may
        change when the whole-library build finishes carry (indexer.buildstate.unfinished_note)."""
        if self._scope == "all":
            return None
        now = time.monotonic()
        if self._note is None or now - self._note[0] > 1.0:
            from .buildstate import unfinished_note
            self._note = (now, unfinished_note(self.settings))
        return self._note[1]

    @property
    def generation(self) -> Path:
        assert self._gen is not None
        return self._gen

    @property
    def store(self) -> Store:
        assert self._store is not None
        return self._store

    @property
    def index_dir(self) -> Path:
        return self.generation / "index"

    # ---- laws
    def find_law(self, name: str) -> LawRow:
        """A law by title, key or alias (《》 and spaces ignored); LawError when unknown."""
        cleaned = name.strip().strip("《》").replace(" ", "")
        law = self.store.law(cleaned)
        if law is None:
            key = self.aliases().get(cleaned)
            law = self.store.law(key) if key else None
        if law is None:
            raise LawError("unknown_law", f"法规库中没有“{name}”")
        return law

    def aliases(self) -> dict[str, str]:
        """alias -> law key: authored abbreviations (corpus/search/abbreviations.toml) + derived short titles."""
        if self._aliases is None:
            from .aliases import build_aliases
            self._aliases = build_aliases(self.store.laws, self.settings.corpus)
        return self._aliases

    def law_status(self, law: LawRow, date: str) -> str:
        v = self.store.version_on(law.key, date)
        if v is not None:
            return "in_force"
        if law.repealed_on and date >= law.repealed_on:
            return "repealed"
        vs = self.store.versions(law.key)
        if vs and date < vs[0].effective_from:
            return "not_yet"
        return "repealed"

    def version_in_force(self, law_name: str, date: str) -> VersionRow | None:
        law = self.find_law(law_name)
        return self.store.version_on(law.key, check_date(date))

    # ---- articles
    def article(self, law_name: str, article: str | int, as_of: str | None = None,
                version: str | None = None) -> ArticleView:
        """`lawdesk show 安全生产法 101` / `刑法 135之一`. The version in force on `as_of` (default today); when
        the law was not in force then, the nearest version is shown with its status."""
        date = check_date(as_of)
        law = self.find_law(law_name)
        try:
            number, suffix = parse_article_label(str(article))
        except ValueError:
            raise LawError("bad_article", f"条文序号格式错误：{article!r}（例：101、135之一、第一百零一条）") from None
        if not 1 <= number <= MAX_ARTICLE:
            raise LawError("no_such_article", f"{law.title}没有第{number}条")
        if version:
            v = self.store.version_at(law.key, version)
            if v is None:
                raise LawError("no_such_version", f"{law.title} 没有 {version} 施行的版本")
        else:
            v = self.store.version_on(law.key, date) or self._nearest_version(law, date)
        art = self.store.article(v, number, suffix)
        if art is None:
            label = article_label(number, suffix)
            raise LawError("no_such_article", f"{law.title}（{v.effective_from} 施行版本）没有{label}"
                                              f"（共 {v.article_count} 条）")
        return ArticleView(law, v, art, self.store.status(law, v, date), date)

    def _nearest_version(self, law: LawRow, date: str) -> VersionRow:
        vs = self.store.versions(law.key)
        before = [v for v in vs if v.effective_from <= date]
        return before[-1] if before else vs[0]

    def get(self, ref: Ref, as_of: str | None = None) -> ArticleView | None:
        date = check_date(as_of)
        if ref.article is not None and not 1 <= ref.article <= MAX_ARTICLE:
            return None
        found: StoredArticle | None = self.store.get(ref, date)
        if found is None:
            return None
        return ArticleView(found.law, found.version, found.article, self.store.status(found.law, found.version, date), date)

    # ---- search
    def search(self, query: str, **kwargs):
        from .search import search
        return search(self, query, **kwargs)

    def searcher(self):
        """A Whoosh searcher on the live index, one per thread (Whoosh searchers are not thread-safe),
        reopened after a rebuild."""
        from whoosh import index as whoosh_index

        state = getattr(self._tls, "state", None)
        if state is None or state[0] != self._gen:
            ix = whoosh_index.open_dir(str(self.index_dir))
            state = (self._gen, ix.searcher())
            self._tls.state = state
        return state[1]

    def fast_index(self):
        """The numpy BM25F arrays of the live generation (indexer.fastindex)."""
        fast = self._fast
        if fast is None or fast[0] != self._gen:
            from .fastindex import FastIndex
            with self._lock:
                fast = (self._gen, FastIndex(self.generation / "fast"))
                self._fast = fast
        return fast[1]

    def fast_ordinals(self) -> dict[str, int]:
        if self._ordinals is None or self._ordinals[0] != self._gen:
            self._ordinals = (self._gen, {doc_id: i for i, doc_id in enumerate(self.fast_index().ids)})
        return self._ordinals[1]

    def query_parser(self):
        if self._parser is None or self._parser[0] != self._gen:
            from .query import QueryParser, Thesaurus
            parser = QueryParser(self.aliases(), Thesaurus(self.settings.corpus / "search" / "thesaurus.toml"))
            self._parser = (self._gen, parser)
        return self._parser[1]
