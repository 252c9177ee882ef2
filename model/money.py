"""Volumes × prices → annual flows by category and group, then discounted.

Plain arithmetic that broadcasts over arrays of prices, so Monte Carlo draws and break-even
searches cost almost nothing once operations are known. Nothing here re-derives a volume:
every count comes from `model.volumes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from model.appraisal import month_weights
from model.registry import BY_KEY, RUNNING_COSTS, keys
from model.scenario import Scenario, money_fields
from model.value import Operations
from model.volumes import Behaviour, Volumes, column, volumes


@dataclass(frozen=True)
class Prices:
    """Money inputs in the scenario's base-year prices, and the behaviour behind the volumes.

    Each may be an array of draws. This is the one place money inputs are converted to the base
    year (`Scenario.price_base`), so every cost and benefit is in one price year.
    """

    phone_contact_gbp: np.ndarray | float
    visit_contact_gbp: np.ndarray | float
    loaded_cost_gbp_per_fte_year: np.ndarray | float
    complaint_gbp: float
    consultation_response_gbp: float
    approver_gbp_per_hour: float
    licence_gbp_per_seat_per_year: float
    training_gbp_per_new_fte: float
    setup_gbp: float
    behaviour: Behaviour

    @classmethod
    def from_scenario(cls, scenario: Scenario, factors: dict[str, np.ndarray | float]) -> Prices:
        base = base_year_money(scenario)
        drawn: dict[str, Any] = {name: base[name] * factors.get(name, 1.0) for name in
                 ("phone_contact_gbp", "visit_contact_gbp", "loaded_cost_gbp_per_fte_year")}
        fixed = {name: base[name] for name in
                 ("complaint_gbp", "consultation_response_gbp", "approver_gbp_per_hour",
                  "licence_gbp_per_seat_per_year", "training_gbp_per_new_fte", "setup_gbp")}
        return cls(**drawn, **fixed, behaviour=Behaviour.from_scenario(scenario, factors))


def base_year_money(scenario: Scenario) -> dict[str, float]:
    """Every money input of the scenario, by field name, in its base-year prices."""
    parts = (scenario.staffing, scenario.economics)
    return {name: getattr(next(p for p in parts if hasattr(p, name)), name)
            * scenario.price_base.factor(name) for name in money_fields()}


def side_flows(side: Volumes, prices: Prices) -> dict[str, np.ndarray]:
    """Annual £ per group for one side (plan or today): benefits as savings, costs as costs."""
    phone = prices.phone_contact_gbp
    fte = np.asarray(side.fte_costed)
    work_share = _shares(side.reply_hours_per_year + side.proactive_hours_per_year,
                         side.replies_per_year)
    reply_share = _shares(side.replies_per_year, side.inbound_per_year)
    flows = {
        "calls_and_visits_avoided": side.phone_calls_avoided_per_year * phone
        + side.visits_avoided_per_year * prices.visit_contact_gbp,
        "failure_demand_avoided": -(side.chaser_calls_per_year * phone
                                    + side.complaints_per_year * prices.complaint_gbp),
        "one_answer_seen_by_many": side.calls_avoided_by_readers_per_year * phone,
        "consultation_responses": side.consultation_responses_per_year
        * prices.consultation_response_gbp,
        "engagement_team": (work_share * fte * side.staff_pay_factor
                            * prices.loaded_cost_gbp_per_fte_year),
        "approvers_time": side.approver_hours_per_year * prices.approver_gbp_per_hour,
        "tool_licences": reply_share * side.seats * prices.licence_gbp_per_seat_per_year,
    }
    shape = np.broadcast(*flows.values()).shape
    return {name: values if np.shape(values) == shape else np.broadcast_to(values, shape)
            for name, values in flows.items()}


def running_cost_gbp_per_year(scenario: Scenario, side: Volumes, prices: Prices) -> float:
    """£ a year for the team, approvers and licences of one side (before optimism bias)."""
    flows = side_flows(side, prices)
    return float(sum(flows[name][:, 0].sum() for name in keys(RUNNING_COSTS)))


def _shares(values: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Each group's share of the total (per draw); falls back to another measure, then equal."""
    values, fallback = column(values), column(fallback)
    total = values.sum(axis=0, keepdims=True)
    if (total > 0).all() and fallback.shape[1] in (1, values.shape[1]):
        return values / total  # what the general case below gives, with less work
    fallback_total = fallback.sum(axis=0, keepdims=True)
    equal = np.ones_like(values) / values.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, values / total,
                        np.where(fallback_total > 0, fallback / fallback_total, equal))


@dataclass(frozen=True)
class Flows:
    """Annual increments (plan − today) by category key: arrays of shape (groups, draws)."""

    annual_gbp: dict[str, np.ndarray]  # running categories, per year at full adoption
    one_off_gbp: dict[str, np.ndarray]  # year-0 costs, per group
    plan: Volumes  # the volumes priced, each side
    today: Volumes


def money(scenario: Scenario, plan: Operations, today: Operations, prices: Prices) -> Flows:
    plan_volumes = volumes(scenario, plan, prices.behaviour, today.inbound_per_year)
    today_volumes = volumes(scenario, today, prices.behaviour, today.inbound_per_year)
    plan_flows = side_flows(plan_volumes, prices)
    today_flows = side_flows(today_volumes, prices)
    bias = scenario.appraisal
    annual = {name: plan_flows[name] - today_flows[name] for name in plan_flows}
    for name in keys(RUNNING_COSTS):
        annual[name] = annual[name] * (1 + bias.optimism_bias_running)
    shares = _shares(plan.replies_per_year, plan.inbound_per_year)
    new_fte = np.maximum(np.asarray(plan.fte_costed) - scenario.staffing.current_fte, 0.0)
    setup_uplift = 1 + bias.optimism_bias_setup
    one_off = {
        "training": shares * new_fte * prices.training_gbp_per_new_fte * setup_uplift,
        "set_up": shares * prices.setup_gbp * setup_uplift,
    }
    return Flows(annual_gbp=annual, one_off_gbp=one_off, plan=plan_volumes, today=today_volumes)


def monthly_net(scenario: Scenario, flows: Flows) -> np.ndarray:
    """Discounted net benefit by month, summed over groups: shape (months, draws)."""
    flat, ramped = month_weights(scenario.appraisal.horizon_years, scenario.appraisal.ramp_months)
    net = np.zeros((flat.size, 1))
    for name, values in flows.annual_gbp.items():
        sign = 1.0 if BY_KEY[name].side == "benefit" else -1.0
        weights = ramped if BY_KEY[name].ramped else flat
        net = net + sign * weights[:, None] * values.sum(axis=0)[None, :]
    one_off = sum(v.sum(axis=0) for v in flows.one_off_gbp.values())
    net[0] = net[0] - one_off
    return net


def npv(scenario: Scenario, flows: Flows) -> np.ndarray:
    """Net present value per draw."""
    return monthly_net(scenario, flows).sum(axis=0)


def present_values(scenario: Scenario, flows: Flows) -> dict[str, np.ndarray]:
    """PV by category and group: {category: array (groups, draws)}; costs positive."""
    flat, ramped = month_weights(scenario.appraisal.horizon_years, scenario.appraisal.ramp_months)
    values = {name: (ramped if BY_KEY[name].ramped else flat).sum() * flow
              for name, flow in flows.annual_gbp.items()}
    values.update(flows.one_off_gbp)
    return values
