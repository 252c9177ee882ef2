"""Home: what the app does, the three steps, and the headline for the current scenario."""

import streamlit as st

from present.content import prose
from present.markdown import literal
from ui import state
from ui.recommendation import decision_box, options_panel
from ui.widgets import guarded, headline_metrics, honest_npv, unpriced

st.title("Engagement Planner")
scenario = state.get_scenario()
if not state.presenting():
    st.markdown(prose("home"))
    st.header("Four steps")
    step_columns = st.columns(4)
    for column, (path, label, blurb) in zip(step_columns, (
            ("pages/education.py", "1 · Education →", "Five levels, and how patient people are."),
            ("pages/assessment.py", "2 · Assessment →", "Each group: today, target and why."),
            ("pages/commitment.py", "3 · Commitment →", "The promise, and the team to keep it."),
            ("pages/recommendation.py", "4 · Recommendation",
             "The options, the decision, and the best plan within your limits."))):
        with column.container(border=True):
            st.page_link(path, label=f"**{label}**")
            st.write(blurb)

st.header(f"Headline for “{literal(scenario.name)}”")
result = guarded(state.evaluate, scenario)
if result is not None:
    options = guarded(state.options, scenario)
    if options is not None:
        decision_box(scenario, options)
        options_panel(scenario, options)
    st.page_link("pages/recommendation.py", label="See the recommendation and its reasons →")
    headline_metrics(result)
    honest_npv(result)
    unpriced(result)
