"""Department rules the library lacks (issue 17.2): the catalogue's shape, what the checker says about a
citation of such a rule on different document dates, and that a text added to the library takes over."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from indexer.catalogue import CATALOGUE_DIR, catalogue
from indexer.refs import law_key
from tests.conftest import LIBRARY

RULE = "安全生产违法行为行政处罚办法"


def _doc(date_cn: str) -> str:
    return (f"经查，你单位违反了《{RULE}》第四十五条第一项的规定，依据《中华人民共和国安全生产法》第九十七条第三项的规定。"
            f"\n{date_cn}")


def test_every_version_names_its_sources_and_dates():
    cat = catalogue()
    assert cat.rules and list(CATALOGUE_DIR.glob("*.toml"))
    titles = [r.title for r in cat.rules]
    assert len(titles) == len(set(titles))
    for rule in cat.rules:
        assert rule.issuer and rule.text_source, rule.title
        dates = [v.effective_from for v in rule.versions]
        assert dates == sorted(dates), rule.title
        for v in rule.versions:
            assert v.sources and all(re.search(r"https?://", s) for s in v.sources), (rule.title, v.order)
            assert v.published <= v.effective_from, (rule.title, v.order)
            dt.date.fromisoformat(v.effective_from)


def test_no_catalogued_rule_is_in_the_library_already():
    # a rule whose text the library holds is found there; its catalogue entry would be dead weight
    if not (LIBRARY / "core.txt").exists():
        pytest.skip("statute library not found")
    held = {law_key(p.stem.split("(")[0]) for p in LIBRARY.rglob("*.md")}
    assert not [r.title for r in catalogue().rules if law_key(r.title) in held]


@pytest.mark.parametrize("date_cn, says", [
    ("二〇二五年三月一日", "2025-03-01 施行的版本：国家安全生产监督管理总局令第77号修正，2015-05-01 起施行"),
    ("二〇二六年三月一日", "2026-03-01 施行的版本：应急管理部令第18号修订，2026-02-01 起施行"),
    ("二〇一〇年三月一日", "2010-03-01 施行的版本：国家安全生产监督管理总局令第15号修订，2008-01-01 起施行"),
    ("二〇〇〇年三月一日", "2000-03-01 该规章尚未施行"),
])
def test_the_checker_names_the_rule_and_its_version_on_the_documents_date(checker, date_cn, says):
    result = checker.check(_doc(date_cn))
    rule_cite = next(c for c in result.citations if RULE in c.ex.text)
    assert rule_cite.status == "text_missing"
    assert "已知的部门规章" in rule_cite.message and says in rule_cite.message
    assert "应急管理部网站（www.mem.gov.cn）" in rule_cite.message
    other = next(c for c in result.citations if "安全生产法" in c.ex.text)
    assert other.status != "text_missing"


def test_an_uncatalogued_law_is_still_unknown(checker):
    result = checker.check("违反了《某某不存在的管理办法》第三条的规定。\n二〇二五年三月一日")
    assert result.citations[0].status == "unknown_law"


def test_a_text_added_to_the_library_takes_over(tmp_path):
    """A fixture text (our own, marked as such — not the rule's real text) added under the rule's title:
    the checker then reads the library's copy, as for any statute."""
    from indexer.build import build
    from indexer.citations.checker import CitationChecker
    from indexer.service import LawLibrary
    from tests.library.conftest import make_small

    small = make_small(tmp_path)
    (small.library / "local" / f"{RULE}(2015-04-02).md").write_text(
        f"# {RULE}\n\n（测试夹具：本项目自拟的占位文本，并非该规章的正式文本）\n\n<!-- INFO END -->\n\n"
        + "".join(f"第{n}条 夹具条文{n}。\n\n" for n in "一二三四五六七八九十") , encoding="utf-8")
    build(small, scope="all")
    checker = CitationChecker(LawLibrary(small))
    result = checker.check(f"违反了《{RULE}》第三条的规定。\n二〇二五年三月一日")
    assert result.citations[0].status == "ok" and result.citations[0].law.key == RULE
