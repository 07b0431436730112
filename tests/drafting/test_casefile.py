"""The whole case file (案卷) as one .docx: cover, 卷内目录 with PAGEREF page numbers, every document on a new page."""

from webapp.services.drafting.templates import Para

from .conftest import case_from
from .helpers import docx_lines, open_docx


def test_casefile(drafter, sample_data):
    case = case_from(sample_data)
    out = drafter.casefile(case, confirm="all")
    doc = open_docx(out.data)
    drafts = drafter.casefile_docs(case, check=False)
    assert len(drafts) >= 14
    lines = docx_lines(doc)
    assert lines[0] == "行政处罚案卷" and "卷内目录" in lines
    toc = doc.tables[0]
    assert [c.text for c in toc.rows[0].cells] == ["序号", "文书名称", "文书编号", "日期", "页号"]
    assert len(toc.rows) == 1 + len(drafts)
    for i, (row, dr) in enumerate(zip(toc.rows[1:], drafts), 1):
        assert row.cells[0].text == str(i)
        assert row.cells[1].text.startswith(dr.doc.full_title)
        assert row.cells[2].text == dr.doc.number
        assert f"PAGEREF doc_{i}" in row.cells[4]._tc.xml
    xml = doc.element.xml
    for i in range(1, len(drafts) + 1):
        assert f'w:name="doc_{i}"' in xml
    # every document starts on a new page and carries its allocated number
    breaks = [p for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == len(drafts) + 1          # + the 卷内目录
    for dr in drafts:
        if dr.spec.code:
            assert case.numbers[dr.spec.id] in lines
    # documents in the order of the case
    titles = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before][1:]
    assert titles == [dr.doc.blocks[0].text for dr in drafts]
    assert all(isinstance(dr.doc.blocks[0], Para) for dr in drafts)


def test_casefile_numbers_are_consistent(drafter, sample_data):
    case = case_from(sample_data)
    drafter.casefile(case, confirm="all")
    drafts = drafter.casefile_docs(case, check=False)
    decision = next(d for d in drafts if d.spec.id == "decision_org")
    text = "\n".join(decision.doc.text_lines())
    assert case.numbers["penalty_notice"] in text and case.numbers["hearing_notice"] in text
    again = drafter.casefile(case, confirm="all")
    assert again.numbers == {}                       # nothing new: numbers are kept, never re-issued
