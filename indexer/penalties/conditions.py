"""Condition types of a clause (逾期未改正, 情节严重, 构成犯罪 …)."""

from __future__ import annotations

import re

CONDITION_TYPES = [
    ("逾期未改正", re.compile(r"逾期(?:未|不)|拒不(?:改正|整改)|经责令[^，；。]*?(?:仍|拒不|不|未)|整改后仍|期满仍")),
    ("拒不执行", re.compile(r"拒不执行|拒绝执行|拒不停止|拒不履行|拒不接受")),
    ("情节严重", re.compile(r"情节(?:特别)?严重|情节恶劣|后果严重|造成严重")),
    ("情节较重", re.compile(r"情节较重")),
    ("情节较轻", re.compile(r"情节(?:较轻|轻微)")),
    ("尚不构成犯罪", re.compile(r"尚不构成犯罪|不构成犯罪|不够刑事处罚|尚未构成犯罪")),
    ("构成犯罪", re.compile(r"构成犯罪|触犯刑律|涉嫌犯罪")),
    ("导致事故", re.compile(r"(?:导致|造成|引发)[^，；。]{0,12}(?:事故|伤亡|死亡)|发生[^，；。]{0,10}事故")),
    ("违法所得", re.compile(r"违法所得|经营所得|货值金额")),
    ("造成损害", re.compile(r"造成[^，；。]{0,8}(?:损害|损失)")),
]


def condition_types(text: str) -> tuple[str, ...]:
    return tuple(name for name, rx in CONDITION_TYPES if rx.search(text))
