"""One price base (issue 14 part 6): the GDP deflator conversion."""

import pytest

from model.prices import deflator_factor, to_base_year_gbp
from sample_data.loader import sample_gdp_deflators, sample_price_years

# HM Treasury, GDP deflators at market prices, December 2025 (Quarterly National Accounts),
# calendar years, 2024 = 100: 2011 = 70.834 and 2024 = 100 (sample_data/SOURCES.md, R14).
PUBLISHED_2011 = 70.834
PUBLISHED_2024 = 100.0


def test_factor_is_the_ratio_of_two_published_index_values():
    deflators = sample_gdp_deflators()
    assert deflator_factor(2011, 2024, deflators) == pytest.approx(PUBLISHED_2024 / PUBLISHED_2011)


def test_socitm_phone_call_in_2024_prices():
    # £2.83 in 2011 prices is about £4.00 in 2024 prices: the benefit a 2011 figure understates.
    value = to_base_year_gbp(2.83, 2011, 2024, sample_gdp_deflators())
    assert value == pytest.approx(2.83 * PUBLISHED_2024 / PUBLISHED_2011)
    assert round(value, 2) == 4.00


def test_same_year_is_unchanged_and_round_trip_returns_the_value():
    deflators = sample_gdp_deflators()
    assert to_base_year_gbp(46276, 2024, 2024, deflators) == 46276
    there = to_base_year_gbp(100.0, 2013, 2022, deflators)
    assert to_base_year_gbp(there, 2022, 2013, deflators) == pytest.approx(100.0)


def test_prices_rise_every_year_in_the_shipped_series():
    deflators = sample_gdp_deflators()
    years = sorted(deflators)
    assert years[0] == 2010 and years == list(range(2010, years[-1] + 1))
    assert all(deflators[a] < deflators[b] for a, b in zip(years, years[1:]))


def test_a_missing_year_is_named():
    with pytest.raises(ValueError, match="year 2031"):
        deflator_factor(2031, 2024, sample_gdp_deflators())
    with pytest.raises(ValueError, match="to_year: no GDP deflator for year 1999"):
        to_base_year_gbp(1.0, 2024, 1999, sample_gdp_deflators())


def test_every_sample_money_input_has_a_price_year_the_series_covers():
    deflators, years = sample_gdp_deflators(), sample_price_years()
    money_fields = {"loaded_cost_gbp_per_fte_year", "phone_contact_gbp", "visit_contact_gbp",
                    "complaint_gbp", "consultation_response_gbp", "approver_gbp_per_hour",
                    "licence_gbp_per_seat_per_year", "training_gbp_per_new_fte", "setup_gbp"}
    assert set(years) == money_fields
    for field, year in years.items():
        assert year in deflators, field


def test_the_samples_unsocial_hours_are_the_njc_rates(sample):
    rota = sample.rota
    # Green Book Part 3: night work 20:00–06:00 at time-and-a-third; weekends at time-and-a-half.
    assert 1 + rota.night_enhancement == pytest.approx(4 / 3, abs=1e-4)
    assert (rota.night_start_hour, rota.night_end_hour) == (20, 6)
    assert rota.saturday_enhancement == rota.sunday_enhancement == 0.5
    assert rota.shift_paid_hours == 7.5


def test_the_samples_loaded_cost_is_njc_scp_25_in_2024_25_with_that_years_on_costs(sample):
    # sample_data/SOURCES.md R8: SCP 25 was £30,095 on 1 April 2021 (Wychavon DC pay grades);
    # NJC flat-rate awards since: £1,925 (2022), £1,925 (2023), £1,290 (2024).
    salary_2024_25 = 30_095 + 1_925 + 1_925 + 1_290
    assert salary_2024_25 == 35_235
    # LGPS average total employer rate, 2022 valuation (Scheme Advisory Board): 21.1 %.
    # Employer NI for 2024/25 pay is the 2024/25 rule: 13.8 % above £9,100, not 15 % above £5,000.
    loaded = salary_2024_25 * (1 + 0.211) + 0.138 * (salary_2024_25 - 9_100)
    assert sample.staffing.loaded_cost_gbp_per_fte_year == round(loaded)
    assert sample.price_base.factor("loaded_cost_gbp_per_fte_year") == 1.0  # 2024 prices
