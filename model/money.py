"""Volumes × prices → annual flows by category and group, then discounted.

Plain arithmetic that broadcasts over arrays of prices, so Monte Carlo draws and break-even
searches cost almost nothing once operations are known. Nothing here re-derives a volume:
every count comes from `model.volumes`, and which volume times which price makes each line is
the table in `model.registry` (its `terms`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.appraisal import month_weights
from model.registry import BY_KEY, PRICED, RUNNING_COSTS, Category, keys, line_terms
from model.scenario import Scenario, base_year_money
from model.value import Operations
from model.volumes import Behaviour, Volumes, volumes


@dataclass(frozen=True)
class Prices:
    """Money inputs in the scenario's base-year prices: what each volume of a money line costs
    or saves (`model.registry.Term.prices` names them). Read `prices.of(name)`, or as an
    attribute: `prices.phone_contact_gbp`.

    Each may be an array of draws. This is the one place money inputs are converted to the base
    year (`Scenario.price_base`), so every cost and benefit is in one price year.
    """

    # Every money input of the scenario by field name (settings.csv), times its drawn factor.
    gbp: dict[str, np.ndarray | float]
    # The surge rota that keeps the promise through one of the scenario's emergencies, for the
    # plan's own team at the central case (model.surge, worked out by model.result): held as
    # draws vary, as the rota is.
    surge_rota_gbp_per_event: float

    @classmethod
    def from_scenario(cls, scenario: Scenario, factors: dict[str, np.ndarray | float],
                      surge_rota_gbp_per_event: float) -> Prices:
        return cls({name: value * factors.get(name, 1.0)
                    for name, value in base_year_money(scenario).items()},
                   surge_rota_gbp_per_event)

    def of(self, name: str) -> np.ndarray | float:
        """The price a money line's term names (`model.registry.Term.prices`)."""
        if name == "surge_rota_gbp_per_event":
            return self.surge_rota_gbp_per_event
        return self.gbp[name]

    def __getattr__(self, name: str) -> np.ndarray | float:
        try:
            return self.__dict__["gbp"][name]
        except KeyError:
            raise AttributeError(f"no price {name!r}") from None


def line_gbp(category: Category, side: Volumes, prices: Prices) -> np.ndarray:
    """One money line's £ for one side, per group: its terms, volume × inputs ÷ per × prices,
    summed."""
    total: np.ndarray | float = 0.0
    for term in line_terms(category, tuple(side.contacts_avoided_per_year)):
        value: np.ndarray | float = side.scaled(term)
        for price in term.prices:
            value = value * prices.of(price)
        total = total + value
    return np.asarray(total)


def side_flows(side: Volumes, prices: Prices) -> dict[str, np.ndarray]:
    """Annual £ per group for one side (plan or today), every priced line, before optimism bias."""
    flows = {category.key: line_gbp(category, side, prices) for category in PRICED}
    shape = np.broadcast(*flows.values()).shape
    return {name: values if np.shape(values) == shape else np.broadcast_to(values, shape)
            for name, values in flows.items()}


def running_cost_gbp_per_year(scenario: Scenario, side: Volumes, prices: Prices,
                              surge_cover: bool = False) -> float:
    """£ a year for the team, approvers and licences of one side (before optimism bias), and
    with `surge_cover` the plan's surge rota for emergencies."""
    flows = side_flows(side, prices)
    return float(sum(flows[name][:, 0].sum() for name in keys(RUNNING_COSTS)
                     if surge_cover or name != "surge_cover"))


@dataclass(frozen=True)
class Flows:
    """Annual increments (plan − today) by category key: arrays of shape (groups, draws)."""

    annual_gbp: dict[str, np.ndarray]  # running categories, per year at full adoption
    one_off_gbp: dict[str, np.ndarray]  # year-0 costs, per group
    plan: Volumes  # the volumes priced, each side
    today: Volumes


def money(scenario: Scenario, plan: Operations, today: Operations, prices: Prices,
          behaviour: Behaviour) -> Flows:
    """Each money line, plan minus today (today minus plan for a saving from fewer), with
    optimism bias on costs: running lines a year at full adoption, one-off lines at year 0."""
    plan_volumes = volumes(scenario, plan, behaviour, today.inbound_per_year)
    today_volumes = volumes(scenario, today, behaviour, today.inbound_per_year, is_plan=False)
    plan_flows = side_flows(plan_volumes, prices)
    today_flows = side_flows(today_volumes, prices)
    bias = scenario.appraisal
    annual, one_off = {}, {}
    for category in PRICED:
        change = plan_flows[category.key] - today_flows[category.key]
        change = -change if category.fewer else change
        if category.one_off:
            one_off[category.key] = change * (1 + bias.optimism_bias_setup)
        elif category.side == "cost":
            annual[category.key] = change * (1 + bias.optimism_bias_running)
        else:
            annual[category.key] = change
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
