"""A decision converted to PDF by LibreOffice and rendered to PNG by pdftoppm: the file opens cleanly, the page
is A4, the content and page numbers are there. Skips with the reason where LibreOffice or poppler is missing
(Debian: apt-get install libreoffice-writer poppler-utils). Set LAWDESK_RENDER_DIR to keep the PNG pages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import case_from

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")

pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer"),
    pytest.mark.skipif(PDFTOPPM is None or PDFTOTEXT is None or PDFINFO is None,
                       reason="poppler (pdftoppm/pdftotext/pdfinfo) not installed: apt-get install poppler-utils"),
]


def to_pdf(docx: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    res = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(docx)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / (docx.stem + ".pdf")
    assert res.returncode == 0 and pdf.exists(), res.stderr
    return pdf


def test_decision_pdf_and_png(drafter, sample_data, tmp_path):
    case = case_from(sample_data)
    out = drafter.produce(case, "decision_org", confirm="all")
    docx = tmp_path / "decision.docx"
    docx.write_bytes(out.data)
    pdf = to_pdf(docx, tmp_path)
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 2 <= pages <= 8
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "行政处罚决定书" in flat and "（杭拱）应急罚〔2026〕1号" in flat
    assert "伍万伍仟元整" in flat and "杭州市拱墅区应急管理局" in flat
    assert f"—{pages}—" in flat                                   # page numbers in the footer
    # the 落款 is not left alone on the last page
    last = subprocess.run([PDFTOTEXT, "-f", str(pages), "-l", str(pages), str(pdf), "-"], capture_output=True,
                          text=True).stdout
    assert len("".join(last.split())) > 60
    subprocess.run([PDFTOPPM, "-r", "80", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == pages and all(p.stat().st_size > 10_000 for p in pngs)
    keep = os.environ.get("LAWDESK_RENDER_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for p in pngs:
            shutil.copy(p, Path(keep) / f"decision-{p.name}")
        shutil.copy(pdf, Path(keep) / "decision.pdf")


def test_casefile_page_numbers_computed(drafter, sample_data, tmp_path):
    case = case_from(sample_data)
    out = drafter.casefile(case, confirm="all")
    docx = tmp_path / "casefile.docx"
    docx.write_bytes(out.data)
    pdf = to_pdf(docx, tmp_path)
    toc = subprocess.run([PDFTOTEXT, "-f", "2", "-l", "3", "-layout", str(pdf), "-"], capture_output=True,
                         text=True).stdout
    assert "卷内目录" in toc
    # the 页号 column (PAGEREF fields) holds increasing page numbers computed by LibreOffice
    import re
    nums = [int(m.group(1)) for m in re.finditer(r"\s(\d{1,3})\s*$", toc, re.M)]
    assert len(nums) >= 10 and nums == sorted(nums) and nums[0] >= 3


# ---- issue 15: every new form to PDF and PNG, no empty field, nothing outside the page's text area

def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, word) of every word pdftotext finds."""
    import re
    out, page = [], 0
    text = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    for line in text.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', line)
        if m:
            out.append((page, *(float(m.group(i)) for i in range(1, 5)), m.group(5)))
    return out


def test_new_forms_render_to_a4_png(session_drafter, tmp_path):
    """The issue-15 forms, each from the sample case of its path, written as .docx, converted by LibreOffice in one
    run and rendered to PNG: A4, the title and number printed, no placeholder left empty, every word inside the
    margins (28 mm left, 26 mm right) and above the bottom margin (35 mm) except the page number in the footer."""
    from webapp.services.drafting.templates import Para

    from .test_measures import CASE_OF, NEW_FORMS, case_data

    mm = 72 / 25.4
    expected = {}
    for form in NEW_FORMS:
        case = case_from(case_data(CASE_OF[form]))
        out = session_drafter.produce(case, form, confirm="all")
        assert out.doc.empty == [], (form, out.doc.empty)
        (tmp_path / f"{form}.docx").write_bytes(out.data)
        expected[form] = (out.doc.title, out.doc.number, [b.text for b in out.doc.blocks if isinstance(b, Para)][-1])
    profile = tmp_path / "lo-profile"
    res = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), *sorted(str(p) for p in tmp_path.glob("*.docx"))],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    keep = os.environ.get("LAWDESK_RENDER_DIR")
    for form, (title, number, last) in expected.items():
        pdf = tmp_path / f"{form}.pdf"
        assert pdf.exists(), form
        info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True).stdout
        assert "(A4)" in info, form
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert 1 <= pages <= 4, (form, pages)
        flat = "".join(subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True).stdout.split())
        assert title in flat and "".join(number.split()) in flat and "".join(last.split())[:20] in flat, form
        left, right, bottom = 28 * mm - 2, 210 * mm - 26 * mm + 2, 297 * mm - 35 * mm + 2
        for page, x0, _y0, x1, y1, word in _words(pdf):
            assert left <= x0 and x1 <= right, (form, page, word, x0, x1)
            if y1 > bottom:
                assert word in ("—",) or word.isdigit(), (form, page, word, y1)    # only the page number
        subprocess.run([PDFTOPPM, "-r", "60", "-png", str(pdf), str(tmp_path / form)], check=True)
        pngs = sorted(tmp_path.glob(f"{form}-*.png"))
        assert len(pngs) == pages and all(p.stat().st_size > 5_000 for p in pngs), form
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            for p in pngs:
                shutil.copy(p, Path(keep) / p.name)
