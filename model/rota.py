"""Rota of whole people: the hourly requirement as shifts, solved as an integer programme.

Hour 0 of the week is Monday 00:00–01:00. A shift pattern is (day, start hour, paid length);
on site it lasts its paid length plus the unpaid break, may cross midnight and wraps from
Sunday night into Monday morning. A pattern covers the whole clock hours inside its span
(a final part hour is paid but not counted as cover). The integer programme (HiGHS, through
`scipy.optimize.milp`) chooses how many people work each pattern so that every hour has at
least its requirement on duty, at the least cost in paid hours weighted by the unsocial-hours
enhancement of the hours each shift works.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from model.bounds import check
from model.erlang import agents_required

HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
HOURS_PER_WEEK = HOURS_PER_DAY * DAYS_PER_WEEK
MINUTES_PER_HOUR = 60.0
SECONDS_PER_HOUR = 3600.0
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SATURDAY, SUNDAY = 5, 6
MAX_STAFFING_ITERATIONS = 60  # one more person in one hour each round: ample for real weeks
# Each round adds this share of the busiest hour's people (at least one person): one at a time
# below 40 on duty, as before; at a county's volume a round then adds more than a few
# hundredths of what is missing, so a handful of rounds do.
STEP_SHARE = 0.05


def _fail(name: str, value: object, expected: str) -> None:
    raise ValueError(f"{name} = {value!r}: expected {expected}")


def _check_hour(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
            0 <= value < HOURS_PER_DAY):
        _fail(name, value, "a whole hour of the day from 0 to 23")


def _check_enhancement(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            math.isfinite(value) and value >= 0):
        _fail(name, value, "a share added to plain time, ≥ 0 (0.5 = time and a half)")


def hour_label(hour_of_week: int) -> str:
    """'Tue 03:00' for hour 27 of the week."""
    return f"{DAY_NAMES[hour_of_week // HOURS_PER_DAY]} {hour_of_week % HOURS_PER_DAY:02d}:00"


@dataclass(frozen=True)
class UnsocialHours:
    """Enhancements to plain time (0.5 = time and a half) for the hours a shift works.

    Evening runs from `evening_start_hour` to `night_start_hour`, night from
    `night_start_hour` to `night_end_hour` (across midnight). Where several apply (a Saturday
    night), the highest is paid, not their sum. The values come from sample data (the NJC
    national agreement); they are parameters here.
    """

    evening_start_hour: int
    evening_enhancement: float
    night_start_hour: int
    night_end_hour: int
    night_enhancement: float
    saturday_enhancement: float
    sunday_enhancement: float

    def __post_init__(self) -> None:
        for name in ("evening_start_hour", "night_start_hour", "night_end_hour"):
            _check_hour(f"unsocial.{name}", getattr(self, name))
        for name in ("evening_enhancement", "night_enhancement", "saturday_enhancement",
                     "sunday_enhancement"):
            _check_enhancement(f"unsocial.{name}", getattr(self, name))

    @classmethod
    def plain_time(cls) -> UnsocialHours:
        """No enhancement at any hour (the hours given are then irrelevant)."""
        return cls(0, 0.0, 0, 0, 0.0, 0.0, 0.0)

    def rate_by_hour(self) -> np.ndarray:
        """168 multipliers of plain time, one per hour of the week."""
        hour_of_day = np.arange(HOURS_PER_WEEK) % HOURS_PER_DAY
        day = np.arange(HOURS_PER_WEEK) // HOURS_PER_DAY
        night = _in_window(hour_of_day, self.night_start_hour, self.night_end_hour)
        evening = _in_window(hour_of_day, self.evening_start_hour, self.night_start_hour)
        enhancement = np.maximum.reduce([
            np.where(evening, self.evening_enhancement, 0.0),
            np.where(night, self.night_enhancement, 0.0),
            np.where(day == SATURDAY, self.saturday_enhancement, 0.0),
            np.where(day == SUNDAY, self.sunday_enhancement, 0.0),
        ])
        return 1.0 + enhancement


def _in_window(hour_of_day: np.ndarray, start: int, end: int) -> np.ndarray:
    """Hours from start (inclusive) to end (exclusive), across midnight if end < start."""
    if start <= end:
        return (hour_of_day >= start) & (hour_of_day < end)
    return (hour_of_day >= start) | (hour_of_day < end)


@dataclass(frozen=True)
class ShiftRules:
    """The shifts a council allows.

    `shift_lengths_hours` are paid hours; a shift is on site for its paid length plus
    `unpaid_break_minutes`. `days` are 0 = Monday … 6 = Sunday (the day a shift starts).
    """

    shift_lengths_hours: tuple[float, ...]
    start_hours: tuple[int, ...] = tuple(range(HOURS_PER_DAY))
    unpaid_break_minutes: float = 0.0
    days: tuple[int, ...] = tuple(range(DAYS_PER_WEEK))
    min_people_on_duty: int = 1

    def __post_init__(self) -> None:
        lengths, starts, days = self.shift_lengths_hours, self.start_hours, self.days
        if not isinstance(lengths, tuple) or not lengths:
            _fail("shift_lengths_hours", lengths, "a tuple of one or more paid hours, e.g. (7.5,)")
        brk = self.unpaid_break_minutes
        if isinstance(brk, bool) or not isinstance(brk, (int, float)) or not (
                math.isfinite(brk) and brk >= 0):
            _fail("unpaid_break_minutes", brk, "minutes ≥ 0")
        for length in lengths:
            ok = isinstance(length, (int, float)) and not isinstance(length, bool)
            span = length + brk / MINUTES_PER_HOUR if ok else math.nan
            if not (ok and length > 0 and 1 <= span <= HOURS_PER_DAY):
                _fail("shift_lengths_hours", length,
                      "paid hours > 0 that with the unpaid break span 1 to 24 hours on site")
        if not isinstance(starts, tuple) or not starts:
            _fail("start_hours", starts, "a tuple of one or more hours of the day (0–23)")
        for start in starts:
            _check_hour("start_hours", start)
        if not isinstance(days, tuple) or not days or any(
                isinstance(d, bool) or not isinstance(d, (int, np.integer))
                or not 0 <= d < DAYS_PER_WEEK for d in days):
            _fail("days", days, "a tuple of days 0 (Monday) to 6 (Sunday)")
        people = self.min_people_on_duty
        if isinstance(people, bool) or not isinstance(people, (int, np.integer)) or people < 0:
            _fail("min_people_on_duty", people, "a whole number of people ≥ 0")

    def span_hours(self, length_hours: float) -> float:
        """Hours on site for a shift of this paid length."""
        return length_hours + self.unpaid_break_minutes / MINUTES_PER_HOUR


@dataclass(frozen=True)
class _Patterns:
    """Every allowed (day, start, length): what each covers and costs."""

    day: np.ndarray
    start_hour: np.ndarray
    paid_hours: np.ndarray
    span_hours: np.ndarray
    covers: np.ndarray  # (168, patterns) 0/1: the pattern is on site for the whole hour
    weighted_paid_hours: np.ndarray  # paid hours × the enhancement of the hours worked

    @classmethod
    def of(cls, rules: ShiftRules, rate_by_hour: np.ndarray) -> _Patterns:
        grid = [(d, s, length) for d in sorted(set(rules.days))
                for s in sorted(set(rules.start_hours))
                for length in sorted(set(rules.shift_lengths_hours))]
        day, start, paid = (np.array(column, dtype=float) for column in zip(*grid))
        span = paid + rules.unpaid_break_minutes / MINUTES_PER_HOUR
        first = (day * HOURS_PER_DAY + start).astype(int)
        # Fraction of each clock hour (0..24 after the start) the shift is on site.
        offset = np.arange(HOURS_PER_DAY + 1)
        on_site = np.clip(span[None, :] - offset[:, None], 0.0, 1.0)
        hour = (first[None, :] + offset[:, None]) % HOURS_PER_WEEK
        covers = np.zeros((HOURS_PER_WEEK, len(grid)))
        weighted = np.zeros(len(grid))
        for k in range(offset.size):  # 25 offsets, vectorised over patterns
            columns = np.arange(len(grid))
            np.add.at(covers, (hour[k], columns), (on_site[k] == 1.0).astype(float))
            weighted += on_site[k] * rate_by_hour[hour[k]]
        weighted *= paid / span  # the unpaid break is spread over the shift's hours
        return cls(day.astype(int), start.astype(int), paid, span, np.minimum(covers, 1.0),
                   weighted)


@dataclass(frozen=True)
class Rota:
    """Whole people on shifts for a typical week."""

    shifts: pd.DataFrame  # one row a shift: day, start_hour, end_hour, people
    people_on_duty: np.ndarray  # 168 whole numbers: people on site for the whole hour
    productive_hours_by_hour: np.ndarray  # 168: people-hours on site, net of unpaid breaks
    paid_hours_per_week: float
    enhanced_paid_hours_per_week: float  # paid hours × unsocial-hours rates (the cost basis)

    def fte(self, contract_hours_per_week: float, shrinkage: float) -> float:
        """FTE to staff the rota: paid hours ÷ (contract hours × (1 − shrinkage))."""
        if not (math.isfinite(contract_hours_per_week) and contract_hours_per_week > 0):
            _fail("contract_hours_per_week", contract_hours_per_week, "hours > 0")
        if not (0 <= shrinkage < 1):
            _fail("shrinkage", shrinkage, "a share in [0, 1)")
        return self.paid_hours_per_week / (contract_hours_per_week * (1.0 - shrinkage))

    def idle_hours_per_week(self, busy_hours_by_hour: np.ndarray | Sequence[float]) -> float:
        """People-hours on the rota not taken by answering (busy hours: 168 values of
        staff-hours of replies worked in each hour), where proactive work can go."""
        busy = _week_array("busy_hours_by_hour", busy_hours_by_hour)
        return float(np.maximum(self.productive_hours_by_hour - busy, 0.0).sum())

    def proactive_fit(self, proactive_hours_per_week: float,
                      busy_hours_by_hour: np.ndarray | Sequence[float]) -> tuple[float, float]:
        """Hours of proactive work (content, events) that fit in the rota's idle time, and
        the hours left over that need people beyond the rota."""
        if not (math.isfinite(proactive_hours_per_week) and proactive_hours_per_week >= 0):
            _fail("proactive_hours_per_week", proactive_hours_per_week, "hours ≥ 0")
        fits = min(proactive_hours_per_week, self.idle_hours_per_week(busy_hours_by_hour))
        return fits, proactive_hours_per_week - fits


def _week_array(name: str, values: np.ndarray | Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.shape != (HOURS_PER_WEEK,):
        _fail(name, f"shape {array.shape}", "168 hourly values, Monday 00:00 first")
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0))
    if bad.size:
        _fail(f"{name}[{bad[0]}] ({hour_label(int(bad[0]))})", float(array[bad[0]]),
              "a finite number ≥ 0")
    return array


def _requirement(required_people: np.ndarray | Sequence[int],
                 cover: np.ndarray | Sequence[int], minimum: int) -> np.ndarray:
    """People needed each hour: the requirement, at least `minimum` in cover hours."""
    required = _week_array("required_people", required_people)
    whole = np.flatnonzero(required != np.round(required))
    if whole.size:
        _fail(f"required_people[{whole[0]}] ({hour_label(int(whole[0]))})",
              float(required[whole[0]]), "a whole number of people")
    open_hours = _week_array("cover", cover)
    not_flag = np.flatnonzero((open_hours != 0) & (open_hours != 1))
    if not_flag.size:
        _fail(f"cover[{not_flag[0]}] ({hour_label(int(not_flag[0]))})",
              float(open_hours[not_flag[0]]), "0 or 1")
    outside = np.flatnonzero((open_hours == 0) & (required > 0))
    if outside.size:
        _fail(f"required_people[{outside[0]}] ({hour_label(int(outside[0]))})",
              int(required[outside[0]]), "0 outside the cover hours")
    return np.where(open_hours == 1, np.maximum(required, minimum), 0.0)


def solve_rota(required_people: np.ndarray | Sequence[int], cover: np.ndarray | Sequence[int],
               rules: ShiftRules, unsocial: UnsocialHours) -> Rota:
    """The cheapest rota of whole people with at least `required_people` on duty each hour
    and at least `rules.min_people_on_duty` in every cover hour.

    ValueError when an input is invalid or an hour that needs people is reached by no
    allowed shift (it names the hour).
    """
    need = _requirement(required_people, cover, rules.min_people_on_duty)
    return _solved(tuple(need.tolist()), rules, unsocial)


@lru_cache(maxsize=1024)
def _patterns(rules: ShiftRules, unsocial: UnsocialHours) -> _Patterns:
    return _Patterns.of(rules, unsocial.rate_by_hour())


@lru_cache(maxsize=1024)
def _solved(need_per_hour: tuple[float, ...], rules: ShiftRules,
            unsocial: UnsocialHours) -> Rota:
    """Memoised on its inputs (pure): staffing searches meet the same requirement often,
    most hours being the floor of whole people."""
    need = np.array(need_per_hour)
    patterns = _patterns(rules, unsocial)
    unreachable = np.flatnonzero((need > 0) & (patterns.covers.sum(axis=1) == 0))
    if unreachable.size:
        hour = int(unreachable[0])
        _fail(f"cover[{hour}] ({hour_label(hour)})", 1,
              "an hour some allowed shift covers in full: allow an earlier start, a longer "
              "shift or that day")
    count = patterns.day.size
    solution = milp(
        c=patterns.weighted_paid_hours,
        constraints=LinearConstraint(patterns.covers, lb=need, ub=np.inf),
        integrality=np.ones(count),
        bounds=Bounds(np.zeros(count), np.full(count, np.inf)),
    )
    if solution.status != 0 or solution.x is None:
        raise ValueError(f"rota: the integer programme did not solve ({solution.message})")
    people = np.round(solution.x).astype(int)
    return _rota(patterns, people)


def _rota(patterns: _Patterns, people: np.ndarray) -> Rota:
    used = np.flatnonzero(people > 0)
    end_hour = (patterns.start_hour[used] + patterns.span_hours[used]) % HOURS_PER_DAY
    shifts = pd.DataFrame({
        "day": np.array(DAY_NAMES, dtype=object)[patterns.day[used]],
        "start_hour": patterns.start_hour[used],
        "end_hour": end_hour,
        "people": people[used],
    })
    on_duty = (patterns.covers @ people).astype(int)
    productive = patterns.covers @ (people * patterns.paid_hours / patterns.span_hours)
    for shared in (on_duty, productive):  # a memoised rota is shared: nobody may change it
        shared.flags.writeable = False
    return Rota(
        shifts=shifts,
        people_on_duty=on_duty,
        productive_hours_by_hour=productive,
        paid_hours_per_week=float(people @ patterns.paid_hours),
        enhanced_paid_hours_per_week=float(people @ patterns.weighted_paid_hours),
    )


# ---------------------------------------------------------------- the rules a user sets


@dataclass(frozen=True)
class RotaRules:
    """The rota a council would run, as the Scenario holds it (flat, for JSON and widgets).

    Defaults are the sample's, from sample_data/settings.csv (section "rota": shift pattern
    assumptions, A; NJC unsocial-hours rates, R16); tests/model/test_rota_in_plan.py checks
    they agree. They are here only so scenarios saved before the rota existed still load.
    """

    shift_paid_hours: float = 7.5
    unpaid_break_minutes: float = 30.0
    earliest_start_hour: int = 7
    latest_start_hour: int = 14
    min_people_on_duty: int = 1
    night_start_hour: int = 20
    night_end_hour: int = 6
    night_enhancement: float = 0.3333
    saturday_enhancement: float = 0.5
    sunday_enhancement: float = 0.5

    def __post_init__(self) -> None:
        for name in ("shift_paid_hours", "unpaid_break_minutes", "min_people_on_duty",
                     "night_enhancement", "saturday_enhancement", "sunday_enhancement"):
            check(f"rota.{name}", getattr(self, name))
        for name in ("earliest_start_hour", "latest_start_hour", "night_start_hour",
                     "night_end_hour"):
            _check_hour(f"rota.{name}", getattr(self, name))
        if self.latest_start_hour < self.earliest_start_hour:
            _fail("rota.latest_start_hour", self.latest_start_hour,
                  f"an hour at or after the earliest start, {self.earliest_start_hour}")
        if not float(self.min_people_on_duty).is_integer():
            _fail("rota.min_people_on_duty", self.min_people_on_duty, "a whole number of people")

    def shift_rules(self) -> ShiftRules:
        return ShiftRules((float(self.shift_paid_hours),),
                          tuple(range(self.earliest_start_hour, self.latest_start_hour + 1)),
                          float(self.unpaid_break_minutes),
                          min_people_on_duty=int(self.min_people_on_duty))

    def unsocial_hours(self) -> UnsocialHours:
        """NJC: nights at time and a third, weekends at time and a half; no evening rate."""
        return UnsocialHours(self.night_start_hour, 0.0, self.night_start_hour,
                             self.night_end_hour, float(self.night_enhancement),
                             float(self.saturday_enhancement), float(self.sunday_enhancement))


def rules_for_cover(rules: ShiftRules, cover: np.ndarray | Sequence[int]) -> ShiftRules:
    """The rules, with any start hour allowed if their own starts leave a cover hour unreached
    (a promise of night cover needs night shifts, whatever the day rota allows)."""
    patterns = _patterns(rules, UnsocialHours.plain_time())  # which hours each shift covers
    open_hours = _week_array("cover", cover) > 0
    if np.all(patterns.covers.sum(axis=1)[open_hours] > 0):
        return rules
    return ShiftRules(rules.shift_lengths_hours, tuple(range(HOURS_PER_DAY)),
                      rules.unpaid_break_minutes, tuple(range(DAYS_PER_WEEK)),
                      rules.min_people_on_duty)


# ---------------------------------------------------------------- staffing to the promise


WeekSimulation = Callable[[np.ndarray], tuple[float, bool]]


@dataclass(frozen=True)
class StaffedRota:
    """The rota that keeps the promise, or the best tried when none does."""

    rota: Rota
    met: bool  # the promise holds on this rota
    share_within_target: float  # as the week engine answers on this rota
    best_possible_share: float  # with ample people in every cover hour (met at once: the share)
    iterations: int  # rotas solved
    required_people: np.ndarray  # the final per-hour requirement the rota was solved to


def erlang_requirement(arrivals_per_hour: np.ndarray | Sequence[float],
                       cover: np.ndarray | Sequence[int], handle_seconds: float,
                       target_seconds: float, target_share: float,
                       max_occupancy: float = 1.0) -> np.ndarray:
    """Whole people per cover hour from Erlang C, each hour on its own (0 outside cover)."""
    arrivals = _week_array("arrivals_per_hour", arrivals_per_hour)
    open_hours = _week_array("cover", cover) > 0
    return np.array([
        agents_required(rate, handle_seconds, target_seconds, target_share, max_occupancy)
        if is_open and rate > 0 else 0
        for rate, is_open in zip(arrivals, open_hours)], dtype=int)


def _pressure(arrivals: np.ndarray, people: np.ndarray, handle_hours: float) -> np.ndarray:
    """Work offered each hour (new messages and the backlog carried in) per person on duty,
    in the periodic steady state; −1 where no one is on duty."""
    work = arrivals * handle_hours
    backlog = 0.0
    carried = np.zeros(HOURS_PER_WEEK)
    for _ in range(2):  # the second week starts from the steady Monday backlog
        for hour in range(HOURS_PER_WEEK):
            carried[hour] = backlog
            backlog = max(0.0, backlog + work[hour] - people[hour])
    return np.where(people > 0, (work + carried) / np.maximum(people, 1), -1.0)


def staff_to_promise(arrivals_per_hour: np.ndarray | Sequence[float],
                     cover: np.ndarray | Sequence[int], handle_seconds: float,
                     target_seconds: float, target_share: float, rules: ShiftRules,
                     unsocial: UnsocialHours, simulate: WeekSimulation,
                     best_possible: Callable[[], float], max_occupancy: float = 1.0,
                     max_iterations: int = MAX_STAFFING_ITERATIONS) -> StaffedRota:
    """The cheapest rota found whose week keeps the promise.

    Starts from the per-hour Erlang requirement, solves the rota and simulates the week on
    it with `simulate(people_on_duty) -> (share_within_target, backlog_ok)`. While the week
    misses the promise, one more person (STEP_SHARE of the busiest hour's people, for a large
    team) is required in the cover hour under most pressure (new work plus backlog carried
    in, per person), and the rota is solved again. If even
    ample people in every cover hour would miss it (`best_possible()`: messages out of hours
    wait too long), it says so at once: `met` is False, with what this cover allows.
    """
    arrivals = _week_array("arrivals_per_hour", arrivals_per_hour)
    open_hours = _week_array("cover", cover) > 0
    if not 0 < target_share < 1:
        _fail("target_share", target_share, "a share between 0 and 1")
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, int) or (
            max_iterations < 1):
        _fail("max_iterations", max_iterations, "a whole number ≥ 1")
    handle_hours = handle_seconds / SECONDS_PER_HOUR
    required = erlang_requirement(arrivals, open_hours, handle_seconds, target_seconds,
                                  target_share, max_occupancy)
    rota = solve_rota(required, open_hours.astype(int), rules, unsocial)
    share, backlog_ok = simulate(rota.people_on_duty)
    iterations = 1
    if share >= target_share and backlog_ok:  # the usual case: no need to try ample people
        return StaffedRota(rota, True, share, share, iterations, required)
    best_share = best_possible()
    if best_share < target_share:
        return StaffedRota(rota, False, share, best_share, iterations, required)
    while not (share >= target_share and backlog_ok) and iterations < max_iterations:
        pressure = _pressure(arrivals, rota.people_on_duty, handle_hours)
        pressure[~open_hours] = -1.0
        hour = int(np.argmax(pressure))
        step = max(1, int(rota.people_on_duty.max() * STEP_SHARE))
        required[hour] = rota.people_on_duty[hour] + step
        rota = solve_rota(required, open_hours.astype(int), rules, unsocial)
        share, backlog_ok = simulate(rota.people_on_duty)
        iterations += 1
    return StaffedRota(rota, share >= target_share and backlog_ok, share, best_share,
                       iterations, required)


# ---------------------------------------------------------------- a team of known size


def team_rota(answering_hours_per_week: float, arrival_profile: Sequence[float],
              cover: Sequence[int], rules: ShiftRules) -> Rota:
    """A team of known size as whole people on shifts: its answering hours a week laid out
    on the rules' shifts within the cover, where they meet the most demand.

    Paid hours never exceed `answering_hours_per_week`. First one person in as many cover
    hours as possible (the busiest, by arrivals, when not all can be staffed); the hours left
    then add people where arrivals per person are highest. Hours left over that no whole
    shift fits go on at most one part shift of whole paid hours (with the same break), so a
    known team answers for nearly all the hours it is paid to answer. Cover hours no shift
    reaches stay empty: their messages wait for the next person on duty.
    """
    if not (math.isfinite(answering_hours_per_week) and answering_hours_per_week >= 0):
        _fail("answering_hours_per_week", answering_hours_per_week, "hours ≥ 0")
    profile = _week_array("arrival_profile", arrival_profile)
    open_hours = _week_array("cover", cover) > 0
    # The budget as whole shifts and the whole hours left: the same rotas fit (exactly so
    # for one shift length), and nearby budgets share one memoised solve (Monte Carlo).
    full = min(rules.shift_lengths_hours)
    whole_shifts = answering_hours_per_week // full
    budget = whole_shifts * full + math.floor(answering_hours_per_week - whole_shifts * full)
    return _team_solved(float(budget), tuple(profile.tolist()), tuple(open_hours.tolist()),
                        rules)


def _with_part_shift(rules: ShiftRules, budget_paid_hours: float) -> ShiftRules:
    """The rules plus a part shift of the whole paid hours that whole shifts leave over."""
    full = min(rules.shift_lengths_hours)
    part = float(math.floor(budget_paid_hours % full))
    if part < 1 or rules.span_hours(part) < 1:
        return rules
    return replace(rules, shift_lengths_hours=rules.shift_lengths_hours + (part,))


@lru_cache(maxsize=1024)
def _team_solved(budget_paid_hours: float, arrival_profile: tuple[float, ...],
                 cover: tuple[bool, ...], rules: ShiftRules) -> Rota:
    """Memoised on its inputs (pure): every slider move asks for today's team again."""
    open_hours = np.array(cover)
    all_patterns = _patterns(_with_part_shift(rules, budget_paid_hours),
                             UnsocialHours.plain_time())
    # Shifts wholly inside the cover that cover at least one hour: a known team does not
    # spend its hours where no promise is made.
    inside = (all_patterns.covers[~open_hours].sum(axis=0) == 0) & (
        all_patterns.covers.sum(axis=0) > 0)
    patterns = _subset(all_patterns, np.flatnonzero(inside))
    count, full = patterns.day.size, min(rules.shift_lengths_hours)
    hours = np.flatnonzero(open_hours)
    if count == 0 or hours.size == 0 or budget_paid_hours < 1:
        return _rota(patterns, np.zeros(count, dtype=int))
    # z: one variable an hour for each person it may have (the first, second, ...): the k-th
    # person in an hour is worth its arrivals ÷ k, and a first person in any hour more than
    # a second in the busiest. Beyond twice its share of the people-hours (+ 2) an hour
    # gains no one: the best spread is about proportional to arrivals, and it keeps the
    # programme small for large teams.
    arrivals = np.asarray(arrival_profile)[hours]
    arrivals = (arrivals / arrivals.sum() if arrivals.sum() > 0
                else np.full(hours.size, 1.0 / hours.size))
    people_hours = budget_paid_hours / full * float(patterns.covers.sum(axis=0).max())
    levels = np.minimum(int(budget_paid_hours // full) + 1,
                        np.ceil(2 * people_hours * arrivals).astype(int) + 2)
    hour_of_z = np.repeat(np.arange(hours.size), levels)
    nth = np.concatenate([np.arange(1, n + 1) for n in levels])
    worth = np.where(nth == 1, arrivals.max() + arrivals[hour_of_z],
                     arrivals[hour_of_z] / nth)
    n_z = worth.size
    on_duty = sparse.hstack([sparse.csr_array(-patterns.covers[hours]),
                             sparse.csr_array((np.ones(n_z), (hour_of_z, np.arange(n_z))),
                                              shape=(hours.size, n_z))])
    budget = np.r_[patterns.paid_hours, np.zeros(n_z)]
    part = np.r_[(patterns.paid_hours < full).astype(float), np.zeros(n_z)]
    solution = milp(
        c=np.r_[np.zeros(count), -worth],
        constraints=[LinearConstraint(on_duty, ub=0.0),
                     LinearConstraint(budget, ub=budget_paid_hours),
                     LinearConstraint(part, ub=1.0)],
        integrality=np.r_[np.ones(count), np.zeros(n_z)],
        bounds=Bounds(np.zeros(count + n_z), np.r_[np.full(count, np.inf), np.ones(n_z)]),
    )
    if solution.status != 0 or solution.x is None:
        raise ValueError(f"team rota: the integer programme did not solve ({solution.message})")
    return _rota(patterns, np.round(solution.x[:count]).astype(int))


def _subset(patterns: _Patterns, keep: np.ndarray) -> _Patterns:
    return _Patterns(patterns.day[keep], patterns.start_hour[keep], patterns.paid_hours[keep],
                     patterns.span_hours[keep], patterns.covers[:, keep],
                     patterns.weighted_paid_hours[keep])
