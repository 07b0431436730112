"""Mock exams: assembling a paper and scoring it.

A paper has `count` questions (default 50) for `minutes` (60), pass mark `pass_mark` (60 of 100), every
question worth 100/count points; a multiple-choice question scores only when exactly the right options are
chosen. The paper is drawn with a seed: authored questions first (up to `authored_share` of the paper),
spread over the topics in turn, then generated ones, preferring those on the topics of the study units."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from .questions import Question, normalize_choice


@dataclass(frozen=True)
class ExamConfig:
    count: int = 50
    minutes: int = 60
    pass_mark: int = 60            # out of 100
    authored_share: float = 0.7
    grace_seconds: int = 30        # a submission this late still counts (network, clock skew)


def _rng(seed: str) -> random.Random:
    return random.Random(int(hashlib.sha1(seed.encode()).hexdigest()[:16], 16))


def _round_robin(questions: list[Question], rnd: random.Random, n: int, topics_first: list[str]) -> list[Question]:
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    for qs in by_topic.values():
        rnd.shuffle(qs)
    order = [t for t in topics_first if t in by_topic] + sorted(t for t in by_topic if t not in topics_first)
    rnd.shuffle(order)
    out: list[Question] = []
    while len(out) < n and any(by_topic.get(t) for t in order):
        for t in order:
            if by_topic.get(t) and len(out) < n:
                out.append(by_topic[t].pop())
    return out


def assemble(questions: list[Question], config: ExamConfig, seed: str, unit_topics: list[str]) -> list[Question]:
    """The paper: `config.count` questions (fewer only when the bank is smaller)."""
    rnd = _rng(seed)
    authored = [q for q in questions if q.source == "authored"]
    generated = [q for q in questions if q.source != "authored"]
    n_auth = min(len(authored), round(config.count * config.authored_share))
    paper = _round_robin(authored, rnd, n_auth, unit_topics)
    rest = config.count - len(paper)
    on_topic = [q for q in generated if q.topic in unit_topics]
    paper += _round_robin(on_topic, rnd, rest, unit_topics)
    if len(paper) < config.count:
        chosen = {q.id for q in paper}
        others = [q for q in generated + authored if q.id not in chosen]
        paper += _round_robin(others, rnd, config.count - len(paper), unit_topics)
    rnd.shuffle(paper)
    # single-answer questions first, then multiple choice, then true/false (the usual order of a paper)
    rank = {"single": 0, "multiple": 1, "truefalse": 2}
    paper.sort(key=lambda q: rank[q.type])
    return paper


@dataclass
class Score:
    score: float                  # 0–100
    correct: int
    total: int
    passed: bool
    per_topic: dict[str, list[int]]   # topic -> [correct, total]
    per_question: list[dict]          # {question_id, correct, answer, chosen}


def score(paper: list[Question], answers: dict[str, list[int]], pass_mark: int) -> Score:
    total = len(paper)
    correct = 0
    per_topic: dict[str, list[int]] = {}
    per_question = []
    for q in paper:
        chosen = normalize_choice(answers.get(q.id), q) if answers.get(q.id) is not None else None
        ok = chosen is not None and chosen == q.answer
        correct += ok
        pt = per_topic.setdefault(q.topic, [0, 0])
        pt[0] += ok
        pt[1] += 1
        per_question.append({"question_id": q.id, "correct": ok, "answer": list(q.answer),
                             "chosen": list(chosen) if chosen else []})
    value = round(100.0 * correct / total, 1) if total else 0.0
    return Score(value, correct, total, value >= pass_mark, per_topic, per_question)
