"""The shifts a council allows and what each costs: rules, unsocial-hours rates, patterns.

Hour 0 of the week is Monday 00:00–01:00. A shift pattern is (day, start hour, paid length);
on site it lasts its paid length plus the unpaid break (for shifts long enough to need one),
may cross midnight and wraps from Sunday night into Monday morning. A pattern covers the whole
clock hours inside its span (a final part hour is paid but not counted as cover).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from model.units import DAY_NAMES, DAYS_PER_WEEK, HOURS_PER_DAY, HOURS_PER_WEEK

MINUTES_PER_HOUR = 60.0
SATURDAY, SUNDAY = 5, 6


def fail(name: str, value: object, expected: str) -> None:
    raise ValueError(f"{name} = {value!r}: expected {expected}")


def check_hour(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
            0 <= value < HOURS_PER_DAY):
        fail(name, value, "a whole hour of the day from 0 to 23")


def _check_enhancement(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            math.isfinite(value) and value >= 0):
        fail(name, value, "a share added to plain time, ≥ 0 (0.5 = time and a half)")


def hour_label(hour_of_week: int) -> str:
    """'Tue 03:00' for hour 27 of the week."""
    return f"{DAY_NAMES[hour_of_week // HOURS_PER_DAY]} {hour_of_week % HOURS_PER_DAY:02d}:00"


def week_array(name: str, values: np.ndarray | Sequence[float]) -> np.ndarray:
    """168 finite values ≥ 0 as floats; ValueError naming the first bad hour."""
    array = np.asarray(values, dtype=float)
    if array.shape != (HOURS_PER_WEEK,):
        fail(name, f"shape {array.shape}", "168 hourly values, Monday 00:00 first")
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0))
    if bad.size:
        fail(f"{name}[{bad[0]}] ({hour_label(int(bad[0]))})", float(array[bad[0]]),
             "a finite number ≥ 0")
    return array


@dataclass(frozen=True)
class UnsocialHours:
    """Enhancements to plain time (0.5 = time and a half) for the hours a shift works.

    Evening runs from `evening_start_hour` to `night_start_hour`, night from
    `night_start_hour` to `night_end_hour` (across midnight). Where several apply (a Saturday
    night), the highest is paid, not their sum. The values come from sample data (the NJC
    national agreement); they are parameters here.
    """

    evening_start_hour: int
    evening_enhancement: float
    night_start_hour: int
    night_end_hour: int
    night_enhancement: float
    saturday_enhancement: float
    sunday_enhancement: float

    def __post_init__(self) -> None:
        for name in ("evening_start_hour", "night_start_hour", "night_end_hour"):
            check_hour(f"unsocial.{name}", getattr(self, name))
        for name in ("evening_enhancement", "night_enhancement", "saturday_enhancement",
                     "sunday_enhancement"):
            _check_enhancement(f"unsocial.{name}", getattr(self, name))

    @classmethod
    def plain_time(cls) -> UnsocialHours:
        """No enhancement at any hour (the hours given are then irrelevant)."""
        return cls(0, 0.0, 0, 0, 0.0, 0.0, 0.0)

    def rate_by_hour(self) -> np.ndarray:
        """168 multipliers of plain time, one per hour of the week."""
        hour_of_day = np.arange(HOURS_PER_WEEK) % HOURS_PER_DAY
        day = np.arange(HOURS_PER_WEEK) // HOURS_PER_DAY
        night = _in_window(hour_of_day, self.night_start_hour, self.night_end_hour)
        evening = _in_window(hour_of_day, self.evening_start_hour, self.night_start_hour)
        enhancement = np.maximum.reduce([
            np.where(evening, self.evening_enhancement, 0.0),
            np.where(night, self.night_enhancement, 0.0),
            np.where(day == SATURDAY, self.saturday_enhancement, 0.0),
            np.where(day == SUNDAY, self.sunday_enhancement, 0.0),
        ])
        return 1.0 + enhancement


def _in_window(hour_of_day: np.ndarray, start: int, end: int) -> np.ndarray:
    """Hours from start (inclusive) to end (exclusive), across midnight if end < start."""
    if start <= end:
        return (hour_of_day >= start) & (hour_of_day < end)
    return (hour_of_day >= start) | (hour_of_day < end)


def _check_lengths(name: str, lengths: object, brk: float, optional: bool) -> None:
    if not isinstance(lengths, tuple) or (not lengths and not optional):
        fail(name, lengths, "a tuple of one or more paid hours, e.g. (7.5,)")
    assert isinstance(lengths, tuple)
    for length in lengths:
        ok = isinstance(length, (int, float)) and not isinstance(length, bool)
        span = length + brk / MINUTES_PER_HOUR if ok else math.nan
        if not (ok and length > 0 and 1 <= span <= HOURS_PER_DAY):
            fail(name, length,
                 "paid hours > 0 that with the unpaid break span 1 to 24 hours on site")


@dataclass(frozen=True)
class ShiftRules:
    """The shifts a council allows.

    `shift_lengths_hours` are the full-time paid lengths, `part_time_lengths_hours` the
    part-time ones; part-time shifts may take at most `max_part_time_share` of the rota's
    paid hours. A shift longer than `break_after_paid_hours` is on site for its paid length
    plus `unpaid_break_minutes` (0: every shift has the break). `days` are 0 = Monday … 6 =
    Sunday (the day a shift starts).
    """

    shift_lengths_hours: tuple[float, ...]
    start_hours: tuple[int, ...] = tuple(range(HOURS_PER_DAY))
    unpaid_break_minutes: float = 0.0
    days: tuple[int, ...] = tuple(range(DAYS_PER_WEEK))
    min_people_on_duty: int = 1
    part_time_lengths_hours: tuple[float, ...] = ()
    max_part_time_share: float = 1.0
    break_after_paid_hours: float = 0.0

    def __post_init__(self) -> None:
        starts, days = self.start_hours, self.days
        brk = self.unpaid_break_minutes
        if isinstance(brk, bool) or not isinstance(brk, (int, float)) or not (
                math.isfinite(brk) and brk >= 0):
            fail("unpaid_break_minutes", brk, "minutes ≥ 0")
        _check_lengths("shift_lengths_hours", self.shift_lengths_hours, brk, optional=False)
        _check_lengths("part_time_lengths_hours", self.part_time_lengths_hours, brk,
                       optional=True)
        share = self.max_part_time_share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            fail("max_part_time_share", share, "a share between 0 and 1")
        after = self.break_after_paid_hours
        if isinstance(after, bool) or not isinstance(after, (int, float)) or not (
                math.isfinite(after) and after >= 0):
            fail("break_after_paid_hours", after, "paid hours ≥ 0")
        if not isinstance(starts, tuple) or not starts:
            fail("start_hours", starts, "a tuple of one or more hours of the day (0–23)")
        for start in starts:
            check_hour("start_hours", start)
        if not isinstance(days, tuple) or not days or any(
                isinstance(d, bool) or not isinstance(d, (int, np.integer))
                or not 0 <= d < DAYS_PER_WEEK for d in days):
            fail("days", days, "a tuple of days 0 (Monday) to 6 (Sunday)")
        people = self.min_people_on_duty
        if isinstance(people, bool) or not isinstance(people, (int, np.integer)) or people < 0:
            fail("min_people_on_duty", people, "a whole number of people ≥ 0")

    def span_hours(self, length_hours: float) -> float:
        """Hours on site for a shift of this paid length."""
        needs_break = length_hours > self.break_after_paid_hours
        return length_hours + (self.unpaid_break_minutes / MINUTES_PER_HOUR if needs_break
                               else 0.0)

    @property
    def all_lengths_hours(self) -> tuple[float, ...]:
        """Every allowed paid length, shortest first."""
        return tuple(sorted(set(self.shift_lengths_hours) | set(self.part_time_lengths_hours)))

    def is_part_time(self, length_hours: float) -> bool:
        """A part-time length that is not also a full-time one."""
        return (length_hours in self.part_time_lengths_hours
                and length_hours not in self.shift_lengths_hours)


@dataclass(frozen=True)
class Patterns:
    """Every allowed (day, start, length): what each covers and costs."""

    day: np.ndarray
    start_hour: np.ndarray
    paid_hours: np.ndarray
    span_hours: np.ndarray
    part_time: np.ndarray  # bool: a part-time length
    covers: np.ndarray  # (168, patterns) 0/1: the pattern is on site for the whole hour
    weighted_paid_hours: np.ndarray  # paid hours × the enhancement of the hours worked

    @classmethod
    def of(cls, rules: ShiftRules, rate_by_hour: np.ndarray) -> Patterns:
        grid = [(d, s, length) for d in sorted(set(rules.days))
                for s in sorted(set(rules.start_hours))
                for length in rules.all_lengths_hours]
        day, start, paid = (np.array(column, dtype=float) for column in zip(*grid))
        span = np.array([rules.span_hours(length) for length in paid])
        part = np.array([rules.is_part_time(length) for length in paid], dtype=bool)
        first = (day * HOURS_PER_DAY + start).astype(int)
        # Fraction of each clock hour (0..24 after the start) the shift is on site.
        offset = np.arange(HOURS_PER_DAY + 1)
        on_site = np.clip(span[None, :] - offset[:, None], 0.0, 1.0)
        hour = (first[None, :] + offset[:, None]) % HOURS_PER_WEEK
        covers = np.zeros((HOURS_PER_WEEK, len(grid)))
        weighted = np.zeros(len(grid))
        columns = np.arange(len(grid))
        for k in range(offset.size):  # 25 offsets, vectorised over patterns
            np.add.at(covers, (hour[k], columns), (on_site[k] == 1.0).astype(float))
            weighted += on_site[k] * rate_by_hour[hour[k]]
        weighted *= paid / span  # the unpaid break is spread over the shift's hours
        return cls(day.astype(int), start.astype(int), paid, span, part,
                   np.minimum(covers, 1.0), weighted)

    def subset(self, keep: np.ndarray) -> Patterns:
        return Patterns(self.day[keep], self.start_hour[keep], self.paid_hours[keep],
                        self.span_hours[keep], self.part_time[keep], self.covers[:, keep],
                        self.weighted_paid_hours[keep])


@lru_cache(maxsize=1024)
def patterns(rules: ShiftRules, unsocial: UnsocialHours) -> Patterns:
    """Every pattern the rules allow, priced at the unsocial-hours rates (memoised)."""
    return Patterns.of(rules, unsocial.rate_by_hour())
