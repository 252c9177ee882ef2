"""Review: the measurement plan, plan against actual from a later export, and recalibration."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from ingest import PRESETS, ImportProblem, InboxSummary, sandbox
from model import Result, Scenario
from model import compare as cmp
from model import measurement as mm
from model import recalibrate as recal
from present import board, words
from present.content import prose
from present.csv_export import csv_safe
from present.markdown import literal
from present.text import count, duration, fte, money, percent
from ui import state
from ui.widgets import guarded, show_flash, upload_or_sample

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_EXPORT = ROOT / "sample_data" / "review_export_synthetic.csv"
SAMPLE_START = date(2025, 1, 6)  # the start the synthetic later export was made for
DETECT = "Detect automatically"
PENDING_KEY = "review_pending"
FLASH_KEY = "review_flash"
# Optional figures from elsewhere: measure id → (label, step); handle time is not a measure.
OTHER_FIGURES = {
    "fte": ("Staff in post (FTE)", 0.1),
    "cover_hours": ("Hours of cover a week", 1.0),
    "running_cost_gbp": ("Running cost a year (£)", 1000.0),
    "content_hours": ("Proactive content, hours a week", 1.0),
    "events_per_year": ("Engagement events, a year", 1.0),
    "consultation_responses_per_year": ("Consultation responses from social, a year", 1.0),
}
HANDLE_KEY = "review_handle_minutes"


def sections() -> dict[str, str]:
    """content/review.md split at its '## ' headings: {heading: body}."""
    parts: dict[str, str] = {}
    for block in prose("review").split("\n## "):
        heading, _, body = block.lstrip("# ").partition("\n")
        parts[heading.strip()] = body.strip()
    return parts


def value_text(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "share":
        return percent(value)
    if unit == "minutes":
        return duration(value)
    if unit.startswith("£"):
        return money(value)
    if unit == "FTE":
        return fte(value)
    return count(value)


# On a projector (1280 px) all ten columns were cut: these are the ones a board reads.
PRESENTER_PLAN_COLUMNS = ("Stage", "Measure", "Baseline (today)", "Target", "Target date",
                          "First review")


def plan_view(plan: pd.DataFrame, presenting: bool = False) -> pd.DataFrame:
    view = _plan_view(plan)
    return view[list(PRESENTER_PLAN_COLUMNS)] if presenting else view


def _plan_view(plan: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Stage": plan["stage"],
        "Measure": plan["measure"],
        "Unit": plan["unit"],
        "Baseline (today)": [value_text(v, u) for v, u in zip(plan["baseline"], plan["unit"])],
        "Target": [value_text(v, u) for v, u in zip(plan["target"], plan["unit"])],
        "Target date": [f"{d:%d %b %Y}" for d in plan["target_date"]],
        "Good when": [f"{g} is better" for g in plan["good"]],
        "Data source": plan["source"],
        "First review": [f"{d:%d %b %Y}" for d in plan["review_date"]],
        "Then": plan["then"],
    })


def comparison_view(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Stage": table["stage"],
        "Measure": table["measure"],
        "Plan by now": [value_text(v, u) for v, u in zip(table["plan"], table["unit"])],
        "Actual": [value_text(v, u) for v, u in zip(table["actual"], table["unit"])],
        "Gap": table["gap_text"],
        "Status": [board.status_label(s) for s in table["status"]],
    })


@st.cache_data(show_spinner="Reading the later export…", max_entries=8)
def _read_inbox(data: bytes, name: str, preset: str | None, timezone: str) -> InboxSummary:
    return sandbox.read_inbox(data, name, preset=preset, timezone=timezone)


@st.cache_data(show_spinner=False, max_entries=8)
def _read_calls(data: bytes, name: str) -> pd.DataFrame:
    return sandbox.read_calls_table(data, name)


# ---------------------------------------------------------------- the plan


def plan_section(scenario: Scenario, result: Result, start: date, text: dict[str, str]
                 ) -> pd.DataFrame | None:
    st.header("The measurement plan")
    st.markdown(text.get("The measurement plan", ""))
    plan = guarded(mm.measurement_plan, scenario, result, start)
    if plan is None:
        return None
    plan = words.with_measure_words(plan, result)
    st.dataframe(plan_view(plan, state.presenting()), hide_index=True, width="stretch")
    st.download_button("Download the measurement plan (CSV)", csv_safe(plan),
                       file_name="measurement_plan.csv", mime="text/csv", key="review_plan_csv")
    return plan


# ---------------------------------------------------------------- actuals


def _export_source() -> tuple[bytes, str] | None:
    return upload_or_sample(
        "Later social-inbox export (CSV or .xlsx)", "review_inbox", "review_sample",
        "Load the synthetic later export",
        "Four weeks of made-up messages a year into the sample plan (synthetic), generated "
        "from the plan itself.", SAMPLE_EXPORT)


def _other_figures() -> tuple[dict[str, float], float | None]:
    with st.expander("Figures from elsewhere (optional)"):
        st.caption("Leave blank what you don't know; it shows as not measured yet.")
        columns = st.columns(3)
        others: dict[str, float] = {}
        for number, (key, (label, step)) in enumerate(OTHER_FIGURES.items()):
            value = columns[number % 3].number_input(label, min_value=0.0, value=None,
                                                     step=step, key=f"review_other_{key}")
            if value is not None:
                others[key] = float(value)
        handle = columns[0].number_input(
            "Minutes a reply takes (from your tool's handle-time report)", min_value=0.1,
            value=None, step=0.5, key=HANDLE_KEY,
            help="Used by Recalibrate; message exports do not record staff time.")
    return others, (None if handle is None else float(handle))


def actuals_section(scenario: Scenario, result: Result, plan: pd.DataFrame, start: date,
                    text: dict[str, str]) -> None:
    st.header("Plan against actual")
    st.markdown(text.get("Plan against actual", ""))
    source = _export_source()
    preset_choice = st.selectbox("Export layout", [DETECT, *PRESETS], key="review_preset")
    if preset_choice in PRESETS:
        st.caption(PRESETS[preset_choice].note)
    timezone = st.text_input("Time zone of times written without one", "Europe/London",
                             key="review_tz")
    calls_file = st.file_uploader("Monthly calls and visits (optional CSV or .xlsx)",
                                  key="review_calls")
    channels = st.multiselect("Channels the plan covers", list(scenario.channels),
                              default=list(scenario.channels), key="review_channels",
                              accept_new_options=True,
                              help="An export missing one of these is refused: it would "
                                   "undercount demand. Type to add your own; saved with "
                                   "the scenario.")
    if tuple(channels) != scenario.channels:
        state.set_scenario(replace(scenario, channels=tuple(channels)))
    others, handle = _other_figures()
    if source is None:
        st.info("Upload a later export, or load the synthetic one, to compare it with the plan.")
        return
    data, name = source
    try:
        summary = _read_inbox(data, name, None if preset_choice == DETECT else preset_choice,
                              timezone)
        calls = None if calls_file is None else _read_calls(calls_file.getvalue(),
                                                            calls_file.name)
    except (ImportProblem, ValueError) as problem:
        st.error(literal(problem), icon="⚠️")
        return
    last = summary.period_end - pd.Timedelta(days=1)
    st.info(f"{literal(summary.file_name)}, read as **{summary.preset}**: "
            f"{summary.inbound_messages:,} inbound messages from {summary.period_start:%d %b %Y} "
            f"to {last:%d %b %Y} ({summary.weeks_covered:.1f} weeks).")
    try:
        mm.check_export(summary, scenario, start, channels)
        steps = recal.recalibration_steps(scenario, summary, start, handle)
        after = state.evaluate(steps[-1].scenario)
        actual = mm.actuals_from_inbox(summary, calls, result=result, start_date=start,
                                       expected_channels=channels, others=others,
                                       recalibrated=after)
    except ValueError as error:
        st.error(literal(f"This export can't be compared with the plan: {error}"), icon="⚠️")
        return
    as_of = mm.review_date(summary)
    expected = mm.expected_at(plan, result, start, as_of)
    comparison = words.with_gap_text(cmp.compare_actuals(plan, actual, expected))
    comparison = words.with_measure_words(comparison, result)
    progress = mm.plan_progress(scenario, start, as_of)
    st.markdown(f"**Plan against actual, {as_of:%B %Y}** — the plan expects "
                f"{percent(progress)} of the move from today's levels by then.")
    st.dataframe(comparison_view(comparison), hide_index=True, width="stretch")
    st.caption("Status in words and icons: on track ✅, behind ⚠️, ahead ⬆️, not measured yet ➖."
               + ("" if calls is not None else " Calls and visits avoided are estimated from "
                  "the export (no monthly calls file)."))
    st.download_button("Download plan against actual (CSV)", csv_safe(comparison),
                       file_name="plan_against_actual.csv", mime="text/csv",
                       key="review_actual_csv")
    recalibrate_section(scenario, result, steps, text)
    board_section(comparison, result, after, as_of, text)


# ---------------------------------------------------------------- recalibrate and the board


def _steps_view(steps: list[recal.RecalibrationStep]) -> pd.DataFrame:
    rows = []
    for step in steps:
        result = guarded(state.evaluate, step.scenario)
        if result is None:
            continue
        rows.append({"Step": words.recalibration_label(step),
                     "FTE required": fte(result.fte_required),
                     "Net present value": money(result.npv_gbp),
                     "Ready": "yes ✅" if result.ready else "no ⚠️"})
    return pd.DataFrame(rows)


def recalibrate_section(scenario: Scenario, result: Result, steps: list[recal.RecalibrationStep],
                        text: dict[str, str]) -> None:
    st.header("Recalibrate")
    st.markdown(text.get("Recalibrate", ""))
    # A pending recalibration belongs to this plan and this export: either changing hides it.
    base, fitted_json = state.scenario_key(scenario), json.dumps(steps[-1].scenario.to_dict())
    if st.button("Recalibrate", key="review_recalibrate", type="primary"):
        st.session_state[PENDING_KEY] = {"base": base, "after": fitted_json}
    pending = st.session_state.get(PENDING_KEY)
    if not pending or pending["base"] != base or pending["after"] != fitted_json:
        return
    fitted = Scenario.from_dict(json.loads(pending["after"]))
    after = guarded(state.evaluate, fitted)
    if after is None:
        return
    st.markdown("**How the plan would move** (nothing has changed yet)")
    st.dataframe(board.movement(result, after), hide_index=True, width="stretch")
    st.markdown("**Why: one measured assumption at a time**")
    st.dataframe(_steps_view(steps), hide_index=True, width="stretch")
    st.caption(words.readiness_text(after.readiness))
    left, right = st.columns(2)
    if left.button("Accept the recalibration", key="review_accept", type="primary"):
        state.replace_scenario(fitted)
        st.session_state.pop(PENDING_KEY, None)
        st.session_state[FLASH_KEY] = (
            f"Recalibrated: the plan now expects {count(after.inbound_per_week)} messages a week "
            f"and needs {fte(after.fte_required)}. Every page uses it now.")
        st.rerun()
    if right.button("Discard", key="review_discard"):
        st.session_state.pop(PENDING_KEY, None)
        st.rerun()


def board_section(comparison: pd.DataFrame, result: Result, after: Result, as_of: date,
                  text: dict[str, str]) -> None:
    st.header("For the board")
    st.markdown(text.get("For the board", ""))
    summary = guarded(board.board_summary, comparison, result, after, as_of)
    if summary is None:
        return
    with st.container(border=True):
        st.markdown(literal(summary))  # plain text that names groups; line breaks kept
    st.download_button("Download the board summary (text)", summary.encode("utf-8"),
                       file_name="board_summary.txt", mime="text/plain", key="review_board_txt")


# ---------------------------------------------------------------- the page

text = sections()
sandbox.warm()  # uploads are read in worker processes: start their server now
st.title("Review")
show_flash(FLASH_KEY)
if not state.presenting():
    st.markdown(text.get("How we'll know it is worthwhile", ""))
current = state.get_scenario()
start_date = st.date_input("Plan start date", value=SAMPLE_START, key="review_start",
                           format="DD/MM/YYYY",
                           help="When the plan began. The synthetic later export assumes "
                                "6 January 2025.")
evaluated = guarded(state.evaluate, current)
if evaluated is not None and isinstance(start_date, date):
    measurement = plan_section(current, evaluated, start_date, text)
    if measurement is not None:
        actuals_section(current, evaluated, measurement, start_date, text)
