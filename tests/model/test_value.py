"""Properties of the value model that a decision depends on."""

import json
from dataclasses import replace

import numpy as np
import pytest

from model import Scenario, break_even, evaluate, frontier, monte_carlo
from model.calibrate import apply_inbox, today_inbound_per_week
from present import words


def with_promise(scenario, **changes):
    return replace(scenario, promise=replace(scenario.promise, **changes))


def with_staffing(scenario, **changes):
    return replace(scenario, staffing=replace(scenario.staffing, **changes))


def test_npv_equals_the_sum_of_discounted_annual_flows(sample):
    result = evaluate(sample)
    assert result.annual["pv_net_gbp"].sum() == pytest.approx(result.npv_gbp, rel=1e-9)
    assert result.by_group["net_gbp"].sum() == pytest.approx(result.npv_gbp, rel=1e-9)


def test_raising_a_groups_target_level_raises_inbound_and_staff(sample):
    solved = with_staffing(sample, planned_fte=None)
    before = evaluate(solved)
    after = evaluate(solved.with_targets({"Residents": "Involve"}))
    assert after.inbound_per_week > before.inbound_per_week
    # Whole people on a rota: a little more work may fit the people already on duty.
    assert after.fte_required >= before.fte_required
    top = solved.levels[-1].name
    busiest = evaluate(solved.with_targets({g.group: top for g in solved.groups}))
    assert busiest.fte_required > before.fte_required


def test_a_faster_promise_never_lowers_cost(sample):
    table = frontier(sample, np.geomspace(30, 2880, 25))
    possible = table[table["achievable"]].sort_values("target_minutes")
    assert len(possible) >= 5
    assert np.all(np.diff(possible["fte_required"].to_numpy()) <= 1e-9)


def test_benefit_falls_when_replies_come_later_than_people_expect(sample):
    fast = evaluate(with_staffing(sample, planned_fte=4.0))
    slow = evaluate(with_staffing(sample, planned_fte=2.0))
    assert slow.median_response_minutes > fast.median_response_minutes
    assert slow.meets_expectation_share < fast.meets_expectation_share
    avoided = "Calls and visits avoided"
    assert slow.annual[avoided].sum() < fast.annual[avoided].sum()


def test_too_few_staff_is_flagged_not_ready_in_plain_words(sample):
    # Approvers on the team's hours: with the sample's office-hours approvers no team keeps
    # the promise, so no team would read ready.
    sample = replace(sample, promise=replace(sample.promise, approver_cover=None))
    short = evaluate(with_staffing(sample, planned_fte=1.2))
    assert not short.ready
    assert "questions a week" in words.readiness_text(short.readiness)
    enough = evaluate(with_staffing(sample, planned_fte=short.fte_required + 0.5))
    assert enough.ready


def test_scenario_survives_a_json_round_trip_exactly(sample):
    text = json.dumps(sample.to_dict())
    assert Scenario.from_dict(json.loads(text)) == sample
    assert json.dumps(Scenario.from_dict(json.loads(text)).to_dict()) == text


def test_monte_carlo_is_reproducible_with_a_seed(sample):
    first = monte_carlo(sample, draws=2_000, seed=7)
    again = monte_carlo(sample, draws=2_000, seed=7)
    other = monte_carlo(sample, draws=2_000, seed=8)
    assert np.array_equal(first.npv_gbp, again.npv_gbp)
    assert not np.array_equal(first.npv_gbp, other.npv_gbp)
    assert first.p10_gbp <= first.p50_gbp <= first.p90_gbp


def test_with_every_range_collapsed_each_draw_equals_the_deterministic_npv(sample):
    collapsed = replace(sample, uncertainty=tuple(
        replace(u, low_factor=1.0, high_factor=1.0) for u in sample.uncertainty))
    draws = monte_carlo(collapsed, draws=500).npv_gbp
    assert np.allclose(draws, evaluate(collapsed).npv_gbp, rtol=1e-9)


def test_the_sample_is_not_tuned_and_break_even_says_what_would_change_it(sample):
    """With SOCITM unit costs the sample plan does not pay in cash: the honest answer."""
    result = evaluate(sample)
    table = break_even(sample)
    if result.npv_gbp < 0:
        assert table["break_even_value"].notna().any()
        assert words.break_even_sentences(table).str.contains("pays if").any()
        phone = table.set_index("assumption").loc["phone_contact_gbp"]
        assert phone["break_even_value"] > phone["today_value"]
        priced = replace(sample, economics=sample.economics.with_contact_prices(
            {"phone": phone["break_even_value"]}))
        assert evaluate(priced).npv_gbp == pytest.approx(0, abs=500)


def test_an_inbox_export_recalibrates_todays_volume_and_week_shape(sample):
    profile = np.zeros(168)
    profile[9:17] = 1
    fitted = apply_inbox(sample, 500.0, profile)
    assert today_inbound_per_week(fitted) == pytest.approx(500.0)
    assert sum(fitted.arrival_profile[9:17]) == pytest.approx(1.0)
