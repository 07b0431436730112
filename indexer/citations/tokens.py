"""Stage 1 of the citation pipeline: tokenize.

One regular expression, compiled once, finds every token that can take part in a statute citation:

    LAWQ      《中华人民共和国安全生产法》 (the title may contain spaces and line breaks)
    LAWANA    本法 本条例 该法 同法 该条例 …          (a law named by anaphora)
    ARTANA    本条 该条 同条 前条                     (an article named by anaphora)
    PARAANA   前款 本款 前两款 …                      (a paragraph named by anaphora)
    REFANA    上述规定 前述规定 …                     (the provisions cited just before)
    ART       第九十九条 第99条 第１３４条之一 第三十三、三十四条
    PARA      第一款 第一、二款
    ITEM      第（三）项 （三）项 第(3)项 第3项 第（一）、（三）项 第（一）至（三）项
    SUBITEM   第二目

Separators (、 和 及 至 …) are not tokens: the extractor classifies the gap between two tokens. Law names
written without 《》 are found by `NameMatcher` (a dictionary scan anchored on the tokens). Everything here is
a pure function of the text; numbers are parsed, spans are character offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.numerals import FULLWIDTH, cn_to_int

# whitespace that may occur inside a citation (line breaks from PDF/Word, full-width spaces)
S = r"[ \t\r\n\u3000\u00a0\u2002\u2003]*"
_WS_RE = re.compile(S.replace("*", "+"))

CN = "零〇一二两三四五六七八九十百千"
NUM = rf"(?:[0-9０-９](?:{S}[0-9０-９]){{0,3}}|[{CN}](?:{S}[{CN}]){{0,7}})"
_LIST_SEP = rf"{S}(?:、|和|及|或者|或|至|到|—|－|-|~|～){S}"
SUFFIX_BODY = rf"{S}之{S}[一二三四五六七八九十]{{1,3}}(?!般)"
SUFFIX = rf"(?:{SUFFIX_BODY})?"

ART = rf"第{S}{NUM}(?:{_LIST_SEP}第?{S}{NUM})*{S}条{SUFFIX}"
PARA = rf"第{S}{NUM}(?:{_LIST_SEP}第?{S}{NUM})*{S}款"
_PAREN_NUM = rf"[（(]{S}{NUM}{S}[)）]"
ITEM = (rf"(?:第{S})?{_PAREN_NUM}(?:(?:{_LIST_SEP}|{S})(?:第{S})?{_PAREN_NUM})*{S}项"
        rf"|第{S}{NUM}(?:{_LIST_SEP}第?{S}{NUM})*{S}项")
SUBITEM = rf"第{S}{NUM}(?:{_LIST_SEP}第?{S}{NUM})*{S}目"

LAW_ANAPHORA = ("同一条例", "同一法律", "同一规定", "同一办法", "同一法", "本条例", "本规定", "本办法", "本细则", "本解释", "本决定", "本规则", "本法",
                "该条例", "该规定", "该办法", "该细则", "该解释", "该法", "同法", "同条例", "上述法律", "该部法律")
ART_ANAPHORA = ("本条", "该条", "同条", "前条", "上条")
PARA_ANAPHORA = ("前两款", "前三款", "前四款", "前款", "本款", "该款", "同款", "上款")
REF_ANAPHORA = ("上述规定", "前述规定", "上述条款", "前述条款", "上述法律规定", "上述法律条款")



def _rest(words, first: str) -> str:
    """Alternatives of `words` starting with `first`, without that first character."""
    rest = sorted((w[1:] for w in words if w.startswith(first)), key=len, reverse=True)
    return "|".join(re.escape(r) for r in rest)


def _anaphora_branch(first: str) -> str:
    parts = []
    for kind, words, tail in (("REFANA", REF_ANAPHORA, ""), ("LAWANA", LAW_ANAPHORA, "(?![人定律规院官庭学])"),
                              ("ARTANA", ART_ANAPHORA, "(?![例文件款目])"), ("PARAANA", PARA_ANAPHORA, "")):
        alt = _rest(words, first)
        if alt:
            parts.append(rf"(?P<{kind}_{ord(first)}>(?:{alt}){tail})")
    return rf"(?<={first})(?:{'|'.join(parts)})"


# The pattern starts with a character class so that the regex engine skips, in C, every position where no
# token can start; each first character then dispatches (by a look-behind) to the tokens it can begin.
_COMP_REST = (rf"{S}(?:{NUM}(?:{_LIST_SEP}第?{S}{NUM})*{S}(?P<UNIT>[条款项目])(?:(?<=条){SUFFIX_BODY})?"
              rf"|(?P<PITEM1>{_PAREN_NUM}(?:(?:{_LIST_SEP}|{S})(?:第{S})?{_PAREN_NUM})*{S}项))")
_PAREN_REST = rf"(?P<PITEM2>{S}{NUM}{S}[)）](?:(?:{_LIST_SEP}|{S})(?:第{S})?{_PAREN_NUM})*{S}项)"
_TOKEN_RE = re.compile(
    r"[《第本该同前上（(]"
    r"(?:"
    rf"(?<=《)(?P<LAWQ>[^《》\n]{{1,80}}(?:\n[^《》\n]{{1,80}})?》)"
    rf"|(?<=第)(?P<COMP>{_COMP_REST})"
    rf"|(?<=[（(]){_PAREN_REST}"
    + "".join("|" + _anaphora_branch(c) for c in "本该同前上")
    + ")"
)
_UNIT_KIND = {"条": "ART", "款": "PARA", "项": "ITEM", "目": "SUBITEM"}

_NUM_RE = re.compile(NUM)
_SUFFIX_RE = re.compile(rf"之{S}([一二三四五六七八九十]{{1,3}})")
_RANGE_WORDS = ("至", "到", "—", "－", "-", "~", "～")


@dataclass(slots=True)
class Token:
    kind: str                 # LAWQ, LAWANA, ARTANA, PARAANA, REFANA, ART, PARA, ITEM, SUBITEM
    start: int
    end: int
    text: str
    numbers: list[int] = field(default_factory=list)   # ART/PARA/ITEM/SUBITEM: the numbers written
    ranges: list[bool] = field(default_factory=list)   # ranges[i]: numbers[i] is the end of a range (至)
    suffix: str | None = None                          # ART: 之一 …
    name: str | None = None                            # LAWQ: title without 《》 and whitespace

    @property
    def level(self) -> int:
        return LEVELS.get(self.kind, -1)


LEVELS = {"ART": 0, "ARTANA": 0, "PARA": 1, "PARAANA": 1, "ITEM": 2, "SUBITEM": 3}


def strip_ws(text: str) -> str:
    return _WS_RE.sub("", text)


def parse_num(text: str) -> int:
    t = strip_ws(text).translate(FULLWIDTH)
    if t.isdigit():
        return int(t)
    return cn_to_int(t)


@lru_cache(maxsize=4096)
def _parse_component(kind: str, s: str) -> tuple[tuple[int, ...], tuple[bool, ...], str | None]:
    """(numbers, range flags, suffix) of a component token's text; cached (the same texts recur)."""
    body, suffix = s, None
    if kind == "ART":
        cut = s.rfind("条")
        sm = _SUFFIX_RE.search(s[cut:])
        if sm:
            suffix = "之" + sm.group(1)
        body = s[:cut]
    nums, ranges = _numbers(body)
    return tuple(nums), tuple(ranges), suffix


def _numbers(body: str) -> tuple[list[int], list[bool]]:
    """All numbers in a component's text, with range flags ('第一至三款' -> [1, 3], [False, True])."""
    nums, ranges = [], []
    last_end = 0
    for m in _NUM_RE.finditer(body):
        gap = body[last_end:m.start()]
        try:
            n = parse_num(m.group())
        except ValueError:
            continue
        nums.append(n)
        ranges.append(bool(nums[:-1]) and any(w in gap for w in _RANGE_WORDS))
        last_end = m.end()
    return nums, ranges


def _kind(m: re.Match) -> str:
    g = m.lastgroup or ""
    if g == "COMP" or g == "UNIT":
        unit = m.group("UNIT")
        return _UNIT_KIND[unit] if unit else "ITEM"
    if g.startswith("PITEM"):
        return "ITEM"
    return g.split("_")[0]


def tokenize(text: str) -> list[Token]:
    """The citation tokens of `text`, in order, non-overlapping."""
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        kind = _kind(m)
        s = m.group()
        tok = Token(kind, m.start(), m.end(), s)
        if kind == "LAWQ":
            tok.name = strip_ws(s[1:-1])
        elif kind in ("ART", "PARA", "ITEM", "SUBITEM"):
            nums, ranges, tok.suffix = _parse_component(kind, s)
            if not nums or any(n <= 0 or n > 5000 for n in nums):
                continue
            tok.numbers, tok.ranges = list(nums), list(ranges)
        out.append(tok)
    return out


# ---------------------------------------------------------------------------------------- bare components

# Forms the token scan does not anchor on (it starts only at 第, 《, 本 …), read where a citation is already
# under way: an article without 第 right after a law name (《安全生产法》四十二条第一款), a list item without 第
# (第五十三条、五十四条) and a list end without its unit (第三十七条、第三十八条、第三十九的规定).
_BARE_ART_RE = re.compile(rf"{S}(?P<body>{NUM}(?:{_LIST_SEP}第?{S}{NUM})*{S}条{SUFFIX})")
_SUFFIX_BODY_RE = re.compile(SUFFIX_BODY)
_LIST_CONT_RE = re.compile(rf"{S}(?:、|和|及|以及|与){S}(?P<body>(?P<di>第)?{S}{NUM}{S}(?P<unit>[条款])?)")
# what may follow a list end written without its unit: punctuation, 的规定, 之规定, 等 …
_UNITLESS_END_RE = re.compile(rf"{S}(?:$|[，。；;：:、）)」”\"\n]|的|之|规定|等)")


def bare_article_at(text: str, pos: int) -> Token | None:
    """An article (list) written without 第 starting at `pos` (after spaces): 四十二条, 五十三、五十四条."""
    m = _BARE_ART_RE.match(text, pos)
    if m is None:
        return None
    return _component_token("ART", text, m.start("body"), m.end())


def list_continuation_at(text: str, pos: int, kind: str) -> Token | None:
    """The next item of a list of `kind` (ART / PARA) after `pos` that the token scan missed: 、五十四条 (no
    第), 、第三十九 (no 条 at the end of the list, followed by 的规定 or punctuation). None when there is none."""
    m = _LIST_CONT_RE.match(text, pos)
    if m is None:
        return None
    unit = m.group("unit")
    if unit is not None:
        if m.group("di") or _UNIT_KIND[unit] != kind:      # 第…条 is a token already; 款 after 条 is not a list
            return None
        end = m.end()
        if kind == "ART":
            sm = _SUFFIX_BODY_RE.match(text, end)
            end = sm.end() if sm else end
        return _component_token(kind, text, m.start("body"), end)
    if not m.group("di") or kind != "ART" or not _UNITLESS_END_RE.match(text, m.end()):
        return None
    if m.end() < len(text) and text[m.end()] in CN + "0123456789０１２３４５６７８９":
        return None
    return _component_token(kind, text, m.start("body"), m.end(), unitless=True)


def _component_token(kind: str, text: str, start: int, end: int, unitless: bool = False) -> Token | None:
    s = text[start:end]
    nums, ranges, suffix = _parse_component(kind, s + ("条" if unitless and kind == "ART" else ""))
    if not nums or any(n <= 0 or n > 5000 for n in nums):
        return None
    return Token(kind, start, end, s, list(nums), list(ranges), suffix)


# ---------------------------------------------------------------------------------------- gap classes

_SEP_WORDS = {"、", "，", ",", "和", "及", "以及", "与", "或者", "或", "并", "及其", "、及"}
_RANGE_GAP = {"至", "到", "—", "－", "-", "~", "～", "——"}


def classify_gap(gap: str) -> str | None:
    """'' (adjacent), 'sep', 'range' or None (the citation chain ends)."""
    g = strip_ws(gap)
    if g == "":
        return ""
    if g in _SEP_WORDS:
        return "sep"
    if g in _RANGE_GAP:
        return "range"
    return None


# ---------------------------------------------------------------------------------------- quotations

OPEN_QUOTES = {"“": "”", "「": "」", "『": "』", "\"": "\"", "‘": "’"}
_QUOTE_LEAD_RE = re.compile(
    rf"{S}(?:的规定|之规定|中规定|所规定|明确规定|规定|表述为|写为|写作|规定为|内容为|载明)?{S}[：:，,]?{S}([“「『\"])")
MAX_QUOTE = 1200


def quote_after(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the quoted text right after a citation ending at `pos` (without the quote marks)."""
    m = _QUOTE_LEAD_RE.match(text, pos)
    if not m:
        return None
    opener = m.group(1)
    close = OPEN_QUOTES[opener]
    start = m.end()
    if opener == "\"":
        # a straight quote opens and closes: after a citation that is itself inside "…" (只写"依据…第九十七条"而不写)
        # it is the closing one; and a straight quotation does not run over a line break
        line = text.rfind("\n", 0, pos) + 1
        if text.count("\"", line, pos) % 2:
            return None
        end = text.find(close, start, min(start + MAX_QUOTE, _line_end(text, start)))
    else:
        end = text.find(close, start, start + MAX_QUOTE)
    if end < 0 or end == start:
        return None
    return start, end


def _line_end(text: str, pos: int) -> int:
    n = text.find("\n", pos)
    return len(text) if n < 0 else n


# ---------------------------------------------------------------------------------------- version notes

_ORDINAL = r"(?:第[一二三四五六七八九十]次)?"
# written right before a law name: 2014年修正的 / 2021年6月10日修正的 / 2014版 / 2014年版 / 2014年修正版
_VERSION_BEFORE_RE = re.compile(
    r"(\d{4})\s*(?:年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*" + _ORDINAL + r"\s*(?:修正|修订|修改)(?:版|本|文本)?"
    r"|年?\s*(?:版|文本))\s*的?[ \t\u3000]*$")
# inside or right after a law name: （2014）/（2014年修正）/(2014年版)/（2021年修订本）
_VERSION_NOTE_RE = re.compile(r"[（(]\s*(\d{4})\s*年?\s*" + _ORDINAL + r"\s*(?:修正|修订|修改)?\s*(?:版|本|文本)?\s*[)）]$")


def version_before(text: str, start: int) -> tuple[int, str] | None:
    """A version written right before a law name that starts at `start`: (where it starts, its year)."""
    m = _VERSION_BEFORE_RE.search(text, max(0, start - 24), start)
    if m is None or m.end() != start:
        return None
    return m.start(), m.group(1)


def version_note_year(name: str) -> str | None:
    """The year of a version note ending a law name: 安全生产法（2014） -> '2014'; None for （试行） etc."""
    m = _VERSION_NOTE_RE.search(name.rstrip("》"))
    if m is None:
        return None
    return m.group(1)
