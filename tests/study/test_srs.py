"""SM-2 scheduling."""

import datetime as dt

import pytest

from webapp.services.study.srs import Card, grade_for, review

D = dt.date(2026, 1, 1)


def test_intervals_grow_1_6_then_by_easiness():
    c = review(Card(), 4, D)
    assert (c.repetitions, c.interval, c.due) == (1, 1, D + dt.timedelta(days=1))
    c = review(c, 4, D)
    assert (c.repetitions, c.interval) == (2, 6)
    c = review(c, 4, D)
    assert c.interval == round(6 * 2.5) and c.easiness == pytest.approx(2.5)
    c = review(c, 5, D)
    assert c.interval == round(15 * 2.5) and c.easiness == pytest.approx(2.6)
    assert c.mastered


def test_a_lapse_resets_and_lowers_easiness():
    c = review(review(review(Card(), 4, D), 4, D), 4, D)
    lapsed = review(c, 1, D)
    assert lapsed.repetitions == 0 and lapsed.interval == 1 and lapsed.lapses == 1
    assert lapsed.easiness == pytest.approx(2.5 - 0.54)
    assert lapsed.due == D + dt.timedelta(days=1)


def test_easiness_floor():
    c = Card()
    for _ in range(20):
        c = review(c, 0, D)
    assert c.easiness == pytest.approx(1.3)


def test_grades():
    assert grade_for(False) == 1 and grade_for(True) == 4
    assert grade_for(True, "easy") == 5 and grade_for(True, "hard") == 3 and grade_for(False, "easy") == 1
    with pytest.raises(ValueError):
        review(Card(), 6, D)
