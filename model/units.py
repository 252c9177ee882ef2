"""Calendar and clock units, each defined once (the model's week is 168 hours, Monday first)."""

from __future__ import annotations

HOURS_PER_DAY = 24
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAYS_PER_WEEK = len(DAY_NAMES)
HOURS_PER_WEEK = HOURS_PER_DAY * DAYS_PER_WEEK
WEEKS_PER_YEAR = 52.0  # the appraisal's year; 365.25 / 7 would add 0.2 %
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = 365.25 / MONTHS_PER_YEAR
MINUTES_PER_HOUR = 60
SECONDS_PER_HOUR = 3600.0
