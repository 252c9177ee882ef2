"""Large-volume queue approximation: fluid backlog + Erlang C, for weeks too busy to solve exactly.

The exact engine (`model.queue_kernels`) steps through every arrival and finish of a week's
state distribution: its cost grows with the events in a half hour times the spread of the
queue, faster than the volume. At a county's or a national agency's volume the queue is
nearly deterministic, and a cheaper description holds (Whitt, "Stochastic-process limits",
2002, ch. 5 and 10; the pointwise stationary approximation of Green & Kolesar, 1991):

- where the week's work piles up (more arrivals than the people answering can take, or no one
  answering), the backlog is the fluid one (Lindley, minute by minute) and a message's place in
  line is Normal about it, with the variance of the arrivals and finishes since the backlog
  began; it is picked up when the finishes after it reach its place (Poisson, at the rate of
  the people answering), then written after an exponential handle time;
- where there is no backlog, what an arrival meets is the M/M/n steady state of its half
  hour (Erlang C): picked up at once, or after the queue ahead clears at the spare rate.

It works on the engine's half-hour cells: the people answering in each are those on duty less
any on their unpaid break (`model.rota_breaks`), as in the exact engine; one back from a break,
like one coming on duty, picks up the first in line at once.

Its cost is fixed by the week's minutes and cells, not by the volume. `method_for` chooses
it automatically (the exact engine while it is cheap); the result names the method used.
tests/model/test_large_volume.py checks it message by message against ciw at 20,000 and
50,000 messages a week, and against the exact engine with breaks placed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from model.erlang import NEGLIGIBLE_BLOCKING, WARM_START_DEVIATIONS

HOURS_PER_WEEK = 168
EXACT_METHOD = "exact periodic queue"
LARGE_VOLUME_METHOD = "large-volume approximation (fluid backlog + Erlang C)"
# The exact engine's work per half hour is about (events in it) × (spread of the queue): about
# 40 ms a week at this many arrivals in the busiest half hour (about 4,000 a week), growing as
# the 1.5th power beyond. Above it the approximation takes over: there it agrees with the
# exact engine within 0.2 points and 3 % of the median, and its error shrinks with volume.
# A district's weeks (the sample's busiest half hour has 2) stay exact.
EXACT_MAX_ARRIVALS_PER_HALF_HOUR = 25.0
# Its Normal and Erlang pieces are large-team limits: with fewer people than this in the
# busiest hour the exact engine is kept whatever the volume (its cost is then small too: the
# queue a handful of people can keep stable is short).
APPROXIMATION_MIN_PEOPLE = 10
STEPS_PER_HOUR = 60  # the fluid backlog minute by minute
POINTS_PER_CELL = 6  # arrival times tried in each cell (every five minutes of a half hour)
FLUID_WEEKS = 3  # the fluid's periodic state is reached within two weeks from empty


def method_for(arrivals_per_hour: np.ndarray, people: np.ndarray, cells_per_hour: int) -> str:
    """The method a week is solved by: exact while cheap or the team small, else the
    large-volume one."""
    peak = float(np.max(arrivals_per_hour)) / cells_per_hour
    large = (peak > EXACT_MAX_ARRIVALS_PER_HALF_HOUR
             and int(np.max(people)) >= APPROXIMATION_MIN_PEOPLE)
    return LARGE_VOLUME_METHOD if large else EXACT_METHOD


@njit(cache=True, nogil=True)
def _erlang_c(traffic: float, agents: int) -> float:
    """Probability an arrival waits in M/M/n (1 when traffic ≥ agents)."""
    if agents <= 0 or traffic >= agents:
        return 1.0
    if traffic <= 0.0:
        return 0.0
    first = max(0, int(min(traffic, agents) - WARM_START_DEVIATIONS * math.sqrt(traffic)))
    blocking = 1.0 - first / traffic if first > 0 else 1.0  # as model.erlang.erlang_b
    for k in range(first + 1, agents + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
        if blocking < NEGLIGIBLE_BLOCKING:
            return 0.0
    return agents * blocking / (agents - traffic * (1.0 - blocking))


@njit(cache=True, nogil=True)
def fluid_week(arrivals_per_hour: np.ndarray, people: np.ndarray, service_rate: float,
               cells_per_hour: int) -> tuple[np.ndarray, np.ndarray]:
    """The periodic fluid backlog (messages waiting) at the start of each minute of the week,
    and the variance of the arrivals and finishes since that backlog began (0 without one).
    `people` answer in each cell; people coming on duty (or back from a break) each take a
    message from the line at once."""
    steps = HOURS_PER_WEEK * STEPS_PER_HOUR
    steps_per_cell = STEPS_PER_HOUR // cells_per_hour
    step_hours = 1.0 / STEPS_PER_HOUR
    backlog = np.zeros(steps)
    variance = np.zeros(steps)
    waiting, spread = 0.0, 0.0
    for week in range(FLUID_WEEKS):
        for step in range(steps):
            cell = step // steps_per_cell
            if step % steps_per_cell == 0:  # newcomers pick up the first in line at once
                waiting = max(waiting - max(people[cell] - people[cell - 1], 0), 0.0)
                if waiting == 0.0:
                    spread = 0.0
            if week == FLUID_WEEKS - 1:
                backlog[step], variance[step] = waiting, spread
            arriving = arrivals_per_hour[step // STEPS_PER_HOUR]
            capacity = people[cell] * service_rate
            waiting += (arriving - capacity) * step_hours
            if waiting <= 0.0:
                waiting, spread = 0.0, 0.0
            else:
                spread += (arriving + capacity) * step_hours
    return backlog, variance


@njit(cache=True, nogil=True)
def _normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@njit(cache=True, nogil=True)
def _written_after_normal_pick_up(goal: float, mean: float, sd: float, rate: float) -> float:
    """P(N(mean, sd²) + Exp(rate) ≤ goal): an exponentially modified Normal's CDF."""
    z = (goal - mean) / sd
    tail = rate * sd - z  # the exponential part, written with erfc to stay finite
    if tail > 30.0:
        correction = math.exp(-0.5 * z * z) / (tail * math.sqrt(2.0 * math.pi)) * (
            1.0 - 1.0 / (tail * tail))
    else:
        correction = math.exp(-rate * (goal - mean) + 0.5 * (rate * sd) ** 2) * _normal_cdf(-tail)
    return max(_normal_cdf(z) - correction, 0.0)


@njit(cache=True, nogil=True)
def _written_after_erlang_wait(hours: float, waits: float, spare_rate: float,
                               rate: float) -> float:
    """P(wait + handle ≤ hours) in M/M/n: no wait with chance 1 − `waits`, else an
    exponential wait at the spare rate (people × rate − arrivals); handle Exp(`rate`)."""
    handled = -math.expm1(-rate * hours)
    if abs(rate - spare_rate) < 1e-9 * rate:
        after_wait = handled - rate * hours * math.exp(-rate * hours)
    else:
        after_wait = 1.0 - (rate * math.exp(-spare_rate * hours)
                            - spare_rate * math.exp(-rate * hours)) / (rate - spare_rate)
    return (1.0 - waits) * handled + waits * after_wait


@njit(cache=True, nogil=True)
def _capacity_at(cumulative: np.ndarray, people: np.ndarray, service_rate: float,
                 cells_per_hour: int, time: float) -> float:
    """Places in line the people answering clear from clock hour 0 to `time` (hours)."""
    cell = min(int(time * cells_per_hour), cumulative.size - 2)
    return cumulative[cell] + people[cell % people.size] * service_rate * (
        time - cell / cells_per_hour)


@njit(cache=True, nogil=True)
def _time_of_capacity(cumulative: np.ndarray, people: np.ndarray, service_rate: float,
                      cells_per_hour: int, amount: float) -> float:
    """The clock hour by which the people answering can make `amount` finishes from hour 0."""
    if amount > cumulative[-1]:
        return math.inf
    cell = max(int(np.searchsorted(cumulative, amount, side="left")) - 1, 0)
    start, end = cell / cells_per_hour, (cell + 1) / cells_per_hour
    rate = people[cell % people.size] * service_rate
    if rate <= 0.0:
        return end
    return min(start + (amount - cumulative[cell]) / rate, end)  # or newcomers, at once


@njit(cache=True, nogil=True)
def written_by(arrivals_per_hour: np.ndarray, people: np.ndarray, service_rate: float,
               cells_per_hour: int, backlog: np.ndarray, variance: np.ndarray,
               cumulative: np.ndarray, times: np.ndarray) -> np.ndarray:
    """As `queue_kernels.written_by`: for a message arriving in each cell of the week (hour 168
    on the clock of `times`), the chance its reply is written by each of its `times`.

    `people`: answering in each cell; `backlog`, `variance`: `fluid_week`; `cumulative`:
    `cumulative_capacity`. The state is read at several arrival times in each cell, each
    measured against its own goals (the cell's goals are for its middle).
    """
    cells, goals = times.shape
    result = np.zeros(times.shape)
    for cell in range(cells):
        on_duty = people[cell]
        arriving = arrivals_per_hour[cell // cells_per_hour]
        spare = on_duty * service_rate - arriving
        waits = _erlang_c(arriving / service_rate, on_duty)
        for point in range(POINTS_PER_CELL):
            week_hours = (cell + (point + 0.5) / POINTS_PER_CELL) / cells_per_hour
            now = HOURS_PER_WEEK + week_hours
            offset = now - HOURS_PER_WEEK - (cell + 0.5) / cells_per_hour
            step = min(int(week_hours * STEPS_PER_HOUR), backlog.size - 1)
            waiting, spread = backlog[step], variance[step]
            if waiting <= 0.0 and spare > 0.0:
                for k in range(goals):
                    goal = times[cell, k] + offset
                    if goal > now:
                        result[cell, k] += _written_after_erlang_wait(
                            goal - now, waits, spare, service_rate) / POINTS_PER_CELL
                continue
            done_before = _capacity_at(cumulative, people, service_rate, cells_per_hour, now)
            place = waiting + 0.5  # finishes needed after arrival, on average
            picked_at = _time_of_capacity(cumulative, people, service_rate, cells_per_hour,
                                          done_before + place)
            if picked_at == math.inf:
                continue
            there = people[int(picked_at * cells_per_hour) % people.size] * service_rate
            if there <= 0.0:
                there = max(on_duty * service_rate, service_rate)
            sd = max(math.sqrt(place + spread), 0.5) / there
            for k in range(goals):
                goal = times[cell, k] + offset
                if goal <= now:
                    continue
                result[cell, k] += _written_after_normal_pick_up(
                    goal, picked_at, sd, service_rate) / POINTS_PER_CELL
    return result


@dataclass(frozen=True)
class FluidWeek:
    """A week solved by the large-volume method: `week(goals)` is `written_by` on it (a plain
    object, not a closure, so a result holding it can be pickled into Streamlit's cache)."""

    arrivals_per_hour: np.ndarray
    people: np.ndarray  # answering in each cell (int64): on duty less any on a break
    service_rate_per_hour: float
    cells_per_hour: int
    backlog: np.ndarray  # fluid_week
    variance: np.ndarray
    cumulative: np.ndarray  # cumulative_capacity over the clock

    @classmethod
    def of(cls, arrivals_per_hour: np.ndarray, people: np.ndarray, service_rate: float,
           cells_per_hour: int, clock_weeks: int) -> FluidWeek:
        """The week with `people` answering in each of its cells (whole numbers)."""
        answering = np.ascontiguousarray(people, dtype=np.int64)
        backlog, variance = fluid_week(arrivals_per_hour, answering, service_rate,
                                       cells_per_hour)
        return cls(arrivals_per_hour, answering, service_rate, cells_per_hour, backlog,
                   variance,
                   cumulative_capacity(answering, service_rate, clock_weeks, cells_per_hour))

    def __call__(self, goals: np.ndarray) -> np.ndarray:
        return np.asarray(written_by(self.arrivals_per_hour, self.people,
                                     self.service_rate_per_hour, self.cells_per_hour,
                                     self.backlog, self.variance, self.cumulative, goals))

    def hourly(self) -> tuple[np.ndarray, np.ndarray]:
        """Messages waiting and the people busy answering, by hour (means over its cells)."""
        return hourly_backlog_and_busy(self.arrivals_per_hour, self.people,
                                       self.service_rate_per_hour, self.cells_per_hour,
                                       self.backlog)


def hourly_backlog_and_busy(arrivals_per_hour: np.ndarray, people: np.ndarray,
                            service_rate: float, cells_per_hour: int, backlog: np.ndarray
                            ) -> tuple[np.ndarray, np.ndarray]:
    """Messages waiting and people busy, by hour, from `people` answering in each cell: where
    the fluid backlog piles up in a cell, its mean there and everyone answering busy; else
    the cell's M/M/n queue (Erlang C) and its offered load."""
    cells = HOURS_PER_WEEK * cells_per_hour
    by_cell = backlog.reshape(cells, -1)
    arriving = np.repeat(np.asarray(arrivals_per_hour, dtype=float), cells_per_hour)
    answering = np.asarray(people, dtype=float)
    capacity = answering * service_rate
    piled = by_cell.max(axis=1) > 0
    load = np.divide(arriving, capacity, out=np.ones(cells), where=capacity > 0)
    queue = np.array([_erlang_c(a / service_rate, int(n)) * r / (1 - r) if r < 1 and n > 0
                      else 0.0 for a, n, r in zip(arriving, answering, load)])
    waiting = np.where(piled, by_cell.mean(axis=1), queue)
    busy = np.where(piled, answering, np.minimum(arriving / service_rate, answering))
    hourly = HOURS_PER_WEEK, cells_per_hour
    return waiting.reshape(hourly).mean(axis=1), busy.reshape(hourly).mean(axis=1)


def cumulative_capacity(people: np.ndarray, service_rate: float, weeks: int,
                        cells_per_hour: int) -> np.ndarray:
    """Places in line cleared from clock hour 0 to the end of each cell over `weeks` weeks:
    the finishes the people answering can make, and one at once for each person coming on
    duty or back from a break (a newcomer takes the first in line, then works at the rate)."""
    answering = np.tile(np.asarray(people, dtype=float), weeks)
    newcomers = np.maximum(np.diff(answering, prepend=answering[-1]), 0.0)
    cleared = answering * service_rate / cells_per_hour
    return np.concatenate([[0.0], np.cumsum(cleared + np.r_[newcomers[1:], 0.0])])
