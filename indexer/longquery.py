"""A pasted paragraph as a query: what matters in a 现场检查记录 or a case's facts, without its boilerplate.

A facts paragraph (经查，2025年3月1日，我局执法人员对位于…的杭州某某有限公司进行检查，发现该公司未…，以上事实有
…等证据为证) is mostly words every such paragraph has: dates, times, names, addresses, document numbers, the
verbs of the procedure (经查, 检查, 发现, 证据). Searched as it is, those words outvote the few that say what
went wrong. `distill` keeps the clauses that describe the act (actors, acts, objects, omissions,
consequences) and drops the rest; `query_weights` then weighs each remaining word by how often the
paragraph says it, as a long text repeats what it is about.

Pure functions of the text: tested against hand-written paragraphs in tests/search/test_long_queries.py."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

LONG_QUERY = 60        # characters: from here on a query is treated as a pasted paragraph
MAX_QUERY = 2000       # a 现场检查记录's findings or a case's facts fit; longer is refused with this limit named

_CN_DIGITS = "〇零一二三四五六七八九十"
_DATE = re.compile(
    rf"(?:\d{{2,4}}|[{_CN_DIGITS}]{{2,4}})\s*年(?:\s*(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*月)?"
    rf"(?:\s*(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*日)?|(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*月\s*"
    rf"(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*日|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}")
_TIME = re.compile(rf"(?:上午|下午|晚上|凌晨|中午|早上)?\s*(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*[时点]"
                   rf"(?:\s*(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*分)?(?:许|左右)?")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{0,8}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d*\s*号?")
_LONG_NUMBER = re.compile(r"[0-9A-Za-z]{6,}")             # ID, credit code, phone, licence numbers
# a natural person as documents write one: 张某, 李某某, 王某甲
_PERSON = re.compile(r"[\u4e00-\u9fff]某{1,2}[甲乙丙丁]?")
# the firm's own name: its trade words (机械制造, 物流) describe the firm, not what it did wrong
_FIRM = re.compile(r"[\u4e00-\u9fff（）()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|分公司|集团|经营部|门市部|商行)")
_ADDRESS = re.compile(
    r"(?:位于|住所地?|地址|住址|坐落于)[：:]?\s*[\u4e00-\u9fff0-9A-Za-z\-－—#（）()]{2,40}?"
    r"(?:号楼?|室|栋|幢|弄|村|组|路|街|道|巷|镇|园区?|厂区)"
    r"|[\u4e00-\u9fff]{2,6}(?:省|自治区)?[\u4e00-\u9fff]{2,6}市[\u4e00-\u9fff]{2,6}[区县]"
    r"(?:[\u4e00-\u9fff0-9]{1,12}(?:街道|镇|乡|路|街|号))*")
# the words of the procedure itself, in every facts paragraph whatever went wrong
_BOILERPLATE = re.compile(
    r"经查明?|现查明|经调查|经核查|调查发现|检查发现|现场检查|执法人员|执法检查|我局|本局|本机关|你单位|你公司|"
    r"该单位|该公司|该企业|当事人|上述事实|以上事实|违法事实|事实清楚|证据确凿|有[^。；]{0,80}等证据(?:为证|证实)|"
    r"证据如下|现场检查记录|询问笔录|调查询问笔录|现场照片|照片|视频|营业执照复印件|身份证复印件|"
    r"(?:违反了?|依据|根据|按照)[^。；]{0,20}《[^。；]{0,60}的规定|统一社会信用代码|法定代表人|主要负责人[：:]|"
    r"联系电话|联系人|身份证号码?|"
    r"进行了?(?:现场)?检查|予以立案|立案调查|责令(?:限期)?改正|如下|供认不讳|未提出(?:异议|陈述|申辩)[^，。；]*|"
    r"无异议|签字确认|如不服[^。；]*|不服本决定[^。；]*|逾期不[^。；]*|出示(?:了)?执法证件?|说明(?:了)?来意")
_CITATION_MARKS = re.compile(r"《[^》]{1,40}》(?:第[^。；，,]{1,30}?[条款项])*")
_SPACES = re.compile(r"[\s，,、；;：:。]+")
_CLAUSE = re.compile(r"[，,。；;！!？?\n]+")
# what a sentence about a fault says: an omission, a prohibited or excessive act, a consequence. A paragraph
# with such clauses is about them; its other clauses (who the firm is, how the inspection went) are background.
FAULT_MARKERS = ("未", "没", "无", "不", "仍", "淘汰", "擅自", "违规", "违章", "私自", "超过", "超出", "超量",
                 "拒绝", "拒不", "隐瞒", "伪造", "缺少", "缺失", "损坏", "失效", "过期", "堵塞", "占用", "锁闭",
                 "导致", "造成", "致使", "死亡", "受伤", "事故", "泄漏", "爆炸", "火灾", "中毒", "堵", "强令", "冒险")
BACKGROUND_WEIGHT = 0.2


_DROPS = (_CITATION_MARKS, _BOILERPLATE, _DOC_NO, _ADDRESS, _FIRM, _DATE, _TIME, _PERSON, _LONG_NUMBER)


@dataclass
class Distilled:
    text: str                                   # what the ranking sees
    dropped: list[str] = field(default_factory=list)   # what was taken out, for "understood" in the JSON
    background: list[str] = field(default_factory=list)  # clauses kept at a low weight (no fault in them)


def distill(text: str) -> Distilled:
    """The paragraph with dates, times, persons, addresses, numbers and procedural boilerplate removed.
    Short queries pass through untouched: an officer who types 检查 means it."""
    if len(text) < LONG_QUERY:
        return Distilled(text)
    dropped: list[str] = []

    def cut(m: re.Match) -> str:
        dropped.append(m.group(0))
        return " "

    parts = []
    for clause in _CLAUSE.split(text):      # split first: a dropped phrase must not join two clauses
        for pattern in _DROPS:
            clause = pattern.sub(cut, clause)
        clause = _SPACES.sub(" ", clause).strip()
        if clause:
            parts.append(clause)
    faults = [c for c in parts if any(m in c for m in FAULT_MARKERS)]
    background = [c for c in parts if c not in faults] if faults else []
    kept = " ".join(faults or parts)
    return Distilled(_SPACES.sub(" ", kept).strip() or text, dropped, background)


def query_weights(words: list[str], background: Sequence[str] = ()) -> dict[str, float]:
    """Weight per distinct word: 1 + ln(times said), so what a paragraph keeps coming back to counts more
    without one repeated word drowning the rest; words only its background clauses say count a fifth."""
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    weights = {w: 1.0 + math.log(c) for w, c in counts.items()}
    for w in background:
        weights.setdefault(w, BACKGROUND_WEIGHT)
    return weights
