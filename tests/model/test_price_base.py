"""One price base wired in (issue 14 §6): the Scenario carries price years; Prices converts once."""

import json
from dataclasses import replace

import pytest

from model import evaluate, load_sample_scenario
from model.result import scenario_prices
from model.scenario import PriceBase, Scenario

# HM Treasury GDP deflators at market prices, December 2025 (QNA), calendar years, 2024 = 100:
# 2011 = 70.834 (sample_data/SOURCES.md, R14). SOCITM 2011 unit costs (R1): phone £2.83,
# visit £8.62.
FACTOR_2011_TO_2024 = 100 / 70.834


@pytest.fixture(scope="module")
def sample() -> Scenario:
    return load_sample_scenario()


def test_published_vector_a_2011_phone_call_is_4_pounds_in_2024_prices(sample: Scenario) -> None:
    assert sample.price_base.base_year == 2024
    assert sample.price_base.factor("phone_contact_gbp") == pytest.approx(FACTOR_2011_TO_2024)
    prices = scenario_prices(sample, {})
    assert round(float(prices.phone_contact_gbp), 2) == 4.00
    assert round(float(prices.visit_contact_gbp), 2) == 12.17


def test_inputs_already_in_base_year_prices_are_not_moved(sample: Scenario) -> None:
    prices = scenario_prices(sample, {})
    assert prices.loaded_cost_gbp_per_fte_year == sample.staffing.loaded_cost_gbp_per_fte_year
    assert prices.setup_gbp == sample.economics.setup_gbp
    assert prices.complaint_gbp == sample.economics.complaint_gbp


def test_monte_carlo_factors_apply_to_the_base_year_value(sample: Scenario) -> None:
    prices = scenario_prices(sample, {"phone_contact_gbp": 2.0})
    assert prices.phone_contact_gbp == pytest.approx(2 * 2.83 * FACTOR_2011_TO_2024)


def test_the_appraisal_prices_every_input_in_the_base_year(sample: Scenario) -> None:
    # Converting by hand and dropping the price years must give the same appraisal.
    by_hand = replace(
        sample, price_base=PriceBase(),
        economics=sample.economics.with_contact_prices(
            {"phone": 2.83 * FACTOR_2011_TO_2024, "visit": 8.62 * FACTOR_2011_TO_2024}))
    assert evaluate(sample).npv_gbp == pytest.approx(evaluate(by_hand).npv_gbp, abs=0.01)
    # ... and it is not the appraisal of the unconverted 2011 figures.
    as_entered = evaluate(replace(sample, price_base=PriceBase())).npv_gbp
    assert evaluate(sample).npv_gbp > as_entered + 1_000


def test_a_scenario_saved_before_price_years_loads_unchanged(sample: Scenario) -> None:
    old = sample.to_dict()
    del old["price_base"]
    loaded = Scenario.from_dict(old)
    assert loaded.price_base == PriceBase()
    prices = scenario_prices(loaded, {})
    assert prices.phone_contact_gbp == 2.83
    assert evaluate(loaded).npv_gbp == pytest.approx(
        evaluate(replace(sample, price_base=PriceBase())).npv_gbp, abs=1e-6)


def test_price_base_round_trips_through_json(sample: Scenario) -> None:
    again = Scenario.from_dict(json.loads(json.dumps(sample.to_dict())))
    assert again.price_base == sample.price_base
    assert again == sample


@pytest.mark.parametrize(("change", "message"), [
    ({"price_years": (("phone_gbp", 2011),)}, "price_base.price_years = 'phone_gbp'"),
    ({"price_years": (("phone_contact_gbp", 2031),)},
     r"price_base.price_years\['phone_contact_gbp'\] = 2031: expected a year the GDP deflator "
     r"covers \(2010–2024\)"),
    ({"base_year": 2009}, "price_base.base_year = 2009"),
    ({"base_year": None}, "price_base.base_year = None"),
    ({"deflator_index": (1.0,)}, "price_base.deflator_years"),
    ({"price_years": (("setup_gbp", 2024), ("setup_gbp", 2020))},
     "'setup_gbp': expected each once"),
])
def test_bad_price_base_names_the_field(sample: Scenario, change: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(sample.price_base, **change)


def test_a_non_positive_deflator_is_named(sample: Scenario) -> None:
    index = (0.0, *sample.price_base.deflator_index[1:])
    with pytest.raises(ValueError, match=r"price_base.deflator_index\[2010\] = 0.0"):
        replace(sample.price_base, deflator_index=index)


def test_the_caption_names_the_base_year_and_the_converted_years(sample: Scenario) -> None:
    from present.words import price_base_text

    assert price_base_text(sample.price_base) == (
        "All money in 2024 prices (figures priced in 2011 converted with the HM Treasury GDP "
        "deflator).")
    assert "no base year" in price_base_text(PriceBase())
