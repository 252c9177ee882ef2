"""Calendar and clock units, each defined once (the model's week is 168 hours, Monday first),
and the one conversion from a person's paid hours to the hours they are at work."""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    import numpy as np

HOURS_PER_DAY = 24
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAYS_PER_WEEK = len(DAY_NAMES)
HOURS_PER_WEEK = HOURS_PER_DAY * DAYS_PER_WEEK
WEEKS_PER_YEAR = 52.0  # the appraisal's year; 365.25 / 7 would add 0.2 %
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = 365.25 / MONTHS_PER_YEAR
MINUTES_PER_HOUR = 60
SECONDS_PER_HOUR = 3600.0
SECONDS_PER_MINUTE = SECONDS_PER_HOUR / MINUTES_PER_HOUR


@overload
def productive_hours_per_fte(contract_hours_per_week: float, shrinkage: float) -> float: ...
@overload
def productive_hours_per_fte(contract_hours_per_week: float,
                             shrinkage: np.ndarray) -> np.ndarray: ...
def productive_hours_per_fte(contract_hours_per_week: float,
                             shrinkage: float | np.ndarray) -> float | np.ndarray:
    """Hours a week one FTE is at work: contract hours less the share lost to leave, sickness
    and training (shrinkage). Hours a week to staff ÷ this = FTE; the one place it is worked out."""
    return contract_hours_per_week * (1.0 - shrinkage)
