"""How we will know it is worthwhile: a measurement plan, plan-vs-actual and a board summary.

Follows the UK Government Communication Service (GCS) Evaluation Framework chain
inputs → outputs → outtakes → outcomes → impact. Every measure is derived from the model
(`Result`), never typed by hand; actual values come from a later inbox export
(`InboxFigures`, which `ingest.InboxSummary` extends: the model does not import the readers) and,
optionally, a monthly table of phone calls and visits (`ingest.read_calls`).
Pure: no Streamlit, no file I/O.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np
import pandas as pd

from model.appraisal import ramp_share
from model.inbox_figures import InboxFigures as InboxFigures  # re-exported
from model.money import running_cost_gbp_per_year
from model.result import Result, scenario_prices
from model.scenario import Scenario
from model.units import DAYS_PER_MONTH, MONTHS_PER_YEAR, WEEKS_PER_YEAR
from model.value import Operations, demand, patience_met
from model.volumes import invited_share, message_outcomes


class Stage(StrEnum):
    """The GCS Evaluation Framework's stages, in order (their names are the framework's)."""

    INPUTS = "Inputs"
    OUTPUTS = "Outputs"
    OUTTAKES = "Outtakes"
    OUTCOMES = "Outcomes"
    IMPACT = "Impact"


class Good(StrEnum):
    """Which way a measure is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Unit(StrEnum):
    """What a measure's number counts (the comparison's tolerance depends on it)."""

    FTE = "FTE"
    HOURS_PER_WEEK = "hours a week"
    GBP_PER_YEAR = "£ a year"
    GBP = "£"
    SHARE = "share"
    MINUTES = "minutes"
    REPLIES_PER_WEEK = "replies a week"
    MESSAGES_PER_WEEK = "messages a week"
    EVENTS_PER_YEAR = "events a year"
    CALLS_PER_MONTH = "calls a month"
    VISITS_PER_MONTH = "visits a month"
    CONTACTS_PER_MONTH = "contacts a month"  # on another contact channel (email, say)
    RESPONSES_PER_YEAR = "responses a year"


class Rhythm(StrEnum):
    """How often a measure is reviewed after its first review."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


STAGES = tuple(Stage)
RAMP_TARGET_SHARE = 0.95  # a target is "reached" when the S-curve has made 95 % of the move
MIN_WEEKS_COVERED = 2.0
# Review rhythm after the first review date, by stage (months to the first review, rhythm).
REVIEW_RHYTHM: dict[Stage, tuple[int, Rhythm]] = {
    Stage.INPUTS: (1, Rhythm.MONTHLY),
    Stage.OUTPUTS: (3, Rhythm.MONTHLY),
    Stage.OUTTAKES: (3, Rhythm.MONTHLY),
    Stage.OUTCOMES: (0, Rhythm.QUARTERLY),  # 0: first review when the target is due
    Stage.IMPACT: (12, Rhythm.YEARLY),
}
IMPACT_REVIEW_MONTHS = REVIEW_RHYTHM[Stage.IMPACT][0]


NO_CHANNEL_COLUMN = "All"  # what ingest reports when an export has no channel column
UNRAMPED = frozenset({"fte", "cover_hours", "running_cost_gbp"})  # due in full from the start
PLAN_COLUMNS = ["stage", "measure_id", "unit", "good", "baseline", "target", "target_date",
                "review_date", "then"]


@dataclass(frozen=True)
class Measure:
    """One measure's numbers; its name, data source and derivation are words, in
    content/measures.csv (``present.words.with_measure_words``)."""

    stage: Stage
    measure_id: str
    unit: Unit
    good: Good
    baseline: float
    target: float


# ---------------------------------------------------------------- the plan


def target_month(scenario: Scenario) -> int:
    """Months after the start by which the adoption S-curve has made 95 % of the move."""
    ramp_months = scenario.appraisal.ramp_months
    if ramp_months <= 0:
        return 0
    shares = ramp_share(ramp_months + 1, ramp_months)
    return int(np.argmax(shares >= RAMP_TARGET_SHARE)) + 1


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when it is shorter)."""
    stamp = pd.Timestamp(start) + pd.DateOffset(months=months)
    return stamp.date()


def months_between(start: date, later: date) -> float:
    return (pd.Timestamp(later) - pd.Timestamp(start)).days / DAYS_PER_MONTH


def _scalar(value: float | np.ndarray) -> float:
    return float(np.asarray(value).reshape(-1)[0])


def _weighted(values: list[float], weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float(np.asarray(values) @ weights / total) if total > 0 else float(np.mean(values))


def _substitution(scenario: Scenario, ops: Operations, key: str) -> float:
    """Reply-weighted share of timely replies that save a contact on channel `key`."""
    return _weighted([g.substitution_share(key) for g in scenario.groups],
                     np.asarray(ops.replies_per_year))


# Each contact channel's measure: contacts avoided a month (ids as content/measures.csv has them;
# another channel's is `<key>_avoided_per_month`, its words content/measures.csv's
# `contact_avoided_per_month` row).
CONTACT_MEASURES = {"phone": ("phone_avoided_per_month", Unit.CALLS_PER_MONTH),
                    "visit": ("visits_avoided_per_month", Unit.VISITS_PER_MONTH)}


def contact_measure(key: str) -> tuple[str, Unit]:
    """The measure id and unit of contact channel `key`'s contacts avoided."""
    return CONTACT_MEASURES.get(key, (f"{key}_avoided_per_month", Unit.CONTACTS_PER_MONTH))


def _contacts_avoided(result: Result) -> list[Measure]:
    plan, today = result.flows.plan, result.flows.today
    return [Measure(Stage.OUTCOMES, *contact_measure(key), Good.HIGHER, 0.0,
                    _per_month(plan.contacts_avoided_per_year[key])
                    - _per_month(today.contacts_avoided_per_year[key]))
            for key in result.scenario.contact_channels]


def _per_month(per_year: np.ndarray) -> float:
    return float(np.sum(per_year)) / MONTHS_PER_YEAR


def _events_per_year(scenario: Scenario, levels: list[str]) -> float:
    return float(sum(scenario.level(name).events_per_year for name in levels))


def _content_hours(scenario: Scenario, levels: list[str]) -> float:
    return float(sum(scenario.level(name).content_hours_per_week for name in levels))


def _share_answered(ops: Operations) -> float:
    inbound = float(np.sum(ops.inbound_per_year))
    return float(np.sum(ops.replies_per_year)) / inbound if inbound > 0 else 0.0


def _p90(ops: Operations) -> float:
    return ops.week.p90_response_minutes if ops.week is not None else math.inf


def _measures(result: Result, review_months: int) -> list[Measure]:
    scenario, plan, today = result.scenario, result.plan, result.baseline
    volumes, prices = result.flows, scenario_prices(scenario, {})
    now_levels = [g.current_level for g in scenario.groups]
    target_levels = [g.target_level for g in scenario.groups]
    return [
        Measure(Stage.INPUTS, "fte", Unit.FTE, Good.HIGHER, result.fte_today, result.fte_planned),
        Measure(Stage.INPUTS, "cover_hours", Unit.HOURS_PER_WEEK, Good.HIGHER,
                float(sum(scenario.staffing.current_cover)), float(sum(scenario.promise.cover))),
        Measure(Stage.INPUTS, "running_cost_gbp", Unit.GBP_PER_YEAR, Good.LOWER,
                running_cost_gbp_per_year(scenario, volumes.today, prices),
                running_cost_gbp_per_year(scenario, volumes.plan, prices, surge_cover=True)),
        Measure(Stage.OUTPUTS, "replies_per_week", Unit.REPLIES_PER_WEEK, Good.HIGHER,
                result.today.replies_per_week, result.replies_per_week),
        Measure(Stage.OUTPUTS, "share_answered", Unit.SHARE, Good.HIGHER,
                _share_answered(today), _share_answered(plan)),
        Measure(Stage.OUTPUTS, "content_hours", Unit.HOURS_PER_WEEK, Good.HIGHER,
                _content_hours(scenario, now_levels), _content_hours(scenario, target_levels)),
        Measure(Stage.OUTPUTS, "events_per_year", Unit.EVENTS_PER_YEAR, Good.HIGHER,
                _events_per_year(scenario, now_levels),
                _events_per_year(scenario, target_levels)),
        Measure(Stage.OUTTAKES, "inbound_per_week", Unit.MESSAGES_PER_WEEK, Good.HIGHER,
                result.today.inbound_per_week, result.inbound_per_week),
        Measure(Stage.OUTTAKES, "share_within_promise", Unit.SHARE, Good.HIGHER,
                result.today.share_within_target, result.share_within_target),
        Measure(Stage.OUTTAKES, "median_response_minutes", Unit.MINUTES, Good.LOWER,
                result.today.median_response_minutes, result.median_response_minutes),
        Measure(Stage.OUTTAKES, "p90_response_minutes", Unit.MINUTES, Good.LOWER,
                _p90(today), result.p90_response_minutes),
        *_contacts_avoided(result),
        Measure(Stage.OUTCOMES, "failure_calls_per_month", Unit.CALLS_PER_MONTH, Good.LOWER,
                _per_month(volumes.today.chaser_calls_per_year),
                _per_month(volumes.plan.chaser_calls_per_year)),
        Measure(Stage.OUTCOMES, "consultation_responses_per_year", Unit.RESPONSES_PER_YEAR,
                Good.HIGHER,
                float(np.sum(today.consultation_responses_per_year)),
                float(np.sum(plan.consultation_responses_per_year))),
        Measure(Stage.IMPACT, "net_benefit_to_date_gbp", Unit.GBP, Good.HIGHER, 0.0,
                path_at(result, review_months)),
    ]


def path_at(result: Result, months: float) -> float:
    """The appraisal's cumulative discounted net benefit after ``months`` months."""
    path = result.monthly_cumulative_gbp
    index = int(min(max(math.floor(months), 1), path.size)) - 1
    return float(path[index])


def measurement_plan(scenario: Scenario, result: Result, start_date: date) -> pd.DataFrame:
    """One row a measure, inputs → impact: baseline, target and date, source, review date."""
    if not isinstance(start_date, date):
        raise ValueError(f"start_date = {start_date!r}: expected a date")
    if result.scenario != scenario:
        raise ValueError("result: it was evaluated from a different scenario; expected "
                         "evaluate(scenario) for the scenario given")
    due = target_month(scenario)
    impact_months = IMPACT_REVIEW_MONTHS
    rows = []
    for item in _measures(result, impact_months):
        first, then = REVIEW_RHYTHM[item.stage]
        months_to_target = (impact_months if item.stage is Stage.IMPACT
                            else 0 if item.measure_id in UNRAMPED else due)
        rows.append({
            "stage": item.stage, "measure_id": item.measure_id, "unit": item.unit,
            "good": item.good, "baseline": item.baseline, "target": item.target,
            "target_date": add_months(start_date, months_to_target),
            "review_date": add_months(start_date, first or due), "then": then,
        })
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def plan_progress(scenario: Scenario, start_date: date, as_of: date) -> float:
    """Share of the planned move the ramp expects by ``as_of`` (0 before the start)."""
    months = months_between(start_date, as_of)
    if months <= 0:
        return 0.0
    horizon = max(int(math.ceil(months)) + 1, 2)
    shares = ramp_share(horizon, scenario.appraisal.ramp_months)
    return float(shares[min(int(math.floor(months)), shares.size - 1)])


def expected_at(plan_table: pd.DataFrame, result: Result, start_date: date,
                as_of: date) -> dict[str, float]:
    """What the plan expects of each measure at ``as_of``: inputs in full from the start,
    the rest part-way along the adoption ramp, impact on the appraisal's path."""
    progress = plan_progress(result.scenario, start_date, as_of)
    expected: dict[str, float] = {}
    for row in plan_table.itertuples(index=False):
        key = str(row.measure_id)
        baseline, target = float(row.baseline), float(row.target)  # type: ignore[arg-type]
        if key == "net_benefit_to_date_gbp":
            expected[key] = path_at(result, months_between(start_date, as_of))
        elif key in UNRAMPED:
            expected[key] = target
        elif math.isfinite(baseline) and math.isfinite(target):
            expected[key] = baseline + progress * (target - baseline)
        else:
            expected[key] = target
    return expected


# ---------------------------------------------------------------- actuals from an export


def review_date(summary: InboxFigures) -> date:
    """The middle of the export's period: the date its figures describe."""
    middle = summary.period_start + (summary.period_end - summary.period_start) / 2
    return pd.Timestamp(middle).date()


def check_export(summary: InboxFigures, scenario: Scenario, start_date: date,
                 expected_channels: Collection[str] | None = None) -> None:
    """ValueError in plain words when an export cannot be compared with the plan."""
    if summary.weeks_covered < MIN_WEEKS_COVERED:
        raise ValueError(
            f"{summary.file_name} covers only {summary.weeks_covered:.1f} weeks "
            f"({_period(summary)}); at least {MIN_WEEKS_COVERED:.0f} weeks are needed so one "
            "odd week does not decide the review. Export a longer period.")
    plan_end = add_months(start_date, scenario.appraisal.horizon_years * MONTHS_PER_YEAR)
    first, last = summary.period_start.date(), summary.period_end.date()
    if last <= start_date or first >= plan_end:
        raise ValueError(
            f"{summary.file_name} covers {_period(summary)}, but the plan runs from "
            f"{start_date:%d %b %Y} to {plan_end:%d %b %Y}; expected an export from "
            "inside the plan's period (or change the plan's start date).")
    seen = set(summary.by_channel["channel"].astype(str))
    if expected_channels and seen != {NO_CHANNEL_COLUMN}:
        wanted = {str(c) for c in expected_channels}
        missing = sorted(wanted - seen)
        if missing:
            extra = sorted(seen - wanted)
            raise ValueError(
                f"{summary.file_name} has no messages from {', '.join(missing)}, which the "
                f"plan covers" + (f" (it has {', '.join(extra)} instead)" if extra else "")
                + "; export every channel the plan covers, or untick the missing ones.")


def _period(summary: InboxFigures) -> str:
    last = summary.period_end - pd.Timedelta(days=1)
    return f"{summary.period_start:%d %b %Y} to {last:%d %b %Y}"


def _calls_actuals(table: pd.DataFrame, start_date: date, summary: InboxFigures,
                   contact_channels: tuple[str, ...] = ()) -> dict[str, float]:
    start = pd.Timestamp(start_date).to_period("M").to_timestamp()
    before = table[table["month"] < start]
    first = summary.period_start.tz_localize(None).to_period("M").to_timestamp()
    last = (summary.period_end.tz_localize(None) - pd.Timedelta(days=1)).to_period(
        "M").to_timestamp()
    during = table[(table["month"] >= first) & (table["month"] <= last)]
    if before.empty:
        raise ValueError(f"calls: no month before the plan's start ({start_date:%b %Y}); "
                         "expected at least one month before it, so the fall in calls and "
                         "visits can be measured")
    if during.empty:
        raise ValueError(f"calls: no month from {first:%b %Y} to {last:%b %Y}, the period the "
                         "inbox export covers; expected the same months in both files")
    values = {
        "phone_avoided_per_month": float(before["phone_calls"].mean()
                                         - during["phone_calls"].mean()),
        "visits_avoided_per_month": float(before["visits"].mean() - during["visits"].mean()),
    }
    for key in contact_channels:  # another channel's count, `<key>_contacts`, when given
        column = f"{key}_contacts"
        if key not in CONTACT_MEASURES and column in during:
            values[contact_measure(key)[0]] = float(before[column].mean()
                                                    - during[column].mean())
    if "failure_demand_calls" in during:
        values["failure_calls_per_month"] = float(during["failure_demand_calls"].mean())
    if "consultation_responses" in during:
        values["consultation_responses_per_year"] = float(
            during["consultation_responses"].mean() * MONTHS_PER_YEAR)
    return values


def actuals_from_inbox(summary: InboxFigures, calls: pd.DataFrame | None = None, *,
                       result: Result, start_date: date,
                       expected_channels: Collection[str] | None = None,
                       others: Mapping[str, float] | None = None,
                       recalibrated: Result | None = None) -> dict[str, float]:
    """Measure values from a later inbox export (+ optional monthly calls and visits, as
    `ingest.read_calls` gives them).

    Without a calls table, calls and visits avoided are estimated from the export the way the
    model does it (timely replies × the groups' substitution shares, less today's). ``others``
    adds figures from elsewhere (staff in post, events held, running cost, …) by measure id.
    ``recalibrated`` (the appraisal re-run with this export, see `recalibrate`) gives the
    net benefit to date at the export's date.
    """
    scenario = result.scenario
    check_export(summary, scenario, start_date, expected_channels)
    minutes = summary.first_response_minutes.to_numpy(dtype=float)
    answered = minutes[np.isfinite(minutes)]
    weeks_per_month = WEEKS_PER_YEAR / MONTHS_PER_YEAR
    inbound = float(summary.messages_per_week)
    replies = inbound * summary.share_answered
    meets = float(patience_met(scenario, answered).mean()) if answered.size else 0.0
    econ, baseline = scenario.economics, result.flows.today
    measured = message_outcomes(
        np.array(inbound * weeks_per_month), np.array(replies * weeks_per_month), meets,
        {key: _substitution(scenario, result.plan, key) for key in scenario.contact_channels},
        econ.failure_call_share, econ.failure_complaint_share,
        invited_share(np.array(inbound * weeks_per_month),
                      np.array(_per_month(baseline.inbound_per_year))),
        econ.invited_substitution_share)
    target = scenario.promise.response_target_minutes
    values: dict[str, float] = {
        "replies_per_week": replies,
        "share_answered": float(summary.share_answered),
        "inbound_per_week": inbound,
        "share_within_promise": (float(np.mean(answered <= target)) if answered.size else 0.0),
        "median_response_minutes": (float(np.median(answered)) if answered.size else math.inf),
        "p90_response_minutes": (float(np.quantile(answered, 0.9)) if answered.size
                                 else math.inf),
        "failure_calls_per_month": float(measured.chaser_calls),
        **{contact_measure(key)[0]: float(measured.contacts_avoided[key])
           - _per_month(baseline.contacts_avoided_per_year[key])
           for key in scenario.contact_channels},
    }
    if recalibrated is not None:
        values["net_benefit_to_date_gbp"] = path_at(
            recalibrated, months_between(start_date, review_date(summary)))
    if calls is not None:
        values.update(_calls_actuals(calls, start_date, summary, scenario.contact_channels))
    if others:
        values.update({k: float(v) for k, v in others.items() if v is not None})
    return values


# ---------------------------------------------------------------- what to step back


@dataclass(frozen=True)
class StepBack:
    """A group stepped back one level: the move that frees the most reply time."""

    group: str
    from_level: str
    to_level: str


def step_back(scenario: Scenario) -> StepBack | None:
    """The group whose planned move up asks most reply time, one level lower (None: no move)."""
    ladder = scenario.level_names
    hours = demand(scenario, [g.target_level for g in scenario.groups]).reply_hours_per_year
    best: tuple[float, StepBack] | None = None
    for group, reply_hours in zip(scenario.groups, hours):
        target = ladder.index(group.target_level)
        if target <= ladder.index(group.current_level):
            continue
        if best is None or reply_hours > best[0]:
            best = (float(reply_hours), StepBack(group.group, group.target_level,
                                                 ladder[target - 1]))
    return None if best is None else best[1]
