"""The store and services on the real statute library (core scope, built once per session)."""

import pytest

from indexer.refs import Ref
from indexer.service import LawError


def test_laws_are_recognised_with_and_without_the_national_prefix(lib):
    assert lib.find_law("中华人民共和国安全生产法").key == "安全生产法"
    assert lib.find_law("《安全生产法》").title == "中华人民共和国安全生产法"


def test_unknown_law_is_a_clear_error(lib):
    with pytest.raises(LawError) as e:
        lib.find_law("安全生产违法行为行政处罚办法")
    assert e.value.code == "unknown_law" and "法规库中没有" in e.value.message


@pytest.mark.parametrize("date,effective", [("2019-06-01", "2018-01-01"), ("2023-12-31", "2018-01-01"),
                                            ("2024-01-01", "2024-01-01"), ("2026-11-28", "2024-01-01")])
def test_administrative_review_law_version_by_date(lib, date, effective):
    v = lib.version_in_force("行政复议法", date)
    assert v.effective_from == effective


def test_administrative_review_law_articles_differ_between_versions(lib):
    old = lib.article("行政复议法", 9, as_of="2019-01-01")
    new = lib.article("行政复议法", 9, as_of="2025-01-01")
    assert old.version.effective_from == "2018-01-01" and old.status == "in_force"
    assert new.version.effective_from == "2024-01-01"
    assert old.article.text() != new.article.text()
    # the 2017 text is superseded on a later date
    assert lib.article("行政复议法", 9, as_of="2025-01-01", version="2018-01-01").status == "superseded"


@pytest.mark.parametrize("date,effective", [("2016-08-01", "2016-08-01"), ("2023-02-28", "2016-08-01"),
                                            ("2023-03-01", "2023-03-01")])
def test_zhejiang_regulation_2016_vs_2022(lib, date, effective):
    assert lib.version_in_force("浙江省安全生产条例", date).effective_from == effective


def test_version_not_yet_in_force_and_new_law(lib):
    assert lib.version_in_force("危险化学品安全法", "2026-04-30") is None
    v = lib.version_in_force("危险化学品安全法", "2026-05-01")
    assert v.effective_from == "2026-05-01"
    law = lib.find_law("危险化学品安全法")
    assert lib.law_status(law, "2026-01-01") == "not_yet"


def test_repealed_coal_regulations(lib):
    law = lib.find_law("煤矿安全监察条例")
    assert law.repealed_on == "2024-05-01" and "煤矿安全生产条例" in law.repealed_by
    assert lib.version_in_force("煤矿安全监察条例", "2024-05-01") is None
    assert lib.version_in_force("煤矿安全监察条例", "2024-04-30") is not None
    assert lib.law_status(law, "2026-01-01") == "repealed"
    assert lib.article("煤矿安全监察条例", 1).status == "repealed"


def test_authored_repeal_list_agrees_with_the_repealing_text(lib):
    # corpus/repealed.toml names 煤矿安全生产条例 第七十六条: the text must say so
    art = lib.article("煤矿安全生产条例", 76)
    text = art.article.text()
    assert "《煤矿安全监察条例》" in text and "《国务院关于预防煤矿生产安全事故的特别规定》" in text and "废止" in text
    assert art.version.effective_from == "2024-05-01"


def test_article_with_items_by_reference(lib):
    view = lib.get(Ref.parse("安全生产法/99/1/2"), as_of="2025-01-01")
    assert view.version.effective_from == "2021-09-01"
    para = view.article.paragraphs[0]
    assert len(para.items) == 8
    assert "安全设备的安装、使用、检测、改造和报废" in para.items[1].text
    assert view.to_dict()["citation"] == "《中华人民共和国安全生产法》第九十九条"


def test_article_suffix(lib):
    view = lib.article("刑法", "134之一")
    assert view.article.label == "第一百三十四条之一"
    assert "生产、作业中违反有关安全管理的规定" in view.article.text()
    assert str(view.ref) == "刑法@2021-03-01/134之一"


def test_no_such_article(lib):
    with pytest.raises(LawError) as e:
        lib.article("安全生产法", 999)
    assert e.value.code == "no_such_article" and "共 119 条" in e.value.message


def test_truncated_copy_loses_to_the_complete_one(lib):
    v = lib.version_in_force("浙江省消防条例", "2025-01-01")
    assert v.files == ("extra/浙江省消防条例(2021-11-25).md",)
    assert v.article_count > 18


def test_phrase_query_finds_what_stock_analyzer_missed(lib):
    res = lib.search('"安全生产"', limit=5)
    assert res["total"] > 100
    res2 = lib.search('"生产经营单位的主要负责人"', limit=5)
    assert res2["total"] > 5
    for r in res2["results"]:
        assert "生产经营单位的主要负责人" in lib.get(Ref.parse(r["ref"])).article.text()


def test_subword_of_a_compound_is_found(lib):
    # 安全生产 is one token; 生产 alone must still reach it
    res = lib.search('"经营单位"', limit=3)
    assert res["total"] > 0


def test_search_result_contract(lib):
    res = lib.search("安全警示标志", limit=3)
    assert set(res) >= {"query", "total", "results"}
    r = res["results"][0]
    assert set(r) >= {"law", "version", "article", "suffix", "ref", "heading", "score", "snippet"}
    assert Ref.parse(r["ref"]).version == r["version"]
    assert r["law"].startswith(("中华人民共和国", "浙江", "杭州")) or r["law"]


def test_superseded_versions_rank_below_current_but_stay_findable(lib):
    res = lib.search("行政复议 申请期限", law="行政复议法", limit=50)
    statuses = [r["status"] for r in res["results"]]
    assert "superseded" in statuses and statuses[0] == "in_force"
