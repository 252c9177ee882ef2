"""The options a board chooses between: stay, do the minimum, recommended, as set."""

from __future__ import annotations

from dataclasses import replace

import pytest

import model
from model import Scenario
from model import options as op
from model import recommend as rec
from model.units import WEEKS_PER_YEAR
from present import decision

PROMISES = (480.0, 1440.0, 4320.0)
COVERS = ("Office hours", "Extended")


def limits_for(scenario: Scenario, max_fte: float | None = None) -> rec.Limits:
    return rec.Limits(max_fte=max_fte,
                      min_levels=tuple((g.group, g.current_level) for g in scenario.groups),
                      promises_minutes=PROMISES, covers=COVERS)


def options_for(scenario: Scenario, max_fte: float | None = None) -> op.Options:
    limits = limits_for(scenario, max_fte)
    return op.options(model.evaluate(scenario), rec.best_plan(scenario, limits), limits,
                      model.evaluate)


@pytest.fixture(scope="module")
def sample_options(sample: Scenario) -> op.Options:
    return options_for(sample)


def test_stay_as_we_are_is_the_base_case_at_todays_team_and_service(
        sample: Scenario, sample_options: op.Options) -> None:
    stay, today = sample_options.stay, model.evaluate(sample).today
    assert (stay.npv_gbp, stay.pv_costs_gbp, stay.pv_benefits_gbp) == (0.0, 0.0, 0.0)
    assert stay.fte == sample.staffing.current_fte
    assert stay.share_in_time == today.share_within_target
    assert stay.answered_in_time_per_year == pytest.approx(
        today.replies_per_week * WEEKS_PER_YEAR * today.share_within_target)


def test_do_the_minimum_is_the_cheapest_promise_today_does_not_keep_by_brute_force(
        sample: Scenario, sample_options: op.Options) -> None:
    """Every promise × cover at today's levels, each evaluated whole, staffed to its promise."""
    today = model.evaluate(sample).baseline.week
    assert today is not None
    kept = []
    at_floor = sample.with_targets({g.group: g.current_level for g in sample.groups})
    for minutes in PROMISES:
        if float(today.share_within(minutes).reshape(-1)[0]) >= sample.promise.target_share:
            continue  # today's team already keeps it: not a promise worth making
        for cover in COVERS:
            plan = replace(at_floor, promise=replace(
                sample.promise, response_target_minutes=minutes, cover_preset=cover,
                cover=model.cover_preset(cover)),
                staffing=replace(sample.staffing, planned_fte=None))
            result = model.evaluate(plan)
            if result.ready:
                kept.append((result.pv_costs_gbp, -result.npv_gbp, plan))
    cheapest = min(kept, key=lambda row: row[:2])
    minimum = sample_options.minimum
    assert minimum is not None and minimum.scenario == cheapest[2]
    assert minimum.pv_costs_gbp == pytest.approx(cheapest[0])
    assert all(g.target_level == g.current_level for g in minimum.scenario.groups)


def test_recommended_is_the_best_plan_and_no_option_costs_less_than_the_minimum(
        sample: Scenario, sample_options: op.Options) -> None:
    best = rec.best_plan(sample, limits_for(sample))
    recommended, minimum = sample_options.recommended, sample_options.minimum
    assert recommended is not None and minimum is not None
    # The search's plan, evaluated in full (the search holds the surge rota's cost at the plan
    # as set's; the option carries the plan's own).
    assert best.best is not None and recommended.scenario == best.best
    assert recommended.npv_gbp == pytest.approx(model.evaluate(best.best).npv_gbp)
    assert recommended.ready and minimum.ready
    assert minimum.pv_costs_gbp <= recommended.pv_costs_gbp + 1e-6
    assert sample_options.as_set.npv_gbp == pytest.approx(model.evaluate(sample).npv_gbp)


def test_a_plan_that_loses_money_carries_its_cost_and_condition_in_one_sentence(
        sample: Scenario, sample_options: op.Options) -> None:
    best = sample_options.recommended
    assert best is not None and best.npv_gbp < 0  # the sample's best plan loses money
    sentence = decision.decision_sentence(sample_options, sample)
    each = decision.per_head(best.net_cost_per_resident_gbp_per_year)
    assert "Go ahead" not in sentence
    assert "does not pay in cash" in sentence
    assert decision.money(best.net_cost_gbp_per_year) + " a year" in sentence
    assert f"Choose it if that is worth {each} per resident a year" in sentence
    assert sentence.endswith("otherwise stay as we are.")
    # The yearly cost is −NPV spread over the discounted years: it adds back to the NPV.
    annuity = float(sum(model.appraisal.discount_factors(best.horizon_years)))
    assert best.net_cost_gbp_per_year * annuity == pytest.approx(-best.npv_gbp)


def test_a_plan_that_pays_says_so_without_a_condition(sample: Scenario) -> None:
    dear_calls = replace(sample, economics=sample.economics.with_contact_prices(
        {"phone": 400.0, "visit": 900.0}))
    options = options_for(dear_calls)
    assert options.recommended is not None and options.recommended.npv_gbp > 0
    sentence = decision.decision_sentence(options, dear_calls)
    assert "It pays in cash" in sentence and "otherwise" not in sentence


def test_when_nothing_fits_the_decision_is_to_stay(sample: Scenario) -> None:
    options = options_for(sample, max_fte=0.1)
    assert options.recommended is None and options.minimum is None
    assert decision.decision_sentence(options, sample).startswith("Stay as we are:")
    table = decision.options_table(options, sample)
    assert list(table.columns) == ["Measure", op.STAY, op.AS_SET]


def test_the_options_table_names_every_measure_the_board_compares(
        sample: Scenario, sample_options: op.Options) -> None:
    table = decision.options_table(sample_options, sample).set_index("Measure")
    assert list(table.columns) == list(op.OPTION_NAMES)
    assert table.loc["Net present value", op.STAY] == "£0 (the base case)"
    assert table.loc["Team", op.AS_SET] == decision.fte(sample_options.as_set.fte)


def test_a_plan_that_answers_fewer_in_time_says_fewer(sample: Scenario,
                                                      sample_options: op.Options) -> None:
    best = sample_options.recommended
    assert best is not None
    worse = replace(sample_options, recommended=replace(best, more_in_time_per_year=-120.0))
    sentence = decision.decision_sentence(worse, sample)
    assert "120 fewer answers a year" in sentence and "−" not in sentence.split("fewer")[0][-8:]
