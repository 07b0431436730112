"""Resolve and verify against the real library (core build): versions by date, existence, quotes, old
numbering, repealed / not yet effective / unknown laws, pairing. Every article number here was checked against
the statute text (see the comments)."""

import pytest


def one(check, text, date="2025-06-30"):
    got = check(text, date)
    assert len(got) == 1, [c["text"] for c in got]
    return got[0]


def test_ok_and_json_shape(check):
    c = one(check, "依据《中华人民共和国安全生产法》第九十九条第（五）项的规定")
    assert set(c) >= {"text", "start", "end", "refs", "status", "message", "quote", "expected_text", "suggestion"}
    assert c["status"] == "ok"
    assert c["refs"] == [{"law": "安全生产法", "version": "2021-09-01", "article": 99, "suffix": None,
                          "paragraph": 1, "item": 5, "ref": "安全生产法@2021-09-01/99/1/5"}]


@pytest.mark.parametrize("text,status", [
    ("《中华人民共和国安全生产法》第一百二十条", "no_such_article"),          # the law has 119 articles
    ("《危险化学品安全管理条例》第二十条第三款", "no_such_paragraph"),        # 第二十条 has two paragraphs
    ("《中华人民共和国安全生产法》第一百零一条第（六）项", "no_such_item"),     # 第一百零一条 has five items
    ("《中华人民共和国安全生产法》第一百零九条第（一）项", "no_such_item"),     # 第一百零九条 has no items
    ("《安全生产违法行为行政处罚办法》第四十五条第（一）项", "text_missing"),   # catalogued, text not held
    ("《某某不存在的管理办法》第四十五条第（一）项", "unknown_law"),
    ("《消法》第六十条", "ambiguous"),
])
def test_statuses(check, text, status):
    assert one(check, text)["status"] == status


def test_no_such_item_keeps_no_refs_and_suggests(check):
    c = one(check, "经查未为从业人员提供劳动防护用品，依据《中华人民共和国安全生产法》第一百零九条第（一）项的规定")
    assert c["refs"] == [] and c["written"] == ["安全生产法@2021-09-01/109/1/1"]
    c = one(check, "高危行业企业未投保安全生产责任保险，依据《安全生产法》第一百零九条第（一）项的规定")
    assert c["suggestion"] == "安全生产法/109"


def test_version_by_document_date(check):
    # 行政复议法: 2017 text in force until 2024-01-01; its 第九条 is the 60-day time limit
    old = one(check, "可依据《中华人民共和国行政复议法》第九条第一款的规定申请行政复议", "2023-06-14")
    assert old["status"] == "ok" and old["refs"][0]["ref"] == "行政复议法@2018-01-01/9/1"
    new = one(check, "如不服本决定，可依据《中华人民共和国行政复议法》第九条第一款的规定，于收到本决定书之日起六十日内申请行政复议",
              "2025-05-06")
    assert new["refs"][0]["ref"] == "行政复议法@2024-01-01/9/1"
    assert new["suggestion"] == "行政复议法/20/1" and any(w["code"] == "old_numbering" for w in new["warnings"])
    # 浙江省安全生产条例: 2016 text until 2023-03-01
    assert one(check, "违反《浙江省安全生产条例》第二十一条第一款的规定", "2023-02-08")["refs"][0]["version"] == "2016-08-01"
    assert one(check, "违反《浙江省安全生产条例》第二十一条第一款的规定", "2023-03-01")["refs"][0]["version"] == "2023-03-01"


def test_not_in_force(check):
    repealed = one(check, "新入井人员未经安全生产教育和培训即上岗作业，依据《煤矿安全监察条例》第四十一条的规定", "2024-07-22")
    assert repealed["status"] == "not_in_force" and "2024-05-01" in repealed["message"]
    assert repealed["refs"][0]["ref"] == "煤矿安全监察条例@2013-07-18/41"
    assert repealed["suggestion"].startswith("煤矿安全生产条例/")
    still = one(check, "依据《煤矿安全监察条例》第四十五条的规定", "2024-03-28")
    assert still["status"] == "ok"
    future = one(check, "违反《中华人民共和国危险化学品安全法》第四十一条第一款的规定", "2026-02-10")
    assert future["status"] == "not_in_force" and "2026-05-01" in future["message"]
    assert one(check, "违反《中华人民共和国危险化学品安全法》第四十一条第一款的规定", "2026-06-15")["status"] == "ok"


def test_explicit_old_version(check):
    c = one(check, "某公司2020年被依据修正前《安全生产法》第九十四条第（三）项处罚。", "2024-04-18")
    assert c["status"] == "version_missing" and c["refs"] == []     # 16.2: was not_in_force (库中没有该版本)
    assert c["suggestion"] == "安全生产法/97/1/3"          # 2014 第九十四条第（三）项 = 培训, now 第九十七条第（三）项
    c = one(check, "不再可以选择向上一级主管部门申请（原第十二条第一款）。修订后的《行政复议法》自2024年1月1日起施行。",
            "2024-12-10")
    # bare 原第十二条 before any law name: nothing to resolve against
    assert c["status"] in ("ambiguous", "not_in_force")


def test_quotes(check):
    bad = one(check, "依据《中华人民共和国安全生产法》第一百零二条“责令立即消除或者限期消除，处十万元以下的罚款”的规定")
    assert bad["status"] == "quote_mismatch"
    assert "五万元" in bad["expected_text"]
    assert {"op": "delete", "text": "十"} in bad["diff"] or any(d["op"] == "delete" for d in bad["diff"])
    ok = one(check, "《行政处罚法》第四十五条第二款“不得因当事人陈述，申辩而给予更重的处罚”")
    assert ok["status"] == "ok"                         # only punctuation differs (、 written as ，)
    elided = one(check, "依据《安全生产法》第九十九条“生产经营单位有下列行为之一的……处五万元以下的罚款”的规定")
    assert elided["status"] == "ok"


def test_quote_from_another_article_suggests_it(check):
    c = one(check, "以上事实违反了《中华人民共和国安全生产法》第四十二条“符合国家标准或者行业标准的劳动防护用品”的规定",
            "2022-10-11")
    assert c["status"] == "quote_mismatch" and c["suggestion"] == "安全生产法/45"


def test_old_numbering_from_the_table(check):
    # 2014 第九十六条第（四）项 = 劳动防护用品, now 第九十九条第（五）项 (items (四) and (八) were inserted)
    c = one(check, "未为从业人员提供劳动防护用品，依据《中华人民共和国安全生产法》第九十六条第（四）项的规定", "2022-10-11")
    assert c["status"] == "no_such_item" and c["suggestion"] == "安全生产法/99/1/5"
    # 2014 第四十条 = 危险作业现场安全管理, now 第四十三条; the current 第四十条 is about 重大危险源
    c = one(check, "你公司进行电焊动火作业时未安排专门人员进行现场安全管理，违反了《安全生产法》第四十条的规定", "2024-11-05")
    assert c["status"] == "ok" and c["suggestion"] == "安全生产法/43"
    assert "2014" in c["message"]
    # a correct current citation with the same words is left alone
    c = one(check, "你公司进行电焊动火作业时未安排专门人员进行现场安全管理，违反了《安全生产法》第四十三条的规定")
    assert c["status"] == "ok" and c["suggestion"] is None and c["warnings"] == []


def test_pre_2021_administrative_penalty_numbers(check):
    c = one(check, "根据《中华人民共和国行政处罚法》第四十二条的规定，你公司有要求举行听证的权利", "2023-03-15")
    assert c["status"] == "ok" and c["suggestions"] == ["行政处罚法/63", "行政处罚法/64"]


def test_anaphor_pointing_at_the_wrong_law_is_ambiguous(check):
    got = check("讨论依据：根据《行政处罚法》第五十七条第二款，由负责人集体讨论决定。\n"
                "主持人：本案适用《安全生产法》第一百零一条第（二）项。\n"
                "法规科：审核意见认为属于该法第五十八条第一款第（三）项规定的情形。", "2024-10-30")
    assert got[-1]["status"] == "ambiguous" and got[-1]["suggestion"] == "行政处罚法/58/1/3"


def test_pairing_warns_when_basis_is_not_a_penalty(check):
    got = check("你公司未设置安全警示标志，违反了《安全生产法》第三十五条的规定，依据《安全生产法》第三十六条的规定，"
                "决定处罚款人民币一万元。")
    assert any(w["code"] == "basis_not_penalty" for w in got[1]["warnings"])
    got = check("你公司未设置安全警示标志，违反了《安全生产法》第三十五条的规定，依据《安全生产法》第九十九条第（一）项的规定，"
                "决定处罚款人民币一万元。")
    assert got[1]["warnings"] == []


def test_document_date_from_signature(checker):
    text = "依据《中华人民共和国安全生产法》第九十九条第（一）项的规定。\n\n杭州市临平区应急管理局\n二〇二五年八月十二日\n"
    r = checker.check(text)
    assert (r.date, r.date_source) == ("2025-08-12", "document")


def test_unknown_law_reason_for_unindexed_files(check):
    c = one(check, "违反《中华人民共和国网络安全法》第二十一条的规定")
    assert c["status"] == "unknown_law" and "index --all" in c["message"]


def test_statute_context_resolution(lib, checker):
    from indexer.citations.gold import article_passage
    text, ctx, date = article_passage(lib, "安全生产法@2021-09-01/94")
    got = checker.check(text, date, context=ctx).to_dict()["citations"]
    # 第九十四条第二款 says 有前款违法行为 (= 第一款), 第三款 依照前款规定 (= 第二款)
    refs = [c["refs"][0]["ref"] for c in got if c["text"] == "前款"]
    assert refs == ["安全生产法@2021-09-01/94/1", "安全生产法@2021-09-01/94/2"]


def test_mismatched_quote_shows_whole_sentences(check, lib):
    """16.7: the 法条原文 beside a mismatched quote is the whole 款 (here one line of the article), not a
    window the size of the quote cut off mid-sentence."""
    c = one(check, "违反了《中华人民共和国安全生产法》第二十八条第一款“生产经营单位应当对从业人员进行安全培训”的规定")
    assert c["status"] == "quote_mismatch"
    ref = c["refs"][0]
    official = lib.store.article(lib.store.version_at(ref["law"], ref["version"]), 28, None).paragraphs[0].full_text()
    shown = c["expected_text"]
    assert shown in official.split("\n") and shown.endswith("。")       # whole lines of the 款, whole sentences
    assert len(shown) > len(c["quote"]) + 10


def test_whole_sentences_bounds_a_long_paragraph():
    from indexer.citations.quotes import whole_sentences
    long = "前一款。\n" + "甲乙丙丁，" * 100 + "目标文字在此，" + "戊己庚辛，" * 100 + "尾。\n后一款。"
    i = long.index("目标")
    got = whole_sentences(long, i, i + 4, limit=60)
    assert got.startswith("……甲乙丙丁，") and got.endswith("戊己庚辛，……") and "目标文字在此" in got
    assert len(got) <= 60 + 4
    assert whole_sentences("前一款。\n本款第一句。本款有目标。\n后一款。", 14, 16) == "本款第一句。本款有目标。"
    assert whole_sentences("本款第一句。本款有目标。末句。", 9, 11, limit=8) == "本款有目标。"
