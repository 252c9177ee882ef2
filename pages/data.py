"""Data: bring in a stakeholder table and a social-inbox export; nothing changes until you apply."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, replace
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
    sandbox,
)
from ingest.guess import guess_stakeholder_columns
from ingest.inbox import GUESSED
from ingest.stakeholders import COLUMNS as STAKEHOLDER_COLUMNS
from ingest.stakeholders import OPTIONAL_COLUMNS as OPTIONAL_STAKEHOLDER_COLUMNS
from model import Scenario
from model.business_hours import OfficeHours
from model.units import DAY_NAMES
from present import data_views as dw
from present.markdown import literal
from present.text import count, duration, percent
from ui.state import evaluate, get_scenario, replace_scenario
from ui.widgets import FlashError, show_chart, show_flash, upload_or_sample

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
def _read_stakeholders(data: bytes, name: str, levels: tuple[str, ...],
                       columns_json: str | None = None) -> StakeholderImport:
    columns = json.loads(columns_json) if columns_json else None
    return sandbox.read_stakeholders(data, name, levels=levels, columns=columns)


@st.cache_data(show_spinner="Reading the inbox export…", max_entries=8)
def _read_inbox(data: bytes, name: str, preset: str | None, mapping_json: str | None,
                timezone: str, account: str | None = None) -> InboxSummary:
    mapping = _mapping(mapping_json)
    return sandbox.read_inbox(data, name, preset=preset, mapping=mapping, timezone=timezone,
                              account=account)


@st.cache_data(show_spinner=False, max_entries=8)
def _headers(data: bytes, name: str) -> list[str]:
    return sandbox.read_headers(data, name)


@st.cache_data(show_spinner=False, max_entries=8)
def _guessed_mapping(data: bytes, name: str) -> str | None:
    """The guessed mapping as JSON (None if the guess found too little), for the mapper."""
    guess = sandbox.guess_inbox_mapping(data, name)
    return json.dumps(asdict(guess.mapping)) if guess.mapping is not None else None


def _mapping(mapping_json: str | None) -> ColumnMapping | None:
    if not mapping_json:
        return None
    fields = json.loads(mapping_json)
    for name in ("inbound_values", "outbound_values"):
        fields[name] = tuple(fields[name])
    return ColumnMapping(**fields)


def _confirmed() -> dict[str, str]:
    """Mappings the user confirmed this session, by the file's headers (one line of text)."""
    confirmed: dict[str, str] = st.session_state.setdefault("inbox_confirmed", {})
    return confirmed


def _bump(key: str) -> None:
    """Give a file uploader a new key, which empties it."""
    st.session_state[key] = st.session_state.get(key, 0) + 1


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
    st.write("One row a stakeholder group, as on the Assessment page. CSV or Excel (.xlsx), "
             "headed as the template or as the Assessment table (percentages as it shows "
             "them); other headings are matched by name and can be changed below. Shares may "
             "be written 0.35 or 35%.")
    st.download_button("Download the template (CSV)", dw.template_csv(),
                       file_name="stakeholders_template.csv", mime="text/csv")
    show_flash("stakeholder_flash")
    upload = st.file_uploader("Stakeholder table (CSV or .xlsx)",
                              key=f"stakeholder_file_{st.session_state.get('stakeholder_n', 0)}")
    with st.expander("Your current groups"):
        st.dataframe(dw.groups_to_frame(get_scenario().groups), hide_index=True)
    if upload is None:
        return
    data, name = upload.getvalue(), upload.name
    chosen = st.session_state.setdefault("stakeholder_columns", {})
    try:
        key = _headers_key(data, name)
        imported = _read_stakeholders(data, name, get_scenario().level_names, chosen.get(key))
    except ImportProblem as problem:
        st.error(literal(problem))
        if "could not find" in str(problem):
            _stakeholder_mapper(data, name, guess_stakeholder_columns(_headers(data, name)))
        return
    _stakeholder_preview(imported)
    with st.expander("Which column is which (change if a column was matched wrongly)"):
        _stakeholder_mapper(data, name, imported.columns)


def _stakeholder_mapper(data: bytes, name: str, start: dict[str, str]) -> None:
    """A selectbox for each field, starting from the columns found by name; a button reads the
    file again with the choice (remembered for this session for files with these headers)."""
    st.markdown("**Which column is which?** Each field starts from the column found by name.")
    headers = _headers(data, name)
    options = [dw.NOT_USED, *headers]
    labels = dw.stakeholder_field_labels()
    left, right = st.columns(2)
    picks = {}
    for i, field in enumerate(STAKEHOLDER_COLUMNS):
        found = start.get(field)
        optional = " (optional)" if field in OPTIONAL_STAKEHOLDER_COLUMNS else ""
        picks[field] = (left if i % 2 == 0 else right).selectbox(
            f"{labels[field]}{optional}", options,
            index=options.index(found) if found in options else 0, key=f"stakeholder_map_{field}")
    if st.button("Read the file with these columns", key="stakeholder_map_apply"):
        choice = {f: h for f, h in picks.items() if h != dw.NOT_USED}
        st.session_state["stakeholder_columns"][_headers_key(data, name)] = json.dumps(choice)
        st.rerun()


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
    left.button(f"Apply the {good} good rows", type="primary", disabled=good == 0,
                key="stakeholder_apply", on_click=_apply_stakeholders,
                args=(imported, "merge" if mode == "merge" else "replace"))
    if right.button("Apply none (discard this file)", key="stakeholder_discard"):
        _bump("stakeholder_n")
        st.rerun()


# The apply buttons act in their on_click callbacks: Streamlit runs those before the rerun's
# script starts, so a click cannot be lost to another rerun that replaces the one it asked for
# (as `if st.button(...)` can on a busy server, when a later request interrupts that run).


def _applied(build: Callable[[], Scenario], flash_key: str,
             flash: Callable[[Scenario], str]) -> bool:
    """Replace the scenario with ``build()`` and leave ``flash(new)`` for the run; or leave
    why not (the scenario is then unchanged)."""
    try:
        new = build()
    except ValueError as error:
        st.session_state[flash_key] = FlashError(f"Not applied: {error}")
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


# --- social-inbox exports --------------------------------------------------------------------


def _inbox_source() -> tuple[bytes, str] | None:
    """The uploaded export, else the synthetic sample if it was loaded."""
    return upload_or_sample(
        "Social-inbox export (CSV or .xlsx, one row a message)", "inbox_file", "inbox_sample",
        "Load the synthetic sample export",
        "Six weeks of made-up messages for a fictional council (synthetic).", SAMPLE_INBOX)


def _headers_key(data: bytes, name: str) -> str:
    return "\x1f".join(_headers(data, name))


def _mapping_choice(data: bytes, name: str) -> tuple[str | None, str | None]:
    """(preset, mapping JSON) from the preset select and, if chosen, the manual mapper.

    "Detect" uses a mapping confirmed earlier this session for files with the same headers,
    else a preset whose columns fit, else the guess from the columns' names and contents.
    """
    choice = st.selectbox("Export layout", [DETECT, *PRESETS, MANUAL], key="inbox_preset")
    if choice in PRESETS:
        st.caption(PRESETS[choice].note)
        return choice, None
    remembered = _confirmed().get(_headers_key(data, name))
    if choice == DETECT:
        if remembered:
            st.caption("Using the columns you confirmed earlier in this session for a file "
                       "with these headers.")
        return None, remembered
    return None, _manual_mapper(data, name, remembered or _guessed_mapping(data, name))


def _manual_mapper(data: bytes, name: str, start_json: str | None) -> str:
    """Selectboxes for each column, starting from ``start_json`` (the guess or the confirmed
    mapping); a button remembers the choice for this session."""
    start = _mapping(start_json)
    headers = _headers(data, name)
    layouts = ["conversation", "message"]
    layout = st.radio("Layout", layouts, horizontal=True,
                      index=layouts.index(start.layout) if start else 0,
                      format_func={"conversation": "One row a conversation",
                                   "message": "One row a message, both directions"}.get,
                      key="inbox_layout")
    options = [dw.NOT_USED, *headers]

    def first(field: str) -> int:
        picked = getattr(start, field, None) if start and start.layout == layout else None
        return options.index(picked) if picked in options else 0

    left, right = st.columns(2)
    picks = {field: (left if i % 2 == 0 else right).selectbox(
        label, options, index=first(field), key=f"inbox_map_{layout}_{field}")
        for i, (field, label) in enumerate(MAPPER_FIELDS[layout])}
    unit = "minutes"
    if layout == "conversation":
        units = ["seconds", "minutes", "hours"]
        unit = st.selectbox("Unit of the first-response time", units,
                            index=units.index(start.first_response_unit) if start else 1,
                            key="inbox_unit")
    mapping = dw.mapping_from_choices(layout, picks, unit)  # type: ignore[arg-type]
    if start is not None and start.layout == layout:
        mapping = replace(mapping, inbound_values=start.inbound_values,
                          outbound_values=start.outbound_values, times_zone=start.times_zone)
    mapping_json = json.dumps(asdict(mapping))
    if st.button("Remember these columns for this session", key="inbox_remember"):
        _confirmed()[_headers_key(data, name)] = mapping_json
        st.toast("Remembered: files with these headers will be read this way.")
    return mapping_json


def _use_these_columns(data: bytes, name: str, summary: InboxSummary) -> None:
    """The guess in words, with buttons to confirm it or to change it in the mapper."""
    st.info(f"**No preset fits, so the columns were guessed** from their names and contents: "
            f"{literal(summary.guessed)}.", icon="🔎")
    left, right, _ = st.columns([1, 1, 3])
    if summary.mapping is not None and left.button("These are right: remember them",
                                                   key="inbox_confirm_guess"):
        _confirmed()[_headers_key(data, name)] = json.dumps(asdict(summary.mapping))
        st.rerun()
    right.button("Change them", key="inbox_change_guess", on_click=_switch_to_manual)


def _switch_to_manual() -> None:
    st.session_state["inbox_preset"] = MANUAL


def _choose_account(summary: InboxSummary) -> str | None:
    """When the file holds several accounts, ask which to use (None: all together)."""
    if len(summary.accounts) < 2:
        return None
    st.warning(f"**This file mixes {len(summary.accounts)} accounts.** A council's plan should "
               "rest on its own inbox: choose yours, or read them all together.", icon="👥")
    everyone = "All accounts together"
    names = [everyone, *(name for name, _ in summary.accounts)]
    rows = dict(summary.accounts)
    choice = st.selectbox("Which account is yours?", names, key="inbox_account",
                          format_func=lambda n: n if n == everyone
                          else f"{n} ({rows[n]:,} rows)")
    return None if choice == everyone else str(choice)


def inbox_section() -> None:
    st.header("Social-inbox export")
    st.write("An export of messages from your social inbox tool (Hootsuite, Sprout Social, "
             "Zendesk, Khoros, Front, Orlo, or any file with a time per message). It shows "
             "today's volume, when messages arrive and how fast they are answered.")
    show_flash("inbox_flash")
    shown = st.session_state.get("inbox_before_after")
    if shown is not None:
        st.markdown("**Headline numbers before and after the last export you used**")
        st.dataframe(shown, hide_index=True)
    source = _inbox_source()
    if source is None:
        return
    data, name = source
    try:
        left, right = st.columns([3, 2])
        with left:
            preset, mapping_json = _mapping_choice(data, name)
        timezone = right.text_input("Time zone of times written without one",
                                    "Europe/London", key="inbox_tz")
        summary = _read_inbox(data, name, preset, mapping_json, timezone)
        if summary.preset == GUESSED and summary.mapping is not None:
            _use_these_columns(data, name, summary)
        account = _choose_account(summary)
        if account:
            summary = _read_inbox(data, name, preset, mapping_json, timezone, account)
    except ImportProblem as problem:
        st.error(literal(problem))
        return
    _inbox_summary(summary, timezone)


def _inbox_summary(summary: InboxSummary, timezone: str) -> None:
    scenario = get_scenario()
    target = scenario.promise.response_target_minutes
    last_day = summary.period_end - pd.Timedelta(days=1)
    read_as = "guessed columns" if summary.preset == GUESSED else summary.preset
    st.markdown(f"**{literal(summary.file_name)}**, read as {literal(read_as)}: "
                f"{summary.period_start:%d %b %Y} to {last_day:%d %b %Y}.")
    _encoding_notes(summary)
    note = _evidence(summary)
    low, high = summary.messages_per_week_interval
    cols = st.columns(4)
    cols[0].metric("Inbound a week", count(summary.messages_per_week),
                   help=f"95 % interval {count(low)}–{count(high)} a week")
    cols[0].caption(f"95 % interval {count(low)}–{count(high)}")
    cols[1].metric("Answered", percent(summary.share_answered))
    cols[2].metric("Median first response", duration(summary.median_first_response_minutes)
                   if summary.share_answered > 0 else "none answered",
                   help="24-hour clock: reply time minus arrival time")
    cols[3].metric(f"Within your promise ({duration(target)})",
                   percent(summary.share_within(target)))
    _clocks(summary)
    figure, caption = dw.arrival_heatmap(summary.arrival_profile, summary.messages_per_week,
                                         timezone)
    show_chart((figure, caption))
    if not note.enough:
        st.warning(literal(f"This is the file's own pattern, from only "
                           f"{summary.inbound_messages:,} messages: busy hours in it are mostly "
                           "chance. Applying it keeps most of your scenario's pattern (see "
                           "above)."))
    show_chart(dw.response_histogram(summary.first_response_minutes, target))
    st.markdown("**By channel**")
    st.dataframe(dw.channel_table(summary), hide_index=True, width="stretch")
    _benchmarks(summary)
    _problems_block(summary.problems, summary.file_name, dw.problems_csv(summary.problems),
                    "inbox_problems")
    st.write("**Use in my scenario** applies what the file can support (listed above under "
             "*Applying it uses*); nothing changes until you press it.")
    st.button("Use in my scenario", type="primary", key="inbox_apply", on_click=_apply_inbox,
              args=(summary,))


def _evidence(summary: InboxSummary) -> dw.EvidenceNote:
    """How much the file says, and what applying it will and will not use."""
    note = dw.evidence_note(summary)
    (st.success if note.enough else st.warning)(literal(note.headline))
    left, right = st.columns(2)
    left.markdown("**Applying it uses**\n\n" + "\n".join(f"- {literal(u)}" for u in note.uses))
    if note.leaves:
        right.markdown("**It leaves out**\n\n"
                       + "\n".join(f"- {literal(item)}" for item in note.leaves))
    return note


def _clocks(summary: InboxSummary) -> None:
    """Today's first responses on the 24-hour clock and in office hours the user sets."""
    st.markdown("**Today's first responses, on your tool's clock**")
    st.caption("Inbox tools report response times in different ways. Set your office hours to "
               "compare these with your own tool's report.")
    default = dw.default_office_hours()
    hours, days, rule = st.columns([2, 3, 2])
    opening, closing = hours.slider("Office hours", 0, 24, (int(default.open_hour),
                                                            int(default.close_hour)),
                                    key="inbox_office_hours")
    names = list(DAY_NAMES)
    open_days = days.multiselect("Office days", names,
                                 [names[d] for d in default.days], key="inbox_office_days")
    same = rule.radio("Replied in the same out-of-hours period", ["full", "zero"],
                      format_func={"full": "full time (Orlo's default)",
                                   "zero": "0 (Orlo's option)"}.get, key="inbox_same_period")
    try:
        office = OfficeHours.from_names(opening, closing, tuple(open_days))
    except ValueError as error:
        st.error(literal(f"Office hours: {error}"))
        return
    clocks = dw.clocks_table(summary, office, "zero" if same == "zero" else "full")
    st.table(clocks.set_index("Clock"))  # a table wraps each definition in full


def _benchmarks(summary: InboxSummary) -> None:
    st.markdown("**Beside others: published figures**")
    st.caption("Your share answered and median beside published, dated figures. None is a UK "
               "council's, several are old, and each measured in its own way (see the caveat); "
               "read them as a rough yardstick, not a target. Sources: sample_data/SOURCES.md.")
    st.table(dw.benchmark_table(summary).set_index("Who"))  # wraps each caveat in full


def _apply_inbox(summary: InboxSummary) -> None:
    scenario = get_scenario()

    def fit() -> Scenario:
        fitted = dw.fit_to_inbox(scenario, summary)
        table = dw.before_after(evaluate(scenario), evaluate(fitted))
        st.session_state["inbox_before_after"] = table  # shown beside the flash
        return fitted

    _applied(fit, "inbox_flash",
             lambda _: f"Your scenario now uses {summary.file_name}: about "
                       f"{count(summary.messages_per_week)} inbound messages a week today. "
                       "Before and after:")


sandbox.warm()  # uploads are read in worker processes: start their server now
st.title("Your data")
st.write("Bring your own numbers. Files are checked first; **your scenario is not changed until "
         "you apply** a valid import.")
stakeholders_tab, inbox_tab = st.tabs(["Stakeholder table", "Social-inbox export"])
with stakeholders_tab:
    stakeholder_section()
with inbox_tab:
    inbox_section()
