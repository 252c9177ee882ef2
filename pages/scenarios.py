"""Scenarios: save, open, compare and export plans; they outlive the browser tab."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from model import Result, Scenario
from present import compare as sw
from present.markdown import literal
from present.text import duration
from report import scenario_brief
from store import (
    Actor,
    NameTakenError,
    ScenarioNotFoundError,
    ScenarioSummary,
    scenario_to_json,
)
from store.db import DATABASE_ERRORS, store_url
from store.json_io import scenario_from_upload
from store.repository import ScenarioStore
from ui import state
from ui.auth import SINGLE_TEAM, require_author
from ui.exports import workbook_download
from ui.state import evaluate, frontier, get_scenario, replace_scenario, scenario_key
from ui.widgets import guarded, show_chart, show_flash

# What the store raises for something the user can fix: the message is shown as it is. (A
# comment, not a docstring: Streamlit's magic draws any bare string in a page on screen.)
REFUSALS: tuple[type[Exception], ...] = (ValueError, TypeError, PermissionError,
                                         ScenarioNotFoundError)
STORE_ERRORS: tuple[type[Exception], ...] = (*REFUSALS, *DATABASE_ERRORS)
OPEN_ERRORS: tuple[type[Exception], ...] = (*STORE_ERRORS, KeyError, AttributeError)
STORE_WONT_OPEN: tuple[type[Exception], ...] = (*DATABASE_ERRORS, OSError)
STORE_DOWN = "The scenario store is unavailable; your plan is kept in this session."
LOG = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> ScenarioStore:
    return ScenarioStore(url)


def get_store() -> ScenarioStore:
    """One store per database URL for the whole server (tests point it at a temp file)."""
    return _open_store(store_url())


def _show_store_error(error: Exception, refused: str = "") -> None:
    """A refusal in the store's own words; a database failure as one plain sentence (the
    details, which hold SQL and server paths, go to the server log only)."""
    if isinstance(error, DATABASE_ERRORS):
        LOG.warning("scenario store failed: %s", error, exc_info=error)
        st.error(STORE_DOWN, icon="⚠️")
    else:
        st.error(literal(f"{refused}{error}"))


def _listed(store: ScenarioStore) -> list[ScenarioSummary] | None:
    try:
        return store.list()
    except DATABASE_ERRORS as error:
        _show_store_error(error)
        return None


def _done(message: str) -> None:
    st.session_state["scenarios_flash"] = message
    st.rerun()


# --- save and open ---------------------------------------------------------------------------


def save_section(store: ScenarioStore, actor: Actor | None) -> None:
    scenario = get_scenario()
    result = guarded(evaluate, scenario)
    if result is None:
        return
    st.header("Save the current scenario")
    with st.form("save_form", clear_on_submit=False):
        name = st.text_input("Name", value=scenario.name, max_chars=120, key="save_name")
        note = st.text_area("Note (what this plan assumes, who asked for it)", key="save_note")
        overwrite = st.checkbox("Save over a scenario of the same name", key="save_overwrite")
        submitted = st.form_submit_button("Save", type="primary")
    if not submitted:
        return
    try:
        named = Scenario.from_dict({**scenario.to_dict(), "name": name.strip()})
        store.save(name, note, named.to_dict(), sw.headline_of(result), actor,
                   overwrite=overwrite)
    except NameTakenError as error:
        st.error(literal(f"{error} Tick 'Save over' to replace it."))
        return
    except STORE_ERRORS as error:
        _show_store_error(error, "Not saved: ")
        return
    replace_scenario(named)
    _done(f"Saved '{name.strip()}'.")


def saved_section(store: ScenarioStore, actor: Actor | None) -> None:
    st.header("Saved scenarios")
    summaries = _listed(store)
    if summaries is None:
        return
    if not summaries:
        st.info("No scenarios saved yet. Save the current one above.")
        return
    st.dataframe(sw.saved_list_frame(summaries), hide_index=True, width="stretch")
    by_name = {s.name: s for s in summaries}
    chosen = st.selectbox("Scenario", list(by_name), key="saved_choice")
    summary = by_name[chosen]
    claimable = actor is not None and summary.owner_key is None
    tabs = st.tabs(["Open", "Rename", "Duplicate", "Delete", *(["Claim"] if claimable else [])])
    load, rename, duplicate, delete = tabs[:4]
    with load:
        if st.button(f"Open '{literal(chosen)}'", type="primary", key="open_button"):
            _open(store, summary.id, chosen)
    with rename:
        new_name = st.text_input("New name", value=chosen, key=f"rename_{summary.id}_{chosen}")
        if st.button("Rename", key="rename_button"):
            _act(lambda: store.rename(summary.id, new_name, actor),
                 f"Renamed '{chosen}' to '{new_name.strip()}'.")
    with duplicate:
        copy_name = st.text_input("Name of the copy", value=sw.copy_name(chosen, list(by_name)),
                                  key=f"duplicate_{summary.id}_{chosen}")
        if st.button("Duplicate", key="duplicate_button"):
            _act(lambda: store.duplicate(summary.id, copy_name, actor),
                 f"Copied '{chosen}' as '{copy_name.strip()}'.")
    with delete:
        _delete_with_confirmation(store, summary.id, chosen, actor)
    if claimable and actor is not None:
        with tabs[4]:
            _claim_with_confirmation(store, summary.id, chosen, actor)


def _open(store: ScenarioStore, scenario_id: int, name: str) -> None:
    try:
        scenario = Scenario.from_dict(store.load(scenario_id))
    except OPEN_ERRORS as error:
        _show_store_error(error, f"'{name}' could not be opened: ")
        return
    replace_scenario(scenario)
    _done(f"Opened '{name}': it is now your current scenario on every page.")


def _act(action: Callable[[], object], message: str) -> None:
    try:
        action()
    except STORE_ERRORS as error:
        _show_store_error(error)
        return
    _done(message)


def _claim_with_confirmation(store: ScenarioStore, scenario_id: int, name: str,
                             actor: Actor) -> None:
    st.caption(f"'{literal(name)}' has no owner: it was saved before sign-in was switched on, "
               "so nobody can rename, overwrite or delete it. Claiming it makes you its owner.")
    _confirmed("claim", scenario_id, f"Claim '{literal(name)}'…",
               f"Make yourself ({literal(actor.name)}) the owner of '{literal(name)}'? "
               "Only you will then be able to rename, overwrite or delete it.", "Yes, claim it",
               lambda: _act(lambda: store.claim(scenario_id, actor), f"'{name}' is now yours."))


def _delete_with_confirmation(store: ScenarioStore, scenario_id: int, name: str,
                              actor: Actor | None) -> None:
    _confirmed("delete", scenario_id, f"Delete '{literal(name)}'…",
               f"Delete '{literal(name)}' for everyone? This cannot be undone.", "Yes, delete it",
               lambda: _act(lambda: store.delete(scenario_id, actor), f"Deleted '{name}'."))


def _confirmed(action: str, scenario_id: int, ask: str, question: str, confirm: str,
               run: Callable[[], None]) -> None:
    """A button that asks once more before `run` (claim and delete cannot be undone)."""
    pending = f"confirm_{action}"
    if st.session_state.get(pending) != scenario_id:
        if st.button(ask, key=f"{action}_button"):
            st.session_state[pending] = scenario_id
            st.rerun()
        return
    st.warning(question)
    yes, no = st.columns(2)
    if yes.button(confirm, type="primary", key=f"{action}_confirm"):
        st.session_state.pop(pending, None)
        run()
    if no.button("Cancel", key=f"{action}_cancel"):
        st.session_state.pop(pending, None)
        st.rerun()


# --- compare ---------------------------------------------------------------------------------


def compare_section(store: ScenarioStore) -> None:
    st.header("Compare saved scenarios")
    summaries = _listed(store)
    if summaries is None:
        return
    names = [s.name for s in summaries]
    if len(names) < 2:
        st.info("Save at least two scenarios to compare them.")
        return
    chosen = st.multiselect("Choose two to four scenarios (the first is the baseline)", names,
                            default=names[:2], max_selections=4, key="compare_choice")
    if len(chosen) < 2:
        st.info("Choose at least two scenarios.")
        return
    ids = {s.name: s.id for s in summaries}
    dicts, results = {}, {}
    for name in chosen:
        try:
            dicts[name] = store.load(ids[name])
            results[name] = evaluate(Scenario.from_dict(dicts[name]))
        except OPEN_ERRORS as error:
            _show_store_error(error, f"'{name}' could not be opened: ")
            return
    _show_comparison(dicts, results)


def _show_comparison(dicts: dict[str, dict[str, Any]], results: dict[str, Result]) -> None:
    table, differs = sw.compare_headlines({n: sw.headline_of(r) for n, r in results.items()})
    baseline = literal(next(iter(results)))
    st.markdown(f"**Headline numbers** (differences from *{baseline}* highlighted)")
    st.dataframe(table.style.apply(sw.highlight(differs), axis=None), width="stretch")
    show_chart(sw.cumulative_overlay(results))
    st.markdown("**Inputs that differ**")
    inputs = sw.inputs_that_differ(dicts)
    if inputs.empty:
        st.info("These scenarios have the same inputs.")
    else:
        st.dataframe(inputs, width="stretch")


# --- export and import -----------------------------------------------------------------------


def export_section() -> None:
    scenario = get_scenario()
    result = guarded(evaluate, scenario)
    if result is None:
        import_section()
        return
    stem = sw.safe_file_stem(scenario.name)
    st.header("Export the current scenario")
    st.caption(f"Current scenario: **{literal(scenario.name) if scenario.name else 'Unnamed'}** "
               f"(promise {duration(scenario.promise.response_target_minutes)}).")
    cols = st.columns(4)
    cols[0].download_button("Year-by-year table (CSV)", sw.annual_csv(result),
                            file_name=f"{stem}_years.csv", mime="text/csv", key="csv_years")
    cols[1].download_button("Stakeholder table (CSV)", sw.stakeholders_csv(scenario),
                            file_name=f"{stem}_stakeholders.csv", mime="text/csv",
                            key="csv_groups")
    cols[2].download_button("Scenario file (JSON)", scenario_to_json(scenario.to_dict()),
                            file_name=f"{stem}.json", mime="application/json", key="json_out")
    workbook_download(scenario, result, cols[3], key="xlsx_out")
    if st.button("Prepare the one-page PDF brief", key="pdf_prepare"):
        with st.spinner("Drawing the charts and laying out the brief…"):
            figures = scenario_brief.brief_figures(scenario, result, frontier)
            decided = scenario_brief.brief_decision(scenario, state.options(scenario),
                                                    state.tornado, state.break_even)
            st.session_state["pdf_brief"] = (scenario_key(scenario), scenario_brief.brief_pdf(
                scenario, result, figures, decided=decided))
    prepared = st.session_state.get("pdf_brief")
    if prepared is not None and prepared[0] == scenario_key(scenario):  # never a stale brief
        st.download_button("Download the PDF brief", prepared[1],
                           file_name=f"{stem}_brief.pdf", mime="application/pdf",
                           key="pdf_out")
    import_section()


def import_section() -> None:
    st.header("Open a scenario file")
    upload = st.file_uploader("Scenario file (JSON, as downloaded above)",
                              key=f"json_in_{st.session_state.get('json_in_n', 0)}")
    if upload is None:
        return
    try:
        scenario = scenario_from_upload(upload.getvalue(), upload.name)
    except ValueError as error:
        st.error(literal(error))
        return
    st.info(f"{literal(upload.name)} holds a valid scenario, '{literal(scenario.name)}' with "
            f"{len(scenario.groups)} groups. Your current scenario is unchanged until you use it.")
    if st.button("Use this scenario", type="primary", key="json_apply"):
        replace_scenario(scenario)
        st.session_state["json_in_n"] = st.session_state.get("json_in_n", 0) + 1
        _done(f"Opened '{scenario.name}' from {upload.name}.")


# --- page ------------------------------------------------------------------------------------

st.title("Scenarios")
signed_in = require_author()
if signed_in is None:
    st.caption(SINGLE_TEAM)
show_flash("scenarios_flash")
planner_store: ScenarioStore | None = None
try:
    planner_store = get_store()
except STORE_WONT_OPEN as error:  # a bad URL, no server, a folder it cannot make
    LOG.warning("scenario store could not be opened: %s", error, exc_info=error)
    st.error(STORE_DOWN, icon="⚠️")  # the Export tab still works without a store
# Keyed, with the open tab known to the server: a message above the tabs (after a save) must
# not send the user back to the first tab, and only the open tab's work runs.
save_tab, compare_tab, export_tab = st.tabs(["Save and open", "Compare", "Export and import"],
                                            key="scenarios_tab", on_change="rerun")
if save_tab.open and planner_store is not None:
    with save_tab:
        save_section(planner_store, signed_in)
        saved_section(planner_store, signed_in)
if compare_tab.open and planner_store is not None:
    with compare_tab:
        compare_section(planner_store)
if export_tab.open:
    with export_tab:
        export_section()
