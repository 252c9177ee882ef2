"""The rota of whole people: an hourly requirement as shifts, solved as an integer programme.

The integer programme (HiGHS, through `scipy.optimize.milp`) chooses how many people work each
allowed pattern (`model.rota_shifts`) so that every hour has at least its requirement on duty
and part-time shifts take at most their share of the paid hours, at the least cost in paid
hours weighted by the unsocial-hours enhancement of the hours each shift works.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from model.rota_shifts import (
    Patterns,
    ShiftRules,
    UnsocialHours,
    fail,
    hour_label,
    patterns,
    week_array,
)
from model.units import DAY_NAMES, HOURS_PER_DAY, productive_hours_per_fte

INTEGRAL = 1e-6  # a linear programme's people this close to whole are whole


@dataclass(frozen=True)
class Rota:
    """Whole people on shifts for a typical week."""

    shifts: pd.DataFrame  # a row a shift: day, start_hour, end_hour, paid_hours, part_time, people
    people_on_duty: np.ndarray  # 168 whole numbers: people on site for the whole hour
    productive_hours_by_hour: np.ndarray  # 168: people-hours on site, net of unpaid breaks
    paid_hours_per_week: float
    enhanced_paid_hours_per_week: float  # paid hours × unsocial-hours rates (the cost basis)
    people_by_pattern: np.ndarray  # whole people on each of the rules' patterns
    part_time_paid_hours_per_week: float = 0.0

    def plus(self, other: Rota) -> Rota:
        """Both rotas' people together (the patterns are no longer one set's: the result's
        people_by_pattern is empty)."""
        if other.paid_hours_per_week == 0:
            return self
        on_duty = self.people_on_duty + other.people_on_duty
        productive = self.productive_hours_by_hour + other.productive_hours_by_hour
        for shared in (on_duty, productive):
            shared.flags.writeable = False
        return Rota(
            shifts=pd.concat([self.shifts, other.shifts], ignore_index=True),
            people_on_duty=on_duty,
            productive_hours_by_hour=productive,
            paid_hours_per_week=self.paid_hours_per_week + other.paid_hours_per_week,
            enhanced_paid_hours_per_week=(self.enhanced_paid_hours_per_week
                                          + other.enhanced_paid_hours_per_week),
            people_by_pattern=np.zeros(0, dtype=int),
            part_time_paid_hours_per_week=(self.part_time_paid_hours_per_week
                                           + other.part_time_paid_hours_per_week),
        )

    def fte(self, contract_hours_per_week: float, shrinkage: float) -> float:
        """FTE to staff the rota: paid hours ÷ (contract hours × (1 − shrinkage))."""
        if not (math.isfinite(contract_hours_per_week) and contract_hours_per_week > 0):
            fail("contract_hours_per_week", contract_hours_per_week, "hours > 0")
        if not (0 <= shrinkage < 1):
            fail("shrinkage", shrinkage, "a share in [0, 1)")
        return self.paid_hours_per_week / productive_hours_per_fte(contract_hours_per_week,
                                                                   shrinkage)

    def idle_hours_per_week(self, busy_hours_by_hour: np.ndarray | Sequence[float]) -> float:
        """People-hours on the rota not taken by answering (busy hours: 168 values of
        staff-hours of replies worked in each hour), where proactive work can go."""
        busy = week_array("busy_hours_by_hour", busy_hours_by_hour)
        return float(np.maximum(self.productive_hours_by_hour - busy, 0.0).sum())

    def proactive_fit(self, proactive_hours_per_week: float,
                      busy_hours_by_hour: np.ndarray | Sequence[float]) -> tuple[float, float]:
        """Hours of proactive work (content, events) that fit in the rota's idle time, and
        the hours left over that need people beyond the rota."""
        if not (math.isfinite(proactive_hours_per_week) and proactive_hours_per_week >= 0):
            fail("proactive_hours_per_week", proactive_hours_per_week, "hours ≥ 0")
        fits = min(proactive_hours_per_week, self.idle_hours_per_week(busy_hours_by_hour))
        return fits, proactive_hours_per_week - fits


def requirement(required_people: np.ndarray | Sequence[int],
                cover: np.ndarray | Sequence[int], minimum: int) -> np.ndarray:
    """People needed each hour: the requirement, at least `minimum` in cover hours."""
    required = week_array("required_people", required_people)
    whole = np.flatnonzero(required != np.round(required))
    if whole.size:
        fail(f"required_people[{whole[0]}] ({hour_label(int(whole[0]))})",
             float(required[whole[0]]), "a whole number of people")
    open_hours = week_array("cover", cover)
    not_flag = np.flatnonzero((open_hours != 0) & (open_hours != 1))
    if not_flag.size:
        fail(f"cover[{not_flag[0]}] ({hour_label(int(not_flag[0]))})",
             float(open_hours[not_flag[0]]), "0 or 1")
    outside = np.flatnonzero((open_hours == 0) & (required > 0))
    if outside.size:
        fail(f"required_people[{outside[0]}] ({hour_label(int(outside[0]))})",
             int(required[outside[0]]), "0 outside the cover hours")
    return np.where(open_hours == 1, np.maximum(required, minimum), 0.0)


def solve_rota(required_people: np.ndarray | Sequence[int], cover: np.ndarray | Sequence[int],
               rules: ShiftRules, unsocial: UnsocialHours) -> Rota:
    """The cheapest rota of whole people with at least `required_people` on duty each hour
    and at least `rules.min_people_on_duty` in every cover hour.

    ValueError when an input is invalid or an hour that needs people is reached by no
    allowed shift (it names the hour).
    """
    need = requirement(required_people, cover, rules.min_people_on_duty)
    return solved(tuple(need.tolist()), rules, unsocial)


def part_time_excess(people: np.ndarray, shifts: Patterns, rules: ShiftRules) -> float:
    """Paid hours on part-time shifts above their allowed share (≤ 0 when within it)."""
    paid = people * shifts.paid_hours
    return float(paid[shifts.part_time].sum() - rules.max_part_time_share * paid.sum())


@lru_cache(maxsize=1024)
def solved(need_per_hour: tuple[float, ...], rules: ShiftRules,
           unsocial: UnsocialHours) -> Rota:
    """Memoised on its inputs (pure): staffing searches meet the same requirement often,
    most hours being the floor of whole people."""
    need = np.array(need_per_hour)
    shifts = patterns(rules, unsocial)
    unreachable = np.flatnonzero((need > 0) & (shifts.covers.sum(axis=1) == 0))
    if unreachable.size:
        hour = int(unreachable[0])
        fail(f"cover[{hour}] ({hour_label(hour)})", 1,
             "an hour some allowed shift covers in full: allow an earlier start, a longer "
             "shift or that day")
    count = shifts.day.size
    hours = np.flatnonzero(need > 0)  # rows with nothing to meet only slow the solver
    if hours.size == 0:
        return rota_of(shifts, np.zeros(count, dtype=int))
    part_time = (shifts.part_time - rules.max_part_time_share) * shifts.paid_hours
    keep = np.flatnonzero(shifts.covers[hours].sum(axis=0) > 0)  # reaches a needed hour
    people = np.zeros(count, dtype=int)
    people[keep] = _whole_people(shifts.covers[np.ix_(hours, keep)], need[hours],
                                 shifts.weighted_paid_hours[keep], part_time[keep])
    return rota_of(shifts, people)


def _whole_people(covers: np.ndarray, need: np.ndarray, cost: np.ndarray,
                  part_time: np.ndarray) -> np.ndarray:
    """People on each pattern at least cost with `covers @ people >= need` and part-time
    shifts within their cap (`part_time @ people <= 0`), in whole people.

    Each shift covers a run of consecutive hours, so the linear programme's optimum is
    usually whole people already (an interval matrix is totally unimodular; only the
    part-time cap and the wrap from Sunday into Monday can break it); it is then the integer
    optimum too, found several times faster. Else the integer programme solves it.
    """
    capped = bool((part_time > 0).any())
    rows = np.vstack([-covers, part_time]) if capped else -covers
    bound = np.r_[-need, 0.0] if capped else -need
    relaxed = linprog(cost, A_ub=rows, b_ub=bound, bounds=(0, None), method="highs")
    if relaxed.status == 0 and np.abs(relaxed.x - np.round(relaxed.x)).max() < INTEGRAL:
        return np.round(relaxed.x).astype(int)
    constraints = [LinearConstraint(covers, lb=need, ub=np.inf)]
    if capped:
        constraints.append(LinearConstraint(part_time, ub=0.0))
    solution = milp(c=cost, constraints=constraints, integrality=np.ones(cost.size),
                    bounds=Bounds(np.zeros(cost.size), np.full(cost.size, np.inf)))
    if solution.status != 0 or solution.x is None:
        raise ValueError(f"rota: the integer programme did not solve ({solution.message})")
    return np.round(solution.x).astype(int)


def rota_of(shifts: Patterns, people: np.ndarray) -> Rota:
    """The rota with `people` on each pattern."""
    used = np.flatnonzero(people > 0)
    end_hour = (shifts.start_hour[used] + shifts.span_hours[used]) % HOURS_PER_DAY
    frame = pd.DataFrame({
        "day": np.array(DAY_NAMES, dtype=object)[shifts.day[used]],
        "start_hour": shifts.start_hour[used],
        "end_hour": end_hour,
        "paid_hours": shifts.paid_hours[used],
        "part_time": shifts.part_time[used],
        "people": people[used],
    })
    on_duty = (shifts.covers @ people).astype(int)
    productive = shifts.covers @ (people * shifts.paid_hours / shifts.span_hours)
    by_pattern = np.array(people, dtype=int)
    for shared in (on_duty, productive, by_pattern):  # memoised rotas are shared: read-only
        shared.flags.writeable = False
    paid = people * shifts.paid_hours
    return Rota(
        shifts=frame,
        people_on_duty=on_duty,
        productive_hours_by_hour=productive,
        paid_hours_per_week=float(paid.sum()),
        enhanced_paid_hours_per_week=float(people @ shifts.weighted_paid_hours),
        people_by_pattern=by_pattern,
        part_time_paid_hours_per_week=float(paid[shifts.part_time].sum()),
    )
