"""Issue 14.1: the lenient lists' loader, the conditions of 行政处罚法 第三十三条第一款 applied to a case's facts,
and the discretion calculator applying a qualifying entry. The lists here are small fixtures written for the
test; the published lists in corpus/lenient are checked against the statute texts in test_lenient_texts.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.calculator import CalcError, calculate
from indexer.handbook.catalogue import load_catalogue
from indexer.handbook.lenient import HARMS, KINDS, LenientFacts, assess, lenient_lists, load_lenient
from indexer.handbook.resolve import resolve_ref
from indexer.jurisdiction import Jurisdiction

D = dt.date.fromisoformat
HANGZHOU = Jurisdiction.parse("浙江省杭州市拱墅区")
NINGBO = Jurisdiction.parse("浙江省宁波市海曙区")

LIST = textwrap.dedent('''
    [list]
    id = "T-HZ"
    title = "测试市应急管理轻微违法行为不予行政处罚清单"
    issuer = "测试"
    number = "测应急〔2024〕1号"
    region = "{region}"
    in_force = "2024-01-01"
    expires = "{expires}"
    sources = ["https://example.invalid/list"]
    first_period_years = 3
    common_conditions = ["近三年未发生生产安全死亡事故"]
    excluded_subjects = ["危险物品的生产、经营、储存单位"]

    [[entry]]
    no = 1
    kind = "可以不予处罚"
    behaviour = "未按照规定对从业人员进行安全生产教育和培训"
    conditions = ["涉及人员3人以下"]
    violated = ["安全生产法/28/1"]
    basis = ["安全生产法/97/1/3"]
    handbook = ["TR-001"]

    [[entry]]
    no = 2
    kind = "不予处罚"
    behaviour = "未如实记录安全生产教育和培训情况"
    conditions = []
    violated = ["安全生产法/28/4"]
    basis = ["安全生产法/97/1/4"]
    handbook = ["TR-001"]
''')


def _corpus(tmp_path: Path, *lists: tuple[str, str, str]) -> Path:
    """A corpus folder with the real handbook and the given fixture lists (name, region, expires)."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR / "handbook", root / "handbook")
    (root / "lenient").mkdir()
    for name, region, expires in lists:
        text = LIST.replace("{region}", region).replace("{expires}", expires).replace('"T-HZ"', f'"T-{name}"')
        (root / "lenient" / f"{name}.toml").write_text(text, encoding="utf-8")
    return root


def test_the_kinds_are_the_two_sentences_of_article_33(lib):
    """不予处罚 is 第三十三条第一款's first sentence, 可以不予处罚 its second (首违不罚): read from the text."""
    text = resolve_ref(lib, "行政处罚法/33/1", "2024-06-01").text
    first, second = [s for s in re.split("。", text) if s][:2]
    assert "轻微并及时改正" in first and "没有造成危害后果" in first and first.endswith("不予行政处罚")
    assert "初次违法" in second and "危害后果轻微" in second and second.endswith("可以不予行政处罚")
    assert KINDS == ("不予处罚", "可以不予处罚")
    assert set(HARMS) >= {"没有造成危害后果", "危害后果轻微"}


def test_loader_reads_every_file_and_binds_by_region(tmp_path):
    root = _corpus(tmp_path, ("HZ", "浙江省杭州市", ""), ("ZJ", "浙江省", "2025-12-31"), ("NB", "浙江省宁波市", ""))
    got = lenient_lists(root)
    assert not got.errors, got.errors
    assert {x.id for x in got.lists} == {"T-HZ", "T-ZJ", "T-NB"} and len(got.entries) == 6
    here = got.for_violation("TR-001", D("2025-06-01"), HANGZHOU)
    # the city's own list first, then the province's; 宁波's list does not bind a 杭州 unit
    assert [e.id for e in here] == ["T-HZ-1", "T-HZ-2", "T-ZJ-1", "T-ZJ-2"]
    assert [e.list.id for e in got.for_violation("TR-001", D("2026-06-01"), HANGZHOU)] == ["T-HZ", "T-HZ"]
    assert {e.list.id for e in got.for_violation("TR-001", D("2025-06-01"), NINGBO)} == {"T-NB", "T-ZJ"}
    assert got.for_violation("TR-001", D("2023-06-01"), HANGZHOU) == []          # before the lists were in force
    assert got.for_violation("SP-001", D("2025-06-01"), HANGZHOU) == []
    assert len(got.for_violation("TR-001", D("2025-06-01"), None)) == 6            # place unknown: all shown
    e = got.get("T-HZ-1")
    assert e is not None and e.cited == "《测试市应急管理轻微违法行为不予行政处罚清单》（测应急〔2024〕1号）第1项"
    assert e.rule == "MIT-FIRST-MINOR" and got.get("T-HZ-2").rule == "MIT-MINOR-CORRECTED"


def test_bad_files_are_reported_not_raised(tmp_path):
    root = _corpus(tmp_path, ("HZ", "浙江省杭州市", ""))
    (root / "lenient" / "broken.toml").write_text("[list\n", encoding="utf-8")
    (root / "lenient" / "noregion.toml").write_text(LIST.replace('region = "{region}"', 'region = "火星"')
                                                    .replace('"T-HZ"', '"T-X"').replace("{expires}", ""),
                                                    encoding="utf-8")
    bad_entry = LIST.replace('"T-HZ"', '"T-Y"').replace("{region}", "浙江省").replace("{expires}", "") \
        .replace('kind = "不予处罚"', 'kind = "从轻处罚"').replace('handbook = ["TR-001"]\n\n[[entry]]',
                                                               'handbook = ["NO-999"]\n\n[[entry]]')
    (root / "lenient" / "y.toml").write_text(bad_entry, encoding="utf-8")
    got = load_lenient(root, {v.id for v in load_catalogue(root).violations})
    messages = {e.file.rsplit("/", 1)[-1]: e.message for e in got.errors}
    assert "TOML" in messages["broken.toml"] or "Expected" in messages["broken.toml"]
    assert "火星" in messages["noregion.toml"]
    kinds = [e.message for e in got.errors if e.entry == "T-Y-2"]
    assert kinds and "kind 应为" in kinds[0]
    assert any("NO-999" in e.message for e in got.errors if e.entry == "T-Y-1")
    assert {x.id for x in got.lists} == {"T-HZ", "T-Y"}


@pytest.mark.parametrize("facts,failed,unknown", [
    (LenientFacts(), None, 4),
    (LenientFacts(first=True, harm="危害后果轻微", corrected=True, conditions_met=True), 0, 0),
    (LenientFacts(first=True, harm="没有造成危害后果", corrected=True, conditions_met=True), 0, 0),
    (LenientFacts(first=False, harm="危害后果轻微", corrected=True, conditions_met=True), 1, 0),
    (LenientFacts(first=True, harm="造成危害后果", corrected=True, conditions_met=True), 1, 0),
    (LenientFacts(first=True, harm="危害后果轻微", corrected=False, conditions_met=True), 1, 0),
    (LenientFacts(first=True, harm="危害后果轻微", corrected=True, conditions_met=False), 1, 0),
    (LenientFacts(first=True, harm="危害后果轻微", corrected=True, conditions_met=True, excluded=True), 1, 0),
])
def test_first_violation_conditions(tmp_path, facts, failed, unknown):
    """首违不罚 (第三十三条第一款第二句): 初次违法, 危害后果轻微 (none is lighter still), 及时改正, each needed."""
    e = lenient_lists(_corpus(tmp_path, ("HZ", "浙江省杭州市", ""))).get("T-HZ-1")
    a = assess(e, facts)
    assert len(a.unknown) == unknown
    if failed is not None:
        assert len(a.failed) == failed
    assert a.qualifies == (failed == 0 and unknown == 0)
    assert a.outcome == ("可以不予处罚" if a.qualifies else "")
    assert any(c.startswith("初次违法（3年内") for c in a.met + a.failed + a.unknown)


def test_minor_violation_needs_no_harm_at_all(tmp_path):
    """轻微不罚 (第一句) asks 没有造成危害后果: 危害后果轻微 is not enough, and a first violation is not asked."""
    e = lenient_lists(_corpus(tmp_path, ("HZ", "浙江省杭州市", ""))).get("T-HZ-2")
    ok = assess(e, LenientFacts(first=False, harm="没有造成危害后果", corrected=True, conditions_met=True))
    assert ok.qualifies and ok.outcome == "不予处罚"
    slight = assess(e, LenientFacts(harm="危害后果轻微", corrected=True, conditions_met=True))
    assert not slight.qualifies and slight.failed == ["违法行为轻微，没有造成危害后果"]


def test_calculator_applies_a_qualifying_entry(lib, tmp_path):
    root = _corpus(tmp_path, ("HZ", "浙江省杭州市", ""))
    cat = load_catalogue(root)
    entries = lenient_lists(root).for_violation("TR-001", D("2025-06-01"), HANGZHOU)
    facts = LenientFacts(first=True, harm="没有造成危害后果", corrected=True, conditions_met=True)
    s = calculate(lib, cat, "TR-001", ["首次被发现"], [], as_of="2025-06-01", party="当事人",
                  lenient=entries, facts=facts)
    # entry 1 (首违不罚) qualifies first: 可以不予处罚, the level's range kept as the alternative
    assert s.outcome == "可以不予处罚" and s.fine is not None
    assert [x["qualifies"] for x in s.lenient] == [True, True]
    assert any("属于《测试市应急管理轻微违法行为不予行政处罚清单》（测应急〔2024〕1号）第1项所列情形" in r for r in s.reasons)
    assert any("可以不予行政处罚" in r for r in s.reasons)
    # only the 轻微不罚 entry: the law says 不予处罚, education and correction instead of a fine
    only_minor = [e for e in entries if e.no == 2]
    s2 = calculate(lib, cat, "TR-001", [], [], as_of="2025-06-01", lenient=only_minor, facts=facts)
    assert s2.outcome == "不予处罚" and s2.fine is None
    assert s2.sanctions == ["责令改正违法行为", "对当事人进行教育"]
    assert any("第2项所列情形" in r and "不予行政处罚" in r for r in s2.reasons)


def test_calculator_tells_what_is_missing(lib, tmp_path):
    root = _corpus(tmp_path, ("HZ", "浙江省杭州市", ""))
    cat = load_catalogue(root)
    entries = lenient_lists(root).for_violation("TR-001", D("2025-06-01"), HANGZHOU)
    s = calculate(lib, cat, "TR-001", [], [], as_of="2025-06-01", lenient=entries,
                  facts=LenientFacts(harm="没有造成危害后果"))
    assert s.outcome == "处罚" and s.fine is not None
    missing = [w for w in s.warnings if w.startswith("该违法行为列入")]
    assert len(missing) == 2 and "尚待核实" in missing[0] and "及时改正" in missing[0]
    # a fact that contradicts the list: no warning to chase, no leniency
    s3 = calculate(lib, cat, "TR-001", [], [], as_of="2025-06-01", lenient=entries,
                   facts=LenientFacts(first=True, harm="造成危害后果", corrected=True, conditions_met=True))
    assert s3.outcome == "处罚" and not [w for w in s3.warnings if w.startswith("该违法行为列入")]


def test_calculator_still_refuses_leniency_against_harm(lib, tmp_path):
    root = _corpus(tmp_path, ("HZ", "浙江省杭州市", ""))
    cat = load_catalogue(root)
    entries = lenient_lists(root).for_violation("TR-001", D("2025-06-01"), HANGZHOU)
    with pytest.raises(CalcError, match="相互矛盾"):
        calculate(lib, cat, "TR-001", ["因未培训导致违章作业引发险情，或者一年内再次被发现"], [], as_of="2025-06-01",
                  lenient=entries,
                  facts=LenientFacts(first=True, harm="没有造成危害后果", corrected=True, conditions_met=True))


# ------------------------------------------------------------------------------------------------ web


@pytest.fixture(scope="module")
def lenient_web(settings, tmp_path_factory):
    """The handbook pages on a corpus whose lenient folder holds a 杭州 fixture list and a 宁波 one; unit A
    enforces in 杭州市拱墅区."""
    import dataclasses

    import sqlalchemy as sa

    from tests.web.conftest import build_world, session_client, sqlite_area_app
    from webapp import db

    folder = tmp_path_factory.mktemp("lenientweb")
    corpus = folder / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    shutil.rmtree(corpus / "lenient", ignore_errors=True)
    (corpus / "lenient").mkdir()
    for name, region in (("HZ", "浙江省杭州市"), ("NB", "浙江省宁波市")):
        (corpus / "lenient" / f"{name}.toml").write_text(
            LIST.replace("{region}", region).replace("{expires}", "").replace('"T-HZ"', f'"T-{name}"'),
            encoding="utf-8")
    app = sqlite_area_app(dataclasses.replace(settings, corpus=corpus), folder)
    world = build_world(app)
    with app.app_context(), db.begin() as conn:
        conn.execute(sa.update(db.units).where(db.units.c.id == world.units["A"]).values(location="浙江省杭州市拱墅区"))
    yield session_client(app, world.user("officer"))
    app.extensions["lawdesk_db"].dispose()


def test_entry_page_shows_the_local_lists(lenient_web):
    html = lenient_web.get("/handbook/entries/TR-001").get_data(as_text=True)
    assert "轻罚免罚清单" in html and "T-HZ" not in html
    assert html.count("测试市应急管理轻微违法行为不予行政处罚清单") == 2     # 杭州's two entries, not 宁波's
    assert "适用于浙江省杭州市（本地）" in html and "浙江省宁波市" not in html
    assert "https://example.invalid/list" in html
    assert "轻罚免罚清单" not in lenient_web.get("/handbook/entries/SP-001").get_data(as_text=True)


def test_calculator_page_and_api_apply_the_list(lenient_web):
    page = lenient_web.get("/handbook/entries/TR-001/calc").get_data(as_text=True)
    assert 'id="hb-lenient"' in page and 'name="harm"' in page and "3年内首次被发现" in page
    r = lenient_web.get("/handbook/entries/TR-001/calc?run=1&first=1&harm=没有造成危害后果&corrected=1"
                        "&conditions_met=1")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "可以不予处罚" in html and "条件均已具备" in html
    api = lenient_web.post("/api/v1/handbook/entries/TR-001/calc",
                           json={"first": False, "harm": "没有造成危害后果", "corrected": True, "conditions_met": True},
                           headers={"X-CSRF-Token": lenient_web.csrf})
    body = api.get_json()
    assert api.status_code == 200 and body["outcome"] == "不予处罚" and body["fine"] is None
    assert [a["qualifies"] for a in body["lenient"]] == [False, True]
    assert body["lenient"][0]["failed"] == ["初次违法（3年内首次被发现）"]
    bad = lenient_web.get("/api/v1/handbook/entries/TR-001/calc?harm=很严重")
    assert bad.status_code == 400 and "危害后果" in bad.get_json()["error"]["message"]
    bad = lenient_web.post("/api/v1/handbook/entries/TR-001/calc", json={"first": "也许"},
                           headers={"X-CSRF-Token": lenient_web.csrf})
    assert bad.status_code == 400 and "初次违法" in bad.get_json()["error"]["message"]
    page = lenient_web.get("/handbook/entries/TR-001/calc?run=1&harm=很严重")
    assert page.status_code == 400 and "危害后果" in page.get_data(as_text=True)
