"""The law of the act's date (从旧兼从轻, 行政处罚法第三十七条) on the real library, across the three changes an
应急管理 office meets: the 2021 安全生产法 (library: only the 2021-09-01 text), the 2021 行政处罚法 (only the
2021-07-15 revision) and the 2026 危险化学品安全法 (over 危险化学品安全管理条例); acts done over a span
(继续状态); procedure by the document's date."""

from __future__ import annotations

import re
from decimal import Decimal

from indexer.citations.loaders import load_renumbering
from indexer.refs import Ref
from indexer.succession import superseding_law
from webapp.services.drafting.lawtext import quote

from .conftest import case_from


def _first_version(lib, law: str) -> str:
    return lib.store.versions(law)[0].effective_from


def _table(lib, law: str):
    (table,) = load_renumbering(lib.settings.corpus)[law]
    return table


# ------------------------------------------------------------------------------------------------ missing versions

def test_2014_safety_law_act_is_quoted_not_refused(lib):
    first = _first_version(lib, "安全生产法")
    table = _table(lib, "安全生产法")
    q = quote(lib, "安全生产法/27/1", "2021-08-20", "2026-10-30")
    assert q.ok and not q.error, q.error
    assert "尚未施行" not in q.note + q.advice
    assert q.missing_version == table.old_label and q.needs_explanation
    assert q.citation == f"《中华人民共和国安全生产法》（{table.old_label}）第二十七条第一款"
    assert q.text == "" and q.sentence() == q.citation          # no wording the library does not hold
    # the counterpart comes from the renumbering table and exists in the library's text
    (new,) = table.lookup(27, 1, None).new
    target = Ref.parse(new)
    assert lib.get(target, as_of=first) is not None
    assert target.human("中华人民共和国安全生产法") in q.counterpart
    assert q.counterpart in q.note and "法规库中没有" in q.advice
    # the day before the current text: still the old one; from its 施行 date on: the library's text
    assert quote(lib, "安全生产法/27/1", "2021-08-31").missing_version
    on = quote(lib, "安全生产法/30/1", first)
    assert on.ok and not on.missing_version and on.version == first


def test_2014_safety_law_unmapped_article_still_proceeds(lib):
    """Chapter 1 is not mapped: no counterpart is named, the officer is told so and may proceed."""
    q = quote(lib, "安全生产法/3", "2021-08-20", "2026-10-30")
    assert q.ok and q.missing_version and q.counterpart == ""
    assert "对照表中没有" in q.note


def test_administrative_penalty_law_before_the_2021_revision(lib):
    first = _first_version(lib, "行政处罚法")
    table = _table(lib, "行政处罚法")
    day_before = "2021-07-14"
    assert day_before < first
    q = quote(lib, "行政处罚法/27", day_before, "2021-09-30")
    assert q.ok and q.missing_version == table.old_label
    (new,) = table.lookup(27, None, None).new
    assert Ref.parse(new).human("中华人民共和国行政处罚法") in q.counterpart
    assert quote(lib, "行政处罚法/32", first).version == first


def test_a_law_not_yet_adopted_is_still_refused(lib):
    """危险化学品安全法 has no earlier text (its history: 通过 then 施行): an act before its 施行 date cannot be
    judged by it, and the message names the regulation then in force."""
    first = _first_version(lib, "危险化学品安全法")
    q = quote(lib, "危险化学品安全法/10", "2026-04-30")
    assert "尚未施行" in q.error and "《危险化学品安全管理条例》" in q.error
    assert not quote(lib, "危险化学品安全法/10", first).error


def test_drafting_an_act_of_2021_08_20_proceeds_with_warnings(session_drafter, sample_data):
    case = case_from(sample_data)
    case.violations = case.violations[:1]
    v = case.violations[0]
    v.catalogue_id, v.level = "", ""
    v.date, v.violated, v.basis, v.fine = "2021-08-20", ["安全生产法/27/1"], ["安全生产法/94"], Decimal(20000)
    draft = session_drafter.prepare(case, "decision_org")
    codes = {i.code for i in draft.issues}
    assert "citation.not_found" not in codes
    assert {"version.missing", "leniency.unexplained", "fine.range_unknown"} <= {i.code for i in draft.warnings}
    text = "\n".join(draft.doc.text_lines())
    assert "违反了《中华人民共和国安全生产法》（2014年修正文本）第二十七条第一款的规定" in text
    assert "在2021年9月1日起施行的现行文本中为《中华人民共和国安全生产法》第三十条第一款" in text
    v.law_choice = "现行第九十七条的罚款幅度不轻于原第九十四条，依照第三十七条适用违法行为发生时的规定"
    draft = session_drafter.prepare(case, "decision_org")
    assert "leniency.unexplained" not in {i.code for i in draft.warnings}
    assert v.law_choice + "。" in "\n".join(draft.doc.text_lines())


# ------------------------------------------------------------------------------------------------ 危险化学品安全法

def _effective_from_text(lib, law: str) -> str:
    """The 施行 date the statute's own last article states (本法自…起施行)."""
    v = lib.store.versions(law)[-1]
    last = lib.get(Ref(law, v.effective_from, v.article_count), as_of=v.effective_from).article
    y, m, d = re.search(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行", last.text()).groups()
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def test_hazardous_chemicals_law_supersedes_the_regulation(lib):
    start = _effective_from_text(lib, "危险化学品安全法")
    assert start == _first_version(lib, "危险化学品安全法")
    reg = lib.store.law("危险化学品安全管理条例")
    upper, first = superseding_law(lib, reg, start)
    assert upper.key == "危险化学品安全法" and first.effective_from == start
    assert superseding_law(lib, reg, "2026-04-30") is None
    assert superseding_law(lib, lib.store.law("安全生产法"), start) is None       # a law is not superseded so

    after = quote(lib, "危险化学品安全管理条例/80/1/1", start, "2026-10-30")
    assert after.ok and after.superseded_by == "中华人民共和国危险化学品安全法"
    assert "已施行（2026年5月1日起）" in after.advice
    before = quote(lib, "危险化学品安全管理条例/80/1/1", "2026-04-30", "2026-04-30")
    assert before.ok and not before.superseded_by and not before.superseded_later and not before.advice
    # act before, decision after the law's 施行: 第三十七条 — the officer must compare and explain
    across = quote(lib, "危险化学品安全管理条例/80/1/1", "2026-04-30", "2026-10-30")
    assert across.superseded_later and across.needs_explanation and "第三十七条" in across.advice


def test_drafting_on_the_regulation_after_the_law_warns(session_drafter, sample_data):
    case = case_from(sample_data)
    case.violations = case.violations[:1]
    v = case.violations[0]
    v.catalogue_id, v.level = "", ""
    v.violated, v.basis = ["危险化学品安全管理条例/80/1/1"], ["危险化学品安全管理条例/80/1/1"]
    issues = {i.code: i for i in session_drafter.prepare(case, "decision_org").warnings}
    assert "law.superseded" in issues and "危险化学品安全法" in issues["law.superseded"].message


# ------------------------------------------------------------------------------------------------ spans

def test_continuing_act_rule_is_the_statutes(lib):
    """The rule lawtext.span_note implements rests on 行政处罚法第三十六条第二款 (checked against the text)."""
    art = lib.get(Ref.parse("行政处罚法/36"), as_of="2026-11-28").article
    para = art.paragraphs[1].text
    assert "连续或者继续状态" in para and "行为终了之日" in para


def test_continuing_act_is_judged_by_the_law_at_its_end(fiction_lib):
    from webapp.services.drafting.lawtext import span_note
    # done from 2024-01-15 (old text) until 2024-07-15 (new text from 2024-06-01): the new text applies
    assert span_note(fiction_lib, "示例市虚构安全条例/4", "2024-01-15", "2024-07-15").count("行为终了时施行的文本") == 1
    assert span_note(fiction_lib, "示例市虚构安全条例/4", "2024-01-15", "2024-05-15") == ""


def test_span_in_the_case_and_the_decision(fiction_lib, templates, sample_data):
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    case = case_from(sample_data)
    case.violations = case.violations[:1]
    v = case.violations[0]
    v.catalogue_id, v.level, v.fine = "", "", Decimal(20000)
    v.violated, v.basis, v.date, v.date_end = ["示例市虚构安全条例/3"], ["示例市虚构安全条例/5"], "2024-01-15", "2024-06-10"
    case.dates.filing, case.dates.notice, case.dates.decision = "2024-06-20", "2024-07-10", "2024-07-20"
    drafter = Drafter(fiction_lib, templates, MemoryNumberStore(), check_citations=False)
    draft = drafter.prepare(case, "decision_org")
    text = "\n".join(draft.doc.text_lines())
    # the heavier new 第五条 (1万-5万) applies to an act that went on after it came into force
    assert "处一万元以上五万元以下的罚款" in text and "持续至2024年6月10日" in text
    assert not {"leniency.milder", "leniency.changed"} & {i.code for i in draft.issues}
    assert case_from(case.to_dict()).violations[0].date_end == "2024-06-10"       # the JSON form keeps it
    v.date_end = "2024-01-01"
    assert any(i.code == "dates.order" and i.field.endswith("date_end") for i in drafter.prepare(case, "decision_org").errors)


def test_limitation_counts_from_the_end_of_a_continuing_act(session_drafter, sample_data):
    case = case_from(sample_data)
    v = case.violations[0]
    v.date = "2023-01-10"
    assert "limitation" in {i.code for i in session_drafter.prepare(case, "decision_org").issues}
    v.date_end = "2026-09-15"
    assert "limitation" not in {i.code for i in session_drafter.prepare(case, "decision_org").issues}


# ------------------------------------------------------------------------------------------------ procedure

def test_procedural_citations_follow_the_document_date(session_drafter, sample_data, lib):
    """The decision's fixed 行政处罚法 citations (缴纳, 加处罚款, 复议诉讼) are judged by the version in force on
    the decision's date; the violation's provisions by the act's date."""
    from webapp.services.drafting.validate import procedure_issues
    spec = session_drafter.spec("decision_org")
    assert any(r.startswith("行政处罚法/") for r in spec.cites)
    assert procedure_issues(lib, spec, "2026-10-30") == []
    before = procedure_issues(lib, spec, "2021-07-01")        # before the 2021 revision's 施行 date
    assert {i.basis for i in before} == {r for r in spec.cites if r.startswith("行政处罚法/")}
    assert all(i.code == "procedure.version" and "2021年修订前文本" in i.message for i in before)
    case = case_from(sample_data)
    case.dates.decision = "2021-07-01"
    assert "procedure.version" in {i.code for i in session_drafter.prepare(case, "decision_org").warnings}
    assert "procedure.version" not in {i.code for i in session_drafter.prepare(case_from(sample_data),
                                                                               "decision_org").issues}
