"""The settings of one emergency event on top of the typical week (hour 0 = Monday 00:00).

Kept apart from the event's queue (`model.surge`) so the Scenario, which holds one, and the
upload readers load without the queue engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.bounds import check


@dataclass(frozen=True)
class Surge:
    """One event: when it starts, how long, how many times the usual messages, and whom; how
    often such events come, the promise kept through them and the rate surge hours are paid.

    Defaults are the sample's (sample_data/settings.csv, section "surge"; SOURCES.md):
    tests/model/test_surge_plan.py checks they agree. They are here only so scenarios saved
    before the surge existed still load.
    """

    start_hour: int = 32  # hour of the week, 0 = Monday 00:00 (32 = Tuesday 08:00)
    duration_hours: int = 48
    multiplier: float = 5.0  # messages during the event ÷ the typical week's at that hour
    groups: tuple[str, ...] = ()  # groups whose messages surge; () = every group
    events_per_year: float = 1.0  # expected events a year like this one ...
    events_per_year_low: float = 0.5  # ... and the range it may lie in
    events_per_year_high: float = 2.0
    # The promise kept through the event: 0 = the plan's own target and share.
    emergency_target_minutes: float = 0.0  # 0: the plan's response target
    emergency_target_share: float = 0.0  # 0: the plan's target share
    overtime_enhancement: float = 0.5  # added to plain time for surge hours (NJC: 0.5)

    def __post_init__(self) -> None:
        for name in ("start_hour", "duration_hours", "multiplier", "events_per_year",
                     "events_per_year_low", "events_per_year_high", "emergency_target_minutes",
                     "emergency_target_share", "overtime_enhancement"):
            check(f"surge.{name}", getattr(self, name))
        if not self.events_per_year_low <= self.events_per_year <= self.events_per_year_high:
            raise ValueError(
                f"surge.events_per_year = {self.events_per_year!r}: expected a number between "
                f"events_per_year_low ({self.events_per_year_low:g}) and events_per_year_high "
                f"({self.events_per_year_high:g})")
        if any(not isinstance(g, str) or not g.strip() for g in self.groups) or len(
                set(self.groups)) != len(self.groups):
            raise ValueError(f"surge.groups = {list(self.groups)!r}: expected group names, "
                             "each once")

    @property
    def end_hour(self) -> int:
        """Hours from Monday 00:00 of the event's week to its end (may pass the week's end)."""
        return self.start_hour + self.duration_hours
