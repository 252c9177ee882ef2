"""From stakeholder levels and a service promise to operations, one side of the plan at a time.

`operations` runs the queue engine (the expensive part) for a set of levels, staff and cover.
`model.volumes` then counts what each side produces and causes, and `model.money` prices it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import cast

import numpy as np
import pandas as pd

from model.queueing import (
    WeekInputs,
    WeekResult,
    best_possible_share,
    simulate_week,
    simulate_weeks,
)
from model.rota import (
    Rota,
    RotaRules,
    StaffedRota,
    rules_for_cover,
    staff_to_promise,
    team_rota,
)
from model.rota_breaks import on_break, on_break_of_people
from model.rota_team import TeamOfPeople, team_of_people
from model.scenario import Scenario
from model.units import (
    HOURS_PER_WEEK,
    MINUTES_PER_HOUR,
    SECONDS_PER_HOUR,
    WEEKS_PER_YEAR,
    productive_hours_per_fte,
)
from model.week_checks import WeekChecks
from model.week_mix import MixedWeek, present_mix


@dataclass(frozen=True)
class Operations:
    """What a set of levels asks of the team, and the service it gets (one side of the plan)."""

    followers: np.ndarray  # per group
    inbound_per_year: np.ndarray
    replies_per_year: np.ndarray
    approvals_per_year: np.ndarray
    consultation_responses_per_year: np.ndarray
    reply_hours_per_year: np.ndarray  # staff time answering (and triaging), per group
    proactive_hours_per_year: np.ndarray  # content and events, per group
    fte_required: float  # the fewest FTE that meet the promise (queue + proactive)
    fte_costed: float | np.ndarray  # the FTE paid for (an array when vectorised over draws)
    meets_expectation_share: float | np.ndarray  # replies arriving before people gave up
    week: WeekResult | None  # None when no one is on duty to answer
    achievable: bool  # False when no staffing meets the promise with this cover
    # Solved to the promise: the rota of whole people the plan's week runs on (else None).
    rota: Rota | None = field(default=None, repr=False)
    staff_pay_factor: float = 1.0  # enhanced ÷ plain paid hours (unsocial hours), for pay
    # On a rota: proactive hours a week that fit in its idle time, and those that need more
    # people beyond it (both 0 without a rota).
    proactive_fits_hours_per_week: float = 0.0
    proactive_beyond_hours_per_week: float = 0.0


def _level_arrays(scenario: Scenario, level_names: list[str]) -> dict[str, np.ndarray]:
    by_name = {level.name: level for level in scenario.levels}
    levels = [by_name[name] for name in level_names]
    return {
        "invite": np.array([lv.invite_multiplier for lv in levels]),
        "reply_share": np.array([lv.reply_share for lv in levels]),
        "handle_minutes": np.array([lv.handle_minutes for lv in levels]),
        "approval_share": np.array([lv.approval_share for lv in levels]),
        "proactive_hours": np.array([lv.content_hours_per_week * WEEKS_PER_YEAR
                                     + lv.events_per_year * lv.hours_per_event for lv in levels]),
        "consult_per_1000": np.array([lv.consultation_responses_per_1000_followers_per_year
                                      for lv in levels]),
    }


def patience_met(scenario: Scenario, minutes: np.ndarray) -> np.ndarray:
    """Share of people still willing to wait at each response time (1 − patience curve)."""
    expected = np.interp(minutes, scenario.patience_minutes, scenario.patience_share,
                         right=scenario.patience_share[-1])
    return 1.0 - expected


def _meets_expectation(scenario: Scenario, week: WeekResult | None) -> float:
    if week is None or not week.stable:
        return 0.0
    return float(week.response_weights @ patience_met(scenario, week.response_minutes))


@dataclass(frozen=True)
class Demand:
    """What a set of levels brings in, before any staffing decision."""

    followers: np.ndarray
    inbound_per_year: np.ndarray
    replies_per_year: np.ndarray
    approvals_per_year: np.ndarray
    consultation_responses_per_year: np.ndarray
    reply_hours_per_year: np.ndarray
    proactive_hours_per_year: np.ndarray
    arrivals_per_hour: np.ndarray  # 168 values, replies only
    handle_seconds: float  # staff time per reply in the queue: writing, and the triage of
    # every inbound message spread over the replies
    approval_share: float  # reply-weighted, after pre-approved lines
    reply_handle_seconds: float = math.nan  # writing a reply alone, reply-weighted mean


def demand(scenario: Scenario, level_names: list[str], volume_factor: float = 1.0,
           handle_factor: float = 1.0) -> Demand:
    arrays = _level_arrays(scenario, level_names)
    followers = np.array(scenario.followers())
    per_follower = np.array([g.messages_per_follower_per_year for g in scenario.groups])
    inbound = followers * per_follower * volume_factor * arrays["invite"]
    replies = inbound * arrays["reply_share"]
    handle_minutes = arrays["handle_minutes"] * handle_factor
    approval_share = arrays["approval_share"] * (1.0 - scenario.promise.preapproved_share)
    # Every inbound message is read and triaged, answered or not: that time is work too,
    # carried by the replies in the queue (the week's work is then exact, its spread over
    # the messages answered an approximation).
    triage_hours = inbound * scenario.staffing.triage_minutes_per_message / MINUTES_PER_HOUR
    reply_hours = replies * handle_minutes / MINUTES_PER_HOUR + triage_hours
    total = float(replies.sum())
    return Demand(
        followers=followers,
        inbound_per_year=inbound,
        replies_per_year=replies,
        approvals_per_year=replies * approval_share,
        consultation_responses_per_year=followers * arrays["consult_per_1000"] / 1000.0,
        reply_hours_per_year=reply_hours,
        proactive_hours_per_year=arrays["proactive_hours"],
        arrivals_per_hour=np.asarray(scenario.arrival_profile) * total / WEEKS_PER_YEAR,
        handle_seconds=(float(reply_hours.sum()) / total * SECONDS_PER_HOUR if total > 0
                        else float(handle_minutes.mean()) * SECONDS_PER_HOUR / MINUTES_PER_HOUR),
        approval_share=float(approval_share @ replies / total) if total > 0 else 0.0,
        reply_handle_seconds=(float(replies @ handle_minutes) / total * 60.0 if total > 0
                              else float(handle_minutes.mean()) * 60.0),
    )


def to_fte(scenario: Scenario, hours_per_week: float | np.ndarray) -> float | np.ndarray:
    """FTE for scheduled hours a week, after shrinkage."""
    return hours_per_week / _hours_per_fte(scenario)


def _hours_per_fte(scenario: Scenario) -> float:
    staffing = scenario.staffing
    return productive_hours_per_fte(staffing.contract_hours_per_week, staffing.shrinkage)


def approver_hours(scenario: Scenario) -> np.ndarray | None:
    """The hours sign-off runs in: the approvers' own (168 values of 0/1), or None for the
    hours someone in the team is on duty."""
    approvers = scenario.promise.approver_cover
    return None if approvers is None else np.asarray(approvers, dtype=float)


@dataclass(frozen=True)
class HeldRota:
    """A team held at a rota already solved: you hire for the central case, then demand
    varies (Monte Carlo). The rota's people answer; its FTE and pay stay as solved."""

    people_on_duty: np.ndarray  # 168 whole numbers
    fte: float  # the rota's FTE plus proactive work beyond its idle time
    staff_pay_factor: float  # as Operations.staff_pay_factor
    shifts: pd.DataFrame | None = None  # the rota's shifts (where its breaks fall)

    @classmethod
    def of(cls, plan: Operations) -> HeldRota | None:
        """The plan's rota held, or None when the plan has no rota (a team of known size)."""
        if plan.rota is None:
            return None
        return cls(plan.rota.people_on_duty, float(plan.fte_required), plan.staff_pay_factor,
                   plan.rota.shifts)


@dataclass(frozen=True)
class _Side:
    """One side of the plan (target or today) before its queue runs: demand, cover, team."""

    need: Demand
    cover: tuple[int, ...]
    fte: float | None  # the team paid for; None: the fewest that keep the promise
    proactive_fte: float  # the part of any team that goes on content and events
    held: HeldRota | None = None  # a rota held fixed (then fte is its FTE)
    hired_for: Demand | None = None  # the central case a team of known size is laid out for
    as_promised: bool = False  # a team of the FTE the promise needs works the promise's rota

    def agents_per_hour(self, scenario: Scenario) -> np.ndarray:
        """Whole people answering in each hour of the week (0 where no one is on duty)."""
        if self.held is not None:
            return self.held.people_on_duty.astype(float)
        return self.team_rota(scenario).people_on_duty.astype(float)

    def on_break(self, scenario: Scenario) -> np.ndarray:
        """Of the people `agents_per_hour` counts, those on their unpaid break in each half
        hour (336 whole numbers; `model.rota_breaks`)."""
        rules = scenario.rota.shift_rules()
        if self.held is not None:
            if self.held.shifts is None:
                return np.zeros(HOURS_PER_WEEK * 2, dtype=np.int64)
            return on_break(self.held.shifts, self.held.people_on_duty, rules)
        rota = self.team_rota(scenario)
        return on_break(rota.shifts, rota.people_on_duty, rules)

    def team_rota(self, scenario: Scenario) -> Rota:
        """The team as whole people on the rota's shifts within the cover.

        A team at least as large as the promise needs (to the FTE's rounding) works the very
        rota staffing to the promise would give it, the rest of its hours laid out where
        they meet the most demand: a fixed team of exactly the FTE the promise needs is
        that plan, with its service and its pay. A smaller team is laid out on full-time
        shifts where it meets the most demand. Either way the team is laid out for the
        central case it was hired for, whatever the week's demand then is.

        As on a solved rota, proactive work (content, events) fills the time the team is not
        answering; only the part of it that idle time cannot take comes off the hours on the
        rota.
        """
        assert self.fte is not None, "only a team of known size has a rota to lay out"
        return _team_rota(scenario, self.hired_for or self.need, self.cover, self.fte,
                          self.proactive_fte, self.as_promised)

    def team_of_people(self, scenario: Scenario) -> TeamOfPeople | None:
        """The team as real people with absences, when it is laid out as people."""
        if self.fte is None or self.held is not None:
            return None
        layout = _team_layout(scenario, self.hired_for or self.need, self.cover, self.fte,
                              self.proactive_fte, self.as_promised)
        return layout if isinstance(layout, TeamOfPeople) else None

    def week_inputs(self, scenario: Scenario, agents_per_hour: np.ndarray,
                    breaks: np.ndarray) -> WeekInputs:
        need = self.need
        return WeekInputs(need.arrivals_per_hour, agents_per_hour, need.handle_seconds,
                          need.approval_share, approver_hours(scenario), breaks)


FTE_ROUNDING = 0.005  # a team this close below the FTE the promise needs is that team


def _team_rota(scenario: Scenario, need: Demand, cover: tuple[int, ...], fte: float,
               proactive_fte: float, as_promised: bool) -> Rota:
    """`_Side.team_rota` for a team of `fte` hired for `need`."""
    layout = _team_layout(scenario, need, cover, fte, proactive_fte, as_promised)
    return layout.rota if isinstance(layout, TeamOfPeople) else layout


def _team_layout(scenario: Scenario, need: Demand, cover: tuple[int, ...], fte: float,
                 proactive_fte: float, as_promised: bool) -> Rota | TeamOfPeople:
    """The promise's rota (and spare hours) for a team as large as the promise needs; else
    real people on their weekly patterns (`TeamOfPeople`), or, for a cover with no weekday
    hours, the team's hours laid out where they meet the most demand."""
    hours_per_fte = _hours_per_fte(scenario)
    rules = rules_for_cover(scenario.rota.shift_rules(), cover)
    unsocial = scenario.rota.unsocial_hours()
    if as_promised:
        staffed, week = _rota_to_promise(scenario, need, cover)
        _, beyond = _proactive_fit(need, staffed.rota, week)
        needed_fte = staffed.rota.paid_hours_per_week / hours_per_fte + float(
            to_fte(scenario, beyond))
        if fte >= needed_fte - FTE_ROUNDING:
            spare_hours = max(fte - needed_fte, 0.0) * hours_per_fte
            return staffed.rota.plus(team_rota(spare_hours, scenario.arrival_profile, cover,
                                               rules, unsocial))
    team_hours = fte * hours_per_fte
    answering_work = float(need.reply_hours_per_year.sum()) / WEEKS_PER_YEAR
    idle_hours = max(team_hours - answering_work, 0.0)
    beyond_idle = max(proactive_fte * hours_per_fte - idle_hours, 0.0)
    # Proactive work idle time cannot take comes off the team's hours: as people, off the
    # last person's shifts (a person's week is the contract's hours, absence aside).
    people_fte = max(fte - beyond_idle / hours_per_fte, 0.0)
    people = team_of_people(people_fte, cover, rules, unsocial)
    if people is not None:
        return people
    return team_rota(max(team_hours - beyond_idle, 0.0), scenario.arrival_profile, cover,
                     rules, unsocial)


def _side(scenario: Scenario, level_names: list[str], cover: tuple[int, ...],
          fte: float | None, volume_factor: float, handle_factor: float,
          held: HeldRota | None = None, as_promised: bool = False) -> _Side:
    need = demand(scenario, level_names, volume_factor, handle_factor)
    central = (need if volume_factor == handle_factor == 1.0
               else demand(scenario, level_names))
    proactive_hours_per_week = float(need.proactive_hours_per_year.sum()) / WEEKS_PER_YEAR
    return _Side(need, cover, held.fte if held is not None else fte,
                 float(to_fte(scenario, proactive_hours_per_week)), held, central, as_promised)


def _operations(scenario: Scenario, sides: list[_Side], solved: _Side | None) -> list[Operations]:
    """Operations for each side; the `solved` one (if any) is staffed to its promise on a
    rota of whole people. The weeks of teams of known size are simulated in one pass."""
    promise = scenario.promise
    target_seconds = promise.response_target_minutes * 60.0
    agents = [side.agents_per_hour(scenario) if side.fte is not None else None
              for side in sides]
    # A team of real people: one week for each mix of them present (absence), mixed after.
    mixes = [_absence_mixes(scenario, side) for side in sides]
    known = [side.week_inputs(scenario, people.astype(float), breaks)
             for side, hourly, mix in zip(sides, agents, mixes)
             if hourly is not None and hourly.sum() > 0
             for people, breaks in ([(hourly, side.on_break(scenario))] if mix is None
                                    else [(p, b) for _, p, b in mix if p.sum() > 0])]
    weeks = iter(simulate_weeks(known, target_seconds, promise.approval_delay_hours))
    result = []
    for side, hourly, mix in zip(sides, agents, mixes):
        fte_required, achievable = math.nan, True
        fits = beyond = 0.0  # proactive hours a week in the rota's idle time, and beyond it
        week: WeekResult | None = None
        staffed: StaffedRota | None = None
        if side is solved:
            staffed, week = _rota_to_promise(scenario, side.need, side.cover)
            fits, beyond = _proactive_fit(side.need, staffed.rota, week)
            rota_fte = staffed.rota.fte(scenario.staffing.contract_hours_per_week,
                                        scenario.staffing.shrinkage)
            beyond_fte = float(to_fte(scenario, beyond))
            fte_required = rota_fte + beyond_fte
            achievable = staffed.met
        if side.fte is None:
            assert staffed is not None, "a side with no team of its own is solved"
            fte_costed = fte_required
        else:
            fte_costed = side.fte
            if hourly is None or hourly.sum() <= 0:
                week = None
            elif mix is None:
                week = next(weeks)
            else:
                week = _mixed(mix, weeks, hourly)
        rota = staffed.rota if staffed is not None and side.fte is None else None
        pay = side.held.staff_pay_factor if side.held is not None else 1.0
        if rota is not None and rota.paid_hours_per_week > 0 and fte_required > 0:
            enhanced = rota.enhanced_paid_hours_per_week / rota.paid_hours_per_week
            pay = (rota_fte * enhanced + beyond_fte) / fte_required  # beyond: plain time
        elif side.fte is not None and side.held is None and side.fte > 0:
            pay = _team_pay_factor(scenario, side.team_rota(scenario), side.fte)
        ops = from_demand(scenario, side.need, fte_required, fte_costed, week, achievable,
                          rota, pay)
        result.append(replace(ops, proactive_fits_hours_per_week=fits,
                              proactive_beyond_hours_per_week=beyond))
    return result


Mix = list[tuple[float, np.ndarray, np.ndarray]]  # (how often, people by hour, on break)


def _absence_mixes(scenario: Scenario, side: _Side) -> Mix | None:
    """For a team of real people, each mix of them present with how often it happens
    (shrinkage: each person away that share of weeks), with where the present people's
    unpaid breaks fall; None for any other side."""
    team = side.team_of_people(scenario)
    if team is None:
        return None
    rules = scenario.rota.shift_rules()
    mixes = []
    for weight, counts in present_mix(team.groups, scenario.staffing.shrinkage):
        present = [pattern for (pattern, _), count in zip(team.groups, counts)
                   for _ in range(count)]
        people = np.zeros(HOURS_PER_WEEK, dtype=np.int64)
        for pattern in present:
            people = people + np.asarray(pattern, dtype=np.int64)
        mixes.append((weight, people, on_break_of_people(present, rules)))
    return mixes


def _mixed(mix: Mix, weeks: Iterator[WeekResult], everyone: np.ndarray) -> WeekResult:
    """The mixes' weeks (taken from `weeks` in order) read as one week."""
    solved = tuple(next(weeks) if people.sum() > 0 else None for _, people, _ in mix)
    full = next(week for (_, people, _), week in zip(mix, solved)
                if week is not None and np.array_equal(people, everyone))
    weights = tuple(w for w, _, _ in mix)
    # The weeks are memoised objects: the same ones give the same mix, whose median is then
    # found once (a slider move elsewhere leaves today's team as it was).
    key = (weights, tuple(id(week) for week in solved), id(full))
    kept = _MIXES.get(key)
    if kept is None or not all(a is b for a, b in zip(kept.weeks, solved)):
        if len(_MIXES) >= MIXES_KEPT:
            _MIXES.pop(next(iter(_MIXES)))
        _MIXES[key] = MixedWeek(weights, solved, full)
    return cast(WeekResult, _MIXES[key])


MIXES_KEPT = 64
_MIXES: dict[tuple[tuple[float, ...], tuple[int, ...], int], MixedWeek] = {}


def _team_pay_factor(scenario: Scenario, rota: Rota, fte: float) -> float:
    """Enhanced ÷ plain pay of a team of `fte` on `rota`: its shifts at their unsocial-hours
    rates, the rest of its hours (proactive work, spare) at plain time, as a solved plan's."""
    hours_per_fte = _hours_per_fte(scenario)
    rota_fte = rota.paid_hours_per_week / hours_per_fte
    enhanced_fte = rota.enhanced_paid_hours_per_week / hours_per_fte
    return (enhanced_fte + max(fte - rota_fte, 0.0)) / max(fte, rota_fte)


def _rota_to_promise(scenario: Scenario, need: Demand, cover: tuple[int, ...]
                     ) -> tuple[StaffedRota, WeekResult]:
    """The cheapest rota of whole people that keeps the promise, and its week."""
    promise = scenario.promise
    return _solved_rota(tuple(need.arrivals_per_hour.tolist()), cover, need.handle_seconds,
                        promise.response_target_minutes * 60.0, promise.target_share,
                        need.approval_share, promise.approval_delay_hours,
                        scenario.staffing.max_occupancy, scenario.rota, promise.approver_cover)


@lru_cache(maxsize=256)
def _solved_rota(arrivals_per_hour: tuple[float, ...], cover: tuple[int, ...],
                 handle_seconds: float, target_seconds: float, target_share: float,
                 approval_share: float, approval_delay_hours: float,
                 max_occupancy: float, rules: RotaRules,
                 approver_cover: tuple[int, ...] | None) -> tuple[StaffedRota, WeekResult]:
    """Memoised on its inputs (pure): evaluate runs on every slider move."""
    arrivals = np.asarray(arrivals_per_hour)
    approvers = None if approver_cover is None else np.asarray(approver_cover, dtype=float)
    weeks: dict[bytes, WeekResult] = {}  # each rota tried, by its people on duty and breaks

    def week_on(people: np.ndarray, breaks: np.ndarray | None = None) -> WeekResult:
        key = np.asarray(people, dtype=float).tobytes() + (
            b"" if breaks is None else np.asarray(breaks, dtype=np.int64).tobytes())
        if key not in weeks:
            weeks[key] = simulate_week(arrivals, np.asarray(people, dtype=float),
                                       handle_seconds, target_seconds, approval_share,
                                       approval_delay_hours, approvers, breaks)
        return weeks[key]

    def simulate(people: np.ndarray, breaks: np.ndarray | None = None) -> tuple[float, bool]:
        week = week_on(people, breaks)
        return week.share_within_target, week.stable

    def simulate_on_cover(people: np.ndarray, breaks: np.ndarray | None = None
                          ) -> tuple[float, bool]:
        week = simulate_week(arrivals, np.asarray(people, dtype=float), handle_seconds,
                             target_seconds, approval_share, approval_delay_hours,
                             on_break=breaks)
        return week.share_within_target, week.stable

    def best_possible(sign_off: np.ndarray | None) -> Callable[[], float]:
        return lambda: best_possible_share(arrivals, cover, handle_seconds, target_seconds,
                                           approval_share, approval_delay_hours, sign_off)

    def breaks_of(rota: Rota) -> np.ndarray:
        return on_break(rota.shifts, rota.people_on_duty, rules.shift_rules())

    def near_checks(sign_off: np.ndarray | None) -> WeekChecks:
        return WeekChecks(arrivals, handle_seconds, target_seconds, target_share,
                          approval_share, approval_delay_hours, sign_off)

    shift_rules = rules_for_cover(rules.shift_rules(), cover)
    checks = near_checks(approvers)
    staffed = staff_to_promise(arrivals, cover, handle_seconds, target_share, shift_rules,
                               rules.unsocial_hours(), simulate, best_possible(approvers),
                               max_occupancy, simulate_with_breaks=simulate,
                               simulate_near=checks.check, estimate=checks.estimate)
    if not staffed.met and approvers is not None:
        # Sign-off in the approvers' hours may hold the promise out of reach of any team:
        # then the team is the one the promise needs apart from that wait (as if approvers
        # signed off whenever it is on duty), not the floor, which may not keep up at all.
        checks = near_checks(None)
        aside = staff_to_promise(arrivals, cover, handle_seconds, target_share, shift_rules,
                                 rules.unsocial_hours(), simulate_on_cover,
                                 best_possible(None), max_occupancy,
                                 simulate_with_breaks=simulate_on_cover,
                                 simulate_near=checks.check, estimate=checks.estimate)
        if aside.met:
            week = week_on(aside.rota.people_on_duty, breaks_of(aside.rota))
            staffed = replace(aside, met=False, share_within_target=week.share_within_target,
                              best_possible_share=staffed.best_possible_share)
    return staffed, week_on(staffed.rota.people_on_duty, breaks_of(staffed.rota))


def plan_staffed(scenario: Scenario) -> StaffedRota:
    """How the plan's levels and promise are staffed: the search's rota and what it found."""
    need = demand(scenario, [g.target_level for g in scenario.groups])
    return _rota_to_promise(scenario, need, scenario.promise.cover)[0]


def _proactive_fit(need: Demand, rota: Rota, week: WeekResult) -> tuple[float, float]:
    """Proactive hours a week that fit in the rota's idle time, and those left over."""
    busy = week.hourly["occupancy"] * week.hourly["agents"]
    proactive_per_week = float(need.proactive_hours_per_year.sum()) / WEEKS_PER_YEAR
    return rota.proactive_fit(proactive_per_week, busy)


def operations(
    scenario: Scenario,
    level_names: list[str],
    cover: tuple[int, ...],
    planned_fte: float | None,
    volume_factor: float = 1.0,
    handle_factor: float = 1.0,
    solve: bool = True,
) -> Operations:
    """Volumes, staff and service for one side of the plan (target or today).

    With solve=False no rota is solved (fte_required is NaN): for "today".
    """
    assert solve or planned_fte is not None, "a side that is not solved needs its planned FTE"
    side = _side(scenario, level_names, cover, planned_fte, volume_factor, handle_factor,
                 as_promised=solve)
    return _operations(scenario, [side], side if solve else None)[0]


def from_demand(scenario: Scenario, need: Demand, fte_required: float, fte_costed: float,
                week: WeekResult | None, achievable: bool, rota: Rota | None = None,
                staff_pay_factor: float = 1.0) -> Operations:
    return Operations(
        followers=need.followers,
        inbound_per_year=need.inbound_per_year,
        replies_per_year=need.replies_per_year,
        approvals_per_year=need.approvals_per_year,
        consultation_responses_per_year=need.consultation_responses_per_year,
        reply_hours_per_year=need.reply_hours_per_year,
        proactive_hours_per_year=need.proactive_hours_per_year,
        fte_required=fte_required,
        fte_costed=fte_costed,
        meets_expectation_share=_meets_expectation(scenario, week),
        week=week,
        achievable=achievable,
        rota=rota,
        staff_pay_factor=staff_pay_factor,
    )


def plan_operations(scenario: Scenario, volume_factor: float = 1.0,
                    handle_factor: float = 1.0, solve: bool = False) -> Operations:
    planned = None if solve else scenario.staffing.planned_fte
    return operations(scenario, [g.target_level for g in scenario.groups], scenario.promise.cover,
                      planned, volume_factor, handle_factor)


def baseline_operations(scenario: Scenario, volume_factor: float = 1.0,
                        handle_factor: float = 1.0) -> Operations:
    """"Stay as we are": today's levels, today's team, today's cover."""
    return operations(scenario, [g.current_level for g in scenario.groups],
                      scenario.staffing.current_cover, scenario.staffing.current_fte,
                      volume_factor, handle_factor, solve=False)


def plan_and_baseline(scenario: Scenario, volume_factor: float = 1.0,
                      handle_factor: float = 1.0, solve: bool = False,
                      fte_required: bool = True,
                      held: HeldRota | None = None) -> tuple[Operations, Operations]:
    """`plan_operations` and `baseline_operations` at once: their weeks share one pass.

    With fte_required=False the rota is solved only if the plan has no team of its own (its
    fte_required is then NaN): for analyses that price a fixed team. `held`: the plan's
    team is that rota.
    """
    staffing = scenario.staffing
    plan = _side(scenario, [g.target_level for g in scenario.groups], scenario.promise.cover,
                 None if solve else staffing.planned_fte, volume_factor, handle_factor, held,
                 as_promised=True)
    today = _side(scenario, [g.current_level for g in scenario.groups], staffing.current_cover,
                  staffing.current_fte, volume_factor, handle_factor)
    solved = plan if fte_required or plan.fte is None else None
    plan_ops, today_ops = _operations(scenario, [plan, today], solved)
    return plan_ops, today_ops
