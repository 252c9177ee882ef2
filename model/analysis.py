"""Questions asked of a scenario: how sure, what matters most, how fast, what must be true.

The queue engine runs on a grid of volume and handle-time factors; everything priced is then
arithmetic over numpy arrays, so thousands of draws or break-even points are cheap. Only the
share of replies that beat people's patience is interpolated (volumes and hours are bilinear
in the factors): each week of a fixed team's absence mix on its own Chebyshev grid, whose
edge is the load at which that week stops keeping up (`_SideWeeks`), so no draw is
interpolated across a step; the grid's weeks are kept for the next run. Every draw is within
1 % (or £5k) of its exact run on the sample and the audit's rich case
(tests/model/test_monte_carlo.py). Break-evens are bracketed on a grid, then bisected on the
exact model.
"""

from __future__ import annotations

import contextvars
import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.special import ndtr  # the standard Normal CDF (scipy.stats takes 0.5 s to load)

from model.money import money as price_flows
from model.money import monthly_net, npv, present_values
from model.queueing import CELLS_PER_HOUR, SETTLE_WEEKS, WeekInputs, WeekResult, simulate_chain
from model.registry import BY_KEY
from model.result import scenario_prices
from model.scenario import CONTACT_PRICE, Scenario, UncertainInput
from model.units import MONTHS_PER_YEAR, SECONDS_PER_HOUR, productive_hours_per_fte
from model.value import (
    HeldRota,
    Operations,
    _absence_mixes,
    _Side,
    _side,
    baseline_operations,
    demand,
    patience_met,
    plan_and_baseline,
    plan_operations,
)
from model.volumes import Behaviour

QUEUE_INPUTS = ("messages_per_follower", "handle_minutes")  # these need the queue engine
SHARE_INPUTS = ("substitution", "failure_call_share", "shrinkage")
# Shrinkage is searched (break-even) and drawn up to this share: at 100 % no one works.
MOST_SHRINKAGE = 0.9
GRID_POINTS = 5  # per queue input, between its low and high factors (tornado, break-even)
# Monte Carlo interpolates each week's patience share on Chebyshev nodes: this many in the
# handle factor, and this many in t = √(1 − volume ÷ the volume at the week's step), where
# it stops keeping up (see `_SideWeeks`). With 8 in t the worst checked draw of the sample,
# the audit's rich case and the absence case is as near its exact run as with 9 (17 %,
# 17 % and 7 % of the error allowed; 7 nodes: 34 % on the rich case; 2 in handle: over
# 100 %), and each week's step has one costly node fewer beside it.
MC_HANDLE_NODES = 3
MC_STEP_NODES = 8
MC_MOST_THREADS = 4  # node weeks solved at once at most (one a core)
MC_BISECTIONS = 60  # halvings of the handle range to find where a step enters the draws
MC_STEP_INSIDE = 1e-9  # the node at a step is taken this share of the volume inside it
# A node week is repeated until its distribution moves less than this in a week (total
# variation): its shares are then within about 2e-5 of the engine's own (1e-6), a hundredth
# of what interpolating between the nodes leaves, and a week near its step settles in a
# third fewer repeats.
MC_NODE_TOLERANCE = 1e-5
def pay_driven(name: str) -> bool:
    """Whether an uncertain input follows pay: staff cost, and the price of a contact on any
    channel, each mostly the time of the staff who handle it (assumption A16)."""
    return name == "loaded_cost_gbp_per_fte_year" or name.endswith(CONTACT_PRICE)


PAY_RANK_CORRELATION = 0.8  # assumption A16 in sample_data/SOURCES.md
DEMAND_FIELDS = ("inbound_per_year", "replies_per_year", "approvals_per_year",
                 "consultation_responses_per_year", "reply_hours_per_year",
                 "proactive_hours_per_year")


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
    for name in scenario.uncertain_inputs():  # a channel added as data draws last
        normal = rng.standard_normal(draws)
        if pay_driven(name):
            normal = loading * common + math.sqrt(1.0 - loading**2) * normal
        factors[name] = _triangular_quantile(ranges.get(name), ndtr(normal))
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
    """Plan and today at each draw's volume/handle factors.

    Volumes and staff hours are linear in volume and in handle time (bilinear together), so
    the bilinear blend of the demand at the low / 1 / high corners is exact for them; the
    team, its pay and its FTE are the central case's (held); the patience share is not
    linear, and comes from `_patience_shares`.
    """
    ranges = _ranges(scenario)
    grid_v = _grid(ranges.get("messages_per_follower"), 2)
    grid_h = _grid(ranges.get("handle_minutes"), 2)
    central = _sides(scenario, 1.0, 1.0, held=held)
    levels = _side_levels(scenario)
    iv, wv = _cell(grid_v, volume)
    ih, wh = _cell(grid_h, handle)

    def blend(side: int) -> Operations:
        nodes = [[demand(scenario, levels[side], float(v), float(h)) for h in grid_h]
                 for v in grid_v]
        values = {}
        for name in DEMAND_FIELDS:
            stack = np.array([[np.asarray(getattr(n, name), dtype=float) for n in row]
                              for row in nodes])  # (nv, nh, groups) values
            top_v, top_h = stack.shape[0] - 1, stack.shape[1] - 1
            corner = [stack[np.minimum(iv + a, top_v), np.minimum(ih + b, top_h)]
                      for a in (0, 1) for b in (0, 1)]
            weights = [(1 - wv if a == 0 else wv) * (1 - wh if b == 0 else wh)
                       for a in (0, 1) for b in (0, 1)]
            mixed = sum(_expand(w, c) * c for w, c in zip(weights, corner))
            values[name] = mixed.T if np.ndim(mixed) == 2 else mixed
        return replace(central[side], **values)

    meets = _patience_shares(scenario, volume, handle, held)
    return (replace(blend(0), meets_expectation_share=meets[0]),
            replace(blend(1), meets_expectation_share=meets[1]))


def _side_levels(scenario: Scenario) -> tuple[list[str], list[str]]:
    return ([g.target_level for g in scenario.groups],
            [g.current_level for g in scenario.groups])


def _patience_shares(scenario: Scenario, volume: np.ndarray, handle: np.ndarray,
                     held: HeldRota | None) -> tuple[np.ndarray, np.ndarray]:
    """Plan's and today's share of replies within patience at each draw (`_SideWeeks`)."""
    staffing = scenario.staffing
    plan_levels, today_levels = _side_levels(scenario)
    ranges = _ranges(scenario)
    bounds = (_factor_bounds(ranges.get("messages_per_follower"), volume),
              _factor_bounds(ranges.get("handle_minutes"), handle))
    plan = _SideWeeks(scenario, tuple(plan_levels), scenario.promise.cover,
                      staffing.planned_fte, held, True)
    today = _SideWeeks(scenario, tuple(today_levels), staffing.current_cover,
                       staffing.current_fte, None, False)
    return plan.shares(volume, handle, *bounds), today.shares(volume, handle, *bounds)


def _factor_bounds(item: UncertainInput | None, drawn: np.ndarray) -> tuple[float, float]:
    """The factor's range (low, high), widened to any draw outside it."""
    low, high = (1.0, 1.0) if item is None else (item.low_factor, item.high_factor)
    return min(low, float(drawn.min())), max(high, float(drawn.max()))


@dataclass(frozen=True)
class _SideWeeks:
    """One side of the plan with its team fixed, at any volume and handle factor.

    The team is laid out for the central case it was hired for (`value._side`), so its
    people, and the weeks of its absence mix (each mix of people present, with how often it
    happens), are the same in every draw; only the arrivals (∝ volume) and the handle time
    (affine in its factor) change. The side's share within patience is then the mix of its
    weeks' shares: a week that does not keep up (the engine's own rule, `week_settles`,
    which has a closed form in volume) or has no one present answers no one in time, and
    the side answers no one in time when its full team's week does not keep up.

    Each week's share is interpolated on its own grid (`_WeekGrid`), in handle factor and in
    t = √(1 − volume ÷ the volume at which that week stops keeping up), with Chebyshev
    nodes: t = 0 is that week's step, so no draw is interpolated across one, and the share,
    which bends hardest just before the step, is smooth in t. Its nodes are memoised on the
    weeks' inputs (`_week_shares`), so a new seed or a price change solves no week again.
    """

    scenario: Scenario
    levels: tuple[str, ...]
    cover: tuple[int, ...]
    fte: float | None
    held: HeldRota | None
    as_promised: bool

    def side(self, volume: float, handle: float) -> _Side:
        return _side(self.scenario, list(self.levels), self.cover, self.fte, volume, handle,
                     self.held, self.as_promised)

    def shares(self, volume: np.ndarray, handle: np.ndarray, volume_bounds: tuple[float, float],
               handle_bounds: tuple[float, float]) -> np.ndarray:
        central = self.side(1.0, 1.0)
        everyone = central.agents_per_hour(self.scenario)
        if everyone.sum() <= 0:
            return np.zeros(volume.size)
        mix = _absence_mixes(self.scenario, central) or [
            (1.0, everyone, central.on_break(self.scenario))]
        arrivals = float(central.need.arrivals_per_hour.sum())  # at volume factor 1
        seconds = _affine_handle_seconds(self.scenario, list(self.levels))
        never = float(patience_met(self.scenario, np.array([math.inf]))[0])
        total = np.zeros(volume.size)
        full_keeps_up = np.zeros(volume.size, dtype=bool)
        for weight, people, breaks in mix:
            answering_hours = float(np.sum(people)) - float(np.sum(breaks)) / CELLS_PER_HOUR
            capacity = answering_hours * SECONDS_PER_HOUR / seconds(handle)
            keeps_up = _keeps_up(volume * arrivals, capacity) if np.sum(people) > 0 else (
                np.zeros(volume.size, dtype=bool))
            if np.array_equal(people, everyone):
                full_keeps_up = keeps_up
            share = np.full(volume.size, never)
            if keeps_up.any():
                week = _WeekGrid(self, np.asarray(people, dtype=float), breaks, arrivals,
                                 seconds, volume_bounds, handle_bounds)
                share[keeps_up] = week.shares(volume[keeps_up], handle[keeps_up])
            total += weight * share
        return np.where(full_keeps_up, total, 0.0)


def _affine_handle_seconds(scenario: Scenario, levels: list[str]
                           ) -> Callable[[np.ndarray], np.ndarray]:
    """Seconds of staff time a reply in the queue, as a function of the handle factor: the
    writing scales with it, the triage does not (`value.demand`), so it is affine."""
    at_one = demand(scenario, levels, 1.0, 1.0).handle_seconds
    slope = demand(scenario, levels, 1.0, 2.0).handle_seconds - at_one

    def seconds(handle: np.ndarray) -> np.ndarray:
        return np.asarray(at_one + slope * (np.asarray(handle, dtype=float) - 1.0))

    return seconds


def _keeps_up(demand_per_week: np.ndarray, capacity_per_week: np.ndarray | float
              ) -> np.ndarray:
    """`queueing.week_settles` for arrays: demand below capacity, and the backlog carried
    from week to week settling within SETTLE_WEEKS (or no demand)."""
    spare = capacity_per_week - demand_per_week
    with np.errstate(divide="ignore", invalid="ignore"):
        settle_weeks = (demand_per_week + capacity_per_week) / spare**2
    return np.asarray((demand_per_week == 0) | ((spare > 0) & (settle_weeks <= SETTLE_WEEKS)))


def _volume_at_step(arrivals_per_week: float, capacity_per_week: np.ndarray) -> np.ndarray:
    """The volume factor at which a week stops keeping up (`_keeps_up`): its spare capacity s
    solves SETTLE_WEEKS s² = 2 capacity − s. Infinite with no arrivals."""
    spare = (np.sqrt(1.0 + 8.0 * SETTLE_WEEKS * capacity_per_week) - 1.0) / (2.0 * SETTLE_WEEKS)
    if arrivals_per_week <= 0:
        return np.full(np.shape(capacity_per_week), math.inf)
    return np.asarray(np.maximum(capacity_per_week - spare, 0.0) / arrivals_per_week)


class _WeekGrid:
    """One week of a side (one mix of people present) on Chebyshev nodes in handle factor
    and t = √(1 − volume ÷ a reference volume), t ≥ 0 where the week keeps up.

    Where the draws reach the week's step, the reference is the volume at the step (t = 0
    on it); where they do not, a fixed volume at or below it. When the step enters the
    draws' range part-way along the handle factors (at `h_k`), the grid is two pieces: below
    `h_k` the reference is the top volume drawn, so the nodes stay among the draws, away
    from the step's volume at short handle times, where a week takes longest to solve.
    """

    def __init__(self, side: _SideWeeks, people: np.ndarray, breaks: np.ndarray,
                 arrivals_per_week: float, seconds: Callable[[np.ndarray], np.ndarray],
                 volume_bounds: tuple[float, float], handle_bounds: tuple[float, float]):
        self.side, self.people, self.breaks = side, people, breaks
        # Capacity counts those answering: the people on duty less those on their break.
        answering_hours = float(people.sum()) - float(np.sum(breaks)) / CELLS_PER_HOUR
        self.capacity = answering_hours * SECONDS_PER_HOUR
        self.arrivals, self.seconds = arrivals_per_week, seconds
        low_v, high_v = volume_bounds
        low_h, high_h = handle_bounds
        self.handle_span = high_h - low_h
        step_low_h, step_high_h = (float(x) for x in self.step(np.array(handle_bounds)))
        self.pieces: list[_Piece] = []
        if not math.isfinite(step_low_h):  # no arrivals: volume changes nothing
            self.pieces.append(self._piece(low_h, high_h, None, 0.0, 0.0))
        elif step_high_h >= high_v or step_low_h <= high_v:  # the step: outside, or all along
            self.pieces.append(self._piece(low_h, high_h, None,
                                           _t_at(high_v, step_high_h), _t_at(low_v, step_low_h)))
        else:
            h_k = self._handle_at_step(high_v, low_h, high_h)
            step_k = float(self.step(np.array([h_k]))[0])
            self.pieces.append(self._piece(low_h, h_k, step_k, 0.0, _t_at(low_v, step_k)))
            self.pieces.append(self._piece(h_k, high_h, None, 0.0, _t_at(low_v, step_k)))
        # Every piece's node weeks in one pass: the chains near the step run side by side.
        inputs = [self._node_inputs(piece) for piece in self.pieces]
        shares = _week_shares(side.scenario, [week for weeks in inputs for week in weeks])
        for piece, weeks in zip(self.pieces, inputs):
            piece.values = shares[:len(weeks)].reshape(piece.handle_nodes.size, -1)
            shares = shares[len(weeks):]

    def step(self, handle: np.ndarray) -> np.ndarray:
        """The volume factor at which the week stops keeping up (falls as handle rises)."""
        return _volume_at_step(self.arrivals, self.capacity / self.seconds(handle))

    def _handle_at_step(self, volume: float, low: float, high: float) -> float:
        """The handle factor at which the step is at `volume` (between low and high)."""
        for _ in range(MC_BISECTIONS):
            middle = 0.5 * (low + high)
            if float(self.step(np.array([middle]))[0]) > volume:
                low = middle
            else:
                high = middle
        return high

    def _piece(self, low_h: float, high_h: float, reference: float | None, low_t: float,
               high_t: float) -> _Piece:
        # Measured from the step, the share changes little with the handle factor: a piece
        # so measured, narrower than the handle range, takes fewer handle nodes (at least 2).
        share = (high_h - low_h) / max(self.handle_span, 1e-12)
        count = (MC_HANDLE_NODES if reference is not None
                 else max(2, math.ceil(MC_HANDLE_NODES * share - 1e-9)))
        return _Piece(_chebyshev(low_h, high_h, count), reference,
                      _chebyshev(low_t, high_t, MC_STEP_NODES), high_h)

    def _node_inputs(self, piece: _Piece) -> list[WeekInputs]:
        """The week at each of the piece's nodes (handle node by handle node, t within)."""
        handle, t = np.meshgrid(piece.handle_nodes, piece.t_nodes, indexing="ij")
        volume = self._reference(piece, handle.ravel()) * (1.0 - t.ravel() ** 2)
        volume = np.where(np.isfinite(volume), volume, 1.0)
        # A node at the step itself is taken a hair inside it (the engine's rule is ≤).
        volume = np.where(t.ravel() == 0.0, volume * (1.0 - MC_STEP_INSIDE), volume)
        sides = [self.side.side(float(v), float(h)) for v, h in zip(volume, handle.ravel())]
        return [s.week_inputs(self.side.scenario, self.people, self.breaks) for s in sides]

    def _reference(self, piece: _Piece, handle: np.ndarray) -> np.ndarray:
        if piece.reference is not None:
            return np.full(handle.size, piece.reference)
        return self.step(handle)

    def shares(self, volume: np.ndarray, handle: np.ndarray) -> np.ndarray:
        """The week's share within patience at each draw (all keep up)."""
        result = np.zeros(volume.size)
        done = np.zeros(volume.size, dtype=bool)
        for piece in self.pieces:
            mine = ~done & (handle <= piece.top_handle)
            if piece is self.pieces[-1]:
                mine = ~done
            done |= mine
            reference = self._reference(piece, handle[mine])
            t = (np.sqrt(np.clip(1.0 - volume[mine] / reference, 0.0, 1.0))
                 if np.isfinite(reference).all() else np.zeros(int(mine.sum())))
            across_t = _lagrange(piece.t_nodes, t)  # (draws, t nodes)
            across_h = _lagrange(piece.handle_nodes, handle[mine])  # (draws, handle nodes)
            result[mine] = np.einsum("di,ij,dj->d", across_h, piece.values, across_t)
        return result


@dataclass
class _Piece:
    """Part of a `_WeekGrid`: its nodes, its reference volume (None: the step's), the top
    handle factor it serves, and the week's share at each node (handle nodes, t nodes)."""

    handle_nodes: np.ndarray
    reference: float | None
    t_nodes: np.ndarray
    top_handle: float
    values: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


def _t_at(volume: float, reference: float) -> float:
    return math.sqrt(max(1.0 - volume / reference, 0.0)) if math.isfinite(reference) else 0.0


def _chebyshev(low: float, high: float, count: int) -> np.ndarray:
    """Chebyshev points of the second kind (ends included) on [low, high]; one if equal."""
    if high - low <= 1e-12 * max(abs(high), 1.0):
        return np.array([0.5 * (low + high)])
    return low + (high - low) * 0.5 * (1.0 - np.cos(np.pi * np.arange(count) / (count - 1)))


def _lagrange(nodes: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Each Lagrange basis polynomial on Chebyshev points `nodes` at each of `at`, by the
    barycentric formula: (points, nodes)."""
    if nodes.size == 1:
        return np.ones((at.size, 1))
    weights = (-1.0) ** np.arange(nodes.size)
    weights[[0, -1]] *= 0.5
    gap = at[:, None] - nodes[None, :]
    on_node = gap == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = weights / gap
    terms = np.where(on_node.any(axis=1)[:, None], on_node.astype(float), terms)
    return np.asarray(terms / terms.sum(axis=1, keepdims=True))


def _solved_weeks(inputs: list[WeekInputs], target_seconds: float,
                  approval_delay_hours: float) -> list[WeekResult]:
    """The node weeks solved exactly, one chain for each handle time (`simulate_chain`): a
    chain runs at rising volume, each week repeated from the one before's distribution, so
    the weeks near the step settle in a few repeats. The chains are spread over the
    machine's cores (the compiled queue kernels release the GIL), the busiest first; each in
    the calling thread's context, so its time budget (`model.budget`) still holds."""
    chains: dict[float, list[int]] = {}
    for i, week in enumerate(inputs):  # one handle time (to rounding: the triage's share)
        chains.setdefault(round(week.handle_seconds, 6), []).append(i)
    ordered = [sorted(chain, key=lambda i: float(inputs[i].arrivals_per_hour.sum()))
               for chain in chains.values()]
    ordered.sort(key=lambda chain: -float(inputs[chain[-1]].arrivals_per_hour.sum()
                                          * inputs[chain[-1]].handle_seconds))
    found: dict[int, WeekResult] = {}

    def solve(chain: list[int]) -> None:
        weeks = simulate_chain([inputs[i] for i in chain], target_seconds, approval_delay_hours,
                               MC_NODE_TOLERANCE)
        found.update(zip(chain, weeks))

    workers = min(len(ordered), os.cpu_count() or 1, MC_MOST_THREADS)
    if workers <= 1:
        for chain in ordered:
            solve(chain)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(contextvars.copy_context().run, solve, chain)
                           for chain in ordered]:
                future.result()
    return [found[i] for i in range(len(inputs))]


_NodeKey = tuple[object, ...]
_NODE_SHARES: dict[_NodeKey, float] = {}
_NODE_LOCK = threading.Lock()
NODE_SHARES_KEPT = 4096


def _week_shares(scenario: Scenario, inputs: list[WeekInputs]) -> np.ndarray:
    """Share within patience of each week (all keep up), memoised on the weeks' inputs: a
    page's Monte Carlo asks for the same nodes with every seed and every price change."""
    promise = scenario.promise
    target_seconds = promise.response_target_minutes * 60.0
    common = (target_seconds, promise.approval_delay_hours, scenario.patience_minutes,
              scenario.patience_share)
    keys = [(week.arrivals_per_hour.tobytes(), week.agents_on_duty.tobytes(),
             week.handle_seconds, week.approval_share,
             None if week.approver_hours is None else week.approver_hours.tobytes(),
             None if week.on_break is None else np.asarray(week.on_break, np.int64).tobytes(),
             *common)
            for week in inputs]
    with _NODE_LOCK:  # sessions share the memo
        found = {key: _NODE_SHARES[key] for key in keys if key in _NODE_SHARES}
    missing = list({key: i for i, key in enumerate(keys) if key not in found}.items())
    weeks = _solved_weeks([inputs[i] for _, i in missing], target_seconds,
                          promise.approval_delay_hours)
    for (key, _), week in zip(missing, weeks):
        assert week.stable, "a node inside the step keeps up"
        found[key] = float(week.response_weights @ patience_met(scenario, week.response_minutes))
    with _NODE_LOCK:
        for key, _ in missing:
            if len(_NODE_SHARES) >= NODE_SHARES_KEPT:
                _NODE_SHARES.pop(next(iter(_NODE_SHARES)))
            _NODE_SHARES[key] = found[key]
    return np.array([found[key] for key in keys])


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
    labels = scenario.uncertain_inputs()
    for item in scenario.uncertainty:
        npv_low, npv_high = (float(_npv_at(scenario, {item.name: f}, memo)[0])
                             for f in (item.low_factor, item.high_factor))
        rows.append({
            "input": item.name, "label": labels[item.name],
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
        **{f"{key}{CONTACT_PRICE}": gbp for key, gbp in econ.contact_gbp},
        "substitution": float(weight @ [g.substitution_share("phone") for g in groups]),
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
    for name, label in scenario.uncertain_inputs().items():
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
