"""When no team size keeps the promise: why, and what would; and when one does only near the
edge of what any team could, what the last step of the promise costs.

A promise is out of reach of any number of staff when, even with each message picked up the
moment the cover opens (`best_possible_share`), too few are answered in time. Two things hold
it there: messages arriving out of the cover's hours wait for it to open, and replies that
need sign-off wait for the approvers' own hours. This module says which it is and works out,
on the same best-case bound, the three changes that would bring the promise back in reach:
approvers working the cover's hours (and their time at the approver's rate), a longer
promise, or fewer replies needing sign-off (more lines pre-approved).

Near that bound the team climbs steeply: with every message picked up at once the share in
time is only a little above the promise, so each real person's wait must be cut to almost
nothing. There `near_edge` works out the team for the promised share one slider step lower.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from model.bounds import bound
from model.cover import PROMISES_MINUTES
from model.queueing import best_possible_share
from model.scenario import Scenario
from model.units import SECONDS_PER_MINUTE, WEEKS_PER_YEAR
from model.value import Demand, demand, plan_operations

SIGN_OFF_STEPS = 40  # halvings of the sign-off share: far finer than a percentage point
# A promised share within this of the most any team could answer in time is near the edge:
# the team is then also worked out one slider step lower, and the step is named when it
# saves at least EDGE_SAVING_SHARE of the team. (5,000 messages a week at Involve, 8 hours on
# Extended cover: no team answers more than 80.06 % in time; 80 % takes 230 FTE, 79 % 39.)
EDGE_MARGIN_SHARE = 0.02
EDGE_SAVING_SHARE = 0.25


class Cause(StrEnum):
    """What holds the promise out of reach of any team."""

    APPROVERS = "approvers' hours"  # with approvers on the cover's hours it would be in reach
    COVER = "cover"  # messages arriving out of hours wait too long, sign-off or not


@dataclass(frozen=True)
class Unkeepable:
    """Why no team size keeps the promise, and what would bring it within reach."""

    cause: Cause
    best_share: float  # the most in time any team could answer, as set
    target_share: float
    # Approvers on the cover's hours: the most in time then, the approver hours a week that
    # takes beyond their own, and their cost a year at the approver's rate.
    best_share_approvers_on_cover: float
    extra_approver_hours_per_week: float
    extra_approver_gbp_per_year: float
    approver_gbp_per_hour: float
    # The shortest public promise (of PROMISES_MINUTES, longer than the one set) any team
    # could keep as set; None if not even a week's.
    shortest_promise_minutes: float | None
    # Replies needing sign-off now, and the most that could while the promise stays in reach
    # (None: not even with none); the pre-approved share of lines that gives it (None: no
    # share below one does).
    sign_off_share: float
    max_sign_off_share: float | None
    preapproved_share: float
    preapproved_share_needed: float | None

    @property
    def approvers_on_cover_keep(self) -> bool:
        return self.best_share_approvers_on_cover >= self.target_share


def _best(scenario: Scenario, need: Demand, target_minutes: float, approval_share: float,
          approvers: tuple[int, ...] | None) -> float:
    promise = scenario.promise
    return best_possible_share(
        need.arrivals_per_hour, promise.cover, need.handle_seconds,
        target_minutes * SECONDS_PER_MINUTE, approval_share, promise.approval_delay_hours,
        None if approvers is None else np.asarray(approvers, dtype=float))


def unkeepable(scenario: Scenario, need: Demand | None = None) -> Unkeepable | None:
    """Why no team keeps the plan's promise and what would, or None if some team can."""
    promise = scenario.promise
    if need is None:
        need = demand(scenario, [g.target_level for g in scenario.groups])
    minutes, share = promise.response_target_minutes, need.approval_share
    approvers = promise.approver_cover
    best = _best(scenario, need, minutes, share, approvers)
    if best >= promise.target_share:
        return None
    on_cover = _best(scenario, need, minutes, share, None)  # sign-off on the cover's hours
    cover = np.asarray(promise.cover) > 0
    extra_hours = float((cover & ~(np.asarray(approvers) > 0)).sum()) if approvers else 0.0
    cause = (Cause.APPROVERS if approvers is not None and on_cover >= promise.target_share
             else Cause.COVER)
    most = _most_sign_off(scenario, need)
    raw = share / (1.0 - promise.preapproved_share) if promise.preapproved_share < 1 else 0.0
    preapproved = (None if most is None or raw <= 0 or most >= raw
                   else 1.0 - most / raw)
    return Unkeepable(
        cause=cause, best_share=best, target_share=promise.target_share,
        best_share_approvers_on_cover=on_cover,
        extra_approver_hours_per_week=extra_hours,
        extra_approver_gbp_per_year=(extra_hours * WEEKS_PER_YEAR
                                     * scenario.economics.approver_gbp_per_hour),
        approver_gbp_per_hour=scenario.economics.approver_gbp_per_hour,
        shortest_promise_minutes=next(
            (m for m in PROMISES_MINUTES if m > minutes
             and _best(scenario, need, m, share, approvers) >= promise.target_share), None),
        sign_off_share=share, max_sign_off_share=most,
        preapproved_share=promise.preapproved_share, preapproved_share_needed=preapproved)


def _most_sign_off(scenario: Scenario, need: Demand) -> float | None:
    """The largest share of replies needing sign-off with the promise in reach of some team
    (bisection: fewer sign-offs never answer fewer in time), None if none at all is."""
    promise = scenario.promise

    def reached(share: float) -> bool:
        return _best(scenario, need, promise.response_target_minutes, share,
                     promise.approver_cover) >= promise.target_share

    if not reached(0.0):
        return None
    low, high = 0.0, need.approval_share
    for _ in range(SIGN_OFF_STEPS):
        middle = (low + high) / 2
        low, high = (middle, high) if reached(middle) else (low, middle)
    return low


def with_approvers_on_cover(scenario: Scenario) -> Scenario:
    """The scenario with approvers signing off whenever the team is on duty."""
    return replace(scenario, promise=replace(scenario.promise, approver_cover=None))


@dataclass(frozen=True)
class Edge:
    """A promise kept only near the most any team could answer in time, where the last step of
    the promised share costs a large part of the team."""

    best_share: float  # the most in time any team could answer (each message picked up at once)
    target_share: float
    fte: float  # the team that keeps the promise as set
    looser_share: float  # the promised share one slider step lower ...
    looser_fte: float  # ... and the team that keeps that


def near_edge(scenario: Scenario, fte_required: float) -> Edge | None:
    """The team one step of the promised share lower, when the promise is near the edge of
    what any team could keep and that step saves at least EDGE_SAVING_SHARE of the team
    (`fte_required`: the team that keeps the promise as set); else None."""
    promise = scenario.promise
    share_bound = bound("promise.target_share")
    looser = round(promise.target_share - share_bound.step, 10)
    if not np.isfinite(fte_required) or looser < share_bound.low:
        return None
    need = demand(scenario, [g.target_level for g in scenario.groups])
    best = _best(scenario, need, promise.response_target_minutes, need.approval_share,
                 promise.approver_cover)
    if not promise.target_share <= best < promise.target_share + EDGE_MARGIN_SHARE:
        return None
    relaxed = replace(scenario, promise=replace(promise, target_share=looser))
    looser_fte = plan_operations(relaxed, solve=True).fte_required
    if not looser_fte <= (1.0 - EDGE_SAVING_SHARE) * fte_required:
        return None
    return Edge(best, promise.target_share, fte_required, looser, looser_fte)
