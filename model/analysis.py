"""Questions asked of a scenario: how sure, what matters most, how fast, what must be true.

The queue engine runs on a grid of volume and handle-time factors; everything priced is then
arithmetic over numpy arrays, so thousands of draws or break-even points are cheap. Only the
share of replies that beat people's patience is interpolated (volumes are linear in the
factors), on load at a few handle times, with nodes either side of every step (where the week
stops keeping up, or today's rota changes) and exact runs for draws across one; every draw is
within 1 % (or £5k) of its exact run on the audit's rich case (tests/model/test_monte_carlo.py).
Break-evens are bracketed on a grid, then bisected on the exact model.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.stats import norm

from model.money import money as price_flows
from model.money import monthly_net, npv, present_values
from model.queueing import week_settles
from model.registry import BY_KEY, UNCERTAIN_INPUTS
from model.result import scenario_prices
from model.scenario import Scenario, UncertainInput
from model.units import MONTHS_PER_YEAR, productive_hours_per_fte
from model.value import (
    HeldRota,
    Operations,
    _operations,
    _side,
    baseline_operations,
    plan_and_baseline,
    plan_operations,
)
from model.volumes import Behaviour

QUEUE_INPUTS = ("messages_per_follower", "handle_minutes")  # these need the queue engine
SHARE_INPUTS = ("substitution", "failure_call_share", "shrinkage")
# Shrinkage is searched (break-even) and drawn up to this share: at 100 % no one works.
MOST_SHRINKAGE = 0.9
GRID_POINTS = 5  # per queue input, between its low and high factors (tornado, break-even)
# Monte Carlo interpolates the patience share on (load = volume × handle, handle): the queue
# turns steeply with load near instability and gently with handle time at a given load.
MC_LOAD_POINTS = 12  # grid error measured ≤ 0.08 % of |NPV| (tests/model/test_monte_carlo.py)
MC_HANDLE_POINTS = 5
MC_STEP_TOLERANCE = 1e-4  # a step's load is bisected to this share of itself
# Below the load where the week stops keeping up, the load grid again, and nodes packed
# towards that load at these shares of its distance from the lowest (the share of replies
# in time bends hardest there).
MC_EDGE_POINTS = 6
MC_EDGE_SPAN = (0.25, 0.003)
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
    plan = _with_shrinkage(scenario, plan, factors, scenario.staffing.planned_fte is None)
    flows = price_flows(scenario, plan, today, scenario_prices(scenario, factors),
                        Behaviour.from_scenario(scenario, factors))
    return npv(scenario, flows)


def _with_shrinkage(scenario: Scenario, plan: Operations,
                    factors: dict[str, np.ndarray | float], on_rota: bool) -> Operations:
    """The plan's FTE when a different share of paid time is lost to leave, sickness and
    training: the rota's people on duty stay, so the FTE that staff it scale by
    (1 − shrinkage) ÷ (1 − drawn shrinkage). A team of a size the user fixed stays that size."""
    factor = factors.get("shrinkage", 1.0)
    if not on_rota or np.all(np.asarray(factor) == 1.0):
        return plan
    planned = scenario.staffing.shrinkage
    drawn = np.minimum(planned * np.asarray(factor, dtype=float), MOST_SHRINKAGE)
    hours = scenario.staffing.contract_hours_per_week
    return replace(plan, fte_costed=np.asarray(plan.fte_costed)
                   * productive_hours_per_fte(hours, planned)
                   / productive_hours_per_fte(hours, drawn))


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
    drawn: dict[str, np.ndarray | float] = {k: np.array([v]) for k, v in factors.items()}
    plan = _with_shrinkage(fixed, plan, drawn, held is not None)
    flows = price_flows(fixed, plan, today, scenario_prices(fixed, drawn),
                        Behaviour.from_scenario(fixed, drawn))
    return float(npv(fixed, flows)[0])


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


def _patience_shares(scenario: Scenario, volume: np.ndarray, handle: np.ndarray,
                     held: HeldRota | None) -> tuple[np.ndarray, np.ndarray]:
    """Plan's and today's share of replies within patience at each draw.

    Interpolated on load (volume × handle) at each of a few handle times, with nodes either
    side of every step (where the week stops keeping up, or today's rota of whole people
    changes) found by bisection on the exact engine; a draw whose neighbours across handle
    time sit on different sides of a step is run exactly. So no draw is interpolated across
    a step.
    """
    ranges = _ranges(scenario)
    grid_h = _grid(ranges.get("handle_minutes"), MC_HANDLE_POINTS)
    load = volume * handle
    grid_l = np.unique(np.r_[np.linspace(load.min(), load.max(), MC_LOAD_POINTS), 1.0])
    staffing = scenario.staffing
    plan = _SideSpec(scenario, [g.target_level for g in scenario.groups],
                     scenario.promise.cover, staffing.planned_fte, held)
    today = _SideSpec(scenario, [g.current_level for g in scenario.groups],
                      staffing.current_cover, staffing.current_fte, None)
    plan_share, today_share = (spec.shares(grid_l, grid_h, load, handle)
                               for spec in (plan, today))
    return plan_share, today_share


@dataclass(frozen=True)
class _SideSpec:
    """One side of the plan with its team fixed, run at any load and handle time."""

    scenario: Scenario
    levels: list[str]
    cover: tuple[int, ...]
    fte: float | None
    held: HeldRota | None

    def run(self, loads: np.ndarray, handle: np.ndarray | float
            ) -> tuple[np.ndarray, list[tuple[bool, bytes]]]:
        """Exact share within patience at each load (and handle factor), all weeks in one
        batch of the engine, with each week's state (stable, people on duty)."""
        handles = np.broadcast_to(np.asarray(handle, dtype=float), np.shape(loads))
        sides = [_side(self.scenario, self.levels, self.cover, self.fte, lv / h, h, self.held)
                 for lv, h in zip(loads, handles)]
        ops = _operations(self.scenario, sides, None)
        states = [(True, side.agents_per_hour(self.scenario).tobytes())
                  if o.week is not None and o.week.stable else (False, b"")
                  for o, side in zip(ops, sides)]
        return np.array([float(o.meets_expectation_share) for o in ops]), states

    def state(self, load: float, handle: float) -> tuple[bool, bytes]:
        """The week's state at a load without solving it: its people on duty when it keeps
        up (the engine's own rule), one state for every week that does not (share 0)."""
        side = _side(self.scenario, self.levels, self.cover, self.fte, load / handle, handle,
                     self.held)
        agents = side.agents_per_hour(self.scenario)
        settles = agents.sum() > 0 and week_settles(side.need.arrivals_per_hour, agents,
                                                    side.need.handle_seconds)
        return (True, agents.tobytes()) if settles else (False, b"")

    def node(self, grid_l: np.ndarray, handle: float
             ) -> tuple[np.ndarray, np.ndarray, list[tuple[bool, bytes]]]:
        """Loads, shares and states at one handle factor, with a node hard either side of
        every step between neighbouring loads (bisected on the engine's own rules)."""
        loads = [float(x) for x in grid_l]
        states = [self.state(x, handle) for x in loads]
        steps: list[float] = []
        for i in range(grid_l.size - 1):
            low_state, low = states[i], loads[i]
            while low_state != states[i + 1]:  # every step in the interval, left to right
                below, above = low, loads[i + 1]
                while above - below > MC_STEP_TOLERANCE * above:
                    middle = 0.5 * (below + above)
                    if self.state(middle, handle) == low_state:
                        below = middle
                    else:
                        above = middle
                steps += [below, above]
                low, low_state = above, self.state(above, handle)
        falls = [below for below, above in zip(steps[::2], steps[1::2])
                 if self.state(below, handle)[0] and not self.state(above, handle)[0]]
        for edge in falls[:1]:  # the share bends hardest just before the week stops keeping up
            closer = edge - (edge - loads[0]) * np.r_[
                np.linspace(1.0, 0.0, MC_LOAD_POINTS)[1:-1],
                np.geomspace(*MC_EDGE_SPAN, MC_EDGE_POINTS)]
            steps += [float(x) for x in closer if x > loads[0]]
            # The grid below the edge is laid again above; keep its ends and 1 (the centre).
            kept = [i for i, x in enumerate(loads)
                    if i == 0 or x > edge or x == 1.0 or i == len(loads) - 1]
            loads, states = [loads[i] for i in kept], [states[i] for i in kept]
        if steps:
            loads += steps
            states += [self.state(x, handle) for x in steps]
        order = np.argsort(loads, kind="stable")
        at = np.asarray(loads)[order]
        return at, self.run(at, handle)[0], [states[i] for i in order]

    def shares(self, grid_l: np.ndarray, grid_h: np.ndarray, load: np.ndarray,
               handle: np.ndarray) -> np.ndarray:
        nodes = [self.node(grid_l, float(h)) for h in grid_h]
        ids = {state: n for n, state in enumerate(dict.fromkeys(
            state for node in nodes for state in node[2]))}
        ih, wh = _cell(grid_h, handle)
        top = grid_h.size - 1
        value = np.zeros(load.size)
        exact = np.zeros(load.size, dtype=bool)
        codes: list[np.ndarray] = []
        for side in (0, 1):
            at = np.minimum(ih + side, top)
            part = np.zeros(load.size)
            code = np.full(load.size, -1)
            for j, (loads, shares, states) in enumerate(nodes):
                mine = at == j
                if not mine.any():
                    continue
                part[mine] = np.interp(load[mine], loads, shares)
                cell = np.clip(np.searchsorted(loads, load[mine], side="right") - 1, 0,
                               loads.size - 2) if loads.size > 1 else np.zeros(mine.sum(), int)
                left = np.array([ids[states[c]] for c in cell])
                right = np.array([ids[states[min(c + 1, loads.size - 1)]] for c in cell])
                exact[mine] |= left != right  # inside a step's own sliver
                code[mine] = left
            weight = wh if side else 1 - wh
            value += weight * part
            codes.append(code)
        exact |= (codes[0] != codes[1]) & (wh > 0)  # a step between the two handle times
        if exact.any():  # a week that does not keep up answers no one in time: no run
            which = np.flatnonzero(exact)
            keeps_up = np.array([self.state(float(load[i]), float(handle[i]))[0]
                                 for i in which], dtype=bool)
            value[which[~keeps_up]] = 0.0
            if keeps_up.any():
                value[which[keeps_up]] = self.run(load[which[keeps_up]],
                                                  handle[which[keeps_up]])[0]
        return value


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
    plan = _with_shrinkage(scenario, plan, factors, held is not None)
    flows = price_flows(scenario, plan, today, scenario_prices(scenario, factors),
                        Behaviour.from_scenario(scenario, factors))
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
        "shrinkage": scenario.staffing.shrinkage,
    }
    return float(values[name])


FACTOR_GRID = np.r_[np.linspace(0.0, 1.0, 101), np.geomspace(1.01, 50.0, 300)]
QUEUE_FACTOR_GRID = np.array([0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0])
# A break-even value put back gives NPV within this share of PV costs of zero; a bracket
# this narrow (as a share of the factor) that still holds a sign change is a step in NPV.
BREAK_EVEN_SHARE = 0.02
BREAK_EVEN_FACTOR_TOLERANCE = 1e-3
BREAK_EVEN_STEPS = 60
BREAK_EVEN_SETTLED = 0.05  # a side this close to zero (share of the 2 %) is the root


def break_even(scenario: Scenario) -> pd.DataFrame:
    """For each key assumption: the value at which NPV = 0, everything else held.

    Bracketed on a grid of factors, then bisected on the exact model (queue inputs re-run
    the queue and re-staff at every point) until NPV is within BREAK_EVEN_SHARE of PV costs
    of zero. Where NPV jumps over zero instead (a step in staffing or in whether the week
    keeps up), the row says so: `jump` True, the values either side of the step
    (`jump_low_value`, `jump_high_value`) and NPV there (`npv_low_gbp`, `npv_high_gbp`),
    and no single break-even value. Beside it (for `present.words.break_even_text`): whether
    the plan pays at today's value, whether it pays above the break-even value (else below
    it), and the range of values searched.
    """
    rows: list[dict[str, object]] = []
    memo: Sides = {}
    close_enough = BREAK_EVEN_SHARE * abs(_pv_costs(scenario))
    for name, label in UNCERTAIN_INPUTS.items():
        grid = QUEUE_FACTOR_GRID if name in QUEUE_INPUTS else FACTOR_GRID
        if name in SHARE_INPUTS:  # a share cannot pass 100 % (shrinkage MOST_SHRINKAGE)
            most = MOST_SHRINKAGE if name == "shrinkage" else 1.0
            grid = grid[grid * today_value(scenario, name) <= most]

        def at(factor: float, name: str = name) -> float:
            return float(_npv_at(scenario, {name: factor}, memo)[0])

        if name in QUEUE_INPUTS:
            values = np.array([at(float(f)) for f in grid])
        else:
            values = _npv_at(scenario, {name: grid}, memo)
        today = today_value(scenario, name)
        crossing = _crossing_nearest_one(grid, values, at, close_enough)
        row: dict[str, object] = {"assumption": name, "label": label, "today_value": today,
                                  "break_even_value": math.nan, "jump": False,
                                  "jump_low_value": math.nan, "jump_high_value": math.nan,
                                  "npv_low_gbp": math.nan, "npv_high_gbp": math.nan}
        if crossing is not None:
            low, high, npv_low, npv_high, root = crossing
            row["pays_above"] = npv_high > npv_low
            if root is None:
                row.update(jump=True, jump_low_value=today * low, jump_high_value=today * high,
                           npv_low_gbp=npv_low, npv_high_gbp=npv_high)
            else:
                row["break_even_value"] = today * root
        else:
            row["pays_above"] = False
        row["pays_now"] = at(1.0) > 0
        row["range_low"], row["range_high"] = today * float(grid[0]), today * float(grid[-1])
        rows.append(row)
    return pd.DataFrame(rows)


def _pv_costs(scenario: Scenario) -> float:
    plan, today = plan_and_baseline(scenario)
    flows = price_flows(scenario, plan, today, scenario_prices(scenario, {}),
                        Behaviour.from_scenario(scenario, {}))
    pv = present_values(scenario, flows)
    return float(sum(values.sum() for key, values in pv.items()
                     if BY_KEY[key].side == "cost"))


def _crossing_nearest_one(grid: np.ndarray, values: np.ndarray,
                          at: Callable[[float], float], close_enough: float
                          ) -> tuple[float, float, float, float, float | None] | None:
    """The sign change of NPV nearest factor 1, bisected: (low, high, NPV low, NPV high,
    root), root None when NPV jumps over zero between low and high (a step)."""
    sign_change = np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) <= 0)
    sign_change = sign_change[values[sign_change] != values[sign_change + 1]]
    if sign_change.size == 0:
        return None
    i = int(sign_change[np.argmin(np.abs(grid[sign_change] - 1.0))])
    low, high = float(grid[i]), float(grid[i + 1])
    npv_low, npv_high = float(values[i]), float(values[i + 1])
    for _ in range(BREAK_EVEN_STEPS):
        narrow = high - low <= BREAK_EVEN_FACTOR_TOLERANCE * high
        if narrow and abs(npv_high - npv_low) > close_enough:
            return low, high, npv_low, npv_high, None  # a step: NPV jumps over zero
        if narrow or min(abs(npv_low), abs(npv_high)) <= close_enough * BREAK_EVEN_SETTLED:
            break
        # Where the line between the ends crosses zero (secant), kept inside the bracket
        # so that a step is still narrowed down.
        guess = low - npv_low * (high - low) / (npv_high - npv_low)
        middle = min(max(guess, low + 0.1 * (high - low)), high - 0.1 * (high - low))
        value = at(middle)
        if np.sign(value) == np.sign(npv_low):
            low, npv_low = middle, value
        else:
            high, npv_high = middle, value
    root = low if abs(npv_low) < abs(npv_high) else high
    return low, high, npv_low, npv_high, root


# ---------------------------------------------------------------- cost-vs-speed frontier


def frontier(scenario: Scenario, targets_minutes: np.ndarray | list[float]) -> pd.DataFrame:
    """For each response target: the plan staffed to it on a rota of whole people (as
    Commitment staffs it), its FTE, share meeting expectations and NPV."""
    targets = np.asarray(targets_minutes, dtype=float)
    if targets.size == 0 or np.any(~np.isfinite(targets)) or np.any(targets <= 0):
        raise ValueError(f"targets_minutes = {targets.tolist()!r}: expected times > 0")
    solved = replace(scenario, staffing=replace(scenario.staffing, planned_fte=None))
    prices, behaviour = scenario_prices(scenario, {}), Behaviour.from_scenario(scenario, {})
    today = baseline_operations(scenario)  # priced the same whatever the plan promises
    fte, meets, values, achievable = (np.empty(targets.size) for _ in range(4))
    for index, minutes in enumerate(targets):
        at = replace(solved, promise=replace(solved.promise,
                                             response_target_minutes=float(minutes)))
        plan = plan_operations(at, solve=True)
        fte[index], meets[index] = plan.fte_required, plan.meets_expectation_share
        values[index] = npv(at, price_flows(at, plan, today, prices, behaviour))[0]
        achievable[index] = plan.achievable
    achievable = achievable.astype(bool)
    frame = pd.DataFrame({"target_minutes": targets, "fte_required": fte,
                          "share_meeting_expectation": meets, "npv_gbp": values,
                          "achievable": achievable})
    best = frame["npv_gbp"].where(frame["achievable"]).idxmax() if achievable.any() else None
    frame["best"] = frame.index == best
    return frame
