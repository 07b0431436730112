"""Every form generated for the complete sample case (and for an individual and an on-the-spot variant), read
back with python-docx: the text is the rendered content, the layout is the official one; the HTML preview and
the Markdown export carry the same text."""

from __future__ import annotations

import re

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from webapp.services.drafting.export import markdown_text, to_html, to_markdown
from webapp.services.drafting.templates import Para

from .conftest import case_from, deferral_case, load_sample, onsite_case, person_case, release_case, revocation_case
from .helpers import body_items, docx_lines, html_lines, open_docx


def variants(sample_data):
    out = {"sample": sample_data, "person": person_case(sample_data), "onsite_org": onsite_case(sample_data),
           "onsite_person": onsite_case(sample_data, "个人", 200)}
    for name in ("seizure", "hearing", "unpaid", "transfer", "lenient"):          # the procedure paths (doc_templates/samples)
        out[name] = load_sample(name)
    out.update(release=release_case(out["seizure"]), deferral=deferral_case(out["unpaid"]),
               revocation=revocation_case(out["unpaid"]))
    return out


def all_jobs(drafter, sample_data):
    """(variant, form id, per_index) for every applicable document of every variant."""
    jobs = []
    for name, data in variants(sample_data).items():
        case = case_from(data)
        for spec in drafter.forms():
            if drafter.applicable(case, spec):
                for idx in drafter.instances(case, spec):
                    jobs.append((name, spec.id, idx))
    return jobs


def test_every_form_is_covered(session_drafter, sample_data):
    covered = {form for _, form, _ in all_jobs(session_drafter, sample_data)}
    assert covered == set(session_drafter.templates.forms), set(session_drafter.templates.forms) - covered
    sample_forms = [f for v, f, _ in all_jobs(session_drafter, sample_data) if v == "sample"]
    assert len(sample_forms) >= 14


@pytest.fixture(scope="module")
def generated(session_drafter, sample_data):
    """Every document produced once (numbers allocated, warnings confirmed), keyed by (variant, form, index)."""
    out = {}
    for name, data in variants(sample_data).items():
        case = case_from(data)
        for spec in session_drafter.forms():
            if not session_drafter.applicable(case, spec):
                continue
            for idx in session_drafter.instances(case, spec):
                draft = session_drafter.prepare(case, spec.id, per_index=idx)
                res = session_drafter.produce(case, spec.id, per_index=idx, confirm="all")
                out[(name, spec.id, idx)] = (case, draft, res)
    return out


def test_no_errors_for_the_sample_case(generated):
    for key, (_case, draft, _res) in generated.items():
        assert draft.errors == [], (key, [str(i) for i in draft.errors])


def test_docx_text_is_the_rendered_content(generated, session_drafter):
    for key, (_case, _draft, res) in generated.items():
        doc = open_docx(res.data)
        assert docx_lines(doc) == [line for line in res.doc.text_lines() if line.strip()], key
        text = "\n".join(docx_lines(doc))
        assert "{" not in text and "}" not in text, key


def test_numbers_allocated(generated):
    for (_variant, form, _idx), (case, draft, res) in generated.items():
        if draft.spec.code:
            number = case.numbers[form]
            short = case.unit.short_name
            assert re.fullmatch(rf"（{short}）应急{draft.spec.code}〔2026〕\d+号", number), number
            assert number in docx_lines(open_docx(res.data))


def _east(run):
    rpr = run._element.rPr
    return rpr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_layout(generated, session_drafter):
    for key, (case, draft, res) in generated.items():
        doc = open_docx(res.data)
        sec = doc.sections[0]
        assert abs(sec.page_width - Mm(210)) < Mm(0.1) and abs(sec.page_height - Mm(297)) < Mm(0.1)
        assert abs(sec.top_margin - Mm(37)) < Mm(0.1) and abs(sec.bottom_margin - Mm(35)) < Mm(0.1)
        assert abs(sec.left_margin - Mm(28)) < Mm(0.1) and abs(sec.right_margin - Mm(26)) < Mm(0.1)
        footer_xml = sec.footer._element.xml
        assert "PAGE" in footer_xml and "—" in footer_xml, "page numbers"
        paras = [p for p in body_items(doc) if hasattr(p, "runs") and p.text.strip()]
        rendered = [b for b in res.doc.blocks if isinstance(b, Para)]
        by_text = {}
        for p in paras:
            by_text.setdefault(p.text, p)
        title = by_text[draft.spec.title]
        assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert title.runs[0].font.size == Pt(22) and _east(title.runs[0]) == "方正小标宋简体"
        bodies = [b for b in rendered if b.role == "body"]
        assert bodies or draft.spec.kind == "internal", key
        for b in bodies:
            p = by_text[b.text]
            pf = p.paragraph_format
            assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
            assert Pt(28) <= pf.line_spacing <= Pt(29)
            assert p.runs[0].font.size == Pt(16) and _east(p.runs[0]) == "仿宋_GB2312"
            if b.indent:
                assert pf.first_line_indent == Pt(32)
        signs = [b for b in rendered if b.role == "sign"]
        for b in signs:
            assert by_text[b.text].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        if draft.spec.kind == "served":
            assert signs and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", signs[-1].text), key
            assert signs[0].text == case.unit.name


def test_html_and_markdown_carry_the_same_text(generated, session_drafter):
    for key, (_case, _draft, res) in generated.items():
        doc = res.doc
        lines = [line for line in doc.text_lines() if line.strip()]
        html = to_html(doc)
        assert "<script" not in html and "style=" not in html
        assert [line for line in html_lines(html) if line.strip()] == lines, key
        assert markdown_text(to_markdown(doc)) == lines, key


def test_html_escapes_case_data(session_drafter, sample_data):
    data = dict(sample_data)
    case = case_from(data)
    case.party.name = "<script>alert(1)</script>公司"
    doc = session_drafter.prepare(case, "inspection_record", check=False).doc
    html = to_html(doc)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_decision_content(generated):
    case, draft, res = generated[("sample", "decision_org", None)]
    text = "\n".join(docx_lines(open_docx(res.data)))
    # the law text of the version in force on the violation date, with the exact citation
    assert "违反了《中华人民共和国安全生产法》第三十条第一款“生产经营单位的特种作业人员必须按照国家有关规定经专门的安全作业培训" in text
    assert "依据《中华人民共和国安全生产法》第九十七条第（七）项“生产经营单位有下列行为之一的" in text
    assert "罚款人民币肆万元整（¥40,000.00）" in text and "合并给予你单位罚款人民币伍万伍仟元整（¥55,000.00）" in text
    assert "杭州市拱墅区人民政府申请行政复议" in text and "六个月内依法向杭州市拱墅区人民法院提起行政诉讼" in text
    assert "2026年10月30日" in text
    assert case.numbers["penalty_notice"] in text            # the notice is cited by its number
    # 第五十九条 items, each present
    for needle in (case.party.name, case.party.address, "证据", "依据", "十五日内", "申请行政复议", case.unit.name):
        assert needle in text


def test_person_decision(generated):
    case, draft, res = generated[("person", "decision_person", None)]
    text = "\n".join(docx_lines(open_docx(res.data)))
    assert "被处罚人：钱永福　　性别：男　　年龄：41" in text
    assert "你单位" not in text and "决定给予你罚款人民币贰万元整" in text


def test_onsite_decision(generated):
    case, draft, res = generated[("onsite_person", "onsite_decision", None)]
    text = "\n".join(docx_lines(open_docx(res.data)))
    assert "处罚时间：2026年9月15日11时30分" in text and "罚款人民币贰佰元整（¥200.00）" in text
    assert "《中华人民共和国行政处罚法》第五十一条" in text and "《中华人民共和国消防法》第六十三条第（二）项" in text
    assert "当事人（签名）" in text


def test_interviews_one_document_each(generated):
    first = "\n".join(docx_lines(open_docx(generated[("sample", "interview_record", 0)][2].data)))
    second = "\n".join(docx_lines(open_docx(generated[("sample", "interview_record", 1)][2].data)))
    assert "被询问人：赵志强　　性别：男　　年龄：38" in first and "陈立新" not in first.split("问：")[0]
    assert "被询问人：陈立新" in second and "在场人：孙丽（该公司安全管理员）" in second


def test_service_receipt_table(generated):
    case, draft, res = generated[("sample", "service_receipt", None)]
    doc = open_docx(res.data)
    table = doc.tables[0]
    assert table.rows[0].cells[0].text == "送达文书名称及文号"
    assert len(table.rows) == 1 + len(case.deliveries)
    assert table.rows[-1].cells[0].text.startswith("行政处罚决定书（单位）\n（杭拱）应急罚〔2026〕")
