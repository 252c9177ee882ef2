"""Cover presets: which of the week's 168 hours someone is on duty (Monday 00:00 first)."""

from __future__ import annotations

from model.units import HOURS_PER_DAY, HOURS_PER_WEEK

# Office hours as MODEL.md §4 defines them; "Extended" after the longer hours UK councils
# such as the GLA staff (REFERENCES.md); 24/7 for round-the-clock services.
PRESETS: dict[str, tuple[range, int, int]] = {
    "Office hours": (range(5), 9, 17),
    "Extended": (range(7), 8, 20),
    "24/7": (range(7), 0, 24),
}


def cover_preset(name: str) -> tuple[int, ...]:
    """168 values of 0/1 for a named preset."""
    if name not in PRESETS:
        raise ValueError(f"cover_preset = {name!r}: expected one of {', '.join(PRESETS)}")
    days, start, end = PRESETS[name]
    return tuple(int(h // HOURS_PER_DAY in days and start <= h % HOURS_PER_DAY < end)
                 for h in range(HOURS_PER_WEEK))


def preset_name(cover: tuple[int, ...]) -> str:
    """The preset a grid matches, or "Custom"."""
    return next((name for name in PRESETS if cover_preset(name) == tuple(cover)), "Custom")

# The promises a council would make in public, 15 minutes to a week (RESPONSE_TARGETS in the
# UI): the choices beside the cover presets that the plan search and the pages offer.
PROMISES_MINUTES = (15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 720.0, 1440.0, 2880.0, 4320.0,
                    10080.0)
