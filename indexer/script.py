"""Traditional → Simplified characters before citation work (issue 18.5).

Documents copied from Hong Kong / Taiwan sources or typed in a Traditional input method cite 《中華人民共和國安全生產法》
第九十九條; the extractor's grammar and every statute in the library are Simplified, so such a text yielded no
citations at all. The conversion is length-preserving (character by character where a phrase rule would
change the length), so every offset the stages report is an offset into the document as it was written.

Only a text that is clearly Traditional is converted: OpenCC's t2s also maps a few characters that are valid
in Simplified text (e.g. 乾, 著 in some words), and one such character must not rewrite a Simplified document."""

from __future__ import annotations

from functools import lru_cache

# a Traditional text changes roughly one CJK character in four; a Simplified one almost none
MIN_CHANGED = 3
MIN_SHARE = 0.02


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC
    return OpenCC("t2s")


def _convert_same_length(text: str) -> str:
    cc = _converter()
    whole = cc.convert(text)
    if len(whole) == len(text):
        return whole
    out = []
    for ch in text:
        c = cc.convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def to_simplified(text: str) -> tuple[str, bool]:
    """(text in Simplified characters, whether it was converted). Same length as `text`."""
    if not text:
        return text, False
    converted = _convert_same_length(text)
    changed = sum(1 for a, b in zip(text, converted) if a != b)
    cjk = sum(1 for ch in text if _cjk(ch))
    if changed >= MIN_CHANGED and changed >= MIN_SHARE * max(cjk, 1):
        return converted, True
    return text, False
