"""An event on top of the typical week: the plan's own people through a flood, a snow day, a
viral post, and what it takes to keep a promise through it.

The queue is the engine's (`model.queueing`, `model.queue_kernels`): the same M(t)/M/n(t)
model, solved exactly by uniformisation in half-hour cells. The event starts from the typical
week's steady state (the distribution the engine found at the start of the event's first
cell; the week before it is the typical week's own), runs through the event
with messages at `multiplier` times the usual rate, and on through typical hours until the
backlog is back to the typical week's. What the event's messages meet in each cell then goes
through the engine's own reply clock (pick-up, handle, sign-off in working hours).

Above FLUID_FROM_ARRIVALS_PER_CELL messages in the event's busiest half hour the exact
distribution grows with the backlog and a run takes seconds; there the event is run as a
fluid (mean-rate backlog, first come first served, each message picked up once the capacity
after it has served everyone ahead, then the engine's handle and sign-off clock), which the
tests check against the exact engine and ciw.

Unpaid breaks are in the queue as in the typical week (`model.rota_breaks`): in each
half-hour cell the people answering are those on duty less any on their break, the plan's
rota's breaks where they fall in its week, and the surge rota's own: each extra post is
worked in the rota's shifts back to back through the event, each shift taking its break
near its middle, staggered against everyone else answering. Sign-off counts the approvers'
own hours (`QueueWeek.approver_hours`, the scenario's `promise.approver_cover`).

Hour 0 is Monday 00:00. An event lasts at most a week, so its hours fall in distinct hours
of the week.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np

from model import queue_kernels
from model.queueing import (
    CELLS_PER_HOUR,
    RESPONSE_GRID_MINUTES,
    WeekResult,
    _reached_within,
    _Solved,
    simulate_week,
    states_and_starts,
)
from model.rota_breaks import hours_on_duty, on_break, on_break_of_posts
from model.rota_shifts import ShiftRules
from model.scenario import base_year_money
from model.surge_event import Surge
from model.units import HOURS_PER_WEEK, SECONDS_PER_HOUR, WEEKS_PER_YEAR
from model.week_mix import MixedWeek

if TYPE_CHECKING:  # the scenario holds a Surge, so these import this module
    from model.scenario import Scenario
    from model.value import Operations

NEGLIGIBLE_TOP = 1e-12  # mass in the top state that asks for a larger distribution
# The backlog is "back to normal" once, from then on, it is within this many messages of the
# typical week's at the same hour (or this share of the typical week's peak, if larger).
NORMAL_MESSAGES = 0.5
NORMAL_SHARE_OF_PEAK = 0.05
RECOVERY_MARGIN_HOURS = 72  # hours run beyond the fluid estimate of clearing the backlog
MAX_RECOVERY_WEEKS = 8  # run at most this long after the event
# Pick-up waits are integrated on this grid of minutes (a message still waiting after four
# weeks counts as waiting four weeks: the grid's end).
WAIT_GRID_MINUTES = np.concatenate([[0.0], np.geomspace(0.5, 4 * 7 * 24 * 60.0, 160)])
MAX_EXTRA_PEOPLE = 50  # the surge rota's search gives up beyond this many extra per hour
# A promise no number of people keeps (sign-off, closed hours): the surge rota is the fewest
# people within this share of what MAX_EXTRA_PEOPLE would answer in time.
NEAR_BEST_SHARE = 0.005
# Above this many arrivals in the event's busiest half hour the surge is run as a fluid
# (mean-rate backlog, first come first served) rather than on the exact distribution: the
# exact one grows with the backlog. tests/model/test_surge.py checks the two agree near here.
FLUID_FROM_ARRIVALS_PER_CELL = 25.0
EXACT_METHOD = "exact"
FLUID_METHOD = "fluid"
CELLS_PER_WEEK = HOURS_PER_WEEK * CELLS_PER_HOUR


@dataclass(frozen=True)
class SurgeResult:
    """The event's messages and the backlog through the event and recovery."""

    share_within_target: float  # of messages arriving during the event
    median_response_minutes: float  # of messages arriving during the event
    hours_to_clear: float  # expected pick-up wait of a message arriving as the event ends
    hours_to_normal: float  # from the event's end until the backlog is the typical week's
    peak_backlog: float  # messages waiting to be picked up, at the worst hour (mean)
    messages: float  # expected messages arriving during the event
    # Hour by hour from a day before the event to the end of recovery: hours from the event's
    # start, the mean messages waiting, and the typical week's at the same hour.
    hours_from_start: np.ndarray = field(repr=False)
    backlog: np.ndarray = field(repr=False)
    typical_backlog: np.ndarray = field(repr=False)
    typical_share_within_target: float = math.nan  # the same week without the event
    stable: bool = True  # False: the typical week itself has no steady state
    method: str = EXACT_METHOD  # EXACT_METHOD or FLUID_METHOD (uses_fluid)

    @property
    def answered_in_time(self) -> float:
        """Expected messages from the event answered within the target."""
        return self.share_within_target * self.messages


@dataclass(frozen=True)
class SurgePosts:
    """How the surge rota's extra people work: each post in shifts of `paid_hours` back to
    back through the event, a shift as long on duty as on the rota (`rules`: its unpaid
    break, taken when the shift is long enough, as on the rota)."""

    paid_hours: float
    rules: ShiftRules

    def shifts(self, hours: int) -> int:
        """Shifts that keep one post on duty for `hours` hours."""
        return math.ceil(hours / max(hours_on_duty(self.paid_hours, self.rules), 1))


@dataclass(frozen=True)
class QueueWeek:
    """The typical week as the engine takes it: the plan's hours, people and replies."""

    arrivals_per_hour: np.ndarray  # 168
    people_on_duty: np.ndarray  # 168 whole numbers
    handle_seconds: float
    approval_share: float
    approval_delay_hours: float
    target_minutes: float
    approver_hours: np.ndarray | None = None  # 168 0/1: the approvers' own; None: the team's
    # 336 whole numbers: of the people on duty, those on their unpaid break in each half hour
    # (the typical week's; None: none placed).
    on_break: np.ndarray | None = None
    posts: SurgePosts | None = None  # how extra people work (None: every minute, no break)

    @property
    def answering(self) -> np.ndarray:
        """People answering in each half-hour cell of the week: on duty less any on a break."""
        cells = np.repeat(np.asarray(self.people_on_duty, dtype=np.int64), CELLS_PER_HOUR)
        if self.on_break is None:
            return cells
        return cells - np.asarray(self.on_break, dtype=np.int64)


def _hourly_mean(cells: np.ndarray) -> np.ndarray:
    """Mean over each hour's cells."""
    return np.asarray(cells, dtype=float).reshape(-1, CELLS_PER_HOUR).mean(axis=1)


def _horizon_cells(hours: np.ndarray) -> np.ndarray:
    """Cell of the week of each cell of the horizon's `hours` (hours of the week)."""
    return (hours[:, None] * CELLS_PER_HOUR + np.arange(CELLS_PER_HOUR)[None, :]).ravel()


def _horizon_hours(surge: Surge, recovery_hours: int) -> np.ndarray:
    """Hour of the week of each horizon hour: a week of typical hours before the event, the
    event, then recovery."""
    total = HOURS_PER_WEEK + surge.duration_hours + recovery_hours
    return (surge.start_hour + np.arange(total)) % HOURS_PER_WEEK


def _fluid_clear_hours(week: QueueWeek, surge: Surge, extra: np.ndarray,
                       event_share: np.ndarray) -> tuple[float, int]:
    """Fluid (mean-rate) view: the most ever waiting and the hours after the event until the
    event's backlog is gone; sizes the distribution and the recovery run. `extra`: more
    people answering in each event cell."""
    service_rate = SECONDS_PER_HOUR / week.handle_seconds
    hours = _horizon_hours(surge, MAX_RECOVERY_WEEKS * HOURS_PER_WEEK)
    arrivals = week.arrivals_per_hour[hours].copy()
    capacity = _hourly_mean(week.answering)[hours] * service_rate
    event = slice(HOURS_PER_WEEK, HOURS_PER_WEEK + surge.duration_hours)
    arrivals[event] *= event_share
    capacity[event] += _hourly_mean(extra) * service_rate
    level, most, cleared = 0.0, 0.0, hours.size
    for hour, (came, served) in enumerate(zip(arrivals, capacity, strict=True)):
        level = max(level + came - served, 0.0)
        most = max(most, level)
        if hour >= event.stop and level <= 0.0:
            cleared = hour
            break
    return most, max(cleared - event.stop, 0)


def _run(week: QueueWeek, typical: WeekResult, surge: Surge, extra: np.ndarray,
         event_share: np.ndarray, recovers: bool
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The horizon's cell distributions, its hours of the week and people answering in each
    of its cells, and its number of hours before the event's start in them (a week).
    `extra`: more people answering in each event cell. `recovers`: run on until the backlog
    is back to normal; without it the horizon ends with the event (what the event's own
    messages meet depends on nothing after it)."""
    assert typical.solved is not None
    service_rate = SECONDS_PER_HOUR / week.handle_seconds
    most, clear_hours = _fluid_clear_hours(week, surge, extra, event_share)
    recovery = min(int(1.5 * clear_hours) + RECOVERY_MARGIN_HOURS,
                   MAX_RECOVERY_WEEKS * HOURS_PER_WEEK) if recovers else 0
    hours = _horizon_hours(surge, recovery)
    event = slice(HOURS_PER_WEEK, HOURS_PER_WEEK + surge.duration_hours)
    arrivals = week.arrivals_per_hour[hours].copy()
    arrivals[event] *= event_share
    answering = week.answering
    people = answering[_horizon_cells(hours)]
    people[event.start * CELLS_PER_HOUR: event.stop * CELLS_PER_HOUR] += extra
    # The week before the event is the typical week's own (its periodic state), so the run
    # starts at the event from the distribution the engine found at that cell's start.
    steady = typical.solved.cells
    _, starts = states_and_starts(np.asarray(week.arrivals_per_hour, dtype=float).tobytes(),
                                  answering.tobytes(), service_rate)
    lead_cells = HOURS_PER_WEEK * CELLS_PER_HOUR
    first = surge.start_hour * CELLS_PER_HOUR
    size = int(most + 10 * math.sqrt(most + 1) + 4 * people.max() + 40 + steady.shape[1])
    while True:
        start = np.zeros(size)
        start[: starts.shape[1]] = starts[first]
        after, _, top_mass = queue_kernels.horizon_states(
            arrivals[HOURS_PER_WEEK:], people[lead_cells:], service_rate, CELLS_PER_HOUR,
            start / start.sum(), int(answering[first - 1]))
        if top_mass < NEGLIGIBLE_TOP:
            break
        size *= 2
    cells = np.zeros((people.size, size))
    cells[:lead_cells, : steady.shape[1]] = np.roll(steady, -first, axis=0)
    cells[lead_cells:] = after
    return cells, hours, people, HOURS_PER_WEEK


def _hourly_backlog(cells: np.ndarray, people: np.ndarray) -> np.ndarray:
    """Mean messages waiting to be picked up in each hour (the engine's backlog), `people`
    answering in each cell."""
    on_duty = np.asarray(people)[:, None]
    in_system = np.arange(cells.shape[1])[None, :]
    waiting = (cells * np.maximum(in_system - on_duty, 0)).sum(axis=1)
    return np.asarray(waiting.reshape(-1, CELLS_PER_HOUR).mean(axis=1))


def _event_solved(week: QueueWeek, surge: Surge, cells: np.ndarray, event_weights: np.ndarray,
                  people_week: np.ndarray, approval_share: float) -> _Solved:
    """The engine's reply clock for the event's arrivals: their cells placed at their hours
    of the week (an event lasts at most a week, so no two share a cell), the rest empty."""
    first = HOURS_PER_WEEK * CELLS_PER_HOUR
    count = surge.duration_hours * CELLS_PER_HOUR
    week_cells = np.zeros((HOURS_PER_WEEK * CELLS_PER_HOUR, cells.shape[1]))
    weights = np.zeros(HOURS_PER_WEEK * CELLS_PER_HOUR)
    where = (surge.start_hour * CELLS_PER_HOUR + np.arange(count)) % week_cells.shape[0]
    week_cells[where] = cells[first: first + count]
    weights[where] = event_weights
    return _Solved(week_cells, people_week, SECONDS_PER_HOUR / week.handle_seconds,
                   weights / weights.sum() if weights.sum() > 0 else weights,
                   approval_share, week.approval_delay_hours, week.approver_hours)


def _expected_pick_up_hours(solved: _Solved, cell: int, handle_seconds: float) -> float:
    """Expected wait to be picked up of a message arriving in `cell` of the week: the mean
    time until its reply is written, less the mean handle time."""
    one = np.zeros_like(solved.cells)
    one[cell] = solved.cells[cell]
    alone = _Solved(one, solved.people, solved.service_rate_per_hour, solved.weight, 0.0, 0.0)
    written = alone.cell_shares_within(WAIT_GRID_MINUTES)[cell]
    waiting = 1.0 - np.maximum.accumulate(written)
    mean_minutes = float(np.sum((waiting[1:] + waiting[:-1]) / 2 * np.diff(WAIT_GRID_MINUTES)))
    return max(mean_minutes / 60.0 - handle_seconds / SECONDS_PER_HOUR, 0.0)


def _normal_after(backlog: np.ndarray, typical: np.ndarray, event_end: int) -> float:
    """Hours after the event's end until the backlog stays within normal of the typical's
    (inf if it does not within the run)."""
    allowance = max(NORMAL_MESSAGES, NORMAL_SHARE_OF_PEAK * float(typical.max()))
    above = np.flatnonzero(np.abs(backlog[event_end:] - typical[event_end:]) > allowance)
    if above.size == 0:
        return 0.0
    last = int(above[-1]) + 1
    return math.inf if last >= backlog.size - event_end else float(last)


def _inputs(week: QueueWeek, surge: Surge, event_share: float | np.ndarray | None,
            extra_people: Sequence[int] | np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Messages ÷ typical for each event hour, and the officers added answering in each event
    cell (on duty, less those on their break: `_extra_answering`); ValueError if bad."""
    share = np.broadcast_to(np.asarray(surge.multiplier if event_share is None
                                       else event_share, dtype=float),
                            (surge.duration_hours,)).copy()
    extra = np.zeros(surge.duration_hours, dtype=np.int64) if extra_people is None else (
        np.asarray(extra_people, dtype=np.int64))
    if extra.shape != (surge.duration_hours,) or (extra < 0).any():
        raise ValueError(f"extra_people = {extra.tolist()!r}: expected "
                         f"{surge.duration_hours} whole numbers ≥ 0, one per event hour")
    return share, _extra_answering(week, surge, extra)


def _extra_answering(week: QueueWeek, surge: Surge, extra: np.ndarray) -> np.ndarray:
    """Of `extra` more officers on duty each event hour, those answering in each event cell:
    worked as `week.posts` says, their breaks staggered against the typical week's people."""
    on_duty = np.repeat(extra, CELLS_PER_HOUR)
    if week.posts is None:
        return on_duty
    return on_duty - on_break_of_posts(extra, surge.start_hour, week.answering,
                                       week.posts.paid_hours, week.posts.rules)


def _typical(week: QueueWeek) -> WeekResult:
    return simulate_week(week.arrivals_per_hour, week.people_on_duty.astype(float),
                         week.handle_seconds, week.target_minutes * 60.0, week.approval_share,
                         week.approval_delay_hours, week.approver_hours, week.on_break)


@dataclass(frozen=True)
class _Event:
    """The horizon run and the event's arrivals on the engine's reply clock."""

    cells: np.ndarray  # what an arrival meets, each cell of the horizon
    hours: np.ndarray  # hour of the week of each horizon hour
    people: np.ndarray  # answering in each horizon cell
    lead: int  # horizon hours before the event starts
    solved: _Solved  # the event's arrivals, placed at their cells of the week
    arriving: np.ndarray  # expected arrivals per hour in each event cell


def _event(week: QueueWeek, typical: WeekResult, surge: Surge, share: np.ndarray,
           extra: np.ndarray, recovers: bool = True) -> _Event:
    cells, hours, people, lead = _run(week, typical, surge, extra, share, recovers)
    event_end = lead + surge.duration_hours
    people_week = _with_extra(week, surge, extra)
    arriving = np.repeat(week.arrivals_per_hour[hours[lead:event_end]] * share,
                         CELLS_PER_HOUR)
    solved = _event_solved(week, surge, cells, arriving, people_week, week.approval_share)
    return _Event(cells, hours, people, lead, solved, arriving)


def _with_extra(week: QueueWeek, surge: Surge, extra: np.ndarray) -> np.ndarray:
    """People answering in each cell of the week with the `extra` in the event's cells."""
    people = week.answering.copy()
    people[(surge.start_hour * CELLS_PER_HOUR + np.arange(extra.size)) % CELLS_PER_WEEK] += extra
    return people


def event_share_within(week: QueueWeek, surge: Surge,
                       event_share: float | np.ndarray | None = None,
                       extra_people: Sequence[int] | np.ndarray | None = None) -> float:
    """Only `surge_week`'s share within target (0 if the typical week cannot keep up): what
    the surge rota's search asks, without the median, waits and backlog."""
    share, extra = _inputs(week, surge, event_share, extra_people)
    typical = _typical(week)
    if not typical.stable or typical.solved is None:
        return 0.0
    if uses_fluid(week, surge, share) or not _has_distribution(typical):
        _, share_within, _ = _fluid_parts(week, surge, share, extra)
        return share_within(week.target_minutes)
    event = _event(week, typical, surge, share, extra, recovers=False)
    return event.solved.share_at(week.target_minutes)


def surge_week(week: QueueWeek, surge: Surge, event_share: float | np.ndarray | None = None,
               extra_people: Sequence[int] | np.ndarray | None = None) -> SurgeResult:
    """The typical week's queue through the event and recovery.

    `event_share`: messages in each event hour ÷ the typical's (default the multiplier);
    `extra_people`: officers added in each event hour (a surge rota; default none).
    """
    share, extra = _inputs(week, surge, event_share, extra_people)
    typical = _typical(week)
    if not typical.stable or typical.solved is None:
        return _unstable(typical, surge, share, week)
    if uses_fluid(week, surge, share) or not _has_distribution(typical):
        return _fluid_week(week, surge, share, extra, typical.share_within_target)
    event = _event(week, typical, surge, share, extra)
    lead, solved = event.lead, event.solved
    backlog = _hourly_backlog(event.cells, event.people)
    typical_backlog = typical.hourly["backlog"][event.hours]
    event_end = lead + surge.duration_hours
    grid_shares = np.maximum.accumulate(solved.share_within(RESPONSE_GRID_MINUTES))
    median = float(solved.quantile_minutes((0.5,), grid_shares)[0])
    last_cell = (surge.end_hour * CELLS_PER_HOUR - 1) % (HOURS_PER_WEEK * CELLS_PER_HOUR)
    shown = slice(lead - 24, backlog.size)
    return SurgeResult(
        share_within_target=solved.share_at(week.target_minutes),
        median_response_minutes=median,
        hours_to_clear=_expected_pick_up_hours(solved, last_cell, week.handle_seconds),
        hours_to_normal=_normal_after(backlog, typical_backlog, event_end),
        peak_backlog=float(backlog[lead:].max()),
        messages=float(event.arriving.sum() / CELLS_PER_HOUR),
        hours_from_start=np.arange(backlog.size)[shown] - lead,
        backlog=backlog[shown],
        typical_backlog=typical_backlog[shown],
        typical_share_within_target=typical.share_within_target,
    )


def _unstable(typical: WeekResult, surge: Surge, share: np.ndarray,
              week: QueueWeek) -> SurgeResult:
    """The typical week cannot keep up: the event only adds to a backlog that grows anyway."""
    hours = (surge.start_hour + np.arange(-24, surge.duration_hours + 24)) % HOURS_PER_WEEK
    arriving = week.arrivals_per_hour[hours[24:24 + surge.duration_hours]] * share
    return SurgeResult(0.0, math.inf, math.inf, math.inf, math.inf, float(arriving.sum()),
                       np.arange(-24, surge.duration_hours + 24),
                       np.full(hours.size, math.inf), np.full(hours.size, math.inf), 0.0,
                       stable=False)


@dataclass(frozen=True)
class SurgeRota:
    """What it takes: officers added in every hour of the event (on call, overtime or
    redeployed), paid in whole shifts of the rota's length at the surge rate."""

    extra_people: int  # more on duty in each hour of the event
    shifts: int  # shifts worked per event
    paid_hours: float  # per event
    cost_gbp: float  # per event, loaded cost × (1 + overtime enhancement)
    result: SurgeResult  # the event with them
    # False: no number of people keeps the promise (then the rota is the fewest that get
    # within NEAR_BEST_SHARE of what MAX_EXTRA_PEOPLE would)
    met: bool


@dataclass(frozen=True)
class SurgeAssessment:
    """The plan's team through one event, what keeping the promise through it takes, the levers
    that cut the load, and what it costs a year."""

    surge: Surge
    target_minutes: float  # the promise kept through the event
    target_share: float
    plan: SurgeResult  # the plan's own people
    today: SurgeResult | None  # "stay as we are": today's team, levels and cover (None: no one)
    rota: SurgeRota
    holding_lines: SurgeResult  # every reply pre-approved for the event (no sign-off wait)
    pinned_update: SurgeResult  # a pinned public update answers the common question once
    pinned_update_share: float  # share of the event's messages it answers

    @property
    def kept(self) -> bool:
        return self.plan.share_within_target >= self.target_share

    def cost_per_year_gbp(self, events_per_year: float | None = None) -> float:
        """The surge rota's cost a year: events a year × cost per event."""
        events = self.surge.events_per_year if events_per_year is None else events_per_year
        return events * self.rota.cost_gbp


def _event_share(surge: Surge, group_names: Sequence[str], replies: np.ndarray) -> float:
    """Messages during the event ÷ the typical's: the multiplier on the affected groups'."""
    total = float(replies.sum())
    if not surge.groups or total <= 0:
        return surge.multiplier
    affected = float(sum(r for name, r in zip(group_names, replies, strict=True)
                         if name in surge.groups))
    return 1.0 + (surge.multiplier - 1.0) * affected / total


def extra_people_needed(week: QueueWeek, surge: Surge, event_share: float,
                        target_share: float) -> tuple[int, bool]:
    """The fewest officers added in every event hour that keep `target_share` of the event's
    messages within the week's target, and whether any number up to MAX_EXTRA_PEOPLE does
    (bisection on whole people: more people never answer fewer in time). Memoised.
    When none does, the fewest that get within NEAR_BEST_SHARE of the most they can."""
    return _extra_people_needed(
        week.arrivals_per_hour.tobytes(), week.people_on_duty.astype(np.int64).tobytes(),
        week.handle_seconds, week.approval_share, week.approval_delay_hours,
        week.target_minutes, surge, event_share, target_share,
        None if week.approver_hours is None else week.approver_hours.tobytes(),
        None if week.on_break is None else np.asarray(week.on_break, np.int64).tobytes(),
        week.posts)


@lru_cache(maxsize=64)
def _extra_people_needed(arrivals_bytes: bytes, people_bytes: bytes, handle_seconds: float,
                         approval_share: float, approval_delay_hours: float,
                         target_minutes: float, surge: Surge, event_share: float,
                         target_share: float, approver_bytes: bytes | None,
                         on_break_bytes: bytes | None, posts: SurgePosts | None
                         ) -> tuple[int, bool]:
    week = QueueWeek(np.frombuffer(arrivals_bytes), np.frombuffer(people_bytes, dtype=np.int64),
                     handle_seconds, approval_share, approval_delay_hours, target_minutes,
                     None if approver_bytes is None else np.frombuffer(approver_bytes),
                     None if on_break_bytes is None else np.frombuffer(on_break_bytes,
                                                                       dtype=np.int64),
                     posts)

    shares: dict[int, float] = {}

    def share(extra: int) -> float:
        if extra not in shares:
            shares[extra] = event_share_within(week, surge, event_share,
                                               np.full(surge.duration_hours, extra))
        return shares[extra]

    def fewest(target: float) -> int | None:
        """The fewest extra that keep `target` (None: not even MAX_EXTRA_PEOPLE do)."""
        low, high = -1, 0  # low fails (or is none), high passes
        while share(high) < target:
            if high == MAX_EXTRA_PEOPLE:
                return None
            low, high = high, min(max(2 * high, 1), MAX_EXTRA_PEOPLE)
        while high - low > 1:
            middle = (low + high) // 2
            if share(middle) >= target:
                high = middle
            else:
                low = middle
        return high

    found = fewest(target_share)
    if found is not None:
        return found, True
    # Sign-off or closed hours bind: the fewest that get (nearly) the most people can.
    nearly = fewest(share(MAX_EXTRA_PEOPLE) - NEAR_BEST_SHARE)
    assert nearly is not None, "MAX_EXTRA_PEOPLE gets within NEAR_BEST_SHARE of itself"
    return nearly, False


def _surge_rota(week: QueueWeek, surge: Surge, share: float, target_share: float,
                posts: SurgePosts, hourly_gbp: float) -> SurgeRota:
    """The surge rota that keeps `target_share`, its shifts and cost, and the event with it."""
    extra, met = extra_people_needed(week, surge, share, target_share)
    final = surge_week(week, surge, share, np.full(surge.duration_hours, extra))
    shifts, paid, cost = _rota_cost(extra, surge, posts, hourly_gbp)
    return SurgeRota(extra, shifts, paid, cost, final, met)


def _rota_cost(extra: int, surge: Surge, posts: SurgePosts, hourly_gbp: float
               ) -> tuple[int, float, float]:
    """Shifts, paid hours and £ for `extra` officers on every event hour: each post worked in
    whole shifts of the rota's length back to back (`SurgePosts`), paid at the surge rate."""
    shifts = extra * posts.shifts(surge.duration_hours)
    paid = shifts * posts.paid_hours
    return shifts, paid, paid * hourly_gbp * (1 + surge.overtime_enhancement)


def _queue_week(scenario: Scenario, levels: list[str], people: np.ndarray,
                target_minutes: float, approval_share: float | None = None,
                breaks: np.ndarray | None = None) -> QueueWeek:
    """The week of `people` on duty (168) at these levels, `breaks` (336) of them on their
    unpaid break; sign-off in the approvers' hours; a surge post worked on the rota's
    full-time shifts."""
    from model.value import approver_hours, demand

    need = demand(scenario, levels)
    posts = SurgePosts(float(scenario.rota.shift_paid_hours), scenario.rota.shift_rules())
    return QueueWeek(need.arrivals_per_hour, np.ceil(people - 1e-9).astype(np.int64),
                     need.handle_seconds,
                     need.approval_share if approval_share is None else approval_share,
                     scenario.promise.approval_delay_hours, target_minutes,
                     approver_hours(scenario), breaks, posts)


def _breaks_of(scenario: Scenario, side: Operations) -> np.ndarray | None:
    """Where a side's unpaid breaks fall in its typical week (336 by half hour), as its week
    was solved: its rota's (`model.rota_breaks`), or for a team of known size those its
    week (everyone present) placed; None when there are none or its week has no solution."""
    if side.rota is not None:
        return on_break(side.rota.shifts, side.rota.people_on_duty, scenario.rota.shift_rules())
    week = side.week
    full = week.full if isinstance(week, MixedWeek) else week
    if full is None or full.solved is None or full.solved.people.size != CELLS_PER_WEEK:
        return None
    rostered = np.repeat(np.asarray(full.hourly["agents"], dtype=np.int64), CELLS_PER_HOUR)
    return np.asarray(rostered - full.solved.people, dtype=np.int64)


@dataclass(frozen=True)
class _PlanEvent:
    """The plan's week as the queue takes it, and the event's promise, load and pay."""

    week: QueueWeek
    share: float  # messages during the event ÷ the typical's
    target_share: float
    hourly_gbp: float  # loaded cost of an hour, base-year prices


def _plan_event(scenario: Scenario, surge: Surge, plan: Operations) -> _PlanEvent | None:
    """None when the plan has no one on duty (no week to run)."""
    if plan.week is None:
        return None
    promise, staffing = scenario.promise, scenario.staffing
    target_minutes = surge.emergency_target_minutes or promise.response_target_minutes
    people = np.asarray(plan.week.hourly["agents"], dtype=float)
    week = _queue_week(scenario, [g.target_level for g in scenario.groups], people,
                       target_minutes, breaks=_breaks_of(scenario, plan))
    hourly_gbp = (base_year_money(scenario)["loaded_cost_gbp_per_fte_year"]
                  / (staffing.contract_hours_per_week * WEEKS_PER_YEAR))
    return _PlanEvent(week, _event_share(surge, [g.group for g in scenario.groups],
                                         plan.replies_per_year),
                      surge.emergency_target_share or promise.target_share, hourly_gbp)


def surge_rota_gbp_per_event(scenario: Scenario, plan: Operations) -> float:
    """The price of the appraisal's "surge cover" line: the cost of the surge rota that keeps
    the promise through one event, for the plan's own team (0 if it keeps it alone, or if the
    scenario expects no events)."""
    surge = scenario.surge
    event = _plan_event(scenario, surge, plan) if surge.events_per_year > 0 else None
    if event is None:
        return 0.0
    extra, _ = extra_people_needed(event.week, surge, event.share, event.target_share)
    assert event.week.posts is not None
    _, _, cost = _rota_cost(extra, surge, event.week.posts, event.hourly_gbp)
    return cost


class _PlanAndToday(Protocol):
    """What the surge view needs of `model.result.Result`: the plan's and today's operations."""

    @property
    def plan(self) -> Operations: ...

    @property
    def baseline(self) -> Operations: ...


@dataclass(frozen=True)
class _Sides:
    plan: Operations
    baseline: Operations


def evaluate_surge(scenario: Scenario, surge: Surge | None = None,
                   result: _PlanAndToday | None = None) -> SurgeAssessment | None:
    """The plan's own people through the event (`scenario.surge` unless given), today's team
    through the same event, the surge rota that keeps the promise, and the levers.

    `result`: `evaluate(scenario)` if already run (its rota is the plan's people); otherwise
    the plan and today are run here. None when the plan has no one on duty to answer (nothing
    to run through the event).
    """
    from model.value import plan_and_baseline

    surge = scenario.surge if surge is None else surge
    result = _Sides(*plan_and_baseline(scenario)) if result is None else result
    event = _plan_event(scenario, surge, result.plan)
    if event is None:
        return None
    plan_week, share, target_share = event.week, event.share, event.target_share
    target_minutes = plan_week.target_minutes
    plan = surge_week(plan_week, surge, share)
    today = None
    if result.baseline.week is not None:
        today_week = _queue_week(scenario, [g.current_level for g in scenario.groups],
                                 np.asarray(result.baseline.week.hourly["agents"]),
                                 target_minutes, breaks=_breaks_of(scenario, result.baseline))
        today = surge_week(today_week, surge, _event_share(
            surge, [g.group for g in scenario.groups], result.baseline.replies_per_year))
    assert plan_week.posts is not None
    rota = _surge_rota(plan_week, surge, share, target_share, plan_week.posts,
                       event.hourly_gbp)
    holding = surge_week(replace(plan_week, approval_share=0.0), surge, share)
    pinned_share = scenario.economics.same_need_share
    pinned = surge_week(plan_week, surge, share * (1 - pinned_share))
    return SurgeAssessment(surge, target_minutes, target_share, plan, today, rota, holding,
                           pinned, pinned_share)


# ---------------------------------------------------------------- the fluid view, at volume


def uses_fluid(week: QueueWeek, surge: Surge, event_share: float | np.ndarray) -> bool:
    """Above FLUID_FROM_ARRIVALS_PER_CELL in the event's busiest half hour the exact engine's
    distribution grows with the backlog (seconds a run); the fluid view is used instead."""
    hours = (surge.start_hour + np.arange(surge.duration_hours)) % HOURS_PER_WEEK
    busiest = float(np.max(week.arrivals_per_hour[hours] * event_share)) / CELLS_PER_HOUR
    return busiest > FLUID_FROM_ARRIVALS_PER_CELL


def _has_distribution(typical: WeekResult) -> bool:
    """Whether the typical week was solved on the exact distribution (a large-volume method
    leaves none to start the event from)."""
    return typical.solved is not None and float(typical.solved.cells[0].sum()) > 0.5


@dataclass(frozen=True)
class _Fluid:
    """The fluid view's horizon: backlogs each cell (the event's and a typical week's) and
    each event cell's wait to be picked up."""

    backlog: np.ndarray  # mean messages waiting over each cell, with the event
    typical: np.ndarray  # the same without the event
    hours: np.ndarray  # hour of the week of each horizon hour
    wait_hours: np.ndarray  # for an arrival mid-cell in each event cell (inf: not in the run)


def _lindley(arrivals: np.ndarray, capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fluid backlog at each cell boundary (from empty) and its mean over each cell."""
    level = np.empty(arrivals.size + 1)
    level[0] = 0.0
    for index, (came, served) in enumerate(zip(arrivals, capacity, strict=True)):
        level[index + 1] = max(level[index] + came - served, 0.0)
    return level, np.maximum((level[:-1] + level[1:]) / 2, 0.0)


def _fluid(week: QueueWeek, surge: Surge, share: np.ndarray, extra: np.ndarray) -> _Fluid:
    """Mean-rate backlog through a week of typical hours, the event and recovery; a message
    is picked up once the capacity after it has served everyone ahead (first come first
    served). `extra`: more people answering in each event cell."""
    service_rate = SECONDS_PER_HOUR / week.handle_seconds
    _, clear_hours = _fluid_clear_hours(week, surge, extra, share)
    hours = _horizon_hours(surge, min(2 * clear_hours + RECOVERY_MARGIN_HOURS,
                                      MAX_RECOVERY_WEEKS * HOURS_PER_WEEK))
    event = slice(HOURS_PER_WEEK, HOURS_PER_WEEK + surge.duration_hours)
    typical_arrivals = week.arrivals_per_hour[hours]
    arrivals = typical_arrivals.copy()
    arrivals[event] *= share
    typical_people = week.answering[_horizon_cells(hours)].astype(float)
    people = typical_people.copy()
    people[event.start * CELLS_PER_HOUR: event.stop * CELLS_PER_HOUR] += extra
    per_cell = 1.0 / CELLS_PER_HOUR
    capacity = people * service_rate * per_cell
    level, backlog = _lindley(np.repeat(arrivals * per_cell, CELLS_PER_HOUR), capacity)
    _, typical = _lindley(np.repeat(typical_arrivals * per_cell, CELLS_PER_HOUR),
                          typical_people * service_rate * per_cell)
    served = np.concatenate([[0.0], np.cumsum(capacity)])  # capacity used by each boundary
    cells = np.arange(event.start * CELLS_PER_HOUR, event.stop * CELLS_PER_HOUR)
    served_by_arrival = served[cells] + capacity[cells] / 2
    picked_up = np.interp(served_by_arrival + backlog[cells], served,
                          np.arange(served.size, dtype=float), right=math.inf)
    wait_hours = np.maximum(picked_up - (cells + 0.5), 0.0) * per_cell
    return _Fluid(backlog, typical, hours, wait_hours)


def _fluid_reached(week: QueueWeek, surge: Surge, fluid: _Fluid, people_week: np.ndarray,
                   arriving: np.ndarray) -> Callable[[float], float]:
    """share_within(minutes) for the event's messages: picked up after the fluid wait, then
    an exponential handle, then any sign-off in working hours (the engine's reply clock)."""
    service_rate = SECONDS_PER_HOUR / week.handle_seconds
    week_cells = HOURS_PER_WEEK * CELLS_PER_HOUR
    where = (surge.start_hour * CELLS_PER_HOUR + np.arange(arriving.size)) % week_cells
    picked_up = np.full(week_cells, math.inf)
    picked_up[where] = HOURS_PER_WEEK + (where + 0.5) / CELLS_PER_HOUR + fluid.wait_hours
    weights = np.zeros(week_cells)
    weights[where] = arriving / arriving.sum() if arriving.sum() > 0 else 0.0

    def written_by(goals: np.ndarray, _: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return -np.expm1(-service_rate * np.maximum(np.nan_to_num(
                goals - picked_up[:, None], nan=0.0, neginf=0.0), 0.0))

    def share_within(minutes: float) -> float:
        reached = _reached_within(people_week, np.array([minutes]), week.approval_share,
                                  week.approval_delay_hours, written_by,
                                  week.approver_hours)[:, 0]
        return float(weights @ reached)

    return share_within


def _fluid_parts(week: QueueWeek, surge: Surge, share: np.ndarray, extra: np.ndarray
                 ) -> tuple[_Fluid, Callable[[float], float], np.ndarray]:
    """The fluid run, share_within(minutes) of the event's messages, their arrivals a cell."""
    fluid = _fluid(week, surge, share, extra)
    event_hours = fluid.hours[HOURS_PER_WEEK:HOURS_PER_WEEK + surge.duration_hours]
    people_week = _with_extra(week, surge, extra)
    arriving = np.repeat(week.arrivals_per_hour[event_hours] * share, CELLS_PER_HOUR)
    return fluid, _fluid_reached(week, surge, fluid, people_week, arriving), arriving


def _fluid_week(week: QueueWeek, surge: Surge, share: np.ndarray, extra: np.ndarray,
                typical_share: float) -> SurgeResult:
    fluid, share_within, arriving = _fluid_parts(week, surge, share, extra)
    lead, per_hour = HOURS_PER_WEEK, (-1, CELLS_PER_HOUR)
    grid = RESPONSE_GRID_MINUTES
    shares = np.maximum.accumulate([share_within(float(m)) for m in grid])
    median = (float(np.interp(0.5, shares, grid)) if shares[-1] >= 0.5 else math.inf)
    backlog = fluid.backlog.reshape(per_hour).mean(axis=1)
    typical = fluid.typical.reshape(per_hour).mean(axis=1)
    shown = slice(lead - 24, backlog.size)
    return SurgeResult(
        share_within_target=share_within(week.target_minutes),
        median_response_minutes=median,
        hours_to_clear=float(fluid.wait_hours[-1]),
        hours_to_normal=_normal_after(backlog, typical, lead + surge.duration_hours),
        peak_backlog=float(backlog[lead:].max()),
        messages=float(arriving.sum() / CELLS_PER_HOUR),
        hours_from_start=np.arange(backlog.size)[shown] - lead,
        backlog=backlog[shown], typical_backlog=typical[shown],
        typical_share_within_target=typical_share, method=FLUID_METHOD)
