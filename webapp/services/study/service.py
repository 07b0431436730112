"""The study use cases, for the web views, the JSON API and the CLI. Flask-free: errors are `StudyError`s with a
Chinese message, which the web layer turns into its own error responses."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from pathlib import Path
from collections.abc import Callable

from indexer.refs import Ref

from . import exam as exam_mod
from .bank import Bank, BankCache, dep_versions, flags_for, latest_versions
from .questions import Question, normalize_choice
from .render import render_plain, render_unit
from ..errors import ServiceError
from .repository import StudyRepository, utcnow
from .srs import Card, grade_for, review
from .units import search_units

CST = dt.timezone(dt.timedelta(hours=8))
STATE_TTL = 30.0          # seconds a computed withheld set is reused (reviews made here invalidate it at once)


class StudyError(ServiceError):
    """A study request that cannot be carried out (no such unit, an exam already handed in …)."""


class StudyService:
    def __init__(self, library, corpus: Path, repo: StudyRepository | None, *,
                 exam_config: exam_mod.ExamConfig | None = None, as_of: str | None = None,
                 now: Callable[[], dt.datetime] = utcnow, bank_cache: BankCache | None = None):
        self.library = library
        self.corpus = Path(corpus)
        self.repo = repo
        self.exam_config = exam_config or exam_mod.ExamConfig()
        self._as_of = as_of
        self.now = now
        self._cache = bank_cache or BankCache()
        self._state_lock = threading.Lock()
        self._state: tuple | None = None      # (bank id, time, withheld ids, flags, states)

    # ------------------------------------------------------------------------------------------ basics
    @property
    def as_of(self) -> str:
        if self._as_of:
            return self._as_of
        return self.today().isoformat()

    def today(self) -> dt.date:
        """The calendar date in China (SM-2 due dates, the date laws are in force on)."""
        return self.now().replace(tzinfo=dt.UTC).astimezone(CST).date()

    def bank(self) -> Bank:
        return self._cache.get(self.library, self.corpus, self.as_of)

    def _need_repo(self) -> StudyRepository:
        if self.repo is None:
            raise StudyError("学习记录数据库不可用。", "no_database", 503)
        return self.repo

    # ------------------------------------------------------------------------------------ review state
    def sync(self) -> int:
        """Store a review state for every question seen for the first time. Returns how many were new."""
        if self.repo is None:
            return 0
        bank = self.bank()
        states = self.repo.question_states()
        rows = []
        changed = {}
        for q in bank.questions:
            st = states.get(q.id)
            if st is None:
                rows.append({"question_id": q.id, "source": q.source, "deps": list(q.deps),
                             "checked": dep_versions(q)})
            elif st["deps"] != list(q.deps):
                changed[q.id] = list(q.deps)
        n = self.repo.add_question_states(rows)
        if changed:
            self.repo.update_question_deps(changed)
        self._state = None
        return n

    def _review_state(self):
        bank = self.bank()
        st = self._state
        if st is not None and st[0] is bank and time.monotonic() - st[1] < STATE_TTL:
            return st
        with self._state_lock:
            st = self._state
            if st is not None and st[0] is bank and time.monotonic() - st[1] < STATE_TTL:
                return st
            states: dict = {}
            if self.repo is not None:
                states = self.repo.question_states()
                if any(q.id not in states for q in bank.questions):
                    self.sync()
                    states = self.repo.question_states()
            latest = latest_versions(self.library, bank.laws())
            withheld: set[str] = set()
            flags: dict[str, list] = {}
            for q in bank.questions:
                s = states.get(q.id)
                f = flags_for(q, s["checked"] if s else None, latest)
                if f:
                    flags[q.id] = f
                    withheld.add(q.id)
                if s and s["status"] == "retired":
                    withheld.add(q.id)
            st = (bank, time.monotonic(), withheld, flags, states)
            self._state = st
            return st

    def withheld(self) -> set[str]:
        return self._review_state()[2]

    def available(self) -> list[Question]:
        withheld = self.withheld()
        return [q for q in self.bank().questions if q.id not in withheld]

    def question(self, qid: str, allow_withheld: bool = False) -> Question:
        q = self.bank().question(qid)
        if q is None or (not allow_withheld and qid in self.withheld()):
            raise StudyError("题目不存在或正在复核。", "no_such_question", 404)
        return q

    def review_queue(self) -> list[dict]:
        """Flagged questions with the reason and whether the article's wording changed."""
        bank, _, _, flags, states = self._review_state()
        out = []
        for qid, fl in sorted(flags.items()):
            q = bank.question(qid)
            st = states.get(qid) or {}
            if st.get("status") == "retired":
                continue
            out.append({"question": q.to_dict(), "flags": [f.to_dict() for f in fl],
                        "text_changed": True if q.extra.get("stale") else self._text_changed(q, fl),
                        "stale": bool(q.extra.get("stale"))})
        return out

    def _text_changed(self, q: Question, fl) -> bool | None:
        """True when an article the question depends on reads differently in the newest version."""
        if self.library is None:
            return None
        store = self.library.store
        any_known = False
        for d in q.deps:
            ref = Ref.parse(d)
            for f in fl:
                if f.law != ref.law:
                    continue
                old_v, new_v = store.version_at(ref.law, f.checked), store.version_at(ref.law, f.latest)
                if old_v is None or new_v is None:
                    return None
                old_a = store.article(old_v, ref.article, ref.suffix)
                new_a = store.article(new_v, ref.article, ref.suffix)
                if old_a is None or new_a is None or old_a.text() != new_a.text():
                    return True
                any_known = True
        return False if any_known else None

    def review_question(self, qid: str, reviewer_id: int | None, note: str | None = None,
                        retire: bool = False) -> dict:
        repo = self._need_repo()
        q = self.question(qid, allow_withheld=True)
        if q.extra.get("stale") and not retire:
            raise StudyError("题目依据的条文在现行版本中已不存在（款、项或条文序号有变化），不能直接恢复使用："
                             "请修改题目后再复核，或停用。", "stale_question", 409)
        self.sync()
        latest = latest_versions(self.library, q.laws + tuple(Ref.parse(d).law for d in q.deps))
        checked = dep_versions(q)
        checked.update({law: v for law, v in latest.items() if law in checked})
        repo.review_question(qid, checked, list(q.deps), reviewer_id, note, retire)
        self._state = None
        return {"question_id": qid, "checked": checked, "status": "retired" if retire else "active"}

    def review_unchanged(self, reviewer_id: int | None) -> list[str]:
        """Confirm every flagged question whose articles read the same in the newest version."""
        done = []
        for item in self.review_queue():
            if item["text_changed"] is False:
                self.review_question(item["question"]["id"], reviewer_id, "条文文字未变，批量确认")
                done.append(item["question"]["id"])
        return done

    # ------------------------------------------------------------------------------------------- stats
    def stats(self) -> dict:
        bank = self.bank()
        _, _, withheld, flags, states = self._review_state()
        by_kind: dict[str, int] = {}
        for q in bank.generated:
            by_kind[q.kind] = by_kind.get(q.kind, 0) + 1
        retired = sum(1 for s in states.values() if s["status"] == "retired" and s["question_id"] in bank.by_id)
        return {
            "as_of": self.as_of,
            "units": len(bank.units),
            "authored": len(bank.authored),
            "generated": len(bank.generated),
            "questions": len(bank.questions),
            "withheld": len(withheld),
            "flagged": len(flags),
            "retired": retired,
            "invalid_authored": len({p.qid for p in bank.problems if p.qid}),
            "bank_problems": [str(p) for p in bank.problems],
            "unit_problems": [str(p) for p in bank.unit_problems],
            "citation_errors": [f"{uid}: {r.citation.text}：{r.error}" for uid, errs in bank.citation_errors.items()
                                for r in errs],
            "generated_by_kind": by_kind,
            "database": self.repo is not None,
        }

    # ------------------------------------------------------------------------------------------- units
    def units(self, user_id: int | None = None) -> list[dict]:
        bank = self.bank()
        reads = self.repo.unit_reads(user_id) if (self.repo and user_id is not None) else {}
        avail = self.available()
        counts: dict[str, int] = {}
        for q in avail:
            if q.unit:
                counts[q.unit] = counts.get(q.unit, 0) + 1
        out = []
        for u in bank.units:
            d = u.summary()
            r = reads.get(u.id)
            d.update(questions=counts.get(u.id, 0), read=r is not None,
                     completed=bool(r and r.get("completed_at")))
            out.append(d)
        return out

    def unit(self, unit_id: str) -> dict:
        bank = self.bank()
        u = bank.units_by_id.get(unit_id)
        if u is None:
            raise StudyError("学习单元不存在。", "no_such_unit", 404)
        rendered = render_unit(u, self.library, self.as_of)
        return {**u.summary(), "html": rendered.html, "toc": rendered.toc,
                "citations": [r.to_dict() for r in rendered.citations],
                "questions": sum(1 for q in self.available() if q.unit == u.id)}

    def mark_unit(self, user_id: int, unit_id: str, completed: bool = False) -> None:
        if unit_id not in self.bank().units_by_id:
            raise StudyError("学习单元不存在。", "no_such_unit", 404)
        self._need_repo().mark_unit(user_id, unit_id, completed)

    def search(self, query: str, limit: int = 20) -> list[dict]:
        return search_units(self.bank().units, query, limit)

    def explain_html(self, q: Question) -> str:
        unit_laws = self.bank().units_by_id[q.unit].laws if q.unit in self.bank().units_by_id else ()
        return render_plain(q.explanation, self.library, self.as_of, unit_laws)

    # ---------------------------------------------------------------------------------------- practice
    def _filter(self, qs, unit=None, topic=None, law=None, source=None, kind=None):
        if unit:
            qs = [q for q in qs if q.unit == unit]
        if topic:
            qs = [q for q in qs if q.topic == topic]
        if law:
            qs = [q for q in qs if law in q.laws]
        if source:
            qs = [q for q in qs if q.source == source]
        if kind:
            qs = [q for q in qs if q.kind == kind]
        return qs

    def practice(self, user_id: int, limit: int = 10, **filters) -> list[Question]:
        """Due reviews first (SM-2), then questions never seen (authored before generated), then the least
        well-known of the rest."""
        repo = self._need_repo()
        pool = self._filter(self.available(), **filters)
        by_id = {q.id: q for q in pool}
        today = self.today()
        out: list[Question] = []
        for qid, _card in repo.due_cards(user_id, today, limit=500):
            if qid in by_id and len(out) < limit:
                out.append(by_id.pop(qid))
        if len(out) < limit:
            cards = repo.cards(user_id)

            def mix(q):
                return hashlib.sha1(f"{user_id}|{q.id}".encode()).hexdigest()
            new = sorted((q for q in by_id.values() if q.id not in cards),
                         key=lambda q: (q.source != "authored", q.unit or "~", mix(q)))
            out += new[:limit - len(out)]
            if len(out) < limit:
                seen = sorted((q for q in by_id.values() if q.id in cards),
                              key=lambda q: (cards[q.id].due or today, cards[q.id].easiness, q.id))
                out += seen[:limit - len(out)]
        return out

    def answer(self, user_id: int, qid: str, chosen, mode: str = "practice", feeling: str | None = None) -> dict:
        """Check an answer, store the attempt, schedule the item (SM-2) and keep the 错题本."""
        repo = self._need_repo()
        if mode not in ("practice", "review", "wrongbook"):
            raise StudyError("练习模式无效。", "invalid_mode")
        q = self.question(qid)
        choice = normalize_choice(chosen, q)
        if choice is None or (q.type != "multiple" and len(choice) != 1) or not choice:
            raise StudyError("答案格式错误：请选择选项。", "invalid_answer")
        correct = choice == q.answer
        today = self.today()
        cleared = False
        with repo._write() as conn:
            repo.add_attempt(user_id, q.id, mode, correct, choice, q.topic, q.law, q.unit, conn=conn)
            old = repo.card(user_id, q.id) or Card()
            card = review(old, grade_for(correct, feeling), today)
            repo.save_card(user_id, q.id, card, conn=conn)
            if correct:
                cleared = repo.record_right(user_id, q.id, conn=conn)
            else:
                repo.record_wrong(user_id, q.id, choice, conn=conn)
        return {"question_id": q.id, "correct": correct, "chosen": list(choice), "answer": list(q.answer),
                "explanation": q.explanation, "explanation_html": self.explain_html(q),
                "refs": [str(r) for r in q.refs], "deps": list(q.deps),
                "next_review": card.due.isoformat() if card.due else None, "interval_days": card.interval,
                "in_wrong_book": not correct, "cleared_from_wrong_book": cleared}

    def wrong_book_practice(self, user_id: int, limit: int = 10) -> list[Question]:
        """The wrong-question book practised again: its first `limit` questions, those withheld left out."""
        items = [w for w in self.wrong_book(user_id) if not w["withheld"]][:limit]
        return [self.question(w["question"]["id"]) for w in items]

    def wrong_book(self, user_id: int) -> list[dict]:
        repo = self._need_repo()
        withheld = self.withheld()
        out = []
        for row in repo.wrong_book(user_id):
            q = self.bank().question(row["question_id"])
            if q is None:
                continue
            out.append({"question": q.to_public(), "wrong_count": row["wrong_count"],
                        "right_streak": row["right_streak"], "last_answer": row["last_answer"],
                        "last_wrong_at": row["last_wrong_at"], "withheld": q.id in withheld,
                        "answer": list(q.answer), "explanation": q.explanation})
        return out

    def remove_wrong(self, user_id: int, qid: str) -> bool:
        return self._need_repo().remove_wrong(user_id, qid)

    def progress(self, user_id: int) -> dict:
        repo = self._need_repo()
        avail = self.available()
        cards = repo.cards(user_id)
        today = self.today()
        totals_topic: dict[str, int] = {}
        totals_law: dict[str, int] = {}
        mastered_topic: dict[str, int] = {}
        for q in avail:
            totals_topic[q.topic] = totals_topic.get(q.topic, 0) + 1
            totals_law[q.law] = totals_law.get(q.law, 0) + 1
            c = cards.get(q.id)
            if c and c.mastered:
                mastered_topic[q.topic] = mastered_topic.get(q.topic, 0) + 1

        def rows(kind, totals, mastered=None):
            out = []
            for r in repo.progress(user_id, kind, modes=("practice", "review", "wrongbook", "exam")):
                key = r["key"]
                out.append({"key": key, "attempts": r["attempts"], "correct": int(r["correct"] or 0),
                            "accuracy": round(100.0 * (r["correct"] or 0) / r["attempts"], 1) if r["attempts"] else None,
                            "answered": r["questions"], "total": totals.get(key, 0),
                            "mastered": (mastered or {}).get(key, 0)})
            return out
        units = self.units(user_id)
        return {
            "by_topic": rows("topic", totals_topic, mastered_topic),
            "by_law": rows("law", totals_law),
            "units": units,
            "units_completed": sum(1 for u in units if u["completed"]),
            "cards": {"total": len(cards), "due": sum(1 for c in cards.values() if c.due and c.due <= today),
                      "mastered": sum(1 for c in cards.values() if c.mastered)},
            "wrong_book": len(repo.wrong_book(user_id)),
            "exams": self.exam_history(user_id)["summary"],
        }

    # -------------------------------------------------------------------------------------------- exams
    def _paper(self, exam: dict) -> list[Question]:
        bank = self.bank()
        return [q for q in (bank.question(i) for i in exam["question_ids"]) if q is not None]

    def _own_exam(self, user_id: int, exam_id: int) -> dict:
        if not isinstance(exam_id, int) or not 0 < exam_id < 2**31:
            raise StudyError("考试不存在。", "no_such_exam", 404)
        ex = self._need_repo().exam(exam_id)
        if ex is None or ex["user_id"] != user_id:
            raise StudyError("考试不存在。", "no_such_exam", 404)
        return ex

    def start_exam(self, user_id: int) -> dict:
        """A new paper, or the unfinished one still running."""
        repo = self._need_repo()
        for ex in repo.exams(user_id, finished_only=False, limit=5):
            if ex["finished_at"] is None:
                if self.now() <= ex["deadline_at"]:
                    return self.exam_view(user_id, ex["id"])
                self._finish(ex, ex["answers"], timed_out=True)
        cfg = self.exam_config
        seed = secrets.token_hex(8)
        unit_topics = [u.topic for u in self.bank().units]
        paper = exam_mod.assemble(self.available(), cfg, seed, unit_topics)
        if not paper:
            raise StudyError("题库中没有可用的题目。", "empty_bank", 409)
        exam_id = repo.create_exam(user_id, [q.id for q in paper], seed, cfg.minutes, cfg.pass_mark,
                                   started_at=self.now())
        return self.exam_view(user_id, exam_id)

    def exam_view(self, user_id: int, exam_id: int) -> dict:
        ex = self._own_exam(user_id, exam_id)
        if ex["finished_at"] is None and self.now() > ex["deadline_at"] + dt.timedelta(
                seconds=self.exam_config.grace_seconds):
            self._finish(ex, ex["answers"], timed_out=True)
            ex = self._own_exam(user_id, exam_id)
        paper = self._paper(ex)
        remaining = max(0, int((ex["deadline_at"] - self.now()).total_seconds()))
        points = round(100.0 / len(ex["question_ids"]), 2) if ex["question_ids"] else 0
        return {"id": ex["id"], "started_at": ex["started_at"], "deadline_at": ex["deadline_at"],
                "finished": ex["finished_at"] is not None, "remaining_seconds": remaining if not ex["finished_at"] else 0,
                "minutes": ex["minutes"], "pass_mark": ex["pass_mark"], "count": len(paper), "points_each": points,
                "questions": [dict(q.to_public(seed=ex["seed"]), number=i) for i, q in enumerate(paper, 1)],
                "answers": ex["answers"]}

    def save_exam_answers(self, user_id: int, exam_id: int, answers: dict) -> dict:
        ex = self._own_exam(user_id, exam_id)
        if ex["finished_at"] is not None:
            raise StudyError("考试已交卷。", "exam_finished", 409)
        if self.now() > ex["deadline_at"] + dt.timedelta(seconds=self.exam_config.grace_seconds):
            self._finish(ex, ex["answers"], timed_out=True)
            raise StudyError("考试时间已到，已按保存的答案自动交卷。", "exam_timed_out", 409)
        clean = self._clean_answers(ex, answers)
        self._need_repo().save_exam_answers(exam_id, clean)
        return {"saved": len(clean)}

    def _clean_answers(self, ex: dict, answers) -> dict[str, list[int]]:
        if not isinstance(answers, dict):
            raise StudyError("answers 必须是对象：{题目编号: [选项序号]}。", "invalid_answer")
        paper = {q.id: q for q in self._paper(ex)}
        clean = {}
        for qid, chosen in answers.items():
            q = paper.get(qid)
            if q is None:
                continue                 # not on this paper (a stale page, a withdrawn question): ignored
            if chosen in (None, []):
                continue
            choice = normalize_choice(chosen, q)
            if choice is None or (q.type != "multiple" and len(choice) > 1):
                raise StudyError(f"题目 {qid} 的答案格式错误。", "invalid_answer")
            clean[qid] = list(choice)
        return clean

    def submit_exam(self, user_id: int, exam_id: int, answers: dict | None = None) -> dict:
        ex = self._own_exam(user_id, exam_id)
        if ex["finished_at"] is not None:
            return self.exam_result(user_id, exam_id)
        late = self.now() > ex["deadline_at"] + dt.timedelta(seconds=self.exam_config.grace_seconds)
        if late or answers is None:
            final = ex["answers"]          # after the time: only what was saved in time counts
        else:
            final = dict(ex["answers"])
            final.update(self._clean_answers(ex, answers))
        self._finish(ex, final, timed_out=late)
        return self.exam_result(user_id, exam_id)

    def _finish(self, ex: dict, answers: dict, timed_out: bool) -> None:
        paper = self._paper(ex)
        s = exam_mod.score(paper, answers, ex["pass_mark"])
        by_id = {q.id: q for q in paper}
        attempts = [{"user_id": ex["user_id"], "question_id": pq["question_id"], "correct": pq["correct"],
                     "answer": pq["chosen"], "topic": by_id[pq["question_id"]].topic,
                     "law": by_id[pq["question_id"]].law, "unit": by_id[pq["question_id"]].unit}
                    for pq in s.per_question]
        repo = self._need_repo()
        if repo.finish_exam(ex["id"], answers, s.score, s.correct, s.passed, s.per_topic, timed_out, attempts):
            for pq in s.per_question:           # wrong exam answers go to the 错题本 too
                if not pq["correct"]:
                    repo.record_wrong(ex["user_id"], pq["question_id"], pq["chosen"])

    def exam_result(self, user_id: int, exam_id: int) -> dict:
        ex = self._own_exam(user_id, exam_id)
        if ex["finished_at"] is None:
            raise StudyError("考试尚未交卷。", "exam_running", 409)
        paper = self._paper(ex)
        items = []
        for i, q in enumerate(paper, 1):
            chosen = ex["answers"].get(q.id, [])
            items.append({**q.to_public(seed=ex["seed"]), "number": i, "chosen": chosen, "answer": list(q.answer),
                          "correct": tuple(sorted(chosen)) == q.answer, "explanation": q.explanation,
                          "explanation_html": self.explain_html(q)})
        return {"id": ex["id"], "started_at": ex["started_at"], "finished_at": ex["finished_at"],
                "score": ex["score"], "correct": ex["correct"], "count": len(paper), "passed": bool(ex["passed"]),
                "pass_mark": ex["pass_mark"], "minutes": ex["minutes"], "timed_out": bool(ex["timed_out"]),
                "per_topic": _topic_rows(ex["per_topic"] or {}), "questions": items}

    def exam_history(self, user_id: int) -> dict:
        """Finished exams (newest first) and the chart data: score per exam, accuracy per topic."""
        exams = self._need_repo().exams(user_id)
        history = [{"id": e["id"], "finished_at": e["finished_at"], "score": e["score"], "passed": bool(e["passed"]),
                    "correct": e["correct"], "count": len(e["question_ids"]), "timed_out": bool(e["timed_out"]),
                    "pass_mark": e["pass_mark"]} for e in exams]
        agg: dict[str, list[int]] = {}
        for e in exams:
            for topic, (c, n) in (e["per_topic"] or {}).items():
                a = agg.setdefault(topic, [0, 0])
                a[0] += c
                a[1] += n
        last = exams[0]["per_topic"] if exams else {}
        topics = []
        for topic in sorted(agg, key=lambda t: (-agg[t][1], t)):
            c, n = agg[topic]
            lc, ln = (last or {}).get(topic, (0, 0))
            topics.append({"topic": topic, "correct": c, "total": n, "accuracy": round(100.0 * c / n, 1) if n else None,
                           "last_accuracy": round(100.0 * lc / ln, 1) if ln else None})
        summary = {"taken": len(exams), "passed": sum(1 for e in exams if e["passed"]),
                   "best": max((e["score"] for e in exams), default=None),
                   "last": exams[0]["score"] if exams else None}
        scores = [{"id": h["id"], "score": h["score"], "passed": h["passed"],
                   "finished_at": h["finished_at"].isoformat() if h["finished_at"] else None} for h in reversed(history)]
        return {"exams": history, "chart": {"scores": scores,
                                            "topics": topics, "pass_mark": self.exam_config.pass_mark},
                "summary": summary}

    # ----------------------------------------------------------------------------------------- trainers
    def trainees_overview(self, users: list[dict]) -> list[dict]:
        """One row per trainee (users: dicts with id, username, display_name) for a trainer."""
        repo = self._need_repo()
        ids = [u["id"] for u in users]
        activity = repo.activity(ids)
        exams = repo.exam_summaries(ids)
        completed = repo.units_completed(ids)
        n_units = len(self.bank().units)
        rows = []
        for u in users:
            a = activity.get(u["id"], {})
            e = exams.get(u["id"], {})
            weak = []
            for r in repo.progress(u["id"], "topic"):
                if r["attempts"] >= 5:
                    weak.append((round(100.0 * (r["correct"] or 0) / r["attempts"], 1), r["key"]))
            weak.sort()
            attempts = a.get("attempts", 0)
            rows.append({
                "id": u["id"], "username": u["username"], "display_name": u["display_name"],
                "units_completed": completed.get(u["id"], 0), "units_total": n_units,
                "attempts": attempts,
                "accuracy": round(100.0 * (a.get("correct") or 0) / attempts, 1) if attempts else None,
                "last_activity": a.get("last"), "exams": e.get("exams", 0), "best_score": e.get("best"),
                "last_score": e.get("last"), "passed": e.get("passed", False),
                "weak_topics": [{"topic": t, "accuracy": acc} for acc, t in weak[:3]],
            })
        return rows


def _topic_rows(per_topic: dict) -> list[dict]:
    return [{"topic": t, "correct": c, "total": n, "accuracy": round(100.0 * c / n, 1) if n else None}
            for t, (c, n) in sorted(per_topic.items(), key=lambda kv: (-kv[1][1], kv[0]))]
