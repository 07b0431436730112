"""Stage 4: verify resolved citations.

- quoted text (“…” / 「…」 right after a citation) against the cited provision of the version in force, after
  normalising punctuation and spaces; on a mismatch the closest passage of the article and a character diff;
- old numbering: a quote that matches another provision of the current text; an authored renumbering table
  (corpus/renumbering/*.toml, for statutes whose old text the library lacks); for statutes whose versions
  the library holds, the same-numbered provision of another version that fits the surrounding text better;
- 违反条款 ↔ 处罚依据 pairing: the basis should be a penalty provision, and where the penalty handbook links
  the violated provision to its basis, the basis cited should be one of them.

Everything here is a function of the resolved citation, the document text and read-only library data.

The stages' pieces live in their own modules: `quotes` (normalising, closest passage, diff), `similarity` (which
provision fits a text), `loaders` (renumbering tables, handbook links), `lists` (the context of a citation) and
`suggest` (the suggestion rules)."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.index import is_penalty_article
from indexer.model import Article
from indexer.query import Thesaurus
from indexer.refs import Ref

from .loaders import load_handbook_pairs, load_renumbering
from .quotes import only_punctuation_differs, closest_passage, norm, quote_in
from .resolve import Resolved, Resolver, Warning_, human_ref, provision_text
from .similarity import VersionIndex, key_to_ref
from .suggest import Suggester


class Verifier:
    def __init__(self, resolver: Resolver, corpus: Path):
        self.resolver = resolver
        self.store = resolver.store
        self.tables = load_renumbering(corpus)
        self.handbook = load_handbook_pairs(corpus)
        self._indexes: dict[int, VersionIndex] = {}
        self.suggester = Suggester(resolver, self.tables, self.handbook,
                                   Thesaurus(Path(corpus) / "search" / "thesaurus.toml"), self.index)

    def index(self, version) -> VersionIndex:
        idx = self._indexes.get(version.id)
        if idx is None:
            idx = VersionIndex(list(self.resolver.articles(version).values()))
            self._indexes[version.id] = idx
        return idx

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
        if not existing or r.law is None or r.version is None:
            return
        law, version = r.law, r.version
        for p in existing:
            if quote_in(quote, provision_text(_art(p), p.written)) or quote_in(quote, _art(p).text()):
                return
        # mismatch: closest passage of the cited provision(s)
        best = None
        for p in existing:
            target = provision_text(_art(p), p.written)
            passage, diff = closest_passage(quote, target)
            score = sum(len(t) for op, t in diff if op == "equal")
            if best is None or score > best[0]:
                best = (score, passage, diff, p)
        assert best is not None
        score, passage, diff, p = best
        if only_punctuation_differs(diff):
            return
        if score < 0.4 * len(norm(quote)):
            # the quote is not from this provision at all: show the provision, a diff would be noise
            passage, diff = provision_text(_art(p), p.written), []
        r.expected_text = passage
        r.diff = diff
        for prov in existing:
            if prov.status == "ok":
                prov.status = "quote_mismatch"
        other = None
        hit = self.index(version).containing(quote)
        if hit is not None and (hit[0], hit[1]) not in {(pp.written.article, pp.written.suffix) for pp in existing}:
            other = key_to_ref(law.key, hit)
            r.add_suggestion(other)
        label = p.written.human(law.title, single_paragraph=len(_art(p).paragraphs) == 1)
        msg = f"引文与{label}（{version.effective_from} 施行版本）原文不一致"
        if other:
            msg += f"；所引文字见于{Ref.parse(other).human(law.title)}，可能沿用了旧版条文序号"
        p.message = msg


    def suggest(self, r: Resolved, ctx, date: str, frame: Resolved | None = None) -> None:
        """See `Suggester.suggest`."""
        self.suggester.suggest(r, ctx, date, frame)

    # ---- pairing
    def pairing(self, results: list[Resolved], text: str) -> None:
        """违反了A的规定，依据B的规定，决定…: B should be a penalty provision covering A. Pairs are taken only
        where the decision reads that way: A at most one sentence before B, and B's sentence imposes a
        penalty (处罚 / 罚款 / 决定 / 给予 …)."""
        last_violations: list[Resolved] = []
        last_basis_end = 0
        for r in results:
            if r.ex.role == "violation" and r.law is not None:
                if last_violations and "\n\n" in text[last_violations[-1].ex.end:r.ex.start]:
                    last_violations = []
                last_violations.append(r)
            elif r.ex.role == "basis" and r.law is not None and last_violations:
                viol = [v for v in last_violations if v.ex.start >= last_basis_end]
                between = text[viol[-1].ex.end:r.ex.start] if viol else ""
                sentence_end = min([i for i in (text.find(ch, r.ex.end) for ch in "。；;\n") if i >= 0] or [len(text)])
                imposes = _PENALTY_WORDS_RE.search(text, r.ex.end, sentence_end)
                if viol and imposes and len(between) <= 200 and sum(between.count(ch) for ch in "。；;\n") <= 1:
                    self._pair(viol, r)
                last_basis_end = r.ex.end
                last_violations = []

    def _pair(self, violations: list[Resolved], basis: Resolved) -> None:
        provs = [p for p in basis.provisions if p.article is not None and p.status in ("ok", "quote_mismatch")]
        if not provs:
            return
        if basis.law is None:
            return
        if not any(is_penalty_article(_art(p).headings, provision_text(_art(p), p.written)) or
                   is_penalty_article(_art(p).headings, _art(p).text()) for p in provs):
            labels = "、".join(p.written.human(basis.law.title) for p in provs)
            basis.warnings.append(Warning_("basis_not_penalty", f"处罚依据{labels}不是罚则条款（没有规定处罚）"))
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
                want = "、".join(human_ref(a, self.resolver.lib) for a in sorted(allowed))
                basis.warnings.append(Warning_("basis_mismatch",
                                         f"违反{vp.written.human(v.law.title if v.law else None)}的行为，处罚手册给出的处罚依据为"
                                         f"{want}，与所引处罚依据不一致"))
                if len(allowed) == 1 and len(violations) == 1 and len(v.provisions) == 1:
                    basis.add_suggestion(next(iter(allowed)))



_PENALTY_WORDS_RE = re.compile(r"处罚|罚款|处以|并处|给予|决定|警告|责令停产|吊销|没收")


def _art(p) -> Article:
    """The article of a provision known to exist (the callers filtered on it)."""
    assert p.article is not None
    return p.article

