"""Study units: loading, validation, search, and the issue's requirements on the authored units."""

from pathlib import Path

import pytest

from webapp.services.study.units import (MAX_CHARS, MIN_CHARS, count_chars, load_units, parse_unit, search_units,
                                split_front_matter)

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "corpus" / "training" / "units"
TOPICS = ["生产经营单位", "主要负责人", "工贸", "粉尘", "有限空间", "危险化学品", "特种作业", "出租", "动火", "隐患",
          "事故报告", "处罚程序", "移送", "文书"]


def test_front_matter_split():
    fm, body = split_front_matter('---\nid = "u01"\n---\n# 标题\n')
    assert fm == 'id = "u01"' and body == "# 标题\n"
    assert split_front_matter("# 无文件头")[0] is None


def test_bad_unit_files_are_reported_not_fatal(tmp_path):
    (tmp_path / "a.md").write_text("# 没有文件头\n", encoding="utf-8")
    (tmp_path / "b.md").write_text('---\nid = "u02"\ntitle = 1\n---\n正文\n', encoding="utf-8")
    (tmp_path / "c.md").write_text('---\nid = "u03"\ntitle = "标题"\ntopic = "主题"\n---\n短\n', encoding="utf-8")
    (tmp_path / "d.md").write_text('---\nid = "u03"\ntitle = "另一"\ntopic = "主题"\n---\n短\n', encoding="utf-8")
    units, problems = load_units(tmp_path)
    assert [u.id for u in units] == ["u03"]
    text = "\n".join(str(p) for p in problems)
    assert "a.md" in text and "b.md" in text and "重复" in text
    assert any(p.severity == "warning" and "字" in p.message for p in problems)   # too short


def test_statute_like_lines_are_flagged(tmp_path):
    line = "第" + "一" + "条 " + "照抄的条文"
    p = tmp_path / "x.md"
    p.write_text(f'---\nid = "u09"\ntitle = "t"\ntopic = "t"\n---\n{line}\n', encoding="utf-8")
    _unit, problems = parse_unit(p)
    assert any("第X条" in pr.message for pr in problems)


def test_count_chars_ignores_markup():
    assert count_chars("# 标题\n\n- **要点** [链接](/x)\n") == len("标题要点链接")


def test_authored_units_meet_the_issue():
    units, problems = load_units(UNITS)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert not errors, errors
    assert len(units) >= 12
    for u in units:
        assert MIN_CHARS <= u.chars <= MAX_CHARS, (u.id, u.chars)
        assert u.laws, u.id
    joined = " ".join(u.title + u.topic for u in units)
    missing = [t for t in TOPICS if t not in joined]
    assert not missing, f"topics of the issue without a unit: {missing}"


def test_unit_laws_are_in_the_library(lib):
    from webapp.services.study.units import check_laws
    units, _ = load_units(UNITS)
    assert check_laws(units, lib.find_law) == []


def test_search_units():
    units, _ = load_units(UNITS)
    hits = search_units(units, "有限空间")
    assert hits and hits[0]["unit"]["topic"] == "有限空间"
    assert "有限空间" in hits[0]["snippet"]
    assert search_units(units, "有限空间 不可能出现的词语组合xyz") == []
    assert search_units(units, "  ") == []


@pytest.mark.parametrize("query", ["粉尘", "听证", "动火"])
def test_search_finds_the_unit_on_the_topic(query):
    units, _ = load_units(UNITS)
    hits = search_units(units, query)
    assert any(query in h["unit"]["title"] + h["unit"]["topic"] for h in hits[:3])
