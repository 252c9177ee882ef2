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
    whole: bool = False  # whole numbers only (years, months)

    def expected(self) -> str:
        """The allowed range in words, for messages."""
        low = f"> {self.low:g}" if self.low_open else f"≥ {self.low:g}"
        high = "" if self.high == math.inf else f" and ≤ {self.high:,.10g}"
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} {low}{high}" + (f" ({self.help})" if self.help else "")

    def allows(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if self.whole and not isinstance(value, int):
            return False
        if not math.isfinite(value) or value < self.low or value > self.high:
            return False
        return not (self.low_open and value == self.low)

    def check(self, value: object, where: str | None = None) -> None:
        """ValueError naming the field and the value when ``value`` is out of bounds."""
        if not self.allows(value):
            fail(where or self.name, value, self.expected())


def fail(name: str, value: object, expected: str) -> None:
    """The one form of every input error: the field, the value given, and what was expected."""
    raise ValueError(f"{name} = {value!r}: expected {expected}")


_SHARE = "a share: 0 (0 %) to 1 (100 %)"
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
    InputBound("staffing.triage_minutes_per_message", 0, 10, 0.25, "minutes",
               "to read and triage each inbound message, answered or not", "assumption"),
    InputBound("staffing.max_occupancy", 0.1, 1, 0.01, "share", "", "a share"),
    InputBound("groups.reach_share", 0, 1, 0.01, "share", _SHARE, "a share"),
    # Each contact channel's share of timely replies that save a contact on it (a call, a visit
    # …): one row for every channel, `<key>_substitution_share` in stakeholders.csv.
    InputBound("groups.substitution_share", 0, 1, 0.01, "share", _SHARE, "a share"),
    InputBound("groups.population", 0, UK_POPULATION, 1, "people",
               "at most 70 million, the UK's population", "ONS mid-2023 population estimate"),
    InputBound("groups.messages_per_follower_per_year", 0, 100, 0.01, "messages a year",
               "at most 100 a follower a year", "assumption"),
    InputBound("economics.money_gbp", 0, 10_000_000, 1, "£",
               "at most £10 million", "assumption"),
    *(InputBound(f"economics.{name}", 0, 1, 0.01, "share", _SHARE, "a share")
      for name in ("failure_call_share", "failure_complaint_share", "public_reply_share",
                   "same_need_share", "would_have_called_share", "invited_substitution_share")),
    InputBound("economics.readers_per_public_reply", 0, 1_000_000, 1, "people",
               "at most a million readers of one reply", "assumption"),
    InputBound("economics.approver_minutes_per_approval", 0, 480, 1, "minutes",
               "at most a working day a sign-off", "assumption"),
    InputBound("levels.invite_multiplier", 0, 100, 0.1, "× Inform",
               "messages relative to Inform, at most 100×", "assumption"),
    InputBound("levels.reply_share", 0, 1, 0.01, "share", _SHARE, "a share"),
    InputBound("levels.handle_minutes", 0, 480, 1, "minutes",
               "staff minutes a reply, at most a working day", "assumption", low_open=True),
    InputBound("levels.approval_share", 0, 1, 0.01, "share", _SHARE, "a share"),
    InputBound("levels.content_hours_per_week", 0, 168, 0.5, "hours",
               "at most the 168 hours of a week", "the week's length"),
    InputBound("levels.events_per_year", 0, 365, 1, "events a year",
               "at most one a day", "assumption"),
    InputBound("levels.hours_per_event", 0, 168, 0.5, "hours",
               "at most a week's hours", "the week's length"),
    InputBound("levels.consultation_responses_per_1000_followers_per_year", 0, 1000, 1,
               "responses a year", "at most one per follower a year", "assumption"),
    InputBound("appraisal.horizon_years", 1, 60, 1, "years",
               "1–60 whole years", "assumption", whole=True),
    InputBound("appraisal.ramp_months", 0, 60, 1, "months",
               "0–60 months to reach the target levels", "assumption", whole=True),
    InputBound("appraisal.optimism_bias_setup", 0, 2, 0.05, "share",
               "uplift on one-off costs, 0–200 %", "R13"),
    InputBound("appraisal.optimism_bias_running", 0, 2, 0.05, "share",
               "uplift on running costs, 0–200 %", "R13"),
    InputBound("uncertainty.low_factor", 0, 1, 0.05, "× likely",
               "the low end as a factor on today's value, 0–1", "a factor"),
    InputBound("uncertainty.high_factor", 1, 100, 0.05, "× likely",
               "the high end as a factor on today's value, 1–100", "a factor"),
    InputBound("price_base.deflator_index", 0, math.inf, 0.01, "index",
               "a GDP deflator index value above 0", "gdp_deflator.csv", low_open=True),
    InputBound("measured_today.inbound_per_week", 0, math.inf, 1, "messages a week",
               "", "the inbox export"),
    InputBound("measured_today.share_answered", 0, 1, 0.01, "share", _SHARE, "the inbox export"),
    InputBound("measured_today.within_share", 0, 1, 0.01, "share", _SHARE, "the inbox export"),
    InputBound("rota.shift_paid_hours", 3, 12, 0.5, "hours",
               "3–12 paid hours a shift",
               "assumption"),
    InputBound("rota.part_time_paid_hours", 2, 12, 0.5, "hours",
               "2–12 paid hours a part-time shift", "assumption"),
    InputBound("rota.max_part_time_share", 0, 1, 0.05, "share",
               "the most of the rota's paid hours part-time shifts may take (0: full time only)",
               "assumption"),
    InputBound("rota.break_after_paid_hours", 0, 12, 0.5, "hours",
               "shifts longer than this take the unpaid break (Working Time Regulations: "
               "over 6 hours)", "R17"),
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
    InputBound("surge.start_hour", 0, 167, 1, "hour of the week",
               "0 (Monday 00:00) to 167 (Sunday 23:00)", "the week's length", whole=True),
    InputBound("surge.duration_hours", 1, 168, 1, "hours",
               "1 hour to a week: a longer event is a new normal, plan it as the typical week",
               "assumption", whole=True),
    InputBound("surge.multiplier", 1, 50, 0.5, "times the usual messages",
               "1–50 times the usual messages", "assumption"),
    InputBound("surge.events_per_year", 0, 52, 0.1, "events a year",
               "at most one a week", "assumption"),
    InputBound("surge.events_per_year_low", 0, 52, 0.1, "events a year",
               "at most one a week", "assumption"),
    InputBound("surge.events_per_year_high", 0, 52, 0.1, "events a year",
               "at most one a week", "assumption"),
    InputBound("surge.emergency_target_minutes", 0, 10_080, 15, "minutes",
               "0 keeps the plan's own target; at most a week", "assumption"),
    InputBound("surge.emergency_target_share", 0, 0.99, 0.01, "share",
               "0 keeps the plan's own share; at most 99 %", "assumption"),
    InputBound("surge.overtime_enhancement", 0, 1, 0.05, "share",
               "added to plain time for surge hours: NJC overtime is time and a half (50 %)",
               "R18"),
)
BOUNDS = {row.name: row for row in _ROWS}


def bound(name: str) -> InputBound:
    return BOUNDS[name]


def check(name: str, value: object, where: str | None = None) -> None:
    """ValueError naming ``where`` (else the row) and the value, when outside the row's bounds."""
    BOUNDS[name].check(value, where)
