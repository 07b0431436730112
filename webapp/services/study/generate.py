"""Questions generated from the statute text, deterministically, from the core-collection laws in force.

Kinds (each a single-choice question with four options):

- cloze-amount    a fine amount blanked out of its sentence (处（　　）以上二十万元以下的罚款); distractors are
                  other amounts of the same law, nearest in size, written in the same numeral style, and within
                  the range the sentence sets (a lower bound stays below the upper one)
- cloze-deadline  a time limit (一小时内, 三十日内, 五个工作日, 六个月) — distractors: other limits of the same
                  law in the same unit (日/小时/工作日/月/年), nearest in size
- cloze-prison    a prison term (三年以下有期徒刑) — distractors as for deadlines
- cloze-term      a key legal term (立即/及时/定期, 主要负责人/安全生产管理人员/从业人员, 一般/较大/重大/特别重大事故,
                  责令限期改正/责令停产停业整顿 …) — distractors: other members of its group found in the same law
- which-article   a distinctive sentence of an article: which article says it — distractors: nearby articles of
                  the same chapter

Every item is checked so that it has exactly one right answer: a distractor put into the blank must not give
a sentence that occurs in the article. Items depend on the article version they were generated from
(`deps`); ids are stable across versions as long as the article number and the sentence stay the same, so a
new version of a law flags the items that survive for review (see bank.py).

Nothing is stored: the items are rebuilt from the library when the bank is built (cached per library
generation)."""

from __future__ import annotations

from collections.abc import Sequence

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

from indexer.numerals import int_to_cn, parse_number
from indexer.refs import Ref

from .questions import Question

BLANK = "（　　）"
FALLBACK_TOPIC = "法条综合"

# Laws of which only some chapters are study material (the rest is not an 应急管理 officer's law).
LAW_SCOPE = {"刑法": ("危害公共安全罪",)}
# Documents that are amendment lists or naming rules, not rules to study.
SKIP_LAWS = re.compile(r"修正案|确定罪名")

_CN = "零〇一二两三四五六七八九十百千"
AMOUNT_RE = re.compile(rf"(?<![{_CN}0-9.万])([{_CN}0-9]+)(万)?元")
DURATION_RE = re.compile(
    rf"(?<![{_CN}0-9上每当本第月年])([{_CN}0-9]+)(个工作日|工作日|个月|小时|日|年|月)"
    r"(?=内|以内|之内|以上|以下|前|后|的|，|。|；|起|届满|期满|为|（)")
UNIT_HOURS = {"小时": 1, "日": 24, "工作日": 24, "个工作日": 24, "月": 720, "个月": 720, "年": 8760}
LADDERS = {"小时": [1, 2, 4, 12, 24, 48, 72], "日": [3, 5, 7, 10, 15, 20, 30, 45, 60, 90],
           "工作日": [3, 5, 7, 10, 15, 20, 30], "月": [1, 2, 3, 6, 12], "年": [1, 2, 3, 5, 7, 10]}

# Interchangeable key terms: a blank filled with another member reads as a plausible, different rule.
TERM_GROUPS: list[tuple[str, ...]] = [
    ("一般事故", "较大事故", "重大事故", "特别重大事故"),
    ("立即", "及时", "定期"),
    ("主要负责人", "安全生产管理人员", "从业人员", "其他负责人"),
    ("责令限期改正", "责令停产停业整顿", "责令立即停止作业"),
    ("吊销", "暂扣", "撤销"),
    ("书面", "口头"),
    ("应当", "可以", "不得"),
]
MODAL_GROUP = ("应当", "可以", "不得")
MAX_CLAUSE = 200
_ITEM_MARK = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
MAX_PER_ARTICLE = {"cloze-amount": 3, "cloze-deadline": 2, "cloze-prison": 1, "cloze-term": 1, "which-article": 1}


@dataclass(frozen=True)
class Blank:
    kind: str
    start: int
    end: int
    answer: str
    distractors: tuple[str, ...]


# ------------------------------------------------------------------------------------------ numbers
def _is_arabic(s: str) -> bool:
    return s[:1].isdigit()


def amount_value(num: str, wan: str | None) -> int | None:
    try:
        n = parse_number(num)
    except ValueError:
        return None
    return n * 10000 if wan else n


def format_amount(value: int, arabic: bool) -> str:
    if value % 10000 == 0:
        n = value // 10000
        return f"{n}万元" if arabic else f"{int_to_cn(n)}万元"
    return f"{value}元" if arabic else f"{int_to_cn(value)}元"


def _unit_family(unit: str) -> str:
    return {"个工作日": "工作日", "个月": "月"}.get(unit, unit)


def format_duration(n: int, unit: str, arabic: bool) -> str:
    if arabic:
        return f"{n}{unit}"
    return ("两" if n == 2 and unit.startswith("个") else int_to_cn(n)) + unit     # 两个月, not 二个月


# ------------------------------------------------------------------------------------------ segments
def segments(text: str) -> list[tuple[int, int]]:
    """Clause spans of a paragraph: split after 。；：!? and newlines."""
    spans, start = [], 0
    for m in re.finditer(r"[。；：？！\n]", text):
        if m.end() - start > 1:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def stem_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end), with the clause before it when this one leans on it (逾期未改正的 …)."""
    spans = segments(text)
    for i, (a, b) in enumerate(spans):
        if a <= start < b:
            if i > 0 and (b - a < 28 or re.match(r"^(逾期|情节|并|对|其中|造成|有前款|有下列)", text[a:b])):
                a = spans[i - 1][0]
            return a, max(b, end)
    return 0, len(text)


def _range_bounds(text: str, start: int, end: int, finder, value_of) -> tuple[float, float]:
    """For X以上Y以下: a blank at X must stay below Y, a blank at Y above X."""
    lo, hi = 0.0, math.inf
    after = text[end:end + 3]
    if after.startswith("以上"):
        m = finder.match(text, end + 2)
        if m and text[m.end():m.end() + 2] == "以下":
            v = value_of(m)
            if v:
                hi = v
    elif after.startswith("以下"):
        for m in finder.finditer(text, max(0, start - 20), start):
            if text[m.end():m.end() + 2] == "以上" and m.end() + 2 == start:
                v = value_of(m)
                if v:
                    lo = v
    return lo, hi


def _nearest(answer_value: float, candidates: Sequence[float], lo: float, hi: float, k: int = 3) -> list[float]:
    pool = sorted({c for c in candidates if c != answer_value and lo < c < hi and c > 0})
    pool.sort(key=lambda c: (abs(math.log(c / answer_value)), c))
    return pool[:k]


# ------------------------------------------------------------------------------------------ generator
class Generator:
    def __init__(self, library, as_of: str, article_topics: dict[str, tuple[str | None, str]] | None = None,
                 key_articles: set[str] | None = None, dictionary: Path | None = None):
        """`article_topics`: undated article ref → (unit id, topic) for articles the units cite;
        `key_articles`: undated article refs that also get term and which-article items (units and the
        authored bank cite them); `dictionary`: legal terms (one per line) that must not be cut."""
        self.library = library
        self.as_of = as_of
        self.article_topics = article_topics or {}
        self.key_articles = key_articles or set()
        self.long_terms: list[str] = []
        if dictionary and dictionary.exists():
            self.long_terms = [ln.split()[0] for ln in dictionary.read_text(encoding="utf-8").splitlines()
                               if ln.strip() and not ln.startswith("#")]

    # ---- which laws and articles
    def laws(self):
        store = self.library.store
        for key in sorted(store.laws):
            law = store.laws[key]
            if not law.core or SKIP_LAWS.search(key):
                continue
            version = store.version_on(key, self.as_of)
            if version is None:
                continue
            yield law, version

    def generate(self) -> list[Question]:
        out: list[Question] = []
        seen: set[str] = set()
        for law, version in self.laws():
            for q in self.generate_law(law, version):
                if q.id not in seen:
                    seen.add(q.id)
                    out.append(q)
        return out

    def generate_law(self, law, version) -> list[Question]:
        store = self.library.store
        articles = store.articles(version)
        scope = LAW_SCOPE.get(law.key)
        texts = [a.text() for a in articles]
        law_text = "\n".join(texts)
        amounts = self._law_amounts(law_text)
        durations = self._law_durations(law_text)
        terms_in_law = {t for g in TERM_GROUPS for t in g if t in law_text}
        out: list[Question] = []
        for idx, art in enumerate(articles):
            aref = f"{law.key}/{art.slug}"
            in_scope = scope is None or any(s in h for h in art.headings for s in scope) or aref in self.key_articles
            if not in_scope:
                continue
            key = aref in self.key_articles
            counts: dict[str, int] = {}
            for pi, para in enumerate(art.paragraphs, 1):
                parts = [(para.text, None)] + [(it.text, it.number) for it in para.items]
                for text, item in parts:
                    if not text:
                        continue
                    blanks = list(self._amount_blanks(text, amounts, texts[idx]))
                    blanks += list(self._duration_blanks(text, durations, texts[idx]))
                    if key:
                        blanks += list(self._term_blanks(text, terms_in_law, texts[idx]))
                    for b in blanks:
                        if counts.get(b.kind, 0) >= MAX_PER_ARTICLE[b.kind]:
                            continue
                        q = self._cloze(law, version, art, pi, item, text, b)
                        if q is not None:
                            counts[b.kind] = counts.get(b.kind, 0) + 1
                            out.append(q)
            if key or any(k.startswith("cloze-amount") for k in counts):
                q = self._which_article(law, version, articles, idx, texts)
                if q is not None:
                    out.append(q)
        return out

    # ---- distractor pools
    @staticmethod
    def _law_amounts(text: str) -> list[int]:
        vals = []
        for m in AMOUNT_RE.finditer(text):
            v = amount_value(m.group(1), m.group(2))
            if v:
                vals.append(v)
        return sorted(set(vals))

    @staticmethod
    def _law_durations(text: str) -> dict[str, list[int]]:
        out: dict[str, set[int]] = {}
        for m in DURATION_RE.finditer(text):
            try:
                n = parse_number(m.group(1))
            except ValueError:
                continue
            if 0 < n < 1000:
                out.setdefault(_unit_family(m.group(2)), set()).add(n)
        return {k: sorted(v) for k, v in out.items()}

    # ---- blanks
    def _amount_blanks(self, text: str, amounts: list[int], article_text: str):
        def value_of(m):
            return amount_value(m.group(1), m.group(2))
        for m in AMOUNT_RE.finditer(text):
            v = value_of(m)
            if not v:
                continue
            lo, hi = _range_bounds(text, m.start(), m.end(), AMOUNT_RE, value_of)
            arabic = _is_arabic(m.group(1))
            picks = _nearest(v, amounts, lo, hi, k=6)
            distractors = self._checked(text, m.start(), m.end(), [format_amount(int(x), arabic) for x in picks],
                                        article_text)
            if len(distractors) >= 3:
                yield Blank("cloze-amount", m.start(), m.end(), m.group(0), tuple(distractors[:3]))

    def _duration_blanks(self, text: str, durations: dict[str, list[int]], article_text: str):
        def value_of(m):
            try:
                return parse_number(m.group(1)) * UNIT_HOURS[m.group(2)]
            except ValueError:
                return None
        for m in DURATION_RE.finditer(text):
            try:
                n = parse_number(m.group(1))
            except ValueError:
                continue
            if not 0 < n < 1000:
                continue
            unit = m.group(2)
            family = _unit_family(unit)
            prison = "有期徒刑" in text[m.end():m.end() + 12]
            kind = "cloze-prison" if prison else "cloze-deadline"
            lo, hi = _range_bounds(text, m.start(), m.end(), DURATION_RE, value_of)
            lo_n = lo / UNIT_HOURS[unit] if lo else 0
            hi_n = hi / UNIT_HOURS[unit] if hi != math.inf else math.inf
            pool = list(durations.get(family, []))
            picks = _nearest(n, pool, lo_n, hi_n, k=6)
            if len(picks) < 3:
                picks += [x for x in _nearest(n, LADDERS.get(family, []), lo_n, hi_n, k=6) if x not in picks]
            arabic = _is_arabic(m.group(1))
            distractors = self._checked(text, m.start(), m.end(),
                                        [format_duration(int(x), unit, arabic) for x in picks], article_text)
            if len(distractors) >= 3:
                yield Blank(kind, m.start(), m.end(), m.group(0), tuple(distractors[:3]))

    def _term_blanks(self, text: str, terms_in_law: set[str], article_text: str):
        for group in TERM_GROUPS:
            for term in group:
                for m in re.finditer(re.escape(term), text):
                    if self._inside_longer_term(text, m.start(), m.end(), group):
                        continue
                    others = [t for t in group if t != term and t in terms_in_law]
                    distractors = self._checked(text, m.start(), m.end(), others, article_text)
                    need = 2 if group is MODAL_GROUP else 3
                    if len(distractors) >= min(need, len(group) - 1) and len(distractors) >= 2:
                        yield Blank("cloze-term", m.start(), m.end(), term, tuple(distractors[:3]))
                        return          # one term item per clause at most: the first group that fits

    def _inside_longer_term(self, text: str, start: int, end: int, group) -> bool:
        term = text[start:end]
        longer = [t for t in group if t != term and term in t] + [t for t in self.long_terms if term in t and t != term]
        for t in longer:
            off = t.find(term)
            while off >= 0:
                a = start - off
                if a >= 0 and text[a:a + len(t)] == t:
                    return True
                off = t.find(term, off + 1)
        return False

    @staticmethod
    def _checked(text: str, start: int, end: int, candidates: list[str], article_text: str) -> list[str]:
        """Keep the distractors that do not turn the clause into a sentence of the article."""
        a, b = stem_span(text, start, end)
        out = []
        for c in candidates:
            if c == text[start:end] or c in out:
                continue
            filled = _ITEM_MARK.sub("", text[a:start] + c + text[end:b])
            probe = filled.strip().rstrip("。；：，")
            if probe and probe in article_text:
                continue
            out.append(c)
        return out

    # ---- questions
    def _topic(self, law_key: str, art) -> tuple[str | None, str]:
        return self.article_topics.get(f"{law_key}/{art.slug}", (None, FALLBACK_TOPIC))

    def _cloze(self, law, version, art, paragraph: int, item: int | None, text: str, b: Blank) -> Question | None:
        a, e = stem_span(text, b.start, b.end)
        clause = text[a:b.start] + BLANK + text[b.end:e]
        if len(clause) > MAX_CLAUSE:
            return None
        if b.kind != "cloze-term" and b.answer in clause:
            return None          # the answer stands elsewhere in the same sentence: no question
        clause = _ITEM_MARK.sub("", clause)        # the item's own （二）
        dated = Ref(law.key, version.effective_from, art.number, art.suffix)
        where = Ref(law.key, None, art.number, art.suffix, paragraph, item)
        single = len(art.paragraphs) == 1
        cite = where.human(_short_title(law.title), single_paragraph=single)
        stem = f"根据{cite}，{clause.strip()}"
        options, answer = _place([b.answer, *b.distractors], b.answer, f"{law.key}|{art.slug}|{b.kind}|{clause}")
        full = text[a:e].strip()
        explanation = (f"{where.human(law.title, single_paragraph=single)}（{version.effective_from} 施行版本）规定："
                       f"“{full}”正确答案是“{b.answer}”。")
        qid = _qid(b.kind, law.key, art.slug, paragraph, item, clause)
        unit, topic = self._topic(law.key, art)
        return Question(id=qid, source="generated", kind=b.kind, type="single", stem=stem, options=options,
                        answer=(answer,), refs=(where,), explanation=explanation,
                        difficulty=1 if b.kind == "cloze-term" else 2, unit=unit, topic=topic, laws=(law.key,),
                        deps=(str(dated),))

    def _which_article(self, law, version, articles, idx: int, texts: list[str]) -> Question | None:
        art = articles[idx]
        others = "\n".join(t for i, t in enumerate(texts) if i != idx)
        best = None
        for para in art.paragraphs:
            for chunk in [para.text] + [it.text for it in para.items]:
                for a, b in segments(chunk):
                    seg = chunk[a:b].strip().rstrip("；：。")
                    seg = re.sub(r"^[（(][一二三四五六七八九十]+[）)]", "", seg)
                    if not 16 <= len(seg) <= 70 or seg in others or "本条" in seg or "前款" in seg:
                        continue
                    score = (bool(AMOUNT_RE.search(seg) or DURATION_RE.search(seg)), len(seg))
                    if best is None or score > best[0]:
                        best = (score, seg)
        if best is None:
            return None
        seg = best[1]
        heading = art.headings[-1] if art.headings else None
        near = [(abs(i - idx), i) for i, a in enumerate(articles)
                if i != idx and (a.headings[-1] if a.headings else None) == heading and abs(i - idx) <= 6]
        if len(near) < 3:
            near = [(abs(i - idx), i) for i in range(len(articles)) if i != idx and abs(i - idx) <= 6]
        near.sort()
        picks = [articles[i] for _, i in near[:3]]
        if len(picks) < 3 or any(seg in texts[articles.index(p)] for p in picks):
            return None
        labels = [art.label] + [p.label for p in picks]
        options, answer = _place(labels, art.label, f"{law.key}|{art.slug}|which|{seg}")
        dated = Ref(law.key, version.effective_from, art.number, art.suffix)
        where = Ref(law.key, None, art.number, art.suffix)
        stem = f"《{_short_title(law.title)}》中，“{seg}”是哪一条的规定？"
        explanation = f"这句话出自{where.human(law.title)}（{version.effective_from} 施行版本）。"
        unit, topic = self._topic(law.key, art)
        return Question(id=_qid("which-article", law.key, art.slug, None, None, seg), source="generated",
                        kind="which-article", type="single", stem=stem, options=options, answer=(answer,),
                        refs=(where,), explanation=explanation, difficulty=3, unit=unit, topic=topic,
                        laws=(law.key,), deps=(str(dated),))


def _short_title(title: str) -> str:
    return title[len("中华人民共和国"):] if title.startswith("中华人民共和国") and len(title) > 7 else title


def _qid(kind: str, law: str, slug: str, paragraph, item, text: str) -> str:
    h = hashlib.sha1(f"{kind}|{law}|{slug}|{paragraph}|{item}|{text}".encode()).hexdigest()[:12]
    short = {"cloze-amount": "a", "cloze-deadline": "d", "cloze-prison": "p", "cloze-term": "t",
             "which-article": "w"}[kind]
    return f"g{short}-{h}"


def _place(options: list[str], answer: str, seed: str) -> tuple[tuple[str, ...], int]:
    """Options in a deterministic order that does not give the answer away (sorted for numbers would)."""
    rest = sorted(o for o in options if o != answer)
    pos = int(hashlib.sha1(seed.encode()).hexdigest()[:8], 16) % (len(rest) + 1)
    ordered = rest[:pos] + [answer] + rest[pos:]
    return tuple(ordered), pos
