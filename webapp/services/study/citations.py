"""Statute citations in prose, as the study units write them, and their resolution to dated article versions.

Recognised forms (N = Chinese or Arabic numeral):

- explicit:  《中华人民共和国安全生产法》第二十一条, 《安全生产法》第九十七条第（七）项, 《刑法》第一百三十四条之一第（二）项
- named:     安全生产法第三十条 (a library law key or title without 《》)
- chained:   …第三十六条第一款、第二款 / …第（五）项至第（八）项 / …第九十七条第（三）项和第九十九条 — a part that
             starts lower than 条 keeps the article (and 款) of the part before it
- anaphoric: 同条第二款, 该条第（一）项, 同款第（二）项, （同款）: the article/paragraph of the last citation;
             同解释第四条, 该条例第五十七条, 条例第三十六条, 同法第十条: the last law cited of that kind;
             浙江省条例第五十八条 / 省条例第…: the unit's one law of that province ending in 条例

A bare 第九十九条 without any law is *not* a citation here (it may be about an old version: "旧法第九十六条").

`find_citations(text, library, unit_laws)` returns `Citation`s with an undated `Ref` (or an error);
`resolve(citation, library, as_of)` gives the dated reference of the version in force on `as_of` after checking
that the article, 款, 项 and 目 exist. Items cited without a 款 (第九十九条第（二）项) belong to the one
paragraph that has items; the resolved reference names it (安全生产法@2021-09-01/99/1/2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import quote

from indexer.numerals import parse_number
from indexer.refs import Ref

NUM = r"[零〇一二两三四五六七八九十百千0-9０-９]+"
SUFFIX = r"之[一二三四五六七八九十]+"
_ART = rf"第(?P<a>{NUM})条(?P<s>{SUFFIX})?"
_PARA = rf"第(?P<p>{NUM})款"
_ITEM = rf"第[（(](?P<i>{NUM})[）)]项"
_SUB = rf"第(?P<m>{NUM})目"
_PART_RE = re.compile(rf"(?:{_ART})?(?:{_PARA})?(?:{_ITEM})?(?:{_SUB})?")


class _PartRe:
    """第…条第…款第（…）项第…目 with at least one level present (a match is never empty)."""

    @staticmethod
    def match(text: str, pos: int):
        m = _PART_RE.match(text, pos)
        return m if m and m.end() > pos else None


PART_RE = _PartRe()
SEP_RE = re.compile(r"、|以及|或者|及|和|或|至|到")
PROVINCES = ("浙江", "江苏", "上海", "安徽", "福建", "江西", "山东", "广东", "北京", "天津", "河北", "山西", "辽宁",
             "吉林", "黑龙江", "河南", "湖北", "湖南", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "重庆",
             "内蒙古", "广西", "西藏", "宁夏", "新疆")
# words after which a bare 条例/法 anaphor may stand ("适用条例第三十七条"); otherwise it must not follow a CJK
# character (which would make it the tail of an unknown title: "某某条例第五条")
_ANAPHOR_LEADS = ("适用", "依据", "依照", "按照", "根据", "违反", "引用", "对照", "参照", "而", "仍看", "看")


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    text: str
    ref: Ref | None            # undated; None when the law could not be determined
    kind: str                  # explicit / named / chained / anaphor
    law_text: str | None = None    # the law as written (《…》 content, name, or the anaphor)
    error: str | None = None   # why it could not be read

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "ref": str(self.ref) if self.ref else None,
                "kind": self.kind, "law_text": self.law_text, "error": self.error}


@dataclass(frozen=True)
class Resolved:
    citation: Citation
    ref: Ref | None            # dated, with 款 filled in for items; None on error
    human: str | None = None   # 《中华人民共和国安全生产法》第九十九条第（二）项
    status: str | None = None  # in_force / …
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.ref is not None and self.error is None

    @property
    def href(self) -> str:
        return article_href(self.ref) if self.ref else ""

    def to_dict(self) -> dict:
        return {"text": self.citation.text, "ref": str(self.ref) if self.ref else None, "human": self.human,
                "status": self.status, "href": self.href or None, "error": self.error}


def article_href(ref: Ref) -> str:
    """Link to an article page: /articles/<canonical ref>, percent-encoded (the search area serves it), with the
    search pages' fragment for a cited 款/项 (#p1-i7)."""
    href = "/articles/" + quote(str(ref), safe="/@")
    if ref.paragraph:
        href += f"#p{ref.paragraph}" + (f"-i{ref.item}" if ref.item else "")
    return href


def _num(text: str | None) -> int | None:
    return parse_number(text) if text else None


class CitationFinder:
    """Finds citations in the prose of one document. Keeps the context (last citation, laws cited) that
    anaphors need, so call `find` once per document, on the whole text."""

    def __init__(self, library, unit_laws: tuple[str, ...] | list[str] = ()):
        self.library = library
        keys = sorted(library.store.laws, key=len, reverse=True)
        names = set(keys) | {law.title for law in library.store.laws.values()}
        self._names = sorted(names, key=len, reverse=True)
        self.unit_laws: list[str] = []
        for name in unit_laws:
            try:
                self.unit_laws.append(library.find_law(name).key)
            except LookupError:
                continue
        named = "|".join(re.escape(n) for n in self._names)
        provinces = "|".join(PROVINCES)
        self._head = re.compile(
            rf"《(?P<title>[^《》\n]{{1,120}})》(?={_ART_LOOK})"
            rf"|(?P<lawana>同解释|该解释|同条例|该条例|同法|该法|(?P<prov>{provinces})?省条例|条例)(?={_ART_LOOK})"
            rf"|(?P<artana>同条|该条|本条)(?={_PARA_ITEM_LOOK})"
            rf"|(?P<paraana>同款|该款)"
            rf"|(?P<named>{named})(?={_ART_LOOK})")

    # ---- law lookups
    def _law_key(self, name: str) -> str | None:
        try:
            return self.library.find_law(name).key
        except LookupError:
            return None

    def find(self, text: str) -> list[Citation]:
        out: list[Citation] = []
        laws_cited: list[str] = []
        last: Ref | None = None
        pos = 0
        while True:
            m = self._head.search(text, pos)
            if m is None:
                break
            start = m.start()
            after = m.end()
            law_text = m.group(0)
            error = None
            key: str | None = None
            base: Ref | None = None          # what a lower-level first part inherits
            kind = "explicit"
            if m.group("title") is not None:
                law_text = m.group("title")
                key = self._law_key(law_text)
                if key is None:
                    error = f"法规库中没有“{law_text}”"
            elif m.group("named") is not None:
                kind = "named"
                key = self._law_key(m.group("named"))
            elif m.group("lawana") is not None:
                kind = "anaphor"
                word = m.group("lawana")
                if word == "条例" and not self._bare_anaphor_ok(text, start):
                    pos = after
                    continue
                key = self._law_anaphor(word, m.group("prov"), laws_cited)
                if key is None:
                    error = f"无法确定“{word}”指哪部法规"
            elif m.group("artana") is not None:
                kind = "anaphor"
                if last is None:
                    error = f"“{m.group('artana')}”前没有可参照的条文"
                else:
                    key = last.law
                    base = last.article_ref()
            else:   # 同款 / 该款
                kind = "anaphor"
                if last is None or last.paragraph is None:
                    if last is None:
                        error = f"“{m.group('paraana')}”前没有可参照的条文"
                    else:
                        error = f"“{m.group('paraana')}”前的引用没有指明款"
                else:
                    key = last.law
                    base = replace(last, item=None, subitem=None)
            part = PART_RE.match(text, after)
            if m.group("paraana") is not None:
                if part is not None and (part.group("a") or part.group("p")):
                    part = None          # 同款第三条…: not an item of that paragraph
                if part is None:         # （同款）: the paragraph itself
                    out.append(Citation(start, after, text[start:after], base, kind, law_text, error))
                    if base is not None:
                        last = base
                    pos = after
                    continue
            if part is None:
                pos = after
                continue
            ref = self._part_ref(part, key, base)
            if key is None:
                ref = None
            cit = Citation(start, part.end(), text[start:part.end()], ref, kind, law_text, error)
            out.append(cit)
            if ref is not None:
                last = ref
                laws_cited.append(ref.law)
            pos = part.end()
            # chained parts
            while True:
                sep = SEP_RE.match(text, pos)
                if not sep:
                    break
                nxt = PART_RE.match(text, sep.end())
                if not nxt:
                    break
                prev = cit.ref
                ref2 = self._part_ref(nxt, prev.law if prev else None, prev) if prev else None
                cit = Citation(nxt.start(), nxt.end(), nxt.group(0), ref2, "chained", law_text,
                               None if ref2 else (error or "前一处引用无法识别"))
                out.append(cit)
                if ref2 is not None:
                    last = ref2
                pos = nxt.end()
        return out

    @staticmethod
    def _bare_anaphor_ok(text: str, start: int) -> bool:
        if start == 0 or not ("\u4e00" <= text[start - 1] <= "\u9fff"):
            return True
        return any(text.endswith(lead, 0, start) for lead in _ANAPHOR_LEADS)

    def _law_anaphor(self, word: str, province: str | None, laws_cited: list[str]) -> str | None:
        if word.endswith("解释"):
            pred = lambda k: "解释" in k          # noqa: E731
        elif word.endswith("省条例"):
            prefix = (province or "") + ("省" if province else "")

            def pred(k, prefix=prefix):
                return k.endswith("条例") and ("省" in k[:6]) and k.startswith(prefix)
            candidates = [k for k in dict.fromkeys(self.unit_laws) if pred(k)]
            if len(candidates) == 1:
                return candidates[0]
        elif word.endswith("条例"):
            pred = lambda k: k.endswith("条例")    # noqa: E731
        else:
            pred = lambda k: k.endswith("法")      # noqa: E731
        for k in reversed(laws_cited):
            if pred(k):
                return k
        return None

    @staticmethod
    def _part_ref(part: re.Match, key: str | None, base: Ref | None) -> Ref | None:
        a, s, p, i, m = (part.group(x) for x in ("a", "s", "p", "i", "m"))
        law = key or (base.law if base else None)
        if law is None:
            return None
        if a:
            return Ref(law, None, _num(a), s, _num(p), _num(i), _num(m))
        if base is None or base.article is None:
            return None
        if p:
            return Ref(law, base.version, base.article, base.suffix, _num(p), _num(i), _num(m))
        if i:
            return Ref(law, base.version, base.article, base.suffix, base.paragraph, _num(i), _num(m))
        return Ref(law, base.version, base.article, base.suffix, base.paragraph, base.item, _num(m))


_ART_LOOK = rf"第{NUM}条"
_PARA_ITEM_LOOK = rf"第(?:{NUM}款|[（(]{NUM}[）)]项)"


def find_citations(text: str, library, unit_laws=()) -> list[Citation]:
    return CitationFinder(library, unit_laws).find(text)


def resolve(cit: Citation, library, as_of: str | None) -> Resolved:
    """The dated reference of `cit` in the version in force on `as_of` (or the version it names)."""
    if cit.ref is None:
        return Resolved(cit, None, error=cit.error or "无法识别所引法规")
    ref, err = resolve_ref(cit.ref, library, as_of)
    if err or ref is None:
        return Resolved(cit, None, error=err or "无法解析")
    law = library.store.laws[ref.law]
    view = library.get(ref.article_ref(), as_of)
    single = view is not None and len(view.article.paragraphs) == 1
    status = view.status if view else None
    return Resolved(cit, ref, ref.human(law.title, single_paragraph=single), status)


def resolve_ref(ref: Ref, library, as_of: str | None) -> tuple[Ref | None, str | None]:
    """(dated ref with 款 filled in, None) or (None, Chinese error). Checks 条/款/项/目 exist."""
    store = library.store
    law = store.laws.get(ref.law)
    if law is None:
        return None, f"法规库中没有“{ref.law}”"
    if ref.version:
        version = store.version_at(law.key, ref.version)
        if version is None:
            return None, f"{law.title}没有 {ref.version} 施行的版本"
    else:
        version = store.version_on(law.key, as_of)
        if version is None:
            return None, f"{law.title}在 {as_of} 不是现行有效的法规"
    if ref.article is None:
        return None, "引用没有指明条"
    art = store.article(version, ref.article, ref.suffix)
    label = f"第{ref.article}条{ref.suffix or ''}"
    if art is None:
        return None, f"{law.title}（{version.effective_from} 施行版本）没有{label}（共 {version.article_count} 条）"
    paragraph = ref.paragraph
    if paragraph is not None and not (1 <= paragraph <= len(art.paragraphs)):
        return None, f"{law.title}{art.label}只有 {len(art.paragraphs)} 款，没有第{paragraph}款"
    if ref.item is not None:
        if paragraph is None:
            with_items = [n for n, p in enumerate(art.paragraphs, 1) if p.items]
            if len(with_items) != 1:
                return None, (f"{law.title}{art.label}没有项" if not with_items else
                              f"{law.title}{art.label}有多款列有项，引用第（{ref.item}）项须指明款")
            paragraph = with_items[0]
        items = art.paragraphs[paragraph - 1].items
        if not (1 <= ref.item <= len(items)):
            return None, f"{law.title}{art.label}第{paragraph}款只有 {len(items)} 项，没有第（{ref.item}）项"
        if ref.subitem is not None and not (1 <= ref.subitem <= len(items[ref.item - 1].subitems)):
            return None, f"{law.title}{art.label}第（{ref.item}）项没有第{ref.subitem}目"
    elif ref.subitem is not None:
        return None, "引用了目却没有指明项"
    return Ref(law.key, version.effective_from, ref.article, ref.suffix, paragraph, ref.item, ref.subitem), None
