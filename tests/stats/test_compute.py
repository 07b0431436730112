"""The statistics service counts what the case records say: hand-made variants of the sample case, each with a
known effect (decided and paid, decided and unpaid, still a draft, 简易程序 without 立案, a person, a criminal
transfer, no dates at all, another unit, the demo unit), and the expected figures written out from them."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.drafting.conftest import SAMPLE
from webapp.services.casereview import reviews as file_reviews
from webapp.services.credit import records as credit_records
from webapp.services.drafting import store
from webapp.services.drafting.model import Case
from webapp.services.stats import PeriodError, compute, parse_period
from webapp.services.stats.compute import DEMO_UNIT_NAME, Period
from webapp.services.stats.tables import build, to_csv, to_xlsx


def _case(key: str, **changes) -> Case:
    d = json.loads(SAMPLE.read_text(encoding="utf-8"))
    d["id"] = key
    d["numbers"] = {}
    for path, value in changes.items():
        node = d
        *head, last = path.split("__")
        for p in head:
            node = node[p]
        node[last] = value
    return Case.from_dict(d)


@pytest.fixture
def conn():
    from webapp import db as appdb
    eng = sa.create_engine("sqlite://")
    store.metadata.create_all(eng)
    file_reviews.metadata.create_all(eng)
    credit_records.metadata.create_all(eng)
    appdb.units.create(eng)
    with eng.begin() as c:
        for uid, name in ((1, "杭州市拱墅区应急管理局"), (2, "杭州市西湖区应急管理局"), (3, DEMO_UNIT_NAME)):
            c.execute(appdb.units.insert().values(id=uid, name=name, short_name=name[:2], created_at=store.utcnow()))
        cases = {
            # closed, fined 55,000 (SP-001 40,000 + HH-001 15,000), paid, discussed, 管辖 transfer, filed 2026-09-16
            "paid": _case("A-1"),
            "unpaid": _case("A-2", status="issued", payment__paid_on="", dates__filing="2026-03-02",
                            review__discussed=False, transfer=None),
            "draft": _case("A-3", status="draft", dates__filing="2026-03-20", review__opinion="", review__approved=False,
                           transfer={"kind": "犯罪", "receiver": "公安局", "reason": "涉嫌重大责任事故罪"}),
            "simple": _case("A-4", procedure="简易程序", dates__filing="", dates__decision="2026-05-06",
                            party__kind="个人", party__name="张三", party__credit_code="",
                            party__id_number="110101199003071234", violations=[]),
            "undated": _case("A-5", status="draft", dates={}),
            "last_year": _case("A-6", dates__filing="2025-12-30"),
        }
        ids = {k: store.create_case(c, 1, v, None) for k, v in cases.items()}
        store.create_case(c, 2, _case("B-1"), None)
        store.create_case(c, 3, _case("D-1"), None)
        for kind in ("submit", "approve", "submit", "reject"):
            store.add_comment(c, ids["unpaid"], None, kind, "意见")
        store.add_comment(c, ids["last_year"], None, "approve", "不在期间内")
        for version in (1, 2):          # two versions of one document count once
            store.add_document(c, ids["paid"], form="decision_org", item=0, title="行政处罚决定书（单位）", number="",
                               fmt="docx", filename="d.docx", content=b"PK", case_version=version, issues=[],
                               confirmed=[], user_id=None)
        yield c, ids


Y2026 = Period.year(2026)


def test_a_year_of_one_unit(conn):
    c, _ids = conn
    s = compute(c, 1, Y2026)
    assert s.unit_name == "杭州市拱墅区应急管理局"
    assert s.cases == 4 and s.decided == 3 and s.undated == 0          # paid, unpaid, draft, simple
    f = s.fines
    assert f.imposed == Decimal("110000.00")                          # paid + unpaid; the draft and simple add none
    assert (f.fined_cases, f.paid_cases, f.collected, f.outstanding) == (2, 1, Decimal("55000.00"), Decimal("55000.00"))
    assert [(r.key, r.cases) for r in s.by_month] == [("2026-03", 2), ("2026-05", 1), ("2026-09", 1)]
    assert [(r.label, r.cases) for r in s.by_procedure] == [("普通", 3), ("简易", 1)]
    assert [(r.key, r.cases, r.fines) for r in s.by_party] == [("单位", 3, Decimal("110000.00")), ("个人", 1, 0)]
    v = {r.catalogue_id: r for r in s.by_violation}
    assert (v["SP-001"].violations, v["SP-001"].cases, v["SP-001"].fines) == (3, 3, Decimal("80000.00"))
    assert v["SP-001"].topic == "特种作业" and v["HH-001"].topic == "隐患排查治理"
    assert {r.topic: r.violations for r in s.by_topic} == {"特种作业": 3, "隐患排查治理": 3}
    assert s.discussed == 3                                            # paid, draft, simple (unpaid: not discussed)
    assert (s.transfers_crime, s.transfers_other) == (1, 2)            # draft → police; paid, simple 管辖
    r = s.reviews
    assert (r.opinions, r.approved_cases) == (3, 3)
    assert (r.submissions, r.approvals, r.rejections) == (2, 1, 1)     # last year's approval is outside
    assert [(d.key, d.cases) for d in s.documents] == [("decision_org", 1)]
    assert s.by_industry is None and "行业" in s.not_recorded["industry"]
    assert s.no_penalty == 0 and s.no_penalty_by_ground == {} and s.lenient is None   # none decided not to penalise
    stages = {x.stage: x for x in s.stages}
    # 立案 09-16, 03-02, 03-20 → the sample's 告知 10-20: 34, 232, 214 days
    assert stages["立案→告知"].cases == 3 and stages["立案→告知"].median_days == 214.0
    assert stages["立案→告知"].max_days == 232
    assert stages["告知→决定"].median_days == 10 and stages["决定→送达"].median_days == 3


def test_stage_medians_and_dates_out_of_order(conn):
    c, ids = conn
    s = compute(c, 1, parse_period("2026-03-01", "2026-03-31"))
    stages = {x.stage: x for x in s.stages}
    # 立案 03-02 and 03-20 → 告知 10-20: 232 and 214 days, median 223
    assert stages["立案→告知"].cases == 2 and stages["立案→告知"].median_days == 223.0
    assert stages["立案→告知"].max_days == 232


def test_units_never_mix_and_the_demo_unit_stays_out_of_totals(conn):
    c, _ids = conn
    assert compute(c, 2, Y2026).cases == 1
    assert compute(c, 3, Y2026).cases == 1
    everyone = compute(c, None, Y2026)
    assert everyone.cases == 4 + 1 and "不含演示单位" in everyone.unit_name


def test_open_period_counts_undated_cases_apart(conn):
    c, _ids = conn
    s = compute(c, 1, Period())
    assert s.cases == 6 and s.undated == 1
    assert s.by_month[-1].label == "未记录日期" and s.by_month[0].key == "2025-12"


def test_unreadable_record_is_counted_not_fatal(conn):
    c, ids = conn
    c.execute(store.cases.update().where(store.cases.c.id == ids["draft"]).values(data="{broken"))
    s = compute(c, 1, Y2026)
    assert s.cases == 3 and s.unreadable == 1
    assert ["无法读取的案件记录（未计入）", 1] in build(s)[0].rows


def test_empty_period_gives_empty_tables_with_headings(conn):
    c, _ids = conn
    s = compute(c, 1, parse_period("2030-01-01", "2030-12-31"))
    assert s.cases == 0 and s.fines.imposed == 0
    tables = build(s)
    assert all(not t.rows for t in tables if t.id != "summary")
    rows = list(csv.reader(io.StringIO(to_csv(s).decode("utf-8-sig"))))
    for t in tables:
        assert [t.title] in rows and t.columns in rows
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(to_xlsx(s)))
    assert len(wb.sheetnames) == len(tables)
    assert [c.value for c in wb.worksheets[1][3]] == tables[1].columns and wb.worksheets[1].max_row == 3


@pytest.mark.parametrize(("start", "end", "field", "words"), [
    ("2025-13-01", "", "from", "起始日期“2025-13-01”不是有效日期"),
    ("", "2025/12/31", "to", "截止日期“2025/12/31”不是有效日期"),
    ("2025-1-1", "", "from", "YYYY-MM-DD"),
    ("2025-12-31", "2025-01-01", "from", "晚于截止日期"),
])
def test_bad_dates_are_refused_in_chinese(start, end, field, words):
    with pytest.raises(PeriodError) as exc:
        parse_period(start, end)
    assert exc.value.field == field and words in exc.value.message


def test_json_form_has_numbers_and_the_period(conn):
    c, _ids = conn
    d = compute(c, 1, Y2026).to_dict()
    assert d["period"] == {"from": "2026-01-01", "to": "2026-12-31", "label": "2026-01-01 至 2026-12-31"}
    assert d["fines"]["imposed"] == 110000 and d["fines"]["outstanding"] == 55000
    assert d["by_industry"] is None and json.dumps(d, ensure_ascii=False)


def test_bar_chart_is_plain_svg_with_a_title_and_proportional_bars(conn):
    import xml.etree.ElementTree as ET

    from webapp.services.stats.charts import BAR_WIDTH, bar_chart
    c, _ids = conn
    month = next(t for t in build(compute(c, 1, Y2026)) if t.id == "month")
    svg = ET.fromstring(bar_chart(month, "c-month"))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.find(f"{ns}title").text.startswith("按月份")
    assert "style" not in bar_chart(month, "c-month")            # the CSP allows no style attribute
    widths = [int(r.get("width")) for r in svg.iter(f"{ns}rect")]
    assert widths == [BAR_WIDTH, BAR_WIDTH // 2, BAR_WIDTH // 2]  # 2, 1, 1 cases
    empty = next(t for t in build(compute(c, 1, parse_period("2030-01-01", ""))) if t.id == "month")
    assert bar_chart(empty, "c-empty") == ""


def test_signed_case_file_reviews_are_counted_while_they_stand(conn):
    c, ids = conn
    now = store.utcnow()
    for key, grade, score, case_version in (("paid", "exemplary", 92.0, 1), ("unpaid", "poor", 70.0, 1),
                                            ("last_year", "poor", 50.0, 1)):
        c.execute(file_reviews.reviews.insert().values(case_id=ids[key], reviewer_id=1, status="signed", grade=grade,
                                                       score=score, case_version=case_version, created_at=now,
                                                       updated_at=now, signed_at=now))
    c.execute(file_reviews.reviews.insert().values(case_id=ids["draft"], reviewer_id=1, status="assigned",
                                                   created_at=now, updated_at=now))
    fr = compute(c, 1, Y2026).file_reviews
    assert (fr.signed, fr.exemplary, fr.poor, fr.mean_score) == (2, 1, 1, 81.0)
    case = store.load(store.get_row(c, ids["unpaid"]))
    store.save_case(c, ids["unpaid"], case, None)          # changed after signing: that review reopens
    fr = compute(c, 1, Y2026).file_reviews
    assert (fr.signed, fr.exemplary, fr.poor, fr.mean_score) == (1, 1, 0, 92.0)
    rows = dict((r[0], r[1]) for r in build(compute(c, 1, Y2026))[0].rows)
    assert rows["案卷评查（已签署）"] == 1 and rows["案卷评查平均得分"] == 92.0
