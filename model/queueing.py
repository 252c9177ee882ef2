"""Queue engine: the exact periodic queue of a typical week, on whole people per hour.

The week is an M(t)/M/n(t) queue: Poisson arrivals at each hour's rate, the hour's officers on
duty, exponential handle times (mean AHT), first come first served, carried from week to week
until it repeats (`model.queue_kernels`). A reply reaches the person after pick-up + handle +
sign-off, in working hours (hours with someone on duty), for the share that needs it.

What an arrival meets is solved for each quarter-hour of the week, so a busy hour after quiet
ones builds its queue as it really does, and the backlog left from a shift's end is still there
at the next shift's start. tests/model/test_engine_vs_ciw.py checks it against a discrete-event
simulation.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from model import budget, large_volume, queue_kernels
from model.erlang import check_positive, check_rate, require
from model.units import DAY_NAMES, HOURS_PER_WEEK, SECONDS_PER_HOUR

CELLS_PER_HOUR = 2  # what an arrival meets is solved for each half hour
STATE_TOLERANCE = 1e-6  # weeks repeat until a cell's distribution moves less than this in a week
MAX_WEEKS = 400  # repeats of the week at most (a quarter's settling takes far fewer)
# A week whose carried backlog would take more than a quarter to settle cannot keep up in
# practice: an ordinary run of busy weeks or absences leaves it a backlog for months.
SETTLE_WEEKS = 13.0
# Response minutes at which the share answered is found: the weighted sample for patience,
# and the brackets of the median and 90th percentile (then refined within them).
RESPONSE_GRID_MINUTES = np.geomspace(0.25, 4 * 7 * 24 * 60.0, 48)
QUANTILE_REFINE_POINTS = 9  # points tried inside the bracket each round
QUANTILE_ROUNDS = 2  # each narrows it ten-fold
CLOCK_WEEKS = 7  # the clock of replies: the week before, the arrivals' week, then 4 weeks on


def _constant(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


_CELL_MIDDLE = _constant(HOURS_PER_WEEK + (np.arange(HOURS_PER_WEEK * CELLS_PER_HOUR) + 0.5)
                         / CELLS_PER_HOUR)


def _per_cell(people: np.ndarray) -> np.ndarray:
    """People answering in each half-hour cell (int64): 168 hourly values repeated, or 336
    as they are."""
    array = np.asarray(people)
    if array.size == HOURS_PER_WEEK:
        array = np.repeat(array, CELLS_PER_HOUR)
    return np.ascontiguousarray(array, dtype=np.int64)


@lru_cache(maxsize=64)
def _changes(cells_bytes: bytes) -> np.ndarray:
    """Over CLOCK_WEEKS: the clock hours at which the number answering (by cell) changes.
    Pure; cached; read-only."""
    repeated = np.tile(np.frombuffer(cells_bytes, dtype=np.int64), CLOCK_WEEKS)
    return _constant((np.flatnonzero(np.diff(repeated) != 0) + 1.0) / CELLS_PER_HOUR)


@lru_cache(maxsize=64)
def _clock(hours_bytes: bytes) -> np.ndarray:
    """Over CLOCK_WEEKS: the working hours (hours marked > 0) elapsed at each whole hour.
    Pure; cached; read-only."""
    repeated = np.tile(np.frombuffer(hours_bytes, dtype=np.int64), CLOCK_WEEKS)
    return _constant(np.concatenate([[0.0], np.cumsum(repeated > 0)]))


@lru_cache(maxsize=256)
def _goals(cells_bytes: bytes, minutes_bytes: bytes, delay_hours: float,
           approver_bytes: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The times (clock hours) by which each cell's reply must be written to reach the person
    within each of the minutes: plain, then (with sign-off, counted in the approvers' hours)
    before the sign-off; sorted along each row, with the order that sorted them and the
    clock's shift changes. Pure; cached."""
    changes = _changes(cells_bytes)
    minutes = np.frombuffer(minutes_bytes)
    rank = np.argsort(minutes, kind="stable")  # the goals rise along each row in this order
    posted_by = _CELL_MIDDLE[:, None] + minutes[rank][None, :] / 60.0
    if delay_hours <= 0:
        return (_constant(posted_by), _constant(np.tile(rank, (posted_by.shape[0], 1))),
                changes)
    working = _clock(approver_bytes)
    # Later posting never needs earlier drafting: the rows rise (rounding aside).
    drafting = np.maximum.accumulate(
        queue_kernels.latest_drafting(working, posted_by, delay_hours), axis=1)
    goals, merged = queue_kernels.merge_rows(posted_by, drafting)
    order = np.concatenate([rank, rank + minutes.size])[merged]
    return _constant(goals), _constant(order), changes


def _approvers(cells: np.ndarray, approver_hours: np.ndarray | None) -> bytes:
    """The hours sign-off runs in, as the clock's bytes: the approvers' own, or (None) the
    hours someone is on duty (a break does not close the hour)."""
    hours = (cells.reshape(HOURS_PER_WEEK, CELLS_PER_HOUR).max(axis=1)
             if approver_hours is None else approver_hours)
    return (np.asarray(hours) > 0).astype(np.int64).tobytes()


def _reached_within(people: np.ndarray, minutes: np.ndarray, approval_share: float,
                    approval_delay_hours: float,
                    written_by: Callable[[np.ndarray, np.ndarray], np.ndarray],
                    approver_hours: np.ndarray | None = None) -> np.ndarray:
    """For an arrival in each cell, the chance its reply reaches the person within each of
    the minutes, (cells, minutes), from `written_by(goals, shift changes)`: the chance it is
    written by each goal time (rows of goals rising). The share that needs sign-off must be
    written by the latest time that still clears it in the approvers' hours. `people`: 168
    hourly or 336 by half-hour cell."""
    signs_off = approval_share > 0 and approval_delay_hours > 0
    cells = _per_cell(people)
    goals, order, changes = _goals(cells.tobytes(), np.asarray(minutes, dtype=float).tobytes(),
                                   approval_delay_hours if signs_off else 0.0,
                                   _approvers(cells, approver_hours))
    written = np.asarray(queue_kernels.unmerged(written_by(goals, changes), order))
    if not signs_off:
        return written
    plain, signed = np.split(written, 2, axis=1)
    return (1 - approval_share) * plain + approval_share * signed


def _cell_weights(arrivals_per_hour: np.ndarray) -> np.ndarray:
    """Share of the week's messages arriving in each cell (an even spread if none arrive)."""
    arriving = np.repeat(np.asarray(arrivals_per_hour, dtype=float), CELLS_PER_HOUR)
    total = arriving.sum()
    return arriving / total if total > 0 else np.full(arriving.size, 1.0 / arriving.size)


@dataclass(frozen=True)
class _Solved:
    """A stable week's states, and what they say about when replies reach people."""

    cells: np.ndarray  # (cells, states): messages in the system as an arrival meets them
    people: np.ndarray  # answering: 168 hourly or 336 by half-hour cell, whole numbers
    service_rate_per_hour: float
    weight: np.ndarray  # share of the week's messages arriving in each cell
    approval_share: float
    approval_delay_hours: float
    approver_hours: np.ndarray | None = None  # 168 0/1 when approvers keep their own hours
    # The large-volume method's own `written_by(goals)` (None: the exact one, on `cells`).
    approximate: Callable[[np.ndarray], np.ndarray] | None = None

    def cell_shares_within(self, minutes: np.ndarray) -> np.ndarray:
        """For an arrival in each cell, the chance its reply reaches the person within each
        of the given minutes: (cells, minutes)."""
        def written_by(goals: np.ndarray, changes: np.ndarray) -> np.ndarray:
            if self.approximate is not None:
                return self.approximate(goals)
            return np.asarray(queue_kernels.written_by(
                self.cells, _per_cell(self.people), self.service_rate_per_hour,
                CELLS_PER_HOUR, goals,
                changes))

        return _reached_within(self.people, minutes, self.approval_share,
                               self.approval_delay_hours, written_by, self.approver_hours)

    def share_within(self, minutes: np.ndarray) -> np.ndarray:
        return np.asarray(self.weight @ self.cell_shares_within(minutes), dtype=float)

    def share_at(self, minutes: float) -> float:
        """Share of replies within `minutes` (a promise's target)."""
        return float(self.share_within(np.array([minutes]))[0])

    @cached_property
    def grid_shares(self) -> np.ndarray:
        """Share of replies within each of RESPONSE_GRID_MINUTES (no promise needed: weeks
        alike but for their target share one grid, `_solved_of`)."""
        return np.maximum.accumulate(self.share_within(RESPONSE_GRID_MINUTES))

    def quantile_minutes(self, shares: Sequence[float], grid_shares: np.ndarray) -> np.ndarray:
        """Minutes by which each share of replies has reached people: bracketed on the
        response grid (`grid_shares` = share within each grid point), the bracket narrowed
        a few rounds (all shares in one pass a round), then read off a line."""
        grid = RESPONSE_GRID_MINUTES
        wanted = np.asarray(shares, dtype=float)
        above = np.searchsorted(grid_shares, wanted, side="left")
        found = np.full(wanted.size, math.inf)
        inside = above < grid.size
        if not inside.any():
            return found
        wanted = wanted[inside]
        high = grid[above[inside]]
        low = np.where(above[inside] > 0, grid[np.maximum(above[inside] - 1, 0)], 0.0)
        low_share = np.where(above[inside] > 0,
                             grid_shares[np.maximum(above[inside] - 1, 0)], 0.0)
        high_share = grid_shares[above[inside]]
        rows = np.arange(wanted.size)
        for _ in range(QUANTILE_ROUNDS):
            points = np.linspace(low, high, QUANTILE_REFINE_POINTS + 2, axis=1)[:, 1:-1]
            values = self.share_within(points.ravel()).reshape(points.shape)
            reached = values >= wanted[:, None]
            first = np.where(reached.any(axis=1), reached.argmax(axis=1), points.shape[1])
            has_high = first < points.shape[1]
            has_low = first > 0
            new_high = np.where(has_high, points[rows, np.minimum(first, points.shape[1] - 1)],
                                high)
            high_share = np.where(has_high, values[rows, np.minimum(first, points.shape[1] - 1)],
                                  high_share)
            low = np.where(has_low, points[rows, np.maximum(first - 1, 0)], low)
            low_share = np.where(has_low, values[rows, np.maximum(first - 1, 0)], low_share)
            high = new_high
        rise = np.maximum(high_share - low_share, 1e-300)
        found[inside] = low + (high - low) * np.clip((wanted - low_share) / rise, 0.0, 1.0)
        return found


class ReplyTimes:
    """What a week says about when replies reach people, read off its weighted sample of
    response minutes and its median and 90th percentile: `WeekResult` and
    `model.week_mix.MixedWeek` each say how they find those two."""

    @property
    def _sample(self) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    @property
    def _quantiles_minutes(self) -> tuple[float, float]:
        raise NotImplementedError

    @property
    def response_minutes(self) -> np.ndarray:
        return self._sample[0]

    @property
    def response_weights(self) -> np.ndarray:
        return self._sample[1]

    @property
    def median_response_minutes(self) -> float:
        return self._quantiles_minutes[0]

    @property
    def p90_response_minutes(self) -> float:
        return self._quantiles_minutes[1]


@dataclass(frozen=True)
class WeekResult(ReplyTimes):
    """The periodic steady state of a typical week."""

    hourly: dict[str, np.ndarray]  # arrivals, agents, capacity, backlog, occupancy by hour
    share_within_target: float
    stable: bool
    backlog_growth_per_week: float
    solved: _Solved | None  # None when unstable
    method: str = large_volume.EXACT_METHOD  # how the week was solved (named for the reader)

    @cached_property
    def hours(self) -> pd.DataFrame:
        """168 rows: hour, day, hour_of_day, arrivals, agents, capacity, backlog, occupancy."""
        hour = np.arange(HOURS_PER_WEEK)
        return pd.DataFrame({"hour": hour, "day": np.array(DAY_NAMES, dtype=object)[hour // 24],
                             "hour_of_day": hour % 24, **self.hourly})

    @property
    def _grid_shares(self) -> np.ndarray:
        """Share of replies within each of RESPONSE_GRID_MINUTES."""
        assert self.solved is not None, "only a stable week has a response grid"
        return self.solved.grid_shares

    @cached_property
    def _sample(self) -> tuple[np.ndarray, np.ndarray]:
        """Weighted sample of response minutes for the patience curve: the middle of each grid
        interval, weighted by the share answered within it (what is left after the grid's end,
        four weeks, weighs at infinity)."""
        if self.solved is None:
            return np.array([math.inf]), np.array([1.0])
        grid, shares = RESPONSE_GRID_MINUTES, self._grid_shares
        middles = np.r_[grid[0] / 2, np.sqrt(grid[:-1] * grid[1:]), math.inf]
        return middles, np.diff(np.r_[0.0, shares, 1.0])

    @cached_property
    def _quantiles_minutes(self) -> tuple[float, float]:
        """Median and 90th percentile, found only when asked: a Monte Carlo batch of
        hundreds of weeks needs neither."""
        if self.solved is None:
            return math.inf, math.inf
        median, p90 = self.solved.quantile_minutes((0.5, 0.9), self._grid_shares)
        return float(median), float(p90)

    @cached_property
    def out_of_hours_share(self) -> float:
        """Share of the week's messages that arrive when no one is on duty."""
        arrivals, weekly_demand = self.hourly["arrivals"], self.hourly["arrivals"].sum()
        off_duty = arrivals[self.hourly["agents"] <= 0].sum()
        return float(off_duty / weekly_demand) if weekly_demand else 0.0

    def share_within(self, minutes: float | np.ndarray) -> np.ndarray:
        """Share of messages answered within each of the given minutes (0 when unstable)."""
        minutes_array = np.atleast_1d(np.asarray(minutes, dtype=float))
        if self.solved is None:
            return np.zeros_like(minutes_array)
        return self.solved.share_within(minutes_array)


def _check_week(name: str, values: np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    require(array.shape == (HOURS_PER_WEEK,), name, f"shape {array.shape}", "168 hourly values")
    if not ((array >= 0).all() and (array < math.inf).all()):
        bad = int(np.flatnonzero(~np.isfinite(array) | (array < 0))[0])
        require(False, f"{name}[{bad}]", float(array[bad]), "a finite number ≥ 0")
    return array


def _steady_backlog(arrivals: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Fluid backlog at the start of each hour 0..168 in the periodic steady state (Lindley):
    the size of the distribution to start from. A stable periodic queue empties at least once
    a week, so two weeks from empty reach it."""
    net = arrivals - capacity
    level = np.zeros(2 * HOURS_PER_WEEK + 1)
    np.cumsum(np.concatenate([net, net]), out=level[1:])
    low_water = np.minimum.accumulate(np.minimum(level, 0.0))
    return level[HOURS_PER_WEEK:] - low_water[HOURS_PER_WEEK:]


@dataclass(frozen=True)
class WeekInputs:
    """One week for the queue engine: hour 0 = Monday 00:00–01:00 local time."""

    arrivals_per_hour: np.ndarray  # 168 values
    agents_on_duty: np.ndarray  # 168 whole numbers of people
    handle_seconds: float  # staff time per reply
    approval_share: float = 0.0  # share of replies that wait for sign-off
    approver_hours: np.ndarray | None = None  # 168 0/1 approvers' hours; None: the team's
    # 336 whole numbers: of those on duty, the people on their unpaid break in each half-hour
    # cell (None: no breaks placed).
    on_break: np.ndarray | None = None

    @property
    def answering(self) -> np.ndarray:
        """People answering in each half-hour cell: on duty less any on a break (int64)."""
        cells = _per_cell(self.agents_on_duty)
        if self.on_break is None:
            return cells
        return cells - np.asarray(self.on_break, dtype=np.int64)


def _checked(week: WeekInputs, target_seconds: float, approval_delay_hours: float) -> WeekInputs:
    """The week with its hours as float arrays; ValueError naming any bad input."""
    arrivals = _check_week("arrivals_per_hour", week.arrivals_per_hour)
    agents = _check_week("agents_on_duty", week.agents_on_duty)
    fractional = np.flatnonzero(agents != np.round(agents))
    if fractional.size:
        require(False, f"agents_on_duty[{int(fractional[0])}]", float(agents[fractional[0]]),
                "a whole number of people")
    check_positive("handle_seconds", week.handle_seconds)
    check_rate("target_seconds", target_seconds)
    require(0 <= week.approval_share <= 1, "approval_share", week.approval_share,
            "a share between 0 and 1")
    check_rate("approval_delay_hours", approval_delay_hours)
    require(bool((agents > 0).any()), "agents_on_duty", "no cover hours", "someone on duty")
    approvers = None
    if week.approver_hours is not None:
        approvers = _check_week("approver_hours", week.approver_hours)
        require(bool((approvers > 0).any()), "approver_hours", "no hours",
                "at least one hour a week in which sign-off can happen")
    on_break = None
    if week.on_break is not None:
        on_break = np.asarray(week.on_break, dtype=float)
        cells = HOURS_PER_WEEK * CELLS_PER_HOUR
        require(on_break.shape == (cells,), "on_break", f"shape {on_break.shape}",
                f"{cells} half-hour values")
        wrong = np.flatnonzero((on_break != np.round(on_break)) | (on_break < 0)
                               | (on_break > np.repeat(agents, CELLS_PER_HOUR)))
        if wrong.size:
            require(False, f"on_break[{int(wrong[0])}]", float(on_break[wrong[0]]),
                    "a whole number of people, at most those on duty")
    return WeekInputs(arrivals, agents, week.handle_seconds, week.approval_share, approvers,
                      on_break)


def _carried_backlog(arrivals: np.ndarray, people: np.ndarray, service_rate: float
                     ) -> tuple[float, float]:
    """The backlog a week carries into the next, as a random walk near capacity: its mean in
    the steady state (about exponential: weekly variance ÷ (2 × spare capacity a week)), and
    the weeks it takes to settle (weekly variance ÷ spare capacity²)."""
    demand, capacity = arrivals.sum(), people.sum() * service_rate
    variance, spare = demand + capacity, capacity - demand
    return variance / (2 * spare), variance / spare**2


def _hourly_people(cells: np.ndarray) -> np.ndarray:
    """People answering each hour, on average over its cells (floats)."""
    return np.asarray(cells, dtype=float).reshape(HOURS_PER_WEEK, CELLS_PER_HOUR).mean(axis=1)


def _states(arrivals: np.ndarray, people: np.ndarray, service_rate: float,
            start: np.ndarray | None = None, tolerance: float = STATE_TOLERANCE
            ) -> np.ndarray:
    """What an arrival meets in each cell of the week, `people` answering by cell (read-only;
    memoised: the search and the frontier ask for the same week under several promises).
    `start`: a distribution to repeat the week from instead, until it moves less than
    `tolerance` in a week (not memoised; `simulate_chain`)."""
    if start is not None:
        return _solved_states(arrivals, people, service_rate, start, tolerance)
    return _states_of(arrivals.tobytes(), people.tobytes(), service_rate)


def _states_of(arrivals_bytes: bytes, people_bytes: bytes, service_rate: float) -> np.ndarray:
    """`_states` on the week's bytes."""
    return states_and_starts(arrivals_bytes, people_bytes, service_rate)[0]


@lru_cache(maxsize=32)
def states_and_starts(arrivals_bytes: bytes, people_bytes: bytes, service_rate: float
                      ) -> tuple[np.ndarray, np.ndarray]:
    """`_solved_with_starts` from the carried backlog's steady state, on the week's bytes
    (memoised, read-only: the staffing search's weeks solved near others start from them)."""
    return _solved_with_starts(np.frombuffer(arrivals_bytes),
                               np.frombuffer(people_bytes, dtype=np.int64), service_rate, None)


# The cell whose distribution a chain of weeks hands on as the next week's start: the week's
# repeats begin two days before Monday (`queue_kernels.week_states`), Saturday 00:00.
CHAIN_START_CELL = (HOURS_PER_WEEK - 48) * CELLS_PER_HOUR


def _solved_states(arrivals: np.ndarray, people: np.ndarray, service_rate: float,
                   given: np.ndarray | None, tolerance: float = STATE_TOLERANCE
                   ) -> np.ndarray:
    """`_states`, from a distribution large enough that its top state stays empty (doubled
    until it does). It starts from `given` if any (padded or cut to that size), else from
    the carried backlog's steady state, so a busy week settles in a few repeats rather than
    dozens."""
    return _solved_with_starts(arrivals, people, service_rate, given, tolerance)[0]


def state_size(arrivals: np.ndarray, people: np.ndarray, service_rate: float) -> int:
    """States a week's distribution is first solved on (`_solved_with_starts`)."""
    hourly = _hourly_people(people)
    fluid = _steady_backlog(arrivals, hourly * service_rate).max()
    carried, _ = _carried_backlog(arrivals, hourly, service_rate)
    return int(fluid + 10 * math.sqrt(fluid + 1) + 4 * people.max() + 40 + 28 * carried)


def _solved_with_starts(arrivals: np.ndarray, people: np.ndarray, service_rate: float,
                        given: np.ndarray | None, tolerance: float = STATE_TOLERANCE
                        ) -> tuple[np.ndarray, np.ndarray]:
    """`_solved_states`, with the distribution at the start of each cell (read-only both)."""
    hourly = _hourly_people(people)
    carried, _ = _carried_backlog(arrivals, hourly, service_rate)
    size = state_size(arrivals, people, service_rate)
    if given is not None:
        size = max(size, int(np.flatnonzero(given > 0).max(initial=0)) + 2)
    while True:
        start = np.exp(-np.arange(size) / max(carried, 1e-3))
        if given is not None:
            start = np.zeros(size)
            start[: min(size, given.size)] = given[: min(size, given.size)]
        cells, seen, top_mass = queue_kernels.week_states(
            arrivals, people, service_rate, CELLS_PER_HOUR, start / start.sum(),
            tolerance, MAX_WEEKS)
        if top_mass < 1e-12:
            return _constant(np.asarray(cells)), _constant(np.asarray(seen))
        size *= 2


def _hourly(arrivals: np.ndarray, agents: np.ndarray, capacity: np.ndarray, backlog: np.ndarray,
            occupancy: np.ndarray) -> dict[str, np.ndarray]:
    return {"arrivals": arrivals, "agents": agents, "capacity": capacity, "backlog": backlog,
            "occupancy": occupancy}


class _SolvedWeek(NamedTuple):
    """A stable week solved, before any promise: what it says about replies, messages waiting
    and occupancy by hour, and the method that solved it."""

    solved: _Solved
    waiting: np.ndarray
    occupancy: np.ndarray
    method: str


def _solve(week: WeekInputs, approval_delay_hours: float, start: np.ndarray | None = None,
           tolerance: float = STATE_TOLERANCE) -> _SolvedWeek:
    people = week.agents_on_duty.astype(np.int64)
    service_rate = SECONDS_PER_HOUR / week.handle_seconds
    method = large_volume.method_for(week.arrivals_per_hour, people, CELLS_PER_HOUR)
    if method == large_volume.EXACT_METHOD:
        solved, waiting, occupancy = _exact_solved(week, week.answering, service_rate,
                                                   approval_delay_hours, start, tolerance)
    else:
        solved, waiting, occupancy = _large_volume_solved(week, week.answering, service_rate,
                                                          approval_delay_hours)
    return _SolvedWeek(solved, waiting, occupancy, method)


def _stable_week(week: WeekInputs, target_seconds: float, solved_week: _SolvedWeek
                 ) -> WeekResult:
    """The week's result for the target, from the week solved."""
    solved = solved_week.solved
    service_rate = SECONDS_PER_HOUR / week.handle_seconds
    return WeekResult(
        hourly=_hourly(week.arrivals_per_hour, week.agents_on_duty,
                       _hourly_people(week.answering) * service_rate, solved_week.waiting,
                       solved_week.occupancy),
        share_within_target=solved.share_at(target_seconds / 60.0),
        stable=True,
        backlog_growth_per_week=0.0,
        solved=solved,
        method=solved_week.method,
    )


def _exact_solved(week: WeekInputs, people: np.ndarray, service_rate: float,
                  approval_delay_hours: float, start: np.ndarray | None = None,
                  tolerance: float = STATE_TOLERANCE) -> tuple[_Solved, np.ndarray, np.ndarray]:
    """The exact periodic queue, `people` answering by half-hour cell: its states, messages
    waiting and occupancy by hour (the share of the rostered people's time spent answering:
    a break is time not busy)."""
    cells = _states(week.arrivals_per_hour, people, service_rate, start, tolerance)
    on_duty = people[:, None]
    in_system = np.arange(cells.shape[1])[None, :]
    waiting = (cells * np.maximum(in_system - on_duty, 0)).sum(axis=1)
    busy = (cells * np.minimum(in_system, on_duty)).sum(axis=1)
    by_hour = HOURS_PER_WEEK, CELLS_PER_HOUR
    solved = _Solved(cells, people, service_rate, _cell_weights(week.arrivals_per_hour),
                     week.approval_share, approval_delay_hours, week.approver_hours)
    rostered = week.agents_on_duty
    occupancy = np.divide(busy.reshape(by_hour).mean(axis=1), rostered,
                          out=np.zeros(HOURS_PER_WEEK), where=rostered > 0)
    return solved, waiting.reshape(by_hour).mean(axis=1), occupancy


def _large_volume(week: WeekInputs, people: np.ndarray, service_rate: float,
                  approval_delay_hours: float) -> tuple[_Solved, large_volume.FluidWeek]:
    """`large_volume`'s fluid backlog + Erlang C, `people` answering by half-hour cell (a
    break placed as in the exact engine): what it says by cell, and its fluid week."""
    fluid = large_volume.FluidWeek.of(week.arrivals_per_hour, people, service_rate,
                                      CELLS_PER_HOUR, CLOCK_WEEKS)
    return _Solved(np.zeros((HOURS_PER_WEEK * CELLS_PER_HOUR, 1)), people, service_rate,
                   _cell_weights(week.arrivals_per_hour), week.approval_share,
                   approval_delay_hours, week.approver_hours, approximate=fluid), fluid


def _large_volume_solved(week: WeekInputs, people: np.ndarray, service_rate: float,
                         approval_delay_hours: float
                         ) -> tuple[_Solved, np.ndarray, np.ndarray]:
    """`_large_volume`: what it says by cell, waiting, occupancy (of the rostered people's
    time, as `_exact_solved`)."""
    solved, fluid = _large_volume(week, people, service_rate, approval_delay_hours)
    waiting, busy = fluid.hourly()
    rostered = week.agents_on_duty
    occupancy = np.divide(busy, rostered, out=np.zeros(HOURS_PER_WEEK), where=rostered > 0)
    return solved, waiting, occupancy


def large_volume_share(week: WeekInputs, target_seconds: float, approval_delay_hours: float
                       ) -> float:
    """The large-volume method's share within the target of a week that settles, alone
    (about a millisecond; none of `simulate_week`'s hourly tables): for a week that method
    solves, the engine's own answer; for any other, a quick estimate, against up to hundreds
    of milliseconds for an exact solve of a busy week."""
    solved = _large_volume(week, week.answering, SECONDS_PER_HOUR / week.handle_seconds,
                           approval_delay_hours)[0]
    return solved.share_at(target_seconds / 60.0)


def _unstable_week(week: WeekInputs) -> WeekResult:
    arrivals, agents = week.arrivals_per_hour, week.agents_on_duty
    service_rate = SECONDS_PER_HOUR / week.handle_seconds
    capacity = _hourly_people(week.answering) * service_rate
    growth = max(float(arrivals.sum() - capacity.sum()), 0.0)
    backlog = np.cumsum(arrivals - capacity)
    backlog = backlog - min(0.0, float(backlog.min()))
    served = np.minimum(capacity, arrivals + backlog)
    rostered = agents * service_rate  # occupancy: of the rostered people's time
    occupancy = np.minimum(np.divide(served, rostered, out=np.zeros_like(rostered),
                                     where=rostered > 0), 1.0)
    return WeekResult(hourly=_hourly(arrivals, agents, capacity, backlog, occupancy),
                      share_within_target=0.0, stable=False, backlog_growth_per_week=growth,
                      solved=None)


def best_possible_share(arrivals_per_hour: np.ndarray, cover: Sequence[int],
                        handle_seconds: float, target_seconds: float,
                        approval_share: float = 0.0, approval_delay_hours: float = 0.0,
                        approver_hours: np.ndarray | None = None) -> float:
    """Share of replies within the target if each message were picked up the moment the cover
    opens (as many people as it takes in every cover hour): the most this cover allows. A
    message arriving out of hours waits for the next cover hour, then its handle time and
    any sign-off."""
    open_hours = (np.asarray(cover) > 0).astype(np.int64)
    clock_open = np.flatnonzero(np.tile(open_hours, CLOCK_WEEKS))
    hour = np.floor(_CELL_MIDDLE).astype(np.intp)
    picked_up = np.maximum(_CELL_MIDDLE, clock_open[np.searchsorted(clock_open, hour)])
    service_rate = SECONDS_PER_HOUR / handle_seconds

    def written_by(goals: np.ndarray, _: np.ndarray) -> np.ndarray:
        return -np.expm1(-service_rate * np.maximum(goals - picked_up[:, None], 0.0))

    within = _reached_within(open_hours, np.array([target_seconds / 60.0]), approval_share,
                             approval_delay_hours, written_by, approver_hours)[:, 0]
    if np.sum(arrivals_per_hour) <= 0:
        return 1.0
    return float(_cell_weights(arrivals_per_hour) @ within)


def simulate_week(
    arrivals_per_hour: np.ndarray,
    agents_on_duty: np.ndarray,
    handle_seconds: float,
    target_seconds: float,
    approval_share: float = 0.0,
    approval_delay_hours: float = 0.0,
    approver_hours: np.ndarray | None = None,
    on_break: np.ndarray | None = None,
) -> WeekResult:
    """The typical week's queue; hour 0 = Monday 00:00–01:00 local time.

    `agents_on_duty` are whole people each hour. A week whose demand reaches its capacity
    has no steady state, and one so near it that its backlog would take more than a quarter
    to settle has none in practice: the result says so (`stable` False) with the backlog's growth.
    Sign-off counts `approver_hours` (168 values, > 0 = approvers at work), or the hours
    someone is on duty when None. `on_break` (336 whole numbers, one a half hour) are those
    of the people on duty on their unpaid break (`model.rota_breaks`).
    """
    week = WeekInputs(arrivals_per_hour, agents_on_duty, handle_seconds, approval_share,
                      approver_hours, on_break)
    return simulate_weeks([week], target_seconds, approval_delay_hours)[0]


def _described(week: WeekInputs) -> str:
    return (f"A week of {week.arrivals_per_hour.sum():,.0f} messages on up to "
            f"{week.agents_on_duty.max():,.0f} people on duty")


def simulate_weeks(weeks: Sequence[WeekInputs], target_seconds: float,
                   approval_delay_hours: float = 0.0) -> list[WeekResult]:
    """`simulate_week` for several weeks, e.g. the plan and "stay as we are"."""
    results = []
    for week in weeks:
        checked = _checked(week, target_seconds, approval_delay_hours)
        budget.check(functools.partial(_described, checked))
        approvers = (None if checked.approver_hours is None
                     else checked.approver_hours.tobytes())
        on_break = None if checked.on_break is None else checked.on_break.tobytes()
        results.append(_week(checked.arrivals_per_hour.tobytes(),
                             checked.agents_on_duty.tobytes(), checked.handle_seconds,
                             checked.approval_share, target_seconds, approval_delay_hours,
                             approvers, on_break))
    return results


def simulate_chain(weeks: Sequence[WeekInputs], target_seconds: float,
                   approval_delay_hours: float = 0.0, tolerance: float = STATE_TOLERANCE
                   ) -> list[WeekResult]:
    """`simulate_weeks` for weeks that differ little one to the next (one team at rising
    volumes, say): each stable week solved exactly is repeated from the distribution the one
    before it settled to, until it moves less than `tolerance` in a week, so a week near its
    step settles in a few repeats rather than dozens. The same answers as `simulate_weeks`
    within the tolerance; not memoised."""
    results: list[WeekResult] = []
    start: np.ndarray | None = None
    for week in weeks:
        checked = _checked(week, target_seconds, approval_delay_hours)
        budget.check(functools.partial(_described, checked))
        if not week_settles(checked.arrivals_per_hour, _hourly_people(checked.answering),
                            checked.handle_seconds):
            results.append(_unstable_week(checked))
            continue
        result = _stable_week(checked, target_seconds,
                              _solve(checked, approval_delay_hours, start, tolerance))
        if result.solved is not None and result.solved.approximate is None:
            start = result.solved.cells[CHAIN_START_CELL]
        results.append(result)
    return results


@lru_cache(maxsize=128)
def _week(arrivals_bytes: bytes, agents_bytes: bytes, handle_seconds: float,
          approval_share: float, target_seconds: float,
          approval_delay_hours: float, approver_bytes: bytes | None = None,
          on_break_bytes: bytes | None = None) -> WeekResult:
    """One checked week's result, memoised (pure): a slider move leaves most weeks as they
    were ("stay as we are", the plan's rota), and their medians are then found only once."""
    week = _week_inputs(arrivals_bytes, agents_bytes, handle_seconds, approval_share,
                        approver_bytes, on_break_bytes)
    if week_settles(week.arrivals_per_hour, _hourly_people(week.answering), handle_seconds):
        return _stable_week(week, target_seconds, _solved_of(
            arrivals_bytes, agents_bytes, handle_seconds, approval_share, approval_delay_hours,
            approver_bytes, on_break_bytes))
    return _unstable_week(week)


@lru_cache(maxsize=128)
def _solved_of(arrivals_bytes: bytes, agents_bytes: bytes, handle_seconds: float,
               approval_share: float, approval_delay_hours: float,
               approver_bytes: bytes | None, on_break_bytes: bytes | None) -> _SolvedWeek:
    """A stable week solved, memoised apart from its target (pure): the plan search runs the
    same rota under several promises, and each shares its reply-time grid
    (`_Solved.grid_shares`)."""
    return _solve(_week_inputs(arrivals_bytes, agents_bytes, handle_seconds, approval_share,
                               approver_bytes, on_break_bytes), approval_delay_hours)


def _week_inputs(arrivals_bytes: bytes, agents_bytes: bytes, handle_seconds: float,
                 approval_share: float, approver_bytes: bytes | None,
                 on_break_bytes: bytes | None) -> WeekInputs:
    return WeekInputs(np.frombuffer(arrivals_bytes), np.frombuffer(agents_bytes),
                      handle_seconds, approval_share,
                      None if approver_bytes is None else np.frombuffer(approver_bytes),
                      None if on_break_bytes is None else np.frombuffer(on_break_bytes))


def week_settles(arrivals_per_hour: np.ndarray, agents_on_duty: np.ndarray,
                 handle_seconds: float) -> bool:
    """The engine's rule for a stable week, without solving it: demand below capacity, and
    the backlog carried from week to week settles within SETTLE_WEEKS (or no demand)."""
    service_rate = SECONDS_PER_HOUR / handle_seconds
    capacity = float(np.sum(agents_on_duty)) * service_rate
    demand = float(np.sum(arrivals_per_hour))
    if demand == 0:
        return True
    return demand < capacity and _carried_backlog(
        np.asarray(arrivals_per_hour), np.asarray(agents_on_duty), service_rate)[1] <= SETTLE_WEEKS
