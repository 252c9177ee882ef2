"""One row per input a person can set: its bounds, step, unit, help and where the bound comes from.

The Scenario validates with it, the widgets take their min/max/step/help from it, and the link
decoder refuses with it, so a slider can never offer a value the model would refuse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

UK_POPULATION = 70_000_000  # ONS mid-2023 estimate 68.3 million, rounded up
# The most stakeholder groups a scenario may hold. A plan is read and set group by group on
# Assessment and in the brief; past a couple of hundred rows it is a mailing list, not a plan a
# board can read, and the plan search's cost grows with every group. Group them first.
MAX_GROUPS = 200
# The largest team a plan may hold. A district needs a few FTE and a county tens, but a national
# agency's volume (the population bound's) needs thousands, and the plan's own solved team must
# fit: Monte Carlo holds it as a fixed team (it was 100, and failed on a county's 50,000 a week).
MAX_FTE = 5_000
MAX_FTE_HELP = "at most 5,000: a national agency's contact centre, not a council's team"
MAX_GROUPS_REASON = (f"at most {MAX_GROUPS} stakeholder groups: past a couple of hundred rows a "
                     "plan is a mailing list a board cannot read; group them first")


def check_group_count(count: int, where: str = "groups") -> None:
    """ValueError naming the field and the count when a scenario would hold too many groups."""
    if count > MAX_GROUPS:
        raise ValueError(f"{where} = {count:,} groups: expected {MAX_GROUPS_REASON}")


@dataclass(frozen=True)
class InputBound:
    name: str  # the scenario field, dotted: "promise.target_share"
    low: float
    high: float
    step: float
    unit: str  # "share" (shown as %), "minutes", "hours", "FTE", "£", "people", …
    help: str
    source: str
    low_open: bool = False  # the low end itself is not allowed

    def expected(self) -> str:
        """The allowed range in words, for messages."""
        low = f"> {self.low:g}" if self.low_open else f"≥ {self.low:g}"
        high = "" if self.high == math.inf else f" and ≤ {self.high:,.10g}"
        return f"a number {low}{high}" + (f" ({self.help})" if self.help else "")

    def allows(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if not math.isfinite(value) or value < self.low or value > self.high:
            return False
        return not (self.low_open and value == self.low)

    def check(self, value: object, where: str | None = None) -> None:
        """ValueError naming the field and the value when ``value`` is out of bounds."""
        if not self.allows(value):
            raise ValueError(f"{where or self.name} = {value!r}: expected {self.expected()}")


_ROWS = (
    InputBound("promise.response_target_minutes", 0, 10_080, 15, "minutes",
               "at most a week: by then everyone has given up waiting", "patience_curve.csv",
               low_open=True),
    InputBound("promise.target_share", 0.5, 0.99, 0.01, "share",
               "50–99 %: below half is no promise, 100 % no queue can keep", "assumption"),
    InputBound("promise.preapproved_share", 0, 1, 0.01, "share", "", "a share"),
    InputBound("promise.approval_delay_hours", 0, 72, 0.5, "hours",
               "up to three working days", "assumption"),
    InputBound("staffing.planned_fte", 0.1, MAX_FTE, 0.1, "FTE", MAX_FTE_HELP, "assumption"),
    InputBound("staffing.current_fte", 0, MAX_FTE, 0.1, "FTE", MAX_FTE_HELP, "assumption"),
    InputBound("staffing.loaded_cost_gbp_per_fte_year", 10_000, 200_000, 1_000, "£",
               "£10,000–£200,000 a year", "assumption"),
    InputBound("staffing.contract_hours_per_week", 1, 80, 0.5, "hours", "", "assumption"),
    InputBound("staffing.shrinkage", 0, 0.6, 0.01, "share",
               "at most 60 %; contact centres plan about 30–35 %", "assumption"),
    InputBound("staffing.max_occupancy", 0.1, 1, 0.01, "share", "", "a share"),
    InputBound("groups.population", 0, UK_POPULATION, 1, "people",
               "at most 70 million, the UK's population", "ONS mid-2023 population estimate"),
    InputBound("groups.messages_per_follower_per_year", 0, 100, 0.01, "messages a year",
               "at most 100 a follower a year", "assumption"),
    InputBound("economics.money_gbp", 0, 10_000_000, 1, "£",
               "at most £10 million", "assumption"),
    InputBound("rota.shift_paid_hours", 3, 12, 0.5, "hours",
               "3–12 paid hours a shift",
               "assumption"),
    InputBound("rota.unpaid_break_minutes", 0, 60, 15, "minutes",
               "at most an hour; 20 minutes is the legal minimum over 6 hours", "assumption"),
    InputBound("rota.min_people_on_duty", 1, 10, 1, "people",
               "whole people in every hour of cover: 1 or more", "assumption"),
    InputBound("rota.night_enhancement", 0, 1, 0.05, "share",
               "added to plain time: NJC nights are time and a third (33 %)", "R16"),
    InputBound("rota.saturday_enhancement", 0, 1, 0.05, "share",
               "added to plain time: NJC Saturdays are time and a half (50 %)", "R16"),
    InputBound("rota.sunday_enhancement", 0, 1, 0.05, "share",
               "added to plain time: NJC Sundays are time and a half (50 %)", "R16"),
)
BOUNDS = {row.name: row for row in _ROWS}


def bound(name: str) -> InputBound:
    return BOUNDS[name]


def check(name: str, value: object, where: str | None = None) -> None:
    BOUNDS[name].check(value, where)
