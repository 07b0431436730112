"""16.2: a citation that names a version is checked against THAT version, with or without a document date.

Where the library lacks the version (安全生产法 2014 / 2009), the result says 库中没有该版本 and names the current
counterpart from the renumbering table (looked up here from the table, never typed), and is never 正确 against
the 2021 text. Where the library holds it (浙江省安全生产条例 2016), the citation resolves against it."""

import pytest

from indexer.citations.extract import extract
from indexer.citations.loaders import load_renumbering

from .test_extract import NAMES

SAFETY_94 = [
    "2014年修正的《中华人民共和国安全生产法》第九十四条",
    "《安全生产法（2014）》第九十四条",
    "2014版安法第94条",
    "2014年版安法第94条",
    "2014年版《安全生产法》第九十四条",
    "2014年修正版《中华人民共和国安全生产法》第九十四条",
    "《中华人民共和国安全生产法》（2014年修正）第九十四条",
    "《中华人民共和国安全生产法（2014年修正）》第九十四条",
    "《中华人民共和国安全生产法》(2014年版)第九十四条",
]


# ---------------------------------------------------------------- extraction (pure, no library)

@pytest.mark.parametrize("text", SAFETY_94)
def test_version_year_is_read(text):
    got = extract(f"依据{text}的规定，决定给予罚款。", NAMES)
    assert len(got) == 1, [c.text for c in got]
    c = got[0]
    assert c.law.key == "安全生产法" and c.version_hint == "2014", (c.text, c.version_hint)
    assert [e.article for e in c.elements] == [94]


@pytest.mark.parametrize("text,year", [
    ("2009年修正的《中华人民共和国安全生产法》第九十四条", "2009"),
    ("2021年6月10日修正的《中华人民共和国安全生产法》第九十七条", "2021"),
    ("《安全生产法》（2021）第九十七条", "2021"),
])
def test_other_version_years(text, year):
    (c,) = extract(text, NAMES)
    assert c.version_hint == year


@pytest.mark.parametrize("text", [
    "2014年12月1日，依据《中华人民共和国安全生产法》第九十四条",     # a date, not a version
    "于2021年8月20日违反《安全生产法》第二十八条",
    "2023年检查发现违反安法第28条",
])
def test_dates_are_not_versions(text):
    (c,) = extract(text, NAMES)
    assert c.version_hint is None


# ---------------------------------------------------------------- resolve and verify (real library)

def _counterpart(settings, article):
    t = load_renumbering(settings.corpus)["安全生产法"][0]
    return t.lookup(article, None, None).new


@pytest.mark.parametrize("date", [None, "2015-01-01", "2025-06-30"])
@pytest.mark.parametrize("text", SAFETY_94)
def test_missing_2014_version(checker, settings, text, date):
    (c,) = checker.check(f"依据{text}的规定，决定给予罚款。", date).to_dict()["citations"]
    assert c["status"] == "version_missing", c
    assert c["status_label"] == "库中没有该版本"
    assert "库中没有该版本" in c["message"] and "2014" in c["message"]
    assert c["refs"] == []
    want = _counterpart(settings, 94)
    assert c["suggestions"] == want
    assert "对应现行" in c["message"] and "第九十七条" in c["message"]   # the human form of `want`
    assert "正确" not in c["message"] and "核对无误" not in c["message"]


def test_missing_version_without_correspondence(checker):
    (c,) = checker.check("依据2009年修正的《中华人民共和国安全生产法》第九十四条的规定", "2012-05-01").to_dict()["citations"]
    assert c["status"] == "version_missing"
    assert "库中没有该版本" in c["message"] and "2009" in c["message"]
    assert "没有该版本与现行文本的条文对照" in c["message"]
    assert c["suggestions"] == []


def test_year_with_no_such_version(checker):
    (c,) = checker.check("依据2010年版《中华人民共和国安全生产法》第九十四条的规定", "2012-05-01").to_dict()["citations"]
    assert c["status"] == "version_missing"
    assert "没有2010年" in c["message"]


def test_current_version_named(checker):
    (c,) = checker.check("依据2021年修正的《中华人民共和国安全生产法》第九十七条的规定", "2025-06-30").to_dict()["citations"]
    assert c["status"] == "ok" and c["refs"][0]["version"] == "2021-09-01"


def test_held_old_version(checker):
    text = "依据2016年修订的《浙江省安全生产条例》第二十一条第一款的规定"
    for date in (None, "2024-06-30"):
        (c,) = checker.check(text, date).to_dict()["citations"]
        assert c["refs"] and c["refs"][0]["version"] == "2016-08-01", c
        assert c["status"] != "ok"                   # not the version in force on that date
    (c,) = checker.check(text, "2020-06-30").to_dict()["citations"]
    assert c["status"] == "ok" and c["refs"][0]["version"] == "2016-08-01"
