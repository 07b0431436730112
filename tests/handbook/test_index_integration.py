"""What the lead's index build gets from handbook_documents: the documents go into the live Whoosh index with
the article documents, and search_handbook then answers from that index."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def integrated(lib):
    return lib


def test_live_index_serves_handbook_documents(integrated):
    from indexer.handbook.search import live_index_has_handbook, search_handbook
    assert live_index_has_handbook(integrated)
    res = search_handbook(integrated, "电焊工没有操作证", limit=3)
    assert res["results"][0]["id"] == "handbook:SP-001"
    res = search_handbook(integrated, "听证申请期限", limit=3, kinds=("procedure",))
    assert res["results"] and res["results"][0]["kind"] == "procedure"
    # article-only searches are unaffected
    art = integrated.search("特种作业人员 上岗作业", limit=5, kinds=("article",))
    assert all(r["kind"] == "article" for r in art["results"])


def test_fingerprint_changes_with_the_catalogue(tmp_path):
    from indexer.handbook.search import handbook_fingerprint
    (tmp_path / "handbook").mkdir()
    f = tmp_path / "handbook" / "procedures.md"
    f.write_text("# a\n", encoding="utf-8")
    one = handbook_fingerprint(tmp_path)
    f.write_text("# b\n", encoding="utf-8")
    assert handbook_fingerprint(tmp_path) != one
