"""Uncertainty: how sure we can be, what matters most, and the ranges behind it."""

import streamlit as st

from present import frames
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
    columns = st.columns(5)
    columns[0].metric("Chance the plan pays", percent(simulation.probability_positive),
                      help=f"Share of {count(len(simulation.npv_gbp))} simulated futures "
                           "with NPV above zero.")
    columns[1].metric("Pessimistic (P10)", money(simulation.p10_gbp))
    columns[2].metric("Middle (P50)", money(simulation.p50_gbp))
    columns[3].metric("Optimistic (P90)", money(simulation.p90_gbp))
    if result.switching_value >= 0:
        columns[4].metric("Benefits could fall by", percent(result.switching_value),
                          help="The switching value: how far benefits can fall before NPV < 0.")
    elif result.bcr:
        columns[4].metric("Benefits would need to be", f"{1 / result.bcr:.1f}× higher",
                          help="The switching value: the plan does not pay as estimated; "
                               "benefits would have to grow this much to break even.")
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
    if spread is not None:
        show_chart(spread)
