"""The plan staffed to the promise runs on a rota of whole people (issue 14 §1–§2)."""

from dataclasses import replace

import numpy as np
import pytest

from model import evaluate
from model.queueing import simulate_week
from model.rota import SAMPLE_SHIFT_RULES, SAMPLE_UNSOCIAL_HOURS
from model.units import WEEKS_PER_YEAR
from model.value import demand


def _to_promise(scenario, **promise):
    return replace(scenario, staffing=replace(scenario.staffing, planned_fte=None),
                   promise=replace(scenario.promise, **promise))


def test_the_rules_in_code_are_the_sample_csvs():
    from sample_data.loader import sample_shift_rules, sample_unsocial_hours

    rules = sample_shift_rules()
    assert SAMPLE_SHIFT_RULES.shift_lengths_hours == (float(rules["shift_paid_hours"]),)
    assert SAMPLE_SHIFT_RULES.unpaid_break_minutes == float(rules["break_minutes"])
    assert rules["break_paid"] == "no"
    assert SAMPLE_SHIFT_RULES.start_hours == tuple(
        int(h) for h in rules["allowed_start_hours"].split(";"))
    assert SAMPLE_SHIFT_RULES.days == tuple(range(7))
    assert SAMPLE_SHIFT_RULES.min_people_on_duty == int(rules["min_people_on_duty"])
    rates = {row["period"]: row for row in sample_unsocial_hours()}
    assert 1 + SAMPLE_UNSOCIAL_HOURS.night_enhancement == rates["night"]["multiplier"]
    assert (SAMPLE_UNSOCIAL_HOURS.night_start_hour, SAMPLE_UNSOCIAL_HOURS.night_end_hour) == (
        rates["night"]["from_hour"], rates["night"]["to_hour"])
    assert 1 + SAMPLE_UNSOCIAL_HOURS.saturday_enhancement == rates["saturday"]["multiplier"]
    assert 1 + SAMPLE_UNSOCIAL_HOURS.sunday_enhancement == rates["sunday"]["multiplier"]


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
    paid = float((result.rota["people"] * SAMPLE_SHIFT_RULES.shift_lengths_hours[0]).sum())
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
    week = simulate_week(need.arrivals_per_hour,
                         result.week["people_on_duty"].to_numpy(dtype=float),
                         need.handle_seconds, promise.response_target_minutes * 60.0,
                         need.approval_share, promise.approval_delay_hours)
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
