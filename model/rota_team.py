"""A team of known size as whole people on shifts, where they meet the most demand."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from model.rota_shifts import ShiftRules, UnsocialHours, fail, patterns, week_array
from model.rota_solve import Rota, rota_of


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
