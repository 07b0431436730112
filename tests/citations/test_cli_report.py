"""`lawdesk cite extract|check` (the JSON contract, stdin, .docx, errors) and the review export."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
CITATION_KEYS = {"text", "start", "end", "refs", "status", "message", "quote", "expected_text", "suggestion"}
REF_KEYS = {"law", "version", "article", "suffix", "paragraph", "item", "ref"}


def run(settings, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                           str(settings.data), "cite", *args], capture_output=True, cwd=ROOT, timeout=120,
                          input=stdin)


def test_check_json_contract(settings):
    p = run(settings, "check", str(FIXTURES / "decision_mixed.txt"), "--json")
    assert p.returncode == 0, p.stderr.decode()
    data = json.loads(p.stdout)
    assert data["date"] == "2025-08-12"
    text = (FIXTURES / "decision_mixed.txt").read_text(encoding="utf-8")
    assert data["citations"]
    for c in data["citations"]:
        assert set(c) >= CITATION_KEYS
        assert text[c["start"]:c["end"]] == c["text"]
        for r in c["refs"]:
            assert set(r) >= REF_KEYS
    statuses = {c["status"] for c in data["citations"]}
    assert {"ok", "no_such_item", "quote_mismatch"} <= statuses


def test_extract_from_stdin_and_date(settings):
    p = run(settings, "extract", "-", "--json", "--date", "2023-06-14",
            stdin="可依据《中华人民共和国行政复议法》第九条第一款的规定申请行政复议".encode())
    data = json.loads(p.stdout)
    assert data["date"] == "2023-06-14"
    assert data["citations"][0]["refs"][0]["ref"] == "行政复议法@2018-01-01/9/1"


def test_check_docx_and_report(settings, tmp_path):
    import docx
    d = docx.Document()
    d.add_paragraph("违反了《中华人民共和国安全生产法》第四十二条“符合国家标准或者行业标准的劳动防护用品”的规定。")
    d.add_paragraph("二〇二二年十月十一日")
    path = tmp_path / "决定书.docx"
    d.save(path)
    out = tmp_path / "review.docx"
    p = run(settings, "check", str(path), "--report", str(out))
    assert p.returncode == 0, p.stderr.decode()
    assert "引文不符" in p.stdout.decode()
    review = docx.Document(out)
    body = "\n".join(par.text for par in review.paragraphs)
    assert "法制审核意见" in body and "第四十五条" in body
    md = tmp_path / "review.md"
    assert run(settings, "check", str(path), "--report", str(md)).returncode == 0
    assert md.read_text(encoding="utf-8").startswith("# 法制审核意见")


@pytest.mark.parametrize("args,needle", [
    (("check", "/no/such/file.txt"), "无法读取文件"),
    (("check", str(FIXTURES / "decision_mixed.txt"), "--date", "2025/01/01"), "日期格式错误"),
])
def test_errors(settings, args, needle):
    p = run(settings, *args)
    assert p.returncode == 1
    err = p.stderr.decode()
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_markdown_report(checker):
    from indexer.citations.report import markdown
    r = checker.check("依据《中华人民共和国安全生产法》第一百零九条第（一）项的规定。\n二〇二五年五月一日")
    md = markdown(r, name="x.txt")
    assert "## 一、引用条文核对情况" in md and "## 二、存在的问题及修改建议" in md and "## 三、审核结论" in md
    assert "项不存在" in md and "第一百零九条" in md


def test_annotate_segments(checker):
    from indexer.citations.annotate import segments, to_html
    text = "违反《安全生产法》第四十三条“应当安排专职人员进行现场安全管理”的规定<script>"
    r = checker.check(text, "2025-01-01")
    segs = segments(text, r.citations)
    assert "".join(s.text for s in segs) == text
    assert [s.kind for s in segs if s.citation is not None] == ["citation", "quote"]
    h = to_html(text, r.citations)
    assert "<script>" not in h and "&lt;script&gt;" in h and 'class="cite st-quote_mismatch"' in h


def test_check_act_date_option(settings):
    text = ("经查，你单位于2021年8月20日未如实记录安全生产教育和培训情况，违反了《中华人民共和国安全生产法》第九十四条第（四）项"
            "的规定。\n2022年3月1日").encode()
    p = run(settings, "check", "-", stdin=text)
    out = p.stdout.decode()
    assert p.returncode == 0 and "违法行为发生日期 2021-08-20（取自文书事实部分）" in out
    assert "2014年修正文本" in out
    p = run(settings, "check", "-", "--json", "--act-date", "2021-10-01", stdin=text)
    data = json.loads(p.stdout)
    assert data["act_date"] == "2021-10-01" and data["citations"][0]["status"] == "no_such_item"
    p = run(settings, "check", "-", "--act-date", "2022-05-01", stdin=text)
    assert p.returncode != 0 and "晚于文书日期" in p.stderr.decode()
