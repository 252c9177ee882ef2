"""Unpaid breaks placed in the queue's half-hour cells (issue 24 §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.queueing import simulate_week
from model.rota_breaks import on_break, on_break_of_people
from model.rota_shifts import ShiftRules

RULES = ShiftRules((7.5,), unpaid_break_minutes=30.0, part_time_lengths_hours=(4.0, 6.0),
                   break_after_paid_hours=6.0)


def _shifts(rows: list[tuple[str, int, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["day", "start_hour", "paid_hours", "people"])


def _on_duty(rows: list[tuple[str, int, float, int]]) -> np.ndarray:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    people = np.zeros(168, dtype=int)
    for day, start, paid, count in rows:
        span = int(RULES.span_hours(paid))
        first = days.index(day) * 24 + start
        people[first: first + span] += count
    return people


def test_a_full_shift_breaks_for_half_an_hour_near_its_middle() -> None:
    rows = [("Mon", 9, 7.5, 1)]
    breaks = on_break(_shifts(rows), _on_duty(rows), RULES)
    assert breaks.sum() == 1
    cell = int(np.flatnonzero(breaks)[0])
    assert 9 * 2 + 6 <= cell <= 9 * 2 + 10  # 12:00–14:00 for a 09:00–17:00 shift


def test_shifts_of_six_paid_hours_or_less_take_no_break() -> None:
    rows = [("Mon", 9, 6.0, 2), ("Tue", 9, 4.0, 1)]
    assert on_break(_shifts(rows), _on_duty(rows), RULES).sum() == 0


def test_people_on_one_shift_break_one_after_another() -> None:
    rows = [("Wed", 8, 7.5, 3)]
    breaks = on_break(_shifts(rows), _on_duty(rows), RULES)
    assert breaks.sum() == 3
    assert breaks.max() == 1  # never two away at once
    answering = np.repeat(_on_duty(rows), 2) - breaks
    assert answering[np.repeat(_on_duty(rows), 2) > 0].min() == 2


def test_a_break_goes_where_a_colleague_still_answers() -> None:
    # 08:00–16:00 and 12:00–20:00 overlap 12:00–16:00: both breaks fall there, apart.
    rows = [("Thu", 8, 7.5, 1), ("Thu", 12, 7.5, 1)]
    breaks = on_break(_shifts(rows), _on_duty(rows), RULES)
    answering = np.repeat(_on_duty(rows), 2) - breaks
    assert answering[np.repeat(_on_duty(rows), 2) > 0].min() == 1


def test_people_patterns_break_as_the_rota_does() -> None:
    rows = [("Fri", 9, 7.5, 1), ("Fri", 9, 7.5, 1)]
    person = _on_duty(rows[:1])
    by_people = on_break_of_people([person, person], RULES)
    by_rota = on_break(_shifts([("Fri", 9, 7.5, 2)]), _on_duty(rows), RULES)
    np.testing.assert_array_equal(by_people, by_rota)


@pytest.mark.parametrize("cover", ["Office hours", "Extended", "24/7"])
def test_trial_rotas_break_as_the_rota_table_does(cover: str) -> None:
    """The staffing search places the breaks of each trial rota from its people on each
    pattern, all patterns at once; a rota's table (day, start, paid hours, people) places
    them shift by shift. The same 200 random rotas break in the same cells either way."""
    from model.cover import cover_preset
    from model.rota import rules_for_cover
    from model.rota_breaks import on_break_by_pattern
    from model.rota_shifts import Patterns
    from model.units import DAY_NAMES

    rules = rules_for_cover(RULES, cover_preset(cover))
    shifts = Patterns.of(rules, np.ones(168))
    rng = np.random.default_rng(24)
    for _ in range(200):
        people = rng.integers(0, 4, shifts.day.size) * (rng.random(shifts.day.size) < 0.2)
        rows = [(DAY_NAMES[int(shifts.day[i])], int(shifts.start_hour[i]),
                 float(shifts.paid_hours[i]), int(people[i])) for i in np.flatnonzero(people)]
        on_duty = (shifts.covers @ people).astype(int)
        np.testing.assert_array_equal(on_break_by_pattern(shifts, people, rules),
                                      on_break(_shifts(rows), on_duty, rules))


def test_a_break_with_no_one_else_answering_slows_replies() -> None:
    rows = [(day, 9, 7.5, 1) for day in ("Mon", "Tue", "Wed", "Thu", "Fri")]
    people = _on_duty(rows).astype(float)
    arrivals = np.where(people > 0, 4.0, 0.5)
    plain = simulate_week(arrivals, people, 300.0, 3600.0)
    breaks = on_break(_shifts(rows), _on_duty(rows), RULES)
    placed = simulate_week(arrivals, people, 300.0, 3600.0, on_break=breaks)
    assert placed.share_within_target < plain.share_within_target
    assert placed.median_response_minutes > plain.median_response_minutes


def test_more_on_a_break_than_on_duty_is_refused() -> None:
    people = np.zeros(168)
    people[9:17] = 1
    breaks = np.zeros(336)
    breaks[2] = 1  # 01:00, no one on duty
    with pytest.raises(ValueError, match=r"on_break\[2\]"):
        simulate_week(np.ones(168), people, 300.0, 3600.0, on_break=breaks)
