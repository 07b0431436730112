"""Questions: the one shape shared by the authored bank and the generated items, and the authored bank's loader.

Authored bank: corpus/training/questions/*.toml, each file a list of

    [[question]]
    id = "q-zt-001"
    unit = "u01"                       # the study unit it belongs to (its topic is the question's topic)
    type = "single"                    # single / multiple / truefalse
    stem = "…（ ）。"
    options = ["…", "…", "…", "…"]      # not for truefalse
    answer = [0]                       # 0-based option indices; truefalse: true / false
    refs = ["安全生产法/5"]             # canonical refs of what it tests (undated = version in force)
    explanation = "《安全生产法》第五条 …"  # with at least one citation
    difficulty = 1                     # 1 easy … 3 hard

Validation that needs no library is in `validate_shape`; `validate_against_library` (in bank.py's load) checks that
every ref and every citation in the explanation resolves."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
import random
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from indexer.refs import Ref, RefError

QUESTIONS_DIR = Path("training") / "questions"
TYPES = ("single", "multiple", "truefalse")
TYPE_LABELS = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题"}
TRUEFALSE_OPTIONS = ("正确", "错误")
KIND_LABELS = {"authored": "题库", "cloze-amount": "填空·数额", "cloze-deadline": "填空·期限",
               "cloze-term": "填空·关键词", "which-article": "条文定位"}
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$")
# options that point at other options: never shuffle those
_POSITIONAL = re.compile(r"以上[都均全各]|上述|都不|均不|全部正确|全都")


@dataclass(frozen=True)
class Question:
    id: str
    source: str                     # authored / generated
    kind: str                       # authored / cloze-amount / cloze-deadline / cloze-term / which-article
    type: str                       # single / multiple / truefalse
    stem: str
    options: tuple[str, ...]        # truefalse: ("正确", "错误")
    answer: tuple[int, ...]         # sorted 0-based indices; truefalse: (0,) true, (1,) false
    refs: tuple[Ref, ...]           # as written (authored refs may be undated)
    explanation: str
    difficulty: int
    unit: str | None
    topic: str
    laws: tuple[str, ...]           # law keys of the refs
    deps: tuple[str, ...] = ()      # dated article-level refs the question depends on (filled by the bank)
    path: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def law(self) -> str:
        return self.laws[0] if self.laws else ""

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    def shuffle_allowed(self) -> bool:
        return self.type != "truefalse" and not any(_POSITIONAL.search(o) for o in self.options)

    def order(self, seed: str | None) -> list[int]:
        """Display order of the options (indices into `options`) for a seed; identity without a seed."""
        idx = list(range(len(self.options)))
        if seed is None or not self.shuffle_allowed():
            return idx
        rnd = random.Random(int(hashlib.sha1(f"{seed}|{self.id}".encode()).hexdigest()[:12], 16))
        rnd.shuffle(idx)
        return idx

    def is_correct(self, chosen) -> bool:
        return normalize_choice(chosen, self) == self.answer

    def to_public(self, seed: str | None = None) -> dict:
        """What a trainee sees before answering (options in display order, no answer)."""
        order = self.order(seed)
        return {"id": self.id, "type": self.type, "type_label": self.type_label, "kind": self.kind,
                "kind_label": KIND_LABELS.get(self.kind, self.kind), "stem": self.stem,
                "options": [{"index": i, "text": self.options[i]} for i in order],
                "topic": self.topic, "law": self.law, "unit": self.unit, "difficulty": self.difficulty,
                "source": self.source}

    def to_dict(self) -> dict:
        d = self.to_public()
        d.update({"answer": list(self.answer), "refs": [str(r) for r in self.refs], "deps": list(self.deps),
                  "explanation": self.explanation, "laws": list(self.laws)})
        return d


def normalize_choice(chosen, q: Question) -> tuple[int, ...] | None:
    """A submitted answer as a sorted tuple of option indices, or None when it cannot be one."""
    if isinstance(chosen, bool):
        if q.type != "truefalse":
            return None
        return (0,) if chosen else (1,)
    if isinstance(chosen, int):
        chosen = [chosen]
    if not isinstance(chosen, (list, tuple)):
        return None
    out = set()
    for c in chosen:
        if isinstance(c, bool) or not isinstance(c, int) or not (0 <= c < len(q.options)):
            return None
        out.add(c)
    return tuple(sorted(out))


@dataclass(frozen=True)
class BankProblem:
    path: str
    qid: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}{' ' + self.qid if self.qid else ''}: {self.message}"


def validate_shape(raw: dict, path: str, unit_topics: dict[str, str],
                   topic_of: Callable[[str, tuple[str, ...]], str] | None = None) -> tuple[Question | None, list[BankProblem]]:
    """`topic_of(unit, laws)`: the topic of a question without its own `topic` (default: the unit's topic)."""
    """One [[question]] table → Question (refs parsed, no library needed) or problems."""
    qid = raw.get("id") if isinstance(raw.get("id"), str) else None
    probs: list[BankProblem] = []

    def bad(msg):
        probs.append(BankProblem(path, qid, msg))

    if qid is None or not _ID_RE.match(qid):
        bad("id 缺失或格式不对（字母数字和 -_. ，2–64 位）")
    unit = raw.get("unit")
    if not isinstance(unit, str) or unit not in unit_topics:
        bad(f"unit {unit!r} 不是已有的学习单元")
    qtype = raw.get("type")
    if qtype not in TYPES:
        bad(f"type {qtype!r} 应为 single / multiple / truefalse")
    stem = raw.get("stem")
    if not isinstance(stem, str) or len(stem.strip()) < 4:
        bad("stem 缺失或过短")
    explanation = raw.get("explanation")
    if not isinstance(explanation, str) or not explanation.strip():
        bad("explanation 缺失")
    difficulty = raw.get("difficulty", 2)
    if isinstance(difficulty, bool) or not isinstance(difficulty, int) or not 1 <= difficulty <= 3:
        bad(f"difficulty {difficulty!r} 应为 1–3 的整数")
    refs_raw = raw.get("refs")
    refs: list[Ref] = []
    if not isinstance(refs_raw, list) or not refs_raw:
        bad("refs 必须是非空列表")
    else:
        for r in refs_raw:
            try:
                ref = Ref.parse(r) if isinstance(r, str) else None
            except RefError:
                ref = None
            if ref is None or ref.article is None:
                bad(f"refs 中的 {r!r} 不是指向条文的规范引用")
            else:
                refs.append(ref)
    options: tuple[str, ...] = ()
    answer: tuple[int, ...] = ()
    if qtype == "truefalse":
        if "options" in raw:
            bad("判断题不应有 options")
        a = raw.get("answer")
        if not isinstance(a, bool):
            bad("判断题的 answer 应为 true 或 false")
        else:
            answer = (0,) if a else (1,)
        options = TRUEFALSE_OPTIONS
    elif qtype in ("single", "multiple"):
        opts = raw.get("options")
        if not isinstance(opts, list) or not all(isinstance(o, str) and o.strip() for o in opts):
            bad("options 必须是非空字符串列表")
        elif not 2 <= len(opts) <= 8:
            bad(f"options 应有 2–8 项（现有 {len(opts)} 项）")
        elif len(set(o.strip() for o in opts)) != len(opts):
            bad("options 有重复项")
        else:
            options = tuple(o.strip() for o in opts)
        a = raw.get("answer")
        if not isinstance(a, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in a):
            bad("answer 应为选项序号列表（从 0 开始）")
        elif options:
            if len(set(a)) != len(a) or not all(0 <= x < len(options) for x in a):
                bad(f"answer {a} 有重复或超出选项范围")
            elif qtype == "single" and len(a) != 1:
                bad("单选题 answer 只能有一个序号")
            elif qtype == "multiple" and len(a) < 2:
                bad("多选题 answer 至少两个序号")
            else:
                answer = tuple(sorted(a))
    unknown = set(raw) - {"id", "unit", "type", "stem", "options", "answer", "refs", "explanation", "difficulty",
                          "topic", "tags"}
    if unknown:
        bad(f"未知字段：{', '.join(sorted(unknown))}")
    if probs:
        return None, probs
    # every field below was validated above (a problem returned otherwise)
    assert isinstance(qid, str) and isinstance(unit, str) and isinstance(qtype, str)
    assert isinstance(stem, str) and isinstance(explanation, str)
    laws = tuple(dict.fromkeys(r.law for r in refs))
    topic: str = raw["topic"] if isinstance(raw.get("topic"), str) else \
        topic_of(unit, laws) if topic_of and laws else unit_topics[unit]
    return Question(id=qid, source="authored", kind="authored", type=qtype, stem=stem.strip(), options=options,
                    answer=answer, refs=tuple(refs), explanation=explanation.strip(), difficulty=difficulty,
                    unit=unit, topic=topic, laws=laws, path=path), []


def load_authored(directory: Path, unit_topics: dict[str, str],
                  topic_of: Callable[[str, tuple[str, ...]], str] | None = None) -> tuple[list[Question], list[BankProblem]]:
    """Every authored question (file order) and every problem (a bad question is left out, not fatal)."""
    questions: list[Question] = []
    problems: list[BankProblem] = []
    if not directory.is_dir():
        return [], []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(BankProblem(path.name, None, f"无法读取：{exc}"))
            continue
        items = data.get("question", [])
        if not isinstance(items, list):
            problems.append(BankProblem(path.name, None, "应为 [[question]] 列表"))
            continue
        for raw in items:
            if not isinstance(raw, dict):
                continue
            q, probs = validate_shape(raw, path.name, unit_topics, topic_of)
            problems.extend(probs)
            if q is None:
                continue
            if q.id in seen:
                problems.append(BankProblem(path.name, q.id, f"id 与 {seen[q.id]} 中的题目重复"))
                continue
            seen[q.id] = path.name
            questions.append(q)
    return questions, problems
