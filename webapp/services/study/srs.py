"""SM-2 spaced repetition (Wozniak 1990), as used by SuperMemo 2 and Anki's ancestors.

Grades 0–5. A practice answer is graded automatically: wrong → 1, right → 4, right and the trainee says it was
easy → 5, right but hard → 3. Grade < 3 resets the repetitions (the item comes back tomorrow) and counts a lapse.
Intervals: 1 day, 6 days, then interval × easiness; easiness never drops below 1.3."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

MIN_EASINESS = 1.3
START_EASINESS = 2.5
GRADES = {"wrong": 1, "hard": 3, "good": 4, "easy": 5}


@dataclass(frozen=True)
class Card:
    easiness: float = START_EASINESS
    interval: int = 0          # days
    repetitions: int = 0
    lapses: int = 0
    due: dt.date | None = None

    @property
    def mastered(self) -> bool:
        """Remembered three times in a row with at least three weeks to the next review."""
        return self.repetitions >= 3 and self.interval >= 21


def grade_for(correct: bool, feeling: str | None = None) -> int:
    if not correct:
        return GRADES["wrong"]
    if feeling in ("hard", "good", "easy"):
        return GRADES[feeling]
    return GRADES["good"]


def review(card: Card, grade: int, today: dt.date) -> Card:
    """The card after an answer graded 0–5 on `today`."""
    if not 0 <= grade <= 5:
        raise ValueError("grade must be 0..5")
    ef = card.easiness + (0.1 - (5 - grade) * (0.08 + (5 - grade) * 0.02))
    ef = max(MIN_EASINESS, round(ef, 4))
    if grade < 3:
        return replace(card, easiness=ef, interval=1, repetitions=0, lapses=card.lapses + 1,
                       due=today + dt.timedelta(days=1))
    reps = card.repetitions + 1
    if reps == 1:
        interval = 1
    elif reps == 2:
        interval = 6
    else:
        interval = max(1, round(card.interval * card.easiness))
    interval = min(interval, 3650)
    return replace(card, easiness=ef, interval=interval, repetitions=reps, due=today + dt.timedelta(days=interval))
