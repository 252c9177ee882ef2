"""HM Treasury Green Book arithmetic: discount factors, the adoption ramp, month weights."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from model.units import MONTHS_PER_YEAR

# Green Book social time preference rate: 3.5 % a year to year 30, 3.0 % from year 31.
DISCOUNT_RATE_TO_YEAR_30 = 0.035
DISCOUNT_RATE_FROM_YEAR_31 = 0.030
SWITCH_YEAR = 30
# Steepness of the logistic adoption S-curve, in units of the ramp length: a choice that
# puts about 1 % of the move in the first tenth of the ramp and 99 % by the last tenth.
RAMP_STEEPNESS = 10.0


def discount_factor(year: int) -> float:
    """Cumulative Green Book discount factor; year 0 (the first year) = 1.0."""
    if not isinstance(year, (int, np.integer)) or year < 0:
        raise ValueError(f"year = {year!r}: expected a whole number ≥ 0")
    early = min(year, SWITCH_YEAR)
    late = max(year - SWITCH_YEAR, 0)
    growth = (1 + DISCOUNT_RATE_TO_YEAR_30) ** early * (1 + DISCOUNT_RATE_FROM_YEAR_31) ** late
    return 1.0 / growth


def discount_factors(years: int) -> np.ndarray:
    return np.array([discount_factor(y) for y in range(years)])


def ramp_share(months: int, ramp_months: int) -> np.ndarray:
    """Share of the move from today's level to the target reached in each month (S-curve)."""
    middle = np.arange(months) + 0.5
    if ramp_months <= 0:
        return np.ones(months)

    def logistic(t: np.ndarray | float) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-RAMP_STEEPNESS * (np.asarray(t) / ramp_months - 0.5)))

    start, end = logistic(0.0), logistic(float(ramp_months))
    return np.clip((logistic(middle) - start) / (end - start), 0.0, 1.0)


@lru_cache(maxsize=32)
def month_weights(horizon_years: int, ramp_months: int) -> tuple[np.ndarray, np.ndarray]:
    """Per month: the discounted weight of a flat annual flow, and of a ramped one.

    A flow of £X a year contributes X × weight in each month; sum over months for the PV.
    Pure in two whole numbers, so cached; the arrays are read-only.
    """
    months = horizon_years * MONTHS_PER_YEAR
    factor = np.repeat(discount_factors(horizon_years), MONTHS_PER_YEAR) / MONTHS_PER_YEAR
    ramped = factor * ramp_share(months, ramp_months)
    factor.setflags(write=False)
    ramped.setflags(write=False)
    return factor, ramped


def payback_month(cumulative_net: np.ndarray) -> int | None:
    """First month (1-based) from which the cumulative net stays ≥ 0; None if never."""
    negative = np.flatnonzero(cumulative_net < 0)
    if negative.size == 0:
        return 1
    last_negative = int(negative[-1])
    return None if last_negative == cumulative_net.size - 1 else last_negative + 2


def switching_value(pv_benefits_gbp: float, pv_costs_gbp: float) -> float:
    """The change in priced benefits, as a share, that brings NPV to zero.

    −0.4: benefits can fall by 40 % before NPV < 0; +13.9: they would have to rise by
    1,390 % to break even. Never below −1 (benefits cannot fall by more than all of them);
    +inf when there are no priced benefits to scale.
    """
    if pv_benefits_gbp <= 0:
        return math.inf
    return max((pv_costs_gbp - pv_benefits_gbp) / pv_benefits_gbp, -1.0)
