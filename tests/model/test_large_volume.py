"""The large-volume queue approximation checked message by message against ciw.

At 20,000 and 50,000 messages a week (a county's volume) the engine chooses the large-volume
method by itself; ciw (the same reference as tests/model/test_engine_vs_ciw.py: rota-style
shift changes, sign-off in working hours) runs the same week message by message. The share
within target must agree within 1 point and the median within 10 %, with and without the
plan's unpaid breaks placed (ciw's officers then go off for their break and come back).

To keep the suite quick the simulation is seeded and short: one week of warm-up (the backlog
of a staffed week empties every day) and two measured weeks, 40,000 to 100,000 messages.
"""

from __future__ import annotations

import pickle
import random
import time
from dataclasses import replace
from functools import cache

import ciw
import numpy as np
import pytest
from test_engine_vs_ciw import RotaNode, _schedule, _working_hours_later

from model import evaluate, load_sample_scenario
from model.erlang import erlang_b
from model.large_volume import EXACT_METHOD, LARGE_VOLUME_METHOD, method_for
from model.queueing import CELLS_PER_HOUR, WeekResult, simulate_week
from model.rota_breaks import on_break
from model.scenario import Scenario
from model.value import demand

HOURS_PER_WEEK = 168
WARM_UP_WEEKS = 1
MEASURED_WEEKS = 2
SHARE_TOLERANCE = 0.01
MEDIAN_TOLERANCE = 0.10
WEEKLY_VOLUMES = (20_000, 50_000)


def _one_large_group(messages_per_week: float) -> Scenario:
    """The issue's case: one group, reach 30 %, 2 messages a follower a year, Inform →
    Consult, its population set so the plan brings `messages_per_week` replies a week."""
    sample = load_sample_scenario()
    group = replace(sample.groups[0], group="Everyone", population=1_000_000,
                    reach_share=0.30, messages_per_follower_per_year=2.0,
                    current_level="Inform", target_level="Consult", part_of="")
    scenario = replace(sample, groups=(group,))
    per_million = demand(scenario, ["Consult"]).arrivals_per_hour.sum()
    population = round(1_000_000 * messages_per_week / per_million)
    return replace(scenario, groups=(replace(group, population=population),))


@cache
def _case(messages_per_week: float) -> dict[str, object]:
    scenario = _one_large_group(messages_per_week)
    result = evaluate(scenario)
    need = demand(scenario, ["Consult"])
    rota = result.plan.rota
    assert rota is not None
    breaks = on_break(rota.shifts, rota.people_on_duty, scenario.rota.shift_rules())
    assert breaks.sum() > 0, "the plan's rota has shifts long enough for a break"
    return {"arrivals": need.arrivals_per_hour, "handle_seconds": need.handle_seconds,
            "approval_share": need.approval_share,
            "delay_hours": scenario.promise.approval_delay_hours,
            "target_minutes": scenario.promise.response_target_minutes,
            "people": result.week["people_on_duty"].to_numpy().astype(int),
            "on_break": breaks}


def _engine_week(messages_per_week: float, breaks: bool) -> WeekResult:
    case = _case(messages_per_week)
    return simulate_week(case["arrivals"], case["people"].astype(float),
                         case["handle_seconds"], case["target_minutes"] * 60.0,
                         case["approval_share"], case["delay_hours"],
                         on_break=case["on_break"] if breaks else None)


@cache
def _simulated_minutes(messages_per_week: float, breaks: bool = False) -> np.ndarray:
    """ciw's reply minutes (pick-up + handle + sign-off) for the measured weeks' messages,
    the officers answering in each half hour (on duty, less any on a break)."""
    case = _case(messages_per_week)
    arrivals, people = case["arrivals"], case["people"]
    answering = np.repeat(people, CELLS_PER_HOUR) - (case["on_break"] if breaks else 0)
    weeks = WARM_UP_WEEKS + MEASURED_WEEKS
    seed = int(messages_per_week)
    ciw.seed(seed)
    RotaNode.leavers = random.Random(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.PoissonIntervals(
            [float(rate) for rate in arrivals],
            [float(hour) for hour in range(1, HOURS_PER_WEEK + 1)],
            weeks * float(HOURS_PER_WEEK))],
        service_distributions=[ciw.dists.Exponential(rate=3600.0 / case["handle_seconds"])],
        number_of_servers=[_schedule(answering, CELLS_PER_HOUR)],
    )
    simulation = ciw.Simulation(network, node_class=RotaNode)
    simulation.simulate_until_max_time((weeks + 1) * float(HOURS_PER_WEEK))
    records = [r for r in simulation.get_all_records() if r.record_type == "service"]
    arrived = np.array([r.arrival_date for r in records])
    written = np.array([r.service_end_date for r in records])
    kept = (arrived >= WARM_UP_WEEKS * HOURS_PER_WEEK) & (arrived < weeks * HOURS_PER_WEEK)
    assert kept.sum() > 0.95 * MEASURED_WEEKS * arrivals.sum(), "messages left unserved"
    arrived, written = arrived[kept], written[kept]
    signs_off = np.random.default_rng(seed).random(written.size) < case["approval_share"]
    signed = _working_hours_later(people, written, case["delay_hours"])
    return (np.where(signs_off, signed, written) - arrived) * 60.0


@pytest.mark.parametrize(("messages_per_week", "breaks"), [
    *((volume, False) for volume in WEEKLY_VOLUMES), (WEEKLY_VOLUMES[0], True)])
def test_large_volume_week_agrees_with_discrete_event_simulation(
        messages_per_week: float, breaks: bool) -> None:
    case = _case(messages_per_week)
    week = _engine_week(messages_per_week, breaks)
    assert week.method == LARGE_VOLUME_METHOD
    minutes = _simulated_minutes(messages_per_week, breaks)
    des_share = float(np.mean(minutes <= case["target_minutes"]))
    des_median = float(np.median(minutes))
    assert week.share_within_target == pytest.approx(des_share, abs=SHARE_TOLERANCE), (
        f"{messages_per_week:,} a week: engine {week.share_within_target:.1%} within target, "
        f"simulation {des_share:.1%}")
    assert week.median_response_minutes == pytest.approx(des_median, rel=MEDIAN_TOLERANCE), (
        f"{messages_per_week:,} a week: engine median {week.median_response_minutes:.1f} min, "
        f"simulation {des_median:.1f} min")


def test_the_sample_district_is_solved_exactly() -> None:
    """The approximation never touches a district's week: the sample's figures stay exact."""
    result = evaluate(load_sample_scenario())
    assert result.plan.week is not None and result.plan.week.method == EXACT_METHOD
    assert result.baseline.week is not None and result.baseline.week.method == EXACT_METHOD


def test_method_switches_on_the_busiest_half_hour_and_the_team() -> None:
    """Named in the result: exact below the switch or for a small team, else large-volume."""
    quiet, team = np.full(HOURS_PER_WEEK, 10.0), np.full(HOURS_PER_WEEK, 20)
    assert method_for(quiet, team, CELLS_PER_HOUR) == EXACT_METHOD
    assert method_for(quiet * 20, team, CELLS_PER_HOUR) == LARGE_VOLUME_METHOD
    assert method_for(quiet * 20, np.full(HOURS_PER_WEEK, 3), CELLS_PER_HOUR) == EXACT_METHOD


def test_erlang_b_from_a_warm_start_matches_the_full_recursion() -> None:
    """The recursion begun near the traffic (cost √traffic) agrees with one begun at one
    agent, from a district's hour to a national agency's."""
    for traffic in (0.5, 40.0, 900.0, 250_000.0):
        for agents in (1, int(traffic / 2) + 1, int(traffic) + 1, int(traffic * 1.3) + 5):
            blocking = 1.0
            for k in range(1, agents + 1):
                blocking = traffic * blocking / (k + traffic * blocking)
            assert erlang_b(traffic, agents) == pytest.approx(blocking, rel=1e-12, abs=1e-30)


def test_the_largest_group_the_bounds_allow_evaluates_in_seconds() -> None:
    """70 million people, all following, 100 messages a year each, Empower: 400 million
    messages a week. It used to run for hours; now it takes seconds, and since no rota the
    staffing search builds (model.rota_staffing.MAX_SHIFTS, about 4,000 FTE) answers that
    many, the plan says plainly that it cannot keep its promise."""
    sample = load_sample_scenario()
    group = replace(sample.groups[0], group="Everyone", population=70_000_000, reach_share=1.0,
                    messages_per_follower_per_year=100.0, current_level="Inform",
                    target_level="Empower", part_of="")
    start = time.perf_counter()
    result = evaluate(replace(sample, groups=(group,)))
    assert time.perf_counter() - start < 30.0
    assert result.plan.week is not None and not result.plan.week.stable
    assert not result.ready


def test_a_county_sized_group_is_staffed_in_seconds() -> None:
    """One group bringing 200,000 messages a week under the plan (issue 29's largest case):
    its evaluate staffs a team of about 1,400 people, and the staffing search places every
    trial rota's breaks. Placing them a person at a time in Python took 16 s here; the
    issue's target is 2 s on this machine, allowed 8 s beside other tests."""
    sample = load_sample_scenario()
    evaluate(sample)  # compiled loops loaded, so only the group's own work is timed
    group = replace(sample.groups[0], group="Everyone", reach_share=0.30, part_of="",
                    messages_per_follower_per_year=2.0, current_level="Inform",
                    target_level="Consult")
    invite = sample.level("Consult").invite_multiplier
    people = round(200_000 * 52.0 / (0.30 * 2.0 * invite))
    scenario = replace(sample, groups=(replace(group, population=people),),
                       staffing=replace(sample.staffing, planned_fte=None))
    start = time.perf_counter()
    result = evaluate(scenario)
    assert time.perf_counter() - start < 8.0
    assert result.fte_required > 100 and result.plan.week is not None


def test_a_large_week_can_be_pickled_into_the_apps_cache() -> None:
    """Streamlit's cache pickles every result: a large week's must survive it unchanged."""
    case = _case(20_000)
    week = simulate_week(case["arrivals"], case["people"].astype(float), case["handle_seconds"],
                         case["target_minutes"] * 60.0)
    copied = pickle.loads(pickle.dumps(week))
    assert copied.median_response_minutes == week.median_response_minutes
    assert copied.share_within(np.array([60.0])) == pytest.approx(week.share_within(60.0))


def test_the_staffing_searchs_check_of_a_large_week_is_the_engines_own_share() -> None:
    """The staffing search checks a trial week the large-volume method solves by its share
    alone (`model.week_checks`), skipping the hourly tables: the share must be the very one
    `simulate_week` gives, with breaks placed and sign-off, or a decision could differ."""
    from model.week_checks import WeekChecks
    case = _case(WEEKLY_VOLUMES[0])
    week = _engine_week(WEEKLY_VOLUMES[0], breaks=True)
    assert week.method == LARGE_VOLUME_METHOD
    checks = WeekChecks(case["arrivals"], case["handle_seconds"], case["target_minutes"] * 60.0,
                        0.8, case["approval_share"], case["delay_hours"])
    share, stable = checks.check(case["people"], case["on_break"])
    assert stable and share == week.share_within_target
