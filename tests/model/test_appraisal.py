"""Green Book arithmetic against HM Treasury's published discount factors (MODEL.md §8)."""

import math

import numpy as np
import pytest

from model.appraisal import discount_factor, payback_month, ramp_share, switching_value


@pytest.mark.parametrize(("year", "factor"), [
    (0, 1.0), (1, 0.96618), (5, 0.84197), (10, 0.70892), (30, 0.35628),
])
def test_discount_factors_match_the_green_book_table(year, factor):
    """HM Treasury Green Book, 3.5 % social time preference rate, years 0–30."""
    assert discount_factor(year) == pytest.approx(factor, abs=5e-6)


def test_rate_falls_to_three_percent_from_year_31():
    assert discount_factor(31) == pytest.approx(discount_factor(30) / 1.03)
    assert discount_factor(40) == pytest.approx(discount_factor(30) / 1.03 ** 10)


@pytest.mark.parametrize("bad", [-1, 1.5, "2"])
def test_a_negative_or_fractional_year_is_refused(bad):
    with pytest.raises(ValueError, match="year"):
        discount_factor(bad)


def test_adoption_ramp_is_an_s_curve_from_nothing_to_everything():
    ramp = ramp_share(24, 12)
    assert ramp[0] < 0.05 and ramp[11] > 0.95 and np.all(ramp[12:] == 1.0)
    steps = np.diff(ramp[:12])
    assert np.all(steps >= 0) and steps.argmax() in (5, 6)  # steepest in the middle


def test_payback_is_the_month_from_which_the_total_stays_positive():
    assert payback_month(np.array([-5, -2, 1, 3])) == 3
    assert payback_month(np.array([-5, 1, -1, 3])) == 4
    assert payback_month(np.array([-5, -4, -3])) is None


def test_switching_value_is_the_change_in_benefits_that_brings_npv_to_zero():
    assert switching_value(100.0, 60.0) == pytest.approx(-0.4)  # can fall by 40 %
    assert switching_value(100.0, 1490.0) == pytest.approx(13.9)  # must rise by 1,390 %
    for benefits, costs in ((100.0, 60.0), (100.0, 1490.0), (50.0, 50.0)):
        change = switching_value(benefits, costs)
        assert benefits * (1 + change) - costs == pytest.approx(0.0)  # NPV at the switch


def test_switching_value_is_never_below_minus_one_hundred_percent():
    assert switching_value(100.0, -20.0) == -1.0  # costs fall: no loss of benefits turns it
    assert switching_value(0.0, 10.0) == math.inf
