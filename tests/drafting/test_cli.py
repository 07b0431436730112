"""`lawdesk draft` and its exit codes, output files, numbers and confirmations."""

import json
import shutil
import subprocess
import sys

from .conftest import ROOT, SAMPLE
from .helpers import docx_lines, open_docx


def lawdesk(settings, *args):
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                           str(settings.data), *args], capture_output=True, text=True, cwd=ROOT)


def test_list(settings):
    res = lawdesk(settings, "draft", "--list", "--json")
    assert res.returncode == 0, res.stderr
    forms = json.loads(res.stdout)["forms"]
    ids = [f["id"] for f in forms]
    assert "decision_org" in ids and "casefile" in ids and len(ids) >= 15
    plain = lawdesk(settings, "draft", "--list")
    assert "行政处罚决定书（单位）" in plain.stdout


def test_schema(settings):
    res = lawdesk(settings, "draft", "--schema")
    assert res.stdout == (ROOT / "doc_templates" / "case.schema.json").read_text(encoding="utf-8")


def test_draft_decision(settings, tmp_path):
    case = tmp_path / "case.json"
    shutil.copy(SAMPLE, case)
    numbers = tmp_path / "numbers.sqlite3"
    out = tmp_path / "out" / "决定书.docx"
    res = lawdesk(settings, "draft", "decision_org", "--case", str(case), "-o", str(out), "--numbers", str(numbers))
    assert res.returncode == 1 and "警告未确认" in res.stderr and "--confirm decision.notice_number" in res.stderr
    assert not out.exists()
    res = lawdesk(settings, "draft", "decision_org", "--case", str(case), "-o", str(out), "--numbers", str(numbers),
                  "--confirm-all", "--write-case", "--json")
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["numbers"] == {"decision_org": "（杭拱）应急罚〔2026〕1号"}
    assert "（杭拱）应急罚〔2026〕1号" in docx_lines(open_docx(out.read_bytes()))
    assert json.loads(case.read_text(encoding="utf-8"))["numbers"]["decision_org"] == "（杭拱）应急罚〔2026〕1号"
    log = (settings.data / "drafting-confirmations.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(log[-1])["form"] == "decision_org"
    # another case gets the next number from the same store
    other = json.loads(SAMPLE.read_text(encoding="utf-8"))
    other["id"] = "2026-GS-0200"
    (tmp_path / "other.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    res = lawdesk(settings, "draft", "decision_org", "--case", str(tmp_path / "other.json"), "-o",
                  str(tmp_path / "d2.md"), "--numbers", str(numbers), "--confirm-all")
    assert res.returncode == 0 and "（杭拱）应急罚〔2026〕2号" in (tmp_path / "d2.md").read_text(encoding="utf-8")


def test_formats_and_items(settings, tmp_path):
    res = lawdesk(settings, "draft", "interview_record", "--case", str(SAMPLE), "--item", "2", "-o",
                  str(tmp_path / "q.html"), "--no-number")
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "q.html").read_text(encoding="utf-8")
    assert "<!doctype html>" in html and "陈立新" in html
    res = lawdesk(settings, "draft", "interview_record", "--case", str(SAMPLE), "--item", "3", "-o",
                  str(tmp_path / "q3.md"), "--no-number")
    assert res.returncode == 1 and "没有第3份" in res.stderr


def test_errors_exit_one(settings, tmp_path):
    bad = json.loads(SAMPLE.read_text(encoding="utf-8"))
    bad["party"]["credit_code"] = "91330105MA2H7K3Q07"
    (tmp_path / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    res = lawdesk(settings, "draft", "decision_org", "--case", str(tmp_path / "bad.json"), "-o",
                  str(tmp_path / "x.docx"), "--no-number", "--confirm-all")
    assert res.returncode == 1 and "party.credit_code_check" in res.stderr and "校验位" in res.stderr
    res = lawdesk(settings, "draft", "decision_org", "--case", str(tmp_path / "bad.json"), "--check", "--json")
    assert res.returncode == 1 and json.loads(res.stdout)["ok"] is False
    res = lawdesk(settings, "draft", "nonesuch", "--case", str(SAMPLE), "-o", str(tmp_path / "x.docx"))
    assert res.returncode == 1 and "没有文书模板" in res.stderr
    (tmp_path / "broken.json").write_text('{"id": 1}', encoding="utf-8")
    res = lawdesk(settings, "draft", "decision_org", "--case", str(tmp_path / "broken.json"), "-o",
                  str(tmp_path / "x.docx"))
    assert res.returncode == 1 and "案件文件格式错误" in res.stderr


def test_casefile_cli(settings, tmp_path):
    out = tmp_path / "案卷.docx"
    res = lawdesk(settings, "draft", "casefile", "--case", str(SAMPLE), "-o", str(out), "--confirm-all",
                  "--numbers", str(tmp_path / "n.sqlite3"))
    assert res.returncode == 0, res.stderr
    assert "卷内目录" in docx_lines(open_docx(out.read_bytes()))


def _readme_draft_examples():
    """Every `lawdesk draft … --case …` example of the README and doc_templates/README.md."""
    import re
    out = []
    for path in (ROOT / "README.md", ROOT / "doc_templates" / "README.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cmd in re.findall(r"lawdesk draft [^`\n]*?--case [^`\n]*", line):
                out.append((path.name, cmd.split("  ")[0].strip()))
    return out


def test_readme_examples_use_up_no_number(settings, tmp_path):
    """Issue 16.10: copying an example from the README must not use up a real 文号. Each example that drafts
    from a case either says --no-number or is the one line that explains the real allocation; running the
    README's first example leaves the numbering store empty and prints the draft without a number."""
    import sqlalchemy as sa
    examples = _readme_draft_examples()
    assert examples, "no `lawdesk draft … --case` example found in the READMEs"
    allocating = [(name, cmd) for name, cmd in examples
                  if "--no-number" not in cmd and "--check" not in cmd and not cmd.startswith("lawdesk draft deadlines")]
    # the one line of doc_templates/README.md that shows how to issue a real numbered document, and says so
    assert [c for _n, c in allocating] == ["lawdesk draft FORM --case CASE.json -o OUT.docx"], allocating
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--no-number" in next(c for n, c in examples if n == "README.md")
    # PostgreSQL tests: the README says how they run
    assert ".ci/postgres.sh" in readme and "LAWDESK_TEST_POSTGRES_URL" in readme
    case = tmp_path / "case.json"
    shutil.copy(SAMPLE, case)
    numbers = tmp_path / "numbers.sqlite3"
    out = tmp_path / "out.md"
    res = lawdesk(settings, "draft", "decision_org", "--case", str(case), "-o", str(out), "--no-number",
                  "--confirm-all", "--numbers", str(numbers), "--write-case")
    assert res.returncode == 0, res.stderr
    assert "应急罚〔2026〕1号" not in out.read_text(encoding="utf-8")
    assert json.loads(case.read_text(encoding="utf-8")).get("numbers", {}) == {}
    if numbers.exists():
        eng = sa.create_engine(f"sqlite:///{numbers}")
        with eng.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            counts = {t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar() for t in tables}
        eng.dispose()
        assert not any(counts.values()), counts


def test_deadlines_cli(settings, tmp_path):
    """`lawdesk draft deadlines`: the case's periods on the holiday calendar and the next step due, with its article."""
    case = json.loads(SAMPLE.read_text(encoding="utf-8"))
    case["seizure"] = {"reason": "涉嫌违法储存危险物品", "measure": "扣押", "basis": ["安全生产法/65/1/4"], "approver": "王局长"}
    case["dates"]["seizure"] = "2026-09-01"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    res = lawdesk(settings, "draft", "deadlines", "--case", str(path), "--today", "2026-10-09")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("程序：普通程序（重大案件）；案卷应有：现场检查记录、") and "查封扣押决定书" in lines[0]
    # decided, so the 处理决定 is due: the file lacks it (行政强制法第二十七条)
    assert lines[1].startswith("案卷尚缺：查封扣押处理决定书（查封、扣押期限内应当作出处理决定）")
    first = lines[2]
    assert first.startswith("下一步：作出查封、扣押处理决定，2026年10月8日前") and "已逾期" in first
    assert "《中华人民共和国行政强制法》第二十五条第一款" in first
    assert "[已逾期] 查封、扣押期限：自查封、扣押之日（2026年9月1日）起三十日，至2026年10月8日届满" in res.stdout
    data = json.loads(lawdesk(settings, "draft", "deadlines", "--case", str(path), "--today", "2026-10-09",
                              "--json").stdout)
    assert data["next"]["rule"] == "seizure.period" and data["next"]["end"] == "2026-10-08"
    assert data["path"] == "普通程序（重大案件）"
    assert [d["present"] for d in data["documents"] if d["form"] == "seizure_outcome"] == [False]


def test_readme_sample_examples_run(settings, tmp_path):
    """Every `lawdesk draft … doc_templates/samples/…` example of doc_templates/README.md runs as written (output
    under tmp), uses up no number, and a case file is written."""
    import re
    readme = (ROOT / "doc_templates" / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"^lawdesk draft (\S+) --case (doc_templates/samples/\S+)(.*)$", readme, re.M)
    assert {c for _f, c, _r in examples} == {f"doc_templates/samples/{n}.json"
                                            for n in ("seizure", "hearing", "unpaid", "transfer", "lenient")}
    for form, case, rest in examples:
        args = rest.split()
        if "-o" in args:
            args[args.index("-o") + 1] = str(tmp_path / args[args.index("-o") + 1])
            assert "--no-number" in args, (form, case)
        res = lawdesk(settings, "draft", form, "--case", str(ROOT / case), *args,
                      *(["--numbers", str(tmp_path / "n.sqlite3")] if form != "deadlines" else []))
        assert res.returncode == 0, (form, case, res.stderr)
    assert (tmp_path / "扣押案卷.docx").stat().st_size > 20_000
