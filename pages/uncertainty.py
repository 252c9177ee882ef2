"""Uncertainty: how sure we can be, what matters most, and the ranges behind it."""

import math

import streamlit as st

from present import decision, frames
from present.content import prose
from present.text import count, money, percent
from ui import figures, state
from ui.widgets import guarded, scenario_editor, show_chart

scenario = state.get_scenario()
st.title("How sure can we be?")
if not state.presenting():
    st.markdown(prose("uncertainty"))

if not state.presenting():
    with st.expander("Low and high values for each assumption", expanded=False):
        scenario = scenario_editor(
            scenario, "ed_ranges", lambda: frames.uncertainty_frame(scenario),
            frames.uncertainty_from_frame, column_order=("Assumption", frames.LOW, frames.HIGH),
            column_config={
                "Assumption": st.column_config.TextColumn(disabled=True, width="large"),
                frames.LOW: st.column_config.NumberColumn(min_value=0.0, max_value=1.0,
                                                          step=0.05, format="%.2f",
                                                          required=True),
                frames.HIGH: st.column_config.NumberColumn(min_value=1.0, max_value=100.0,
                                                           step=0.05, format="%.2f",
                                                           required=True)})

result = guarded(state.evaluate, scenario)
simulation = guarded(state.monte_carlo, scenario)
if result is not None and simulation is not None:
    st.markdown(f"Every figure on this page describes **the plan as set** on Commitment "
                f"({decision.plan_named(scenario)}), not the recommended plan.")
    columns = st.columns(5)
    columns[0].metric("Chance the plan pays", percent(simulation.probability_positive),
                      help=f"Share of {count(len(simulation.npv_gbp))} simulated futures "
                           "with NPV above zero.")
    columns[1].metric("Pessimistic (P10)", money(simulation.p10_gbp))
    columns[2].metric("Middle (P50)", money(simulation.p50_gbp))
    columns[3].metric("Optimistic (P90)", money(simulation.p90_gbp))
    change = result.switching_value
    columns[4].metric("Benefits could fall by" if change <= 0 else "Benefits would have to rise by",
                      percent(abs(change)) if math.isfinite(change) else "n/a",
                      help="The switching value: " + decision.switching_text(change))
    gap = simulation.p50_gbp - result.npv_gbp
    st.caption(f"The middle of the simulated futures ({money(simulation.p50_gbp)}) is "
               f"{money(abs(gap))} {'above' if gap >= 0 else 'below'} the headline NPV "
               f"({money(result.npv_gbp)}): the headline puts every assumption at its likely "
               "value, while the low and high ranges are not symmetric, so the futures lean "
               "the way the longer side of each range points. The queue is priced for the "
               "team as set on Commitment.")
    left, right = st.columns(2, gap="large")
    with left:
        show_chart(figures.chart("fan", scenario))
    with right:
        show_chart(figures.chart("histogram", scenario))
    spread = guarded(figures.chart, "tornado", scenario)
    st.caption(decision.tail_text(simulation.npv_gbp) + " The band above holds 8 in 10 "
               "futures, every assumption drawn from its range at once; each tornado bar below "
               "moves one assumption alone to the very ends of its range, so a bar can be wider "
               "than the band.")
    if spread is not None:
        show_chart(spread)
