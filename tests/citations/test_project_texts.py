"""Issue 17.5: the checker run over the project's own study units and handbook text raises no false alarm.

Before 17.5 it reported 13 there (a bare 第四十三条和第一百零一条第（三）项 resolved to 刑法, the last law named; the
items of 浙江省条例第二十二条 read against 第五十八条, which has none; 浙江省条例 not read as a name; a straight
quote closing a quoted citation taken as the start of a quotation …). What remains below is what the texts
themselves present as old or nonexistent numbers: the checker says so, and that is right."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "corpus" / "training" / "units"
TEXTS = sorted(UNITS.glob("*.md")) + [ROOT / "corpus" / "handbook" / "procedures.md"]
AS_OF = "2026-11-28"

# (file, citation text) -> status: findings the text means (each explained where it stands)
EXPECTED = {
    # "2014年版安全生产法中，……的罚则是第九十四条第（七）项（据旧版文本，本库未收录）": the 2014 text, not held
    ("07-tezhong-zuoye.md", "第九十四条第（七）项"): "version_missing",
    # the table "行政处罚法（旧序号 → 现行条文）": the old number, mapped to 第七十二条第一款第（一）项
    ("14-wenshu-xiezuo.md", "第五十一条第（一）项"): "no_such_item",
    # "把旧模板中的"第九十四条第（七）项"原样照抄，就变成了引用一个根本不存在项号的条文"
    ("14-wenshu-xiezuo.md", "第九十四条第（七）项"): "no_such_item",
}


@pytest.fixture(scope="module")
def findings(checker):
    out = {}
    for path in TEXTS:
        for c in checker.check(path.read_text(encoding="utf-8"), AS_OF).to_dict()["citations"]:
            out.setdefault(path.name, []).append(c)
    return out


def test_no_false_alarm_in_study_units_and_handbook(findings):
    alarms = [f"{name}: {c['text']} [{c['status']}] {c['message']}" for name, cs in findings.items() for c in cs
              if c["status"] != "ok" and EXPECTED.get((name, c["text"])) != c["status"]]
    assert not alarms, "\n".join(alarms)
    assert sum(len(cs) for cs in findings.values()) > 500


def test_the_expected_findings_still_stand(findings):
    got = {(name, c["text"]): c["status"] for name, cs in findings.items() for c in cs if c["status"] != "ok"}
    assert got == EXPECTED
    old = next(c for c in findings["14-wenshu-xiezuo.md"] if c["text"] == "第五十一条第（一）项")
    assert "第七十二条第一款第（一）项" in old["message"]


def test_no_false_alarm_in_handbook_entries(checker):
    """Each violation entry's prose, read as its page reads it: the description with the laws the entry cites
    (事故条例第三十六条 = 生产安全事故报告和调查处理条例), the 违法行为 wording as the text of its 处罚依据 (本条例 =
    that law, 前款 = the paragraph before the basis paragraph)."""
    import tomllib

    from indexer.citations.extract import StatuteContext
    from indexer.refs import Ref

    alarms, total = [], 0
    for path in sorted((ROOT / "corpus" / "handbook" / "violations").glob("*.toml")):
        with path.open("rb") as fh:
            entries = tomllib.load(fh)["violation"]
        for v in entries:
            refs = [Ref.parse(r) for r in v.get("violated", []) + v.get("basis", [])]
            laws = tuple(dict.fromkeys(r.law for r in refs))
            for field in ("name", "description", "behaviour"):
                text = v.get(field, "")
                if field == "behaviour" and v.get("basis"):
                    b = Ref.parse(v["basis"][0])
                    # the wording stands in the basis paragraph: paragraph_at() counts the starts before it
                    ctx = StatuteContext(b.law, b.article, b.suffix, paragraph_starts=(0,) * (b.paragraph or 1))
                    result = checker.check(text, AS_OF, context=ctx)
                else:
                    result = checker.check(text, AS_OF, laws=laws)
                for c in result.to_dict()["citations"]:
                    total += 1
                    if c["status"] != "ok":
                        alarms.append(f"{v['id']} {field}: {c['text']} [{c['status']}] {c['message']}")
    assert not alarms, "\n".join(alarms)
    assert total >= 15


def refs_of(findings, name, text, before=""):
    return [[r["ref"] for r in c["refs"]] for c in findings[name] if c["text"] == text]


def test_back_references_resolve_to_the_statute_meant(findings):
    # 国家依据：第四十三条和第一百零一条第（三）项 — 刑法 was named last, but its 第一百零一条 has no items
    assert ["安全生产法@2021-09-01/43", "安全生产法@2021-09-01/101/1/3"] in refs_of(
        findings, "05-youxian-kongjian.md", "第四十三条和第一百零一条第（三）项")
    # … and says so: the law was not written and the nearest one named did not fit
    [c] = [c for c in findings["05-youxian-kongjian.md"] if c["text"] == "第四十三条和第一百零一条第（三）项"
           and c["start"] > 1000][-1:]
    assert [w["code"] for w in c["warnings"]][:1] == ["reading_inferred"] and "刑法" in c["message"]
    # 浙江依据：第二十一条和第五十七条 — the law of 浙江 named before, not the nearest law
    assert ["浙江省安全生产条例@2023-03-01/21", "浙江省安全生产条例@2023-03-01/57"] in refs_of(
        findings, "05-youxian-kongjian.md", "第二十一条和第五十七条")
    # 浙江省条例第二十二条列五项措施，第五十八条只罚其中第（一）（三）（四）项
    assert [f"浙江省安全生产条例@2023-03-01/22/1/{n}" for n in (1, 3, 4)] in refs_of(
        findings, "04-fenchen-fangbao.md", "第（一）（三）（四）项")
    # 浙江省条例第五十八条用于第二十二条第（二）项
    assert ["浙江省安全生产条例@2023-03-01/58"] in refs_of(findings, "04-fenchen-fangbao.md", "浙江省条例第五十八条")
    assert ["浙江省安全生产条例@2023-03-01/22/1/2"] in refs_of(findings, "04-fenchen-fangbao.md", "第二十二条第（二）项")


def test_short_names_and_qualifiers(checker):
    def check(text):
        return [(c["text"], [r["ref"] for r in c["refs"]], c["status"])
                for c in checker.check(text, AS_OF).to_dict()["citations"]]
    text = ("依照《中华人民共和国安全生产法》第三十六条和《浙江省安全生产条例》第二十二条。省条例第五十八条另有罚则；"
            "该条例第五十七条；国家依据：第九十九条第（三）项。")
    got = check(text)
    assert got[2] == ("省条例第五十八条", ["浙江省安全生产条例@2023-03-01/58"], "ok")
    assert got[3] == ("该条例第五十七条", ["浙江省安全生产条例@2023-03-01/57"], "ok")
    assert got[4] == ("第九十九条第（三）项", ["安全生产法@2021-09-01/99/1/3"], "ok")
    # a province's short name with no law of that province named before: said, not guessed
    [c] = checker.check("江苏省条例第五十八条另有罚则。", AS_OF).to_dict()["citations"]
    assert c["status"] == "ambiguous" and "江苏省条例" in c["message"]
    # the tail of an unknown title is not a short name
    assert check("某某条例第五条") == [] or check("某某条例第五条")[0][2] != "ok"
    # a contraction of a title named before (or named elsewhere: laws=)
    got = check("依据《生产安全事故报告和调查处理条例》第三十二条；事故单位另依照事故条例第三十六条处罚。")
    assert got[1] == ("事故条例第三十六条", ["生产安全事故报告和调查处理条例@2007-06-01/36"], "ok")
    [c] = checker.check("事故单位另依照事故条例第三十六条处罚。", AS_OF,
                        laws=("安全生产法", "生产安全事故报告和调查处理条例")).to_dict()["citations"]
    assert [r["ref"] for r in c["refs"]] == ["生产安全事故报告和调查处理条例@2007-06-01/36"]
