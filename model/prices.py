"""One price base: convert money from the year it was priced in to the appraisal's base year.

Uses a GDP deflator index (HM Treasury, "GDP deflators at market prices, and money GDP"), as the
Green Book asks for general inflation. Pure: the caller passes the index, keyed by year.
"""

from __future__ import annotations

from collections.abc import Mapping


def _index(year: int, deflators: Mapping[int, float], field: str) -> float:
    if year not in deflators:
        known = f"{min(deflators)}–{max(deflators)}" if deflators else "none"
        raise ValueError(f"{field}: no GDP deflator for year {year} (years available: {known})")
    value = deflators[year]
    if not value > 0:
        raise ValueError(f"GDP deflator for year {year} must be positive, got {value}")
    return value


def deflator_factor(from_year: int, to_year: int, deflators: Mapping[int, float]) -> float:
    """Multiply a money value in `from_year` prices by this to express it in `to_year` prices."""
    return _index(to_year, deflators, "to_year") / _index(from_year, deflators, "from_year")


def to_base_year_gbp(value_gbp: float, price_year: int, base_year: int,
                     deflators: Mapping[int, float]) -> float:
    """`value_gbp` priced in `price_year`, re-expressed in `base_year` prices."""
    return value_gbp * deflator_factor(price_year, base_year, deflators)

