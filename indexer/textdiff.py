"""Character-level difference of two texts: the one diff of `indexer/`. The citation checker shows a quote
against the passage it was matched in; the article pages show an article beside its counterpart in another
version. At the bottom of `indexer/`: it imports nothing of the project."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

Segment = tuple[str, str]       # (op, text): op is "equal", "delete" (only in a) or "insert" (only in b)

# the short kinds of a side-by-side display: the old text is eq/del, the new one eq/ins
_SIDE = {"equal": "eq", "delete": "del", "insert": "ins"}


@dataclass(frozen=True)
class CharDiff:
    ops: list[Segment]          # in reading order; a replacement is its deletion followed by its insertion
    ratio: float                # difflib's similarity of the two (compared) texts, 0..1

    def old(self) -> list[Segment]:
        """The old text as segments ("eq", …) and ("del", …)."""
        return [(_SIDE[op], text) for op, text in self.ops if op != "insert"]

    def new(self) -> list[Segment]:
        """The new text as segments ("eq", …) and ("ins", …)."""
        return [(_SIDE[op], text) for op, text in self.ops if op != "delete"]


def char_diff(a: str, b: str, *, ignore_space: bool = False) -> CharDiff:
    """What changes `a` into `b`, character by character (no junk heuristics: legal texts repeat characters a
    lot). With `ignore_space`, white space is removed from both texts first and does not appear in the result."""
    if ignore_space:
        a = "".join(ch for ch in a if not ch.isspace())
        b = "".join(ch for ch in b if not ch.isspace())
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(("equal", a[i1:i2]))
        else:
            if i2 > i1:
                out.append(("delete", a[i1:i2]))
            if j2 > j1:
                out.append(("insert", b[j1:j2]))
    return CharDiff(out, sm.ratio())
