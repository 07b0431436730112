"""The checker judges substance by the law of the act's date and procedure by the document's (issue 18.3):
行政处罚法 第三十七条 (从旧兼从轻), 第三十六条第二款 (a continuing act counts from its end).

Facts about the library (which versions it holds, when a law came into force) are read from the store, not
typed here."""

from __future__ import annotations

import pytest

from indexer.citations.documents import act_date

DECISION_2022 = """行政处罚决定书
经查，你单位于2021年8月20日安排未按规定经专门的安全作业培训并取得特种作业操作证的人员从事电焊作业，违反了《中华人民共和国安全生产法》第二十七条第一款的规定。依据《中华人民共和国安全生产法》第九十四条第（七）项的规定，决定给予罚款人民币二万元的行政处罚。
你单位可以依照《中华人民共和国行政处罚法》第四十五条的规定进行陈述和申辩。
2022年3月1日
"""


# ---------------------------------------------------------------------------------------- reading the act's date

@pytest.mark.parametrize("text, doc, expected, source", [
    (DECISION_2022, "2022-03-01", "2021-08-20", "facts"),
    ("违法行为发生时间：2021年8月2日\n经查，2022年1月5日检查时发现……\n2022年3月1日", "2022-03-01", "2021-08-02", "label"),
    # a statute's version date and a deadline are not the act
    ("依据《安全生产法》（2021年6月10日修正）第九十七条。经查，2022年2月1日检查发现你单位未设置警示标志。"
     "限你单位于2022年4月1日前改正。\n2022年3月1日", "2022-03-01", "2022-02-01", "facts"),
    # the 落款 alone is not an act
    ("经查，你单位未设置安全警示标志。\n2022年3月1日", "2022-03-01", None, None),
])
def test_reads_the_act_date(text, doc, expected, source):
    got = act_date(text, doc)
    assert (got.applies if got else None) == expected
    assert (got.source if got else None) == source


def test_a_continuing_act_counts_from_its_end():
    got = act_date("经查，2021年3月至2021年9月，你公司未对从业人员进行安全生产教育和培训。\n2022年3月1日", "2022-03-01")
    assert (got.date, got.end, got.applies) == ("2021-03-01", "2021-09-30", "2021-09-30")
    got = act_date("经查，2021年3月1日至8月30日期间你公司未对从业人员进行培训。\n2022年3月1日", "2022-03-01")
    assert got.applies == "2021-08-30"


# ---------------------------------------------------------------------------------------- judging by it

def _by_text(result):
    return {c["text"]: c for c in result.to_dict()["citations"]}


def test_an_act_before_the_2021_law_is_not_refused_and_old_numbers_are_right_for_it(checker, lib):
    current = lib.store.latest_version("安全生产法")
    assert current.effective_from == "2021-09-01"
    result = checker.check(DECISION_2022)
    assert (result.act_date, result.act_date_source) == ("2021-08-20", "facts")
    cites = _by_text(result)
    old = cites["《中华人民共和国安全生产法》第九十四条第（七）项"]
    # 2014 numbering is right for an act of August 2021: not 项不存在, not 尚未施行 — the library lacks the text
    assert old["status"] == "version_missing", old["message"]
    assert "2014年修正文本" in old["message"] and "相符" in old["message"]
    assert "尚未施行" not in old["message"]
    assert old["suggestion"] == "安全生产法/97/1/7"
    assert old["judged_by"] == "act"
    # 第二十七条第一款 described as the special-operations certificate duty: the 2014 number, right for the act
    duty = cites["《中华人民共和国安全生产法》第二十七条第一款"]
    assert duty["status"] == "version_missing" and duty["suggestion"] == "安全生产法/30/1"
    # procedure follows the document's date
    proc = cites["《中华人民共和国行政处罚法》第四十五条"]
    assert proc["judged_by"] == "document" and proc["judged_date"] == "2022-03-01"
    assert proc["status"] == "ok" and not proc["warnings"]


def test_a_new_number_for_an_earlier_act_is_checked_in_the_new_text_with_the_leniency_warning(checker):
    text = ("经查，你单位于2021年8月20日未如实记录安全生产教育和培训情况，依据《中华人民共和国安全生产法》"
            "第九十七条第（四）项的规定，决定罚款。\n2022年3月1日")
    c = checker.check(text).to_dict()["citations"][0]
    assert c["status"] == "ok" and c["refs"][0]["version"] == "2021-09-01"
    assert "act_version_missing" in {w["code"] for w in c["warnings"]}
    assert "第三十七条" in c["message"] and "尚未施行" not in c["message"]


def test_the_same_old_number_after_the_change_is_old_numbering(checker):
    """The converse: for an act of October 2021 the 2014 number is a slip (the issue's old-numbering check)."""
    text = DECISION_2022.replace("2021年8月20日", "2021年10月20日")
    cites = _by_text(checker.check(text))
    old = cites["《中华人民共和国安全生产法》第九十四条第（七）项"]
    assert old["status"] == "no_such_item"
    assert "old_numbering" in {w["code"] for w in old["warnings"]}
    assert old["suggestion"] == "安全生产法/97/1/7"


def test_an_act_date_given_overrides_the_text(checker):
    result = checker.check(DECISION_2022, act_date="2021-10-20")
    assert (result.act_date, result.act_date_source) == ("2021-10-20", "given")
    old = _by_text(result)["《中华人民共和国安全生产法》第九十四条第（七）项"]
    assert old["status"] == "no_such_item"


def test_an_act_after_the_document_is_refused_in_chinese(checker):
    from indexer.errors import LawError
    with pytest.raises(LawError, match="晚于文书日期"):
        checker.check(DECISION_2022, act_date="2022-05-01")


def _two_versions(lib):
    """A substantive law of which the library holds two versions (the earlier one in force for a while)."""
    for key in sorted(lib.store.laws):
        law = lib.store.laws[key]
        vs = lib.store.versions(key)
        if len(vs) == 2 and vs[0].effective_to and law.level == "法律" and "复议" not in law.title \
                and "诉讼" not in law.title:
            return law, vs[0], vs[1]
    pytest.skip("the library holds no law in two versions")


def test_with_both_versions_held_the_act_s_version_is_used(checker, lib):
    law, old, new = _two_versions(lib)
    old_numbers = {a.number for a in lib.store.articles(old)}
    new_numbers = {a.number for a in lib.store.articles(new)}
    only_new = max(new_numbers - old_numbers)
    both = min(n for n in old_numbers & new_numbers if n > 10)
    from indexer.numerals import int_to_cn
    act = old.effective_from                      # the old version was in force on the act's day
    doc = new.effective_from
    text = (f"经查，你单位于{act[:4]}年{int(act[5:7])}月{int(act[8:])}日存在违法行为，违反了《{law.title}》"
            f"第{int_to_cn(both)}条的规定，依据《{law.title}》第{int_to_cn(only_new)}条的规定处罚。\n"
            f"{doc[:4]}年{int(doc[5:7])}月{int(doc[8:])}日")
    result = checker.check(text)
    assert result.act_date == act
    a, b = result.to_dict()["citations"]
    assert a["refs"][0]["version"] == old.effective_from and a["judged_by"] == "act"
    assert "违法行为发生时施行" in a["message"]
    # a provision found only in the new version: applying the new law is lawful only when lighter
    assert b["refs"][0]["version"] == new.effective_from
    assert "new_version_cited" in {w["code"] for w in b["warnings"]}


def test_a_new_law_for_an_earlier_act_is_warned(checker, lib):
    """危险化学品安全法: adopted and first in force with its own text (nothing earlier to apply)."""
    law = lib.store.law("危险化学品安全法")
    first = lib.store.versions(law.key)[0]
    text = ("经查，你公司于2026年3月10日未按规定储存危险化学品，违反了《中华人民共和国危险化学品安全法》第三十条的规定。\n"
            "2026年6月1日")
    assert first.effective_from > "2026-03-10"
    c = checker.check(text).to_dict()["citations"][0]
    assert "act_not_in_force" in {w["code"] for w in c["warnings"]}
    assert "尚未施行" in c["message"] and first.effective_from in c["message"]


@pytest.mark.parametrize("act, words", [("2026-06-10", "违法行为发生时"), ("2026-04-10", "违法行为发生后")])
def test_a_regulation_where_a_law_on_its_subject_was_in_force(checker, act, words):
    """危险化学品安全管理条例 cited for an act after (or before a decision after) 危险化学品安全法 came into force."""
    text = (f"经查，你公司于{act[:4]}年{int(act[5:7])}月{int(act[8:])}日未按规定储存危险化学品，违反了《危险化学品安全管理条例》"
            f"第二十四条第一款的规定。\n2026年7月1日")
    c = checker.check(text).to_dict()["citations"][0]
    sup = [w for w in c["warnings"] if w["code"] == "superseded_by_law"]
    assert sup and words in sup[0]["message"] and "危险化学品安全法" in sup[0]["message"]


def test_without_an_act_date_nothing_changes(checker):
    text = "违反了《中华人民共和国安全生产法》第九十四条第（七）项的规定。\n2022年3月1日"
    result = checker.check(text)
    assert result.act_date is None
    assert result.to_dict()["citations"][0]["judged_by"] == "document"
