"""Data: bring in a stakeholder table and a social-inbox export; nothing changes until you apply."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ingest import (
    PRESETS,
    ColumnMapping,
    ImportProblem,
    InboxSummary,
    StakeholderImport,
    read_inbox,
    read_stakeholders,
)
from ingest.common import read_table
from model import Scenario
from present import data_views as dw
from present.markdown import literal
from present.text import count, duration, percent
from ui.state import evaluate, get_scenario, replace_scenario
from ui.widgets import show_chart, upload_or_sample

SAMPLE_INBOX = Path(__file__).resolve().parents[1] / "sample_data" / "inbox_export_synthetic.csv"
DETECT = "Detect automatically"
MANUAL = "Choose the columns by hand"
MAPPER_FIELDS = {
    "conversation": (
        ("received_at", "When the message arrived (required)"),
        ("first_response", "First-response time, a duration"),
        ("first_reply_at", "…or the time of the first reply"),
        ("conversation_id", "Conversation id (optional)"),
        ("channel", "Network or channel (optional)"),
    ),
    "message": (
        ("received_at", "Message time (required)"),
        ("direction", "Direction: inbound or outbound (required)"),
        ("conversation_id", "Conversation id"),
        ("message_id", "Message id (to pair by in-reply-to)"),
        ("in_reply_to", "In-reply-to message id"),
        ("channel", "Network or channel (optional)"),
    ),
}


# --- cached readers (pure functions of the bytes) --------------------------------------------


@st.cache_data(show_spinner="Reading the stakeholder file…", max_entries=8)
def _read_stakeholders(data: bytes, name: str, levels: tuple[str, ...]) -> StakeholderImport:
    return read_stakeholders(data, name, levels=levels)


@st.cache_data(show_spinner="Reading the inbox export…", max_entries=8)
def _read_inbox(data: bytes, name: str, preset: str | None, mapping_json: str | None,
                timezone: str) -> InboxSummary:
    mapping = ColumnMapping(**json.loads(mapping_json)) if mapping_json else None
    return read_inbox(data, name, preset=preset, mapping=mapping, timezone=timezone)


@st.cache_data(show_spinner=False, max_entries=8)
def _headers(data: bytes, name: str) -> list[str]:
    return [str(c) for c in read_table(data, name).columns]


def _bump(key: str) -> None:
    """Give a file uploader a new key, which empties it."""
    st.session_state[key] = st.session_state.get(key, 0) + 1


def _flash(key: str) -> None:
    """Show, once, a message left by the previous run (after an apply)."""
    message = st.session_state.pop(key, None)
    if message:
        st.success(literal(message))  # plain sentences that quote file names


def _encoding_notes(read: StakeholderImport | InboxSummary) -> None:
    """Which text encoding the file was read with, and a warning if its rows disagree."""
    if read.encoding:
        st.caption(f"Text read as {read.encoding}.")
    if read.encoding_warning:
        st.warning(literal(read.encoding_warning), icon="⚠️")


def _problems_block(problems: list[Any], file_name: str, csv_bytes: bytes, key: str) -> None:
    if not problems:
        return
    st.warning(dw.problems_heading(problems))
    st.table(dw.problems_frame(problems).set_index("Row"))  # a table wraps the whole message
    st.download_button("Download every problem (CSV)", csv_bytes,
                       file_name=f"{Path(file_name).stem}_problems.csv", mime="text/csv",
                       key=key)


# --- stakeholder tables ----------------------------------------------------------------------


def stakeholder_section() -> None:
    st.header("Stakeholder table")
    st.write("One row a stakeholder group, as on the Assessment page. CSV or Excel (.xlsx); "
             "shares may be written 0.35 or 35%.")
    st.download_button("Download the template (CSV)", dw.template_csv(),
                       file_name="stakeholders_template.csv", mime="text/csv")
    _flash("stakeholder_flash")
    upload = st.file_uploader("Stakeholder table (CSV or .xlsx)",
                              key=f"stakeholder_file_{st.session_state.get('stakeholder_n', 0)}")
    with st.expander("Your current groups"):
        st.dataframe(dw.groups_to_frame(get_scenario().groups), hide_index=True)
    if upload is None:
        return
    try:
        imported = _read_stakeholders(upload.getvalue(), upload.name,
                                      get_scenario().level_names)
    except ImportProblem as problem:
        st.error(literal(problem))
        return
    _stakeholder_preview(imported)


def _stakeholder_preview(imported: StakeholderImport) -> None:
    good = len(imported.table)
    st.info(f"{literal(imported.file_name)}: {good} good row{'s' if good != 1 else ''}. "
            "Nothing has changed yet: check the preview, then apply.")
    _encoding_notes(imported)
    if imported.ignored_columns:
        st.caption("Columns ignored (not part of the stakeholder table): "
                   + ", ".join(literal(column) for column in imported.ignored_columns))
    _problems_block(imported.problems, imported.file_name, dw.problems_csv(imported.problems),
                    "stakeholder_problems")
    if imported.corrections:
        st.warning("**Did you mean?** These level names are one letter from a real one. The "
                   "rows are kept with the fix shown; applying accepts it.\n\n"
                   + "\n".join(f"- {literal(c.message)}" for c in imported.corrections),
                   icon="✏️")
    if good:
        st.dataframe(imported.table, hide_index=True, width="stretch")
    mode = st.radio("How to apply", ["replace", "merge"], horizontal=True,
                    format_func={"replace": "Replace my groups",
                                 "merge": "Merge: update groups of the same name, add new ones"
                                 }.get, key="stakeholder_mode")
    left, right = st.columns(2)
    if left.button(f"Apply the {good} good rows", type="primary", disabled=good == 0,
                   key="stakeholder_apply"):
        _apply_stakeholders(imported, "merge" if mode == "merge" else "replace")
    if right.button("Apply none (discard this file)", key="stakeholder_discard"):
        _bump("stakeholder_n")
        st.rerun()


def _applied(build: Callable[[], Scenario], flash_key: str,
             flash: Callable[[Scenario], str]) -> bool:
    """Replace the scenario with ``build()`` and leave ``flash(new)`` for the next run; or say
    why not (the scenario is then unchanged)."""
    try:
        new = build()
    except ValueError as error:
        st.error(literal(f"Not applied: {error}"))
        return False
    replace_scenario(new)
    st.session_state[flash_key] = flash(new)
    return True


def _apply_stakeholders(imported: StakeholderImport, mode: dw.MergeMode) -> None:
    if _applied(lambda: dw.apply_stakeholders(get_scenario(), imported.table, mode),
                "stakeholder_flash",
                lambda new: f"Applied {len(imported.table)} rows from {imported.file_name}: "
                            f"the scenario now has {len(new.groups)} groups."):
        _bump("stakeholder_n")
        st.rerun()


# --- social-inbox exports --------------------------------------------------------------------


def _inbox_source() -> tuple[bytes, str] | None:
    """The uploaded export, else the synthetic sample if it was loaded."""
    return upload_or_sample(
        "Social-inbox export (CSV or .xlsx, one row a message)", "inbox_file", "inbox_sample",
        "Load the synthetic sample export",
        "Six weeks of made-up messages for a fictional council (synthetic).", SAMPLE_INBOX)


def _mapping_choice(data: bytes, name: str) -> tuple[str | None, str | None]:
    """(preset, mapping JSON) from the preset select and, if chosen, the manual mapper."""
    choice = st.selectbox("Export layout", [DETECT, *PRESETS, MANUAL], key="inbox_preset")
    if choice in PRESETS:
        st.caption(PRESETS[choice].note)
        return choice, None
    if choice == DETECT:
        return None, None
    headers = _headers(data, name)
    layout = st.radio("Layout", ["conversation", "message"], horizontal=True,
                      format_func={"conversation": "One row a conversation",
                                   "message": "One row a message, both directions"}.get,
                      key="inbox_layout")
    options = [dw.NOT_USED, *headers]
    picks = {field: st.selectbox(label, options, key=f"inbox_map_{layout}_{field}")
             for field, label in MAPPER_FIELDS[layout]}
    unit = "minutes"
    if layout == "conversation":
        unit = st.selectbox("Unit of the first-response time",
                            ["seconds", "minutes", "hours"], index=1, key="inbox_unit")
    mapping = dw.mapping_from_choices(layout, picks, unit)  # type: ignore[arg-type]
    return None, json.dumps(asdict(mapping))


def inbox_section() -> None:
    st.header("Social-inbox export")
    st.write("An export of messages from your social inbox tool (Hootsuite, Sprout Social, "
             "Zendesk, Khoros, Front, or any file with a time per message). It shows today's "
             "volume, when messages arrive and how fast they are answered.")
    _flash("inbox_flash")
    shown = st.session_state.get("inbox_before_after")
    if shown is not None:
        st.markdown("**Headline numbers before and after the last export you used**")
        st.dataframe(shown, hide_index=True)
    source = _inbox_source()
    if source is None:
        return
    data, name = source
    try:
        preset, mapping_json = _mapping_choice(data, name)
        timezone = st.text_input("Time zone of times written without one", "Europe/London",
                                 key="inbox_tz")
        summary = _read_inbox(data, name, preset, mapping_json, timezone)
    except ImportProblem as problem:
        st.error(literal(problem))
        return
    _inbox_summary(summary, timezone)


def _inbox_summary(summary: InboxSummary, timezone: str) -> None:
    scenario = get_scenario()
    target = scenario.promise.response_target_minutes
    last_day = summary.period_end - pd.Timedelta(days=1)
    st.info(f"{literal(summary.file_name)}, read as **{summary.preset}**: "
            f"{summary.inbound_messages:,} inbound messages from "
            f"{summary.period_start:%d %b %Y} to {last_day:%d %b %Y} "
            f"({summary.weeks_covered:.1f} weeks).")
    _encoding_notes(summary)
    cols = st.columns(4)
    cols[0].metric("Inbound a week", count(summary.messages_per_week))
    cols[1].metric("Answered", percent(summary.share_answered))
    cols[2].metric("Median first response", duration(summary.median_first_response_minutes)
                   if summary.share_answered > 0 else "none answered")
    cols[3].metric(f"Within your promise ({duration(target)})",
                   percent(summary.share_within(target)))
    figure, caption = dw.arrival_heatmap(summary.arrival_profile, summary.messages_per_week,
                                         timezone)
    show_chart((figure, caption))
    show_chart(dw.response_histogram(summary.first_response_minutes, target))
    st.markdown("**By channel**")
    st.dataframe(dw.channel_table(summary), hide_index=True, width="stretch")
    _problems_block(summary.problems, summary.file_name, dw.problems_csv(summary.problems),
                    "inbox_problems")
    st.write("**Use in my scenario** scales every group's messages per follower so today's "
             "volume matches this export, and takes its arrival pattern across the week.")
    if st.button("Use in my scenario", type="primary", key="inbox_apply"):
        _apply_inbox(summary)


def _apply_inbox(summary: InboxSummary) -> None:
    scenario = get_scenario()

    def fit() -> Scenario:
        fitted = dw.fit_to_inbox(scenario, summary)
        table = dw.before_after(evaluate(scenario), evaluate(fitted))
        st.session_state["inbox_before_after"] = table  # shown beside the flash
        return fitted

    if _applied(fit, "inbox_flash",
                lambda _: f"Your scenario now uses {summary.file_name}: about "
                          f"{count(summary.messages_per_week)} inbound messages a week today. "
                          "Before and after:"):
        st.rerun()


st.title("Your data")
st.write("Bring your own numbers. Files are checked first; **your scenario is not changed until "
         "you apply** a valid import.")
stakeholders_tab, inbox_tab = st.tabs(["Stakeholder table", "Social-inbox export"])
with stakeholders_tab:
    stakeholder_section()
with inbox_tab:
    inbox_section()
