"""Education: the five levels, what each asks, a worked example and the patience curve."""

import streamlit as st

from present import frames
from present.content import prose
from ui import figures, state
from ui.widgets import scenario_editor, show_chart

scenario = state.get_scenario()
st.title("1 · Education: the engagement ladder")
# On a projector the levels table needs the full width: side by side it was cut at 1280 px.
left, right = (st.container(), st.container()) if state.presenting() else st.columns(
    [1, 1], gap="large")
with left:
    st.markdown(prose("education"), unsafe_allow_html=True)
with right:
    st.markdown("**What each level asks of us** (messages compared with Inform; share we "
                "answer; staff minutes per reply; replies needing sign-off; proactive work)")
    st.dataframe(frames.levels_table(scenario), hide_index=True)

st.header("How messages and staff grow, level by level")
names = [g.group for g in scenario.groups]
group = st.selectbox("Example group", names, key="w_example_group",
                     help="Other groups stay at their target level.")
show_chart(figures.chart("growth", scenario, group or names[0]))

st.header("How patient is the public?")
if state.presenting():
    show_chart(figures.chart("patience", scenario))
else:
    st.markdown(prose("patience"))
    table_column, chart_column = st.columns([1, 2], gap="large")
    with table_column:
        scenario = scenario_editor(
            scenario, "ed_patience", lambda: frames.patience_frame(scenario),
            frames.patience_from_frame, num_rows="dynamic",
            column_config={
                frames.PATIENCE_MINUTES: st.column_config.NumberColumn(
                    min_value=0, max_value=43_200, step=5, format="%d", required=True),
                frames.PATIENCE_SHARE: st.column_config.NumberColumn(
                    min_value=0, max_value=100, step=1, format="%.0f%%", required=True)})
    with chart_column:
        show_chart(figures.chart("patience", scenario))
