"""统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643) check digits."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.services.drafting.ids import (CREDIT_CHARS, age_on, check_credit_code, check_id_number, credit_code_check_char,
                                 id_birth_date, id_check_char, id_sex, make_credit_code, make_id_number,
                                 org_code_check_char)

# Published codes of well-known companies (from their business licences), used only as check-digit examples.
REAL_CODES = ["91330100716105852F", "91440300708461136T", "91110108551385082Q"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass(code):
    assert check_credit_code(code) == []


def test_sample_case_code_passes(sample):
    assert check_credit_code(sample.party.credit_code) == []


def codes(problems):
    return {p.code for p in problems}


def test_wrong_check_character():
    code = REAL_CODES[0][:-1] + ("0" if REAL_CODES[0][-1] != "0" else "1")
    assert "credit_code_check" in codes(check_credit_code(code))


def test_length_and_chars():
    assert "credit_code_length" in codes(check_credit_code("9133010071610585"))
    assert "credit_code_chars" in codes(check_credit_code("91330100716105852I"))   # I is not used
    assert "credit_code_missing" in codes(check_credit_code(""))
    # full-width and lower case are normalised
    assert check_credit_code("９１３３０１００７１６１０５８５２ｆ") == []


def test_embedded_org_code_is_a_warning():
    body = "MA2H7K3Q"
    good = make_credit_code("91330105" + body + org_code_check_char(body))
    assert check_credit_code(good) == []
    wrong_org = "91330105" + body + ("1" if org_code_check_char(body) != "1" else "2")
    probs = check_credit_code(make_credit_code(wrong_org))
    assert [p.level for p in probs] == ["warning"] and probs[0].code == "credit_code_org_check"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CREDIT_CHARS, min_size=17, max_size=17), st.integers(0, 17), st.sampled_from(CREDIT_CHARS))
def test_credit_check_detects_any_single_substitution(first17, pos, ch):
    code = make_credit_code(first17)
    assert code[17] == credit_code_check_char(first17)
    assert "credit_code_check" not in codes(check_credit_code(code))
    if code[pos] != ch:
        changed = code[:pos] + ch + code[pos + 1:]
        assert "credit_code_check" in codes(check_credit_code(changed))


def test_standard_id_example():
    # the example number of GB 11643-1999
    assert check_id_number("11010519491231002X") == []
    assert id_sex("11010519491231002X") == "女"
    assert id_birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert age_on("11010519491231002X", dt.date(2026, 12, 30)) == 76
    assert age_on("11010519491231002X", dt.date(2026, 12, 31)) == 77


def test_id_errors():
    assert "id_check" in codes(check_id_number("110105194912310021"))
    assert "id_birth" in codes(check_id_number(make_id_number("11010519490231002")))     # 2月31日
    assert "id_birth" in codes(check_id_number(make_id_number("11010520990101002"), dt.date(2026, 1, 1)))
    assert "id_old_format" in codes(check_id_number("110105491231002"))
    assert "id_chars" in codes(check_id_number("1101051949123100AX"))
    assert "id_length" in codes(check_id_number("1101051949"))
    assert check_id_number("11010519491231002x") == []     # lower-case x accepted


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(1920, 1, 1), dt.date(2010, 12, 31)), st.integers(0, 999), st.integers(0, 16),
       st.integers(0, 9))
def test_id_check_detects_any_single_digit_change(birth, seq, pos, digit):
    first17 = f"330105{birth:%Y%m%d}{seq:03d}"
    number = make_id_number(first17)
    assert number[17] == id_check_char(first17)
    assert check_id_number(number, dt.date(2026, 11, 28)) == []
    if int(number[pos]) != digit:
        changed = number[:pos] + str(digit) + number[pos + 1:]
        assert codes(check_id_number(changed, dt.date(2026, 11, 28))) & {"id_check", "id_birth"}
