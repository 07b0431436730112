"""Drafted quotes carry the official full-width punctuation (issue 18.5): some library files write `:` `(` `)`
`;` in half width where the official text has `：` `（` `）` `；`."""

import re

from indexer.punctuation import fold_width
from indexer.refs import Ref
from webapp.services.drafting.lawtext import _provision_text, provision_text

HALF = re.compile(r"(?<![0-9])[,:;()?!]|[,:;()?!](?![0-9])")


def half_width_articles(lib, date="2025-06-30"):
    store = lib.store
    for law in store.laws.values():
        v = store.version_on(law.key, date)
        if v is None:
            continue
        for a in store.articles(v):
            if HALF.search(a.text()):
                yield law, v, a


def test_library_has_half_width_articles_and_drafting_prints_them_full_width(lib):
    found = list(half_width_articles(lib))
    assert found, "the core library no longer has half-width punctuation: keep the test honest with a fixture"
    for law, v, a in found:
        ref = Ref(law.key, v.effective_from, a.number, a.suffix)
        drafted = provision_text(a, ref)
        assert not HALF.search(drafted), (law.title, a.label, HALF.search(drafted).group(0))
        assert fold_width(drafted) == fold_width(_provision_text(a, ref)), (law.title, a.label)


def test_shown_article_is_full_width(lib):
    law, v, a = next(half_width_articles(lib))
    view = lib.article(law.title, a.label, version=v.effective_from)
    d = view.to_dict()
    shown = [d["text"]] + [p["text"] for p in d["paragraphs"]] + \
        [it["text"] for p in d["paragraphs"] for it in p["items"]] + \
        [s for p in d["paragraphs"] for it in p["items"] for s in it["subitems"]]
    assert not any(HALF.search(t) for t in shown), law.title + a.label
    assert fold_width(d["text"]) == fold_width(a.text())
