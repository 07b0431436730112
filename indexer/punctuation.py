"""Punctuation of statute text: the official full-width forms, and a width-blind form for comparing quotes.

Some library files carry half-width `:` `;` `,` `(` `)` `?` `!` where the official text has `：` `；` `，` `（` `）`
`？` `！` (the 国家法律法规数据库 prints full width).  What is *shown or drafted* is normalised to the official
forms with `to_official`; what is *compared* (a quote in a document against the article) goes through
`fold_width` on both sides, so a reviewer's `（一）` matches the library's `(一)` and vice versa.

Both functions map one character to one character, so offsets into the result are offsets into the input
(spans found on the folded text can be highlighted on the original).

One implementation for the whole project: drafting, the citation checker and the views import these.
"""
from __future__ import annotations

import re

# Half-width punctuation the official text writes in full width.
_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}

# Between two ASCII digits `,` and `:` are a thousands separator or a clock time (1,000 元, 10:30) and stay.
_DIGIT_SEP = re.compile(r"(?<=[0-9])[,:](?=[0-9])")

# Full-width ASCII variants U+FF01..U+FF5E fold onto ASCII U+0021..U+007E; the ideographic space onto a space.
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FOLD["\u3000"] = " "
_FOLD_TABLE = str.maketrans(_FOLD)


def to_official(text: str) -> str:
    """`text` with half-width punctuation in the official full-width forms (digit separators kept)."""
    if not text or not any(ch in _TO_FULL for ch in text):
        return text
    keep = {m.start() for m in _DIGIT_SEP.finditer(text)}
    return "".join(_TO_FULL.get(ch, ch) if i not in keep else ch for i, ch in enumerate(text))


def fold_width(text: str) -> str:
    """`text` with full-width ASCII forms (`：` `（` `）` `，` `１`, U+3000 …) folded to half width, for comparing.

    Chinese-only marks (`、` `。` `《》` `“”`) have no half-width twin and are left alone.
    """
    return text.translate(_FOLD_TABLE) if text else text
