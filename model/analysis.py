"""Questions asked of a scenario: how sure, what matters most, how fast, what must be true.

The queue engine runs on a grid of volume and handle-time factors; everything priced is then
arithmetic over numpy arrays, so thousands of draws or break-even points are cheap. Only the
share of replies that beat people's patience is interpolated (volumes are linear in the
factors); the Monte Carlo grid is dense enough that this stays within 0.5 % of |NPV| on every
draw, which tests/model/test_monte_carlo.py checks against exact runs of sampled draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.stats import norm

from model.money import Prices, monthly_net, npv
from model.money import money as price_flows
from model.registry import UNCERTAIN_INPUTS
from model.scenario import Scenario, UncertainInput
from model.units import MONTHS_PER_YEAR, SECONDS_PER_HOUR
from model.value import (
    HeldRota,
    Operations,
    _operations,
    _side,
    baseline_operations,
    plan_and_baseline,
    plan_operations,
)

QUEUE_INPUTS = ("messages_per_follower", "handle_minutes")  # these need the queue engine
SHARE_INPUTS = ("substitution", "failure_call_share")
GRID_POINTS = 5  # per queue input, between its low and high factors (tornado, break-even)
# Monte Carlo interpolates the patience share on (load = volume × handle, handle): the queue
# turns steeply with load near instability and gently with handle time at a given load.
MC_LOAD_POINTS = 12  # grid error measured ≤ 0.08 % of |NPV| (tests/model/test_monte_carlo.py)
MC_HANDLE_POINTS = 5
PAY_DRIVEN = ("phone_contact_gbp", "visit_contact_gbp", "loaded_cost_gbp_per_fte_year")
PAY_RANK_CORRELATION = 0.8  # assumption A16 in sample_data/SOURCES.md
OPS_FIELDS = ("inbound_per_year", "replies_per_year", "approvals_per_year",
              "consultation_responses_per_year", "reply_hours_per_year",
              "proactive_hours_per_year", "fte_costed", "meets_expectation_share")


def _ranges(scenario: Scenario) -> dict[str, UncertainInput]:
    return {item.name: item for item in scenario.uncertainty}


def _sides(scenario: Scenario, volume: float, handle: float, cost_required: bool = False,
           held: HeldRota | None = None) -> tuple[Operations, Operations]:
    return plan_and_baseline(scenario, volume, handle, solve=cost_required, fte_required=False,
                             held=held)


Sides = dict[tuple[float, float], tuple[Operations, Operations]]


def _npv_at(scenario: Scenario, factors: dict[str, np.ndarray | float],
            memo: Sides | None = None) -> np.ndarray:
    """NPV for arrays of price factors, with the queue at the given volume/handle factors.

    `memo` keeps the queue runs of one analysis, so price-only changes reuse them.
    """
    volume = float(np.asarray(factors.get("messages_per_follower", 1.0)).flat[0])
    handle = float(np.asarray(factors.get("handle_minutes", 1.0)).flat[0])
    memo = {} if memo is None else memo
    if (volume, handle) not in memo:
        memo[(volume, handle)] = _sides(scenario, volume, handle)
    plan, today = memo[(volume, handle)]
    flows = price_flows(scenario, plan, today, Prices.from_scenario(scenario, factors))
    return npv(scenario, flows)


# ---------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True)
class MonteCarloResult:
    npv_gbp: np.ndarray  # one value a draw
    probability_positive: float
    p10_gbp: float
    p50_gbp: float
    p90_gbp: float
    fan: pd.DataFrame  # year, p10, p50, p90 of cumulative discounted net at each year end


def _triangular_quantile(item: UncertainInput | None, u: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular (low, 1, high) factor at probabilities u."""
    if item is None or item.low_factor == item.high_factor:
        return np.ones_like(u)
    low, high = item.low_factor, item.high_factor
    mode_cdf = (1.0 - low) / (high - low)
    rising = low + np.sqrt(u * (high - low) * (1.0 - low))
    falling = high - np.sqrt((1.0 - u) * (high - low) * (high - 1.0))
    return np.where(u < mode_cdf, rising, falling)


def draw_factors(scenario: Scenario, draws: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Triangular factors for every uncertain input, one array of `draws` values each.

    Phone, visit and staff costs all follow pay: a Gaussian copula gives each pair the
    rank correlation PAY_RANK_CORRELATION through one common factor; the rest are independent.
    """
    rng = np.random.default_rng(seed)
    ranges = _ranges(scenario)
    # Spearman rs on a Gaussian copula needs Pearson 2 sin(pi rs / 6); one common factor
    # with loading sqrt(rho) gives every pair that Pearson correlation.
    loading = math.sqrt(2.0 * math.sin(math.pi * PAY_RANK_CORRELATION / 6.0))
    common = rng.standard_normal(draws)
    factors = {}
    for name in UNCERTAIN_INPUTS:
        normal = rng.standard_normal(draws)
        if name in PAY_DRIVEN:
            normal = loading * common + math.sqrt(1.0 - loading**2) * normal
        factors[name] = _triangular_quantile(ranges.get(name), norm.cdf(normal))
    return factors


def _grid(item: UncertainInput | None, points: int = GRID_POINTS) -> np.ndarray:
    if item is None:
        return np.array([1.0])
    return np.unique(np.r_[np.linspace(item.low_factor, item.high_factor, points), 1.0])


def fixed_team(scenario: Scenario) -> tuple[Scenario, HeldRota | None]:
    """The scenario with the plan's team fixed: the team solved for the central case, if any,
    and its rota of whole people held as solved.

    You hire the team, then demand varies: every draw is priced and queued with this team.
    """
    if scenario.staffing.planned_fte is not None:
        return scenario, None
    central, _ = plan_and_baseline(scenario, solve=True)
    fixed = replace(scenario, staffing=replace(scenario.staffing,
                                               planned_fte=float(central.fte_required)))
    return fixed, HeldRota.of(central)


def exact_npv(scenario: Scenario, factors: dict[str, float]) -> float:
    """NPV of one draw with its own queue runs (no grid): the check on monte_carlo."""
    fixed, held = fixed_team(scenario)
    plan, today = _sides(fixed, factors.get("messages_per_follower", 1.0),
                         factors.get("handle_minutes", 1.0), held=held)
    prices = Prices.from_scenario(fixed, {k: np.array([v]) for k, v in factors.items()})
    return float(npv(fixed, price_flows(fixed, plan, today, prices))[0])


def _interpolated_operations(scenario: Scenario, volume: np.ndarray, handle: np.ndarray,
                             held: HeldRota | None) -> tuple[Operations, Operations]:
    """Plan and today at each draw's volume/handle factors, by bilinear interpolation.

    Volumes and staff hours are linear in volume and in handle time, so the bilinear blend
    of the low / 1 / high corners is exact for them; the patience share is not, and comes
    from `_patience_shares`.
    """
    ranges = _ranges(scenario)
    grid_v = _grid(ranges.get("messages_per_follower"), 2)
    grid_h = _grid(ranges.get("handle_minutes"), 2)
    nodes = [[_sides(scenario, v, h, held=held) for h in grid_h] for v in grid_v]
    iv, wv = _cell(grid_v, volume)
    ih, wh = _cell(grid_h, handle)

    def blend(side: int) -> Operations:
        values = {}
        for name in OPS_FIELDS:
            stack = np.array([[np.asarray(getattr(n[side], name), dtype=float) for n in row]
                              for row in nodes])  # (nv, nh, groups?) values
            top_v, top_h = stack.shape[0] - 1, stack.shape[1] - 1
            corner = [stack[np.minimum(iv + a, top_v), np.minimum(ih + b, top_h)]
                      for a in (0, 1) for b in (0, 1)]
            weights = [(1 - wv if a == 0 else wv) * (1 - wh if b == 0 else wh)
                       for a in (0, 1) for b in (0, 1)]
            mixed = sum(_expand(w, c) * c for w, c in zip(weights, corner))
            values[name] = mixed.T if np.ndim(mixed) == 2 else mixed
        base = nodes[0][0][side]
        return replace(base, **values)

    meets = _patience_shares(scenario, volume, handle, held)
    return (replace(blend(0), meets_expectation_share=meets[0]),
            replace(blend(1), meets_expectation_share=meets[1]))


def _unstable_load(scenario: Scenario, levels: list[str], cover: tuple[int, ...],
                   fte: float | None, held: HeldRota | None = None) -> float:
    """The load factor (volume × handle) at which this side's week reaches its capacity."""
    side = _side(scenario, levels, cover, fte, 1.0, 1.0, held)
    work_hours = side.need.arrivals_per_hour.sum() * side.need.handle_seconds / SECONDS_PER_HOUR
    capacity_hours = float(side.agents_per_hour(scenario).sum())
    return float(capacity_hours / work_hours) if work_hours > 0 else math.inf


def _patience_shares(scenario: Scenario, volume: np.ndarray, handle: np.ndarray,
                     held: HeldRota | None) -> tuple[np.ndarray, np.ndarray]:
    """Plan's and today's share of replies within patience at each draw, interpolated on a
    (load, handle) grid whose weeks all run in one batch of the queue engine."""
    ranges = _ranges(scenario)
    grid_h = _grid(ranges.get("handle_minutes"), MC_HANDLE_POINTS)
    load = volume * handle
    staffing = scenario.staffing
    plan_levels = [g.target_level for g in scenario.groups]
    today_levels = [g.current_level for g in scenario.groups]
    # The engine's answer drops to nothing where a week's demand reaches its capacity:
    # nodes either side of each edge keep interpolation from smearing that step.
    edges = [_unstable_load(scenario, levels, cover, fte, rota) for levels, cover, fte, rota in (
        (plan_levels, scenario.promise.cover, staffing.planned_fte, held),
        (today_levels, staffing.current_cover, staffing.current_fte, None))]
    grid_l = np.unique(np.r_[np.linspace(load.min(), load.max(), MC_LOAD_POINTS), 1.0,
                             [e * (1 + d) for e in edges for d in (-1e-9, 1e-9)
                              if load.min() < e < load.max()]])
    sides = [side for lv in grid_l for h in grid_h for side in (
        _side(scenario, plan_levels, scenario.promise.cover, staffing.planned_fte, lv / h, h,
              held),
        _side(scenario, today_levels, staffing.current_cover, staffing.current_fte, lv / h, h))]
    ops = _operations(scenario, sides, None)
    shares = np.array([o.meets_expectation_share for o in ops], dtype=float).reshape(
        grid_l.size, grid_h.size, 2)
    il, wl = _cell(grid_l, load)
    ih, wh = _cell(grid_h, handle)
    top_l, top_h = grid_l.size - 1, grid_h.size - 1
    mixed = sum(((1 - wl) if a == 0 else wl)[:, None] * ((1 - wh) if b == 0 else wh)[:, None]
                * shares[np.minimum(il + a, top_l), np.minimum(ih + b, top_h)]
                for a in (0, 1) for b in (0, 1))
    return mixed[:, 0], mixed[:, 1]


def _expand(weight: np.ndarray, values: np.ndarray) -> np.ndarray:
    return weight[:, None] if values.ndim == 2 else weight


def _cell(grid: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower grid index and weight of the upper neighbour, for each value."""
    if grid.size == 1:
        return np.zeros(values.size, dtype=int), np.zeros(values.size)
    idx = np.clip(np.searchsorted(grid, values, side="right") - 1, 0, grid.size - 2)
    weight = (values - grid[idx]) / (grid[idx + 1] - grid[idx])
    return idx, np.clip(weight, 0.0, 1.0)


def monte_carlo(scenario: Scenario, draws: int = 10_000, seed: int = 0) -> MonteCarloResult:
    """Triangular draws of every uncertain input (factors low / 1 / high), all at once.

    The plan's team is the one decided for the central case (`fixed_team`); draws change
    demand, handle time, behaviour and prices, not the staffing.
    """
    if draws < 1:
        raise ValueError(f"draws = {draws!r}: expected at least 1")
    scenario, held = fixed_team(scenario)
    factors: dict[str, np.ndarray | float] = dict(draw_factors(scenario, draws, seed))
    plan, today = _interpolated_operations(scenario,
                                           np.asarray(factors["messages_per_follower"]),
                                           np.asarray(factors["handle_minutes"]), held)
    flows = price_flows(scenario, plan, today, Prices.from_scenario(scenario, factors))
    monthly = monthly_net(scenario, flows)  # (months, draws)
    values = monthly.sum(axis=0)
    year_end = np.cumsum(monthly, axis=0)[MONTHS_PER_YEAR - 1 :: MONTHS_PER_YEAR]
    p10, p50, p90 = np.percentile(year_end, [10, 50, 90], axis=1)
    fan = pd.DataFrame({"year": np.arange(1, year_end.shape[0] + 1), "p10_gbp": p10,
                        "p50_gbp": p50, "p90_gbp": p90})
    q10, q50, q90 = np.percentile(values, [10, 50, 90])
    return MonteCarloResult(values, float(np.mean(values > 0)), float(q10), float(q50),
                            float(q90), fan)


# ---------------------------------------------------------------- tornado


def tornado(scenario: Scenario) -> pd.DataFrame:
    """NPV with each uncertain input at its low and high, others at their likely values."""
    rows: list[dict[str, object]] = []
    memo: Sides = {}
    for item in scenario.uncertainty:
        npv_low, npv_high = (float(_npv_at(scenario, {item.name: f}, memo)[0])
                             for f in (item.low_factor, item.high_factor))
        rows.append({
            "input": item.name, "label": UNCERTAIN_INPUTS[item.name],
            "low_value": today_value(scenario, item.name) * item.low_factor,
            "high_value": today_value(scenario, item.name) * item.high_factor,
            "npv_low_gbp": npv_low, "npv_high_gbp": npv_high,
            "swing_gbp": abs(npv_high - npv_low),
        })
    columns = ["input", "label", "low_value", "high_value", "npv_low_gbp", "npv_high_gbp",
               "swing_gbp"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("swing_gbp", ascending=False, ignore_index=True)


# ---------------------------------------------------------------- what would have to be true


def today_value(scenario: Scenario, name: str) -> float:
    """The scenario's value of an assumption (averages across groups where it varies)."""
    econ, groups = scenario.economics, scenario.groups
    followers = np.array(scenario.followers())
    weight = followers / followers.sum() if followers.sum() > 0 else np.ones(len(groups))
    values = {
        "phone_contact_gbp": econ.phone_contact_gbp,
        "visit_contact_gbp": econ.visit_contact_gbp,
        "substitution": float(weight @ [g.phone_substitution_share for g in groups]),
        "readers_per_public_reply": econ.readers_per_public_reply,
        "failure_call_share": econ.failure_call_share,
        "messages_per_follower": float(weight @ [g.messages_per_follower_per_year for g in groups]),
        "handle_minutes": float(np.mean([scenario.level(g.target_level).handle_minutes
                                         for g in groups])),
        "loaded_cost_gbp_per_fte_year": scenario.staffing.loaded_cost_gbp_per_fte_year,
    }
    return float(values[name])


FACTOR_GRID = np.r_[np.linspace(0.0, 1.0, 101), np.geomspace(1.01, 50.0, 300)]
QUEUE_FACTOR_GRID = np.array([0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0])


def break_even(scenario: Scenario) -> pd.DataFrame:
    """For each key assumption: the value at which NPV = 0, everything else held.

    Beside it (for `present.words.break_even_text`): whether the plan pays at today's value, whether
    it pays above the break-even value (else below it), and the range of values searched.
    """
    rows: list[dict[str, object]] = []
    memo: Sides = {}
    for name, label in UNCERTAIN_INPUTS.items():
        grid = QUEUE_FACTOR_GRID if name in QUEUE_INPUTS else FACTOR_GRID
        if name in SHARE_INPUTS:  # a share cannot pass 100 %
            grid = grid[grid * today_value(scenario, name) <= 1.0]
        if name in QUEUE_INPUTS:
            values = np.array([float(_npv_at(scenario, {name: f}, memo)[0]) for f in grid])
        else:
            values = _npv_at(scenario, {name: grid}, memo)
        factor = _root_nearest_one(grid, values)
        today = today_value(scenario, name)
        rows.append({"assumption": name, "label": label, "today_value": today,
                     "break_even_value": today * factor if factor is not None else math.nan,
                     **_which_side_pays(today, factor, grid, values)})
    return pd.DataFrame(rows)


def _root_nearest_one(grid: np.ndarray, values: np.ndarray) -> float | None:
    sign_change = np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) <= 0)
    sign_change = sign_change[values[sign_change] != values[sign_change + 1]]
    if sign_change.size == 0:
        return None
    i = sign_change[np.argmin(np.abs(grid[sign_change] - 1.0))]
    return float(grid[i] - values[i] * (grid[i + 1] - grid[i]) / (values[i + 1] - values[i]))


def _which_side_pays(today: float, factor: float | None, grid: np.ndarray,
                     values: np.ndarray) -> dict[str, object]:
    rising = factor is not None and float(np.interp(factor * 1.01 + 1e-9, grid, values)) > 0
    return {"pays_now": float(np.interp(1.0, grid, values)) > 0, "pays_above": rising,
            "range_low": today * float(grid[0]), "range_high": today * float(grid[-1])}


# ---------------------------------------------------------------- cost-vs-speed frontier


def frontier(scenario: Scenario, targets_minutes: np.ndarray | list[float]) -> pd.DataFrame:
    """For each response target: the plan staffed to it on a rota of whole people (as
    Commitment staffs it), its FTE, share meeting expectations and NPV."""
    targets = np.asarray(targets_minutes, dtype=float)
    if targets.size == 0 or np.any(~np.isfinite(targets)) or np.any(targets <= 0):
        raise ValueError(f"targets_minutes = {targets.tolist()!r}: expected times > 0")
    solved = replace(scenario, staffing=replace(scenario.staffing, planned_fte=None))
    prices = Prices.from_scenario(scenario, {})
    today = baseline_operations(scenario)  # priced the same whatever the plan promises
    fte, meets, values, achievable = (np.empty(targets.size) for _ in range(4))
    for index, minutes in enumerate(targets):
        at = replace(solved, promise=replace(solved.promise,
                                             response_target_minutes=float(minutes)))
        plan = plan_operations(at, solve=True)
        fte[index], meets[index] = plan.fte_required, plan.meets_expectation_share
        values[index] = npv(at, price_flows(at, plan, today, prices))[0]
        achievable[index] = plan.achievable
    achievable = achievable.astype(bool)
    frame = pd.DataFrame({"target_minutes": targets, "fte_required": fte,
                          "share_meeting_expectation": meets, "npv_gbp": values,
                          "achievable": achievable})
    best = frame["npv_gbp"].where(frame["achievable"]).idxmax() if achievable.any() else None
    frame["best"] = frame.index == best
    return frame
