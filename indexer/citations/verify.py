"""Stage 4: verify resolved citations.

- quoted text (“…” / 「…」 right after a citation) against the cited provision of the version in force, after
  normalising punctuation and spaces; on a mismatch the closest passage of the article and a character diff;
- old numbering: a quote that matches another provision of the current text; an authored renumbering table
  (corpus/renumbering/*.toml, for statutes whose old text the library lacks); for statutes whose versions
  the library holds, the same-numbered provision of another version that fits the surrounding text better;
- 违反条款 ↔ 处罚依据 pairing: the basis should be a penalty provision, and where the penalty handbook links
  the violated provision to its basis, the basis cited should be one of them.

Everything here is a function of the resolved citation, the document text and read-only library data."""

from __future__ import annotations

import difflib
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from indexer.index import is_penalty_article
from indexer.model import Article
from indexer.refs import Ref

from .resolve import Resolved, Resolver, provision_text

# ------------------------------------------------------------------------------------------- text normalising

_PUNCT_CATS = ("P", "S", "Z", "C")
_ITEM_LABEL_RE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]|^\d+[.．、]")
_ELLIPSIS_RE = re.compile(r"……|…|\.\.\.+|⋯+|。。。")


def normalise(text: str) -> tuple[str, list[int]]:
    """Text without punctuation, symbols and spaces, full-width forms folded; and for every kept character its
    offset in `text`."""
    out, pos = [], []
    for i, ch in enumerate(text):
        c = unicodedata.normalize("NFKC", ch)
        if not c:
            continue
        c = c[0]
        if unicodedata.category(c)[0] in _PUNCT_CATS:
            continue
        out.append(c.lower())
        pos.append(i)
    return "".join(out), pos


def norm(text: str) -> str:
    return normalise(text)[0]


def _without_labels(text: str) -> str:
    return "\n".join(_ITEM_LABEL_RE.sub("", line) for line in text.split("\n"))


def quote_fragments(quote: str) -> list[str]:
    return [f for f in (norm(p) for p in _ELLIPSIS_RE.split(quote)) if f]


def quote_in(quote: str, text: str) -> bool:
    """All fragments of the quote (split at ……) occur in `text`, in order, after normalising."""
    frags = quote_fragments(quote)
    if not frags:
        return True
    for candidate in (norm(text), norm(_without_labels(text))):
        pos = 0
        for f in frags:
            i = candidate.find(f, pos)
            if i < 0:
                break
            pos = i + len(f)
        else:
            return True
    return False


def closest_passage(quote: str, text: str) -> tuple[str, list[tuple[str, str]]]:
    """The passage of `text` a (wrong) quote was most likely taken from, and a character diff quote -> passage:
    [("equal"|"delete"|"insert", chars)], delete = only in the quote, insert = only in the statute."""
    qn = norm(quote)
    tn, tpos = normalise(text)
    if not qn or not tn:
        return text, []
    sm = difflib.SequenceMatcher(None, qn, tn, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size >= 2]
    if not blocks:
        return text, _diff(quote, text)
    # the densest run of matching blocks: start from the longest block, extend while the blocks stay close
    best = max(blocks, key=lambda b: b.size)
    lo_t = best.b - best.a
    hi_t = best.b + (len(qn) - best.a)
    lo_t = max(0, lo_t - 2)
    hi_t = min(len(tn), hi_t + 2)
    window = tn[lo_t:hi_t]
    sm2 = difflib.SequenceMatcher(None, qn, window, autojunk=False)
    mb = [b for b in sm2.get_matching_blocks() if b.size]
    if mb:
        first, last = mb[0], mb[-1]
        s = lo_t + first.b - min(first.a, 3)
        e = lo_t + last.b + last.size + min(len(qn) - (last.a + last.size), 3)
        lo_t, hi_t = max(0, s), min(len(tn), e)
    start, end = tpos[lo_t], tpos[hi_t - 1] + 1
    passage = text[start:end]
    return passage, _diff(quote, passage)


def _diff(a: str, b: str) -> list[tuple[str, str]]:
    a2 = "".join(ch for ch in a if not ch.isspace())
    b2 = "".join(ch for ch in b if not ch.isspace())
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a2, b2, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", a2[i1:i2]))
        else:
            if i2 > i1:
                out.append(("delete", a2[i1:i2]))
            if j2 > j1:
                out.append(("insert", b2[j1:j2]))
    return out


def _only_punctuation_differs(diff: list[tuple[str, str]]) -> bool:
    return all(op == "equal" or not norm(t) for op, t in diff)


# ------------------------------------------------------------------------------------------- similarity

def bigrams(text: str) -> set[str]:
    t = norm(text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


class VersionIndex:
    """Bigram sets and IDF weights of every provision of one version (for 'which provision fits this text')."""

    def __init__(self, articles: list[Article]):
        self.units: list[tuple[tuple, str, set[str]]] = []   # (key (number, suffix, para, item), text, bigrams)
        df: dict[str, int] = {}
        for a in articles:
            units = [((a.number, a.suffix, None, None), a.text())]
            for pi, p in enumerate(a.paragraphs, 1):
                if len(a.paragraphs) > 1:
                    units.append(((a.number, a.suffix, pi, None), p.full_text()))
                for it in p.items:
                    units.append(((a.number, a.suffix, pi, it.number), it.text))
            for key, text in units:
                bg = bigrams(text)
                self.units.append((key, text, bg))
            for g in bigrams(a.text()):
                df[g] = df.get(g, 0) + 1
        n = max(len(articles), 1)
        self.idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self.default_idf = math.log(n + 1)
        self.norm_texts = [(key, norm(text), norm(_without_labels(text))) for key, text, _ in self.units]

    def weight(self, g: str) -> float:
        return self.idf.get(g, self.default_idf)

    def fit(self, context: set[str], text_bigrams: set[str]) -> float:
        """Share of the context's (IDF-weighted) bigrams found in the provision."""
        total = sum(self.weight(g) for g in context)
        if not total:
            return 0.0
        return sum(self.weight(g) for g in context & text_bigrams) / total

    def best(self, context: set[str], level: str = "article", within: tuple | None = None,
             exclude: tuple | None = None) -> tuple[tuple, float] | None:
        """The provision (at `level`: article / paragraph / item) that fits `context` best."""
        best = None
        for key, _text, bg in self.units:
            if within is not None and key[:2] != within:
                continue
            if exclude is not None and key[:2] == exclude:
                continue
            lvl = "item" if key[3] is not None else "paragraph" if key[2] is not None else "article"
            if lvl != level:
                continue
            s = self.fit(context, bg)
            if best is None or s > best[1]:
                best = (key, s)
        return best

    def containing(self, quote: str) -> tuple | None:
        """The narrowest provision whose text contains the whole quote."""
        frags = quote_fragments(quote)
        if not frags or sum(len(f) for f in frags) < 6:
            return None
        hits = []
        for key, n1, n2 in self.norm_texts:
            for cand in (n1, n2):
                pos = 0
                for f in frags:
                    i = cand.find(f, pos)
                    if i < 0:
                        break
                    pos = i + len(f)
                else:
                    hits.append(key)
                    break
        if not hits:
            return None
        hits.sort(key=lambda k: (k[0], k[1] or "", -(k[3] is not None), -(k[2] is not None)))
        return hits[0]


def key_to_ref(law: str, key: tuple) -> str:
    number, suffix, para, item = key
    s = f"{law}/{number}{suffix or ''}"
    if para is not None:
        s += f"/{para}"
        if item is not None:
            s += f"/{item}"
    return s


# ------------------------------------------------------------------------------------------- renumbering

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

    def lookup(self, article: int, paragraph: int | None, item: int | None) -> RenumberEntry | None:
        """The most specific entry for an old provision (item entry, else paragraph entry, else article)."""
        best, best_rank = None, -1
        for e in self.entries:
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


def load_renumbering(corpus: Path) -> dict[str, list[RenumberTable]]:
    out: dict[str, list[RenumberTable]] = {}
    folder = Path(corpus) / "renumbering"
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        t = RenumberTable(data["law"], data["old_version"], data.get("old_label", ""), data["new_version"],
                          path=str(path))
        for m in data.get("map", []):
            parts = [int(x) for x in m["old"].split("/")]
            parts += [None] * (3 - len(parts))
            new = m["new"] if isinstance(m["new"], list) else [m["new"]]
            t.entries.append(RenumberEntry((parts[0], parts[1], parts[2]), [f"{t.law}/{n}" for n in new],
                                           list(m.get("keywords", []))))
        out.setdefault(t.law, []).append(t)
    return out


# ------------------------------------------------------------------------------------------- handbook links

def load_handbook_pairs(corpus: Path) -> dict[str, set[str]]:
    """violated provision (undated ref) -> the penalty bases the handbook gives for it."""
    pairs: dict[str, set[str]] = {}
    folder = Path(corpus) / "handbook" / "violations"
    if not folder.is_dir():
        return pairs
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        for v in data.get("violation", []):
            for a in v.get("violated", []):
                pairs.setdefault(a, set()).update(v.get("basis", []))
    return pairs


# ------------------------------------------------------------------------------------------- the verifier

_SENT_END = "。；;！？!?\n"
MIN_FIT = 0.18          # a provision must cover this share of the context to be suggested
MARGIN = 0.08           # … and beat the cited one by this much


class Verifier:
    def __init__(self, resolver: Resolver, corpus: Path):
        self.resolver = resolver
        self.store = resolver.store
        self.tables = load_renumbering(corpus)
        self.handbook = load_handbook_pairs(corpus)
        self._indexes: dict[int, VersionIndex] = {}

    def index(self, version) -> VersionIndex:
        idx = self._indexes.get(version.id)
        if idx is None:
            idx = VersionIndex(list(self.resolver.articles(version).values()))
            self._indexes[version.id] = idx
        return idx

    # ---- context: the sentence of the citation and the one before, without citations and quotes
    @staticmethod
    def context(text: str, r: Resolved, spans: list[tuple[int, int]]) -> str:
        s = r.ex.start
        lo = s
        for _ in range(2):
            j = max(text.rfind(ch, 0, lo - 1 if lo > 0 else 0) for ch in _SENT_END)
            lo = j + 1 if j >= 0 else 0
            if lo == 0:
                break
        e = r.ex.end
        hi_candidates = [text.find(ch, e) for ch in _SENT_END]
        hi = min([h for h in hi_candidates if h >= 0] or [len(text)])
        piece = list(text[lo:hi])
        for a, b in spans:
            for k in range(max(a, lo), min(b, hi)):
                piece[k - lo] = " "
        return "".join(piece)

    # ---- quotes
    def check_quote(self, r: Resolved, text: str) -> None:
        q = r.ex.quote
        if q is None:
            return
        quote = text[q[0]:q[1]]
        r.quote = quote
        if len(norm(quote)) < 2 or not r.provisions:
            return
        existing = [p for p in r.provisions if p.article is not None and p.status in ("ok", "not_in_force")]
        if not existing:
            return
        for p in existing:
            if quote_in(quote, provision_text(p.article, p.written)) or quote_in(quote, p.article.text()):
                return
        # mismatch: closest passage of the cited provision(s)
        best = None
        for p in existing:
            target = provision_text(p.article, p.written)
            passage, diff = closest_passage(quote, target)
            score = sum(len(t) for op, t in diff if op == "equal")
            if best is None or score > best[0]:
                best = (score, passage, diff, p)
        score, passage, diff, p = best
        if _only_punctuation_differs(diff):
            return
        if score < 0.4 * len(norm(quote)):
            # the quote is not from this provision at all: show the provision, a diff would be noise
            passage, diff = provision_text(p.article, p.written), []
        r.expected_text = passage
        r.diff = diff
        for prov in existing:
            if prov.status == "ok":
                prov.status = "quote_mismatch"
        other = None
        if r.version is not None:
            hit = self.index(r.version).containing(quote)
            if hit is not None and (hit[0], hit[1]) not in {(pp.written.article, pp.written.suffix) for pp in existing}:
                other = key_to_ref(r.law.key, hit)
                r.add_suggestion(other)
        label = p.written.human(r.law.title, single_paragraph=len(p.article.paragraphs) == 1)
        msg = f"引文与{label}（{r.version.effective_from} 施行版本）原文不一致"
        if other:
            msg += f"；所引文字见于{Ref.parse(other).human(r.law.title)}，可能沿用了旧版条文序号"
        p.message = msg

    # ---- old numbering
    def old_numbering(self, r: Resolved, text: str, ctx: str, date: str) -> None:
        if r.law is None:
            return
        ctx_bg = bigrams(ctx)
        tables = self.tables.get(r.law.key, [])
        versions = self.store.versions(r.law.key)
        for prov in r.provisions:
            w = prov.written
            if w.article is None:
                continue
            # 1. an authored table (old text not in the library)
            for t in tables:
                if r.version is not None and r.version.effective_from != t.new_version:
                    continue
                entry = t.lookup(w.article, w.paragraph, w.item)
                if entry is None:
                    continue
                explicit = r.old_version == "missing" or getattr(r, "version_missing", False)
                if explicit:
                    for n in entry.new:
                        r.add_suggestion(n)
                    continue
                current = provision_text(prov.article, w) if prov.article is not None else ""
                fits = [k for k in entry.keywords if k in ctx and k not in current]
                if prov.status in ("no_such_article", "no_such_paragraph", "no_such_item") or fits:
                    for n in entry.new:
                        r.add_suggestion(n)
                    targets = "、".join(Ref.parse(n).human(r.law.title) for n in entry.new)
                    why = f"上下文涉及“{fits[0]}”" if fits else "现行文本中没有该条款"
                    r.warnings.append(_w("old_numbering",
                                         f"疑似沿用{t.old_label}条文序号（{why}）；对应现行{targets}"))
            # 2. other versions in the library: does the same number fit the context better there?
            if len(versions) > 1 and r.version is not None and prov.status != "not_in_force" and ctx_bg:
                self._cross_version(r, prov, ctx_bg, versions)

    def _cross_version(self, r: Resolved, prov, ctx_bg: set[str], versions) -> None:
        w = prov.written
        cur_idx = self.index(r.version)
        cur_key = (w.article, w.suffix, w.paragraph, w.item)
        cur_fit = 0.0
        if prov.article is not None:
            cur_fit = cur_idx.fit(ctx_bg, bigrams(provision_text(prov.article, w)))
        for v in versions:
            if v.id == r.version.id:
                continue
            art = self.resolver.article(v, w.article, w.suffix)
            if art is None:
                continue
            other_ref = Ref(w.law, v.effective_from, w.article, w.suffix, w.paragraph, w.item)
            if w.item is not None and w.paragraph is None:
                with_items = [i for i, p in enumerate(art.paragraphs, 1) if len(p.items) >= w.item]
                if not with_items:
                    continue
                other_ref = Ref(w.law, v.effective_from, w.article, w.suffix, with_items[0], w.item)
            if other_ref.paragraph is not None and other_ref.paragraph > len(art.paragraphs):
                continue
            if other_ref.item is not None and other_ref.item > len(art.paragraphs[other_ref.paragraph - 1].items):
                continue
            other_text = provision_text(art, other_ref)
            oidx = self.index(v)
            other_fit = oidx.fit(ctx_bg, bigrams(other_text))
            if other_fit < MIN_FIT or other_fit < cur_fit + MARGIN:
                continue
            level = "item" if other_ref.item is not None else "paragraph" if other_ref.paragraph is not None else "article"
            target = cur_idx.best(bigrams(other_text), level)
            if target is None or target[1] < 0.3:
                continue
            if (target[0][0], target[0][1]) == (w.article, w.suffix) and target[0][2:] == cur_key[2:]:
                continue
            sug = key_to_ref(r.law.key, target[0])
            r.add_suggestion(sug)
            when = "旧版" if v.effective_from < r.version.effective_from else "新版"
            r.warnings.append(_w("old_numbering",
                                 f"所述内容与《{r.law.title}》{when}（{v.effective_from} 施行）{w.article}条相符，"
                                 f"疑似沿用{when}条文序号；{r.version.effective_from} 施行版本中对应"
                                 f"{Ref.parse(sug).human(r.law.title)}"))
            return

    # ---- nonexistent paragraph / item: the best-fitting one of the same article
    def nearby(self, r: Resolved, ctx: str) -> None:
        if r.version is None or r.suggestions:
            return
        ctx_bg = bigrams(ctx)
        for prov in r.provisions:
            if prov.status not in ("no_such_paragraph", "no_such_item") or prov.article is None:
                continue
            art = prov.article
            w = prov.written
            if prov.status == "no_such_item" and not any(p.items for p in art.paragraphs):
                sug = f"{r.law.key}/{art.slug}" + (f"/{w.paragraph}" if w.paragraph and len(art.paragraphs) > 1 else "")
                r.add_suggestion(sug)
                continue
            if not ctx_bg:
                continue
            idx = self.index(r.version)
            level = "item" if prov.status == "no_such_item" else "paragraph"
            best = idx.best(ctx_bg, level, within=(art.number, art.suffix))
            if best is not None and best[1] >= 0.12:
                r.add_suggestion(key_to_ref(r.law.key, best[0]))

    # ---- repealed laws: the successor named in the repeal
    def successor(self, r: Resolved, ctx: str, date: str) -> None:
        law = r.law
        if law is None or not law.repealed_by or r.status != "not_in_force":
            return
        m = re.search(r"《([^》]+)》", law.repealed_by)
        if not m:
            return
        try:
            succ = self.resolver.lib.find_law(m.group(1))
        except Exception:
            return
        v = self.store.version_on(succ.key, date)
        if v is None:
            return
        ctx_bg = bigrams(ctx)
        idx = self.index(v)
        for prov in r.provisions:
            if prov.article is None:
                continue
            probe = bigrams(provision_text(prov.article, prov.written)) | ctx_bg
            best = idx.best(probe, "item") or idx.best(probe, "article")
            art_best = idx.best(probe, "article")
            choice = best if best and art_best and best[1] >= art_best[1] - 0.05 else art_best
            if choice and choice[1] >= 0.2:
                r.add_suggestion(key_to_ref(succ.key, choice[0]))

    # ---- pairing
    def pairing(self, results: list[Resolved], text: str) -> None:
        last_violations: list[Resolved] = []
        last_basis_end = 0
        for r in results:
            if r.ex.role == "violation" and r.law is not None:
                if last_violations and "\n\n" in text[last_violations[-1].ex.end:r.ex.start]:
                    last_violations = []
                last_violations.append(r)
            elif r.ex.role == "basis" and r.law is not None and last_violations:
                viol = [v for v in last_violations if v.ex.start >= last_basis_end]
                if viol:
                    self._pair(viol, r)
                last_basis_end = r.ex.end
                last_violations = []

    def _pair(self, violations: list[Resolved], basis: Resolved) -> None:
        provs = [p for p in basis.provisions if p.article is not None and p.status in ("ok", "quote_mismatch")]
        if not provs:
            return
        if not any(is_penalty_article(p.article.headings, provision_text(p.article, p.written)) or
                   is_penalty_article(p.article.headings, p.article.text()) for p in provs):
            labels = "、".join(p.written.human(basis.law.title) for p in provs)
            basis.warnings.append(_w("basis_not_penalty", f"处罚依据{labels}不是罚则条款（没有规定处罚）"))
            return
        cited = {str(p.written.undated()) for p in provs}
        for v in violations:
            for vp in v.provisions:
                if vp.article is None:
                    continue
                allowed = self.handbook.get(str(vp.written.undated())) or \
                    self.handbook.get(str(vp.written.undated().article_ref()))
                if not allowed:
                    continue
                if any(a == c or c.startswith(a + "/") or a.startswith(c + "/") for a in allowed for c in cited):
                    continue
                want = "、".join(_human(a, basis, self.store) for a in sorted(allowed))
                basis.warnings.append(_w("basis_mismatch",
                                         f"违反{vp.written.human(v.law.title)}的行为，处罚手册给出的处罚依据为"
                                         f"{want}，与所引处罚依据不一致"))
                if len(allowed) == 1:
                    basis.add_suggestion(next(iter(allowed)))


def _human(ref: str, r: Resolved, store) -> str:
    ref_ = Ref.parse(ref)
    law = store.laws.get(ref_.law)
    return ref_.human(law.title if law else ref_.law)


def _w(code: str, message: str):
    from .resolve import Warning_
    return Warning_(code, message)
