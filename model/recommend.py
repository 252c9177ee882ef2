"""The board's decision: the best plan within the user's limits, and a verdict on the plan as set.

The search runs over target levels × response promise × hours of cover. Every candidate is
staffed to its promise (the fewest FTE that keep it); a candidate that cannot keep its promise
or needs more staff than the cap is not a candidate at all, whatever its NPV.

Levels × promise × cover is 5^groups × promises × covers plans, too many to run. Each promise
× cover is searched on its own and the best over all of them returned, so a search held to any
one promise and cover can never do better. NPV is a sum over groups once the week's share of
replies within people's patience and the team are known (`_Bounds`), which bounds any plan's NPV
without its queue: pairs and moves that cannot beat the best found are not run. Within a pair,
a model fitted to the plans run so far (their staff and share against their reply work) picks
the next plan to run until it agrees with the best found, then coordinate descent (every group
tries every allowed level) polishes. Each plan's queue is solved once and remembered. Tests
check it against every level combination of small cases.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

import numpy as np

from model.appraisal import discount_factors
from model.cover import PRESETS, cover_preset
from model.money import Prices, npv, present_values
from model.money import money as price_flows
from model.queueing import best_possible_share
from model.registry import BY_KEY
from model.result import scenario_prices
from model.scenario import Scenario, StakeholderGroup
from model.surge import surge_rota_gbp_per_event
from model.units import HOURS_PER_WEEK, MINUTES_PER_HOUR, SECONDS_PER_MINUTE, WEEKS_PER_YEAR
from model.value import (
    Operations,
    baseline_operations,
    demand,
    from_demand,
    plan_operations,
)
from model.volumes import Behaviour

GO_AHEAD = "Go ahead"
GO_AHEAD_SMALLER = "Go ahead, smaller"
NOT_YET = "Not yet"
# A better plan must beat the one set by this share of the set plan's PV costs (or £1,000)
# before the verdict asks for a change: smaller gains are within the model's rounding.
MATERIAL_SHARE_OF_COSTS = 0.05
MATERIAL_MINIMUM_GBP = 1_000.0
COVERS = tuple(PRESETS)
# At most this many level combinations at one promise and cover: every one is bounded and
# the best found exactly (branch and bound); more, and the guided search runs. The bounds are
# loose where replies are worth much, so exact search pays only on the smallest spaces.
EXACT_COMBINATIONS = 32
# In exact search, this many queue runs in a row that keep no promise end the search there
# (a promise no levels can keep would otherwise run every combination).
MAX_FRUITLESS_RUNS = 64
FTE_GRID_POINTS = 2001  # FTE at which the team's cost is tabled for the bounds
BOUND_SLACK_GBP = 1.0  # rounding between a plan's bound and its NPV run in full
TIE_GBP = 1.0  # a level must beat the one held by more than this (ends ties)
# The guided search: rounds of running the model's favourite plan (more where it guesses at
# every combination: there its favourites are plans no descent would reach; where it picks,
# they are big plans whose teams take long to solve), the combinations it may guess at in
# full, prices of staff time (0 to 3 × its cost) for its picks where there are more, and
# how far below the best a move's guess may be and still be run.
GUIDED_ROUNDS_ALL = 32
GUIDED_ROUNDS_PICKED = 8
GUESS_COMBINATIONS = 50_000
STAFF_PRICES = 13
GUESS_MARGIN_SHARE = 0.005
# The patience curve's slices are cut into this many for the bound on s (finer: tighter).
PATIENCE_SLICES = 4
TIMELY_SLACK = 0.002  # the engine's reply-time sample against the exact distribution
# Costs of the plan as a whole, not of a group: the team, its licences, training, set-up, and
# the surge rota (left out of the bounds, each plan's own in its NPV: shared out by replies,
# summed per group at mixed levels its shares would not add to 1).
TEAM_CATEGORIES = ("engagement_team", "tool_licences", "training", "set_up", "surge_cover")
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
    behaviour: Behaviour
    memo: dict[tuple[tuple[str, ...], float, str], tuple[float, float]] = field(
        default_factory=dict)
    timely: dict[tuple[tuple[str, ...], float, str], float] = field(default_factory=dict)
    grids: dict[str, tuple[int, ...]] = field(default_factory=dict)
    groups_at: dict[tuple[int, str], StakeholderGroup] = field(default_factory=dict)
    surge_unpriced: dict[tuple[tuple[str, ...], float, str], tuple[Scenario, Operations]] = (
        field(default_factory=dict))  # plans whose NPV leaves out their surge rota so far

    def build(self, levels: tuple[str, ...], minutes: float, cover: str) -> Scenario:
        base = self.scenario
        grid = self.grid(cover)
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

    def grid(self, cover: str) -> tuple[int, ...]:
        """The 168 hours of a cover: a preset's, or the grid set now for "Custom"."""
        if cover not in self.grids:
            self.grids[cover] = (self.scenario.promise.cover if cover == "Custom"
                                 else cover_preset(cover))
        return self.grids[cover]

    def score(self, levels: tuple[str, ...], minutes: float, cover: str,
              beat: float = -math.inf) -> tuple[float, float]:
        """(NPV, FTE) of the plan staffed to its promise; NPV −inf if it is not a candidate.

        Each candidate pays its own surge rota (the plan as set's may differ), but working it
        out runs the flood: a plan is first priced without it, which can only raise its NPV,
        and the rota is priced only once that NPV would beat `beat`. So the NPV returned is
        exact whenever it is above `beat`, and no more than `beat` otherwise.
        """
        key = (levels, minutes, cover)
        if key not in self.memo:
            candidate = self.build(levels, minutes, cover)
            plan = plan_operations(candidate, solve=True)
            fte = plan.fte_required
            if not keeps_promise(candidate, plan) or (
                    self.limits.max_fte is not None and fte > self.limits.max_fte + 1e-9):
                self.memo[key] = (-math.inf, fte)
                return self.memo[key]
            self.timely[key] = float(plan.meets_expectation_share)
            self.memo[key] = (self._npv(candidate, plan, 0.0), fte)
            if candidate.surge.events_per_year > 0:
                self.surge_unpriced[key] = (candidate, plan)
        if key in self.surge_unpriced and self.memo[key][0] > beat:
            candidate, plan = self.surge_unpriced.pop(key)
            self.memo[key] = (self._npv(candidate, plan, surge_rota_gbp_per_event(
                candidate, plan)), self.memo[key][1])
        return self.memo[key]

    def _npv(self, candidate: Scenario, plan: Operations, surge_rota_gbp: float) -> float:
        prices = replace(self.prices, surge_rota_gbp_per_event=surge_rota_gbp)
        return float(npv(candidate, price_flows(candidate, plan, self.today, prices,
                                                self.behaviour))[0])


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
    """The plan with the highest NPV among those that keep their promise within the limits.

    Every promise × cover the limits allow is searched on its own (`_search_pair`) and the best
    over all pairs returned, so no search restricted to one promise and cover can beat it.
    """
    promises = limits.promises_minutes or (scenario.promise.response_target_minutes,)
    covers = limits.covers or (_cover_name(scenario),)
    # Each plan prices its own surge rota (`_Searcher.score`); the bounds leave it out, so
    # they stay above every plan's NPV.
    prices = replace(scenario_prices(scenario, {}), surge_rota_gbp_per_event=0.0)
    searcher = _Searcher(scenario, limits, baseline_operations(scenario), prices,
                         Behaviour.from_scenario(scenario, {}))
    allowed = _allowed_levels(scenario, limits)
    bounds = _Bounds.of(searcher, allowed, covers)
    start = tuple(g.target_level if g.target_level in options else options[0]
                  for g, options in zip(scenario.groups, allowed))
    pairs = [(float(m), c) for m in promises for c in covers]
    # The most promising pairs first: a good plan found early prunes the rest.
    ceilings = {pair: bounds.pair_ceiling(*pair) for pair in pairs}
    best: Point = ((), math.nan, "", -math.inf, math.nan)
    for pair in sorted(pairs, key=lambda p: -ceilings[p]):
        if ceilings[pair] <= best[3]:
            continue  # nothing in this pair can beat the plan already found
        found = _search_pair(searcher, bounds, allowed, start, *pair, incumbent=best[3])
        if found[3] > best[3]:
            best = found
    levels, minutes, cover, value, fte = best
    if not math.isfinite(value):
        for pair in pairs:  # what the levels set would need at each promise and cover
            searcher.score(start, *pair)
        needs = [fte for value, fte in searcher.memo.values() if math.isfinite(fte)]
        return Search(None, math.nan, math.nan, len(searcher.memo), limits.max_fte,
                      min(needs, default=math.nan))
    return Search(searcher.build(levels, minutes, cover), value, fte, len(searcher.memo),
                  limits.max_fte)


def _cover_name(scenario: Scenario) -> str:
    name = scenario.promise.cover_preset
    return name if name in PRESETS and cover_preset(name) == scenario.promise.cover else "Custom"


Point = tuple[tuple[str, ...], float, str, float, float]  # levels, promise, cover, NPV, FTE


# ---------------------------------------------------------------- bounds on a plan's NPV


@dataclass(frozen=True)
class _Sums:
    """Plans given as level indices, summed over their groups (one value per plan)."""

    base_gbp: np.ndarray
    timely_gbp: np.ndarray
    work_hours: np.ndarray
    signoff_share: np.ndarray  # replies needing sign-off ÷ replies
    handle_hours: np.ndarray  # reply work ÷ replies


@dataclass(frozen=True)
class _Bounds:
    """What each group at each level adds to NPV, so a plan's NPV can be bounded without
    running its queue.

    NPV is a sum over groups once the week's share of replies in people's patience (s) and
    the team (FTE, pay) are known: each group at level l adds ``base + s × timely`` (its
    benefits, approvers' time and today's side, all per group), and the team, licences,
    training and set-up add ``team_npv(FTE)``, which falls as FTE rises. A week that keeps
    its promise is stable, so its rota's on-site hours exceed the reply work and cover every
    cover hour with the fewest people allowed: that gives the fewest FTE. No team replies
    sooner than one picking each message up the moment the cover opens (`_Fastest`); that
    share in time, and s, fall in a straight line with the share of replies needing sign-off
    (a reply waits for the approvers' hours or it does not), so a plan's own sign-off share
    bounds both: above the most the promise allows, no team keeps it.
    """

    base_gbp: np.ndarray  # (groups, allowed levels): NPV added at s = 0, no team
    timely_gbp: np.ndarray  # (groups, allowed levels): NPV added going from s = 0 to s = 1
    work_hours: np.ndarray  # (groups, allowed levels): reply hours a week
    replies: np.ndarray  # (groups, allowed levels): replies a year ...
    approvals: np.ndarray  # ... and of those, replies needing sign-off
    fte_grid: np.ndarray  # FTE at which team_npv is known ...
    team_npv_gbp: np.ndarray  # ... the NPV of the team, licences, training and set-up there
    hours_per_fte: float  # paid hours a week one FTE brings (after shrinkage)
    paid_per_site_hour: float  # the least paid hours an on-site hour of any shift costs
    min_people_on_duty: int
    max_fte: float | None  # the cap: a plan needing more is no candidate
    cover_hours: dict[str, float]  # hours a week each cover is open
    most_timely: dict[str, tuple[float, float]]  # s's bound on each cover, no sign-off → all
    fastest: _Fastest  # the quickest any plan can reply
    scenario: Scenario
    most_signoff: dict[tuple[float, str], float] = field(default_factory=dict)
    pair_ceilings: dict[tuple[float, str], float] = field(default_factory=dict)

    @classmethod
    def of(cls, searcher: _Searcher, allowed: list[tuple[str, ...]],
           covers: tuple[str, ...]) -> _Bounds:
        scenario, names = searcher.scenario, searcher.scenario.level_names
        width = max(len(options) for options in allowed)
        tables = np.zeros((5, len(allowed), width))
        tables[0] = -np.inf
        for level in names:
            values = _level_values(searcher, level)
            for index, options in enumerate(allowed):
                if level in options:
                    tables[:, index, options.index(level)] = [v[index] for v in values]
        base, timely, work, replies, approvals = tables
        staffing = scenario.staffing
        hours_per_fte = staffing.contract_hours_per_week * (1.0 - staffing.shrinkage)
        rules = scenario.rota.shift_rules()
        paid = min(length / (length + rules.unpaid_break_minutes / MINUTES_PER_HOUR)
                   for length in rules.shift_lengths_hours)
        most_hours = max(float(work.max(axis=1).sum()), HOURS_PER_WEEK
                         * rules.min_people_on_duty)
        grid = np.linspace(0.0, most_hours / hours_per_fte + 1.0, FTE_GRID_POINTS)
        grids = {cover: searcher.grid(cover) for cover in covers}
        fastest = _Fastest.of(scenario, {level for options in allowed for level in options})
        return cls(base, timely, work, replies, approvals, grid,
                   _team_npv(searcher, grid, names[0]), hours_per_fte, paid,
                   rules.min_people_on_duty, searcher.limits.max_fte,
                   {cover: float(np.sum(np.asarray(g) > 0)) for cover, g in grids.items()},
                   {cover: (fastest.most_timely(scenario, g, 0.0),
                            fastest.most_timely(scenario, g, 1.0)) for cover, g in grids.items()},
                   fastest, scenario)

    def sums(self, at: np.ndarray) -> _Sums:
        """Plans given as level indices, (plans, groups) or (groups,)."""
        rows = np.arange(self.base_gbp.shape[0])
        replies = self.replies[rows, at].sum(axis=-1)
        approvals = self.approvals[rows, at].sum(axis=-1)
        work = self.work_hours[rows, at].sum(axis=-1)
        return _Sums(self.base_gbp[rows, at].sum(axis=-1), self.timely_gbp[rows, at].sum(axis=-1),
                     work, _ratio(approvals, replies), _ratio(work * WEEKS_PER_YEAR, replies))

    def fewest_fte(self, work_hours: np.ndarray | float, cover: str) -> np.ndarray:
        """A lower bound on the FTE of any rota whose week is stable with this work."""
        site_hours = np.maximum(work_hours, self.min_people_on_duty * self.cover_hours[cover])
        return np.asarray(self.paid_per_site_hour * site_hours / self.hours_per_fte)

    def timely_bound(self, signoff_share: np.ndarray | float, cover: str) -> np.ndarray:
        """The most s plans with this share of replies needing sign-off can reach."""
        none, every = self.most_timely[cover]
        return np.minimum(1.0, none + (every - none) * np.asarray(signoff_share))

    def signoff_limit(self, minutes: float, cover: str) -> float:
        """The largest share of replies needing sign-off with which the promise can be kept
        (−1 if none can: the cover is too short whatever the sign-off)."""
        key = (minutes, cover)
        if key not in self.most_signoff:
            target = self.scenario.promise.target_share - SHARE_TOLERANCE
            none, every = (self.fastest.within(self.scenario, minutes, cover, share)
                           for share in (0.0, 1.0))
            self.most_signoff[key] = (-1.0 if none < target else math.inf if every >= target
                                      else (none - target) / (none - every))
        return self.most_signoff[key]

    def ceiling(self, sums: _Sums, minutes: float, cover: str) -> np.ndarray:
        """The most NPV each plan could have at this promise and cover (−inf: no candidate)."""
        fewest = self.fewest_fte(sums.work_hours, cover)
        at = np.clip(np.searchsorted(self.fte_grid, fewest, side="right") - 1, 0,
                     self.fte_grid.size - 1)
        ceiling = (sums.base_gbp + np.maximum(sums.timely_gbp, 0.0)
                   * self.timely_bound(sums.signoff_share, cover)
                   + self.team_npv_gbp[at] + BOUND_SLACK_GBP)
        out = sums.signoff_share > self.signoff_limit(minutes, cover) + SHARE_TOLERANCE
        if self.max_fte is not None:
            out |= fewest > self.max_fte + 1e-9
        return np.where(out, -np.inf, ceiling)

    def pair_ceiling(self, minutes: float, cover: str) -> float:
        """A bound on any plan's NPV at this promise and cover: the best bound of every plan
        where there are few, else each group at its best with the least work."""
        if self.signoff_limit(minutes, cover) < 0.0:
            return -math.inf
        sizes = [int(n) for n in np.isfinite(self.base_gbp).sum(axis=1)]
        if math.prod(sizes) <= GUESS_COMBINATIONS:
            key = (minutes, cover)
            if key not in self.pair_ceilings:
                self.pair_ceilings[key] = float(np.max(self.ceiling(
                    self.sums(_combinations(sizes)), minutes, cover)))
            return self.pair_ceilings[key]
        finite = np.isfinite(self.base_gbp)
        # A plan's sign-off share is its groups' shares weighted by replies: never below
        # the least of them.
        shares = np.where(finite & (self.replies > 0), _ratio(self.approvals, self.replies),
                          np.inf)
        if float(shares.min()) > self.signoff_limit(minutes, cover) + SHARE_TOLERANCE:
            return -math.inf
        least_work = float(np.where(finite, self.work_hours, np.inf).min(axis=1).sum())
        best_sum = np.max(self.base_gbp + np.maximum(self.timely_gbp, 0.0)
                          * self.most_timely[cover][0], axis=1).sum()
        one = _Sums(np.array(best_sum), np.array(0.0), np.array(least_work), np.array(0.0),
                    np.array(0.0))
        return float(self.ceiling(one, minutes, cover))


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    return np.divide(top, bottom, out=np.zeros_like(top), where=bottom > 0)


def _combinations(sizes: list[int]) -> np.ndarray:
    """Every combination of level indices, one row each (read-only: built once for each
    set of sizes, as each guided round of a search asks for them all again)."""
    return _combinations_of(tuple(sizes))


@lru_cache(maxsize=8)
def _combinations_of(sizes: tuple[int, ...]) -> np.ndarray:
    combinations = np.array(list(itertools.product(*(range(n) for n in sizes))), dtype=int)
    combinations.setflags(write=False)
    return combinations


@dataclass(frozen=True)
class _Fastest:
    """The quickest any plan replies: each message picked up the moment the cover opens,
    with the fastest handle time of the levels allowed. No team of people on the same cover
    can reply sooner."""

    handle_seconds: float

    @classmethod
    def of(cls, scenario: Scenario, levels: set[str]) -> _Fastest:
        return cls(min(scenario.level(name).handle_minutes for name in levels)
                   * SECONDS_PER_MINUTE)

    def share_within(self, scenario: Scenario, cover: tuple[int, ...], minutes: float,
                     signoff_share: float) -> float:
        approvers = scenario.promise.approver_cover  # sign-off in the approvers' own hours
        return best_possible_share(np.asarray(scenario.arrival_profile), cover,
                                   self.handle_seconds, minutes * SECONDS_PER_MINUTE,
                                   signoff_share, scenario.promise.approval_delay_hours,
                                   None if approvers is None
                                   else np.asarray(approvers, dtype=float))

    def within(self, scenario: Scenario, minutes: float, cover: str,
               signoff_share: float) -> float:
        grid = scenario.promise.cover if cover == "Custom" else cover_preset(cover)
        return self.share_within(scenario, grid, minutes, signoff_share)

    def most_timely(self, scenario: Scenario, cover: tuple[int, ...],
                    signoff_share: float) -> float:
        """The most any plan's s (share of replies within people's patience) can be, before
        the cap at 1 (so it is a straight line in the sign-off share).

        s = E[1 − patience(T)] for reply time T: the patience curve's rise on each slice of
        minutes, weighted by the share of replies within that slice's end or sooner at most.
        """
        minutes = np.asarray(scenario.patience_minutes, dtype=float)
        expected = np.asarray(scenario.patience_share, dtype=float)
        points = [np.geomspace(max(low, 1.0), high, PATIENCE_SLICES + 1)
                  if high > max(low, 1.0) else np.array([high])
                  for low, high in zip(minutes[:-1], minutes[1:])]
        edges = np.unique(np.concatenate([minutes[:1], *points]))
        rises = np.diff(np.interp(edges, minutes, expected))
        within = np.array([self.share_within(scenario, cover, end, signoff_share)
                           for end in edges[1:]])
        return 1.0 - expected[-1] + float(rises @ within) + TIMELY_SLACK


def _level_values(searcher: _Searcher, level: str) -> tuple[np.ndarray, ...]:
    """Every group at one level: the NPV each adds with no team at s = 0, what s = 1 adds,
    its reply hours a week, its replies a year and those needing sign-off."""
    scenario = searcher.scenario
    need = demand(scenario, [level] * len(scenario.groups))
    ops = replace(from_demand(scenario, need, 0.0, 0.0, None, True),
                  meets_expectation_share=np.array([0.0, 1.0]))
    pv = present_values(scenario, price_flows(scenario, ops, searcher.today, searcher.prices,
                                       searcher.behaviour))
    by_group = sum((1.0 if BY_KEY[name].side == "benefit" else -1.0) * values
                   for name, values in pv.items() if name not in TEAM_CATEGORIES)
    per_group = np.asarray(by_group, dtype=float)
    return (per_group[:, 0], per_group[:, 1] - per_group[:, 0],
            need.reply_hours_per_year / WEEKS_PER_YEAR, need.replies_per_year,
            need.approvals_per_year)


def _team_npv(searcher: _Searcher, fte: np.ndarray, level: str) -> np.ndarray:
    """NPV of the team, licences, training and set-up at each FTE (at plain-time pay)."""
    scenario = searcher.scenario
    need = demand(scenario, [level] * len(scenario.groups))
    ops = replace(from_demand(scenario, need, 0.0, 0.0, None, True),
                  meets_expectation_share=0.0, fte_costed=fte)
    flows = price_flows(scenario, ops, searcher.today, searcher.prices,
                                       searcher.behaviour)
    pv = present_values(scenario, flows)
    rest = sum(-values.sum(axis=0) for name, values in pv.items() if name in TEAM_CATEGORIES)
    return np.asarray(rest, dtype=float) * np.ones(fte.size)


# ---------------------------------------------------------------- one promise and cover


def _search_pair(searcher: _Searcher, bounds: _Bounds, allowed: list[tuple[str, ...]],
                 start: tuple[str, ...], minutes: float, cover: str,
                 incumbent: float) -> Point:
    """The best levels at one promise and cover: exact (branch and bound over every
    combination) where there are few, else guided by a model of the queue fitted to the
    plans run so far, then coordinate descent."""
    combinations = math.prod(len(options) for options in allowed)
    levels = None
    if combinations <= EXACT_COMBINATIONS:
        levels = _exact(searcher, bounds, allowed, minutes, cover, incumbent)
    if levels is None:
        levels = _Guided(searcher, bounds, allowed, minutes, cover).search(start)
    value, fte = searcher.score(levels, minutes, cover)
    return levels, minutes, cover, value, fte


@dataclass
class _Guided:
    """A search at one promise and cover guided by the plans it has run: their team and s
    against their reply work, and the sign-off and handle time of those no team kept, stand
    in for the queue of plans not yet run."""

    searcher: _Searcher
    bounds: _Bounds
    allowed: list[tuple[str, ...]]
    minutes: float
    cover: str
    work_run: list[float] = field(default_factory=list)  # reply hours a week of plans run
    timely_run: list[float] = field(default_factory=list)  # their s
    fte_run: list[float] = field(default_factory=list)  # their FTE
    pay_gap_run: list[float] = field(default_factory=list)  # their team's NPV less at plain pay
    # Plans run that no team kept: their (sign-off share, handle hours a reply). A plan with
    # at least as much of both cannot be kept either, whatever its team.
    unkept: list[tuple[float, float]] = field(default_factory=list)

    @property
    def every_combination(self) -> bool:
        """Few enough combinations to guess at every one (and run every one-group move)."""
        return math.prod(len(options) for options in self.allowed) <= GUESS_COMBINATIONS

    def guess(self, at: np.ndarray) -> np.ndarray:
        """The model's NPV for plans given as level indices (a guess, hopeful by design, and
        never above the plan's bound).

        Staff: the most FTE any plan run with no more work needed (more work never needs
        fewer people), or the bound if more. The team's pay less its
        cost at plain time, as the plan run with the most work up to this plan's; s
        interpolated on work between the plans run; before any run, the bounds.
        """
        sums = self.bounds.sums(at)
        b = self.bounds
        ceiling = b.ceiling(sums, self.minutes, self.cover)
        fte = b.fewest_fte(sums.work_hours, self.cover)
        if not self.work_run:
            s = b.timely_bound(sums.signoff_share, self.cover)
            pay = np.zeros_like(fte)
        else:
            order = np.argsort(self.work_run)
            works = np.asarray(self.work_run)[order]
            below = np.searchsorted(works, sums.work_hours, side="right") - 1
            most_fte = np.maximum.accumulate(np.asarray(self.fte_run)[order])
            fte = np.maximum(fte, np.where(below >= 0, most_fte[np.maximum(below, 0)], 0.0))
            pay = np.where(below >= 0, np.asarray(self.pay_gap_run)[order][np.maximum(below, 0)],
                           0.0)
            s = np.minimum(np.interp(sums.work_hours, works, np.asarray(self.timely_run)[order]),
                           b.timely_bound(sums.signoff_share, self.cover))
        value = (sums.base_gbp + sums.timely_gbp * s
                 + np.interp(fte, b.fte_grid, b.team_npv_gbp) + pay)
        for signoff, handle in self.unkept:
            value = np.where((sums.signoff_share >= signoff - 1e-12)
                             & (sums.handle_hours >= handle - 1e-12), -np.inf, value)
        return np.minimum(value, ceiling)

    def run(self, levels: tuple[str, ...], beat: float = -math.inf) -> float:
        """The plan's NPV (exact if above `beat`), learning from it if it is new."""
        key = (levels, self.minutes, self.cover)
        fresh = key not in self.searcher.memo
        value, fte = self.searcher.score(levels, self.minutes, self.cover, beat)
        if not fresh:
            return value
        sums = self.bounds.sums(self.index(levels))
        if not math.isfinite(value) and (
                self.searcher.limits.max_fte is None or fte <= self.searcher.limits.max_fte):
            self.unkept.append((float(sums.signoff_share), float(sums.handle_hours)))
        if math.isfinite(value):
            s = self.searcher.timely[key]
            self.work_run.append(float(sums.work_hours))
            self.timely_run.append(s)
            self.fte_run.append(fte)
            team = float(np.interp(fte, self.bounds.fte_grid, self.bounds.team_npv_gbp))
            self.pay_gap_run.append(value - float(sums.base_gbp + sums.timely_gbp * s) - team)
        return value

    def index(self, levels: tuple[str, ...]) -> np.ndarray:
        return np.array([options.index(level) for options, level in zip(self.allowed, levels)])

    def levels(self, at: np.ndarray) -> tuple[str, ...]:
        return tuple(options[int(i)] for options, i in zip(self.allowed, at))

    def candidates(self, around: np.ndarray) -> np.ndarray:
        """Plans worth a guess: every combination where there are few; else each group's
        best on its own at several prices of staff time, and every one-group move."""
        sizes = [len(options) for options in self.allowed]
        if self.every_combination:
            return _combinations(sizes)
        b = self.bounds
        s = (float(np.median(self.timely_run)) if self.timely_run
             else min(1.0, b.most_timely[self.cover][0]))
        rate = (b.team_npv_gbp[0] - b.team_npv_gbp[-1]) / max(b.fte_grid[-1], 1e-9) * (
            b.paid_per_site_hour / b.hours_per_fte)
        picks = [np.argmax(b.base_gbp + s * b.timely_gbp - price * rate * b.work_hours, axis=1)
                 for price in np.linspace(0.0, 3.0, STAFF_PRICES)]
        moves = []
        for group, size in enumerate(sizes):
            for level in range(size):
                moved = around.copy()
                moved[group] = level
                moves.append(moved)
        return np.unique(np.array([*picks, *moves], dtype=int), axis=0)

    def search(self, start: tuple[str, ...]) -> tuple[str, ...]:
        floors = tuple(options[0] for options in self.allowed)
        best = max((start, floors), key=self.run)
        best_value = self.run(best)
        for _ in range(GUIDED_ROUNDS_ALL if self.every_combination else GUIDED_ROUNDS_PICKED):
            # run the model's favourite until it agrees
            pool = self.candidates(self.index(best))
            guesses = self.guess(pool)
            trial = None
            for i in np.argsort(-guesses):  # the model's favourite not yet run
                if guesses[i] <= best_value + TIE_GBP:
                    break
                levels = self.levels(pool[i])
                if (levels, self.minutes, self.cover) not in self.searcher.memo:
                    trial = levels
                    break
            if trial is None:
                break
            value = self.run(trial, beat=best_value)
            if value > best_value:
                best, best_value = trial, value
        return self.descend(best)

    def descend(self, levels: tuple[str, ...]) -> tuple[str, ...]:
        """Coordinate descent: each group tries every allowed level (best guess first; not
        those whose bound cannot win) and keeps the best, until a pass changes nothing.
        Where the combinations are few enough to guess at in full, every one-group move is
        run, so no plan a level away in one group is better; where more, moves the model
        guesses well below the best are not run."""
        every_move = self.every_combination
        best_value = self.run(levels)
        changed = True
        while changed:
            changed = False
            for group, options in enumerate(self.allowed):
                at = self.index(levels)
                moves = np.repeat(at[None, :], len(options), axis=0)
                moves[:, group] = np.arange(len(options))
                ceiling = self.bounds.ceiling(self.bounds.sums(moves), self.minutes,
                                              self.cover)
                guesses = self.guess(moves)
                held = levels
                for choice in np.argsort(-guesses, kind="stable"):
                    margin = GUESS_MARGIN_SHARE * abs(best_value) + MATERIAL_MINIMUM_GBP
                    if ceiling[choice] <= best_value + TIE_GBP or (
                            not every_move and guesses[choice] < best_value - margin):
                        continue
                    trial = held[:group] + (options[choice],) + held[group + 1:]
                    value = self.run(trial, beat=best_value + TIE_GBP)
                    if value > best_value + TIE_GBP:
                        levels, best_value, changed = trial, value, True
        return levels


def _exact(searcher: _Searcher, bounds: _Bounds, allowed: list[tuple[str, ...]],
           minutes: float, cover: str, incumbent: float) -> tuple[str, ...] | None:
    """Every combination's bound at once; the queue runs only for those whose bound beats
    the best plan found, highest bound first, so the answer is the true best."""
    indices = _combinations([len(options) for options in allowed])
    ceiling = bounds.ceiling(bounds.sums(indices), minutes, cover)
    order = np.argsort(-ceiling, kind="stable")
    best, best_value = None, -math.inf
    for runs, at in enumerate(order):
        if ceiling[at] <= max(best_value, incumbent):
            break
        if best is None and runs >= MAX_FRUITLESS_RUNS:
            return None  # no promise kept yet: leave this pair to descent
        levels = tuple(options[i] for options, i in zip(allowed, indices[at]))
        value = searcher.score(levels, minutes, cover, beat=max(best_value, incumbent))[0]
        if value > best_value:
            best, best_value = levels, value
    return best if best is not None else tuple(o[0] for o in allowed)


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
