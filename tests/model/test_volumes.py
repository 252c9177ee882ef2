"""The Volumes stage: every count the money and the measurement plan use is made once."""

from datetime import date

import numpy as np

from model import Scenario, evaluate
from model import measurement as mm
from model.registry import PRICED, RUNNING_COSTS, keys, line_terms
from model.result import scenario_prices


def test_every_message_ends_timely_or_late_and_only_timely_replies_avoid_contacts(
        sample: Scenario) -> None:
    flows = evaluate(sample).flows
    for side in (flows.plan, flows.today):
        np.testing.assert_allclose(side.timely_replies_per_year + side.late_or_unanswered_per_year,
                                   side.inbound_per_year)
        assert (side.timely_replies_per_year <= side.replies_per_year + 1e-9).all()
        assert (side.phone_calls_avoided_per_year <= side.timely_replies_per_year + 1e-9).all()


def test_the_measurement_plan_reports_the_volumes_the_money_is_priced_on(
        sample: Scenario) -> None:
    result = evaluate(sample)
    plan = mm.measurement_plan(sample, result, date(2026, 4, 1)).set_index("measure_id")
    flows, prices = result.flows, scenario_prices(sample, {})  # base-year prices
    chasers = plan.loc["failure_calls_per_month"]
    np.testing.assert_allclose(chasers["target"] * 12, flows.plan.chaser_calls_per_year.sum())
    priced_failure = -(flows.annual_gbp["failure_demand_avoided"].sum())
    expected_failure = ((chasers["target"] - chasers["baseline"]) * 12 * prices.phone_contact_gbp
                        + float((flows.plan.complaints_per_year
                                 - flows.today.complaints_per_year).sum()) * prices.complaint_gbp)
    np.testing.assert_allclose(priced_failure, expected_failure, rtol=1e-9)
    running = plan.loc["running_cost_gbp"]
    bias = 1 + sample.appraisal.optimism_bias_running
    appraised = sum(float(flows.annual_gbp[name].sum()) for name in keys(RUNNING_COSTS)) / bias
    np.testing.assert_allclose(running["target"] - running["baseline"], appraised, rtol=1e-9)


def test_each_money_line_names_volumes_and_prices_the_model_has(sample: Scenario) -> None:
    """The one table of money lines (model.registry) is whole: every priced category has
    terms, each volume is one the Volumes stage counts and each price one Prices holds."""
    result = evaluate(sample)
    prices = scenario_prices(sample, {})
    for category in PRICED:
        terms = line_terms(category, sample.contact_channels)
        assert terms, category.key
        for term in terms:
            assert result.flows.plan.of(term.volume).shape[0] == len(sample.groups)
            assert all(np.all(np.isfinite(prices.of(name))) for name in term.prices)


def test_staying_as_we_are_sets_up_nothing_and_keeps_no_surge_rota(sample: Scenario) -> None:
    today = evaluate(sample).flows.today
    for volume in ("set_ups", "new_fte", "surge_events"):
        assert not today.of(volume).any(), volume
