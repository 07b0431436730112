"""Statutes the library does not hold but officers cite: the catalogue in corpus/catalogue/.

Department rules (部门规章) of 应急管理部 and the former 国家安全生产监督管理总局 are cited in most penalty decisions,
yet no complete, verifiable copy of their texts is in the statute library. The catalogue records what is known
about each (title, short names, issuer, every version's 令号 and dates, where the official text is published,
with the public sources of these facts) so that the citation checker can say "a known rule whose text is not in
the library; on the document's date version X was in force; get the text from Y" instead of "unknown law".
Once a user adds the text to the library, the law is found there first and the catalogue is not consulted."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import CORPUS_DIR
from .dates import check_date
from .refs import law_key

CATALOGUE_DIR = CORPUS_DIR / "catalogue"


@dataclass(frozen=True)
class RuleVersion:
    order: str                  # 令号 of the act that issued the version: 应急管理部令第18号
    kind: str                   # 公布 / 修正 / 修订
    published: str
    effective_from: str
    sources: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.order}{'' if self.kind == '公布' else self.kind}，{self.effective_from} 起施行"


@dataclass(frozen=True)
class CatalogueRule:
    title: str
    short: tuple[str, ...]
    issuer: str
    level: str
    text_source: str
    versions: tuple[RuleVersion, ...]          # oldest first
    repealed_on: str | None = None
    repealed_by: str | None = None

    def version_on(self, date: str) -> RuleVersion | None:
        """The version in force on `date` (None before the first, or after a repeal)."""
        if self.repealed_on and date >= self.repealed_on:
            return None
        got = [v for v in self.versions if v.effective_from <= date]
        return got[-1] if got else None

    def describe(self, date: str) -> str:
        """The checker's sentence for a citation of this rule in a document dated `date`."""
        head = f"《{self.title}》是已知的{self.level}（{self.issuer}），但法规库中没有其文本，无法核对条文"
        if not self.versions:
            return f"{head}；其版本信息尚未核实，请核对正式文本。"
        v = self.version_on(date)
        if v is not None:
            when = f"{date} 施行的版本：{v.label}"
        elif self.repealed_on and date >= self.repealed_on:
            when = f"该规章已于 {self.repealed_on} 废止" + (f"（{self.repealed_by}）" if self.repealed_by else "")
        else:
            when = f"{date} 该规章尚未施行（最早版本 {self.versions[0].label}）" if self.versions else ""
        tail = f"；正式文本可从{self.text_source}获取，管理员加入法规库后即可核对" if self.text_source else ""
        return f"{head}。{when}{tail}。" if when else f"{head}{tail}。"


class Catalogue:
    def __init__(self, rules: list[CatalogueRule]):
        self.rules = rules
        self._by_name: dict[str, CatalogueRule] = {}
        owners: dict[str, set[str]] = {}
        for rule in rules:
            for name in rule.short:
                owners.setdefault(law_key(name), set()).add(rule.title)
        for rule in rules:
            self._by_name[law_key(rule.title)] = rule
        for rule in rules:
            for name in rule.short:   # a short name two rules share (77号令 amended several) names neither
                if len(owners[law_key(name)]) == 1:
                    self._by_name.setdefault(law_key(name), rule)

    def find(self, name: str | None) -> CatalogueRule | None:
        return self._by_name.get(law_key(name)) if name else None


def _version(row: dict, where: str) -> RuleVersion:
    for k in ("effective_from",):
        if not row.get(k):
            raise ValueError(f"{where}: a version lacks {k}")
    sources = tuple(row.get("sources") or ())
    if not sources:
        raise ValueError(f"{where}: version {row.get('order')} names no source")
    published = row.get("published") or row["effective_from"]    # an unconfirmed 公布 date is left out
    return RuleVersion(row.get("order") or "（令号未核实）", row.get("kind", "公布"), check_date(published),
                       check_date(row["effective_from"]), sources)


def read_catalogue(folder: Path = CATALOGUE_DIR) -> Catalogue:
    rules = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for row in data.get("rule", []):
            where = f"{path.name} 《{row.get('title')}》"
            versions = tuple(sorted((_version(v, where) for v in row.get("version", [])),
                                    key=lambda v: v.effective_from))
            rules.append(CatalogueRule(
                title=row["title"], short=tuple(row.get("short", ())), issuer=row.get("issuer", ""),
                level=row.get("level", "部门规章"), text_source=row.get("text_source", ""), versions=versions,
                repealed_on=row.get("repealed_on"), repealed_by=row.get("repealed_by")))
    return Catalogue(rules)


@lru_cache(maxsize=4)
def catalogue(folder: Path = CATALOGUE_DIR) -> Catalogue:
    return read_catalogue(folder)
