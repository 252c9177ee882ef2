"""Recommendation: the verdict on the plan as set, and the best plan within the user's limits."""

import streamlit as st

from ui import state
from ui.recommendation import (
    best_plan_panel,
    key_assumptions,
    limits_inputs,
    unpriced_panel,
    verdict_box,
    verdict_for,
)
from ui.widgets import guarded

scenario = state.get_scenario()
presenting = state.presenting()
st.title("4 · Recommendation: the decision")

if not presenting:
    with st.expander("Your limits: the plans the search may recommend", expanded=False):
        limits_inputs(scenario)

result = guarded(state.evaluate, scenario)
if result is not None:
    verdict, search = verdict_for(scenario, result)
    verdict_box(scenario, verdict, search)
    st.header("The best plan within your limits")
    best = best_plan_panel(scenario, search, presenting)
    if best is not None:
        st.header("What the unpriced benefits cost")
        unpriced_panel(result, "The plan as set")
        if best.scenario != scenario:
            unpriced_panel(best, "The best plan within your limits")
        st.header("Three assumptions that would most change this")
        key_assumptions(best.scenario)
