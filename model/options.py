"""The options a board chooses between, side by side, each measured the same way.

*Stay as we are* is the appraisal's base case (today's levels, team and cover): every other
option's NPV, costs and benefits are differences from it, so its own are £0 by definition.
*Do the minimum* keeps the user's lowest acceptable levels and makes the cheapest public
promise worth making within the limits. *Recommended* is `model.recommend.best_plan`.
*As set* is the plan on the Commitment page.

A promise is "worth making" when today's service does not already keep it: promising what
residents already get changes nothing they can see.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from model import recommend as rec
from model.cover import PRESETS, PROMISES_MINUTES, cover_preset
from model.money import money as price_flows
from model.money import npv, present_values
from model.registry import COSTS, keys
from model.result import Result, scenario_prices
from model.result import evaluate as _evaluate
from model.scenario import Scenario
from model.units import WEEKS_PER_YEAR
from model.value import Operations, baseline_operations, plan_operations
from model.volumes import Behaviour

STAY = "Stay as we are"
MINIMUM = "Do the minimum"
RECOMMENDED = "Recommended"
AS_SET = "As set"
OPTION_NAMES = (STAY, MINIMUM, RECOMMENDED, AS_SET)


@dataclass(frozen=True)
class Option:
    """One plan a board could choose, measured against staying as we are."""

    name: str  # one of OPTION_NAMES
    scenario: Scenario | None  # None for Stay as we are (the base case) or a plan none fits
    npv_gbp: float
    pv_costs_gbp: float
    pv_benefits_gbp: float
    fte: float  # the team paid for
    response_target_minutes: float  # the promise it makes (Stay: the as-set promise, measured)
    promised_share: float
    share_in_time: float  # share of replies within its promise time
    median_response_minutes: float
    ready: bool  # keeps its promise (Stay makes none: True)
    replies_per_year: float
    answered_in_time_per_year: float  # replies within its promise time
    more_in_time_per_year: float  # ... more than today's team answers within the same time
    followers_reached: float  # people who follow the council (the same for every option)
    net_cost_gbp_per_year: float  # −NPV as an equal yearly sum (≤ 0: it pays)
    net_cost_per_resident_gbp_per_year: float
    residents: float  # the largest group, the "per resident" divisor
    horizon_years: int

    @property
    def pays(self) -> bool:
        return self.npv_gbp >= 0


@dataclass(frozen=True)
class Options:
    """The four options; `minimum` and `recommended` are None when nothing within the limits
    keeps a promise."""

    stay: Option
    minimum: Option | None
    recommended: Option | None
    as_set: Option
    search: rec.Search

    def listed(self) -> tuple[Option, ...]:
        """The options that exist, in the order a board reads them."""
        return tuple(o for o in (self.stay, self.minimum, self.recommended, self.as_set)
                     if o is not None)


Evaluator = Callable[[Scenario], Result]


def default_limits(scenario: Scenario) -> rec.Limits:
    """No cap, no group below today's level, every promise up to a week, every preset cover."""
    return rec.Limits(min_levels=tuple((g.group, g.current_level) for g in scenario.groups),
                      promises_minutes=PROMISES_MINUTES, covers=rec.COVERS)


def option_of(name: str, result: Result) -> Option:
    """A plan's Result as an option (figures against staying as we are)."""
    scenario = result.scenario
    replies = result.replies_per_week * WEEKS_PER_YEAR
    today_replies = result.today.replies_per_week * WEEKS_PER_YEAR
    in_time = replies * result.share_within_target if result.stable else 0.0
    cost = rec.unpriced_cost(scenario, result.npv_gbp, result.replies_per_week, WEEKS_PER_YEAR)
    return Option(
        name=name, scenario=scenario, npv_gbp=result.npv_gbp,
        pv_costs_gbp=result.pv_costs_gbp, pv_benefits_gbp=result.pv_benefits_gbp,
        fte=result.fte_planned,
        response_target_minutes=scenario.promise.response_target_minutes,
        promised_share=scenario.promise.target_share,
        share_in_time=result.share_within_target,
        median_response_minutes=result.median_response_minutes, ready=result.ready,
        replies_per_year=replies, answered_in_time_per_year=in_time,
        more_in_time_per_year=in_time - today_replies * result.today.share_within_target,
        followers_reached=float(result.plan.followers.sum()),
        net_cost_gbp_per_year=cost.net_cost_gbp_per_year,
        net_cost_per_resident_gbp_per_year=cost.per_resident_gbp_per_year,
        residents=cost.residents, horizon_years=scenario.appraisal.horizon_years)


def stay_option(result: Result) -> Option:
    """Today's levels, team and cover: the base case, £0 against itself by definition."""
    today = result.today
    replies = today.replies_per_week * WEEKS_PER_YEAR
    largest = max(result.scenario.groups, key=lambda g: g.population)
    return Option(
        name=STAY, scenario=None, npv_gbp=0.0, pv_costs_gbp=0.0, pv_benefits_gbp=0.0,
        fte=today.fte, response_target_minutes=result.scenario.promise.response_target_minutes,
        promised_share=math.nan, share_in_time=today.share_within_target,
        median_response_minutes=today.median_response_minutes, ready=True,
        replies_per_year=replies, answered_in_time_per_year=replies * today.share_within_target,
        more_in_time_per_year=0.0, followers_reached=float(result.baseline.followers.sum()),
        net_cost_gbp_per_year=0.0, net_cost_per_resident_gbp_per_year=0.0,
        residents=largest.population, horizon_years=result.scenario.appraisal.horizon_years)


def options(result: Result, search: rec.Search | None = None, limits: rec.Limits | None = None,
            evaluate: Evaluator | None = None) -> Options:
    """The four options for the plan as set (``result``), given the best plan's search.

    ``evaluate`` is `model.evaluate` (the default) or a cached copy of it (the app's); the
    limits default to `default_limits`, the search to `best_plan` within them.
    """
    scenario = result.scenario
    limits = limits or default_limits(scenario)
    search = search or rec.best_plan(scenario, limits)
    evaluate = evaluate or _evaluate
    recommended = (None if search.best is None
                   else option_of(RECOMMENDED, evaluate(search.best)))
    least = least_cost_plan(scenario, limits)
    minimum = None if least is None else option_of(MINIMUM, evaluate(least))
    return Options(stay=stay_option(result), minimum=minimum, recommended=recommended,
                   as_set=option_of(AS_SET, result), search=search)


# ---------------------------------------------------------------- do the minimum


def promises_worth_making(scenario: Scenario, today: Operations,
                          promises_minutes: tuple[float, ...]) -> tuple[float, ...]:
    """The promises today's service does not already keep (measured, where an export was)."""
    share = scenario.promise.target_share
    measured = scenario.measured_today
    if measured is not None:
        return tuple(m for m in promises_minutes if measured.share_within(m) < share)
    week = today.week
    if week is None or not week.stable:
        return promises_minutes
    return tuple(m for m in promises_minutes
                 if float(week.share_within(m).reshape(-1)[0]) < share)


def floor_levels(scenario: Scenario, limits: rec.Limits) -> dict[str, str]:
    """Each group at the lowest level the user accepts (today's level when none is given)."""
    floors = dict(limits.min_levels)
    return {g.group: floors.get(g.group, g.current_level) for g in scenario.groups}


def least_cost_plan(scenario: Scenario, limits: rec.Limits) -> Scenario | None:
    """The cheapest plan (PV costs; then the higher NPV) that keeps a promise worth making,
    with every group at its lowest acceptable level, staffed to its promise, under the cap."""
    today = baseline_operations(scenario)
    prices, behaviour = scenario_prices(scenario, {}), Behaviour.from_scenario(scenario, {})
    at_floor = scenario.with_targets(floor_levels(scenario, limits))
    promises = limits.promises_minutes or (scenario.promise.response_target_minutes,)
    covers = limits.covers or (_cover_name(scenario),)
    best: tuple[float, float, Scenario] | None = None
    for minutes in promises_worth_making(scenario, today, promises):
        for cover in covers:
            candidate = _staffed_to(at_floor, minutes, cover)
            plan = plan_operations(candidate, solve=True)
            if not rec.keeps_promise(candidate, plan) or (
                    limits.max_fte is not None and plan.fte_required > limits.max_fte + 1e-9):
                continue
            flows = price_flows(candidate, plan, today, prices, behaviour)
            pv = present_values(candidate, flows)
            costs = sum(float(pv[name].sum()) for name in keys(COSTS))
            net = float(npv(candidate, flows)[0])
            if best is None or (costs, -net) < (best[0], -best[1]):
                best = (costs, net, candidate)
    return None if best is None else best[2]


def _staffed_to(scenario: Scenario, minutes: float, cover: str) -> Scenario:
    grid = scenario.promise.cover if cover == "Custom" else cover_preset(cover)
    promise = replace(scenario.promise, response_target_minutes=float(minutes),
                      cover_preset=cover, cover=grid)
    return replace(scenario, promise=promise,
                   staffing=replace(scenario.staffing, planned_fte=None))


def _cover_name(scenario: Scenario) -> str:
    """The cover set now as a preset's name, or "Custom" (as the search names it)."""
    name = scenario.promise.cover_preset
    return name if name in PRESETS and cover_preset(name) == scenario.promise.cover else "Custom"
