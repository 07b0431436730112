"""16.9: search on an as-of date. Every row (article, handbook entry) carries its status on that date; articles
尚未施行 then and handbook entries whose basis is not in force then come after all the other rows, under a
heading on the page. Version dates are read from the library, never typed."""

from __future__ import annotations

import re
from urllib.parse import quote

from indexer.dates import STATUS_LABELS

ZJ = "浙江省安全生产条例"


def all_rows(lib, query: str, as_of: str, **kw) -> list[dict]:
    rows: list[dict] = []
    for offset in range(0, 300, 100):
        rows += lib.search(query, as_of=as_of, limit=100, offset=offset, **kw)["results"]
    return rows


def assert_grouped(rows: list[dict]) -> int:
    """Every row has a status badge; the deferred rows form one block at the end. Returns where it starts."""
    for r in rows:
        assert r["status_label"] == STATUS_LABELS[r["status"]], r
    flags = [bool(r.get("deferred")) for r in rows]
    first = flags.index(True)
    assert all(flags[first:]) and not any(flags[:first]), [(r["citation"], r["status"]) for r in rows]
    return first


def test_not_yet_articles_are_not_mixed_with_articles_in_force(lib):
    rows = all_rows(lib, f"{ZJ} 罚款", "2020-01-01")
    first = assert_grouped(rows)
    assert all(r["status"] == "not_yet" for r in rows[first:] if r["kind"] == "article")
    assert any(r["kind"] == "article" and r["law_key"] == ZJ for r in rows[first:])
    assert all(r["status"] != "not_yet" for r in rows[:first])


def test_handbook_rows_follow_the_as_of_date(lib):
    newest = lib.store.latest_version(ZJ)
    old = lib.search(f"{ZJ} 安全生产", as_of="2020-01-01", limit=30, kinds=("handbook",))["results"]
    assert old and assert_grouped(old) >= 0
    zj = [r for r in old if any(b["ref"].startswith(ZJ + "/") for b in r["basis"])]
    assert zj and newest.effective_from > "2020-01-01"
    for r in zj:
        assert r["status"] == "not_yet" and r["status_label"] == "尚未施行" and r["deferred"]
        assert f"（{newest.effective_from} 起施行的版本）在 2020-01-01 尚未施行" in r["note"]
        b = next(b for b in r["basis"] if b["ref"].startswith(ZJ + "/"))
        assert b["version"] == newest.effective_from and b["status"] == "not_yet"
    today = lib.search(f"{ZJ} 安全生产", limit=30, kinds=("handbook",))["results"]
    same = [r for r in today if r["entry"] in {x["entry"] for x in zj}]
    assert same and all(r["status"] == "in_force" and not r["deferred"] and "note" not in r for r in same)


def test_search_page_and_api_show_the_status_of_every_row(officer):
    q = quote("未对从业人员进行安全生产教育和培训")
    page = officer.get(f"/search/?q={q}").get_data(as_text=True)
    guide = re.search(r'<li class="sp-hit sp-guide">(.*?)</li>', page, re.S)
    assert guide and "处罚裁量手册" in guide.group(1) and 'class="sp-badge sp-status-in_force">现行有效' in guide.group(1)
    assert "处罚依据：" in guide.group(1)
    rows = []
    for offset in (0, 100, 200):
        rows += officer.get(f"/api/v1/search?q={q}&as_of=2020-01-01&limit=100&offset={offset}").get_json()["results"]
    first = assert_grouped(rows)
    assert any(r["kind"] == "handbook" and r["status"] == "not_yet" for r in rows[first:])
    n = first // 20 + 1
    later = officer.get(f"/search/?q={q}&as_of=2020-01-01&page={n}").get_data(as_text=True)
    head, sep, tail = later.partition('<h3 class="sp-group">')
    assert sep and "2020-01-01 尚未施行" in tail.split("</h3>")[0]
    assert "sp-status-not_yet" in tail and "sp-status-not_yet" not in head.split('class="sp-hits"', 1)[-1]
