"""Issue 16.10 (3): the handbook catalogue page is grouped by topic with an index of every topic and shows a
bounded number of rows per page."""

from __future__ import annotations

import re
from types import SimpleNamespace

from webapp.services.handbook import browse

from .test_web import officer, web  # noqa: F401  (module fixtures)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-filter-text="([A-Z]+-\d+)', html)


def test_catalogue_is_paged_and_grouped(officer):  # noqa: F811
    html = officer.get("/handbook/").get_data(as_text=True)
    rows = _rows(html)
    assert 0 < len(rows) <= browse.PER_PAGE
    assert "共 185 条" in html and "第 1/" in html
    # the topic index names every topic with its count and links to the page it starts on
    index = html.split('id="hb-index-h"')[1].split("</nav>")[0]
    assert "危险化学品</a> <span class=\"muted\">（33）" in index and "特种作业</a>" in index
    link = re.search(r'href="([^"]*page=(\d+)[^"]*)#(t-\d+)">特种作业</a>', index)
    assert link
    # following it shows the topic's heading and its entries, still a bounded page
    page = officer.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert f'<h2 id="{link.group(3)}">特种作业' in page and "SP-001" in _rows(page)
    assert len(_rows(page)) <= browse.PER_PAGE
    # every entry is on exactly one page
    pages = int(re.search(r"第 1/(\d+) 页", html).group(1))
    seen = [r for p in range(1, pages + 1) for r in _rows(officer.get(f"/handbook/?page={p}").get_data(as_text=True))]
    assert len(seen) == len(set(seen)) == 185


def test_filter_covers_every_page(officer):  # noqa: F811
    html = officer.get("/handbook/?f=焊接").get_data(as_text=True)
    assert "SP-001" in _rows(html)
    assert officer.get("/handbook/?page=abc").status_code == 200
    assert officer.get("/handbook/?page=999").status_code == 200


def test_paginate_marks_continued_topics():
    entries = [SimpleNamespace(topic=t, id=f"{t}{i}") for t, n in (("甲", 3), ("乙", 4)) for i in range(n)]
    p1 = browse.paginate(entries, 1, per_page=5)
    p2 = browse.paginate(entries, "2", per_page=5)
    assert [(g.topic, len(g.items), g.continued) for g in p1.groups] == [("甲", 3, False), ("乙", 2, False)]
    assert [(g.topic, len(g.items), g.continued) for g in p2.groups] == [("乙", 2, True)]
    assert [(t.topic, t.count, t.page) for t in p1.index] == [("甲", 3, 1), ("乙", 4, 1)]
    assert (p2.first, p2.last, p2.pages) == (6, 7, 2)
