"""Queue engine: an hour-of-week backlog (fluid, FIFO) with Erlang C waits within open hours.

A reply reaches the person after pick-up (behind the backlog, or the Erlang C wait when nothing
is queued) + handle time (exponential, mean AHT; an officer finishes the reply in hand when a
shift ends) + sign-off in working hours for the share that needs it. Known limit: each hour's
Erlang C wait is stationary, with no memory of earlier hours (tests/model/test_engine_vs_ciw.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from model.erlang import _erlang_wait_params, check_positive, check_rate, require
from model.units import DAY_NAMES, HOURS_PER_WEEK, SECONDS_PER_HOUR

SUBSLOTS_PER_HOUR = 2  # arrivals placed at :15 and :45 of each hour
ERLANG_QUANTILES = 6  # points that stand for the Erlang wait distribution in an hour
_SECTION_POINTS = 7  # points tried per round when searching for a quantile
_SECTION_ROUNDS = 6  # rounds: the range shrinks 8-fold each (a quarter-million-fold in all)


def _constant(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


# Arrival points (two an hour, at :15 and :45), their hours, and the clock of three weeks.
_ARRIVE_AT = _constant((np.arange(HOURS_PER_WEEK)[:, None] + (
    (np.arange(SUBSLOTS_PER_HOUR) + 0.5) / SUBSLOTS_PER_HOUR)[None, :]).ravel())
_THREE_WEEKS = _constant(np.arange(HOURS_PER_WEEK * 3 + 1, dtype=float))


@dataclass(frozen=True)
class _Slots:
    """Arrival points of the week (two an hour), with what each one waits.

    Arrays are (slots,) for one week, or (rows, slots) for a batch of weeks; in a batch the
    weight and approval share may have one row that serves them all.
    """

    weight: np.ndarray  # share of the week's messages at this point
    fluid_wait_hours: np.ndarray  # wait behind the backlog
    wait_probability: np.ndarray  # Erlang C chance of a random wait (0 where queued)
    decay_per_hour: np.ndarray  # rate of the Erlang wait tail
    approval_hours: np.ndarray  # extra clock hours for replies that need sign-off
    approval_share: float | np.ndarray  # a number, or (rows, 1) in a batch
    handle_hours: np.ndarray  # time to write the reply once picked up (same shape as waits)

    def share_within(self, minutes: np.ndarray) -> np.ndarray:
        """Exact share answered within each of the given minutes: shape (..., targets).

        `minutes` is (targets,) for every row, or (..., targets) with a set for each row.

        Response = backlog wait + random (Erlang C) wait + handle (exponential, mean AHT)
        + sign-off for the share that needs it.
        """
        target_hours = np.atleast_1d(np.asarray(minutes, dtype=float))[..., None, :] / 60.0
        direct = self._within(target_hours - self.fluid_wait_hours[..., None])
        queued_and_approved = self.fluid_wait_hours + self.approval_hours
        approved = self._within(target_hours - queued_and_approved[..., None])
        share = np.asarray(self.approval_share)[..., None]
        mixed = (1 - share) * direct + share * approved
        return np.einsum("...s,...st->...t", self.weight, mixed)

    def _within(self, slack_hours: np.ndarray) -> np.ndarray:
        """P(random wait + handle <= slack): the wait is 0 or Exp(decay), handle Exp(1/AHT)."""
        slack = np.maximum(slack_hours, 0.0)
        handle_rate = 1.0 / self.handle_hours[..., None]
        # Keep the two rates apart so the hypoexponential formula stays finite.
        decay = self.decay_per_hour[..., None]
        decay = np.where(np.abs(decay - handle_rate) < 1e-6 * handle_rate,
                         handle_rate * (1 + 1e-6), decay)
        handled = -np.expm1(-handle_rate * slack)
        both = 1.0 - (handle_rate * np.exp(-decay * slack) - decay * np.exp(-handle_rate * slack)) \
            / np.where(decay > 0, handle_rate - decay, 1.0)
        p_wait = self.wait_probability[..., None]
        within = (1 - p_wait) * handled + p_wait * np.where(decay > 0, both, 0.0)
        return np.where(slack_hours < 0, 0.0, within)

    def quantile_minutes(self, shares: Sequence[float]) -> np.ndarray:
        """Response minutes by which each share of messages is answered: (..., shares).

        Found by searching `share_within`, so medians are exact, not read off a sample.
        """
        lead = self.fluid_wait_hours.shape[:-1]
        wanted = np.broadcast_to(np.asarray(shares, dtype=float), (*lead, len(shares)))
        low = np.zeros_like(wanted)
        # Above every row's longest wait: backlog + sign-off + 50 handles + 30 Erlang tails.
        slowest_decay = np.where(self.decay_per_hour > 0, self.decay_per_hour, np.inf).min(
            axis=-1, keepdims=True)
        bound_hours = ((self.fluid_wait_hours + self.approval_hours).max(axis=-1, keepdims=True)
                       + 50 * self.handle_hours.max(axis=-1, keepdims=True)
                       + 30 / slowest_decay + 1.0)
        high = np.broadcast_to(60.0 * bound_hours, wanted.shape).copy()
        # Each round tries K evenly spaced points at once (one array call, not K).
        steps = np.arange(1, _SECTION_POINTS + 1) / (_SECTION_POINTS + 1)
        for _ in range(_SECTION_ROUNDS):
            points = low[..., None] + (high - low)[..., None] * steps  # (..., shares, K)
            shares_at = self.share_within(points.reshape(*lead, -1)).reshape(points.shape)
            reached = shares_at >= wanted[..., None]
            high = np.where(reached, points, high[..., None]).min(axis=-1)
            low = np.where(reached, low[..., None], points).max(axis=-1)
        # The curve is smooth over the last, narrow range: read the quantile off a line.
        ends = self.share_within(np.stack([low, high], axis=-1).reshape(*lead, -1))
        share_low, share_high = ends.reshape(*low.shape, 2).transpose(-1, *range(low.ndim))
        rise = share_high - share_low
        fraction = np.clip(np.divide(wanted - share_low, rise, out=np.ones_like(rise),
                                     where=rise > 0), 0.0, 1.0)
        return low + fraction * (high - low)

    def rows_from(self, start: int) -> _Slots:
        """The weeks of a batch from `start` on (a batch with a row of weights a week)."""
        return _Slots(self.weight[start:], self.fluid_wait_hours[start:],
                      self.wait_probability[start:], self.decay_per_hour[start:],
                      self.approval_hours[start:], np.asarray(self.approval_share)[start:],
                      self.handle_hours[start:])

    def row(self, index: int) -> _Slots:
        """One week of a batch."""
        shares = np.ravel(self.approval_share)
        return _Slots(
            weight=self.weight[min(index, self.weight.shape[0] - 1)],
            fluid_wait_hours=self.fluid_wait_hours[index],
            wait_probability=self.wait_probability[index],
            decay_per_hour=self.decay_per_hour[index],
            approval_hours=self.approval_hours[index],
            approval_share=float(shares[min(index, shares.size - 1)]),
            handle_hours=self.handle_hours[index],
        )


@dataclass(frozen=True)
class WeekResult:
    """The periodic steady state of a typical week."""

    hourly: dict[str, np.ndarray]  # arrivals, agents, capacity, backlog, occupancy by hour
    share_within_target: float
    mean_response_minutes: float
    stable: bool
    backlog_growth_per_week: float
    response_minutes: np.ndarray  # weighted sample of response times, for value and charts
    response_weights: np.ndarray
    slots: _Slots | None  # None when unstable

    @cached_property
    def hours(self) -> pd.DataFrame:
        """168 rows: hour, day, hour_of_day, arrivals, agents, capacity, backlog, occupancy."""
        hour = np.arange(HOURS_PER_WEEK)
        return pd.DataFrame({"hour": hour, "day": np.array(DAY_NAMES, dtype=object)[hour // 24],
                             "hour_of_day": hour % 24, **self.hourly})

    @cached_property
    def _quantiles_minutes(self) -> tuple[float, float]:
        """Median and 90th percentile, searched only when asked: a Monte Carlo batch of
        hundreds of weeks needs neither, and the search is most of a batch's time."""
        if self.slots is None:
            return math.inf, math.inf
        median, p90 = self.slots.quantile_minutes((0.5, 0.9))
        return float(median), float(p90)

    @property
    def median_response_minutes(self) -> float:
        return self._quantiles_minutes[0]

    @property
    def p90_response_minutes(self) -> float:
        return self._quantiles_minutes[1]

    @cached_property
    def out_of_hours_share(self) -> float:
        """Share of the week's messages that arrive when no one is on duty."""
        arrivals, weekly_demand = self.hourly["arrivals"], self.hourly["arrivals"].sum()
        off_duty = arrivals[self.hourly["agents"] <= 0].sum()
        return float(off_duty / weekly_demand) if weekly_demand else 0.0

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
    require(array.shape == (HOURS_PER_WEEK,), name, f"shape {array.shape}", "168 hourly values")
    if not ((array >= 0).all() and (array < math.inf).all()):
        bad = int(np.flatnonzero(~np.isfinite(array) | (array < 0))[0])
        require(False, f"{name}[{bad}]", float(array[bad]), "a finite number ≥ 0")
    return array


def _steady_backlog(arrivals: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Backlog at the start of each hour 0..168 in the periodic steady state (Lindley).

    Rows of `capacity` are alternative staffing levels. Starting empty and running two weeks
    reaches the steady state: a stable periodic queue empties at least once a week, after
    which the start value no longer matters.
    """
    net = arrivals - capacity
    level = np.zeros((net.shape[0], 2 * HOURS_PER_WEEK + 1))
    np.cumsum(np.concatenate([net, net], axis=1), axis=1, out=level[:, 1:])
    low_water = np.minimum.accumulate(np.minimum(level, 0.0), axis=1)
    return level[:, HOURS_PER_WEEK:] - low_water[:, HOURS_PER_WEEK:]


def _hour_reaching(curve: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Earliest time (in hours) at which each row's non-decreasing cumulative curve, given at
    the whole hours 0, 1, 2, … and linear between them, reaches each of the values.

    `curve` is (rows, points) and `values` (rows or 1, n): one search a row.
    """
    rows, points = curve.shape
    found = np.empty((rows, values.shape[1]), dtype=np.intp)
    for row in range(rows):
        found[row] = np.searchsorted(curve[row], values[min(row, values.shape[0] - 1)])
    idx = np.minimum(np.maximum(found, 1), points - 1)
    flat_idx = idx + (np.arange(rows) * points)[:, None]
    flat = curve.ravel()
    lo = flat[flat_idx - 1]
    hi = flat[flat_idx]
    span = np.where(hi > lo, hi - lo, 1.0)
    return (idx - 1) + np.minimum(np.maximum((values - lo) / span, 0.0), 1.0)


@lru_cache(maxsize=64)
def _cover_clock(open_bytes: bytes, weeks: int) -> tuple[np.ndarray, ...]:
    """Over `weeks` repeats of the week: clock hours, and cover hours elapsed at each (whole
    numbers); then for each whole number of cover hours, the clock hour and cover hours
    elapsed at the start of the hour in which it is reached. Pure; cached; read-only.
    """
    open_hours = np.frombuffer(open_bytes, dtype=bool).astype(float)
    grid = np.arange(HOURS_PER_WEEK * weeks + 1, dtype=float)
    cumulative = np.concatenate([[0.0], np.cumsum(np.tile(open_hours, weeks))])
    reached_at = np.searchsorted(cumulative, np.arange(cumulative[-1] + 2), side="left")
    hour = np.clip(reached_at, 1, grid.size - 1) - 1
    return tuple(_constant(a) for a in (grid, cumulative, hour.astype(float), cumulative[hour]))


def _working_hours_later(open_hours: np.ndarray, start_hours: np.ndarray,
                         delay: float) -> np.ndarray:
    """Clock time reached after `delay` hours of cover (168 booleans), from each start time.

    Cover hours elapsed are whole numbers at whole clock hours, so the hour in which the
    delay ends is looked up (`_hour_reaching` would find the same by a search).
    """
    weeks = 4 + int(delay // max(float(open_hours.sum()), 1.0))
    grid, cumulative, hour_start, cover_at_start = _cover_clock(open_hours.tobytes(), weeks)
    target = np.interp(start_hours, grid, cumulative) + delay
    reached = np.minimum(np.ceil(target), hour_start.size - 1).astype(np.intp)
    return hour_start[reached] + np.minimum(np.maximum(target - cover_at_start[reached], 0.0), 1.0)


@dataclass(frozen=True)
class _Arrivals:
    """The arrival side of weeks, the same whatever the staffing: arrays (rows, ...)."""

    per_hour: np.ndarray  # (rows, 168)
    cumulative: np.ndarray  # (rows, 505): arrivals since Monday 00:00, over three weeks
    position: np.ndarray  # (rows, slots): cumulative arrivals at each arrival point
    weight: np.ndarray  # (rows, slots): share of the week's messages at each point

    @classmethod
    def of(cls, arrivals_per_hour: np.ndarray) -> _Arrivals:
        """From arrivals per hour: (168,) for one week or (rows, 168)."""
        per_hour = np.atleast_2d(arrivals_per_hour)
        cumulative = np.zeros((per_hour.shape[0], 3 * HOURS_PER_WEEK + 1))
        np.cumsum(np.concatenate([per_hour] * 3, axis=1), axis=1, out=cumulative[:, 1:])
        weight = np.repeat(per_hour / SUBSLOTS_PER_HOUR, SUBSLOTS_PER_HOUR, axis=1)
        total = weight.sum(axis=1, keepdims=True)
        weight = np.divide(weight, total, out=np.full_like(weight, 1 / weight.shape[1]),
                           where=total > 0)
        position = np.array([np.interp(_ARRIVE_AT, _THREE_WEEKS, row) for row in cumulative])
        return cls(per_hour, cumulative, position, weight)

    def first(self) -> _Arrivals:
        """The first row alone (views)."""
        return _Arrivals(self.per_hour[:1], self.cumulative[:1], self.position[:1],
                         self.weight[:1])

    def take(self, rows: list[int]) -> _Arrivals:
        """These rows, in this order (a row may repeat)."""
        return _Arrivals(self.per_hour[rows], self.cumulative[rows], self.position[rows],
                         self.weight[rows])


def _queue_slots(
    arrivals: _Arrivals, agents: np.ndarray, handle_hours: float | np.ndarray,
    approval_share: float | np.ndarray, approval_delay_hours: float,
) -> tuple[_Slots, np.ndarray, np.ndarray]:
    """The waits of stable weeks, one row of `agents` (rows, 168) a week.

    The arrivals, handle hours and approval share ((rows, 1) arrays) have one row a week,
    or one row (or a number) that every week shares, as weeks priced alike do.
    Returns the arrival slots (arrays (rows, slots)), the backlog at each hour (rows, 169)
    and cumulative departures over three weeks (rows, 505).
    """
    capacity = agents / handle_hours
    backlog = _steady_backlog(arrivals.per_hour, capacity)
    three_weeks = np.concatenate([backlog, backlog[:, 1:], backlog[:, 1:]], axis=1)
    departed = np.maximum.accumulate(arrivals.cumulative - three_weeks, axis=1)
    fluid_wait = np.maximum(_hour_reaching(departed, arrivals.position) - _ARRIVE_AT, 0.0)

    # Where nothing is queued, the random (Erlang C) wait applies instead of the backlog wait.
    wait_probability, decay = _erlang_wait_params(arrivals.per_hour, agents, handle_hours)
    decay_at = np.repeat(decay, SUBSLOTS_PER_HOUR, axis=1)  # > 0 only with someone on duty
    erlang_ok = (fluid_wait < 1e-9) & (decay_at > 0)
    handle = np.broadcast_to(np.asarray(handle_hours, dtype=float), fluid_wait.shape)
    slots = _Slots(
        weight=arrivals.weight,
        fluid_wait_hours=fluid_wait,
        wait_probability=np.where(
            erlang_ok, np.repeat(wait_probability, SUBSLOTS_PER_HOUR, axis=1), 0.0),
        decay_per_hour=np.where(erlang_ok, decay_at, 0.0),
        # Sign-off starts once the reply is written.
        approval_hours=_approval_hours(agents > 0, _ARRIVE_AT + fluid_wait + handle,
                                       approval_share, approval_delay_hours),
        approval_share=approval_share,
        handle_hours=handle,
    )
    return slots, backlog, departed


def _approval_hours(open_hours: np.ndarray, drafted_at: np.ndarray,
                    approval_share: float | np.ndarray, delay: float) -> np.ndarray:
    """Clock hours a sign-off adds to replies drafted at each time (rows, slots); 0 if none."""
    signed_off = np.asarray(approval_share) > 0
    if delay <= 0 or not signed_off.any():
        return np.zeros_like(drafted_at)
    if (open_hours == open_hours[0]).all():  # one cover for every row
        later = _working_hours_later(open_hours[0], drafted_at, delay)
    else:
        later = np.empty_like(drafted_at)
        rows_by_cover: dict[bytes, list[int]] = {}
        for row, cover in enumerate(open_hours):
            rows_by_cover.setdefault(cover.tobytes(), []).append(row)
        for rows in rows_by_cover.values():
            later[rows] = _working_hours_later(open_hours[rows[0]], drafted_at[rows], delay)
    return np.where(signed_off, later - drafted_at, 0.0)


@dataclass(frozen=True)
class WeekInputs:
    """One week for the queue engine: hour 0 = Monday 00:00–01:00 local time."""

    arrivals_per_hour: np.ndarray  # 168 values
    agents_on_duty: np.ndarray  # 168 values; may be fractional (an average over the hour)
    handle_seconds: float  # staff time per reply
    approval_share: float = 0.0  # share of replies that wait for sign-off


def _checked(week: WeekInputs, target_seconds: float, approval_delay_hours: float) -> WeekInputs:
    """The week with its hours as float arrays; ValueError naming any bad input."""
    arrivals = _check_week("arrivals_per_hour", week.arrivals_per_hour)
    agents = _check_week("agents_on_duty", week.agents_on_duty)
    check_positive("handle_seconds", week.handle_seconds)
    check_rate("target_seconds", target_seconds)
    require(0 <= week.approval_share <= 1, "approval_share", week.approval_share,
             "a share between 0 and 1")
    check_rate("approval_delay_hours", approval_delay_hours)
    require(bool((agents > 0).any()), "agents_on_duty", "no cover hours", "someone on duty")
    return WeekInputs(arrivals, agents, week.handle_seconds, week.approval_share)


def _unstable(week: WeekInputs) -> WeekResult | None:
    """The result of a week whose demand outruns its capacity; None for a stable week."""
    capacity = week.agents_on_duty / (week.handle_seconds / SECONDS_PER_HOUR)
    weekly_demand = week.arrivals_per_hour.sum()
    if weekly_demand >= capacity.sum() and weekly_demand > 0:
        return _unstable_week(week.arrivals_per_hour, week.agents_on_duty, capacity)
    return None


def _rows(weeks: Sequence[WeekInputs]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agents on duty, handle hours and sign-off shares of weeks: (rows, 168), (rows, 1) ×2."""
    return (np.array([week.agents_on_duty for week in weeks]),
            np.array([[week.handle_seconds / SECONDS_PER_HOUR] for week in weeks]),
            np.array([[week.approval_share] for week in weeks]))


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
    week = WeekInputs(arrivals_per_hour, agents_on_duty, handle_seconds, approval_share)
    return simulate_weeks([week], target_seconds, approval_delay_hours)[0]


def simulate_weeks(weeks: Sequence[WeekInputs], target_seconds: float,
                   approval_delay_hours: float = 0.0) -> list[WeekResult]:
    """`simulate_week` for several weeks at once, e.g. the plan and "stay as we are".

    The stable weeks share one vectorised pass of the queue engine.
    """
    checked = [_checked(week, target_seconds, approval_delay_hours) for week in weeks]
    results = [_unstable(week) for week in checked]
    stable = [week for week, result in zip(checked, results) if result is None]
    if stable:
        arrivals = _Arrivals.of(np.array([week.arrivals_per_hour for week in stable]))
        agents, handle_hours, approval_shares = _rows(stable)
        slots, backlog, departed = _queue_slots(arrivals, agents, handle_hours, approval_shares,
                                                approval_delay_hours)
        within = slots.share_within(np.array([target_seconds / 60.0]))[:, 0]
        simulated = iter(_stable_weeks(arrivals.per_hour, agents, handle_hours, within, slots,
                                       backlog, departed))
        return [next(simulated) if result is None else result for result in results]
    return [result for result in results if result is not None]


def _stable_weeks(arrivals: np.ndarray, agents: np.ndarray, handle_hours: np.ndarray,
                  within: np.ndarray, slots: _Slots, backlog: np.ndarray,
                  departed: np.ndarray) -> list[WeekResult]:
    """The results of stable weeks from their batch of slots (arrays (weeks, ...)) and the
    share of each answered within the target."""
    minutes, shares = _response_sample(slots)
    means = (minutes * shares).sum(axis=1)
    hourly = _hourly(arrivals, agents, agents / handle_hours, backlog[:, 1:],
                     np.diff(departed[:, : HOURS_PER_WEEK + 1], axis=1))
    return [WeekResult(
        hourly={name: values[week] for name, values in hourly.items()},
        share_within_target=float(within[week]),
        mean_response_minutes=float(means[week]),
        stable=True,
        backlog_growth_per_week=0.0,
        response_minutes=minutes[week],
        response_weights=shares[week],
        slots=slots.row(week),
    ) for week in range(agents.shape[0])]


_QUANTILE = _constant((np.arange(ERLANG_QUANTILES) + 0.5) / ERLANG_QUANTILES)
_ABOVE_QUANTILE = _constant(1.0 - _QUANTILE)


def _response_sample(slots: _Slots) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sample of response minutes, a row a week (weeks, samples): each slot's
    Erlang wait at a few quantiles, without sign-off, then with it.
    """
    weeks, points = slots.fluid_wait_hours.shape
    p_wait = slots.wait_probability[..., None]
    tail = np.minimum(np.maximum(_ABOVE_QUANTILE / np.maximum(p_wait, 1e-12), 1e-12), 1.0)
    rate = np.maximum(slots.decay_per_hour[..., None], 1e-12)
    hours = np.empty((weeks, 2, points, ERLANG_QUANTILES))
    hours[:, 0] = (slots.fluid_wait_hours + slots.handle_hours)[..., None] + np.where(
        1.0 - p_wait < _QUANTILE, -np.log(tail) / rate, 0.0)
    hours[:, 1] = hours[:, 0] + slots.approval_hours[..., None]
    hours *= 60.0
    share = np.asarray(slots.approval_share).reshape(-1, 1, 1)
    base_weight = slots.weight[..., None] / ERLANG_QUANTILES
    weights = np.empty_like(hours)
    weights[:, 0] = base_weight * (1 - share)
    weights[:, 1] = base_weight * share
    return hours.reshape(weeks, -1), weights.reshape(weeks, -1)


def _hourly(
    arrivals: np.ndarray, agents: np.ndarray, capacity: np.ndarray, backlog: np.ndarray,
    served: np.ndarray,
) -> dict[str, np.ndarray]:
    occupancy = np.minimum(np.divide(served, capacity, out=np.zeros_like(capacity),
                                     where=capacity > 0), 1.0)
    return {"arrivals": arrivals, "agents": agents, "capacity": capacity, "backlog": backlog,
            "occupancy": occupancy}


def _unstable_week(arrivals: np.ndarray, agents: np.ndarray, capacity: np.ndarray) -> WeekResult:
    growth = float(arrivals.sum() - capacity.sum())
    backlog = np.cumsum(arrivals - capacity)
    backlog = backlog - min(0.0, float(backlog.min()))
    served = np.minimum(capacity, arrivals + backlog)
    return WeekResult(
        hourly=_hourly(arrivals, agents, capacity, backlog, served),
        share_within_target=0.0,
        mean_response_minutes=math.inf,
        stable=False,
        backlog_growth_per_week=growth,
        response_minutes=np.array([math.inf]),
        response_weights=np.array([1.0]),
        slots=None,
    )
