"""The plan staffed to the promise runs on a rota of whole people (issue 14 §1–§2)."""

from dataclasses import replace

import numpy as np
import pytest

from model import evaluate, frontier
from model.queueing import simulate_week
from model.rota import RotaRules
from model.rota_breaks import on_break
from model.scenario import Scenario
from model.units import WEEKS_PER_YEAR
from model.value import demand, plan_staffed


def _to_promise(scenario, **promise):
    return replace(scenario, staffing=replace(scenario.staffing, planned_fte=None),
                   promise=replace(scenario.promise, **promise))


def test_the_defaults_in_code_are_the_samples_rota_settings(sample):
    """Scenarios saved before the rota load with the sample's rules (RotaRules' defaults)."""
    assert RotaRules() == sample.rota
    data = sample.to_dict()
    del data["rota"]
    assert Scenario.from_dict(data).rota == sample.rota


def test_the_rota_rules_round_trip_and_bad_ones_name_the_field(sample):
    night_shifts = replace(sample, rota=replace(sample.rota, earliest_start_hour=0,
                                                latest_start_hour=23, min_people_on_duty=2))
    assert Scenario.from_dict(night_shifts.to_dict()) == night_shifts
    with pytest.raises(ValueError, match=r"rota.latest_start_hour = 6"):
        replace(sample.rota, latest_start_hour=6)
    with pytest.raises(ValueError, match=r"rota.shift_paid_hours = 20"):
        replace(sample.rota, shift_paid_hours=20)


def test_two_people_on_duty_at_least_staffs_every_cover_hour_twice(sample):
    scenario = _to_promise(sample)
    two = replace(scenario, rota=replace(scenario.rota, min_people_on_duty=2))
    one_result, two_result = evaluate(scenario), evaluate(two)
    week = two_result.week
    assert (week["people_on_duty"][week["cover"] == 1] >= 2).all()
    assert two_result.fte_required > one_result.fte_required


def test_a_night_rate_nobody_works_costs_nothing_and_a_weekend_rate_does(sample):
    """Extended cover is 08:00–20:00: a night rate does not touch the pay, a weekend one does."""
    scenario = _to_promise(sample)
    base = evaluate(scenario).plan.staff_pay_factor
    no_nights = evaluate(replace(scenario, rota=replace(scenario.rota, night_enhancement=0.9)))
    dearer_weekends = evaluate(replace(scenario, rota=replace(scenario.rota,
                                                              saturday_enhancement=1.0)))
    assert no_nights.plan.staff_pay_factor == pytest.approx(base)
    assert dearer_weekends.plan.staff_pay_factor > base
    assert dearer_weekends.npv_gbp < evaluate(scenario).npv_gbp


def test_a_faster_promise_adds_people_once_demand_is_above_the_floor(sample):
    """Three times the sample's messages, round the clock: a 10-minute promise needs more
    people-hours than a day's, which the floor (one person, and the occupancy
    limit at the peaks) already keeps."""
    busy = replace(sample, groups=tuple(
        replace(g, messages_per_follower_per_year=3 * g.messages_per_follower_per_year)
        for g in sample.groups))
    slow = evaluate(_to_promise(busy, response_target_minutes=1440.0, target_share=0.55,
                                cover_preset="24/7", cover=(1,) * 168))
    fast = evaluate(_to_promise(busy, response_target_minutes=10.0, target_share=0.55,
                                cover_preset="24/7", cover=(1,) * 168))
    assert fast.ready and slow.ready
    assert fast.week["people_on_duty"].sum() > slow.week["people_on_duty"].sum()
    assert fast.fte_required > slow.fte_required


def test_the_sample_plan_has_whole_people_in_every_cover_hour(sample):
    result = evaluate(_to_promise(sample))
    week = result.week
    on_duty = week["people_on_duty"].to_numpy()
    assert np.issubdtype(on_duty.dtype, np.integer)
    assert (on_duty[week["cover"] == 1] >= 1).all()
    assert (on_duty[week["cover"] == 0] == 0).all()
    assert not result.rota.empty
    assert result.rota["people"].sum() > 0


def test_fte_required_is_the_rotas_fte_from_its_paid_hours(sample):
    scenario = _to_promise(sample)
    result = evaluate(scenario)
    rota, staffing = result.plan.rota, scenario.staffing
    assert rota is not None
    paid = float((result.rota["people"] * result.rota["paid_hours"]).sum())
    assert rota.paid_hours_per_week == pytest.approx(paid)
    rota_fte = paid / (staffing.contract_hours_per_week * (1 - staffing.shrinkage))
    # Proactive work goes in the rota's idle time; only what does not fit adds FTE.
    hourly = result.plan.week.hourly
    proactive = float(result.plan.proactive_hours_per_year.sum()) / WEEKS_PER_YEAR
    _, left_over = rota.proactive_fit(proactive, hourly["occupancy"] * hourly["agents"])
    beyond_fte = left_over / (staffing.contract_hours_per_week * (1 - staffing.shrinkage))
    assert result.fte_required == pytest.approx(rota_fte + beyond_fte)
    assert result.fte_planned == pytest.approx(result.fte_required)


def test_the_share_reported_is_the_engines_on_the_rota(sample):
    scenario = _to_promise(sample)
    result = evaluate(scenario)
    need = demand(scenario, [g.target_level for g in scenario.groups])
    promise = scenario.promise
    rota = plan_staffed(scenario).rota  # its unpaid breaks placed, as the plan's week has them
    week = simulate_week(need.arrivals_per_hour,
                         result.week["people_on_duty"].to_numpy(dtype=float),
                         need.handle_seconds, promise.response_target_minutes * 60.0,
                         need.approval_share, promise.approval_delay_hours,
                         np.asarray(promise.approver_cover, dtype=float),  # their own hours
                         on_break(rota.shifts, rota.people_on_duty, scenario.rota.shift_rules()))
    assert result.share_within_target == pytest.approx(week.share_within_target)
    assert result.ready == (week.share_within_target >= promise.target_share)


def test_a_faster_promise_never_lowers_the_rotas_fte(sample):
    slow = evaluate(_to_promise(sample, response_target_minutes=480.0))
    fast = evaluate(_to_promise(sample, response_target_minutes=120.0))
    assert fast.fte_required >= slow.fte_required - 1e-9


def test_weekend_and_night_hours_cost_more_than_plain_time(sample):
    result = evaluate(_to_promise(sample))
    weekend = np.asarray(result.scenario.promise.cover).reshape(7, 24)[5:].any()
    assert (result.plan.staff_pay_factor > 1.0) == bool(weekend)


def test_a_fixed_team_has_no_rota_and_rounds_its_agents_up(sample):
    scenario = replace(sample, staffing=replace(sample.staffing, planned_fte=3.0))
    result = evaluate(scenario)
    assert result.rota.empty
    agents = result.week["agents"].to_numpy()
    assert (result.week["people_on_duty"].to_numpy() == np.ceil(agents - 1e-9)).all()


def test_the_frontier_at_the_plans_own_promise_is_the_plan(sample):
    """The speed-vs-cost chart and the headline figures agree: both staff on the rota."""
    result = evaluate(_to_promise(sample))
    point = frontier(sample, [sample.promise.response_target_minutes]).iloc[0]
    assert point["fte_required"] == pytest.approx(result.fte_required)
    assert point["npv_gbp"] == pytest.approx(result.npv_gbp)
    assert bool(point["achievable"]) == result.ready
