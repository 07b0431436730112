"""Citations in prose: the forms the units use, resolution to dated article versions, rendering as links."""

import re
from pathlib import Path


from indexer.refs import Ref
from webapp.services.study.citations import CitationFinder, article_href, resolve, resolve_ref
from webapp.services.study.render import render_markdown, render_plain, render_unit
from webapp.services.study.units import load_units

from .conftest import AS_OF

UNITS = Path(__file__).resolve().parents[2] / "corpus" / "training" / "units"


def refs(lib, text, laws=()):
    return [(c.text, str(resolve(c, lib, AS_OF).ref) if resolve(c, lib, AS_OF).ok else None)
            for c in CitationFinder(lib, laws).find(text)]


def test_explicit_with_full_title_and_items(lib):
    got = refs(lib, "依照《中华人民共和国安全生产法》第二十一条和《安全生产法》第九十七条第（七）项处罚。")
    assert got == [("《中华人民共和国安全生产法》第二十一条", "安全生产法@2021-09-01/21"),
                   ("《安全生产法》第九十七条第（七）项", "安全生产法@2021-09-01/97/1/7")]


def test_item_without_paragraph_belongs_to_the_paragraph_with_items(lib):
    # 第九十九条 has one paragraph with eight items: 第（二）项 is 99/1/2
    assert refs(lib, "《安全生产法》第九十九条第（二）项")[0][1] == "安全生产法@2021-09-01/99/1/2"


def test_article_suffix(lib):
    assert refs(lib, "《刑法》第一百三十四条之一第（二）项")[0][1].startswith("刑法@")
    assert refs(lib, "《刑法》第一百三十四条之一第（二）项")[0][1].endswith("/134之一/1/2")


def test_chains_keep_article_and_paragraph(lib):
    got = refs(lib, "《安全生产法》第三十六条第一款、第二款，《安全生产法》第九十七条第（一）项、第（三）项和第九十九条")
    assert [r for _, r in got] == ["安全生产法@2021-09-01/36/1", "安全生产法@2021-09-01/36/2",
                                   "安全生产法@2021-09-01/97/1/1", "安全生产法@2021-09-01/97/1/3",
                                   "安全生产法@2021-09-01/99"]


def test_ranges(lib):
    got = refs(lib, "《安全生产法》第九十九条第（一）项至第（三）项")
    assert [r for _, r in got] == ["安全生产法@2021-09-01/99/1/1", "安全生产法@2021-09-01/99/1/3"]


def test_anaphors(lib):
    text = ("事故发生后立即报告（《生产安全事故报告和调查处理条例》第九条第一款）；紧急时直接报告（同条第二款）。"
            "罚款适用安全生产法第一百一十四条，不再适用条例第三十七条。"
            "到期不缴加处罚款（《行政处罚法》第七十二条第一款第（一）项），也可申请强制执行（同款第（四）项）。")
    got = refs(lib, text)
    assert got == [
        ("《生产安全事故报告和调查处理条例》第九条第一款", "生产安全事故报告和调查处理条例@2007-06-01/9/1"),
        ("同条第二款", "生产安全事故报告和调查处理条例@2007-06-01/9/2"),
        ("安全生产法第一百一十四条", "安全生产法@2021-09-01/114"),
        ("条例第三十七条", "生产安全事故报告和调查处理条例@2007-06-01/37"),
        ("《行政处罚法》第七十二条第一款第（一）项", "行政处罚法@2021-07-15/72/1/1"),
        ("同款第（四）项", "行政处罚法@2021-07-15/72/1/4"),
    ]


def test_province_short_name_uses_the_unit_laws(lib):
    got = refs(lib, "浙江省条例第五十八条", laws=("安全生产法", "浙江省安全生产条例"))
    assert got == [("浙江省条例第五十八条", "浙江省安全生产条例@2023-03-01/58")]
    # without the unit's list the short name is not guessed
    assert refs(lib, "浙江省条例第五十八条") == [("浙江省条例第五十八条", None)]


def test_not_citations(lib):
    # a bare article number (may be about an old version), an unknown title's tail, a document title
    assert refs(lib, "旧法对应条文是第九十六条。某某条例第五条。《安全生产责任制汇编》") == []


def test_resolution_errors(lib):
    bad = {c.text: resolve(c, lib, AS_OF).error
           for c in CitationFinder(lib).find("《安全生产法》第九百条、《安全生产法》第九十六条第（一）项、"
                                             "《安全生产法》第三条第九款、《没有这部法》第一条")}
    assert "没有第九百条" in bad["《安全生产法》第九百条"] or "没有第900条" in bad["《安全生产法》第九百条"]
    assert "没有项" in bad["《安全生产法》第九十六条第（一）项"]
    assert "第9款" in bad["《安全生产法》第三条第九款"]
    assert "没有“没有这部法”" in bad["《没有这部法》第一条"]


def test_version_in_force_on_the_date(lib):
    # 浙江省安全生产条例: the 2016 text until 2023-02-28, the 2022 revision from 2023-03-01
    old, _ = resolve_ref(Ref.parse("浙江省安全生产条例/14"), lib, "2020-01-01")
    new, _ = resolve_ref(Ref.parse("浙江省安全生产条例/14"), lib, AS_OF)
    assert old.version < "2023-03-01" <= new.version


def test_every_citation_in_every_unit_resolves(lib):
    units, _ = load_units(UNITS)
    failures, total = [], 0
    for u in units:
        rendered = render_unit(u, lib, AS_OF)
        total += len(rendered.citations)
        failures += [f"{u.id} {r.citation.text}: {r.error}" for r in rendered.errors]
        # every resolved citation is a link to its dated version in the HTML
        for r in rendered.citations:
            if r.ok:
                assert f'href="{article_href(r.ref)}"' in rendered.html
    assert total > 300
    assert not failures, "\n".join(failures)


def test_rendered_unit_links_and_escaping(lib):
    out = render_markdown("## 小节\n\n见《安全生产法》第九十七条第（七）项。<script>alert(1)</script>", lib, AS_OF)
    assert '<a class="cite"' in out.html
    assert 'href="/articles/%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7%E6%B3%95@2021-09-01/97/1/7#p1-i7"' in out.html
    assert 'data-ref="安全生产法@2021-09-01/97/1/7"' in out.html
    assert "<script>" not in out.html and "&lt;script&gt;" in out.html
    assert 'id="小节"' in out.html and "小节" in out.toc


def test_render_plain(lib):
    html = render_plain("依照《安全生产法》第九十七条第（三）项 & <b>", lib, AS_OF)
    assert html.count("<a ") == 1 and "&amp; &lt;b&gt;" in html
    assert re.search(r'data-ref="安全生产法@2021-09-01/97/1/3"', html)
