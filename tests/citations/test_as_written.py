"""Issue 17.4: every citation comes with its reference as written and as resolved (`cited`), whatever its
status, and the forms real documents write that the extractor used to miss."""

import json

import pytest

from indexer.citations.extract import extract

from .test_cli_report import FIXTURES, run
from .test_extract import NAMES, cites


# ---------------------------------------------------------------------------------------- forms (no library)

@pytest.mark.parametrize("text,span,written", [
    # a version marker between title and article: the note is part of the span
    ("违反了《安全生产法》(2019年修正)第十五条的规定", "《安全生产法》(2019年修正)第十五条", ["15"]),
    ("《安全生产违法行为行政处罚办法》(国家安全生产监督管理总局令第15号,2015年1月16日修订) 第五十一条",
     "《安全生产违法行为行政处罚办法》(国家安全生产监督管理总局令第15号,2015年1月16日修订) 第五十一条", ["51"]),
    # an article number without 第 right after the law name
    ("依据《中华人民共和国安全生产法》四十二条第一款的规定", "《中华人民共和国安全生产法》四十二条第一款", ["42/1"]),
    ("依据《安全生产法》（2021年修正）四十二条的规定", "《安全生产法》（2021年修正）四十二条", ["42"]),
    # the last item of a list without 条
    ("违反《安全生产法》第三十七条、第三十八条、第三十九的规定", "《安全生产法》第三十七条、第三十八条、第三十九",
     ["37", "38", "39"]),
    # a list that drops 第 after its first item
    ("违反《安全生产法》第五十三条、五十四条的规定", "《安全生产法》第五十三条、五十四条", ["53", "54"]),
    ("违反《安全生产法》第五十三条、五十四条、五十五条之规定", "《安全生产法》第五十三条、五十四条、五十五条",
     ["53", "54", "55"]),
    # 和 / 以及 joining articles with their 款
    ("违反了《安全生产法》第三十三条第一款、第二款和第三十五条第三款以及第三十八条第一款的规定",
     "《安全生产法》第三十三条第一款、第二款和第三十五条第三款以及第三十八条第一款", ["33/1", "33/2", "35/3", "38/1"]),
])
def test_forms_real_documents_write(text, span, written):
    got = cites(text)
    assert got == [(span, written)]


@pytest.mark.parametrize("text", [
    "依据《安全生产法》第三十八条、第三方的意见",           # 第三方 is not the end of the list
    "依据《安全生产法》第三十八条、三十日内改正",           # a number without 第 or 条 is not an item
    "《安全生产法》四十二个单位",                          # no 条
])
def test_forms_that_are_not_list_items(text):
    got = cites(text)
    assert all(w == ["38"] for _, w in got) or got == []


def test_version_marker_is_kept_as_written():
    c = extract("违反了《安全生产法》(2014年修正)第二十五条的规定", NAMES)[0]
    assert c.version_hint == "2014" and c.version_written == "(2014年修正)"
    c = extract("违反2014年修正的《安全生产法》第二十五条", NAMES)[0]
    assert c.version_hint == "2014" and c.version_written == "2014年修正的"
    c = extract("原《安全生产法》第二十五条", NAMES)[0]
    assert c.version_hint == "old" and c.version_written == "原"


def test_this_law_in_an_excerpt_is_the_law_of_the_excerpt():
    # 围场县应急管理领域行政处罚事项清单（2024年版）, www.weichang.gov.cn/art/2025/1/13/art_10289_1040051.html:
    # the 实施依据 column reproduces the articles after naming the law once; 本法 there is that law, also after
    # a 条例 was named in between
    text = ("1.《中华人民共和国安全生产法》 第九十四条第一款、第三款 生产经营单位的主要负责人未履行本法规定的安全生产"
            "管理职责的，责令限期改正。2.《浙江省安全生产条例》第八十二条。第一百一十五条 本法规定的行政处罚，由应急"
            "管理部门决定；其中，根据本法第九十五条、第一百一十条的规定应当给予行政处罚的")
    got = extract(text, NAMES)
    this_law = [c for c in got if c.anaphor == "本法"]
    assert this_law and all(c.law.key == "安全生产法" for c in this_law)


# ---------------------------------------------------------------------------------------- cited (library)

def cited(checker, text, date="2025-06-30"):
    return [c["cited"] | {"status": c["status"], "text": c["text"]}
            for c in checker.check(text, date).to_dict()["citations"]]


def test_unknown_law_keeps_its_parsed_reference(checker):
    [c] = cited(checker, "违反了《生产经营单位安全培训规定》(国家安全生产监督管理总局令第3号,2015年5月29日修正) "
                         "第五十一条第二款第（三）项的规定")
    # a catalogued rule (corpus/catalogue): known, its text not in the library
    assert c["status"] == "text_missing" and not c["in_library"]
    assert c["law_as_written"] == "《生产经营单位安全培训规定》" and c["law_name"] == "生产经营单位安全培训规定"
    assert c["version_as_written"].startswith("(国家安全生产监督管理总局令第3号")
    [p] = c["provisions"]
    assert (p["article"], p["paragraph"], p["item"], p["label"]) == (51, 2, 3, "第五十一条第二款第（三）项")
    assert p["status"] == "text_missing"
    [c] = cited(checker, "违反了《某某示例管理办法》(某某局令第3号,2015年5月29日修正) 第五十一条第二款第（三）项的规定")
    assert c["status"] == "unknown_law" and c["provisions"][0]["status"] == "unknown_law"


def test_version_not_in_the_library_is_said_and_the_current_counterpart_named(checker):
    # an explicit old version is compared with that version: the library lacks the 2017 行政处罚法, so the answer
    # says so, keeps the provision as written and names the current counterpart (renumbering table)
    [c] = checker.check("依据《中华人民共和国行政处罚法》(2017年修正)第五十一条第（一）项的规定", "2022-06-01"
                        ).to_dict()["citations"]
    assert c["status"] == "version_missing"
    assert "2017年修正文本" in c["message"] and "第七十二条" in c["message"]
    [p] = c["cited"]["provisions"]
    assert (p["article"], p["item"], p["status"]) == (51, 1, "version_missing")
    assert c["cited"]["version_hint"] == "2017" and c["cited"]["version"] is None
    # 《消防法》(2019年修正): the library holds only the 2021 text
    [c] = checker.check("违反了《消防法》(2019年修正)第十五条的规定", "2020-06-01").to_dict()["citations"]
    assert c["status"] == "version_missing" and "2019年修正文本" in c["message"]
    assert c["cited"]["law_title"] == "中华人民共和国消防法" and c["cited"]["provisions"][0]["article"] == 15


def test_missing_provision_keeps_every_provision_with_its_status(checker):
    [c] = cited(checker, "违反《安全生产法》第九十九条第（二）项、第九百条")
    assert c["status"] == "no_such_article" and c["version"] == "2021-09-01"
    assert [(p["article"], p["paragraph"], p["item"], p["status"]) for p in c["provisions"]] == [
        (99, 1, 2, "ok"), (900, None, None, "no_such_article")]


def test_cli_extract_and_check_give_cited(settings, tmp_path):
    doc = tmp_path / "d.txt"
    doc.write_text("依据《生产安全事故罚款处罚规定》第十五条第（一）项和《中华人民共和国安全生产法》四十二条第一款。",
                   encoding="utf-8")
    for cmd in ("extract", "check"):
        p = run(settings, cmd, str(doc), "--json", "--date", "2025-06-30")
        assert p.returncode == 0, p.stderr.decode()
        cs = json.loads(p.stdout)["citations"]
        assert [c["cited"]["provisions"][0]["label"] for c in cs] == ["第十五条第（一）项", "第四十二条第一款"]
        assert cs[0]["cited"]["law_name"] == "生产安全事故罚款处罚规定" and cs[1]["cited"]["law"] == "安全生产法"
    p = run(settings, "check", str(doc), "--date", "2025-06-30")
    assert "读作 《生产安全事故罚款处罚规定》第十五条第（一）项" in p.stdout.decode()


def test_cli_json_contract_has_cited_for_every_citation(settings):
    p = run(settings, "check", str(FIXTURES / "decision_mixed.txt"), "--json")
    for c in json.loads(p.stdout)["citations"]:
        assert c["cited"]["provisions"] or c["status"] == "ambiguous", c
