"""Gaps in a unit's document numbers: each code (罚, 告, 检记 …) counts from 1 every year, and a number
missing between 1 and the highest issued is a document given a number but not in any case file (voided,
lost or issued outside the system), which a review must account for."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .model import Finding

_FIELD = {"short": None, "code": r"(?P<code>.+?)", "year": r"(?P<year>\d{4})", "seq": r"(?P<seq>\d+)"}


def number_pattern(fmt: str, short: str) -> re.Pattern[str]:
    """The regular expression of the unit's number format, e.g. （{short}）应急{code}〔{year}〕{seq}号."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", fmt):
        out.append(re.escape(fmt[pos:m.start()]))
        name = m.group(1)
        out.append(re.escape(short) if name == "short" else _FIELD.get(name) or re.escape(m.group(0)))
        pos = m.end()
    out.append(re.escape(fmt[pos:]))
    return re.compile("^" + "".join(out) + "$")


def number_gaps(numbers: Iterable[str], fmt: str, short: str) -> list[Finding]:
    pattern = number_pattern(fmt, short)
    issued: dict[tuple[str, str], set[int]] = defaultdict(set)
    for n in numbers:
        m = pattern.match(n.strip())
        if m:
            issued[(m.group("code"), m.group("year"))].add(int(m.group("seq")))
    out = []
    for (code, year), seqs in sorted(issued.items()):
        missing = sorted(set(range(1, max(seqs) + 1)) - seqs)
        if missing:
            shown = "、".join(str(s) for s in missing[:20]) + ("等" if len(missing) > 20 else "")
            example = fmt.replace("{short}", short).replace("{code}", code).replace("{year}", year)
            out.append(Finding("file.number_gap", "warning",
                               f"{example.replace('{seq}', 'N')}：已用至第{max(seqs)}号，缺第{shown}号（共{len(missing)}个）"))
    return out
