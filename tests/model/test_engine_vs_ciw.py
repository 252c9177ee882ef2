"""The hour-of-week queue engine checked against an independent discrete-event simulation.

ciw (Palmer et al., "Ciw: An open-source discrete event simulation library", Journal of
Simulation 2019) runs the same week message by message: Poisson arrivals whose rate changes
every hour of the week, whole officers on duty per hour (a ciw server schedule), exponential
handle times, and the sign-off delay (working hours, counted while someone is on duty) for a
random share of replies.

ciw's own shift change sends the whole team off at every change of numbers and brings on a
fresh one, the busy officers finishing their replies beside the newcomers: going from two on
duty to three puts up to five to work for a while. That is capacity no rota has, so the
reference changes shifts as a rota does (`RotaNode`): officers on duty stay on, only the
difference comes or goes, and an officer whose shift ends (chosen at random) finishes the
reply in hand.

Two meanings of response time are checked:
- "pick-up": until an officer picks the message up, plus sign-off from then (the engine's
  meaning before issue 14; kept only to show the two differ by the handle time).
- "reply": until the reply reaches the person: pick-up + handle + sign-off after the reply
  is written (issue 14 §2). This is what the engine computes.

A case passes when the engine's share within target is within 2 points of the simulation's
and its median within 10 % (or 1 minute, for medians of a few minutes). The simulation's own
standard error (batch means over four-week batches) is printed with a miss: it is 1-2.5
points for the busiest weeks, whose backlog carries from week to week.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from functools import cache

import ciw
import numpy as np
import pytest

from model import evaluate, load_sample_scenario
from model.cover import cover_preset
from model.queueing import simulate_week
from model.rota_breaks import on_break
from model.value import baseline_operations, demand, plan_staffed

HOURS_PER_WEEK = 168
WARM_UP_WEEKS = 4  # the week's backlog settles within one; four leave no trace of the start
MESSAGES_SIMULATED = 30_000  # after warm-up; the standard error is measured, not assumed
BATCH_WEEKS = 4  # weeks per batch for the standard error (busy weeks are correlated)
MIN_MEASURED_WEEKS = 6
SHARE_TOLERANCE = 0.02
MEDIAN_TOLERANCE = 0.10
MEDIAN_TOLERANCE_MINUTES = 1.0
RANDOM_SCENARIOS = 10


@dataclass(frozen=True)
class Case:
    """One week to run both ways."""

    arrivals_per_hour: np.ndarray
    people_on_duty: np.ndarray  # whole officers per hour
    handle_seconds: float
    approval_share: float
    approval_delay_hours: float
    target_minutes: float
    seed: int
    messages: int = MESSAGES_SIMULATED  # after warm-up
    approver_hours: np.ndarray | None = None  # sign-off's own hours; None: the team's
    on_break: np.ndarray | None = None  # 336 half hours: officers on duty on their break

    @property
    def answering(self) -> np.ndarray:
        """Officers answering in each half hour: on duty less those on a break."""
        cells = np.repeat(self.people_on_duty, 2)
        return cells if self.on_break is None else cells - self.on_break


def _sample_cases() -> dict[str, Case]:
    scenario = load_sample_scenario()
    promise = scenario.promise
    plan = demand(scenario, [g.target_level for g in scenario.groups])
    today = demand(scenario, [g.current_level for g in scenario.groups])
    extended = np.array(promise.cover)
    target = promise.response_target_minutes

    def case(need, people: np.ndarray, seed: int, volume: float = 1.0,
             messages: int = MESSAGES_SIMULATED) -> Case:
        return Case(need.arrivals_per_hour * volume, people.astype(int), need.handle_seconds,
                    need.approval_share, promise.approval_delay_hours, target, seed, messages)

    plan_rota = evaluate(scenario).week["people_on_duty"].to_numpy()  # the plan's own rota
    staffed = plan_staffed(scenario).rota
    plan_breaks = on_break(staffed.shifts, staffed.people_on_duty, scenario.rota.shift_rules())
    today_rota = np.asarray(baseline_operations(scenario).week.hourly["agents"])  # 27 of 40 h
    # Overloaded: one officer across the cover with 92 % of the week's time taken.
    capacity_per_week = extended.sum() * 3600.0 / plan.handle_seconds
    overload = 0.92 * capacity_per_week / plan.arrivals_per_hour.sum()
    return {
        # The sample's approvers sign off in their own (office) hours (issue 24 §5).
        "sample plan (rota)": replace(case(plan, plan_rota, 11), approver_hours=None if
                                      promise.approver_cover is None
                                      else np.array(promise.approver_cover)),
        "today's team (its rota)": case(today, today_rota, 12),
        "one person, office hours": case(today, np.array(scenario.staffing.current_cover), 15),
        "one person, 84 h": case(plan, extended, 13),
        # At 92 % busy the backlog carries from week to week: four times the messages bring
        # the standard error from 2.5 points (seeds gave 54.5 % to 62.6 %) to about 1.3.
        "overloaded week": case(plan, extended, 14, overload, messages=4 * MESSAGES_SIMULATED),
        # Approvers keep office hours while the team works Extended (issue 24 §5): a reply
        # written on Saturday waits for Monday's sign-off. Half the replies need one.
        "approvers in office hours": replace(
            case(plan, plan_rota, 16, messages=MESSAGES_SIMULATED // 3), approval_share=0.5,
            approver_hours=np.array(cover_preset("Office hours"))),
        # Each shift's unpaid half hour placed mid-shift (issue 24 §4): a lone officer's
        # break leaves no one answering; sign-off still counts the hour as worked.
        "sample plan, breaks placed": replace(
            case(plan, np.asarray(staffed.people_on_duty), 17), on_break=plan_breaks),
    }


def _random_case(index: int) -> Case:
    rng = np.random.default_rng(2026 + index)
    cover = np.array(cover_preset(str(rng.choice(["Office hours", "Extended", "24/7"]))))
    people = cover * rng.integers(1, 4)
    busy_hours = rng.choice(np.flatnonzero(cover), size=int(cover.sum() // 4), replace=False)
    people[busy_hours] += 1
    handle_minutes = float(rng.uniform(3.0, 20.0))
    utilisation = float(rng.uniform(0.2, 0.85))
    profile = rng.gamma(2.0, size=HOURS_PER_WEEK) * np.where(cover > 0, 3.0, 1.0)
    weekly = utilisation * people.sum() * 60.0 / handle_minutes
    return Case(
        arrivals_per_hour=weekly * profile / profile.sum(),
        people_on_duty=people.astype(int),
        handle_seconds=handle_minutes * 60.0,
        approval_share=float(rng.uniform(0.0, 0.5)),
        approval_delay_hours=float(rng.uniform(0.0, 6.0)),
        target_minutes=float(rng.choice([60.0, 240.0, 480.0, 1440.0])),
        seed=100 + index,
        # Random 1 carries its backlog from week to week: at 30,000 messages its standard error
        # is 2.2 points (seed 101 gave 33.3 %, four times as many 35.0 % ± 0.5).
        messages=MESSAGES_SIMULATED * (4 if index == 1 else 1),
    )


CASES = {**_sample_cases(),
         **{f"random {i}": _random_case(i) for i in range(RANDOM_SCENARIOS)}}

class RotaNode(ciw.Node):
    """A ciw node whose shift changes keep the officers on duty: only the difference in
    numbers comes or goes, and a leaver (chosen at random) finishes the reply in hand."""

    leavers = random.Random(0)  # reseeded per run; apart from ciw's own random stream

    def change_shift(self) -> None:
        self.schedule.get_next_shift()
        self.next_shift_change = self.schedule.next_shift_change_date
        self.c = self.schedule.c
        on_duty = [server for server in self.servers if not server.offduty]
        surplus = len(on_duty) - self.c
        for server in self.leavers.sample(on_duty, max(surplus, 0)):
            server.shift_end = self.next_event_date
            if server.busy:
                server.offduty = True  # goes when the reply in hand is done
            else:
                self.kill_server(server)
        if surplus < 0:
            self.add_new_servers(-surplus)
        self.begin_service_if_possible_change_shift()


def _schedule(people: np.ndarray, per_hour: int = 1) -> ciw.Schedule:
    """A ciw schedule with a change wherever the number answering (`per_hour` values an
    hour) changes."""
    numbers: list[int] = []
    ends: list[float] = []
    for cell, count in enumerate(people):
        if numbers and numbers[-1] == count:
            ends[-1] = (cell + 1) / per_hour
        else:
            numbers.append(int(count))
            ends.append((cell + 1) / per_hour)
    return ciw.Schedule(numbers_of_servers=numbers, shift_end_dates=ends)


@cache
def _simulated(name: str) -> dict[str, np.ndarray]:
    """Arrival, pick-up and reply-written times (hours) of the messages after warm-up."""
    case = CASES[name]
    weekly = float(case.arrivals_per_hour.sum())
    weeks = WARM_UP_WEEKS + max(MIN_MEASURED_WEEKS, math.ceil(case.messages / weekly))
    ciw.seed(case.seed)
    RotaNode.leavers = random.Random(case.seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.PoissonIntervals(
            [float(rate) for rate in case.arrivals_per_hour],
            [float(hour) for hour in range(1, HOURS_PER_WEEK + 1)],
            weeks * float(HOURS_PER_WEEK))],
        service_distributions=[ciw.dists.Exponential(rate=3600.0 / case.handle_seconds)],
        number_of_servers=[_schedule(case.answering, 2)],
    )
    simulation = ciw.Simulation(network, node_class=RotaNode)
    simulation.simulate_until_max_time((weeks + 2) * float(HOURS_PER_WEEK))
    records = [r for r in simulation.get_all_records() if r.record_type == "service"]
    arrived = np.array([r.arrival_date for r in records])
    kept = (arrived >= WARM_UP_WEEKS * HOURS_PER_WEEK) & (arrived < weeks * HOURS_PER_WEEK)
    assert kept.sum() > 0.9 * (weeks - WARM_UP_WEEKS) * weekly, "messages left unserved"
    return {"arrived": arrived[kept],
            "picked_up": np.array([r.service_start_date for r in records])[kept],
            "written": np.array([r.service_end_date for r in records])[kept]}


def _working_hours_later(people: np.ndarray, start_hours: np.ndarray,
                         delay_hours: float) -> np.ndarray:
    """Clock time when `delay_hours` of hours with someone on duty have passed since each
    start (written here from scratch: the engine's own helper is what is under test)."""
    weeks = int(start_hours.max() // HOURS_PER_WEEK) + 3 + int(delay_hours // max(
        (people > 0).sum(), 1))
    open_hours = np.tile(people > 0, weeks).astype(float)
    elapsed = np.concatenate([[0.0], np.cumsum(open_hours)])  # at each whole hour
    clock = np.arange(elapsed.size, dtype=float)
    hour = np.floor(start_hours).astype(int)
    at_start = elapsed[hour] + open_hours[hour] * (start_hours - hour)
    goal = at_start + delay_hours
    reached = np.searchsorted(elapsed, goal, side="left")  # first whole hour at or past goal
    return np.where(delay_hours > 0, clock[reached - 1] + (goal - elapsed[reached - 1]),
                    start_hours)


def _des_result(name: str, meaning: str) -> tuple[float, float]:
    """ciw's share within target and median response minutes for this meaning."""
    case = CASES[name]
    response_minutes = _des_responses(name, meaning)
    return (float(np.mean(response_minutes <= case.target_minutes)),
            float(np.median(response_minutes)))


def _des_standard_error(name: str) -> float:
    """Standard error of ciw's share within target, by batch means over BATCH_WEEKS weeks."""
    batch = (_simulated(name)["arrived"] // (BATCH_WEEKS * HOURS_PER_WEEK)).astype(int)
    within = _des_responses(name, "reply") <= CASES[name].target_minutes
    shares = np.bincount(batch, within)[np.unique(batch)] / np.bincount(batch)[np.unique(batch)]
    return float(shares.std(ddof=1) / math.sqrt(shares.size))


def _des_responses(name: str, meaning: str) -> np.ndarray:
    """ciw's response minutes, message by message, for this meaning."""
    case = CASES[name]
    times = _simulated(name)
    ready = times["picked_up"] if meaning == "pick-up" else times["written"]
    signs_off = np.random.default_rng(case.seed).random(ready.size) < case.approval_share
    approvers = case.people_on_duty if case.approver_hours is None else case.approver_hours
    signed = _working_hours_later(approvers, ready, case.approval_delay_hours)
    return (np.where(signs_off, signed, ready) - times["arrived"]) * 60.0


def _engine_result(name: str) -> tuple[float, float]:
    case = CASES[name]
    week = simulate_week(case.arrivals_per_hour, case.people_on_duty.astype(float),
                         case.handle_seconds, case.target_minutes * 60.0, case.approval_share,
                         case.approval_delay_hours,
                         None if case.approver_hours is None else case.approver_hours * 1.0,
                         case.on_break)
    return week.share_within_target, week.median_response_minutes


@pytest.mark.parametrize("name", list(CASES))
def test_engine_agrees_with_discrete_event_simulation(name: str) -> None:
    """The engine's reply time (pick-up + handle + sign-off) against ciw's."""
    engine_share, engine_median = _engine_result(name)
    des_share, des_median = _des_result(name, "reply")
    assert engine_share == pytest.approx(des_share, abs=SHARE_TOLERANCE), (
        f"{name}: engine {engine_share:.1%} within target, simulation {des_share:.1%} "
        f"(standard error {_des_standard_error(name):.1%})")
    assert engine_median == pytest.approx(
        des_median, rel=MEDIAN_TOLERANCE, abs=MEDIAN_TOLERANCE_MINUTES), (
        f"{name}: engine median {engine_median:.1f} min, simulation {des_median:.1f} min")


def test_pick_up_is_earlier_than_the_reply() -> None:
    """The simulation's two meanings differ by the handle time the engine now counts."""
    case = CASES["sample plan (rota)"]
    pick_up_share, pick_up_median = _des_result("sample plan (rota)", "pick-up")
    reply_share, reply_median = _des_result("sample plan (rota)", "reply")
    assert pick_up_share >= reply_share
    assert reply_median - pick_up_median > 0.5 * case.handle_seconds / 60.0


def test_simulation_sees_every_scenario_stable() -> None:
    """The cases are stable weeks (the engine's numbers exist); overload is 92 % busy."""
    for name, case in CASES.items():
        work = case.arrivals_per_hour.sum() * case.handle_seconds / 3600.0
        assert work < case.people_on_duty.sum(), name


def test_the_samples_readiness_verdict_holds_in_the_simulation() -> None:
    """"Ready" on Commitment means the rota keeps the promise when run message by message."""
    result = evaluate(load_sample_scenario())
    des_share, _ = _des_result("sample plan (rota)", "reply")
    assert result.ready == (des_share >= result.scenario.promise.target_share), (
        f"app says ready={result.ready}; simulation {des_share:.1%} within target, promise "
        f"{result.scenario.promise.target_share:.0%}")


# ---------------------------------------------------------------- real people, real absence


ABSENCE_WEEKS = 200  # simulated weeks after warm-up, each person away at random
ABSENT_SHARE = 0.3
# The engine solves each mix of people present as its own steady week; in the simulation a
# week with someone away leaves a backlog the next week inherits. For one person (a week in
# three with no one) that flatters the engine: seeds 21, 31, 41 gave it 2–4 points more within
# 8 h than ciw, and ciw had answered 45–47 % (not 50 %) by the engine's median. Two and a half
# or three people: within 1.5 points. A looser tolerance than the hour-by-hour cases', said
# here, not hidden; carrying the backlog between the mix's weeks would close it.
ABSENCE_TOLERANCE = 0.05


def _absence_case(fte: float, volume: float) -> tuple[object, np.ndarray, float]:
    from model.rota_team import team_of_people

    scenario = load_sample_scenario()
    today = demand(scenario, [g.current_level for g in scenario.groups])
    team = team_of_people(fte, cover_preset("Office hours"), scenario.rota.shift_rules())
    assert team is not None
    return team, today.arrivals_per_hour * volume, today.handle_seconds


@pytest.mark.parametrize(("fte", "volume", "seed"), [(1.0, 1.0, 21), (3.0, 4.0, 22)])
def test_absence_mix_agrees_with_discrete_event_simulation(fte: float, volume: float,
                                                           seed: int) -> None:
    """Issue 24 §3: a team of real people (Mon–Fri, office hours), each away 30 % of weeks
    at random, week by week in ciw (a backlog left by a week with people away carries into
    the next) against the engine's weighted mix of the weeks each mix of people gives."""
    from model.week_mix import MixedWeek, absence_mix

    team, arrivals, handle_seconds = _absence_case(fte, volume)
    target_minutes = 480.0
    mix = absence_mix(team.groups, ABSENT_SHARE)
    weeks = [simulate_week(arrivals, people.astype(float), handle_seconds, target_minutes * 60)
             if people.sum() else None for _, people in mix]
    full = next(week for (_, people), week in zip(mix, weeks)
                if week is not None and np.array_equal(people, team.rota.people_on_duty))
    engine = MixedWeek(tuple(w for w, _ in mix), tuple(weeks), full)

    # Each person away for exactly 30 % of the weeks, which ones at random (independently of
    # the others): the share of weeks away is then not itself a source of sampling error.
    rng = np.random.default_rng(seed)
    persons = [pattern for pattern, count in team.groups for _ in range(count)]
    total = WARM_UP_WEEKS + ABSENCE_WEEKS + 2
    away = [rng.permutation(np.arange(total) < round(ABSENT_SHARE * total)) for _ in persons]
    on_duty = np.concatenate([
        sum((p * (not gone[week]) for p, gone in zip(persons, away)),
            np.zeros(168, dtype=int)) for week in range(total)])
    ciw.seed(seed)
    RotaNode.leavers = random.Random(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.PoissonIntervals(
            [float(rate) for rate in arrivals], [float(h) for h in range(1, 169)],
            total * 168.0)],
        service_distributions=[ciw.dists.Exponential(rate=3600.0 / handle_seconds)],
        number_of_servers=[_schedule(on_duty)])
    simulation = ciw.Simulation(network, node_class=RotaNode)
    simulation.simulate_until_max_time((total + 8) * 168.0)
    records = [r for r in simulation.get_all_records() if r.record_type == "service"]
    arrived = np.array([r.arrival_date for r in records])
    written = np.array([r.service_end_date for r in records])
    kept = (arrived >= WARM_UP_WEEKS * 168) & (arrived < (total - 2) * 168)
    minutes = (written[kept] - arrived[kept]) * 60
    assert engine.share_within_target == pytest.approx(
        float(np.mean(minutes <= target_minutes)), abs=ABSENCE_TOLERANCE)
    # The mix's median can sit where few replies arrive (between the weeks with everyone in
    # and those with people away): checked as the share the simulation has answered by it.
    assert float(np.mean(minutes <= engine.median_response_minutes)) == pytest.approx(
        0.5, abs=ABSENCE_TOLERANCE)
