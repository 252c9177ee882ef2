"""Recommendation: the options side by side, the decision, and the best plan within the limits."""

import streamlit as st

from ui import state
from ui.recommendation import (
    best_plan_panel,
    decision_box,
    key_assumptions,
    limits_inputs,
    options_panel,
    unpriced_panel,
)
from ui.widgets import guarded

scenario = state.get_scenario()
presenting = state.presenting()
st.title("4 · Recommendation: the decision")

if not presenting:
    with st.expander("Your limits: the plans the search may recommend", expanded=False):
        limits_inputs(scenario)

result = guarded(state.evaluate, scenario)
options = None if result is None else guarded(state.options, scenario)
if result is not None and options is not None:
    decision_box(scenario, options)
    st.header("The options")
    options_panel(scenario, options)
    st.header("The recommended plan")
    best = best_plan_panel(scenario, options.search, presenting)
    if best is not None:
        st.header("What the unpriced benefits cost")
        unpriced_panel(result, "The plan as set")
        if best.scenario != scenario:
            unpriced_panel(best, "The recommended plan")
        st.header("Three assumptions that would most change the recommended plan")
        key_assumptions(best.scenario)
