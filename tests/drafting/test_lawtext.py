"""Statute quotations: the exact text of the version in force on the violation date; 从旧兼从轻 against the
version in force on the decision date (行政处罚法第三十七条), on the real library and on a small fictional
statute with two versions (written at test time; it is not a real law)."""

from __future__ import annotations


from indexer.punctuation import to_official
from indexer.refs import Ref
from webapp.services.drafting.lawtext import provision_text, quote

# fiction_lib: tests/drafting/conftest.py

def test_quote_is_the_exact_text(lib):
    q = quote(lib, "安全生产法/30/1", "2026-09-15", "2026-10-30")
    art = lib.get(Ref.parse("安全生产法/30"), as_of="2026-09-15").article
    assert q.ok and q.text == art.paragraphs[0].text
    assert q.citation == "《中华人民共和国安全生产法》第三十条第一款"
    assert q.dated_ref == "安全生产法@2021-09-01/30/1"
    assert q.sentence().endswith("方可上岗作业”")


def test_item_quote_has_the_lead_sentence(lib):
    q = quote(lib, "安全生产法/97/1/7", "2026-09-15", "2026-10-30", role="生产经营单位")
    art = lib.get(Ref.parse("安全生产法/97"), as_of="2026-09-15").article
    assert q.citation == "《中华人民共和国安全生产法》第九十七条第（七）项"
    # the library file writes the lead's colon in half width; the decision quotes the official `：`
    assert q.text == to_official(art.paragraphs[0].text + "……" + art.paragraphs[0].items[6].text)
    assert "：……（七）" in q.text
    assert (q.fine_min, q.fine_max) == (0, 100000)
    assert q.conditional_fines and q.conditional_fines[0][0] == "逾期未改正"


def test_missing_parts(lib):
    assert "没有第（九）项" in quote(lib, "安全生产法/99/1/9", "2026-09-15").error
    assert "没有第三百条" in quote(lib, "安全生产法/300", "2026-09-15").error
    assert "没有第三款" in quote(lib, "安全生产法/30/3", "2026-09-15").error
    assert "法规库中没有" in quote(lib, "不存在的法/1", "2026-09-15").error
    assert "不是有效的条文引用" in quote(lib, "安全生产法/第三十条", "2026-09-15").error


def test_version_by_violation_date(lib):
    # 浙江省安全生产条例: the 2016 version (51 articles) was in force until 2023-03-01
    old = quote(lib, "浙江省安全生产条例/1", "2022-09-15", "2023-06-30")
    new = quote(lib, "浙江省安全生产条例/1", "2023-09-15", "2023-10-30")
    assert old.version == "2016-08-01" and new.version == "2023-03-01"
    assert old.changed_later and old.note and "第三十七条" in old.note
    assert "没有第五十七条" in quote(lib, "浙江省安全生产条例/57", "2022-09-15").error
    q = quote(lib, "危险化学品安全法/10", "2026-04-30")
    assert "尚未施行" in q.error


def test_provision_text_units(lib):
    art = lib.get(Ref.parse("行政处罚法/64"), as_of="2026-11-28").article
    assert provision_text(art, Ref.parse("行政处罚法/64/1/1")).endswith("应当在行政机关告知后五日内提出；")
    assert provision_text(art, Ref.parse("行政处罚法/64/2")) is None


def test_milder_later_version(fiction_lib):
    # 第三十七条: the lighter later provision is applied, so it is the one quoted and its range binds the fine
    q = quote(fiction_lib, "示例市虚构安全条例/4", "2024-01-15", "2024-07-01", role="生产经营单位")
    assert q.version == "2024-06-01" and "五千元以上三万元以下" in q.text     # the applied (new) text quoted
    assert (q.fine_min, q.fine_max) == (5000, 30000)
    assert q.milder_later and "处罚较轻" in q.note and "第三十七条" in q.note
    assert q.later_version == "2024-06-01" and q.earlier_version == "2020-03-01"
    assert q.decided and not q.needs_explanation
    assert "违法行为发生时施行的是《示例市虚构安全条例》第四条（2020-03-01施行版本）" in q.note


def test_harsher_later_version(fiction_lib):
    q = quote(fiction_lib, "示例市虚构安全条例/5", "2024-01-15", "2024-07-01", role="生产经营单位")
    assert not q.milder_later and q.changed_later and "不轻于原规定" in q.note


def test_unchanged_provision_has_no_note(fiction_lib):
    q = quote(fiction_lib, "示例市虚构安全条例/3", "2024-01-15", "2024-07-01")
    assert not q.changed_later and q.note == ""


def test_changed_duty_provision(fiction_lib):
    q = quote(fiction_lib, "示例市虚构安全条例/2", "2024-01-15", "2024-07-01")
    assert q.changed_later and "仍认为该行为违法" in q.note


def test_decision_carries_the_leniency_note_and_warning(fiction_lib, templates, sample_data):
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter

    from .conftest import case_from

    d = dict(sample_data)
    case = case_from(d)
    case.violations = case.violations[:1]
    v = case.violations[0]
    v.catalogue_id, v.level = "", ""
    v.violated, v.basis, v.date = ["示例市虚构安全条例/2"], ["示例市虚构安全条例/4"], "2024-01-15"
    case.dates.filing, case.dates.notice, case.dates.notice_served = "2024-06-20", "2024-07-10", "2024-07-10"
    case.dates.statement, case.dates.review, case.dates.decision = "2024-07-12", "2024-07-17", "2024-07-20"
    case.dates.service, case.dates.closing = "2024-07-22", ""
    case.dates.inspection = case.dates.order = "2024-06-15"
    case.deliveries = []
    from decimal import Decimal
    v.fine = Decimal(20000)
    drafter = Drafter(fiction_lib, templates, MemoryNumberStore(), check_citations=False)
    draft = drafter.prepare(case, "decision_org")
    assert "leniency.milder" in {i.code for i in draft.warnings}
    text = "\n".join(draft.doc.text_lines())
    # the lighter new provision is the 处罚依据 quoted; the reasoning names the one of the act's date
    assert "新的规定处罚较轻" in text and "《示例市虚构安全条例》第四条“违反本条例第二条规定的，责令限期改正，处五千元以上三万元以下的罚款”" in text
    assert "违法行为发生时施行的是《示例市虚构安全条例》第四条（2020-03-01施行版本）" in text
    # the duty provision changed too and the code cannot tell whether it still forbids the act: unexplained
    assert "leniency.unexplained" in {i.code for i in draft.warnings}
    v.law_choice = "修改后的第二条仍要求如实记录示例台账，当事人的行为依新规定仍属违法，故依照第三十七条适用新的规定"
    draft = drafter.prepare(case, "decision_org")
    assert "leniency.unexplained" not in {i.code for i in draft.warnings}
    text = "\n".join(draft.doc.text_lines())
    assert v.law_choice + "。" in text and "仍认为该行为违法" not in text


def test_fine_checked_against_the_applied_milder_range(fiction_lib, templates, sample_data):
    """A fine legal under the old range (1万-5万) but above the milder new one (5千-3万) is an error."""
    from decimal import Decimal

    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter

    from .conftest import case_from
    case = case_from(dict(sample_data))
    case.violations = case.violations[:1]
    v = case.violations[0]
    v.catalogue_id, v.level = "", ""
    v.violated, v.basis, v.date, v.fine = ["示例市虚构安全条例/3"], ["示例市虚构安全条例/4"], "2024-01-15", Decimal(40000)
    case.dates.filing, case.dates.notice, case.dates.decision = "2024-06-20", "2024-07-10", "2024-07-20"
    drafter = Drafter(fiction_lib, templates, MemoryNumberStore(), check_citations=False)
    assert "fine.range" in {i.code for i in drafter.prepare(case, "decision_org").issues}
    v.fine = Decimal(20000)
    assert "fine.range" not in {i.code for i in drafter.prepare(case, "decision_org").issues}
