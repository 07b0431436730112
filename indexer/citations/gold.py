"""Gold sets for the citation checker and their scoring (shared by bench/citations.py and the tests).

Four kinds of gold passages, one schema (`[[passage]] id, date, kind, text, [[passage.citation]] text, refs,
status, note, suggestion`):
- hand-written document passages: bench/data/citations/passages_*.toml;
- excerpts of real published documents, each with its address: bench/data/citations/real_documents.toml
  (scored as "real");
- fixture documents: tests/fixtures/documents/documents.toml (`[[document]] file, date, [[document.citation]]`);
- citations mined from the statutes themselves: bench/data/citations/mined_*.toml. These name the article
  (`source = "安全生产法@2021-09-01/87"`) instead of repeating its text (statute texts stay in the library);
  the passage is the article's text, read through the store, checked with the statute as context.

Scoring: a predicted citation matches a gold one when the spans are equal. Extraction P/R/F1 over all
passages of exhaustively labelled sets; mined passages label only the forms their rule covers, so there only
predictions that overlap a gold span count. Resolution accuracy: matched citations whose set of canonical
refs equals the gold set. Status accuracy: matched citations with the gold status."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from indexer.refs import Ref

from .extract import StatuteContext


@dataclass
class GoldCitation:
    text: str
    refs: list[str]
    status: str
    suggestions: list[str] = field(default_factory=list)
    note: str = ""
    start: int = -1
    end: int = -1


@dataclass
class GoldPassage:
    id: str
    date: str
    kind: str
    text: str
    citations: list[GoldCitation]
    source: str = "hand"            # hand / document / mined
    exhaustive: bool = True
    context: StatuteContext | None = None
    rule: str = ""

    def locate(self) -> list[str]:
        """Give every gold citation its span (the n-th occurrence for repeated texts). Returns problems."""
        problems = []
        pos = 0
        for c in self.citations:
            if c.start >= 0 and self.text[c.start:c.start + len(c.text)] == c.text:
                c.end = c.start + len(c.text)
                pos = c.end
                continue
            i = self.text.find(c.text, pos)
            if i < 0:
                i = self.text.find(c.text)
            if i < 0:
                problems.append(f"{self.id}: citation text not in passage: {c.text!r}")
                continue
            c.start, c.end = i, i + len(c.text)
            pos = c.end
        return problems


def _citations(items) -> list[GoldCitation]:
    out = []
    for c in items or []:
        sug = c.get("suggestion") or []
        if isinstance(sug, str):
            sug = [sug]
        g = GoldCitation(c["text"], list(c.get("refs", [])), c.get("status", "ok"), list(sug), c.get("note", ""))
        g.start = int(c.get("start", -1))     # mined citations give their offset (the text may repeat)
        out.append(g)
    return out


def load_passages(paths, source: str = "hand") -> list[GoldPassage]:
    """Passages of `[[passage]]` files; `source` names the set they are scored in (hand / real)."""
    out = []
    for path in paths:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for p in data.get("passage", []):
            out.append(GoldPassage(p["id"], p["date"], p.get("kind", ""), p["text"], _citations(p.get("citation")),
                                   source=source))
    return out


def load_documents(toml_path: Path) -> list[GoldPassage]:
    from .documents import read_document

    toml_path = Path(toml_path)
    if not toml_path.exists():
        return []
    with toml_path.open("rb") as fh:
        data = tomllib.load(fh)
    out = []
    for d in data.get("document", []):
        doc = read_document(toml_path.parent / d["file"])
        out.append(GoldPassage(d["file"], d["date"], d.get("kind", ""), doc.text, _citations(d.get("citation")),
                               source="document"))
    return out


def article_passage(lib, source: str) -> tuple[str, StatuteContext, str]:
    """(text, statute context, date) of the article a mined passage names."""
    ref = Ref.parse(source)
    version = lib.store.version_at(ref.law, ref.version)
    if version is None:
        raise LookupError(f"no version {ref.version} of {ref.law}")
    art = lib.store.article(version, ref.article, ref.suffix)
    if art is None:
        raise LookupError(f"no article {source}")
    starts, pos, parts = [], 0, []
    for p in art.paragraphs:
        starts.append(pos)
        t = p.full_text()
        parts.append(t)
        pos += len(t) + 1
    text = "\n".join(parts)
    ctx = StatuteContext(ref.law, art.number, art.suffix, version.effective_from, tuple(starts))
    return text, ctx, version.effective_from


def load_mined(paths, lib) -> tuple[list[GoldPassage], list[str]]:
    out, problems = [], []
    for path in paths:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for p in data.get("passage", []):
            try:
                text, ctx, date = article_passage(lib, p["source"])
            except LookupError as exc:
                problems.append(f"{p['id']}: {exc}")
                continue
            out.append(GoldPassage(p["id"], date, "statute", text, _citations(p.get("citation")), source="mined",
                                   exhaustive=False, context=ctx, rule=p.get("rule", "")))
    return out, problems


# ------------------------------------------------------------------------------------------- scoring

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    matched: int = 0
    resolved_ok: int = 0
    status_ok: int = 0
    suggestion_total: int = 0
    suggestion_ok: int = 0
    unlabelled: int = 0          # matched citations whose gold names no suggestion …
    spurious: int = 0            # … for which the checker still suggested something
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def resolution_accuracy(self) -> float:
        return self.resolved_ok / self.matched if self.matched else 1.0

    @property
    def status_accuracy(self) -> float:
        return self.status_ok / self.matched if self.matched else 1.0

    @property
    def suggestion_accuracy(self) -> float:
        return self.suggestion_ok / self.suggestion_total if self.suggestion_total else 1.0

    def add(self, other: Score) -> None:
        for f in ("tp", "fp", "fn", "matched", "resolved_ok", "status_ok", "suggestion_total", "suggestion_ok",
                  "unlabelled", "spurious"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.errors += other.errors

    def to_dict(self) -> dict:
        return {"gold": self.tp + self.fn, "predicted": self.tp + self.fp, "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "matched": self.matched,
                "resolution_accuracy": round(self.resolution_accuracy, 4),
                "status_accuracy": round(self.status_accuracy, 4),
                "suggestion_accuracy": round(self.suggestion_accuracy, 4),
                "suggestions_labelled": self.suggestion_total,
                "spurious_suggestion_rate": round(self.spurious / self.unlabelled, 4) if self.unlabelled else 0.0}


def score_passage(checker, p: GoldPassage) -> Score:
    s = Score()
    s.errors += p.locate()
    result = checker.check(p.text, p.date, context=p.context)
    pred = result.citations
    gold = [g for g in p.citations if g.start >= 0]
    by_span = {(g.start, g.end): g for g in gold}
    used = set()
    for r in pred:
        span = (r.ex.start, r.ex.end)
        g = by_span.get(span)
        if g is None:
            if p.exhaustive or any(r.ex.start < gg.end and gg.start < r.ex.end for gg in gold):
                s.fp += 1
                s.errors.append(f"{p.id}: extra {r.ex.text!r} [{r.status}]")
            continue
        used.add(span)
        s.tp += 1
        s.matched += 1
        got = sorted(str(x) for x in r.refs)
        want = sorted(g.refs)
        if got == want:
            s.resolved_ok += 1
        else:
            s.errors.append(f"{p.id}: refs {g.text!r}: got {got} want {want}")
        if r.status == g.status:
            s.status_ok += 1
        else:
            s.errors.append(f"{p.id}: status {g.text!r}: got {r.status} want {g.status} | {r.message}")
        if not g.suggestions:
            s.unlabelled += 1
            if r.suggestions:
                s.spurious += 1
                s.errors.append(f"{p.id}: unexpected suggestion {g.text!r}: {r.suggestions}")
        if g.suggestions:
            s.suggestion_total += 1
            if all(x in r.suggestions for x in g.suggestions):
                s.suggestion_ok += 1
            else:
                s.errors.append(f"{p.id}: suggestion {g.text!r}: got {r.suggestions} want {g.suggestions}")
    for g in gold:
        if (g.start, g.end) not in used:
            s.fn += 1
            s.errors.append(f"{p.id}: missed {g.text!r}")
    return s


def score_all(checker, passages) -> dict[str, Score]:
    """Scores per source (hand / document / mined) and 'all'."""
    out: dict[str, Score] = {}
    total = Score()
    for p in passages:
        s = score_passage(checker, p)
        out.setdefault(p.source, Score()).add(s)
        total.add(s)
    out["all"] = total
    return out
