"""Stage 3: resolve extracted citations to canonical references of the version in force on a date.

For each citation: which law (a name, an abbreviation, an anaphor already tied to a name by `extract`),
which version (in force on the document date, or an older one the citation asks for: 原第…条, （2014年修正）),
and which provisions (ranges and lists expanded; an item written without its paragraph placed in the
paragraph that carries the items). Each provision is checked for existence here, since the answer depends on
the same lookups. Returns `Resolved` objects; `verify` adds quotes, old numbering and pairing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from indexer.errors import LawError
from indexer.dates import check_date
from indexer.model import Article
from indexer.numerals import article_label, int_to_cn, item_label
from indexer.refs import Ref, RefError
from indexer.store import LawRow, VersionRow

from .extract import Element, Extracted

# statuses, most severe first (a citation's status is its most severe provision's)
SEVERITY = ["unknown_law", "text_missing", "ambiguous", "version_missing", "not_in_force", "no_such_article", "no_such_paragraph", "no_such_item",
            "quote_mismatch", "ok"]
STATUS_LABELS = {
    "ok": "正确", "no_such_article": "条不存在", "no_such_paragraph": "款不存在", "no_such_item": "项不存在",
    "quote_mismatch": "引文不符", "not_in_force": "未生效或已失效", "unknown_law": "法规库无此法规",
    "ambiguous": "无法确定", "version_missing": "库中没有该版本", "text_missing": "法规库无文本",
}


def worst(statuses) -> str:
    statuses = list(statuses)
    for s in SEVERITY:
        if s in statuses:
            return s
    return "ok"


@dataclass
class Provision:
    """One provision a citation names, as written and as found."""
    written: Ref                      # what the text says, dated with the version it was checked against
    status: str = "ok"
    message: str | None = None
    article: Article | None = None

    @property
    def exists(self) -> bool:
        return self.written.version is not None and self.status in ("ok", "not_in_force", "quote_mismatch")


@dataclass
class Warning_:
    code: str
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass
class Resolved:
    ex: Extracted
    law: LawRow | None = None
    version: VersionRow | None = None
    provisions: list[Provision] = field(default_factory=list)
    status: str = "ok"
    message: str = ""
    old_version: str | None = None     # 'library' (an older version held) / 'missing' (not in the library)
    quote: str | None = None
    expected_text: str | None = None
    diff: list[tuple[str, str]] | None = None
    suggestions: list[str] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    judged_by: str = "document"        # 'act': a substantive provision judged by the law of the act's date
    judged_date: str | None = None     # the date whose version the citation was checked against

    @property
    def refs(self) -> list[Ref]:
        return [p.written for p in self.provisions if p.exists]

    def add_suggestion(self, ref: str) -> None:
        if ref not in self.suggestions:
            self.suggestions.append(ref)


class Resolver:
    """Resolution against one LawLibrary; caches articles per version (the store is read-only)."""

    def __init__(self, lib, names=None):
        self.lib = lib
        self.store = lib.store
        self.names = names
        self._articles: dict[int, dict[tuple[int, str | None], Article]] = {}
        self._order: dict[int, list[tuple[int, str | None]]] = {}
        self._version_cache: dict[tuple, tuple] = {}
        self._check_cache: dict[tuple, Provision] = {}

    # ---- articles of a version (whole version cached: a document cites a few laws many times)
    def articles(self, version: VersionRow) -> dict[tuple[int, str | None], Article]:
        arts = self._articles.get(version.id)
        if arts is None:
            lst = self.store.articles(version)
            arts = {(a.number, a.suffix): a for a in lst}
            self._articles[version.id] = arts
            self._order[version.id] = [(a.number, a.suffix) for a in lst]
        return arts

    def order(self, version: VersionRow) -> list[tuple[int, str | None]]:
        self.articles(version)
        return self._order[version.id]

    def article(self, version: VersionRow, number: int, suffix: str | None) -> Article | None:
        return self.articles(version).get((number, suffix))

    # ---- law and version
    def law_of(self, ex: Extracted, date: str | None = None) -> tuple[LawRow | None, str | None, str | None]:
        """(law, status, message): status None when the law is known; text_missing for a rule the catalogue
        knows (indexer.catalogue) whose text the library lacks, described as of the document's `date`."""
        src = ex.law
        if ex.problem and src.kind == "none":
            return None, "ambiguous", ex.problem
        if src.candidates and not src.key:
            titles = "、".join(f"《{self.store.laws[k].title}》" if k in self.store.laws else k for k in src.candidates)
            return None, "ambiguous", f"“{src.name}”可指多部法规：{titles}，请写明全称"
        if src.key and src.key in self.store.laws:
            return self.store.laws[src.key], None, None
        name = src.name or ""
        try:
            return self.lib.find_law(name), None, None
        except LawError:
            pass
        from indexer.refs import law_key
        unindexed = getattr(self.names, "unindexed", {}) if self.names is not None else {}
        if name in unindexed or law_key(name) in unindexed:
            return None, "unknown_law", (f"《{name}》的文本在法规库文件夹中，但当前索引未收录（核心法规集）；"
                                         f"运行 lawdesk index --all 建立全库索引后可核对")
        from indexer.catalogue import catalogue
        rule = catalogue().find(name)
        if rule is not None:
            return None, "text_missing", rule.describe(date or check_date(None))
        return None, "unknown_law", f"法规库中没有《{name}》，无法核对（可将该法规文本加入法规库）"

    def version_for(self, law: LawRow, date: str, hint: str | None) -> tuple[VersionRow | None, str | None, str | None]:
        """(version, status, message). `hint`: 'old' or a year from the citation."""
        key = (law.key, date, hint)
        got = self._version_cache.get(key)
        if got is None:
            got = self._version_for(law, date, hint)
            if len(self._version_cache) > 4096:
                self._version_cache.clear()
            self._version_cache[key] = got
        return got

    def _version_for(self, law: LawRow, date: str, hint: str | None):
        versions = self.store.versions(law.key)
        if not versions:
            return None, "unknown_law", f"法规库中《{law.title}》没有条文"
        current = self.store.version_on(law.key, date)
        if hint:
            target = None
            if hint == "old":
                base = current or _nearest(versions, date)
                idx = versions.index(base)
                target = versions[idx - 1] if idx > 0 else None
                if target is None:
                    return None, "version_missing", (f"引用的是《{law.title}》修改前的文本，库中没有该版本，"
                                                     f"无法按该版本核对条文（库中最早为 {base.effective_from} 起"
                                                     f"施行的版本）")
            else:
                year = hint
                matches = [v for v in versions if v.version_date[:4] == year or v.effective_from[:4] == year]
                if matches:
                    target = matches[-1]
                else:
                    return None, "version_missing", self._missing_year(law, versions, year)
            if target is not None and target is not current:
                if target.in_force_on(date):
                    return target, None, None
                return target, "not_in_force", (f"引用的《{law.title}》{target.effective_from} 施行版本在 {date} "
                                                f"已不是现行版本" if current else
                                                f"引用的《{law.title}》版本在 {date} 未施行")
        if current is not None:
            return current, None, None
        state = self.lib.law_status(law, date)
        near = _nearest(versions, date)
        if state == "not_yet" or date < versions[0].effective_from:
            first = versions[0]
            adopted = _first_history_date(self.store, first)
            if adopted and adopted < date and (first.version_date > date or adopted < first.version_date):
                # the law existed on the date (adopted earlier, or an earlier text amended into this one) but
                # the library only holds later versions: 2021-06-30 is the 2014 安全生产法, not 尚未施行
                return first, "version_missing", (f"法规库未收录《{law.title}》在 {date} 施行的版本"
                                                  f"（收录最早为 {first.effective_from} 施行版本）")
            return first, "not_in_force", f"《{law.title}》自 {first.effective_from} 起施行，文书日期 {date} 时尚未施行"
        by = f"（{law.repealed_by}）" if law.repealed_by else ""
        when = law.repealed_on or near.effective_to or ""
        return near, "not_in_force", f"《{law.title}》已于 {when} 废止{by}，文书日期 {date} 时不再有效"

    def _missing_year(self, law: LawRow, versions: list[VersionRow], year: str) -> str:
        """Why a version named by its year cannot be checked: the library lacks it, or the law has none."""
        try:
            hist = self.store.history(versions[-1])
        except (sqlite3.Error, ValueError):
            hist = []
        held = "、".join(f"{v.effective_from} 起施行" for v in versions)
        events = [h for h in hist if (h.get("date") or "")[:4] == year and h.get("events")]
        if events:
            h = events[-1]
            what = "、".join(h["events"])
            return (f"引用的是《{law.title}》{year}年{what}文本（{h['date']} {what}），库中没有该版本，"
                    f"无法按该版本核对条文（库中收录：{held}）")
        told = "、".join(f"{h['date'][:4]}年{'、'.join(h['events'])}" for h in hist if h.get("date") and h.get("events"))
        return (f"《{law.title}》没有{year}年的修正或修订文本" + (f"（历次：{told}）" if told else "") +
                "，库中没有该版本，无法按该版本核对条文")

    # ---- provisions
    def provisions(self, law: LawRow, version: VersionRow, elements: list[Element]) -> list[Provision]:
        out: list[Provision] = []
        for el in elements:
            if el.to is not None:
                out.extend(self._range(law, version, el, el.to))
            else:
                out.append(self.check(law, version, el))
        return out

    def _range(self, law, version, a: Element, b: Element) -> list[Provision]:
        if b.article is not None and (b.article, b.suffix) != (a.article, a.suffix):
            order = self.order(version)
            ka, kb = (a.article, a.suffix), (b.article, b.suffix)
            if ka in order and kb in order and order.index(ka) <= order.index(kb):
                keys = order[order.index(ka):order.index(kb) + 1]
                return [self.check(law, version, Element(article=n, suffix=s)) for n, s in keys]
            lo, hi = a.article, b.article
            if lo is None or hi is None or hi < lo or hi - lo > 200:
                return [self.check(law, version, a), self.check(law, version, b)]
            return [self.check(law, version, Element(article=n)) for n in range(lo, hi + 1)]
        # a range inside one article: 第一款至第三款, 第（一）至（三）项
        for attr in ("subitem", "item", "paragraph"):
            lo, hi = getattr(a, attr), getattr(b, attr)
            if lo is not None and hi is not None and hi >= lo and hi - lo <= 50:
                out = []
                for n in range(lo, hi + 1):
                    e = Element(article=a.article, suffix=a.suffix, paragraph=a.paragraph, item=a.item,
                                subitem=a.subitem, article_rel=a.article_rel)
                    setattr(e, attr, n)
                    out.append(self.check(law, version, e))
                return out
        return [self.check(law, version, a), self.check(law, version, b)]

    def check(self, law: LawRow, version: VersionRow, el: Element) -> Provision:
        """Existence of one provision; an item without a paragraph goes to the paragraph carrying the items.
        Cached per (version, provision); callers get a fresh copy they may change."""
        key = (version.id, el.article, el.suffix, el.paragraph, el.item, el.subitem, el.article_rel)
        p = self._check_cache.get(key)
        if p is None:
            p = self._check(law, version, el)
            if len(self._check_cache) > 8192:
                self._check_cache.clear()
            self._check_cache[key] = p
        return Provision(p.written, p.status, p.message, p.article)

    def _check(self, law: LawRow, version: VersionRow, el: Element) -> Provision:
        number, suffix = el.article, el.suffix
        vdate = version.effective_from
        where = f"《{law.title}》（{vdate} 施行版本）"
        if el.article_rel == "before" and number is not None:
            order = self.order(version)
            if (number, suffix) in order and order.index((number, suffix)) > 0:
                number, suffix = order[order.index((number, suffix)) - 1]
            else:
                return Provision(Ref(law.key, vdate, number, suffix), "no_such_article",
                                 f"{where}{article_label(number, suffix)}之前没有条文")
        if number is None:
            return Provision(Ref(law.key, vdate), "ambiguous", "无法确定所引条文")
        written = Ref(law.key, vdate, number, suffix, el.paragraph, el.item, el.subitem)
        art = self.article(version, number, suffix)
        if art is None:
            return Provision(written, "no_such_article",
                             f"{where}没有{article_label(number, suffix)}（共 {version.article_count} 条）")
        paragraph = el.paragraph
        if paragraph is not None and not 1 <= paragraph <= len(art.paragraphs):
            return Provision(written, "no_such_paragraph",
                             f"{where}{art.label}只有 {len(art.paragraphs)} 款，没有第{int_to_cn(paragraph)}款", art)
        if el.item is not None:
            if paragraph is None:
                with_items = [i for i, p in enumerate(art.paragraphs, 1) if p.items]
                fitting = [i for i in with_items if len(art.paragraphs[i - 1].items) >= el.item]
                paragraph = fitting[0] if fitting else (with_items[0] if with_items else None)
            items = art.paragraphs[paragraph - 1].items if paragraph else []
            if not items or el.item > len(items) or el.item < 1:
                what = f"第{int_to_cn(paragraph)}款" if paragraph and el.paragraph else ""
                has = f"只有 {len(items)} 项" if items else "没有分项"
                return Provision(Ref(law.key, vdate, number, suffix, el.paragraph or paragraph or 1, el.item, el.subitem),
                                 "no_such_item",
                                 f"{where}{art.label}{what}{has}，没有第{item_label(el.item)}项", art)
            written = Ref(law.key, vdate, number, suffix, paragraph, el.item, el.subitem)
            if el.subitem is not None:
                subs = items[el.item - 1].subitems
                if not 1 <= el.subitem <= len(subs):
                    return Provision(written, "no_such_item",
                                     f"{where}{art.label}第{item_label(el.item)}项没有第{int_to_cn(el.subitem)}目", art)
        return Provision(written, "ok", None, art)


def _nearest(versions: list[VersionRow], date: str) -> VersionRow:
    before = [v for v in versions if v.effective_from <= date]
    return before[-1] if before else versions[0]


def _first_history_date(store, version: VersionRow) -> str | None:
    try:
        hist = store.history(version)
    except (sqlite3.Error, ValueError):
        return None
    dates = sorted(h.get("date") for h in hist if h.get("date"))
    return dates[0] if dates else None


def provision_text(article: Article, ref: Ref) -> str:
    """The text of the provision `ref` names inside `article` (article / paragraph with items / item)."""
    if ref.paragraph is None:
        return article.text()
    if not 1 <= ref.paragraph <= len(article.paragraphs):
        return article.text()
    p = article.paragraphs[ref.paragraph - 1]
    if ref.item is None:
        return p.full_text()
    if not 1 <= ref.item <= len(p.items):
        return p.full_text()
    it = p.items[ref.item - 1]
    if ref.subitem is not None and 1 <= ref.subitem <= len(it.subitems):
        return it.subitems[ref.subitem - 1]
    return "\n".join([it.text, *it.subitems])


_HUMAN_CACHE: dict[int, dict[str, str]] = {}


def human_ref(ref: str, lib) -> str:
    """'安全生产法/99/1/5' -> 《中华人民共和国安全生产法》第九十九条第（五）项 (第一款 left out where the article has
    one paragraph in the current version)."""
    cache = _HUMAN_CACHE.setdefault(id(lib), {})
    got = cache.get(ref)
    if got is None:
        got = cache[ref] = _human_uncached(ref, lib)
    return got


def _human_uncached(ref: str, lib) -> str:
    try:
        r = Ref.parse(ref)
    except RefError:
        return ref
    law = lib.store.laws.get(r.law)
    single = False
    if law is not None and r.article is not None:
        v = lib.store.version_at(law.key, r.version) if r.version else lib.store.latest_version(law.key)
        if v is not None:
            a = lib.store.article(v, r.article, r.suffix)
            single = a is not None and len(a.paragraphs) == 1
    return r.human(law.title if law else r.law, single_paragraph=single)
