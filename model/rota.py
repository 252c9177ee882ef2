"""The rota the Scenario holds (`RotaRules`), and the public face of the rota modules.

- `model.rota_shifts`: the shifts a council allows (`ShiftRules`), unsocial-hours rates
  (`UnsocialHours`) and the patterns they make;
- `model.rota_solve`: a requirement per hour as a rota of whole people (`solve_rota`, `Rota`);
- `model.rota_staffing`: the smallest rota that keeps a promise (`staff_to_promise`);
- `model.rota_team`: a team of known size laid out on shifts (`team_rota`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from model.bounds import check
from model.rota_shifts import (
    ShiftRules,
    UnsocialHours,
    check_hour,
    fail,
    hour_label,
    patterns,
    week_array,
)
from model.rota_solve import Rota, solve_rota
from model.rota_staffing import StaffedRota, staff_to_promise
from model.rota_team import team_rota
from model.units import DAYS_PER_WEEK, HOURS_PER_DAY, HOURS_PER_WEEK

__all__ = ["HOURS_PER_WEEK", "Rota", "RotaRules", "ShiftRules", "StaffedRota",
           "UnsocialHours", "hour_label", "rules_for_cover", "solve_rota", "staff_to_promise",
           "team_rota"]


@dataclass(frozen=True)
class RotaRules:
    """The rota a council would run, as the Scenario holds it (flat, for JSON and widgets).

    Defaults are the sample's, from sample_data/settings.csv (section "rota": shift pattern
    assumptions, A; Working Time Regulations break, R17; NJC unsocial-hours rates, R16);
    tests/model/test_rota_in_plan.py checks they agree. They are here only so scenarios saved
    before the rota (or its part-time shifts) existed still load.
    """

    shift_paid_hours: float = 7.5  # full time
    unpaid_break_minutes: float = 30.0
    earliest_start_hour: int = 7
    latest_start_hour: int = 14
    min_people_on_duty: int = 1
    night_start_hour: int = 20
    night_end_hour: int = 6
    night_enhancement: float = 0.3333
    saturday_enhancement: float = 0.5
    sunday_enhancement: float = 0.5
    part_time_paid_hours: tuple[float, ...] = field(default=(4.0, 6.0))
    max_part_time_share: float = 0.5  # of the rota's paid hours
    break_after_paid_hours: float = 6.0  # shifts longer than this take the unpaid break

    def __post_init__(self) -> None:
        for name in ("shift_paid_hours", "unpaid_break_minutes", "min_people_on_duty",
                     "night_enhancement", "saturday_enhancement", "sunday_enhancement",
                     "max_part_time_share", "break_after_paid_hours"):
            check(f"rota.{name}", getattr(self, name))
        for name in ("earliest_start_hour", "latest_start_hour", "night_start_hour",
                     "night_end_hour"):
            check_hour(f"rota.{name}", getattr(self, name))
        if self.latest_start_hour < self.earliest_start_hour:
            fail("rota.latest_start_hour", self.latest_start_hour,
                 f"an hour at or after the earliest start, {self.earliest_start_hour}")
        if not float(self.min_people_on_duty).is_integer():
            fail("rota.min_people_on_duty", self.min_people_on_duty, "a whole number of people")
        lengths = self.part_time_paid_hours
        if not isinstance(lengths, tuple) or len(set(lengths)) != len(lengths):
            fail("rota.part_time_paid_hours", lengths, "a tuple of distinct paid hours")
        for length in lengths:
            check("rota.part_time_paid_hours", length)

    def shift_rules(self) -> ShiftRules:
        return ShiftRules((float(self.shift_paid_hours),),
                          tuple(range(self.earliest_start_hour, self.latest_start_hour + 1)),
                          float(self.unpaid_break_minutes),
                          min_people_on_duty=int(self.min_people_on_duty),
                          part_time_lengths_hours=tuple(
                              float(h) for h in sorted(self.part_time_paid_hours)),
                          max_part_time_share=float(self.max_part_time_share),
                          break_after_paid_hours=float(self.break_after_paid_hours))

    def unsocial_hours(self) -> UnsocialHours:
        """NJC: nights at time and a third, weekends at time and a half; no evening rate."""
        return UnsocialHours(self.night_start_hour, 0.0, self.night_start_hour,
                             self.night_end_hour, float(self.night_enhancement),
                             float(self.saturday_enhancement), float(self.sunday_enhancement))


def rules_for_cover(rules: ShiftRules, cover: np.ndarray | Sequence[int]) -> ShiftRules:
    """The rules, with any start hour allowed if their own starts leave a cover hour unreached
    (a promise of night cover needs night shifts, whatever the day rota allows)."""
    shifts = patterns(rules, UnsocialHours.plain_time())  # which hours each shift covers
    open_hours = week_array("cover", cover) > 0
    if np.all(shifts.covers.sum(axis=1)[open_hours] > 0):
        return rules
    return ShiftRules(rules.shift_lengths_hours, tuple(range(HOURS_PER_DAY)),
                      rules.unpaid_break_minutes, tuple(range(DAYS_PER_WEEK)),
                      rules.min_people_on_duty, rules.part_time_lengths_hours,
                      rules.max_part_time_share, rules.break_after_paid_hours)
