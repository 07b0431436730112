"""Document numbers: format, parsing, sequential per unit/代字/year, idempotent per case and form, never reused."""

import threading

import pytest

from webapp.services.drafting.numbering import (MemoryNumberStore, NumberFormatError, SQLNumberStore, check_format,
                                       draft_number, format_number, number_for, parse_number)

FMT = "（{short}）应急{code}〔{year}〕{seq}号"


def test_format():
    assert format_number(FMT, "杭拱", "罚", 2026, 12) == "（杭拱）应急罚〔2026〕12号"
    assert format_number("{short}应急{code}〔{year}〕{seq}号", "鹿", "罚", 2024, 19) == "鹿应急罚〔2024〕19号"
    assert draft_number(FMT, "杭拱", "罚", 2026) == "（杭拱）应急罚〔2026〕　　号"


@pytest.mark.parametrize("fmt,msg", [("（{short}）应急{code}〔{year}〕号", "缺少 {seq}"), ("{short}{cod}{year}{seq}", "未知占位符"),
                                     ("{short}{code}{year}{seq", "格式错误"), ("{short}{code}{seq}号", "缺少 {year}")])
def test_bad_formats(fmt, msg):
    with pytest.raises(NumberFormatError, match=msg.replace("{", r"\{").replace("}", r"\}")):
        check_format(fmt)


@pytest.mark.parametrize("text,region,code,year,seq", [
    ("（杭拱）应急罚〔2026〕12号", "杭拱", "应急罚", 2026, "12"),
    ("(湘株醴)应急罚〔2023〕125号", "湘株醴", "应急罚", 2023, "125"),
    ("鹿应急罚〔2024〕19号", None, "鹿应急罚", 2024, "19"),
    ("（湘怀沅）应急罚〔2025〕执法二中队-9号", "湘怀沅", "应急罚", 2025, "执法二中队-9"),
    ("(鄂托克旗)应急罚（2025）危化1-16号", "鄂托克旗", "应急罚", 2025, "危化1-16"),
    ("(宁)安监管罚(2016)1号", "宁", "安监管罚", 2016, "1"),
    ("（杭拱）应急责改［2026］3号", "杭拱", "应急责改", 2026, "3"),
    ("（杭拱）应急罚﹝2026﹞4号", "杭拱", "应急罚", 2026, "4"),
])
def test_parse_variants(text, region, code, year, seq):
    p = parse_number(text)
    assert (p.region, p.code, p.year, p.seq) == (region, code, year, seq)


def test_parse_rejects_junk():
    with pytest.raises(NumberFormatError):
        parse_number("预立案")


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    if request.param == "memory":
        return MemoryNumberStore()
    return SQLNumberStore.open_sqlite(tmp_path / "numbers.sqlite3")


def test_sequence_rules(store):
    a = store.allocate("杭拱", "罚", 2026, "case-1", "decision_org")
    b = store.allocate("杭拱", "罚", 2026, "case-2", "decision_person")      # same 代字: same sequence
    c = store.allocate("杭拱", "罚告", 2026, "case-1", "penalty_notice")     # other 代字: own sequence
    d = store.allocate("杭拱", "罚", 2027, "case-3", "decision_org")        # new year restarts
    e = store.allocate("杭滨", "罚", 2026, "case-4", "decision_org")        # other unit
    assert (a, b, c, d, e) == (1, 2, 1, 1, 1)
    # the same case and form keeps its number
    assert store.allocate("杭拱", "罚", 2026, "case-1", "decision_org") == 1
    # never reused: numbers go on after a case is abandoned
    assert store.allocate("杭拱", "罚", 2026, "case-5", "decision_org") == 3
    assert store.last("杭拱", "罚", 2026) == 3


def test_number_for_formats_and_records(tmp_path):
    store = SQLNumberStore.open_sqlite(tmp_path / "n.sqlite3")
    n = number_for(store, unit_key="杭拱", fmt=FMT, short="杭拱", code="罚", year=2026, case_id="c", form="decision_org")
    assert n == "（杭拱）应急罚〔2026〕1号"
    rows = store.issued("杭拱")
    assert rows[0]["number"] == n and rows[0]["case_id"] == "c"
    # a second process opening the same file continues the sequence
    again = SQLNumberStore.open_sqlite(tmp_path / "n.sqlite3")
    assert number_for(again, unit_key="杭拱", fmt=FMT, short="杭拱", code="罚", year=2026, case_id="d",
                      form="decision_org") == "（杭拱）应急罚〔2026〕2号"


def test_concurrent_allocation_never_duplicates(tmp_path):
    path = tmp_path / "n.sqlite3"
    SQLNumberStore.open_sqlite(path)
    results, errors = [], []

    def work(k):
        try:
            st = SQLNumberStore.open_sqlite(path)
            for i in range(15):
                results.append(st.allocate("杭拱", "罚", 2026, f"case-{k}-{i}", "decision_org"))
        except Exception as exc:  # noqa: BLE001 — reported below, from the main thread
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 91))
