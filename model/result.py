"""`evaluate(scenario) -> Result`: the headline, the year-by-year table and the group table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from model.appraisal import (
    discount_factors,
    payback_month,
    ramp_share,
    switching_value,
)
from model.keepable import Cause, Edge, Unkeepable, near_edge, unkeepable
from model.large_volume import EXACT_METHOD
from model.money import Flows, Prices, money, monthly_net, present_values
from model.registry import (
    BENEFITS,
    BY_KEY,
    COSTS,
    ONE_OFF_COSTS,
    RUNNING_COSTS,
    UNPRICED_BENEFITS,
    keys,
)
from model.scenario import Scenario
from model.surge import surge_rota_gbp_per_event
from model.units import HOURS_PER_WEEK, MONTHS_PER_YEAR, WEEKS_PER_YEAR
from model.value import Operations, plan_and_baseline, plan_operations
from model.volumes import Behaviour

FTE_TOLERANCE = 0.05  # planned FTE this close to required counts as enough


@dataclass(frozen=True)
class SideHeadline:
    """The headline measures of one side of the plan (used for "stay as we are")."""

    fte: float
    inbound_per_week: float
    replies_per_week: float
    share_within_target: float
    median_response_minutes: float
    meets_expectation_share: float


class ReadinessReason(StrEnum):
    """Why the planned team can or cannot keep the promise (the UI says it in words)."""

    READY = "ready"
    COVER_TOO_SHORT = "cover too short"  # too many messages arrive when no one is on duty
    APPROVERS_HOURS = "approvers' hours"  # replies needing sign-off wait for the approvers
    BACKLOG_GROWS = "backlog grows"  # the team cannot keep up at all
    COVER_UNSTAFFED = "cover unstaffed"  # the team's whole shifts leave cover hours empty
    SHORT_OF_STAFF = "short of staff"  # fewer FTE planned than the promise needs


@dataclass(frozen=True)
class Readiness:
    """Can the team we plan keep the promise we make, and the numbers that say so."""

    ready: bool
    reason: ReadinessReason
    inbound_per_week: float
    fte_planned: float
    fte_required: float
    median_response_minutes: float
    response_target_minutes: float
    target_share: float
    cover_hours: int = 0  # hours of cover a week the promise is made for
    unstaffed_cover_hours: int = 0  # of them, hours with no one on duty
    out_of_reach: Unkeepable | None = None  # no team keeps the promise: why, and what would
    edge: Edge | None = None  # kept only near the edge: the team one step of the share lower

    @property
    def fte_short(self) -> float:
        return self.fte_required - self.fte_planned


@dataclass(frozen=True)
class Sustainability:
    """What the plan asks of the people in the team, and what it commits the budget to."""

    replies_per_fte_per_week: float
    out_of_hours_share: float
    occupancy_limit: float  # Staffing.max_occupancy: above it is burnout territory
    share_of_open_hours_over_limit: float
    mean_occupancy: float
    horizon_years: int
    extra_cost_over_horizon_gbp: float  # running costs × horizon + one-off, undiscounted
    cover_hours_per_week: float


@dataclass(frozen=True)
class Result:
    """Everything the app shows for one scenario. Money in £, present values unless named."""

    npv_gbp: float
    pv_benefits_gbp: float
    pv_costs_gbp: float
    bcr: float | None  # None when the plan costs nothing extra
    payback_month: int | None
    switching_value: float  # change in benefits (share, ≥ −1) that brings NPV to 0
    fte_required: float
    fte_planned: float
    fte_today: float
    achievable: bool
    stable: bool
    backlog_growth_per_week: float
    share_within_target: float
    median_response_minutes: float
    p90_response_minutes: float
    meets_expectation_share: float
    inbound_per_week: float
    replies_per_week: float
    out_of_hours_share: float
    ready: bool
    readiness: Readiness
    today: SideHeadline  # the same headline measures for "stay as we are"
    sustainability: Sustainability
    monthly_cumulative_gbp: np.ndarray  # cumulative discounted net by month
    unpriced_benefits: tuple[str, ...]
    scenario: Scenario = field(repr=False)
    plan: Operations = field(repr=False)
    baseline: Operations = field(repr=False)
    flows: Flows = field(repr=False)

    @property
    def queue_method(self) -> str:
        """How the plan's week was solved (model/large_volume.py): the exact periodic queue,
        or at a county's volume and up the large-volume approximation, named for the reader."""
        week = self.plan.week
        return week.method if week is not None else EXACT_METHOD

    # Tables are built when first asked for: pandas costs more than the arithmetic.
    @cached_property
    def week(self) -> pd.DataFrame:
        """168 rows: arrivals, agents, capacity, backlog, occupancy, cover, people_on_duty
        (whole people: the rota's, or the fixed team's agents rounded up), inbound by hour."""
        return _week_frame(self.scenario, self.plan)

    @cached_property
    def rota(self) -> pd.DataFrame:
        """The shifts of whole people (day, start_hour, end_hour, people); empty for a fixed
        team."""
        if self.plan.rota is None:
            return pd.DataFrame({"day": [], "start_hour": [], "end_hour": [], "people": []})
        return self.plan.rota.shifts.copy()

    @cached_property
    def annual(self) -> pd.DataFrame:
        """One row a year (Year 1 … N, Year 1 undiscounted): categories undiscounted, totals
        discounted and not."""
        return _annual_table(self.scenario, self.flows)

    @cached_property
    def by_group(self) -> pd.DataFrame:
        """One row a group: volumes, FTE share, PV cost, benefit and net."""
        return _group_table(self.scenario, self.plan, self.baseline, self.flows)


def evaluate(scenario: Scenario) -> Result:
    """Run the plan and "stay as we are", and appraise the difference."""
    plan, today = plan_and_baseline(scenario)
    flows = money(scenario, plan, today, scenario_prices(scenario, {}),
                  Behaviour.from_scenario(scenario, {}))
    return build_result(scenario, plan, today, flows)


def scenario_prices(scenario: Scenario, factors: dict[str, np.ndarray | float]) -> Prices:
    """The scenario's prices in its base year (times any drawn `factors`), with the price of a
    surge event for the plan's own team at the central case."""
    return Prices.from_scenario(scenario, factors, surge_event_gbp(scenario))


@lru_cache(maxsize=64)
def surge_event_gbp(scenario: Scenario) -> float:
    """The surge rota's cost an event for the plan's own team (memoised: Monte Carlo,
    break-even and the plan search price many draws and candidates of one scenario)."""
    if scenario.surge.events_per_year <= 0:
        return 0.0
    return surge_rota_gbp_per_event(scenario, plan_operations(scenario))


def build_result(scenario: Scenario, plan: Operations, today: Operations, flows: Flows) -> Result:
    pv = {name: float(values.sum()) for name, values in present_values(scenario, flows).items()}
    pv_benefits = sum(pv[name] for name in keys(BENEFITS))
    pv_costs = sum(pv[name] for name in keys(COSTS))
    cumulative = np.cumsum(monthly_net(scenario, flows)[:, 0])
    week = plan.week
    stable = week is not None and week.stable
    headline = dict(
        share_within_target=week.share_within_target if week else 0.0,
        median_response_minutes=week.median_response_minutes if week else math.inf,
        p90_response_minutes=week.p90_response_minutes if week else math.inf,
    )
    ready = readiness(scenario, plan, headline)
    out_of_hours = _out_of_hours(scenario)
    return Result(
        npv_gbp=float(cumulative[-1]),
        pv_benefits_gbp=pv_benefits,
        pv_costs_gbp=pv_costs,
        bcr=pv_benefits / pv_costs if pv_costs > 0 else None,
        payback_month=payback_month(cumulative),
        switching_value=switching_value(pv_benefits, pv_costs),
        fte_required=plan.fte_required,
        fte_planned=_scalar(plan.fte_costed),
        fte_today=scenario.staffing.current_fte,
        achievable=plan.achievable,
        stable=stable,
        backlog_growth_per_week=(week.backlog_growth_per_week if week
                                 else _weekly(plan.replies_per_year)),
        meets_expectation_share=_scalar(plan.meets_expectation_share),
        inbound_per_week=_weekly(plan.inbound_per_year),
        replies_per_week=_weekly(plan.replies_per_year),
        out_of_hours_share=out_of_hours,
        ready=ready.ready,
        readiness=ready,
        today=replace(_side_headline(today), **_measured_headline(scenario)),
        sustainability=_sustainability(scenario, plan, flows, out_of_hours),
        scenario=scenario,
        plan=plan,
        baseline=today,
        flows=flows,
        monthly_cumulative_gbp=cumulative,
        unpriced_benefits=tuple(c.label for c in UNPRICED_BENEFITS),
        **headline,
    )


def _scalar(value: float | np.ndarray) -> float:
    """A single number from an Operations field (arrays appear only when vectorised)."""
    return float(np.asarray(value).reshape(-1)[0])


def _weekly(per_year: np.ndarray) -> float:
    return float(np.sum(per_year) / WEEKS_PER_YEAR)


def _out_of_hours(scenario: Scenario) -> float:
    profile = np.asarray(scenario.arrival_profile)
    return float(profile[np.asarray(scenario.promise.cover) == 0].sum())


def _side_headline(ops: Operations) -> SideHeadline:
    week = ops.week
    return SideHeadline(
        fte=_scalar(ops.fte_costed),
        inbound_per_week=_weekly(ops.inbound_per_year),
        replies_per_week=_weekly(ops.replies_per_year),
        share_within_target=week.share_within_target if week else 0.0,
        median_response_minutes=week.median_response_minutes if week else math.inf,
        meets_expectation_share=_scalar(ops.meets_expectation_share),
    )


def _measured_headline(scenario: Scenario) -> dict[str, float]:
    """Today as the user's inbox export measured it, where it did (the model's guess else)."""
    measured = scenario.measured_today
    if measured is None:
        return {}
    return {"share_within_target": measured.share_within(
                scenario.promise.response_target_minutes),
            "median_response_minutes": measured.median_first_response_minutes,
            "inbound_per_week": measured.inbound_per_week}


def readiness(scenario: Scenario, plan: Operations, headline: dict[str, float]) -> Readiness:
    """Can the team we plan keep the promise we make? (`present.words.readiness_text` says it.)"""
    promise = scenario.promise
    short_by = plan.fte_required - plan.fte_costed
    cover = np.asarray(promise.cover) > 0
    on_duty = (np.asarray(plan.week.hourly["agents"]) > 0 if plan.week is not None
               else np.zeros(cover.size, dtype=bool))
    unstaffed = int((cover & ~on_duty).sum())
    out_of_reach = unkeepable(scenario) if not plan.achievable else None
    if out_of_reach is not None and out_of_reach.cause is Cause.APPROVERS:
        reason = ReadinessReason.APPROVERS_HOURS
    elif not plan.achievable:
        reason = ReadinessReason.COVER_TOO_SHORT
    elif plan.week is None or not plan.week.stable:
        reason = ReadinessReason.BACKLOG_GROWS
    elif unstaffed and scenario.rota.min_people_on_duty >= 1:
        reason = ReadinessReason.COVER_UNSTAFFED
    elif short_by > FTE_TOLERANCE or headline["share_within_target"] <= 0:
        reason = ReadinessReason.SHORT_OF_STAFF
    else:
        reason = ReadinessReason.READY
    return Readiness(
        ready=reason is ReadinessReason.READY,
        reason=reason,
        inbound_per_week=_weekly(plan.inbound_per_year),
        fte_planned=_scalar(plan.fte_costed),
        fte_required=plan.fte_required,
        median_response_minutes=headline["median_response_minutes"],
        response_target_minutes=promise.response_target_minutes,
        target_share=promise.target_share,
        cover_hours=int(cover.sum()),
        unstaffed_cover_hours=unstaffed,
        out_of_reach=out_of_reach,
        edge=near_edge(scenario, plan.fte_required) if plan.achievable else None,
    )


def _week_frame(scenario: Scenario, plan: Operations) -> pd.DataFrame:
    if plan.week is not None:
        frame = plan.week.hours.copy()
    else:
        frame = pd.DataFrame({"hour": np.arange(HOURS_PER_WEEK)})
        frame["arrivals"] = np.asarray(scenario.arrival_profile) * _weekly(plan.replies_per_year)
        for name in ("agents", "capacity", "backlog", "occupancy"):
            frame[name] = 0.0
    frame["cover"] = np.asarray(scenario.promise.cover)
    frame["people_on_duty"] = (plan.rota.people_on_duty if plan.rota is not None  # 1e-9: float
                               else np.ceil(frame["agents"].to_numpy() - 1e-9)).astype(int)
    frame["inbound"] = np.asarray(scenario.arrival_profile) * _weekly(plan.inbound_per_year)
    return frame


def _annual_table(scenario: Scenario, flows: Flows) -> pd.DataFrame:
    years = scenario.appraisal.horizon_years
    months = years * MONTHS_PER_YEAR
    ramp_by_year = ramp_share(months, scenario.appraisal.ramp_months).reshape(
        years, MONTHS_PER_YEAR).mean(axis=1)
    first_year = np.arange(years) == 0
    columns: dict[str, np.ndarray] = {"year": np.arange(1, years + 1),  # Year 1 … N
                                      "discount_factor": discount_factors(years)}
    for name, values in flows.annual_gbp.items():
        columns[BY_KEY[name].label] = float(values.sum()) * (ramp_by_year if BY_KEY[name].ramped
                                                             else np.ones(years))
    for name, values in flows.one_off_gbp.items():
        columns[BY_KEY[name].label] = np.where(first_year, float(values.sum()), 0.0)
    benefits = np.sum([columns[c.label] for c in BENEFITS], axis=0)
    costs = np.sum([columns[c.label] for c in COSTS], axis=0)
    factor = columns["discount_factor"]
    columns.update({
        "benefits_gbp": benefits, "costs_gbp": costs, "net_gbp": benefits - costs,
        "pv_benefits_gbp": benefits * factor, "pv_costs_gbp": costs * factor,
        "pv_net_gbp": (benefits - costs) * factor,
        "cumulative_pv_net_gbp": np.cumsum((benefits - costs) * factor),
    })
    return pd.DataFrame(columns)


def _group_table(scenario: Scenario, plan: Operations, today: Operations,
                 flows: Flows) -> pd.DataFrame:
    pv = present_values(scenario, flows)
    benefit = sum(pv[name][:, 0] for name in keys(BENEFITS))
    direct = sum(pv[name][:, 0] for name in keys(RUNNING_COSTS))
    shared = sum(pv[name][:, 0] for name in keys(ONE_OFF_COSTS))
    work = plan.reply_hours_per_year + plan.proactive_hours_per_year
    return pd.DataFrame({
        "group": [g.group for g in scenario.groups],
        "current_level": [g.current_level for g in scenario.groups],
        "target_level": [g.target_level for g in scenario.groups],
        "inbound_per_week_today": today.inbound_per_year / WEEKS_PER_YEAR,
        "inbound_per_week": plan.inbound_per_year / WEEKS_PER_YEAR,
        "replies_per_week": plan.replies_per_year / WEEKS_PER_YEAR,
        "fte_share": work / work.sum() if work.sum() > 0 else 0.0,
        "cost_gbp": direct + shared,
        "shared_cost_gbp": shared,
        "benefit_gbp": benefit,
        "net_gbp": benefit - direct - shared,
        "why": [g.why for g in scenario.groups],
    })


def _sustainability(scenario: Scenario, plan: Operations, flows: Flows,
                    out_of_hours: float) -> Sustainability:
    open_hours = np.asarray(scenario.promise.cover) > 0
    occupancy = (plan.week.hourly["occupancy"] if plan.week is not None
                 else np.zeros(open_hours.size))[open_hours]
    fte = _scalar(plan.fte_costed)
    years = scenario.appraisal.horizon_years
    limit = scenario.staffing.max_occupancy
    running = sum(float(flows.annual_gbp[name].sum()) for name in keys(RUNNING_COSTS))
    one_off = sum(float(v.sum()) for v in flows.one_off_gbp.values())
    return Sustainability(
        replies_per_fte_per_week=(_weekly(plan.replies_per_year) / fte if fte > 0
                                  else math.inf),
        out_of_hours_share=out_of_hours,
        occupancy_limit=limit,
        share_of_open_hours_over_limit=float(np.mean(occupancy > limit)),
        mean_occupancy=float(occupancy.mean()),
        horizon_years=years,
        extra_cost_over_horizon_gbp=running * years + one_off,
        cover_hours_per_week=float(open_hours.sum()),
    )
