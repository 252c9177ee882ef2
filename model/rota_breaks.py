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


def _placed(shifts: Sequence[tuple[int, int]] | np.ndarray, people_on_duty: np.ndarray,
            length: int) -> np.ndarray:
    """Breaks of `length` cells for each (first cell, cells on duty) shift that takes one, one
    a person, placed as the module says; 336 whole numbers on a break by cell.
    `people_on_duty`: 168 hourly, or 336 answering by cell (others' breaks already out)."""
    answering = np.asarray(people_on_duty, dtype=np.int64)
    if answering.size != CELLS_PER_WEEK:
        answering = np.repeat(answering, CELLS_PER_HOUR)
    ordered = np.asarray(shifts, dtype=np.int64).reshape(-1, 2)
    ordered = ordered[np.lexsort((ordered[:, 1], ordered[:, 0]))]  # by start, then length
    # Imported here: reading a scenario imports this module, and an upload worker that only
    # reads files must not load numba (tests/ingest/test_ingest_memory.py).
    from model.queue_kernels import placed_breaks

    return np.asarray(placed_breaks(ordered, answering.copy(), length, CELLS_PER_WEEK,
                                    BREAK_WINDOW_CELLS))


def hours_on_duty(paid_hours: float, rules: ShiftRules) -> int:
    """The whole clock hours a shift of this paid length counts on duty (its span, paid
    hours and any unpaid break, rounded down to whole hours as a rota's cover counts it)."""
    return int(_whole_hours(rules.span_hours(paid_hours)))


def _whole_hours(span_hours: np.ndarray | float) -> np.ndarray:
    """Spans rounded down to the whole hours a rota's cover counts (`hours_on_duty`)."""
    return np.floor(np.asarray(span_hours, dtype=float) + 1e-9)


def on_break(shifts: pd.DataFrame, people_on_duty: np.ndarray, rules: ShiftRules
             ) -> np.ndarray:
    """336 whole numbers: of the people on duty (`people_on_duty`, 168 hourly), those on
    their unpaid break in each half-hour cell. `shifts` are a rota's rows (day name,
    start_hour, paid_hours, people)."""
    if break_cells(rules) == 0 or shifts.empty:
        return np.zeros(CELLS_PER_WEEK, dtype=np.int64)
    paid = shifts["paid_hours"].to_numpy(dtype=float)
    first = np.array([DAY_NAMES.index(day) * HOURS_PER_DAY + int(start)
                      for day, start in zip(shifts["day"], shifts["start_hour"])])
    covered = np.array([hours_on_duty(hours, rules) for hours in paid])
    placed = _breaking(first * CELLS_PER_HOUR, covered * CELLS_PER_HOUR, paid,
                       shifts["people"].to_numpy(), rules)
    return _placed(placed, people_on_duty, break_cells(rules))


def on_break_by_pattern(patterns: Patterns, people: np.ndarray, rules: ShiftRules
                        ) -> np.ndarray:
    """`on_break` for `people` whole people on each of the rules' `patterns` (every pattern
    at once: the staffing search places the breaks of thousands of trial rotas)."""
    covered = _whole_hours(patterns.span_hours)  # `hours_on_duty` of each pattern
    first = patterns.day * HOURS_PER_DAY + patterns.start_hour
    placed = _breaking(first * CELLS_PER_HOUR, covered * CELLS_PER_HOUR, patterns.paid_hours,
                       people, rules)
    on_duty = (patterns.covers @ people).astype(np.int64)
    return _placed(placed, on_duty, break_cells(rules))


def _breaking(first_cell: np.ndarray, cells_on_duty: np.ndarray, paid_hours: np.ndarray,
              people: np.ndarray, rules: ShiftRules) -> np.ndarray:
    """(first cell, cells on duty) once a person, of the shifts that take a break: paid
    longer than the rules' `break_after_paid_hours`, and on duty longer than the break."""
    cells = np.asarray(cells_on_duty, dtype=np.int64)
    count = np.asarray(people, dtype=np.int64)
    taking = np.flatnonzero((count > 0) & (np.asarray(paid_hours) > rules.break_after_paid_hours)
                            & (cells > break_cells(rules)))
    shifts = np.stack([np.asarray(first_cell, dtype=np.int64)[taking], cells[taking]], axis=1)
    return np.repeat(shifts, count[taking], axis=0)


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


def on_break_of_posts(extra_per_hour: np.ndarray, first_hour: int, answering: np.ndarray,
                      paid_hours: float, rules: ShiftRules) -> np.ndarray:
    """For `extra_per_hour` more people on duty in the hours from hour `first_hour` of the
    week on (a surge rota; at most a week of them), those on their unpaid break in each of
    those hours' half-hour cells (2 a hour).

    Post k is on duty in each hour with more than k extra; through each run of such hours it
    is worked in shifts of `paid_hours` back to back (each `hours_on_duty` long, the last cut
    at the run's end), and a shift takes its break as a rota's does when the hours it works
    are more than `break_after_paid_hours`. `answering` (336) are the others answering in
    each cell of the week, which the breaks are staggered against.
    """
    extra = np.asarray(extra_per_hour, dtype=np.int64)
    length = break_cells(rules)
    cells = (first_hour * CELLS_PER_HOUR + np.arange(extra.size * CELLS_PER_HOUR)) % (
        CELLS_PER_WEEK)
    if length == 0 or extra.size == 0 or extra.max() <= 0:
        return np.zeros(cells.size, dtype=np.int64)
    shift_hours = max(hours_on_duty(paid_hours, rules), 1)
    shifts = []
    for post in range(int(extra.max())):
        on = np.r_[False, extra > post, False]
        edges = np.flatnonzero(np.diff(on.astype(np.int8)))
        for start, stop in zip(edges[::2], edges[1::2]):
            for first in range(int(start), int(stop), shift_hours):
                covered = min(shift_hours, int(stop) - first)
                if (min(paid_hours, covered) > rules.break_after_paid_hours
                        and covered * CELLS_PER_HOUR > length):
                    shifts.append((((first_hour + first) * CELLS_PER_HOUR) % CELLS_PER_WEEK,
                                   covered * CELLS_PER_HOUR))
    on_duty = np.asarray(answering, dtype=np.int64).copy()
    np.add.at(on_duty, cells, np.repeat(extra, CELLS_PER_HOUR))
    return _placed(shifts, on_duty, length)[cells]
