"""The calculator states only what was chosen, refuses what it does not know, and has a floor (issues 16.3,
18.2): a harm-conditioned 不予处罚 (行政处罚法 第三十三条第一款) together with a major accident hazard, a death or
an accident is an error naming both, for every entry that lists such a circumstance."""

import pytest

from indexer.config import CORPUS_DIR
from indexer.handbook.calculator import CalcError, _grave, calculate
from indexer.handbook.catalogue import load_catalogue

TODAY = "2026-06-30"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(CORPUS_DIR)          # the project's real handbook


def test_nothing_ticked_states_no_fact(lib, cat):
    for v in cat.violations:
        if not v.levels:
            continue
        s = calculate(lib, cat, v.id, [], as_of=TODAY)
        text = "".join(s.reasons)
        # the level is named, but none of its circumstances is stated as a fact of the case
        assert f"按“{v.levels[0].name}”档次确定" in text and "档次（" not in text, (v.id, text)
        assert "首次被发现" not in text
        assert any("未给出违法情形" in w for w in s.warnings)


def test_chosen_circumstance_is_stated(lib, cat):
    v = next(v for v in cat.violations if v.levels and v.levels[-1].circumstances)
    c = v.levels[-1].circumstances[0]
    s = calculate(lib, cat, v.id, [c], as_of=TODAY)
    assert c in "".join(s.reasons)


def test_unknown_circumstance_is_an_error(lib, cat):
    v = next(v for v in cat.violations if v.levels)
    with pytest.raises(CalcError) as e:
        calculate(lib, cat, v.id, ["不存在的情形"], as_of=TODAY)
    assert "不存在的情形" in e.value.message and "可选" in e.value.message


def grave_cases(cat):
    for v in cat.violations:
        for lv in v.levels:
            for c in lv.circumstances:
                if _grave(c):
                    yield v, c


def test_the_handbook_has_grave_circumstances(cat):
    assert len(list(grave_cases(cat))) >= 50


@pytest.mark.parametrize("rule", ["MIT-MINOR-CORRECTED", "MIT-FIRST-MINOR"])
def test_no_leniency_with_harm_for_every_entry(lib, cat, rule):
    for v, c in grave_cases(cat):
        with pytest.raises(CalcError) as e:
            calculate(lib, cat, v.id, [c], [rule], as_of=TODAY)
        msg = e.value.message
        assert "相互矛盾" in msg and "第三十三条" in msg and "不得不予处罚" in msg, (v.id, msg)


def test_negated_harm_is_not_grave():
    assert _grave("违法情节较轻，未造成危害后果") is None
    assert _grave("构成重大事故隐患或者已引发险情") == "重大事故隐患"
    assert _grave("造成1人死亡，或者3人以下重伤，或者直接经济损失较小") == "死亡"


def test_cli_unknown_circumstance_exits_non_zero(settings, lib):
    import subprocess
    import sys
    from pathlib import Path
    exe = Path(sys.executable).parent / "lawdesk"
    r = subprocess.run([str(exe), "--library", str(settings.library), "--data", str(settings.data),
                        "handbook", "calc", "EQ-003", "-c", "不存在的情形"], capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    assert r.returncode != 0 and "不存在的情形" in out and "Traceback" not in out, out


def test_example_levels_are_not_called_the_offices_benchmark(lib, cat):
    """Issue 18.6: the handbook's levels are the project's example, not a 裁量基准 the office published
    (行政处罚法 第三十四条); the reasons never claim otherwise and every suggestion says what to check."""
    from indexer.handbook.calculator import EXAMPLE_LEVELS
    for v in cat.violations[:40]:
        s = calculate(lib, cat, v.id, [], level=v.levels[0].name, as_of=TODAY)
        text = "".join(s.reasons)
        assert "本机关行政处罚裁量基准" not in text and "示例档次" in text
        assert EXAMPLE_LEVELS in s.warnings
