"""Commitment: the promise and the team, what it costs, and whether we are ready."""

from typing import Any

import streamlit as st

from ui import figures, state, warm
from ui.commitment import (
    FRONTIER_TARGETS_MINUTES,
    break_even_sentences,
    kpis,
    rota_panel,
    suggest_levels,
    sustainability,
)
from ui.exports import workbook_download
from ui.inputs import promise_inputs, staffing_inputs
from ui.widgets import (
    content,
    guarded,
    honest_npv,
    live_section,
    readiness_banner,
    show_chart,
    show_input_error,
    unpriced,
)

st.title("3 · Commitment: the promise and the team")
presenting = state.presenting()


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
        st.markdown(content("commitment"))
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
    if result is not None:
        with numbers:
            readiness_banner(result)
            kpis(result)
            honest_npv(result)
            unpriced(result)
            workbook_download(scenario, result, key="commitment_xlsx")

        # Lazy tabs: only the open tab runs its model calls and sends its charts.
        # The default tab carries the one chart that answers "does it pay, and when?"; the
        # breakdowns are one click away, so a slider move draws and sends one chart.
        money_tab, breakdown_tab, speed_tab, rota_tab, truth_tab, levels_tab, load_tab = st.tabs([
            "💷 Cost and benefit", "🧾 Where the money goes", "⏱️ Speed and cover", "🗓️ Rota",
            "🔎 What would have to be true", "🎯 Suggest levels", "🧑‍💼 Keeping it up"],
            key="commitment_tab", on_change="rerun")
        if money_tab.open:
            with money_tab:
                show_chart(figures.chart("cumulative", scenario))
            warm.after_run(scenario, lambda s: figures.chart("cumulative", s))  # and its evaluate
        else:
            warm.after_run(scenario, state.evaluate)
        if breakdown_tab.open:
            with breakdown_tab:
                show_chart(figures.chart("categories", scenario))
                show_chart(figures.chart("net_by_group", scenario))
        if speed_tab.open:
            with speed_tab:
                left, right = side_by_side(presenting)
                with left:
                    frontier = guarded(figures.chart, "frontier", scenario,
                                   FRONTIER_TARGETS_MINUTES)
                    if frontier is not None:
                        show_chart(frontier)
                with right:
                    show_chart(figures.chart("heatmap", scenario))
        if rota_tab.open:
            with rota_tab:
                rota_panel(result)
        if truth_tab.open:
            with truth_tab:
                break_even_sentences(scenario)
        if levels_tab.open:
            with levels_tab:
                if presenting:
                    st.info("Leave presenter mode to run the level optimiser.")
                else:
                    suggest_levels(scenario)
        if load_tab.open:
            with load_tab:
                sustainability(result)


live_section(commitment)
