"""Helpers for the Data page: imported tables to model groups, inbox summaries to charts.

Pure functions (no Streamlit), so the page only lays things out and they can be unit-tested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

import sample_data
from ingest import ColumnMapping, InboxSummary, RowProblem, merge_groups
from ingest.common import problems_table
from ingest.inbox import ALL_CHANNELS
from ingest.stakeholders import COLUMNS, template_table
from model import Result, Scenario
from model.business_hours import OfficeHours, SamePeriod, response_clocks
from model.calibrate import apply_inbox, today_inbound_per_week
from model.cover import PROMISES_MINUTES
from model.evidence import EvidenceRules, blended_profile, enough_for_a_week, profile_weight
from model.scenario import SUBSTITUTION, MeasuredToday, StakeholderGroup
from model.units import DAY_NAMES as DAYS
from present.board import headline_table
from present.charts import BLACK, BLUE, Chart, figure, vline
from present.content import sentence
from present.csv_export import csv_safe
from present.frames import GROUP_COLUMNS
from present.text import count, duration, percent

MergeMode = Literal["replace", "merge"]
PROBLEMS_SHOWN = 50
NOT_USED = "(not used)"
HISTOGRAM_CAP_MINUTES = 7 * 24 * 60  # answers slower than a week are drawn in the last bar
CHANNEL_LABELS = {
    "channel": "Channel",
    "messages": "Inbound messages",
    "messages_per_week": "A week",
    "share_answered": "Answered",
    "median_first_response_minutes": "Median first response",
}

# --- stakeholder tables -----------------------------------------------------------------------


def stakeholder_field_labels() -> dict[str, str]:
    """Each stakeholder field's heading as the Assessment table shows it."""
    return {name: label for label, (name, _) in GROUP_COLUMNS.items()}


def groups_to_frame(groups: tuple[StakeholderGroup, ...]) -> pd.DataFrame:
    """The scenario's groups as a table with the stakeholder file's columns."""
    saved = [g.saved() for g in groups]
    # A channel the groups carry that channels.csv does not list (an older file's): kept.
    extra = [name for name in dict.fromkeys(n for row in saved for n in row)
             if name.endswith(SUBSTITUTION) and name not in COLUMNS]
    columns = [*COLUMNS[:-1], *extra, COLUMNS[-1]]  # shares before part_of, as the file's
    rows = [{name: row.get(name, 0.0) for name in columns} for row in saved]
    return pd.DataFrame(rows, columns=columns)


def frame_to_groups(table: pd.DataFrame) -> tuple[StakeholderGroup, ...]:
    """Rows to model groups; ValueError (from the model) names the first bad value."""
    names = [f.name for f in fields(StakeholderGroup) if f.name != "substitution_shares"]
    names += [name for name in table.columns if str(name).endswith(SUBSTITUTION)]
    text = ("group", "why", "current_level", "target_level", "part_of")
    groups = []
    for row in table.to_dict("records"):
        values: dict[str, Any] = {name: row.get(name) for name in names}
        for name in ("why", "part_of"):
            values[name] = "" if pd.isna(values[name]) else values[name]
        for name in names:
            values[name] = str(values[name]) if name in text else float(values[name])
        groups.append(StakeholderGroup.from_saved(values))
    return tuple(groups)


def apply_stakeholders(scenario: Scenario, incoming: pd.DataFrame, mode: MergeMode) -> Scenario:
    """A copy of ``scenario`` with the imported groups (replace or merge by name).

    Raises ValueError when the model refuses the result (say, two groups left with one name).
    """
    if incoming.empty:
        raise ValueError("groups: the file has no good rows to apply")
    combined = merge_groups(groups_to_frame(scenario.groups), incoming, mode)
    return replace(scenario, groups=frame_to_groups(combined))


def template_csv() -> bytes:
    """The stakeholder template (expected columns and one example row) as a CSV download."""
    return csv_safe(template_table())


def problems_csv(problems: list[RowProblem]) -> bytes:
    """Every problem as a CSV download, through the formula-safe writer: the cells quote what
    the user's file held."""
    return csv_safe(problems_table(problems))


def problems_frame(problems: list[RowProblem], limit: int = PROBLEMS_SHOWN) -> pd.DataFrame:
    """The first ``limit`` problems as a table for the screen."""
    rows = [{"Row": p.row_number, "Column": p.column, "Value": p.value, "Problem": p.message}
            for p in problems[:limit]]
    return pd.DataFrame(rows, columns=["Row", "Column", "Value", "Problem"])


def problems_heading(problems: list[RowProblem], limit: int = PROBLEMS_SHOWN) -> str:
    """'3 problems in 2 rows' and, when cut, which ones are shown."""
    rows = len({p.row_number for p in problems})
    text = sentence(
        "data_views", "problems_heading",
        problems=(sentence("data_views", "one_problem") if len(problems) == 1
                  else sentence("data_views", "problems", count=str(len(problems)))),
        rows=(sentence("data_views", "one_row") if rows == 1
              else sentence("data_views", "rows", count=str(rows))))
    if len(problems) > limit:
        text += sentence("data_views", "problems_cut", limit=str(limit))
    return text


# --- inbox exports ----------------------------------------------------------------------------


def mapping_from_choices(layout: str, choices: dict[str, str],
                         unit: Literal["seconds", "minutes", "hours"] = "minutes"
                         ) -> ColumnMapping:
    """A ColumnMapping from the manual mapper's selectboxes ('(not used)' means None)."""
    picked: dict[str, Any] = {k: (None if v in ("", NOT_USED) else v)
                              for k, v in choices.items()}
    received = picked.pop("received_at", None) or ""
    if layout not in ("conversation", "message"):
        raise ValueError(f"layout = {layout!r}: expected 'conversation' or 'message'")
    return ColumnMapping(layout, received_at=received, first_response_unit=unit,  # type: ignore[arg-type]
                         **picked)


def profile_grid(profile: np.ndarray) -> np.ndarray:
    """168 hourly shares (Monday 00:00 first) as a 7 x 24 grid, days down, hours across."""
    values = np.asarray(profile, dtype=float)
    if values.shape != (168,):
        raise ValueError(f"arrival_profile: {values.size} values; expected 168")
    return values.reshape(7, 24)


def arrival_heatmap(profile: np.ndarray, messages_per_week: float,
                    timezone: str = "Europe/London") -> Chart:
    """Heatmap of inbound messages per hour of the week, with a one-line caption."""
    per_hour = profile_grid(profile) * messages_per_week
    place = (sentence("data_views", "uk_time") if timezone == "Europe/London"
             else sentence("data_views", "zone_time", zone=timezone))
    fig = figure([{"type": "heatmap", "z": per_hour.tolist(),
                   "x": [f"{h:02d}:00" for h in range(24)], "y": list(DAYS),
                   "colorscale": "Blues", "colorbar": {"title": {"text": "messages<br>an hour"}},
                   "hovertemplate": "%{y} %{x}: %{z:.1f} messages an hour<extra></extra>"}],
                 "When messages arrive (average week)",
                 sentence("data_views", "hour_axis", place=place),
                 "Day of the week", y={"autorange": "reversed"})
    day, hour = np.unravel_index(int(np.argmax(per_hour)), per_hour.shape)
    caption = sentence("data_views", "arrivals_caption", messages=count(messages_per_week),
                       day=DAYS[day], hour=f"{hour:02d}:00",
                       per_hour=f"{per_hour[day, hour]:.1f}")
    return fig, caption


def response_histogram(minutes: pd.Series, target_minutes: float) -> Chart:
    """Distribution of today's first-response times, with the promise marked."""
    answered = minutes.dropna().clip(upper=HISTOGRAM_CAP_MINUTES) / 60
    fig = figure([{"type": "histogram", "x": answered.tolist(), "nbinsx": 60,
                   "marker": {"color": BLUE},
                   "hovertemplate": "%{x} h: %{y} messages<extra></extra>"}],
                 "How long first responses take today", "Hours to first response",
                 "Inbound messages",
                 lines=[vline(target_minutes / 60, colour=BLACK, dash="dash",
                              label=sentence("data_views", "promise_line",
                                             target=duration(target_minutes)))])
    within = float((minutes <= target_minutes).mean()) if len(minutes) else 0.0
    unanswered = float(minutes.isna().mean()) if len(minutes) else 0.0
    caption = sentence("data_views", "responses_caption", within=percent(within),
                       target=duration(target_minutes), unanswered=percent(unanswered))
    return fig, caption


def channel_table(summary: InboxSummary) -> pd.DataFrame:
    """The by-channel table with readable headings and formatted numbers."""
    table = summary.by_channel.copy()
    table["messages_per_week"] = table["messages_per_week"].map(count)
    table["share_answered"] = table["share_answered"].map(percent)
    table["median_first_response_minutes"] = table["median_first_response_minutes"].map(
        lambda m: "none answered" if pd.isna(m) else duration(float(m)))
    return table.rename(columns=CHANNEL_LABELS)


def evidence_rules() -> EvidenceRules:
    """The sample's evidence rules (sample_data/evidence.csv)."""
    settings = sample_data.evidence_settings()
    return EvidenceRules(**{f.name: settings[f.name] for f in fields(EvidenceRules)})


def fit_to_inbox(scenario: Scenario, summary: InboxSummary,
                 rules: EvidenceRules | None = None) -> Scenario:
    """The scenario fitted to the export as far as its evidence goes, with today's service as
    the export measured it (what every "vs today" compares with).

    The week shape is the export's blended with the scenario's, weight n ÷ (n + k); the weekly
    volume is the export's only when it covers at least ``min_weeks_for_volume`` (a part-week
    has not seen every day), else the scenario keeps its own.
    """
    rules = rules or evidence_rules()
    weight = profile_weight(summary.inbound_messages, rules.prior_messages)
    profile = blended_profile(summary.arrival_profile, scenario.arrival_profile, weight)
    volume = (summary.messages_per_week if summary.weeks_covered >= rules.min_weeks_for_volume
              else today_inbound_per_week(scenario))
    fitted = apply_inbox(scenario, volume, profile)
    measured = MeasuredToday(
        source=summary.file_name, inbound_per_week=float(summary.messages_per_week),
        share_answered=float(summary.share_answered),
        median_first_response_minutes=_or_never(summary.median_first_response_minutes),
        within_minutes=PROMISES_MINUTES,
        within_share=tuple(summary.share_within(m) for m in PROMISES_MINUTES))
    return replace(fitted, measured_today=measured)


@dataclass(frozen=True)
class EvidenceNote:
    """How much an export says, in words: a headline, what applying uses and what it does not."""

    enough: bool
    headline: str
    uses: list[str]
    leaves: list[str]


def evidence_note(summary: InboxSummary, rules: EvidenceRules | None = None) -> EvidenceNote:
    """What the file holds (messages, weeks, accounts) and what "Use in my scenario" takes."""
    rules = rules or evidence_rules()
    n, weeks = summary.inbound_messages, summary.weeks_covered
    enough = enough_for_a_week(n, weeks, rules)
    weight = profile_weight(n, rules.prior_messages)
    low, high = summary.messages_per_week_interval
    channels = [c for c in summary.by_channel["channel"].tolist() if c != ALL_CHANNELS]
    held = _held(summary, n, weeks, len(channels))
    weeks_needed, messages_needed = f"{rules.min_weeks:g}", f"{rules.min_messages:,}"
    headline = (sentence("data_views", "enough", held=held, weeks=weeks_needed,
                         messages=messages_needed) if enough
                else sentence("data_views", "too_little", held=held, weeks=weeks_needed,
                              messages=messages_needed))
    uses = [sentence("data_views", "uses_response_times", messages=f"{n:,}"),
            sentence("data_views", "uses_week_shape", weight=percent(weight),
                     prior=f"{rules.prior_messages:g}")]
    leaves = []
    volume = sentence("data_views", "volume", per_week=count(summary.messages_per_week),
                      low=count(low), high=count(high))
    if weeks >= rules.min_weeks_for_volume:
        uses.append(sentence("data_views", "uses_volume", volume=volume))
    else:
        leaves.append(sentence("data_views", "leaves_volume", volume=volume,
                               weeks=f"{rules.min_weeks_for_volume:g}"))
    if weight < 0.5:
        leaves.append(sentence("data_views", "leaves_week_shape", share=percent(1 - weight)))
    return EvidenceNote(enough, headline, uses, leaves)


def _held(summary: InboxSummary, n: int, weeks: float, channels: int) -> str:
    """'1,234 inbound messages over 6.0 weeks from 2 accounts on 3 channels'."""
    held = (sentence("data_views", "one_message", weeks=f"{weeks:.1f}") if n == 1
            else sentence("data_views", "messages", count=f"{n:,}", weeks=f"{weeks:.1f}"))
    accounts = len(summary.accounts)
    if accounts > 1 and not summary.account:
        held += sentence("data_views", "from_accounts", accounts=str(accounts))
    if summary.account:
        held += sentence("data_views", "one_account", account=str(summary.account))
    if channels:
        held += (sentence("data_views", "one_channel") if channels == 1
                 else sentence("data_views", "channels", count=str(channels)))
    return held


def _or_never(minutes: float) -> float:
    """NaN (nothing answered) reads as "never", the model's word for an endless wait."""
    return math.inf if math.isnan(minutes) else float(minutes)


BEFORE_AFTER = {"Inbound messages a week (plan)": "inbound_per_week",
                "Net present value": "npv_gbp", "FTE required": "fte_required",
                "Share within target": "share_within_target",
                "Median response": "median_response_minutes"}


def before_after(before: Result, after: Result) -> pd.DataFrame:
    """Headline numbers before and after a change, formatted for the screen."""
    return headline_table(before, after, BEFORE_AFTER, ("Before", "After"))


# --- today's first responses on the vendors' clocks, and beside others -------------------------


def default_office_hours() -> OfficeHours:
    """The sample's office hours (sample_data/evidence.csv)."""
    settings = sample_data.evidence_settings()
    return OfficeHours.from_names(settings["office_open_hour"], settings["office_close_hour"],
                                  settings["office_days"])


def clocks_table(summary: InboxSummary, office: OfficeHours,
                 same_period: SamePeriod = "full") -> pd.DataFrame:
    """Today's first responses on the 24-hour clock and in business hours, with definitions."""
    if summary.received_at is None:
        raise ValueError("received_at: the summary has no arrival times; read it again")
    clocks = response_clocks(summary.received_at, summary.first_response_minutes, office,
                             same_period)
    return pd.DataFrame([{
        "Clock": c.clock,
        "Median first response": _minutes_or_none(c.median_minutes),
        "Mean first response": _minutes_or_none(c.mean_minutes),
        "Answered": percent(c.share_answered),
        "How it is measured": c.definition,
    } for c in clocks])


def _minutes_or_none(minutes: float) -> str:
    return "none answered" if math.isnan(minutes) else duration(minutes)


BENCHMARK_MEASURES = {
    "share_answered": "Share answered",
    "mean_first_response_hours": "Mean first response",
    "share_within_2_hours": "Share answered within 2 hours",
    "share_expecting_within_1_hour": "Share of people expecting a reply within 1 hour",
    "share_expecting_within_24_hours": "Share of people expecting a reply within 24 hours",
}


def benchmark_table(summary: InboxSummary) -> pd.DataFrame:
    """The council's own median and share answered, then each published figure beside them
    (sample_data/benchmarks.csv), with its year, place, channel, source and caveat."""
    period = f"{summary.period_start:%Y}"
    own = [
        {"Who": f"You: {summary.file_name}", "Measure": "Share answered",
         "Figure": percent(summary.share_answered), "Year": period, "Where": "",
         "Channel": "this export", "Caveat": "24-hour clock; every inbound message counts",
         "Source": "your export"},
        {"Who": f"You: {summary.file_name}", "Measure": "Median first response",
         "Figure": _minutes_or_none(summary.median_first_response_minutes), "Year": period,
         "Where": "", "Channel": "this export", "Caveat": "24-hour clock; answered messages",
         "Source": "your export"},
    ]
    published = [{
        "Who": row["who"], "Measure": BENCHMARK_MEASURES.get(row["measure"], row["measure"]),
        "Figure": _benchmark_figure(row), "Year": row["year"], "Where": row["place"],
        "Channel": row["channel"], "Caveat": row["caveat"], "Source": row["source"],
    } for row in sample_data.benchmarks()]
    return pd.DataFrame(own + published)


def _benchmark_figure(row: dict[str, str]) -> str:
    value = float(row["value"])
    if row["unit"] == "share":
        return percent(value)
    if row["unit"] == "hours":
        return duration(value * 60)
    raise ValueError(f"benchmarks.csv row {row['id']!r}: unit {row['unit']!r}; expected "
                     "share or hours")
