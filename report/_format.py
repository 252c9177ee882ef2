"""Numbers written for people in the PDF brief (£1.2m, 3.4 FTE, 2 h 15 min). Private to report/."""

from __future__ import annotations

import math
import numbers
from typing import Any

import pandas as pd

from present import text

MISSING = "n/a"


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def money_gbp(value: Any) -> str:
    """The app's own £ format (present.text.money), with an ASCII minus for the PDF's fonts."""
    if not _is_number(value):
        return MISSING
    return text.money(float(value)).replace("−", "-")


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
    """95 -> '1 h 35 min'; 2880 -> '2 days' (present.text.duration); n/a when missing."""
    if not _is_number(value) or value < 0:
        return MISSING
    return text.duration(float(value))


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
