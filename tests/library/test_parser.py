"""Parser behaviour on small statutes written for the tests (invented text, same shape as the library)."""

from pathlib import Path

import docx

from indexer.parser import parse_file, parse_text

SAMPLE = """# 中华人民共和国示例安全法

2001年3月2日 第九届全国人民代表大会常务委员会第一次会议通过

2020年5月6日 第十三届全国人民代表大会常务委员会第二次会议修正

<!-- INFO END -->

## 第一章 总则

第一条 为了示例，制定本法。

第二条 单位应当履行下列职责：

（一）建立制度；

（二）组织培训：

1. 岗前培训；

2. 年度培训；

（三）其他职责。

前款规定的职责，由主要负责人组织落实。

### 第一节 细则

第二条之一 单位应当履行下列义务：（一）设置标志；（二）维护设备；（三）如实记录。

## 第二章 法律责任

第三条 违反本法第二条第（一）、（二）项规定的，责令改正。

第四条 本法自2020年7月1日起施行。
"""


def test_title_history_and_structure():
    p = parse_text(SAMPLE, "示例安全法(2020-05-06).md", file_name="示例安全法(2020-05-06).md")
    assert p.title == "中华人民共和国示例安全法"
    assert [h.date for h in p.history] == ["2001-03-02", "2020-05-06"]
    assert p.history[0].events == ["通过"] and p.history[1].events == ["修正"]
    assert p.file_date == "2020-05-06"
    assert p.effective_clause == "2020-07-01"
    assert [a.slug for a in p.articles] == ["1", "2", "2之一", "3", "4"]
    assert [h.text for h in p.headings] == ["第一章 总则", "第一节 细则", "第二章 法律责任"]
    assert p.articles[2].headings == ["第一章 总则", "第一节 细则"]
    assert p.articles[3].headings == ["第二章 法律责任"]
    assert not [i for i in p.issues if i.severity == "error"]


def test_items_and_subitems_belong_to_the_paragraph_they_follow():
    art = parse_text(SAMPLE, "x.md").articles[1]
    assert len(art.paragraphs) == 2
    first, second = art.paragraphs
    assert [it.number for it in first.items] == [1, 2, 3]
    assert first.items[1].subitems == ["1. 岗前培训；", "2. 年度培训；"]
    assert second.text.startswith("前款规定的职责")


def test_inline_items_are_split_but_cross_references_are_not():
    arts = parse_text(SAMPLE, "x.md").articles
    inline = arts[2]
    assert inline.paragraphs[0].text == "单位应当履行下列义务："
    assert [it.text for it in inline.paragraphs[0].items] == ["（一）设置标志；", "（二）维护设备；", "（三）如实记录。"]
    crossref = arts[3]
    assert crossref.paragraphs[0].items == []


def test_missing_dates_and_untitled_history():
    text = "# 某市示例规定\n\n<!-- INFO END -->\n\n第一条 示例。\n\n第二条 本规定自公布之日起施行。\n"
    p = parse_text(text, "某市示例规定.md", file_name="某市示例规定.md")
    assert p.file_date is None and p.history == [] and p.effective_clause is None
    assert len(p.articles) == 2


def test_truncated_file_is_reported_not_fatal():
    text = SAMPLE.split("第三条")[0] + "第五条 单位未履行前款规定的，处一万元以上"
    p = parse_text(text, "cut.md")
    kinds = {i.kind for i in p.issues}
    assert "ends_mid_article" in kinds and "numbering_gap" in kinds
    gap = next(i for i in p.issues if i.kind == "numbering_gap")
    assert gap.line > 0 and "第5条" in gap.message


def test_file_without_articles():
    p = parse_text("# 关于某事的决定\n\n<!-- INFO END -->\n\n一、同意。\n二、公布。\n", "d.md")
    assert p.articles == [] and p.issues[0].kind == "no_articles"


def test_plain_text_in_official_format(tmp_path: Path):
    text = ("中华人民共和国示例安全法\n（2001年3月2日第九届全国人民代表大会常务委员会第一次会议通过　"
            "根据2020年5月6日第十三届全国人民代表大会常务委员会第二次会议修正）\n"
            "第一章　总则\n第一条　为了示例，制定本法。\n第二条　本法自2020年7月1日起施行。\n")
    f = tmp_path / "示例安全法.txt"
    f.write_text(text, encoding="utf-8")
    p = parse_file(f, "示例安全法.txt")
    assert p.title == "中华人民共和国示例安全法"
    assert [h.date for h in p.history] == ["2001-03-02", "2020-05-06"]
    assert "修正" in p.history[1].events
    assert [a.number for a in p.articles] == [1, 2] and p.headings[0].text == "第一章 总则"


def test_docx_input(tmp_path: Path):
    d = docx.Document()
    for line in ["安全生产违法行为示例办法", "（2025年1月2日应急管理部令第99号公布　自2025年3月1日起施行）",
                 "第一章　总则", "第一条　为了示例，制定本办法。",
                 "第二条　有下列情形之一的，从重处罚：", "（一）拒不改正的；", "（二）屡次违法的。",
                 "第三条　本办法自2025年3月1日起施行。"]:
        d.add_paragraph(line)
    f = tmp_path / "示例办法.docx"
    d.save(f)
    p = parse_file(f, "示例办法.docx")
    assert p.title == "安全生产违法行为示例办法"
    assert p.history_effective == "2025-03-01"
    assert [a.number for a in p.articles] == [1, 2, 3]
    assert [it.number for it in p.articles[1].paragraphs[0].items] == [1, 2]


def test_corrupt_docx_is_an_error_not_a_crash(tmp_path: Path, settings):
    from indexer.build import read_files
    from indexer.config import Settings

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (lib / "好文件.md").write_text(SAMPLE, encoding="utf-8")
    s = Settings.resolve(library=lib, data=tmp_path / "data")
    from indexer.library import discover
    parsed, _n = read_files(s, discover(lib))
    bad = next(p for p in parsed if p.path.endswith(".docx"))
    assert bad.issues[0].kind == "unreadable"
    good = next(p for p in parsed if p.path.endswith(".md"))
    assert len(good.articles) == 5
