"""Party identifiers: 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999).

`check_credit_code(code)` and `check_id_number(number)` return a list of `IdProblem` (empty = valid): an error
means the code cannot be right (length, characters, check digit); a warning flags something unusual that an
officer should look at (an embedded 组织机构代码 whose GB 11714 check digit fails, an unknown registration
department code). The check digits are computed by `credit_code_check_char` / `id_check_char`, which tests
also use to build valid fictional codes."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

# GB 32100-2015: 31 characters, no I, O, Z, S, V
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]   # 3^(i) mod 31
# 登记管理部门码 (first character): 1 机构编制, 5 民政, 9 工商/市场监管, Y 其他; plus codes used by other
# registration authorities (2 外交, 3 宗教/司法行政, 4 工会, 6 宗教, 7 中央军委改革和编制办公室, 8 工会, A 中央军委
# 改革和编制办公室, N 农业). Unknown values are a warning, not an error.
CREDIT_DEPARTMENTS = set("123456789ANY")

# GB 11714-1997 组织机构代码 (positions 9-17 of the credit code)
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# GB 11643-1999
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class IdProblem:
    level: str      # "error" / "warning"
    code: str       # stable machine code
    message: str    # Chinese, shown to officers


def normalise(code: str) -> str:
    """Strip spaces, fold full-width forms (NFKC), upper-case."""
    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


# ------------------------------------------------------------------------------------------ credit code

def credit_code_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 from the first 17 (which must use CREDIT_CHARS)."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of an 8-character 组织机构代码 body."""
    total = sum(ORG_CHARS.index(c) * w for c, w in zip(first8, ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else ("0" if c == 11 else str(c))


def check_credit_code(code: str) -> list[IdProblem]:
    c = normalise(code or "")
    if not c:
        return [IdProblem("error", "credit_code_missing", "缺少统一社会信用代码")]
    if len(c) != 18:
        return [IdProblem("error", "credit_code_length", f"统一社会信用代码应为18位，“{code}”为{len(c)}位")]
    bad = [ch for ch in c if ch not in CREDIT_CHARS]
    if bad:
        return [IdProblem("error", "credit_code_chars",
                          f"统一社会信用代码含有不允许的字符：{'、'.join(dict.fromkeys(bad))}（不使用 I、O、Z、S、V）")]
    problems = []
    if not c[2:8].isdigit():
        problems.append(IdProblem("error", "credit_code_region", "统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字"))
    expected = credit_code_check_char(c[:17])
    if c[17] != expected:
        problems.append(IdProblem("error", "credit_code_check",
                                  f"统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{c[17]}”，请核对代码"))
    if c[0] not in CREDIT_DEPARTMENTS:
        problems.append(IdProblem("warning", "credit_code_department",
                                  f"统一社会信用代码第1位“{c[0]}”不是常见的登记管理部门码，请核对"))
    body = c[8:16]
    if all(ch in ORG_CHARS for ch in c[8:17]) and org_code_check_char(body) != c[16]:
        problems.append(IdProblem("warning", "credit_code_org_check",
                                  "统一社会信用代码中的组织机构代码（第9至17位）校验位不符，请核对营业执照"))
    return problems


def make_credit_code(first17: str) -> str:
    """A code with the right check character (for fictional sample data and tests)."""
    return first17 + credit_code_check_char(first17)


# ------------------------------------------------------------------------------------------ ID number

def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK[total % 11]


def make_id_number(first17: str) -> str:
    return first17 + id_check_char(first17)


def id_birth_date(number: str) -> dt.date | None:
    n = normalise(number or "")
    if len(n) != 18 or not n[:17].isdigit():
        return None
    try:
        return dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return None


def id_sex(number: str) -> str | None:
    """'男' / '女' from the 17th digit (odd = male)."""
    n = normalise(number or "")
    if len(n) != 18 or not n[16].isdigit():
        return None
    return "男" if int(n[16]) % 2 else "女"


def age_on(number_or_birth, on: dt.date) -> int | None:
    birth = number_or_birth if isinstance(number_or_birth, dt.date) else id_birth_date(number_or_birth)
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def check_id_number(number: str, today: dt.date | None = None) -> list[IdProblem]:
    n = normalise(number or "")
    if not n:
        return [IdProblem("error", "id_missing", "缺少公民身份号码")]
    if len(n) == 15:
        return [IdProblem("error", "id_old_format", "15位旧身份证号码已停止使用，请填写18位公民身份号码")]
    if len(n) != 18:
        return [IdProblem("error", "id_length", f"公民身份号码应为18位，“{number}”为{len(n)}位")]
    if not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return [IdProblem("error", "id_chars", "公民身份号码前17位应为数字，第18位为数字或X")]
    problems = []
    birth = id_birth_date(n)
    today = today or dt.date.today()
    if birth is None:
        problems.append(IdProblem("error", "id_birth", f"公民身份号码中的出生日期“{n[6:14]}”不存在"))
    elif birth > today or birth.year < 1900:
        problems.append(IdProblem("error", "id_birth", f"公民身份号码中的出生日期“{n[6:14]}”不可能"))
    expected = id_check_char(n[:17])
    if n[17] != expected:
        problems.append(IdProblem("error", "id_check",
                                  f"公民身份号码校验位错误：第18位应为“{expected}”，实为“{n[17]}”，请核对号码"))
    return problems
