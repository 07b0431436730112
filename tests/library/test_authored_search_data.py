"""The search vocabulary the project authors (corpus/dictionary, corpus/search) checked against the texts."""

import tomllib

import pytest

from indexer.config import CORPUS_DIR
from indexer.query import Thesaurus
from indexer.refs import law_key


@pytest.fixture(scope="module")
def core_text(settings):
    """The raw text of every core-collection file (tables and notices included), as the terms were chosen."""
    from indexer.library import read_core
    return "".join((settings.library / rel).read_text(encoding="utf-8", errors="replace")
                   for rel in sorted(read_core(settings.library))).replace("\n", "")


def test_every_thesaurus_expansion_occurs_in_the_statutes(core_text):
    th = Thesaurus(CORPUS_DIR / "search" / "thesaurus.toml")
    assert len(th.entries) >= 120
    missing = sorted({x for _terms, expands in th.entries for x in expands if x not in core_text})
    assert not missing, missing


def test_every_abbreviation_names_a_law_of_the_library(settings):
    from indexer.library import discover
    from indexer.parser import read_lines

    titles = set()
    for path in discover(settings.library):
        lines, _md = read_lines(path) if path.suffix != ".docx" else ([], False)
        first = next((ln for ln in lines if ln.strip()), "")
        titles.add(law_key(first.lstrip("#").strip()))
    with (CORPUS_DIR / "search" / "abbreviations.toml").open("rb") as fh:
        data = tomllib.load(fh)
    assert len(data["abbreviations"]) >= 100
    bad = {a: t for a, t in data["abbreviations"].items() if law_key(t) not in titles}
    bad.update({a: ts for a, ts in data.get("ambiguous", {}).items() if any(law_key(t) not in titles for t in ts)})
    assert not bad, bad


def test_every_dictionary_term_occurs_in_the_statutes(core_text):
    words = [ln.split()[0] for ln in (CORPUS_DIR / "dictionary" / "legal_terms.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    assert len(words) >= 400
    missing = [w for w in words if w not in core_text]
    assert not missing, missing
