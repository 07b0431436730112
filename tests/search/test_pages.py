"""The search page, article pages and law pages (Flask test client, core-scope build of the real library).

Article numbers and texts asserted here were read in /work/shared/corpus: 安全生产法 第九十九条 (one paragraph,
items （一）–（八）, （二） on 安全设备的安装、使用、检测、改造和报废), 第一百零二条 (未采取措施消除事故隐患); 消防法 第六十四条
（二）过失引起火灾; 行政复议法 2017 text 第九条 (two paragraphs, 六十日 application period) = 2023 text 第二十条 (adds
或者应当知道); 煤矿安全监察条例 repealed 2024-05-01 by 煤矿安全生产条例 第七十六条; 危险化学品安全法 in force 2026-05-01."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import pytest
from markupsafe import Markup

from indexer.textdiff import char_diff
from webapp.views.search import highlight


def html(resp) -> str:
    return resp.get_data(as_text=True)


def no_inline_script(text: str) -> bool:
    return not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) and " style=" not in text and not re.search(r"\son[a-z]+=", text)


def location(resp) -> str:
    return unquote(resp.headers.get("Location", ""))


# ------------------------------------------------------------------------------------------- helpers
def test_highlight_escapes_everything_but_the_marks():
    out = highlight("<b>安全</b>警示&标志", [[3, 5], [12, 14]])
    assert isinstance(out, Markup)
    assert out == "&lt;b&gt;<mark>安全</mark>&lt;/b&gt;警示&amp;<mark>标志</mark>"
    # spans out of range, overlapping or malformed are ignored, never an error
    assert highlight("abc", [[1, 9], [2, 1], ["x", 2], [0, 1], [0, 2]]) == "<mark>a</mark>bc"
    assert highlight("<x>", None) == "&lt;x&gt;"


def test_char_diff_marks_insertions_and_deletions():
    diff = char_diff("认为具体行政行为", "认为行政行为或者")
    left, right, ratio = diff.old(), diff.new(), diff.ratio
    assert ("del", "具体") in left and ("ins", "或者") in right
    assert "".join(t for _, t in left) == "认为具体行政行为" and "".join(t for _, t in right) == "认为行政行为或者"
    assert 0 < ratio < 1


# ------------------------------------------------------------------------------------------- search page
def test_search_page_form(officer):
    r = officer.get("/search/")
    assert r.status_code == 200
    page = html(r)
    for text in ('role="search"', 'name="q"', 'name="law"', 'name="level"', 'name="region"', 'name="status"',
                 'name="as_of"', "search/search.js", "search/search.css", 'data-suggest="/api/v1/laws"'):
        assert text in page, text
    for option in ("法律", "行政法规", "地方性法规", "司法解释", "部门规章", "浙江", "现行有效", "已修改", "已废止", "尚未施行"):
        assert f">{option}</option>" in page, option
    assert no_inline_script(page)
    assert officer.get("/search?q=x").status_code == 308          # /search → /search/


def test_keyword_search_with_highlights_count_time_and_pages(officer):
    r = officer.get("/search/?q=" + quote("安全警示标志"))
    assert r.status_code == 200
    page = html(r)
    total = int(re.search(r'id="sp-total">(\d+)<', page).group(1))
    assert total > 20
    assert "<mark>安全警示标志</mark>" in page
    assert re.search(r'id="sp-elapsed">\d+\.\d</span> 毫秒', page)
    assert len(re.findall(r'<li class="sp-hit', page)) == 20
    assert 'rel="next"' in page and "第 1–20 条" in page
    assert "/articles/" in page and "《中华人民共和国安全生产法》" in page
    page2 = html(officer.get("/search/?page=2&q=" + quote("安全警示标志")))
    assert "第 21–" in page2 and 'rel="prev"' in page2 and '<span aria-current="page">2</span>' in page2
    first_refs = set(re.findall(r'href="(/articles/[^"]+)"', page))
    assert first_refs.isdisjoint(re.findall(r'href="(/articles/[^"]+)"', page2))


def test_search_filters(officer):
    page = html(officer.get("/search/?q=" + quote("安全警示标志") + "&level=" + quote("法律")))
    levels = re.findall(r"起施行的版本 · ([^<]+)</p>", page)
    assert levels and set(levels) == {"法律"}
    page = html(officer.get("/search/?q=" + quote("罚款") + "&law=" + quote("安法")))
    titles = set(re.findall(r'class="sp-title" href="/articles/[^"]+">《([^》]+)》', page))
    assert titles == {"中华人民共和国安全生产法"}
    page = html(officer.get("/search/?q=" + quote("罚款") + "&region=" + quote("浙江") + "&status=superseded"))
    assert "浙江省安全生产条例" in page
    badges = re.findall(r'class="sp-badge sp-status-(\w+)"', page.split('id="sp-results-h"')[1])
    assert badges and set(badges) == {"superseded"}
    # as of 2020 the 2017 text of 行政复议法 was in force
    page = html(officer.get("/search/?q=" + quote("行政复议 申请期限") + "&as_of=2020-01-01&law=" + quote("行政复议法")))
    first = re.search(r'class="sp-title" href="([^"]+)">[^<]+</a>\s*<span class="sp-badge sp-status-(\w+)"', page)
    assert unquote(first.group(1)).startswith("/articles/行政复议法@2018-01-01/") and first.group(1).endswith("?as_of=2020-01-01")
    assert first.group(2) == "in_force"
    later = re.findall(r'href="/articles/[^"]+@2024-01-01/[^"]+">[^<]+</a>\s*<span class="sp-badge sp-status-(\w+)"', page)
    assert set(later) <= {"not_yet"}                # the 2023 text, found but labelled 尚未施行 on that date
    assert 'value="2020-01-01"' in page and "<details class=\"sp-filters\" open>" in page


def test_query_with_script_is_escaped(officer):
    q = "<script>alert(1)</script>罚款"
    r = officer.get("/search/?q=" + quote(q))
    assert r.status_code == 200
    page = html(r)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;罚款" in page
    assert no_inline_script(page)
    assert "<mark>罚款</mark>" in page


def test_citation_query_opens_the_article(officer):
    r = officer.get("/search/?q=" + quote("安法102条"))
    assert r.status_code == 302
    assert location(r).startswith("/articles/安全生产法@2021-09-01/102?")
    r = officer.get("/search/?q=" + quote("消防法第六十四条第二项"))
    assert r.status_code == 302
    assert location(r).startswith("/articles/消防法@2021-04-29/64/1/2?") and location(r).endswith("#p1-i2")
    page = html(officer.get(r.headers["Location"]))
    assert re.search(r'<li id="p1-i2" class="sp-item sp-focus"[^>]*>\s*<span class="visually-hidden">（所引的项）</span>（二）过失引起火灾的', page)
    assert "由检索“消防法第六十四条第二项”直接打开" in page
    # jump=0 keeps the list, with the cited article first
    page = html(officer.get("/search/?jump=0&q=" + quote("安法102条")))
    first = re.search(r'class="sp-title" href="([^"]+)">([^<]+)<', page)
    assert unquote(first.group(1)).startswith("/articles/安全生产法@2021-09-01/102") and first.group(2) == "《中华人民共和国安全生产法》第一百零二条"


def test_law_name_and_missing_article_rows(officer):
    page = html(officer.get("/search/?q=" + quote("安全生产法")))
    m = re.search(r'<li class="sp-hit sp-law-hit">\s*<div class="sp-hit-head"><a class="sp-title" href="([^"]+)">([^<]+)</a>', page)
    assert m and unquote(m.group(1)) == "/laws/安全生产法" and m.group(2) == "《中华人民共和国安全生产法》"
    page = html(officer.get("/search/?q=" + quote("安法999条")))
    assert re.search(r'<li class="sp-hit sp-notice" role="alert"><strong>引用的条文不存在：</strong>[^<]*没有第九百九十九条', page)
    # an item the article does not have: no jump to a missing anchor, a warning on the row
    r = officer.get("/search/?q=" + quote("安法第九十九条第十二项"))
    assert r.status_code == 200
    assert "所引的款项不存在：中华人民共和国安全生产法第九十九条只有 8 项，没有第（十二）项。" in html(r)


def test_law_filter_without_words_opens_the_law(officer):
    r = officer.get("/search/?q=&law=" + quote("安法"))
    assert r.status_code == 302 and location(r) == "/laws/安全生产法"


@pytest.mark.parametrize("query, status, message", [
    ("q=" + "安" * 2001, 400, "检索内容过长：2001 字，最多 2000 字"),
    ("q=x&as_of=2020-02-30", 400, "必须是 YYYY-MM-DD"),
    ("q=x&law=" + quote("没有这部法"), 404, "法规库中没有“没有这部法”"),
    ("q=x&page=0", 400, "参数 page 超出范围"),
    ("q=x&status=valid", 400, "参数 status 无效"),
])
def test_search_page_errors(officer, query, status, message):
    r = officer.get("/search/?" + query)
    assert r.status_code == status
    assert message in html(r)


def test_search_page_unknown_level_or_region_finds_nothing(officer):
    r = officer.get("/search/?q=" + quote("罚款") + "&level=" + quote("宪法"))
    assert r.status_code == 200 and 'id="sp-total">0<' in html(r)


# ------------------------------------------------------------------------------------------- article page
def test_article_page_with_item_focus(officer):
    r = officer.get("/articles/" + quote("安全生产法/99/1/2"))
    assert r.status_code == 200
    page = html(r)
    assert "<h1 id=\"sp-title\"><span class=\"sp-law-title\">《中华人民共和国安全生产法》</span>第九十九条</h1>" in page
    assert '<span class="sp-badge sp-status-in_force">现行有效</span>' in page
    assert '<span class="sp-chapter">第六章 法律责任</span>' in page
    assert len(re.findall(r'<li id="p1-i\d"', page)) == 8
    assert re.search(r'<li id="p1-i2" class="sp-item sp-focus"[^>]*>\s*<span class="visually-hidden">（所引的项）</span>（二）安全设备的安装', page)
    assert 'id="p1"' in page and "第一款" not in page          # one paragraph: no 款 label
    assert '<output id="sp-citation" class="sp-cite-text" for="sp-title">《中华人民共和国安全生产法》第九十九条第（二）项</output>' in page
    assert 'id="sp-copy" data-copy-target="#sp-citation" hidden>复制引用</button>' in page   # JS shows it
    assert "<code>安全生产法@2021-09-01/99/1/2</code>" in page
    assert "上一条（第九十八条）" in page and "下一条（第一百条）" in page
    assert 'href="/laws/' + quote("安全生产法") in page
    assert "2021-09-01 起施行" in page
    assert no_inline_script(page)


def test_article_page_paragraphs_and_comparison(officer):
    page = html(officer.get("/articles/" + quote("行政复议法@2018-01-01/9/2")))
    assert '<a class="sp-para-num" href="#p1" title="本款链接">第一款</a>' in page
    assert re.search(r'<div class="sp-para sp-focus" id="p2"', page)
    assert "《中华人民共和国行政复议法》第九条第二款</output>" in page
    assert '<span class="sp-badge sp-status-superseded">已修改</span>' in page
    assert "2018-01-01 起施行，2023-12-31 止" in page and "2017-09-01 修正" in page and "2023-09-01 修订" in page
    # renumbered in 2023: the counterpart is 第二十条, found by similarity; the same-numbered article is offered too
    assert re.search(r"现行版本中对应的是<a href=\"[^\"]+\">第二十条</a>（按文字相似度推断）", page)
    assert "按文字相似度推断，对应的是" in page
    diff = page.split('id="sp-compare-h"')[1]
    assert "<del>具体</del>" in diff and "<ins>或者应当知道</ins>" in diff
    assert "（2018-01-01 起施行）" in diff and "（2024-01-01 起施行）" in diff


def test_undated_article_follows_the_as_of_date(officer):
    old = html(officer.get("/articles/" + quote("行政复议法/9") + "?as_of=2020-01-01"))
    assert "六十日内提出行政复议申请" in old and "sp-status-in_force\">现行有效</span>\n      <span class=\"sp-chapter" in old
    new = html(officer.get("/articles/" + quote("行政复议法/9")))
    assert "六十日内提出行政复议申请" not in new.split('id="sp-text"')[1].split("</div>\n  </div>")[0]
    assert "2024-01-01 起施行的版本" in new


def test_repealed_and_not_yet_in_force(officer):
    page = html(officer.get("/articles/" + quote("煤矿安全监察条例/1")))
    assert '<span class="sp-badge sp-status-repealed">已废止</span>' in page
    assert "已废止（《煤矿安全生产条例》第七十六条）" in page
    page = html(officer.get("/articles/" + quote("危险化学品安全法/1") + "?as_of=2026-01-01"))
    assert '<span class="sp-badge sp-status-not_yet">尚未施行</span>' in page and "2026-05-01 起施行" in page


def test_article_page_escapes_the_query(officer):
    page = html(officer.get("/articles/" + quote("安全生产法/1") + "?q=" + quote("<script>x</script>")))
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.parametrize("path, status, message", [
    ("安全生产法/999", 404, "没有第九百九十九条"),
    ("没有这部法/1", 404, "法规库中没有“没有这部法”"),
    ("安全生产法@2000-01-01/1", 404, "没有 2000-01-01 施行的版本"),
    ("安全生产法/99/5", 404, "只有 1 款，没有第五款"),
    ("安全生产法/99/1/9", 404, "只有 8 项，没有第（九）项"),
    ("安全生产法/99/1/2/1", 404, "没有第一目"),
    ("安全生产法@20-1-1/1", 400, "不是有效的条文引用"),
    ("安全生产法/第九十九条", 400, "不是有效的条文引用"),
    ("安全生产法/99?as_of=2021-13-01", 400, "YYYY-MM-DD"),
    ("安全生产法/999999999999999999999", 404, "条文序号过大"),
])
def test_article_page_errors(officer, path, status, message):
    r = officer.get("/articles/" + quote(path, safe="/@?="))
    assert r.status_code == status
    assert message in html(r)


def test_article_ref_without_article_opens_the_law(officer):
    r = officer.get("/articles/" + quote("中华人民共和国安全生产法"))
    assert r.status_code == 302 and location(r) == "/laws/安全生产法"


def test_alias_in_ref(officer):
    page = html(officer.get("/articles/" + quote("安法/102")))
    assert "未采取措施消除事故隐患" in page and "<code>安全生产法@2021-09-01/102</code>" in page


# ------------------------------------------------------------------------------------------- law page
def test_law_page(officer):
    r = officer.get("/laws/" + quote("行政复议法"))
    assert r.status_code == 200
    page = html(r)
    assert "<h1 id=\"sp-law-title\">中华人民共和国行政复议法</h1>" in page
    assert page.count("<tr") == 3 and "2023-09-01 修订 <span class=\"sp-kind\">当前目录</span>" in page
    assert "1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过" in page
    assert "2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订" in page
    assert '<li class="sp-toc-heading sp-depth-0" id="h0">第一章 总 则</li>' in page
    assert len(re.findall(r'<li class="sp-toc-article" id="a\d+', page)) == 90
    assert "共 90 条" in page
    old = html(officer.get("/laws/" + quote("行政复议法") + "?version=2018-01-01"))
    assert len(re.findall(r'<li class="sp-toc-article"', old)) == 43
    assert "2023年9月1日" not in old             # the 2017 text's history stops at 2017
    assert no_inline_script(page)


def test_law_page_repeal_note_and_aliases(officer):
    page = html(officer.get("/laws/" + quote("煤矿安全监察条例")))
    assert "本法规已于 2024-05-01 废止，依据《煤矿安全生产条例》第七十六条。" in page
    assert '<span class="sp-badge sp-status-repealed">已废止</span>' in page
    page = html(officer.get("/laws/" + quote("《安法》")))
    assert "中华人民共和国安全生产法" in page and "第六章 法律责任" in page


@pytest.mark.parametrize("path, status", [
    ("没有这部法", 404), ("安全生产法?version=2000-01-01", 404), ("安全生产法?as_of=2020-1-1", 400),
    ("安全生产法?version=bad", 400), ("安" * 500, 404)])
def test_law_page_errors(officer, path, status):
    r = officer.get("/laws/" + quote(path, safe="?="))
    assert r.status_code == status
    assert "系统错误" not in html(r)
