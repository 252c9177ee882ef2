"""Numbers for people: £1.2m, 3.4 FTE, "2 h 15 min". For the UI, its sentences and reports."""

from __future__ import annotations

import math

from model.units import MINUTES_PER_HOUR

MINUTES_PER_DAY = 1440


def money(gbp: float) -> str:
    """£1.2m, £350k, £9.8k, £950, £2.83, £1.5bn; negatives as −£1.2m; "n/a" when not a number.

    One style from a thousand up (£9.8k beside £45k, never £9,800 beside £45k), so figures in
    one table read alike."""
    if not math.isfinite(gbp):
        return "n/a"
    size = abs(gbp)
    if round(size, 2) == 0:
        return "£0"
    sign = "−" if gbp < 0 else ""
    if size >= 999.95e6:
        return f"{sign}£{size / 1e9:.1f}bn"
    if size >= 999_500:
        return f"{sign}£{size / 1e6:.1f}m"
    if size >= 9_999.5:
        return f"{sign}£{size / 1e3:.0f}k"
    if size >= 999.5:
        return f"{sign}£{size / 1e3:.1f}k"
    if size >= 100:
        return f"{sign}£{size:,.0f}"
    return f"{sign}£{size:.2f}"


def fte(value: float) -> str:
    return f"{value:,.1f} FTE"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def duration(minutes: float) -> str:
    """'45 min', '2 h 15 min', '3 days 4 h'; 'never' for an unbounded wait."""
    if not math.isfinite(minutes):
        return "never (the backlog keeps growing)"
    minutes = max(minutes, 0.0)
    if minutes < 1:
        return "under a minute"
    if minutes < MINUTES_PER_HOUR:
        return f"{minutes:.0f} min"
    if minutes < MINUTES_PER_DAY:
        hours, rest = divmod(round(minutes), MINUTES_PER_HOUR)
        return f"{hours} h" + (f" {rest} min" if rest else "")
    days, rest = divmod(round(minutes / MINUTES_PER_HOUR), 24)
    return f"{days} day{'s' if days != 1 else ''}" + (f" {rest} h" if rest else "")


def count(value: float) -> str:
    """Whole numbers with thousands separators; small numbers to one decimal."""
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.1f}"

