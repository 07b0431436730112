"""The gold set (hand-written passages, fixture documents, citations mined from the statutes): every gold
citation can be found in its passage, and the checker meets the issue's targets on it."""

from pathlib import Path

import pytest

from indexer.citations.gold import load_documents, load_mined, load_passages, score_all

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / "data" / "citations"
DOCS = ROOT / "tests" / "fixtures" / "documents" / "documents.toml"


@pytest.fixture(scope="module")
def gold(lib):
    hand = load_passages(sorted(DATA.glob("passages_*.toml")))
    hand += load_passages([DATA / "real_documents.toml"], source="real")
    hand += load_passages([DATA / "real_documents_heldout.toml"], source="heldout")
    docs = load_documents(DOCS)
    mined, problems = load_mined(sorted(DATA.glob("mined_*.toml")), lib)
    assert not problems, problems
    return hand + docs + mined


def test_gold_set_is_consistent(gold):
    assert sum(len(p.citations) for p in gold) >= 250
    from indexer.citations.resolve import SEVERITY
    statuses = set(SEVERITY)
    for p in gold:
        assert not p.locate(), p.id
        for c in p.citations:
            assert c.status in statuses, (p.id, c.status)


def test_mined_labels_point_at_existing_provisions(lib, gold):
    from indexer.refs import Ref
    for p in gold:
        if p.source != "mined":
            continue
        for c in p.citations:
            for ref in c.refs:
                r = Ref.parse(ref)
                v = lib.store.version_at(r.law, r.version)
                art = lib.store.article(v, r.article, r.suffix)
                assert art is not None, ref
                if r.paragraph:
                    assert r.paragraph <= len(art.paragraphs), ref


def test_targets(checker, gold):
    scores = score_all(checker, gold)
    s = scores["all"]
    assert s.f1 >= 0.98, s.errors[:20]
    assert s.resolution_accuracy >= 0.97, s.errors[:20]
    assert s.status_accuracy >= 0.95, s.errors[:20]


def test_real_document_part(checker, gold):
    """Issue 17: excerpts of published documents, each with its address, scored on their own."""
    real = [p for p in gold if p.source == "real"]
    assert len(real) >= 8 and sum(len(p.citations) for p in real) >= 15
    import tomllib
    with (DATA / "real_documents.toml").open("rb") as fh:
        assert all(p.get("url", "").startswith("http") for p in tomllib.load(fh)["passage"])
    s = score_all(checker, real)["real"]
    assert s.f1 >= 0.98 and s.resolution_accuracy >= 0.97 and s.status_accuracy >= 0.95, s.errors
    held = [p for p in gold if p.source == "heldout"]
    assert len(held) >= 5
    s = score_all(checker, held)["heldout"]
    assert s.f1 >= 0.95 and s.resolution_accuracy >= 0.95 and s.status_accuracy >= 0.9, s.errors
