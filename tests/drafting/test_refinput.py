"""Typed provisions (issue 11.3) read with the citation extractor, in every form the checker reads."""

from __future__ import annotations

import pytest

from indexer.citations import CitationChecker
from webapp.services.drafting.refinput import RefInputError, read_refs


@pytest.fixture(scope="module")
def checker(lib):
    return CitationChecker(lib)


def test_forms_the_checker_reads(checker):
    assert read_refs("《中华人民共和国安全生产法》第三十条第一款", checker) == ["安全生产法/30/1"]
    assert read_refs("安全生产法第四十一条", checker) == ["安全生产法/41"]
    assert read_refs("安全生产法/41/2", checker) == ["安全生产法/41/2"]
    assert sorted(read_refs("《中华人民共和国安全生产法》第三十条第一款、第二款 安全生产法/41/2", checker)) == [
        "安全生产法/30/1", "安全生产法/30/2", "安全生产法/41/2"]
    assert read_refs("", checker) == []


def test_refused_with_a_chinese_reason(checker):
    with pytest.raises(RefInputError, match="没有从"):
        read_refs("随便写的字", checker)
    with pytest.raises(RefInputError):
        read_refs("安全生产法第九百九十九条", checker)


def test_chinese_display_reads_back(lib, checker):
    """What the wizard shows (《…》第…条第…款第（…）项) reads back to the same references when saved again."""
    from indexer.citations.resolve import human_ref
    from webapp.services.drafting.catalogue import entries
    refs = sorted({r for e in entries().values() for r in [*e.get("violated", []), *e.get("basis", [])]})
    assert refs
    shown = "；".join(human_ref(r, lib) for r in refs)
    assert "/" not in shown
    assert sorted(read_refs(shown, checker)) == sorted(set(refs))
