"""A team of known size as whole people on shifts, where they meet the most demand."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from model.cover import PRESETS
from model.rota_shifts import ShiftRules, UnsocialHours, fail, patterns, week_array
from model.rota_solve import Rota, rota_of
from model.units import DAY_NAMES


def team_rota(answering_hours_per_week: float, arrival_profile: Sequence[float],
              cover: Sequence[int], rules: ShiftRules,
              unsocial: UnsocialHours | None = None) -> Rota:
    """A team of known size as whole people on shifts: its answering hours a week laid out
    on the rules' full-time shifts within the cover, where they meet the most demand, paid
    at `unsocial` rates (plain time if None).

    Paid hours never exceed `answering_hours_per_week`. First one person in as many cover
    hours as possible (the busiest, by arrivals, when not all can be staffed); the hours left
    then add people where arrivals per person are highest. Hours left over that no whole
    shift fits go on at most one part shift of whole paid hours (with the same break rule),
    so a known team answers for nearly all the hours it is paid to answer. Cover hours no
    shift reaches stay empty: their messages wait for the next person on duty.
    """
    if not (math.isfinite(answering_hours_per_week) and answering_hours_per_week >= 0):
        fail("answering_hours_per_week", answering_hours_per_week, "hours ≥ 0")
    profile = week_array("arrival_profile", arrival_profile)
    open_hours = week_array("cover", cover) > 0
    full_time = replace(rules, part_time_lengths_hours=(), max_part_time_share=1.0)
    # The budget as whole shifts and the whole hours left: the same rotas fit (exactly so
    # for one shift length), and nearby budgets share one memoised solve (Monte Carlo).
    full = min(full_time.shift_lengths_hours)
    whole_shifts = answering_hours_per_week // full
    budget = whole_shifts * full + math.floor(answering_hours_per_week - whole_shifts * full)
    return _team_solved(float(budget), tuple(profile.tolist()), tuple(open_hours.tolist()),
                        full_time, unsocial or UnsocialHours.plain_time())


def _with_part_shift(rules: ShiftRules, budget_paid_hours: float) -> ShiftRules:
    """The rules plus a part shift of the whole paid hours that whole shifts leave over."""
    full = min(rules.shift_lengths_hours)
    part = float(math.floor(budget_paid_hours % full))
    if part < 1 or rules.span_hours(part) < 1:
        return rules
    return replace(rules, shift_lengths_hours=rules.shift_lengths_hours + (part,))


@lru_cache(maxsize=1024)
def _team_solved(budget_paid_hours: float, arrival_profile: tuple[float, ...],
                 cover: tuple[bool, ...], rules: ShiftRules, unsocial: UnsocialHours) -> Rota:
    """Memoised on its inputs (pure): every slider move asks for today's team again."""
    open_hours = np.array(cover)
    all_patterns = patterns(_with_part_shift(rules, budget_paid_hours), unsocial)
    # Shifts wholly inside the cover that cover at least one hour: a known team does not
    # spend its hours where no promise is made.
    inside = (all_patterns.covers[~open_hours].sum(axis=0) == 0) & (
        all_patterns.covers.sum(axis=0) > 0)
    shifts = all_patterns.subset(np.flatnonzero(inside))
    count, full = shifts.day.size, min(rules.shift_lengths_hours)
    hours = np.flatnonzero(open_hours)
    if count == 0 or hours.size == 0 or budget_paid_hours < 1:
        return rota_of(shifts, np.zeros(count, dtype=int))
    # z: one variable an hour for each person it may have (the first, second, ...): the k-th
    # person in an hour is worth its arrivals ÷ k, and a first person in any hour more than
    # a second in the busiest. Beyond twice its share of the people-hours (+ 2) an hour
    # gains no one: the best spread is about proportional to arrivals, and it keeps the
    # programme small for large teams.
    arrivals = np.asarray(arrival_profile)[hours]
    arrivals = (arrivals / arrivals.sum() if arrivals.sum() > 0
                else np.full(hours.size, 1.0 / hours.size))
    people_hours = budget_paid_hours / full * float(shifts.covers.sum(axis=0).max())
    levels = np.minimum(int(budget_paid_hours // full) + 1,
                        np.ceil(2 * people_hours * arrivals).astype(int) + 2)
    hour_of_z = np.repeat(np.arange(hours.size), levels)
    nth = np.concatenate([np.arange(1, n + 1) for n in levels])
    worth = np.where(nth == 1, arrivals.max() + arrivals[hour_of_z],
                     arrivals[hour_of_z] / nth)
    n_z = worth.size
    on_duty = sparse.hstack([sparse.csr_array(-shifts.covers[hours]),
                             sparse.csr_array((np.ones(n_z), (hour_of_z, np.arange(n_z))),
                                              shape=(hours.size, n_z))])
    budget = np.r_[shifts.paid_hours, np.zeros(n_z)]
    part = np.r_[(shifts.paid_hours < full).astype(float), np.zeros(n_z)]
    solution = milp(
        c=np.r_[np.zeros(count), -worth],
        constraints=[LinearConstraint(on_duty, ub=0.0),
                     LinearConstraint(budget, ub=budget_paid_hours),
                     LinearConstraint(part, ub=1.0)],
        integrality=np.r_[np.ones(count), np.zeros(n_z)],
        bounds=Bounds(np.zeros(count + n_z), np.r_[np.full(count, np.inf), np.ones(n_z)]),
    )
    if solution.status != 0 or solution.x is None:
        raise ValueError(f"team rota: the integer programme did not solve ({solution.message})")
    return rota_of(shifts, np.round(solution.x[:count]).astype(int))


WEEKDAYS = range(5)  # a person's real pattern: Monday to Friday ...
OFFICE_START_HOUR = PRESETS["Office hours"][1]  # ... from office hours' start (09:00)
HOURS_PER_DAY = 24


@dataclass(frozen=True)
class TeamOfPeople:
    """A fixed team as real people on their own weekly patterns."""

    rota: Rota  # everyone present
    groups: tuple[tuple[np.ndarray, int], ...]  # (one person's 168 hours on duty, people)


def _shift(day: int, start: int, paid_hours: float, rules: ShiftRules,
           rate_by_hour: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    """One shift: hours fully on site (0/1), productive hours by hour, paid, enhanced."""
    span = rules.span_hours(paid_hours)
    offset = np.arange(HOURS_PER_DAY + 1)
    on_site = np.clip(span - offset, 0.0, 1.0)
    hour = (day * HOURS_PER_DAY + start + offset) % 168
    covers = np.zeros(168)
    np.add.at(covers, hour, (on_site == 1.0).astype(float))
    enhanced = float(on_site @ rate_by_hour[hour]) * paid_hours / span
    whole = np.minimum(covers, 1.0)
    return whole, whole * paid_hours / span, paid_hours, enhanced


def _person_days(cover: np.ndarray, rules: ShiftRules, late: bool
                 ) -> list[tuple[int, int]]:
    """(day, start) of one full-time person's shifts: each weekday with cover, from office
    hours' start (or the day's first cover hour, if later), or (late) ending at the day's
    last cover hour."""
    span = math.ceil(rules.span_hours(max(rules.shift_lengths_hours)))
    days = []
    for day in WEEKDAYS:
        hours = np.flatnonzero(cover[day * HOURS_PER_DAY:(day + 1) * HOURS_PER_DAY])
        if hours.size:
            first, end = int(hours[0]), int(hours[-1]) + 1
            early = max(first, OFFICE_START_HOUR) if end > OFFICE_START_HOUR else first
            days.append((day, max(first, end - span) if late else early))
    return days


def team_of_people(fte: float, cover: Sequence[int], rules: ShiftRules,
                   unsocial: UnsocialHours | None = None) -> TeamOfPeople | None:
    """`fte` as whole people on their weekly patterns (see `_team_of_people`); memoised."""
    if not (math.isfinite(fte) and fte >= 0):
        fail("fte", fte, "FTE ≥ 0")
    open_hours = week_array("cover", cover) > 0
    return _team_of_people(float(fte), tuple(open_hours.tolist()), rules,
                           unsocial or UnsocialHours.plain_time())


@lru_cache(maxsize=256)
def _team_of_people(fte: float, cover: tuple[bool, ...], rules: ShiftRules,
                    unsocial: UnsocialHours) -> TeamOfPeople | None:
    """`fte` as whole people, each Monday to Friday on one full-time shift a day within the
    cover (alternate people start at the day's first cover hour and end at its last, so a
    long day is covered from both ends), and one part-time person for the fraction: that
    share of the five shifts, whole shifts first, then a part shift of the whole hours
    left. None when the cover has no weekday hours (then `team_rota` lays the team out).
    """
    open_hours = np.array(cover)
    early, late = (_person_days(open_hours, rules, flag) for flag in (False, True))
    if not early:
        return None
    rates = unsocial.rate_by_hour()
    full = max(rules.shift_lengths_hours)
    whole = math.floor(fte + 1e-9)
    people: list[list[tuple[int, int, float]]] = [
        [(day, start, full) for day, start in (late if i % 2 else early)] for i in range(whole)]
    part_hours = (fte - whole) * len(WEEKDAYS) * full
    if part_hours >= 1:
        days = early if whole % 2 == 0 else late
        shifts = int(part_hours // full)
        left = float(math.floor(part_hours - shifts * full))
        person = [(day, start, full) for day, start in days[:shifts]]
        if left >= 1 and shifts < len(days):
            person.append((days[shifts][0], days[shifts][1], left))
        people.append(person)
    return _as_team([p for p in people if p], rules, rates)


def _as_team(people: list[list[tuple[int, int, float]]], rules: ShiftRules,
             rates: np.ndarray) -> TeamOfPeople:
    on_duty, productive = np.zeros(168, dtype=int), np.zeros(168)
    paid = enhanced = 0.0
    rows = []
    patterns: dict[bytes, tuple[np.ndarray, int]] = {}
    for person in people:
        mine = np.zeros(168, dtype=int)
        for day, start, hours in person:
            covers, work, shift_paid, shift_enhanced = _shift(day, start, hours, rules, rates)
            mine += covers.astype(int)
            productive += work
            paid += shift_paid
            enhanced += shift_enhanced
            rows.append({"day": DAY_NAMES[day], "start_hour": start,
                         "end_hour": (start + rules.span_hours(hours)) % HOURS_PER_DAY,
                         "paid_hours": hours, "part_time": False, "people": 1})
        on_duty += mine
        key = mine.tobytes()
        patterns[key] = (mine, patterns.get(key, (mine, 0))[1] + 1)
    frame = pd.DataFrame(rows, columns=["day", "start_hour", "end_hour", "paid_hours",
                                        "part_time", "people"])
    if not frame.empty:
        frame = frame.groupby(["day", "start_hour", "end_hour", "paid_hours", "part_time"],
                              as_index=False, sort=False).agg(people=("people", "sum"))
    for shared in (on_duty, productive):
        shared.flags.writeable = False
    rota = Rota(frame, on_duty, productive, paid, enhanced, np.zeros(0, dtype=int))
    return TeamOfPeople(rota, tuple(patterns.values()))
