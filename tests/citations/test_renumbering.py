"""The authored renumbering tables (corpus/renumbering/*.toml): the library lacks the old texts, so every
entry's target must exist in the current text and contain each of the entry's keywords."""

import pytest

from indexer.citations.resolve import provision_text
from indexer.citations.loaders import load_renumbering
from indexer.refs import Ref


def entries(corpus):
    for _law, tables in load_renumbering(corpus).items():
        for t in tables:
            for e in t.entries:
                yield t, e


def test_tables_load(settings):
    tables = load_renumbering(settings.corpus)
    assert {"安全生产法", "行政处罚法"} <= set(tables)
    assert sum(len(t.entries) for ts in tables.values() for t in ts) > 150


def test_every_target_exists_and_has_its_keywords(lib):
    problems = []
    n = 0
    for t, e in entries(lib.settings.corpus):
        v = lib.store.version_at(t.law, t.new_version)
        assert v is not None, f"{t.path}: no version {t.new_version} of {t.law}"
        assert not e.old[1:] or True
        for target in e.new:
            r = Ref.parse(target)
            art = lib.store.article(v, r.article, r.suffix)
            if art is None:
                problems.append(f"{e.old} -> {target}: no such article")
                continue
            if r.paragraph is not None and r.paragraph > len(art.paragraphs):
                problems.append(f"{e.old} -> {target}: no such paragraph")
                continue
            if r.item is not None and r.item > len(art.paragraphs[r.paragraph - 1].items):
                problems.append(f"{e.old} -> {target}: no such item")
                continue
            text = provision_text(art, r)
            for k in e.keywords:
                n += 1
                if k not in text:
                    problems.append(f"{e.old} -> {target}: keyword {k!r} not in the target")
        assert e.keywords, f"{e.old}: no keywords"
    assert not problems, problems
    assert n > 200


@pytest.mark.parametrize("law,old,new", [
    ("安全生产法", (96, 1, 4), "安全生产法/99/1/5"),     # 劳动防护用品 (two items inserted before it)
    ("安全生产法", (98, 1, 3), "安全生产法/101/1/3"),    # 危险作业
    ("安全生产法", (40, None, None), "安全生产法/43"),
    ("安全生产法", (101, None, None), "安全生产法/104"),
    ("行政处罚法", (47, None, None), "行政处罚法/68"),   # 当场收缴
    ("行政处罚法", (31, None, None), "行政处罚法/44"),   # 告知
])
def test_lookup(settings, law, old, new):
    t = load_renumbering(settings.corpus)[law][0]
    assert new in t.lookup(*old).new


def test_lookup_prefers_the_most_specific_entry(settings):
    t = load_renumbering(settings.corpus)["安全生产法"][0]
    assert t.lookup(96, None, 4).new == ["安全生产法/99/1/5"]     # item written without its paragraph
    assert t.lookup(96, None, None).new == ["安全生产法/99"]
