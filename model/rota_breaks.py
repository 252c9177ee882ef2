"""Unpaid breaks placed in the week: who is on a break in each half-hour cell.

A shift longer than the rules' `break_after_paid_hours` takes `unpaid_break_minutes` off
(rounded up to whole half hours, the cells the queue engine uses). A planner puts the break
near the middle of the shift and staggers it: each person's break goes, within an hour either
side of their shift's middle, where the most colleagues are still answering (breaks already
placed counted), the middle first among equals. Shifts are taken in the order they start, so
people on the same shift break one after another rather than together.

The break lies inside the whole clock hours the shift counts as on duty, so no cell has more
people on a break than on duty.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from model.rota_shifts import MINUTES_PER_HOUR, Patterns, ShiftRules
from model.units import DAY_NAMES, HOURS_PER_DAY, HOURS_PER_WEEK

CELLS_PER_HOUR = 2  # the queue engine's half-hour cells
CELLS_PER_WEEK = HOURS_PER_WEEK * CELLS_PER_HOUR
BREAK_WINDOW_CELLS = 2  # a break may move this many cells either side of the shift's middle


def break_cells(rules: ShiftRules) -> int:
    """Half-hour cells a break takes (0: none)."""
    return math.ceil(rules.unpaid_break_minutes / (MINUTES_PER_HOUR / CELLS_PER_HOUR) - 1e-9)


def _placed(shifts: Sequence[tuple[int, int]], people_on_duty: np.ndarray, length: int
            ) -> np.ndarray:
    """Breaks of `length` cells for each (first cell, cells on duty) shift that takes one, one
    a person, placed as the module says; 336 whole numbers on a break by cell."""
    breaks = np.zeros(CELLS_PER_WEEK, dtype=np.int64)
    answering = np.repeat(np.asarray(people_on_duty, dtype=np.int64), CELLS_PER_HOUR)
    for first, covered in sorted(shifts):
        middle = (covered - length) // 2
        starts = np.arange(max(middle - BREAK_WINDOW_CELLS, 0),
                           min(middle + BREAK_WINDOW_CELLS, covered - length) + 1)
        where = (first + starts[:, None] + np.arange(length)[None, :]) % CELLS_PER_WEEK
        left = answering[where].min(axis=1)  # fewest still answering during each choice
        best = int(np.lexsort((np.abs(starts - middle), -left))[0])
        answering[where[best]] -= 1
        breaks[where[best]] += 1
    return breaks


def _shift(day: int, start_hour: int, paid_hours: float, rules: ShiftRules
           ) -> tuple[int, int] | None:
    """(first cell, cells on duty) of a shift that takes a break; None if it takes none."""
    covered = math.floor(rules.span_hours(paid_hours) + 1e-9) * CELLS_PER_HOUR
    if paid_hours <= rules.break_after_paid_hours or covered <= break_cells(rules):
        return None
    return (day * HOURS_PER_DAY + start_hour) * CELLS_PER_HOUR, covered


def on_break(shifts: pd.DataFrame, people_on_duty: np.ndarray, rules: ShiftRules
             ) -> np.ndarray:
    """336 whole numbers: of the people on duty (`people_on_duty`, 168 hourly), those on
    their unpaid break in each half-hour cell. `shifts` are a rota's rows (day name,
    start_hour, paid_hours, people)."""
    if break_cells(rules) == 0 or shifts.empty:
        return np.zeros(CELLS_PER_WEEK, dtype=np.int64)
    placed = []
    for day, start, paid, people in zip(shifts["day"], shifts["start_hour"],
                                        shifts["paid_hours"], shifts["people"]):
        shift = _shift(DAY_NAMES.index(day), int(start), float(paid), rules)
        placed += [shift] * int(people) if shift is not None else []
    return _placed(placed, people_on_duty, break_cells(rules))


def on_break_by_pattern(patterns: Patterns, people: np.ndarray, rules: ShiftRules
                        ) -> np.ndarray:
    """`on_break` for `people` whole people on each of the rules' `patterns`."""
    placed = []
    for index in np.flatnonzero(people > 0):
        shift = _shift(int(patterns.day[index]), int(patterns.start_hour[index]),
                       float(patterns.paid_hours[index]), rules)
        placed += [shift] * int(people[index]) if shift is not None else []
    on_duty = (patterns.covers @ people).astype(np.int64)
    return _placed(placed, on_duty, break_cells(rules))


def on_break_of_people(people: Sequence[np.ndarray], rules: ShiftRules) -> np.ndarray:
    """`on_break` for people each on their own 168 hours on duty (0/1): each run of hours
    on duty is a shift, long enough for a break when it is more whole hours than
    `break_after_paid_hours` (a shift's span is its paid hours plus the break)."""
    length = break_cells(rules)
    placed = []
    for person in people:
        on = np.asarray(person) > 0
        if length == 0 or not on.any() or on.all():
            continue
        starts = np.flatnonzero(on & ~np.roll(on, 1))
        for start in starts:
            hours = int(np.argmin(np.roll(on, -start)))  # hours until the first hour off
            if hours > rules.break_after_paid_hours and hours * CELLS_PER_HOUR > length:
                placed.append((int(start) * CELLS_PER_HOUR, hours * CELLS_PER_HOUR))
    on_duty = np.sum([np.asarray(p) > 0 for p in people], axis=0) if people else np.zeros(
        HOURS_PER_WEEK)
    return _placed(placed, np.asarray(on_duty, dtype=np.int64), length)
