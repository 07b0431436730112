"""Which laws and articles are in scope, parsing a version's penalty articles, and looking provisions up
in a library (kept in memory per store file and version)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

from ..dates import check_date
from ..model import Article
from ..refs import Ref
from .kinds import CRIMINAL_KEYS, CRIMINAL_LEVELS, PENALTY_HEADINGS
from .parse import parse_paragraph, resolve_article
from .provisions import Provision


def in_penalty_chapter(article: Article) -> bool:
    return any(h for h in article.headings if any(w in h for w in PENALTY_HEADINGS))


_SANCTION_HINT = re.compile(r"(?:处|并处)[^，；。]{0,40}罚款|给予警告|责令[^，；。]{0,8}(?:停产|停业)|吊销|追究刑事责任|予以取缔")


def in_scope(law_key: str, level: str | None) -> bool:
    return level not in CRIMINAL_LEVELS and not any(law_key.startswith(k) for k in CRIMINAL_KEYS)


def penalty_articles(articles: list[Article]) -> list[Article]:
    """The penalty articles of one version: those of its 法律责任/罚则 chapter; for a text without such a
    chapter, the articles whose text imposes a sanction."""
    chapter = [a for a in articles if in_penalty_chapter(a)]
    if chapter:
        return chapter
    return [a for a in articles if _SANCTION_HINT.search(a.text())]


def parse_version(law: str, version: str, articles: list[Article]) -> list[Provision]:
    """All penalty provisions of one version, referrals resolved."""
    out: list[Provision] = []
    for a in penalty_articles(articles):
        for pno in range(1, len(a.paragraphs) + 1):
            p = parse_paragraph(law, version, a, pno)
            if p is not None:
                out.append(p)
    resolve_article(out)
    return out


_cache: dict[tuple[str, int], list[Provision]] = {}
_cache_lock = threading.Lock()


def provisions_for_version(store, version) -> list[Provision]:
    """Parsed provisions of a stored version (cached in memory per store file and version id)."""
    key = (str(store.path), version.id)
    got = _cache.get(key)
    if got is None:
        law = store.laws.get(version.law)
        if law is not None and not in_scope(law.key, law.level):
            got = []
        else:
            got = parse_version(version.law, version.effective_from, store.articles(version))
        with _cache_lock:
            if len(_cache) > 512:
                _cache.clear()
            _cache[key] = got
    return got


def provision(lib, ref: Ref | str, as_of: str | None = None) -> Provision | None:
    """The provision a (possibly undated) ref points into: 安全生产法/97/1/7 -> the provision of 第九十七条
    第一款 in the version in force on `as_of` (today by default)."""

    r = Ref.parse(ref) if isinstance(ref, str) else ref
    date = check_date(as_of)
    version = lib.store.resolve_version(r, date)
    if version is None or r.article is None:
        return None
    for p in provisions_for_version(lib.store, version):
        if p.article == r.article and p.suffix == r.suffix and p.paragraph == (r.paragraph or 1):
            return p
    return None


def all_provisions(lib, as_of: str | None = None, in_force_only: bool = True) -> list[Provision]:
    """Every penalty provision of the built collection (versions in force on `as_of`, or all versions)."""

    out = []
    for _key, v in scoped_versions(lib, as_of, in_force_only):
        out.extend(provisions_for_version(lib.store, v))
    return out


def scoped_versions(lib, as_of: str | None = None, in_force_only: bool = True) -> Iterator[tuple[str, Any]]:
    """(law key, version) of every in-scope law's versions, in key order: those in force on `as_of` (today by
    default), or all of them."""
    date = check_date(as_of)
    for key, law in sorted(lib.store.laws.items()):
        if not in_scope(key, law.level):
            continue
        for v in lib.store.versions(key):
            if in_force_only and not v.in_force_on(date):
                continue
            yield key, v
