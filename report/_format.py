"""Numbers written for people in the PDF brief (£1.2m, 3.4 FTE, 2 h 15 min). Private to report/."""

from __future__ import annotations

import math
import numbers
from typing import Any

import pandas as pd

MISSING = "n/a"
MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def money_gbp(value: Any) -> str:
    """£1.2m, -£350k, £9,800, £1.5bn; ``n/a`` when missing."""
    if not _is_number(value):
        return MISSING
    size = abs(float(value))
    if round(size) == 0:
        return "£0"
    sign = "-" if value < 0 else ""
    if size >= 999.95e6:
        return f"{sign}£{size / 1e9:.1f}bn"
    if size >= 999_500:
        return f"{sign}£{size / 1e6:.1f}m"
    if size >= 9_999.5:
        return f"{sign}£{size / 1e3:.0f}k"
    return f"{sign}£{size:,.0f}"


def fte(value: Any) -> str:
    """3.4 FTE."""
    return f"{float(value):.1f} FTE" if _is_number(value) else MISSING


def share(value: Any) -> str:
    """0.712 -> 71%."""
    return f"{100 * float(value):.0f}%" if _is_number(value) else MISSING


def ratio(value: Any) -> str:
    """Benefit-cost ratio with two decimals: 0.60."""
    return f"{float(value):.2f}" if _is_number(value) else MISSING


def duration_minutes(value: Any) -> str:
    """95 -> '1 h 35 min'; 2880 -> '2 days'; 0.4 -> 'under 1 min'."""
    if not _is_number(value) or value < 0:
        return MISSING
    minutes = round(float(value))
    if minutes < 1:
        return "under 1 min"
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    hours, mins = divmod(rest, MINUTES_PER_HOUR)
    if days:
        day_word = "day" if days == 1 else "days"
        return f"{days} {day_word} {hours} h" if hours else f"{days} {day_word}"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def yes_no(value: Any) -> str:
    """True -> yes."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return MISSING


def table_cell(value: Any) -> str:
    """A table value as text: thousands separators, at most two decimals, blanks for missing."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        value = float(value)
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
    return str(value)


def plain_label(key: str) -> str:
    """'fte_planned' -> 'Fte planned' for headline keys the brief does not know."""
    return key.replace("_", " ").strip().capitalize()
