"""The surge: the plan's people through an event, checked against the typical week and,
message by message, against ciw (the same reference as tests/model/test_engine_vs_ciw.py:
Poisson arrivals at each hour's rate, whole officers per hour changing shift as a rota does,
exponential handle times, first come first served).

The simulation repeats the event every few weeks, far enough apart that the backlog is back
to normal before the next, and measures the messages that arrive during the events. Where a
case places unpaid breaks, ciw's officers answer by the half hour (on duty, less those on
their break: the plan's rota's, and the surge rota's own on its shifts); where sign-off runs
in the approvers' office hours, ciw's sign-off counts those hours.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from functools import cache

import ciw
import numpy as np
import pytest
from test_engine_vs_ciw import RotaNode, _schedule, _working_hours_later

from model import evaluate, load_sample_scenario
from model import surge as surge_module
from model.queueing import simulate_week
from model.rota_breaks import on_break_of_posts
from model.surge import QueueWeek, Surge, SurgePosts, surge_week
from model.value import demand

HOURS_PER_WEEK = 168
SHARE_TOLERANCE = 0.02
RELATIVE_TOLERANCE = 0.10
WARM_UP_WEEKS = 3


@cache
def _sample_week(approval: bool = False) -> QueueWeek:
    """The issue's reference: the sample's own rota, staffed to its 80 % in 8 h promise."""
    scenario = load_sample_scenario()
    people = evaluate(scenario).week["people_on_duty"].to_numpy().astype(np.int64)
    plan = demand(scenario, [g.target_level for g in scenario.groups])
    return QueueWeek(plan.arrivals_per_hour, people, plan.handle_seconds,
                     plan.approval_share if approval else 0.0,
                     scenario.promise.approval_delay_hours if approval else 0.0,
                     scenario.promise.response_target_minutes)


@cache
def _planned_week(approval: bool = False) -> QueueWeek:
    """The sample's plan as the surge view takes it: its rota with the unpaid breaks where
    its week placed them, sign-off in the approvers' office hours, surge posts on the rota's
    full-time shifts."""
    scenario = load_sample_scenario()
    result = evaluate(scenario)
    week = surge_module._queue_week(
        scenario, [g.target_level for g in scenario.groups],
        result.week["people_on_duty"].to_numpy(), scenario.promise.response_target_minutes,
        breaks=surge_module._breaks_of(scenario, result.plan))
    assert week.on_break is not None and week.on_break.sum() > 0
    assert week.approver_hours is not None and week.posts is not None
    return week if approval else replace(week, approval_share=0.0, approval_delay_hours=0.0)


def _issue_rota_week() -> QueueWeek:
    """The rota the issue's simulation ran: the sample's before part-time shifts (issue 24),
    one person 08:00–20:00 every day and a second 12:00–16:00 where two full shifts overlapped,
    and no triage time (issue 24 added it after)."""
    day = np.zeros(24, dtype=np.int64)
    day[8:20] = 1
    day[12:16] = 2
    scenario = load_sample_scenario()
    plan = demand(scenario, [g.target_level for g in scenario.groups])
    return QueueWeek(plan.arrivals_per_hour, np.tile(day, 7), plan.reply_handle_seconds, 0.0,
                     0.0, scenario.promise.response_target_minutes)


def test_a_surge_of_one_gives_the_typical_week() -> None:
    """×1: the event's messages fare as the same hours of the typical week, and the backlog
    is the typical week's throughout."""
    week = _sample_week(approval=True)
    surge = Surge(start_hour=32, duration_hours=48, multiplier=1.0)
    result = surge_week(week, surge)
    typical = simulate_week(week.arrivals_per_hour, week.people_on_duty.astype(float),
                            week.handle_seconds, week.target_minutes * 60.0,
                            week.approval_share, week.approval_delay_hours)
    assert typical.solved is not None
    cells = slice(32 * 2, 80 * 2)
    within = typical.solved.cell_shares_within(np.array([week.target_minutes]))[cells, 0]
    weights = typical.solved.weight[cells]
    assert result.share_within_target == pytest.approx(within @ weights / weights.sum(),
                                                       abs=1e-4)
    np.testing.assert_allclose(result.backlog, result.typical_backlog, atol=1e-3)
    assert result.hours_to_normal == 0.0
    whole_week = surge_week(week, Surge(start_hour=0, duration_hours=168, multiplier=1.0))
    assert whole_week.share_within_target == pytest.approx(typical.share_within_target,
                                                           abs=1e-4)
    assert whole_week.median_response_minutes == pytest.approx(
        typical.median_response_minutes, rel=1e-3)


@pytest.mark.parametrize("surge", [Surge(start_hour=32, duration_hours=48, multiplier=3.0),
                                   Surge(start_hour=0, duration_hours=24, multiplier=6.0),
                                   Surge(start_hour=160, duration_hours=30, multiplier=2.0)],
                         ids=["Tuesday, 2 days", "Monday 00:00", "over Sunday midnight"])
def test_the_surge_rotas_search_reads_the_share_the_surge_view_shows(surge: Surge) -> None:
    """The surge rota's search asks `event_share_within`, which runs the queue only to the
    event's end and starts it from the typical week's distribution at the event's first
    cell; the surge view runs a week before and the recovery after. What the event's own
    messages meet is the same, so the two shares agree (breaks and sign-off in, each number
    of extra people the search tries)."""
    week = _planned_week(approval=True)
    for extra in (0, 1, 3):
        people = np.full(surge.duration_hours, extra)
        shown = surge_week(week, surge, extra_people=people).share_within_target
        assert surge_module.event_share_within(week, surge, extra_people=people) == (
            pytest.approx(shown, abs=1e-12))


def test_more_messages_fare_worse_and_more_people_better() -> None:
    week = _sample_week()
    results = [surge_week(week, Surge(multiplier=m)) for m in (2.0, 5.0, 10.0)]
    shares = [r.share_within_target for r in results]
    assert shares == sorted(shares, reverse=True)
    assert [r.peak_backlog for r in results] == sorted(r.peak_backlog for r in results)
    helped = surge_week(week, Surge(multiplier=5.0), extra_people=np.full(48, 1))
    assert helped.share_within_target > results[1].share_within_target + 0.1
    assert helped.hours_to_clear < results[1].hours_to_clear


def test_bad_settings_are_named() -> None:
    with pytest.raises(ValueError, match="surge.start_hour"):
        Surge(start_hour=168)
    with pytest.raises(ValueError, match="surge.duration_hours"):
        Surge(duration_hours=169)
    with pytest.raises(ValueError, match="surge.multiplier"):
        Surge(multiplier=0.5)
    with pytest.raises(ValueError, match="surge.events_per_year"):
        Surge(events_per_year=3.0, events_per_year_high=2.0)
    with pytest.raises(ValueError, match="extra_people"):
        surge_week(_sample_week(), Surge(), extra_people=np.full(47, 1))


@dataclass(frozen=True)
class Case:
    week: QueueWeek
    surge: Surge
    every_weeks: int  # one event every this many weeks (the backlog clears between)
    events: int
    seed: int
    extra_people: int = 0


def _larger_week() -> QueueWeek:
    """Five times the sample's messages on four times its rota: the fluid view's range."""
    week = _sample_week()
    return replace(week, arrivals_per_hour=week.arrivals_per_hour * 5,
                   people_on_duty=week.people_on_duty * 4)


CASES = {
    "5× for 48 h (issue's reference)": Case(_sample_week(), Surge(multiplier=5.0), 2, 40, 31),
    "5×, breaks, office-hours sign-off, one more on shifts": Case(
        _planned_week(approval=True), Surge(multiplier=5.0), 2, 30, 36, 1),
    "20× for 48 h": Case(_sample_week(), Surge(multiplier=20.0), 4, 12, 32),
    "3× Saturday 24 h, sign-off": Case(_sample_week(approval=True),
                                        Surge(start_hour=5 * 24, duration_hours=24,
                                              multiplier=3.0), 1, 60, 33),
    "5× with one more on duty": Case(_sample_week(), Surge(multiplier=5.0), 2, 30, 34, 1),
    "5× at five times the volume (fluid)": Case(_larger_week(), Surge(multiplier=5.0), 2, 8,
                                                 35),
}


def _rates(case: Case, weeks: int) -> tuple[list[float], np.ndarray, np.ndarray]:
    """Over the whole run, with the events in: hourly arrival rates, the officers answering
    each half hour (on duty less those on a break) and those on duty each hour."""
    rates = np.tile(case.week.arrivals_per_hour, weeks)
    answering = np.tile(case.week.answering, weeks)
    on_duty = np.tile(case.week.people_on_duty, weeks)
    surge = case.surge
    extra = np.full(surge.duration_hours, case.extra_people)
    _, extra_answering = surge_module._inputs(case.week, surge, None, extra)
    for k in range(case.events):
        first = (WARM_UP_WEEKS + k * case.every_weeks) * HOURS_PER_WEEK + surge.start_hour
        rates[first: first + surge.duration_hours] *= surge.multiplier
        on_duty[first: first + surge.duration_hours] += case.extra_people
        answering[2 * first: 2 * (first + surge.duration_hours)] += extra_answering
    return [float(r) for r in rates], answering, on_duty


@cache
def _simulated(name: str) -> dict[str, np.ndarray]:
    case = CASES[name]
    weeks = WARM_UP_WEEKS + case.events * case.every_weeks + 2
    rates, answering, on_duty = _rates(case, weeks)
    ciw.seed(case.seed)
    RotaNode.leavers = random.Random(case.seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.PoissonIntervals(
            rates, [float(h) for h in range(1, len(rates) + 1)], float(len(rates)))],
        service_distributions=[ciw.dists.Exponential(rate=3600.0 / case.week.handle_seconds)],
        number_of_servers=[_schedule(answering.astype(int), 2)],
    )
    simulation = ciw.Simulation(network, node_class=RotaNode)
    simulation.simulate_until_max_time(float(weeks + 4) * HOURS_PER_WEEK)
    records = [r for r in simulation.get_all_records() if r.record_type == "service"]
    arrived = np.array([r.arrival_date for r in records])
    offset = (arrived - WARM_UP_WEEKS * HOURS_PER_WEEK) % (case.every_weeks * HOURS_PER_WEEK)
    round_ = (arrived - WARM_UP_WEEKS * HOURS_PER_WEEK) // (case.every_weeks * HOURS_PER_WEEK)
    surge = case.surge
    during = ((offset >= surge.start_hour) & (offset < surge.end_hour) & (round_ >= 0)
              & (round_ < case.events))
    assert during.sum() > 0.8 * case.events * surge.duration_hours * np.mean(
        case.week.arrivals_per_hour) * surge.multiplier * 0.5, "too few event messages"
    picked = np.array([r.service_start_date for r in records])
    written = np.array([r.service_end_date for r in records])
    # Under first come first served a message arriving as the event ends is picked up once
    # everything before it has been: the last pick-up of the event's messages, per event.
    event_ends = [(WARM_UP_WEEKS + k * case.every_weeks) * HOURS_PER_WEEK + surge.end_hour
                  for k in range(case.events)]
    last_waits = [picked[during & (round_ == k)].max() - end
                  for k, end in enumerate(event_ends)]
    signs_off = np.random.default_rng(case.seed).random(written.size) < case.week.approval_share
    sign_off_hours = (on_duty if case.week.approver_hours is None
                      else case.week.approver_hours.astype(int))
    signed = _working_hours_later(sign_off_hours, written, case.week.approval_delay_hours)
    reached = np.where(signs_off, signed, written)
    return {"response_minutes": (reached - arrived)[during] * 60.0,
            "last_wait_hours": np.maximum(np.array(last_waits), 0.0)}


@pytest.mark.parametrize("name", list(CASES))
def test_surge_agrees_with_discrete_event_simulation(name: str) -> None:
    case = CASES[name]
    extra = np.full(case.surge.duration_hours, case.extra_people)
    engine = surge_week(case.week, case.surge, extra_people=extra)
    simulated = _simulated(name)
    share = float(np.mean(simulated["response_minutes"] <= case.week.target_minutes))
    median = float(np.median(simulated["response_minutes"]))
    last_wait = float(np.mean(simulated["last_wait_hours"]))
    assert engine.share_within_target == pytest.approx(share, abs=SHARE_TOLERANCE), (
        f"{name}: engine {engine.share_within_target:.1%}, simulation {share:.1%}")
    assert engine.median_response_minutes == pytest.approx(median, rel=RELATIVE_TOLERANCE,
                                                           abs=1.0), (
        f"{name}: engine median {engine.median_response_minutes:.0f} min, "
        f"simulation {median:.0f} min")
    assert engine.hours_to_clear == pytest.approx(last_wait, rel=RELATIVE_TOLERANCE,
                                                  abs=0.25), (
        f"{name}: engine {engine.hours_to_clear:.1f} h to clear, simulation "
        f"{last_wait:.1f} h ({simulated['last_wait_hours'].size} messages)")


def test_the_issue_reference_figures() -> None:
    """The issue's independent simulation: 5× from Tuesday 08:00 for 48 h gets about 51 %
    within 8 h, a median near 7.6 h and about 14 h to pick up the last; 20× about 7 % and
    over a week to clear."""
    five = surge_week(_issue_rota_week(), Surge(multiplier=5.0))
    assert five.typical_share_within_target == pytest.approx(0.847, abs=0.002)
    assert five.share_within_target == pytest.approx(0.51, abs=0.02)
    assert five.median_response_minutes / 60 == pytest.approx(7.6, rel=0.1)
    assert five.hours_to_clear == pytest.approx(14.0, rel=0.1)
    twenty = surge_week(_issue_rota_week(), Surge(multiplier=20.0))
    assert twenty.share_within_target == pytest.approx(0.07, abs=0.02)
    assert twenty.hours_to_clear > HOURS_PER_WEEK
    assert not math.isnan(twenty.median_response_minutes)


@pytest.mark.parametrize(("volume", "people", "multiplier"), [
    (1, 1, 5.0), (1, 1, 10.0), (1, 1, 20.0), (5, 4, 5.0), (5, 4, 10.0)])
def test_the_fluid_view_agrees_with_the_exact_engine_where_both_run(
        volume: int, people: int, multiplier: float) -> None:
    """Near and above the switch (FLUID_FROM_ARRIVALS_PER_CELL) the two agree within 1.5
    points and 10 % of the wait of the last message (the fluid leaves out chance, so it
    is a little kinder to the last message at the sample's own size)."""
    week = _sample_week(approval=True)
    week = replace(week, arrivals_per_hour=week.arrivals_per_hour * volume,
                   people_on_duty=week.people_on_duty * people)
    surge = Surge(multiplier=multiplier)
    share, extra = surge_module._inputs(week, surge, None, None)
    typical = surge_module._typical(week)
    fluid = surge_module._fluid_week(week, surge, share, extra, typical.share_within_target)
    event = surge_module._event(week, typical, surge, share, extra)
    exact_share = float(event.solved.share_within(np.array([week.target_minutes]))[0])
    last_cell = (surge.end_hour * 2 - 1) % (HOURS_PER_WEEK * 2)
    exact_clear = surge_module._expected_pick_up_hours(event.solved, last_cell,
                                                       week.handle_seconds)
    assert fluid.share_within_target == pytest.approx(exact_share, abs=0.015)
    assert fluid.hours_to_clear == pytest.approx(exact_clear, rel=0.10, abs=4.0)


def test_the_switch_to_the_fluid_view_is_by_the_events_busiest_half_hour() -> None:
    week = _sample_week()
    assert surge_week(week, Surge(multiplier=5.0)).method == "exact"
    assert surge_week(week, Surge(multiplier=20.0)).method == "fluid"


def test_a_surge_of_one_with_breaks_gives_the_typical_week_with_its_breaks() -> None:
    """The horizon places the typical week's breaks in its cells: ×1 over a whole week gives
    the typical week the engine solves with them, and not the week without them (at an
    hour's promise, where the sample's breaks show)."""
    week = replace(_planned_week(approval=True), target_minutes=60.0)
    whole_week = surge_week(week, Surge(start_hour=0, duration_hours=168, multiplier=1.0))

    def typical(breaks: np.ndarray | None) -> float:
        return simulate_week(week.arrivals_per_hour, week.people_on_duty.astype(float),
                             week.handle_seconds, 3600.0, week.approval_share,
                             week.approval_delay_hours, week.approver_hours,
                             breaks).share_within_target

    with_breaks, without = typical(week.on_break), typical(None)
    assert with_breaks < without - 5e-4
    assert whole_week.typical_share_within_target == pytest.approx(with_breaks, abs=1e-9)
    assert whole_week.share_within_target == pytest.approx(with_breaks, abs=1e-4)


def test_breaks_slow_the_plans_team_through_the_event() -> None:
    """A break in a flood is half an hour of a saturated team's capacity gone: fewer of the
    event's messages in time, a later median and a longer wait for the last (exact run, and
    the fluid view at five times the volume)."""
    planned = _planned_week()
    for week, multiplier in ((planned, 5.0), (replace(
            planned, arrivals_per_hour=planned.arrivals_per_hour * 5,
            people_on_duty=planned.people_on_duty * 4,
            on_break=planned.on_break * 4), 5.0)):
        with_breaks = surge_week(week, Surge(multiplier=multiplier))
        without = surge_week(replace(week, on_break=None), Surge(multiplier=multiplier))
        assert with_breaks.share_within_target < without.share_within_target - 0.002
        assert with_breaks.median_response_minutes > without.median_response_minutes
        assert with_breaks.hours_to_clear > without.hours_to_clear


def test_a_surge_post_works_the_rotas_shifts_and_takes_their_breaks() -> None:
    """A post through 48 hours on 7.5-hour shifts is six shifts of eight hours on duty, each
    with its half-hour break within an hour of its middle; a second post breaks at other
    times; without a break in the rules it is seven shifts of seven hours' cover."""
    week = _planned_week()
    posts = week.posts
    assert posts is not None and posts.shifts(48) == 6
    no_break = replace(posts.rules, unpaid_break_minutes=0.0)
    assert SurgePosts(7.5, no_break).shifts(48) == 7
    one = on_break_of_posts(np.full(48, 1), 32, week.answering, 7.5, posts.rules)
    assert one.sum() == 6
    for shift in range(6):
        cells = np.flatnonzero(one[shift * 16:(shift + 1) * 16])
        assert cells.size == 1 and 8 - 1 - 2 <= cells[0] <= 8 + 2
    two = on_break_of_posts(np.full(48, 2), 32, week.answering, 7.5, posts.rules)
    assert two.sum() == 12 and two.max() == 1


def test_the_surge_rotas_breaks_cost_it_answers() -> None:
    """The same extra people answer fewer in time when they take their breaks (an hour's
    promise, where half an hour matters)."""
    week = replace(_planned_week(), target_minutes=60.0)
    extra = np.full(48, 1)
    on_shifts = surge_week(week, Surge(multiplier=5.0), extra_people=extra)
    every_minute = surge_week(replace(week, posts=None), Surge(multiplier=5.0),
                              extra_people=extra)
    assert on_shifts.share_within_target < every_minute.share_within_target - 0.005


@pytest.mark.parametrize(("volume", "extra_people", "method"), [(1, 0, "exact"),
                                                                (5, 2, "fluid")])
def test_sign_off_waits_for_the_approvers_hours_through_the_event(
        volume: int, extra_people: int, method: str) -> None:
    """Sign-off in the approvers' office hours, not whenever the team is on duty: fewer of
    the event's messages reach people in time (the sample's plan at 5×, run exactly; at five
    times the volume on four times the people and two more on duty, the fluid view)."""
    planned = _planned_week(approval=True)
    assert planned.on_break is not None
    week = replace(planned, arrivals_per_hour=planned.arrivals_per_hour * volume,
                   people_on_duty=planned.people_on_duty * (4 if volume > 1 else 1),
                   on_break=planned.on_break * (4 if volume > 1 else 1))
    surge, extra = Surge(multiplier=5.0), np.full(48, extra_people)
    office = surge_week(week, surge, extra_people=extra)
    team = surge_week(replace(week, approver_hours=None), surge, extra_people=extra)
    assert office.method == method
    assert office.share_within_target < team.share_within_target - 0.002
