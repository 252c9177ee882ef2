"""Commitment: the promise and the team, what it costs, and whether we are ready."""

from typing import Any

import streamlit as st

from present.content import prose
from ui import figures, state, warm
from ui.commitment import (
    FRONTIER_TARGETS_MINUTES,
    break_even_sentences,
    kpis,
    rota_panel,
    suggest_levels,
    surge_panel,
    sustainability,
)
from ui.exports import latest_result, remember_result, workbook_download
from ui.inputs import promise_inputs, staffing_inputs
from ui.widgets import (
    bind,
    guarded,
    honest_npv,
    live_section,
    prepare_chart,
    readiness_banner,
    show_chart,
    show_input_error,
    unpriced,
    warm_url,
)

st.title("3 · Commitment: the promise and the team")
presenting = state.presenting()
VIEW_KEY = "commitment_tab"
VIEWS = (MONEY, BREAKDOWN, SPEED, ROTA, SURGE, TRUTH, LEVELS, LOAD) = (
    "💷 Cost and benefit", "🧾 Where the money goes", "⏱️ Speed and cover", "🗓️ Rota",
    "🌊 Surge", "🔎 What would have to be true", "🎯 Suggest levels", "🧑‍💼 Keeping it up")


def side_by_side(stacked: bool) -> tuple[Any, Any]:
    """Two charts in columns; stacked full width when presenting, so titles are not cut."""
    if stacked:
        return st.container(), st.container()
    left, right = st.columns(2, gap="large")
    return left, right


def commitment() -> None:
    """Inputs, numbers and charts: one fragment, so a slider move redraws only this."""
    scenario = state.get_scenario()
    if presenting:
        numbers = st.container()
    else:
        inputs, numbers = st.columns([1, 2], gap="large")
        with inputs:
            show_input_error()
            with st.container(border=True):
                st.markdown("## Speed")
                promise_inputs(scenario)
            with st.container(border=True):
                st.markdown("## Staffing")
                staffing_inputs(scenario)
        scenario = state.get_scenario()

    result = guarded(state.evaluate, scenario)
    remember_result(result)
    if result is not None:
        with numbers:
            readiness_banner(result)
            kpis(result)
            honest_npv(result, where="the *What would have to be true* tab below")
            unpriced(result)

        # One view at a time: only the chosen view runs its model calls and sends its charts.
        # The first carries the one chart that answers "does it pay, and when?"; the
        # breakdowns are one click away, so a slider move draws and sends one chart. A
        # segmented control, not st.tabs: tabs are eight blocks, and blocks are resent on
        # every move (the ForwardMsg cache keeps elements only), a widget is one reference.
        view = st.segmented_control("View", VIEWS, required=True, label_visibility="collapsed",
                                    key=bind(VIEW_KEY, VIEWS[0]))
        if view == MONEY:
            show_chart(figures.chart("cumulative", scenario))
            # The next likely scenarios' evaluate, chart, its data ready to send, and link.
            warm.after_run(scenario, lambda s: prepare_chart(figures.chart("cumulative", s)),
                           warm_url)
        else:
            warm.after_run(scenario, state.evaluate, warm_url)
        if view == BREAKDOWN:
            show_chart(figures.chart("categories", scenario))
            show_chart(figures.chart("net_by_group", scenario))
        elif view == SPEED:
            left, right = side_by_side(presenting)
            with left:
                frontier = guarded(figures.chart, "frontier", scenario, FRONTIER_TARGETS_MINUTES)
                if frontier is not None:
                    show_chart(frontier)
            with right:
                show_chart(figures.chart("heatmap", scenario))
        elif view == ROTA:
            rota_panel(result)
        elif view == SURGE:
            surge_panel(scenario, presenting)
        elif view == TRUTH:
            break_even_sentences(scenario)
        elif view == LEVELS:
            if presenting:
                st.info("Leave presenter mode to run the level optimiser.")
            else:
                suggest_levels(scenario)
        elif view == LOAD:
            sustainability(result)


# Outside the fragment, so a slider move does not resend them: the page's prose, and the
# workbook button (its click builds the workbook of the numbers drawn last), below the
# numbers when presenting so the slide keeps its fold.
if not presenting:
    st.markdown(prose("commitment"))
    workbook_download(state.get_scenario(), latest_result(), key="commitment_xlsx")
live_section(commitment)
if presenting:
    workbook_download(state.get_scenario(), latest_result(), key="commitment_xlsx")
