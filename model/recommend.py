"""The board's decision: the best plan within the user's limits, and a verdict on the plan as set.

The search runs over target levels × response promise × hours of cover. Every candidate is
staffed to its promise (the fewest FTE that keep it); a candidate that cannot keep its promise
or needs more staff than the cap is not a candidate at all, whatever its NPV.

Levels × promise × cover is 5^groups × promises × covers plans, too many to try. The search
alternates two cheap steps until neither changes anything: (a) with the levels held, try every
promise and cover; (b) with the promise and cover held, coordinate descent over the groups
(each group tries each allowed level, keeps the best). Each plan's queue is solved once and
remembered, so the second pass costs little.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np

from model.appraisal import discount_factors
from model.cover import PRESETS, cover_preset
from model.money import Prices, npv
from model.money import money as price_flows
from model.scenario import Scenario, StakeholderGroup
from model.value import Operations, baseline_operations, plan_operations

GO_AHEAD = "Go ahead"
GO_AHEAD_SMALLER = "Go ahead, smaller"
NOT_YET = "Not yet"
# A better plan must beat the one set by this share of the set plan's PV costs (or £1,000)
# before the verdict asks for a change: smaller gains are within the model's rounding.
MATERIAL_SHARE_OF_COSTS = 0.05
MATERIAL_MINIMUM_GBP = 1_000.0
# The promises a council would make in public, 15 minutes to a week (RESPONSE_TARGETS in the UI).
PROMISES_MINUTES = (15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 720.0, 1440.0, 2880.0, 4320.0,
                    10080.0)
COVERS = tuple(PRESETS)
MAX_ROUNDS = 4  # alternations of (promise × cover) and levels; two are usually enough
SHARE_TOLERANCE = 1e-9
GROUPS_NAMED = 3  # a verdict names up to this many changed groups, then counts them


@dataclass(frozen=True)
class Limits:
    """What the user will accept. Empty promises/covers mean "only the ones set now"."""

    max_fte: float | None = None
    min_levels: tuple[tuple[str, str], ...] = ()  # (group, lowest acceptable level)
    promises_minutes: tuple[float, ...] = ()
    covers: tuple[str, ...] = ()  # preset names, or "Custom" for the grid set now

    def __post_init__(self) -> None:
        if self.max_fte is not None and (not math.isfinite(self.max_fte) or self.max_fte <= 0):
            raise ValueError(f"max_fte = {self.max_fte!r}: expected a number of FTE > 0")
        for minutes in self.promises_minutes:
            if not (isinstance(minutes, (int, float)) and math.isfinite(minutes) and minutes > 0):
                raise ValueError(f"promises_minutes = {minutes!r}: expected times > 0")
        for name in self.covers:
            if name not in (*PRESETS, "Custom"):
                raise ValueError(f"covers = {name!r}: expected one of "
                                 f"{', '.join((*PRESETS, 'Custom'))}")


@dataclass(frozen=True)
class Search:
    """The best plan found, or None with what it would take (`present.words.none_fits_text`)."""

    best: Scenario | None  # staffed to its promise (planned_fte None)
    npv_gbp: float
    fte: float
    plans_tried: int
    max_fte: float | None = None  # the cap searched under
    smallest_fte_needed: float = math.nan  # when none fits: the fewest FTE any plan tried needs


@dataclass
class _Searcher:
    scenario: Scenario
    limits: Limits
    today: Operations
    prices: Prices
    memo: dict[tuple[tuple[str, ...], float, str], tuple[float, float]] = field(
        default_factory=dict)
    groups_at: dict[tuple[int, str], StakeholderGroup] = field(default_factory=dict)

    def build(self, levels: tuple[str, ...], minutes: float, cover: str) -> Scenario:
        base = self.scenario
        grid = base.promise.cover if cover == "Custom" else cover_preset(cover)
        groups = tuple(self._group(index, level) for index, level in enumerate(levels))
        promise = replace(base.promise, response_target_minutes=float(minutes),
                          cover_preset=cover, cover=grid)
        return replace(base, groups=groups, promise=promise,
                       staffing=replace(base.staffing, planned_fte=None))

    def _group(self, index: int, level: str) -> StakeholderGroup:
        """The group at a level: built (and validated) once per group and level, not once
        per candidate plan, which at 50 groups was a third of the search."""
        key = (index, level)
        if key not in self.groups_at:
            self.groups_at[key] = replace(self.scenario.groups[index], target_level=level)
        return self.groups_at[key]

    def score(self, levels: tuple[str, ...], minutes: float, cover: str) -> tuple[float, float]:
        """(NPV, FTE) of the plan staffed to its promise; NPV −inf if it is not a candidate."""
        key = (levels, minutes, cover)
        if key not in self.memo:
            candidate = self.build(levels, minutes, cover)
            plan = plan_operations(candidate, solve=True)
            fte = plan.fte_required
            if not keeps_promise(candidate, plan) or (
                    self.limits.max_fte is not None and fte > self.limits.max_fte + 1e-9):
                self.memo[key] = (-math.inf, fte)
            else:
                flows = price_flows(candidate, plan, self.today, self.prices)
                self.memo[key] = (float(npv(candidate, flows)[0]), fte)
        return self.memo[key]


def keeps_promise(scenario: Scenario, plan: Operations) -> bool:
    """The team can keep the promise: a stable week with the promised share in time."""
    week = plan.week
    return (plan.achievable and week is not None and week.stable
            and week.share_within_target >= scenario.promise.target_share - SHARE_TOLERANCE)


def _allowed_levels(scenario: Scenario, limits: Limits) -> list[tuple[str, ...]]:
    """Each group's levels from its floor up (levels in the order of the levels table)."""
    names = scenario.level_names
    floors = dict(limits.min_levels)
    for group, level in limits.min_levels:
        if level not in names:
            raise ValueError(f"min_levels[{group!r}] = {level!r}: expected one of "
                             f"{', '.join(names)}")
    return [names[names.index(floors.get(g.group, names[0])):] for g in scenario.groups]


def best_plan(scenario: Scenario, limits: Limits) -> Search:
    """The plan with the highest NPV among those that keep their promise within the limits."""
    promises = limits.promises_minutes or (scenario.promise.response_target_minutes,)
    covers = limits.covers or (_cover_name(scenario),)
    searcher = _Searcher(scenario, limits, baseline_operations(scenario),
                         Prices.from_scenario(scenario, {}))
    allowed = _allowed_levels(scenario, limits)
    start = tuple(g.target_level if g.target_level in options else options[0]
                  for g, options in zip(scenario.groups, allowed))
    best = _alternate(searcher, start, promises, covers, allowed)
    if not math.isfinite(best[3]):  # nothing fits from the levels set: try the lowest allowed
        best = _alternate(searcher, tuple(o[0] for o in allowed), promises, covers, allowed)
    levels, minutes, cover, value, fte = best
    if not math.isfinite(value):
        needs = [fte for value, fte in searcher.memo.values() if math.isfinite(fte)]
        return Search(None, math.nan, math.nan, len(searcher.memo), limits.max_fte,
                      min(needs, default=math.nan))
    return Search(searcher.build(levels, minutes, cover), value, fte, len(searcher.memo),
                  limits.max_fte)


def _cover_name(scenario: Scenario) -> str:
    name = scenario.promise.cover_preset
    return name if name in PRESETS and cover_preset(name) == scenario.promise.cover else "Custom"


Point = tuple[tuple[str, ...], float, str, float, float]  # levels, promise, cover, NPV, FTE


def _alternate(searcher: _Searcher, levels: tuple[str, ...], promises: tuple[float, ...],
               covers: tuple[str, ...], allowed: list[tuple[str, ...]]) -> Point:
    point: Point | None = None
    for _ in range(MAX_ROUNDS):
        # After the first round only promises next to the best so far are tried again:
        # the levels moved a little, so the best promise moves a step at most.
        tried = promises if point is None else _neighbours(promises, point[1])
        minutes, cover = max(((m, c) for m in tried for c in covers),
                             key=lambda mc: searcher.score(levels, *mc)[0])
        levels = _descend(searcher, levels, minutes, cover, allowed)
        value, fte = searcher.score(levels, minutes, cover)
        new: Point = (levels, minutes, cover, value, fte)
        if point is not None and new[:3] == point[:3]:
            break
        point = new
    assert point is not None
    return point


def _neighbours(promises: tuple[float, ...], minutes: float) -> tuple[float, ...]:
    ordered = sorted(promises)
    at = ordered.index(minutes)
    return tuple(ordered[max(at - 1, 0):at + 2])


def _descend(searcher: _Searcher, levels: tuple[str, ...], minutes: float, cover: str,
             allowed: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Coordinate descent over groups at one promise and cover.

    Each group steps one level up or down and keeps walking while NPV rises (NPV along one
    group's ladder rises then falls), so a group costs two plans a pass, not four.
    """
    best_value = searcher.score(levels, minutes, cover)[0]
    changed = True
    while changed:
        changed = False
        for index, options in enumerate(allowed):
            for step in (1, -1):
                at = options.index(levels[index])
                while 0 <= at + step < len(options):
                    trial = levels[:index] + (options[at + step],) + levels[index + 1:]
                    value = searcher.score(trial, minutes, cover)[0]
                    if value <= best_value + MATERIAL_MINIMUM_GBP / 1000:  # £1 ends ties
                        break
                    levels, best_value, changed, at = trial, value, True, at + step
    return levels


# ---------------------------------------------------------------- verdict


class VerdictReason(StrEnum):
    """Why the verdict is what it is (`present.words.verdict_reason` says it in a sentence)."""

    NONE_FITS = "no plan fits"  # NOT_YET: nothing within the limits keeps its promise
    BREAKS_PROMISE = "breaks its promise"  # NOT_YET: the plan as set is not ready
    BETTER_PLAN = "a better plan"  # GO_AHEAD_SMALLER: a plan materially better keeps it
    PAYS = "pays"  # GO_AHEAD, NPV ≥ 0
    BUYS_UNPRICED = "buys unpriced benefits"  # GO_AHEAD, NPV < 0


@dataclass(frozen=True)
class Verdict:
    label: str  # GO_AHEAD, GO_AHEAD_SMALLER or NOT_YET
    reason: VerdictReason
    share_in_time: float
    promised_share: float
    better_by_gbp: float  # the best plan's NPV less the plan as set's (nan: none fits)
    plan_npv_gbp: float
    horizon_years: int


def material_gain_gbp(pv_costs_gbp: float) -> float:
    return max(MATERIAL_MINIMUM_GBP, MATERIAL_SHARE_OF_COSTS * pv_costs_gbp)


def verdict(plan_ready: bool, plan_npv_gbp: float, plan_pv_costs_gbp: float,
            share_in_time: float, promised_share: float, search: Search,
            horizon_years: int) -> Verdict:
    """Go ahead / Go ahead, smaller / Not yet for the plan as set, with its reason."""
    better = search.npv_gbp - plan_npv_gbp
    if search.best is None:
        label, reason = NOT_YET, VerdictReason.NONE_FITS
    elif not plan_ready:
        label, reason = NOT_YET, VerdictReason.BREAKS_PROMISE
    elif better > material_gain_gbp(plan_pv_costs_gbp):
        label, reason = GO_AHEAD_SMALLER, VerdictReason.BETTER_PLAN
    else:
        label = GO_AHEAD
        reason = VerdictReason.PAYS if plan_npv_gbp >= 0 else VerdictReason.BUYS_UNPRICED
    return Verdict(label, reason, share_in_time, promised_share, better, plan_npv_gbp,
                   horizon_years)


@dataclass(frozen=True)
class PlanChange:
    """How one plan differs from another (`present.words.change_text` says it in a few words)."""

    moved: tuple[tuple[str, str], ...]  # (group, new target level) for each group moved
    kept: int  # of the groups moved, those now at today's level
    lowered: int  # ... those at a lower level than set (not today's)
    raised: int  # ... those at a higher one
    response_target_minutes: float | None  # the new promise, None when unchanged
    cover_preset: str | None  # the new cover, None when unchanged
    staffed_to_promise: bool  # the plan as set fixed its FTE; the other is staffed to promise


def plan_change(before: Scenario, after: Scenario) -> PlanChange:
    """What moved from ``before`` to ``after``: levels, promise, cover and staffing."""
    moved = [(b, a) for b, a in zip(before.groups, after.groups)
             if a.target_level != b.target_level]
    kept = sum(a.target_level == a.current_level for _, a in moved)
    names = after.level_names
    lowered = sum(names.index(a.target_level) < names.index(b.target_level)
                  for b, a in moved) - kept
    minutes = after.promise.response_target_minutes
    return PlanChange(
        moved=tuple((a.group, a.target_level) for _, a in moved),
        kept=kept, lowered=lowered, raised=len(moved) - lowered - kept,
        response_target_minutes=(
            None if minutes == before.promise.response_target_minutes else minutes),
        cover_preset=(None if after.promise.cover == before.promise.cover
                      else after.promise.cover_preset),
        staffed_to_promise=before.staffing.planned_fte is not None)


# ---------------------------------------------------------------- what the unpriced benefits cost


@dataclass(frozen=True)
class UnpricedCost:
    """The net cost a board pays for what is not priced (trust, reach, insight)."""

    net_cost_gbp_per_year: float  # equivalent annual: −NPV spread over the discounted years
    per_resident_gbp_per_year: float
    residents: float
    residents_group: str
    per_answered_message_gbp: float


def unpriced_cost(scenario: Scenario, npv_gbp: float, replies_per_week: float,
                  weeks_per_year: float) -> UnpricedCost:
    """−NPV as an equal yearly sum (its annuity at the Green Book rates), then per head.

    Groups overlap (tenants are residents too), so "per resident" divides by the largest
    group, not the sum of groups.
    """
    annuity = float(np.sum(discount_factors(scenario.appraisal.horizon_years)))
    per_year = -npv_gbp / annuity
    largest = max(scenario.groups, key=lambda g: g.population)
    replies_per_year = replies_per_week * weeks_per_year
    return UnpricedCost(
        net_cost_gbp_per_year=per_year,
        per_resident_gbp_per_year=per_year / largest.population if largest.population else math.nan,
        residents=largest.population,
        residents_group=largest.group,
        per_answered_message_gbp=per_year / replies_per_year if replies_per_year else math.nan,
    )
