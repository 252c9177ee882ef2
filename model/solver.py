"""The staffing solver: the fewest agents on duty, uniform across the cover hours, that keep
the promise, found on ladders of staffing levels simulated together."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from model.erlang import require
from model.queueing import (
    WeekInputs,
    WeekResult,
    _Arrivals,
    _checked,
    _constant,
    _queue_slots,
    _rows,
    _stable_weeks,
    _unstable,
    simulate_week,
)
from model.units import SECONDS_PER_HOUR

BEST_POSSIBLE_MARGIN = 0.01  # an impossible promise is solved to one point below the best
SOLVER_STEPS = 16  # staffing levels in each ladder the solver narrows the answer with
SOLVER_LADDER_SPAN = 200.0  # first ladder: from the occupancy floor to 200× it
# Levels of each ladder tried first; the rest only if none of them keeps the promise (the
# levels above the first that does never change the answer). The first ladder's answer is
# nearly always one of its three lowest rungs; a narrower ladder's is spread wider.
SOLVER_FIRST_RUNGS = 3
SOLVER_FIRST_STEPS = 5


@dataclass(frozen=True)
class StaffingSolution:
    """Fewest agents on duty, uniform across the cover hours, that meet the promise."""

    agents_on_duty: float
    agent_hours_per_week: float
    achievable: bool  # False when no number of staff meets the promise with this cover
    best_share_within_target: float
    week_at: Callable[[float], WeekResult] = field(repr=False, compare=False)
    alongside: tuple[WeekResult, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def week(self) -> WeekResult:
        """The week at the solved staffing, simulated when first asked for."""
        return self.week_at(self.agents_on_duty)


# First pass of the solver, as multiples of the occupancy floor: a wide geometric ladder, and
# a huge team last to find the best share possible.
_LADDER = _constant(np.r_[np.geomspace(1.0, SOLVER_LADDER_SPAN, SOLVER_STEPS), 1e4])


def solve_uniform_agents(
    arrivals_per_hour: np.ndarray,
    cover: np.ndarray,
    handle_seconds: float,
    target_seconds: float,
    target_share: float,
    max_occupancy: float = 1.0,
    approval_share: float = 0.0,
    approval_delay_hours: float = 0.0,
    tolerance_agents: float = 0.02,
    alongside: Sequence[WeekInputs] = (),
) -> StaffingSolution:
    """Fewest agents on duty (an average over the cover hours) meeting the promise.

    When the cover makes the promise impossible (messages that arrive out of hours wait
    longer than the target whatever the staffing), it returns the staffing that comes
    within one point of the best share the cover allows, marked not achievable.

    Weeks `alongside` (teams already known, such as a planned team's and today's) are
    simulated in the solver's first pass, against the same target and sign-off delay, to
    save a pass of their own: their results are the solution's `alongside`.
    """
    require(0 < target_share < 1, "target_share", target_share, "a share between 0 and 1")
    require(0 < max_occupancy <= 1, "max_occupancy", max_occupancy, "a share in (0, 1]")
    open_mask = (np.asarray(cover, dtype=float) > 0).astype(float)
    require(bool(open_mask.any()), "cover", "no cover hours", "at least one hour of cover")
    arrivals = _checked(WeekInputs(arrivals_per_hour, open_mask, handle_seconds, approval_share),
                        target_seconds, approval_delay_hours).arrivals_per_hour
    weeks = [_checked(week, target_seconds, approval_delay_hours) for week in alongside]
    unstable = [_unstable(week) for week in weeks]
    companions = [week for week, result in zip(weeks, unstable) if result is None]
    everyone = _Arrivals.of(np.array([arrivals, *(w.arrivals_per_hour for w in companions)]))
    demand = everyone.first()  # the same at every staffing level tried
    handle_hours = handle_seconds / SECONDS_PER_HOUR
    workload = arrivals.sum() * handle_hours  # agent-hours of work a week
    open_count = open_mask.sum()
    target_minutes = np.array([target_seconds / 60.0])

    def shares(levels: np.ndarray) -> np.ndarray:
        """Share within target at each staffing level, all levels in one pass."""
        result = np.zeros(levels.size)
        stable = levels * open_count > workload
        if stable.any():
            slots, _, _ = _queue_slots(demand, levels[stable, None] * open_mask[None, :],
                                       handle_hours, approval_share, approval_delay_hours)
            result[stable] = slots.share_within(target_minutes)[:, 0]
        return result

    def shares_and_companions(levels: np.ndarray) -> tuple[np.ndarray, list[WeekResult]]:
        """`shares`, with the stable weeks alongside simulated in the same pass."""
        if not companions:
            return shares(levels), []
        result = np.zeros(levels.size)
        stable = levels * open_count > workload
        count = int(stable.sum())
        agents, hours, signed_off = _rows(companions)
        slots, backlog, departed = _queue_slots(
            everyone.take([0] * count + list(range(1, len(companions) + 1))),
            np.concatenate([levels[stable, None] * open_mask[None, :], agents]),
            np.concatenate([np.full((count, 1), handle_hours), hours]),
            np.concatenate([np.full((count, 1), approval_share), signed_off]),
            approval_delay_hours)
        within = slots.share_within(target_minutes)[:, 0]
        result[stable] = within[:count]
        return result, _stable_weeks(everyone.per_hour[1:], agents, hours, within[count:],
                                     slots.rows_from(count), backlog[count:], departed[count:])

    own_arrivals = arrivals.copy()  # the week is simulated later: not from the caller's array

    def week_at(agents: float) -> WeekResult:
        return simulate_week(own_arrivals, open_mask * agents, handle_seconds, target_seconds,
                             approval_share, approval_delay_hours)

    low = max(workload / (open_count * max_occupancy), tolerance_agents)
    ladder = low * _LADDER
    # The first pass tries the lowest rungs, the huge team and, as the answer most often lies
    # between the two lowest rungs, the first steps of the narrower ladder between them.
    rungs = SOLVER_FIRST_RUNGS
    steps = _narrower(ladder, 1)[1:1 + SOLVER_FIRST_STEPS]
    head = np.concatenate([ladder[:rungs], ladder[-1:], steps])
    head_shares, simulated = shares_and_companions(head)
    best_possible = float(head_shares[rungs])
    goal = min(target_share, best_possible - BEST_POSSIBLE_MARGIN)
    achievable = best_possible >= target_share
    first = _first_reaching(shares, ladder, head_shares[:rungs], goal)
    high = _refine(shares, ladder, first, goal, tolerance_agents, head_shares[rungs + 1:])
    companion_weeks = iter(simulated)
    return StaffingSolution(
        high, high * open_count, achievable, best_possible, week_at,
        tuple(next(companion_weeks) if result is None else result for result in unstable))


def _first_reaching(shares: Callable[[np.ndarray], np.ndarray], levels: np.ndarray,
                    known: np.ndarray, goal: float) -> int:
    """Index of the first level whose share reaches the goal; the last level is known to.

    `known` holds the shares of the lowest levels. The others are computed only if none of
    those reaches the goal: the levels above the first that does make no difference.
    """
    reached = np.flatnonzero(known >= goal)
    if reached.size == 0:
        reached = known.size + np.flatnonzero(shares(levels[known.size:-1]) >= goal)
    return int(reached[0]) if reached.size else levels.size - 1


def _narrower(levels: np.ndarray, first: int) -> np.ndarray:
    """The ladder from the level below `first` (known to fall short) to `first` (reaching)."""
    return np.linspace(levels[first - 1], levels[first], SOLVER_STEPS)


def _refine(shares: Callable[[np.ndarray], np.ndarray], levels: np.ndarray, first: int,
            goal: float, tolerance: float, steps_above_lowest: np.ndarray | None) -> float:
    """Smallest level whose share reaches the goal, narrowing the bracket a ladder at a time.

    `steps_above_lowest`: the shares of the first steps of the narrower ladder between the
    two lowest levels (after its lowest), already known.
    """
    while first > 0 and levels[first] - levels[first - 1] > tolerance:
        known = steps_above_lowest if first == 1 else None
        levels, steps_above_lowest = _narrower(levels, first), None
        if known is None:
            known = shares(levels[1:1 + SOLVER_FIRST_STEPS])
        first = 1 + _first_reaching(shares, levels[1:], known, goal)
    return float(levels[first])
