"""The question bank: study units + authored questions + generated questions, with the dated article versions
each question depends on, and the review rule.

Dependencies (`Question.deps`): dated article references (`安全生产法@2021-09-01/97`).
- authored: every ref and every citation of the explanation, resolved to the version in force on the bank
  date (a dated ref keeps its version);
- generated: the article version the item was generated from.

Review rule. For each question the database keeps `checked` = {law: version date} — the newest version of each
law it depends on that someone has checked it against (at first sight: the versions of its deps). A question
is **flagged for review** when the library holds a version of one of its laws newer than that, and flagged
questions are **withheld** (never shown in practice or exams) until a reviewer confirms or retires them
(`StudyService.review_question`). Without any stored state (a fresh database, `lawdesk study stats` with no
app database) the deps themselves are the baseline, so a question is flagged as soon as a newer version than
the one it was written/generated for exists."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.refs import Ref

from .citations import CitationFinder, resolve, resolve_ref
from .generate import FALLBACK_TOPIC, Generator
from .questions import QUESTIONS_DIR, BankProblem, Question, load_authored
from .units import UNITS_DIR, Unit, UnitProblem, check_laws, load_units

DICTIONARY = Path("dictionary") / "legal_terms.txt"


@dataclass
class Flag:
    law: str
    checked: str          # version checked against
    latest: str           # newest version in the library

    def to_dict(self) -> dict:
        return {"law": self.law, "checked": self.checked, "latest": self.latest}


@dataclass
class Bank:
    as_of: str
    generation: str
    units: list[Unit]
    unit_problems: list[UnitProblem]
    authored: list[Question]
    generated: list[Question]
    problems: list[BankProblem]
    citation_errors: dict[str, list] = field(default_factory=dict)   # unit id -> unresolved citations
    by_id: dict[str, Question] = field(default_factory=dict)
    units_by_id: dict[str, Unit] = field(default_factory=dict)

    def __post_init__(self):
        self.by_id = {q.id: q for q in self.authored + self.generated}
        self.units_by_id = {u.id: u for u in self.units}

    @property
    def questions(self) -> list[Question]:
        return self.authored + self.generated

    def question(self, qid: str) -> Question | None:
        return self.by_id.get(qid)

    def topics(self) -> list[str]:
        seen = dict.fromkeys(u.topic for u in self.units)
        for q in self.questions:
            seen.setdefault(q.topic, None)
        return list(seen)

    def laws(self) -> list[str]:
        return sorted({law for q in self.questions for law in q.laws})


# --------------------------------------------------------------------------------------------- building
def build_bank(library, corpus: Path, as_of: str, generate: bool = True) -> Bank:
    """`library` None (no statute index built yet): units and authored questions only, nothing resolved,
    nothing generated — study still works, citations are not linked."""
    if library is None:
        return _bank_without_library(corpus, as_of)
    units, unit_problems = load_units(corpus / UNITS_DIR)
    unit_problems += check_laws(units, library.find_law)
    # what the units cite: topics of articles, key articles for the generator
    article_topics: dict[str, tuple[str | None, str]] = {}
    citation_errors: dict[str, list] = {}
    for u in units:
        for c in CitationFinder(library, u.laws).find(u.body):
            r = resolve(c, library, as_of)
            if not r.ok or r.ref is None:
                citation_errors.setdefault(u.id, []).append(r)
                continue
            article_topics.setdefault(f"{r.ref.law}/{r.ref.article}{r.ref.suffix or ''}", (u.id, u.topic_of([r.ref.law])))
    unit_topics = {u.id: u.topic for u in units}
    unit_laws = {u.id: u.laws for u in units}
    raw_authored, problems = load_authored(corpus / QUESTIONS_DIR, unit_topics, _topic_of(units))
    authored: list[Question] = []
    key_articles = set(article_topics)
    for q in raw_authored:
        deps, probs, stale = authored_deps(q, library, as_of, unit_laws.get(q.unit or "", ()))
        if probs:
            problems.extend(probs)
            continue
        authored.append(replace(q, deps=tuple(deps), extra={"stale": True} if stale else {}))
        for ref in q.refs:
            key = f"{ref.law}/{ref.article}{ref.suffix or ''}"
            key_articles.add(key)
            article_topics.setdefault(key, (q.unit, q.topic))
    generated: list[Question] = []
    if generate:
        gen = Generator(library, as_of, article_topics=article_topics, key_articles=key_articles,
                        dictionary=corpus / DICTIONARY)
        authored_ids = {q.id for q in authored}
        generated = [q for q in gen.generate() if q.id not in authored_ids]
    generation = library.generation.name if getattr(library, "_gen", None) else ""
    return Bank(as_of, generation, units, unit_problems, authored, generated, problems, citation_errors)


def _topic_of(units):
    by_id = {u.id: u for u in units}
    return lambda unit, laws: by_id[unit].topic_of(laws)


def _bank_without_library(corpus: Path, as_of: str) -> Bank:
    units, unit_problems = load_units(corpus / UNITS_DIR)
    authored, problems = load_authored(corpus / QUESTIONS_DIR, {u.id: u.topic for u in units}, _topic_of(units))
    return Bank(as_of, "", units, unit_problems, authored, [], problems)


def authored_deps(q: Question, library, as_of: str, unit_laws=()) -> tuple[list[str], list[BankProblem], bool]:
    """Dated article refs of an authored question's refs and explanation citations, the problems, and whether
    the question is *stale*: an undated ref that resolves only in an older version of its law (the new version
    dropped or renumbered the 款/项). A stale question stays in the bank, depending on the older version, so
    the review rule withholds it; a reviewer can only retire it (or the authors fix it)."""
    probs: list[BankProblem] = []
    deps: list[str] = []
    stale = False

    def dated_ref(ref: Ref):
        nonlocal stale
        dated, err = resolve_ref(ref, library, as_of)
        if err and ref.version is None:
            older = _resolve_in_older_version(ref, library, as_of)
            if older is not None:
                stale = True
                return older, None
        return dated, err

    for ref in q.refs:
        dated, err = dated_ref(ref)
        if err:
            probs.append(BankProblem(q.path or "", q.id, f"refs 中 {ref}：{err}"))
        else:
            deps.append(str(dated.article_ref()))
    # The explanation must cite what it explains; stem and options may quote a wrong or stale citation on
    # purpose (旧文书模板写着“《安全生产法》第九十六条第（一）项”…), so they are not checked.
    finder = CitationFinder(library, unit_laws)
    cited = 0
    for c in finder.find(q.explanation):
        if c.ref is None:
            probs.append(BankProblem(q.path or "", q.id, f"explanation 中的引用“{c.text}”无法解析：{c.error}"))
            continue
        dated, err = dated_ref(c.ref)
        if err:
            probs.append(BankProblem(q.path or "", q.id, f"explanation 中的引用“{c.text}”无法解析：{err}"))
            continue
        cited += 1
        deps.append(str(dated.article_ref()))
    if cited == 0 and not probs:
        probs.append(BankProblem(q.path or "", q.id, "explanation 中没有可解析的条文引用"))
    return list(dict.fromkeys(deps)), probs, stale


def _resolve_in_older_version(ref: Ref, library, as_of: str) -> Ref | None:
    for v in reversed(library.store.versions(ref.law)):
        if v.effective_from < as_of:
            dated, err = resolve_ref(ref.at(v.effective_from), library, as_of)
            if not err:
                return dated
    return None


# --------------------------------------------------------------------------------------------- review
def dep_versions(q: Question) -> dict[str, str]:
    """{law: oldest version date among the question's deps}."""
    out: dict[str, str] = {}
    for d in q.deps:
        ref = Ref.parse(d)
        if ref.version and (ref.law not in out or ref.version < out[ref.law]):
            out[ref.law] = ref.version
    return out


def latest_versions(library, laws) -> dict[str, str]:
    out: dict[str, str] = {}
    if library is None:
        return out
    for law in laws:
        v = library.store.latest_version(law)
        if v is not None:
            out[law] = v.effective_from
    return out


def flags_for(q: Question, checked: dict[str, str] | None, latest: dict[str, str]) -> list[Flag]:
    """Why `q` needs review (empty: it does not). `checked` from the stored state, None = never stored."""
    base = dep_versions(q)
    flags = []
    for law, version in base.items():
        seen = (checked or {}).get(law, version)
        newest = latest.get(law)
        if newest and newest > seen:
            flags.append(Flag(law, seen, newest))
    return flags


class BankCache:
    """One bank per (library generation, date, corpus files' mtimes), built once and shared by threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._bank: Bank | None = None

    def get(self, library, corpus: Path, as_of: str) -> Bank:
        key = (str(library.generation) if library is not None else None, as_of, _corpus_signature(corpus))
        bank = self._bank
        if bank is not None and self._key == key:
            return bank
        with self._lock:
            if self._bank is None or self._key != key:
                self._bank = build_bank(library, corpus, as_of)
                self._key = key
            return self._bank


def _corpus_signature(corpus: Path) -> tuple:
    sig = []
    for sub in (UNITS_DIR, QUESTIONS_DIR):
        d = corpus / sub
        if d.is_dir():
            for p in sorted(d.iterdir()):
                try:
                    st = p.stat()
                except OSError:
                    continue
                sig.append((p.name, st.st_mtime_ns, st.st_size))
    return tuple(sig)


__all__ = ["Bank", "BankCache", "Flag", "build_bank", "flags_for", "latest_versions", "FALLBACK_TOPIC"]
