"""Assessment: the stakeholder groups, today's and target levels, and what they bring in."""

import streamlit as st

from model.bounds import bound
from present import frames
from present.content import prose
from present.markdown import literal
from ui import figures, state
from ui.widgets import guarded, scenario_editor, show_chart

scenario = state.get_scenario()
st.title("2 · Assessment: who, where we are, where we aim")

if not state.presenting():
    st.markdown(prose("assessment"))
    level = st.column_config.SelectboxColumn
    number = st.column_config.NumberColumn
    scenario = scenario_editor(
        scenario, "ed_groups", lambda: frames.groups_frame(scenario), frames.groups_from_frame,
        if_invalid="The figures below still use the last valid table.", num_rows="dynamic",
        column_config={
            "Group": st.column_config.TextColumn(required=True, width="medium"),
            "Population": number(min_value=0, max_value=bound("groups.population").high, step=1,
                                 format="localized", required=True),
            "Follow us (%)": number(min_value=0, max_value=100, step=1, format="%.0f%%",
                                    required=True),
            "Messages per follower a year": number(
                min_value=0, max_value=bound("groups.messages_per_follower_per_year").high,
                step=0.01, format="%.2f", required=True),
            "Today": level(options=scenario.level_names, required=True),
            "Target": level(options=scenario.level_names, required=True),
            **{frames.contact_share_label(key): number(min_value=0, max_value=100,
                                                       format="%.0f%%", required=True)
               for key in scenario.contact_channels},
            "Why": st.column_config.TextColumn(width="large"),
            "Part of (counted inside)": st.column_config.TextColumn(
                help="The group this one sits inside, e.g. tenants inside residents. Its "
                     "people are taken out of the parent's count, so nobody is counted twice."),
        })
    if any(g.part_of for g in scenario.groups):
        st.caption("Groups inside another are carved out of it: " + "; ".join(
            f"{literal(g.group)} is counted inside {literal(g.part_of)}"
            for g in scenario.groups if g.part_of)
            + ". The parent's followers are its own people only (population less its "
              "sub-groups), so each follower is counted once.")

result = guarded(state.evaluate, scenario)
if result is not None:
    left, right = st.columns(2, gap="large")
    with left:
        show_chart(figures.chart("dumbbell", scenario))
    with right:
        show_chart(figures.chart("inbound", scenario))
    st.header("Why each group")
    for group in scenario.groups:
        st.markdown(f"**{literal(group.group)}** ({group.current_level} → "
                    f"{group.target_level}): {literal(group.why) if group.why else '—'}")
