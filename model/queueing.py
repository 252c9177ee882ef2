"""Queue engine: Erlang C within open hours and an hour-of-week backlog simulation.

Response time here means the time until an officer picks a message up (as a contact
centre's service level is measured), plus the sign-off delay for replies that need
approval. Handle time is the staff time per reply; it sets capacity, not response time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

HOURS_PER_WEEK = 168
SECONDS_PER_HOUR = 3600.0
SUBSLOTS_PER_HOUR = 2  # arrivals placed at :15 and :45 of each hour
ERLANG_QUANTILES = 6  # points that stand for the Erlang wait distribution in an hour
BEST_POSSIBLE_MARGIN = 0.01  # an impossible promise is solved to one point below the best
SOLVER_STEPS = 16  # staffing levels tried in each vectorised pass of the solver
SOLVER_LADDER_SPAN = 200.0  # first pass: from the occupancy floor to 200× it
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _require(condition: bool, name: str, value: object, expected: str) -> None:
    if not condition:
        raise ValueError(f"{name} = {value!r}: expected {expected}")


def _check_rate(name: str, value: float) -> None:
    _require(math.isfinite(value) and value >= 0, name, value, "a finite number ≥ 0")


def _check_positive(name: str, value: float) -> None:
    _require(math.isfinite(value) and value > 0, name, value, "a finite number > 0")


# ---------------------------------------------------------------- Erlang C (scalar API)


def erlang_c(traffic_erlangs: float, agents: int) -> float:
    """Probability that a contact waits (M/M/n), via the Erlang B recursion.

    Returns 1.0 when traffic ≥ agents (every contact waits; the queue is unstable).
    """
    _check_rate("traffic_erlangs", traffic_erlangs)
    _require(isinstance(agents, (int, np.integer)) and agents >= 0, "agents", agents, "an int ≥ 0")
    if agents == 0 or traffic_erlangs >= agents:
        return 1.0
    if traffic_erlangs == 0:
        return 0.0
    blocking = 1.0
    for k in range(1, int(agents) + 1):
        blocking = traffic_erlangs * blocking / (k + traffic_erlangs * blocking)
    return agents * blocking / (agents - traffic_erlangs * (1.0 - blocking))


def _traffic(arrivals_per_hour: float, handle_seconds: float) -> float:
    _check_rate("arrivals_per_hour", arrivals_per_hour)
    _check_positive("handle_seconds", handle_seconds)
    return arrivals_per_hour * handle_seconds / SECONDS_PER_HOUR


def service_level(
    arrivals_per_hour: float, handle_seconds: float, agents: int, target_seconds: float
) -> float:
    """Share of contacts answered within target_seconds; 0.0 when the queue is unstable."""
    traffic = _traffic(arrivals_per_hour, handle_seconds)
    _check_rate("target_seconds", target_seconds)
    if traffic >= agents:
        return 0.0
    wait_probability = erlang_c(traffic, agents)
    return 1.0 - wait_probability * math.exp(-(agents - traffic) * target_seconds / handle_seconds)


def average_speed_of_answer(arrivals_per_hour: float, handle_seconds: float, agents: int) -> float:
    """Mean wait in seconds (ASA); math.inf when the queue is unstable."""
    traffic = _traffic(arrivals_per_hour, handle_seconds)
    if traffic >= agents:
        return math.inf
    return erlang_c(traffic, agents) * handle_seconds / (agents - traffic)


def agents_required(
    arrivals_per_hour: float,
    handle_seconds: float,
    target_seconds: float,
    service_level: float,
    max_occupancy: float = 1.0,
) -> int:
    """Fewest agents on duty meeting the service level, and keeping occupancy ≤ max_occupancy.

    This is the classic per-interval requirement, before shrinkage.
    """
    target_share = service_level
    traffic = _traffic(arrivals_per_hour, handle_seconds)
    _check_rate("target_seconds", target_seconds)
    _require(0 < target_share < 1, "service_level", target_share, "a share between 0 and 1")
    _require(0 < max_occupancy <= 1, "max_occupancy", max_occupancy, "a share in (0, 1]")
    if traffic == 0:
        return 0
    agents = max(1, math.ceil(traffic / max_occupancy))
    if agents == traffic:  # exactly full: a queue at 100 % occupancy never settles
        agents += 1
    # Erlang B recursion carried forward as agents are added: O(agents) in total.
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
    while True:
        if agents > traffic:
            wait_probability = agents * blocking / (agents - traffic * (1.0 - blocking))
            decay = math.exp(-(agents - traffic) * target_seconds / handle_seconds)
            if 1.0 - wait_probability * decay >= target_share:
                return agents
        agents += 1
        blocking = traffic * blocking / (agents + traffic * blocking)


def _erlang_c_pair(traffic: np.ndarray, low: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Erlang C at `low` and `low + 1` agents (arrays), from one Erlang B recursion.

    1.0 where traffic ≥ agents. Agents far above the traffic never wait: beyond
    traffic + 10·√traffic + 30 the probability is below 1e-15, so the recursion stops there.
    """
    busy = float(traffic.max()) if traffic.size else 0.0
    ample = busy + 10.0 * math.sqrt(busy) + 30.0
    within_reach = low[low <= ample]  # larger teams never wait; no need to recurse that far
    top = int(within_reach.max()) + 1 if within_reach.size else 0
    blocking = np.ones_like(traffic)
    at_low = np.ones_like(traffic)
    for k in range(1, top + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
        at_low = np.where(low == k, blocking, at_low)
    at_high = np.where(low + 1 <= top, traffic * at_low / (low + 1 + traffic * at_low), 0.0)

    def wait(agents: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            c = agents * b / (agents - traffic * (1.0 - b))
        c = np.where(agents > ample, 0.0, c)
        return np.where((traffic < agents) & (agents > 0), np.clip(c, 0.0, 1.0), 1.0)

    return wait(low, at_low), wait(low + 1, at_high)


def _erlang_wait_params(
    arrivals: np.ndarray, agents: np.ndarray, handle_hours: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per hour: probability of waiting and the decay rate (per hour) of the wait tail.

    Fractional agents (1.5 on duty = half the hour with one, half with two) are handled by
    interpolating between the neighbouring whole numbers.
    """
    low = np.floor(agents)
    traffic = np.broadcast_to(arrivals * handle_hours, low.shape)
    c_low, c_high = _erlang_c_pair(traffic, low)
    frac = agents - low
    wait_probability = (1 - frac) * c_low + frac * c_high
    decay_per_hour = np.maximum(agents - traffic, 0.0) / handle_hours
    return wait_probability, decay_per_hour


# ---------------------------------------------------------------- hour-of-week simulation


@dataclass(frozen=True)
class _Slots:
    """Arrival points of the week (two an hour), with what each one waits."""

    weight: np.ndarray  # share of the week's messages at this point
    fluid_wait_hours: np.ndarray  # wait behind the backlog
    wait_probability: np.ndarray  # Erlang C chance of a random wait (0 where queued)
    decay_per_hour: np.ndarray  # rate of the Erlang wait tail
    approval_hours: np.ndarray  # extra clock hours for replies that need sign-off
    approval_share: float

    def share_within(self, minutes: np.ndarray) -> np.ndarray:
        """Exact share answered within each of the given minutes: shape (..., targets)."""
        target_hours = np.atleast_1d(np.asarray(minutes, dtype=float)) / 60.0
        direct = self._within(target_hours - self.fluid_wait_hours[..., None])
        queued_and_approved = self.fluid_wait_hours + self.approval_hours
        approved = self._within(target_hours - queued_and_approved[..., None])
        mixed = (1 - self.approval_share) * direct + self.approval_share * approved
        return np.einsum("s,...st->...t", self.weight, mixed)

    def _within(self, slack_hours: np.ndarray) -> np.ndarray:
        tail = self.wait_probability[..., None] * np.exp(
            -self.decay_per_hour[..., None] * np.maximum(slack_hours, 0.0))
        return np.where(slack_hours < 0, 0.0, 1.0 - tail)


@dataclass(frozen=True)
class WeekResult:
    """The periodic steady state of a typical week."""

    hourly: dict[str, np.ndarray]  # arrivals, agents, capacity, backlog, occupancy by hour
    share_within_target: float
    mean_response_minutes: float
    median_response_minutes: float
    p90_response_minutes: float
    stable: bool
    backlog_growth_per_week: float
    out_of_hours_share: float
    response_minutes: np.ndarray  # weighted sample of response times, for value and charts
    response_weights: np.ndarray
    slots: _Slots | None  # None when unstable

    @cached_property
    def hours(self) -> pd.DataFrame:
        """168 rows: hour, day, hour_of_day, arrivals, agents, capacity, backlog, occupancy."""
        hour = np.arange(HOURS_PER_WEEK)
        return pd.DataFrame({"hour": hour, "day": np.array(DAY_NAMES, dtype=object)[hour // 24],
                             "hour_of_day": hour % 24, **self.hourly})

    @property
    def peak_backlog(self) -> float:
        return float(self.hourly["backlog"].max())

    def share_within(self, minutes: float | np.ndarray) -> np.ndarray:
        """Share of messages answered within each of the given minutes (0 when unstable)."""
        minutes_array = np.atleast_1d(np.asarray(minutes, dtype=float))
        if self.slots is None:
            return np.zeros_like(minutes_array)
        return self.slots.share_within(minutes_array)


def _check_week(name: str, values: np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    _require(array.shape == (HOURS_PER_WEEK,), name, f"shape {array.shape}", "168 hourly values")
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0))
    _require(bad.size == 0, f"{name}[{bad[0] if bad.size else 0}]",
             float(array[bad[0]]) if bad.size else 0, "a finite number ≥ 0")
    return array


def _steady_backlog(arrivals: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Backlog at the start of each hour 0..168 in the periodic steady state (Lindley).

    Rows of `capacity` are alternative staffing levels. Starting empty and running two weeks
    reaches the steady state: a stable periodic queue empties at least once a week, after
    which the start value no longer matters.
    """
    net = np.tile(arrivals - capacity, (1, 2))
    level = np.concatenate([np.zeros((net.shape[0], 1)), np.cumsum(net, axis=1)], axis=1)
    backlog = level - np.minimum.accumulate(np.minimum(level, 0.0), axis=1)
    return backlog[:, HOURS_PER_WEEK:]


def _invert_cumulative(curve: np.ndarray, times: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Earliest time at which each row's non-decreasing piecewise-linear curve reaches values.

    `curve` is (rows, points) and `values` (rows, n); one searchsorted serves all rows by
    lifting each row above the one before it.
    """
    rows, points = curve.shape
    lift = (np.arange(rows) * (float(np.ptp(curve)) + float(np.ptp(values)) + 1.0))[:, None]
    flat = np.searchsorted((curve + lift).ravel(), (values + lift).ravel(), side="left")
    idx = np.clip(flat.reshape(values.shape) - np.arange(rows)[:, None] * points, 1, points - 1)
    lo = np.take_along_axis(curve, idx - 1, axis=1)
    hi = np.take_along_axis(curve, idx, axis=1)
    span = np.where(hi > lo, hi - lo, 1.0)
    return times[idx - 1] + (times[idx] - times[idx - 1]) * np.clip((values - lo) / span, 0, 1)


@lru_cache(maxsize=64)
def _cumulative_cover(open_bytes: bytes, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Clock hours and cover hours elapsed, over `weeks` repeats of the week (pure; cached)."""
    open_hours = np.frombuffer(open_bytes, dtype=bool).astype(float)
    grid = np.arange(HOURS_PER_WEEK * weeks + 1, dtype=float)
    return grid, np.concatenate([[0.0], np.cumsum(np.tile(open_hours, weeks))])


def _working_hours_later(open_hours: np.ndarray, start_hours: np.ndarray,
                         delay: float) -> np.ndarray:
    """Clock time reached after `delay` hours of cover, counted from each start time."""
    weeks = 4 + int(delay // max(open_hours.sum(), 1.0))
    grid, cumulative_open = _cumulative_cover(open_hours.astype(bool).tobytes(), weeks)
    start_open = np.interp(start_hours, grid, cumulative_open)
    targets = (start_open + delay).reshape(1, -1)
    return _invert_cumulative(cumulative_open[None, :], grid, targets).reshape(start_hours.shape)


def _queue_slots(
    arrivals: np.ndarray, agents: np.ndarray, handle_hours: float, approval_share: float,
    approval_delay_hours: float,
) -> tuple[_Slots, np.ndarray, np.ndarray]:
    """The waits of stable weeks, one row of `agents` (rows, 168) a staffing level.

    Every row must have the same hours of cover. Returns the arrival slots (arrays
    (rows, slots)), the backlog at each hour (rows, 169) and cumulative departures.
    """
    open_hours = agents[0] > 0
    capacity = agents / handle_hours
    backlog = _steady_backlog(arrivals, capacity)
    hours = np.arange(HOURS_PER_WEEK * 3 + 1, dtype=float)
    arrivals_3 = np.concatenate([[0.0], np.cumsum(np.tile(arrivals, 3))])
    departed = arrivals_3 - np.concatenate([backlog, np.tile(backlog[:, 1:], (1, 2))], axis=1)
    departed = np.maximum.accumulate(departed, axis=1)

    offsets = (np.arange(SUBSLOTS_PER_HOUR) + 0.5) / SUBSLOTS_PER_HOUR
    arrive_at = (np.arange(HOURS_PER_WEEK)[:, None] + offsets[None, :]).ravel()
    slot_hour = arrive_at.astype(int)
    weight = np.repeat(arrivals / SUBSLOTS_PER_HOUR, SUBSLOTS_PER_HOUR)
    weight = weight / weight.sum() if weight.sum() > 0 else np.full_like(weight, 1 / weight.size)
    position = np.broadcast_to(np.interp(arrive_at, hours, arrivals_3), (agents.shape[0],
                                                                         arrive_at.size))
    fluid_wait = np.maximum(_invert_cumulative(departed, hours, position) - arrive_at, 0.0)

    # Where nothing is queued, the random (Erlang C) wait applies instead of the backlog wait.
    wait_probability, decay = _erlang_wait_params(arrivals, agents, handle_hours)
    erlang_ok = (fluid_wait < 1e-9) & open_hours[slot_hour] & (decay[:, slot_hour] > 0)
    drafted_at = arrive_at + fluid_wait
    approval_hours = np.zeros_like(drafted_at)
    if approval_share > 0 and approval_delay_hours > 0:
        approval_hours = _working_hours_later(open_hours.astype(float), drafted_at,
                                              approval_delay_hours) - drafted_at
    slots = _Slots(
        weight=weight,
        fluid_wait_hours=fluid_wait,
        wait_probability=np.where(erlang_ok, wait_probability[:, slot_hour], 0.0),
        decay_per_hour=np.where(erlang_ok, decay[:, slot_hour], 0.0),
        approval_hours=approval_hours,
        approval_share=approval_share,
    )
    return slots, backlog, departed


def _first_row(slots: _Slots) -> _Slots:
    return replace(slots, fluid_wait_hours=slots.fluid_wait_hours[0],
                   wait_probability=slots.wait_probability[0],
                   decay_per_hour=slots.decay_per_hour[0], approval_hours=slots.approval_hours[0])


def simulate_week(
    arrivals_per_hour: np.ndarray,
    agents_on_duty: np.ndarray,
    handle_seconds: float,
    target_seconds: float,
    approval_share: float = 0.0,
    approval_delay_hours: float = 0.0,
) -> WeekResult:
    """Simulate a typical week hour by hour; hour 0 = Monday 00:00–01:00 local time.

    Agents on duty may be fractional (an average over the hour). Messages that arrive into
    a backlog wait their turn (FIFO on cumulative arrivals and capacity); messages that
    arrive when nothing is queued wait as Erlang C says.
    """
    arrivals = _check_week("arrivals_per_hour", arrivals_per_hour)
    agents = _check_week("agents_on_duty", agents_on_duty)
    _check_positive("handle_seconds", handle_seconds)
    _check_rate("target_seconds", target_seconds)
    _require(0 <= approval_share <= 1, "approval_share", approval_share, "a share between 0 and 1")
    _check_rate("approval_delay_hours", approval_delay_hours)
    open_hours = agents > 0
    _require(bool(open_hours.any()), "agents_on_duty", "no cover hours", "someone on duty")

    handle_hours = handle_seconds / SECONDS_PER_HOUR
    capacity = agents / handle_hours
    weekly_demand, weekly_capacity = arrivals.sum(), capacity.sum()
    out_of_hours = float(arrivals[~open_hours].sum() / weekly_demand) if weekly_demand else 0.0
    if weekly_demand >= weekly_capacity and weekly_demand > 0:
        return _unstable_week(arrivals, agents, capacity, out_of_hours)

    batch, backlog_rows, departed_rows = _queue_slots(arrivals, agents[None, :], handle_hours,
                                                      approval_share, approval_delay_hours)
    slots, backlog, departed = _first_row(batch), backlog_rows[0], departed_rows[0]
    minutes, shares = _response_sample(slots)
    median, p90 = _weighted_quantiles(minutes, shares, (0.5, 0.9))
    served = np.diff(departed[: HOURS_PER_WEEK + 1])
    return WeekResult(
        hourly=_hourly(arrivals, agents, capacity, backlog[1:], served),
        share_within_target=float(slots.share_within(np.array([target_seconds / 60.0]))[0]),
        mean_response_minutes=float((minutes * shares).sum()),
        median_response_minutes=median,
        p90_response_minutes=p90,
        stable=True,
        backlog_growth_per_week=0.0,
        out_of_hours_share=out_of_hours,
        response_minutes=minutes,
        response_weights=shares,
        slots=slots,
    )


def _response_sample(slots: _Slots) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sample of response minutes: each slot's Erlang wait at a few quantiles."""
    quantile = (np.arange(ERLANG_QUANTILES) + 0.5) / ERLANG_QUANTILES
    p_wait = slots.wait_probability[:, None]
    tail = np.clip((1.0 - quantile[None, :]) / np.maximum(p_wait, 1e-12), 1e-12, 1.0)
    rate = np.maximum(slots.decay_per_hour[:, None], 1e-12)
    random_wait = np.where(quantile[None, :] > 1.0 - p_wait, -np.log(tail) / rate, 0.0)
    direct = slots.fluid_wait_hours[:, None] + random_wait
    approved = direct + slots.approval_hours[:, None]
    base_weight = np.repeat(slots.weight[:, None] / ERLANG_QUANTILES, ERLANG_QUANTILES, axis=1)
    minutes = np.concatenate([direct.ravel(), approved.ravel()]) * 60.0
    weights = np.concatenate([base_weight.ravel() * (1 - slots.approval_share),
                              base_weight.ravel() * slots.approval_share])
    return minutes, weights


def _weighted_quantiles(
    values: np.ndarray, weights: np.ndarray, levels: tuple[float, ...]
) -> tuple[float, ...]:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    idx = np.minimum(np.searchsorted(cumulative, levels), values.size - 1)
    return tuple(float(v) for v in values[order][idx])


def _hourly(
    arrivals: np.ndarray, agents: np.ndarray, capacity: np.ndarray, backlog: np.ndarray,
    served: np.ndarray,
) -> dict[str, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        occupancy = np.where(capacity > 0, np.minimum(served / capacity, 1.0), 0.0)
    return {"arrivals": arrivals, "agents": agents, "capacity": capacity, "backlog": backlog,
            "occupancy": occupancy}


def _unstable_week(
    arrivals: np.ndarray, agents: np.ndarray, capacity: np.ndarray, out_of_hours: float
) -> WeekResult:
    growth = float(arrivals.sum() - capacity.sum())
    backlog = np.cumsum(arrivals - capacity)
    backlog = backlog - min(0.0, float(backlog.min()))
    served = np.minimum(capacity, arrivals + backlog)
    return WeekResult(
        hourly=_hourly(arrivals, agents, capacity, backlog, served),
        share_within_target=0.0,
        mean_response_minutes=math.inf,
        median_response_minutes=math.inf,
        p90_response_minutes=math.inf,
        stable=False,
        backlog_growth_per_week=growth,
        out_of_hours_share=out_of_hours,
        response_minutes=np.array([math.inf]),
        response_weights=np.array([1.0]),
        slots=None,
    )


# ---------------------------------------------------------------- staffing


def fte_for_agent_hours(
    agent_hours_per_week: float, contract_hours_per_week: float, shrinkage: float
) -> float:
    """Full-time equivalents needed to schedule agent-hours, allowing for shrinkage."""
    _check_rate("agent_hours_per_week", agent_hours_per_week)
    _check_positive("contract_hours_per_week", contract_hours_per_week)
    _require(0 <= shrinkage < 1, "shrinkage", shrinkage, "a share in [0, 1)")
    return agent_hours_per_week / (contract_hours_per_week * (1.0 - shrinkage))


def hourly_requirement(
    arrivals_per_hour: np.ndarray,
    open_hours: np.ndarray,
    handle_seconds: float,
    target_seconds: float,
    service_level: float,
    max_occupancy: float = 1.0,
) -> np.ndarray:
    """Per-hour agents as contact-centre planners compute them (each hour on its own)."""
    arrivals = _check_week("arrivals_per_hour", arrivals_per_hour)
    need = [
        agents_required(rate, handle_seconds, target_seconds, service_level, max_occupancy)
        if is_open and rate > 0 else 0
        for rate, is_open in zip(arrivals, np.asarray(open_hours, dtype=bool))
    ]
    return np.asarray(need, dtype=float)


@dataclass(frozen=True)
class StaffingSolution:
    """Fewest agents on duty, uniform across the cover hours, that meet the promise."""

    agents_on_duty: float
    agent_hours_per_week: float
    achievable: bool  # False when no number of staff meets the promise with this cover
    best_share_within_target: float
    week: WeekResult


def solve_uniform_agents(
    arrivals_per_hour: np.ndarray,
    cover: np.ndarray,
    handle_seconds: float,
    target_seconds: float,
    target_share: float,
    max_occupancy: float = 1.0,
    approval_share: float = 0.0,
    approval_delay_hours: float = 0.0,
    tolerance_agents: float = 0.02,
) -> StaffingSolution:
    """Fewest agents on duty (an average over the cover hours) meeting the promise.

    When the cover makes the promise impossible (messages that arrive out of hours wait
    longer than the target whatever the staffing), it returns the staffing that comes
    within one point of the best share the cover allows, marked not achievable.
    """
    _require(0 < target_share < 1, "target_share", target_share, "a share between 0 and 1")
    _require(0 < max_occupancy <= 1, "max_occupancy", max_occupancy, "a share in (0, 1]")
    open_mask = (np.asarray(cover, dtype=float) > 0).astype(float)
    _require(bool(open_mask.any()), "cover", "no cover hours", "at least one hour of cover")
    arrivals = _check_week("arrivals_per_hour", arrivals_per_hour)
    _check_positive("handle_seconds", handle_seconds)
    handle_hours = handle_seconds / SECONDS_PER_HOUR
    workload = arrivals.sum() * handle_hours  # agent-hours of work a week
    open_count = open_mask.sum()

    target_minutes = np.array([target_seconds / 60.0])

    def shares(levels: np.ndarray) -> np.ndarray:
        """Share within target at each staffing level, all levels in one pass."""
        result = np.zeros(levels.size)
        stable = levels * open_count > workload
        if stable.any():
            slots, _, _ = _queue_slots(arrivals, levels[stable, None] * open_mask[None, :],
                                       handle_hours, approval_share, approval_delay_hours)
            result[stable] = slots.share_within(target_minutes)[:, 0]
        return result

    low = max(workload / (open_count * max_occupancy), tolerance_agents)
    # First pass: a wide geometric ladder, with a huge team last to find the best possible.
    ladder = np.r_[low * np.geomspace(1.0, SOLVER_LADDER_SPAN, SOLVER_STEPS), low * 1e4]
    ladder_shares = shares(ladder)
    best_possible = float(ladder_shares[-1])
    goal = min(target_share, best_possible - BEST_POSSIBLE_MARGIN)
    achievable = best_possible >= target_share
    high = _refine(shares, ladder, ladder_shares, goal, tolerance_agents)
    week = simulate_week(arrivals, open_mask * high, handle_seconds, target_seconds,
                         approval_share, approval_delay_hours)
    return StaffingSolution(high, high * open_count, achievable, best_possible, week)


def _refine(shares: Callable[[np.ndarray], np.ndarray], levels: np.ndarray,
            level_shares: np.ndarray, goal: float, tolerance: float) -> float:
    """Smallest level whose share reaches the goal, narrowing the bracket a ladder at a time."""
    while True:
        first = int(np.argmax(level_shares >= goal))
        if first == 0 or levels[first] - levels[first - 1] <= tolerance:
            return float(levels[first])
        levels = np.linspace(levels[first - 1], levels[first], SOLVER_STEPS)
        level_shares = shares(levels)
        level_shares[-1] = max(level_shares[-1], goal)  # the upper end is known to reach it
