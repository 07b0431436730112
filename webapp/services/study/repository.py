"""Storage of the study area behind one small interface, on any SQLAlchemy engine (the app database in the web
app and the CLI; a throw-away SQLite file in tests).

Timestamps are naive UTC like the platform's; dates (SM-2 due dates) are China Standard Time calendar dates,
chosen by the caller."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager

import sqlalchemy as sa

from . import tables as t
from .srs import Card


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class StudyRepository:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    @contextmanager
    def _write(self):
        with self.engine.connect() as conn:
            conn.info["write"] = True          # the platform's SQLite engine then uses BEGIN IMMEDIATE
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info.pop("write", None)

    @contextmanager
    def _read(self):
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def create_tables(self) -> None:
        """For tests and tools without alembic; the app uses the migration."""
        t.metadata.create_all(self.engine)

    # ---------------------------------------------------------------------------------- question states
    def question_states(self) -> dict[str, dict]:
        with self._read() as conn:
            rows = conn.execute(sa.select(t.question_state)).mappings().all()
        return {r["question_id"]: {**r, "deps": json.loads(r["deps"]), "checked": json.loads(r["checked"])}
                for r in rows}

    def add_question_states(self, rows: list[dict]) -> int:
        """Insert states of questions seen for the first time (existing ids are skipped)."""
        if not rows:
            return 0
        now = utcnow()
        with self._write() as conn:
            have = {r[0] for r in conn.execute(sa.select(t.question_state.c.question_id))}
            new = [{"question_id": r["question_id"], "source": r["source"], "deps": _dump(r["deps"]),
                    "checked": _dump(r["checked"]), "status": "active", "first_seen": now}
                   for r in rows if r["question_id"] not in have]
            for i in range(0, len(new), 500):
                conn.execute(t.question_state.insert(), new[i:i + 500])
        return len(new)

    def update_question_deps(self, changes: dict[str, list[str]]) -> None:
        with self._write() as conn:
            for qid, deps in changes.items():
                conn.execute(t.question_state.update().where(t.question_state.c.question_id == qid)
                             .values(deps=_dump(deps)))

    def review_question(self, qid: str, checked: dict[str, str], deps: list[str], user_id: int | None,
                        note: str | None = None, retire: bool = False) -> bool:
        with self._write() as conn:
            res = conn.execute(t.question_state.update().where(t.question_state.c.question_id == qid).values(
                checked=_dump(checked), deps=_dump(deps), reviewed_at=utcnow(), reviewed_by=user_id,
                review_note=note, status="retired" if retire else "active"))
        return res.rowcount > 0

    # ---------------------------------------------------------------------------------------- attempts
    def add_attempt(self, user_id: int, question_id: str, mode: str, correct: bool, answer, topic: str,
                    law: str, unit: str | None = None, exam_id: int | None = None, conn=None,
                    ts: dt.datetime | None = None) -> None:
        row = {"user_id": user_id, "question_id": question_id, "mode": mode, "correct": bool(correct),
               "answer": _dump(list(answer) if answer is not None else None), "topic": topic[:100],
               "law": law[:200], "unit": unit, "exam_id": exam_id, "ts": ts or utcnow()}
        if conn is not None:
            conn.execute(t.attempts.insert().values(**row))
            return
        with self._write() as c:
            c.execute(t.attempts.insert().values(**row))

    def attempts(self, user_id: int, limit: int = 100) -> list[dict]:
        with self._read() as conn:
            rows = conn.execute(sa.select(t.attempts).where(t.attempts.c.user_id == user_id)
                                .order_by(t.attempts.c.id.desc()).limit(limit)).mappings().all()
        return [dict(r) for r in rows]

    def progress(self, user_id: int, by: str, modes: tuple[str, ...] | None = None) -> list[dict]:
        """[{key, attempts, correct, questions}] grouped by "topic", "law" or "unit"."""
        col = {"topic": t.attempts.c.topic, "law": t.attempts.c.law, "unit": t.attempts.c.unit}[by]
        q = (sa.select(col.label("key"), sa.func.count().label("attempts"),
                       sa.func.sum(sa.case((t.attempts.c.correct, 1), else_=0)).label("correct"),
                       sa.func.count(sa.distinct(t.attempts.c.question_id)).label("questions"))
             .where(t.attempts.c.user_id == user_id).group_by(col).order_by(col))
        if modes:
            q = q.where(t.attempts.c.mode.in_(modes))
        with self._read() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def answered_questions(self, user_id: int) -> set[str]:
        with self._read() as conn:
            return {r[0] for r in conn.execute(sa.select(sa.distinct(t.attempts.c.question_id))
                                               .where(t.attempts.c.user_id == user_id))}

    def activity(self, user_ids: list[int]) -> dict[int, dict]:
        """Per user: attempts, correct, last activity (for the trainer's view)."""
        if not user_ids:
            return {}
        q = (sa.select(t.attempts.c.user_id, sa.func.count().label("attempts"),
                       sa.func.sum(sa.case((t.attempts.c.correct, 1), else_=0)).label("correct"),
                       sa.func.max(t.attempts.c.ts).label("last"))
             .where(t.attempts.c.user_id.in_(user_ids), t.attempts.c.mode != "exam")
             .group_by(t.attempts.c.user_id))
        with self._read() as conn:
            return {r["user_id"]: dict(r) for r in conn.execute(q).mappings()}

    # ------------------------------------------------------------------------------------------- cards
    def card(self, user_id: int, question_id: str) -> Card | None:
        with self._read() as conn:
            r = conn.execute(sa.select(t.cards).where(t.cards.c.user_id == user_id,
                                                      t.cards.c.question_id == question_id)).mappings().first()
        return _card(r) if r else None

    def save_card(self, user_id: int, question_id: str, card: Card, conn=None) -> None:
        values = {"easiness": card.easiness, "interval_days": card.interval, "repetitions": card.repetitions,
                  "lapses": card.lapses, "due": card.due, "last_review": utcnow()}

        def run(c):
            res = c.execute(t.cards.update().where(t.cards.c.user_id == user_id,
                                                   t.cards.c.question_id == question_id).values(**values))
            if res.rowcount == 0:
                c.execute(t.cards.insert().values(user_id=user_id, question_id=question_id, **values))
        if conn is not None:
            run(conn)
        else:
            with self._write() as c:
                run(c)

    def cards(self, user_id: int) -> dict[str, Card]:
        with self._read() as conn:
            rows = conn.execute(sa.select(t.cards).where(t.cards.c.user_id == user_id)).mappings().all()
        return {r["question_id"]: _card(r) for r in rows}

    def due_cards(self, user_id: int, today: dt.date, limit: int = 200) -> list[tuple[str, Card]]:
        with self._read() as conn:
            rows = conn.execute(sa.select(t.cards).where(t.cards.c.user_id == user_id, t.cards.c.due <= today)
                                .order_by(t.cards.c.due, t.cards.c.question_id).limit(limit)).mappings().all()
        return [(r["question_id"], _card(r)) for r in rows]

    # -------------------------------------------------------------------------------------- wrong book
    def record_wrong(self, user_id: int, question_id: str, answer, conn=None) -> None:
        now = utcnow()
        wb = t.wrong_book

        def run(c):
            r = c.execute(sa.select(wb.c.wrong_count).where(wb.c.user_id == user_id,
                                                            wb.c.question_id == question_id)).first()
            if r is None:
                c.execute(wb.insert().values(user_id=user_id, question_id=question_id, wrong_count=1,
                                             right_streak=0, last_answer=_dump(list(answer or [])),
                                             added_at=now, last_wrong_at=now, cleared_at=None))
            else:
                c.execute(wb.update().where(wb.c.user_id == user_id, wb.c.question_id == question_id).values(
                    wrong_count=r[0] + 1, right_streak=0, last_answer=_dump(list(answer or [])),
                    last_wrong_at=now, cleared_at=None))
        if conn is not None:
            run(conn)
        else:
            with self._write() as c:
                run(c)

    def record_right(self, user_id: int, question_id: str, clear_after: int = 2, conn=None) -> bool:
        """A right answer to a question in the book; cleared after `clear_after` in a row. True when cleared."""
        wb = t.wrong_book

        def run(c):
            r = c.execute(sa.select(wb.c.right_streak).where(wb.c.user_id == user_id, wb.c.question_id == question_id,
                                                             wb.c.cleared_at.is_(None))).first()
            if r is None:
                return False
            streak = r[0] + 1
            cleared = streak >= clear_after
            c.execute(wb.update().where(wb.c.user_id == user_id, wb.c.question_id == question_id).values(
                right_streak=streak, cleared_at=utcnow() if cleared else None))
            return cleared
        if conn is not None:
            return run(conn)
        with self._write() as c:
            return run(c)

    def remove_wrong(self, user_id: int, question_id: str) -> bool:
        wb = t.wrong_book
        with self._write() as conn:
            res = conn.execute(wb.update().where(wb.c.user_id == user_id, wb.c.question_id == question_id,
                                                 wb.c.cleared_at.is_(None)).values(cleared_at=utcnow()))
        return res.rowcount > 0

    def wrong_book(self, user_id: int, include_cleared: bool = False) -> list[dict]:
        wb = t.wrong_book
        q = sa.select(wb).where(wb.c.user_id == user_id)
        if not include_cleared:
            q = q.where(wb.c.cleared_at.is_(None))
        with self._read() as conn:
            rows = conn.execute(q.order_by(wb.c.last_wrong_at.desc(), wb.c.question_id)).mappings().all()
        return [{**r, "last_answer": json.loads(r["last_answer"]) if r["last_answer"] else None} for r in rows]

    # ------------------------------------------------------------------------------------------ units
    def mark_unit(self, user_id: int, unit_id: str, completed: bool = False) -> None:
        ur = t.unit_reads
        now = utcnow()
        with self._write() as conn:
            r = conn.execute(sa.select(ur.c.completed_at).where(ur.c.user_id == user_id,
                                                                ur.c.unit_id == unit_id)).first()
            if r is None:
                conn.execute(ur.insert().values(user_id=user_id, unit_id=unit_id, first_read_at=now,
                                                completed_at=now if completed else None))
            elif completed and r[0] is None:
                conn.execute(ur.update().where(ur.c.user_id == user_id, ur.c.unit_id == unit_id)
                             .values(completed_at=now))

    def unit_reads(self, user_id: int) -> dict[str, dict]:
        with self._read() as conn:
            rows = conn.execute(sa.select(t.unit_reads).where(t.unit_reads.c.user_id == user_id)).mappings().all()
        return {r["unit_id"]: dict(r) for r in rows}

    def units_completed(self, user_ids: list[int]) -> dict[int, int]:
        if not user_ids:
            return {}
        ur = t.unit_reads
        q = (sa.select(ur.c.user_id, sa.func.count()).where(ur.c.user_id.in_(user_ids), ur.c.completed_at.is_not(None))
             .group_by(ur.c.user_id))
        with self._read() as conn:
            return {r[0]: r[1] for r in conn.execute(q)}

    # ------------------------------------------------------------------------------------------ exams
    def create_exam(self, user_id: int, question_ids: list[str], seed: str, minutes: int, pass_mark: int,
                    started_at: dt.datetime | None = None) -> int:
        start = started_at or utcnow()
        with self._write() as conn:
            res = conn.execute(t.exams.insert().values(
                user_id=user_id, started_at=start, deadline_at=start + dt.timedelta(minutes=minutes),
                question_ids=_dump(question_ids), answers="{}", seed=seed, minutes=minutes, pass_mark=pass_mark,
                timed_out=False))
            return int(res.inserted_primary_key[0])

    def exam(self, exam_id: int) -> dict | None:
        with self._read() as conn:
            r = conn.execute(sa.select(t.exams).where(t.exams.c.id == exam_id)).mappings().first()
        return _exam(r) if r else None

    def save_exam_answers(self, exam_id: int, answers: dict[str, list[int]]) -> None:
        with self._write() as conn:
            conn.execute(t.exams.update().where(t.exams.c.id == exam_id, t.exams.c.finished_at.is_(None))
                         .values(answers=_dump(answers)))

    def finish_exam(self, exam_id: int, answers: dict, score: float, correct: int, passed: bool,
                    per_topic: dict, timed_out: bool, attempts: list[dict]) -> bool:
        """Store the result and the per-question attempts at once. False when it was already finished."""
        with self._write() as conn:
            res = conn.execute(t.exams.update().where(t.exams.c.id == exam_id, t.exams.c.finished_at.is_(None))
                               .values(answers=_dump(answers), score=score, correct=correct, passed=passed,
                                       per_topic=_dump(per_topic), timed_out=timed_out, finished_at=utcnow()))
            if res.rowcount == 0:
                return False
            for a in attempts:
                self.add_attempt(conn=conn, exam_id=exam_id, mode="exam", **a)
        return True

    def exams(self, user_id: int, finished_only: bool = True, limit: int = 100) -> list[dict]:
        q = sa.select(t.exams).where(t.exams.c.user_id == user_id)
        if finished_only:
            q = q.where(t.exams.c.finished_at.is_not(None))
        with self._read() as conn:
            rows = conn.execute(q.order_by(t.exams.c.id.desc()).limit(limit)).mappings().all()
        return [_exam(r) for r in rows]

    def exam_summaries(self, user_ids: list[int]) -> dict[int, dict]:
        """Per user: finished exams, best and last score, passed at least once."""
        if not user_ids:
            return {}
        e = t.exams
        with self._read() as conn:
            rows = conn.execute(sa.select(e.c.user_id, e.c.id, e.c.score, e.c.passed, e.c.finished_at)
                                .where(e.c.user_id.in_(user_ids), e.c.finished_at.is_not(None))
                                .order_by(e.c.user_id, e.c.id)).all()
        out: dict[int, dict] = {}
        for uid, _eid, score, passed, fin in rows:
            s = out.setdefault(uid, {"exams": 0, "best": None, "last": None, "passed": False, "last_at": None})
            s["exams"] += 1
            s["best"] = score if s["best"] is None else max(s["best"], score)
            s["last"], s["last_at"] = score, fin
            s["passed"] = s["passed"] or bool(passed)
        return out


def _card(r) -> Card:
    return Card(easiness=r["easiness"], interval=r["interval_days"], repetitions=r["repetitions"],
                lapses=r["lapses"], due=r["due"])


def _exam(r) -> dict:
    d = dict(r)
    d["question_ids"] = json.loads(d["question_ids"])
    d["answers"] = json.loads(d["answers"] or "{}")
    d["per_topic"] = json.loads(d["per_topic"]) if d.get("per_topic") else None
    return d
