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
