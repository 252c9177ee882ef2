"""The Recommendation page's panels: the decision, the options, the limits and the best plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import Result, Scenario
from model import options as op
from model import recommend as rec
from model.cover import PRESETS, PROMISES_MINUTES
from model.units import WEEKS_PER_YEAR
from present import decision, words
from present.markdown import literal
from present.text import count, duration, fte, money
from ui import state
from ui.widgets import guarded

NO_CAP = 0.0
ASSUMPTIONS_SHOWN = 3


def decision_box(scenario: Scenario, options: op.Options) -> None:
    """The banner: the decision in one sentence, its condition in the same sentence."""
    text = literal(decision.decision_sentence(options, scenario))
    best = options.recommended
    if best is None:
        st.error(text, icon="⛔")
    elif best.pays:
        st.success(text, icon="✅")
    else:
        st.warning(text, icon="⚖️")


def options_panel(scenario: Scenario, options: op.Options) -> None:
    """The options side by side, and how the plan as set compares with the recommended one."""
    # A static table: every row shown and every plan in words wrapped, not cut.
    st.table(decision.options_table(options, scenario).set_index("Measure"))
    st.caption(literal(
        f"Every figure is against staying as we are over {scenario.appraisal.horizon_years} "
        "years, so staying as we are is £0 by definition. Do the minimum keeps each group at "
        "the lowest level your limits accept and makes the cheapest promise today's team "
        "does not already keep. " + decision.as_set_sentence(options)))


# ---------------------------------------------------------------- limits


def limits_inputs(scenario: Scenario) -> None:
    """FTE cap, lowest level per group, acceptable promises and covers: saved on change."""
    limits = state.get_limits(scenario)
    left, right = st.columns(2, gap="large")
    with left:
        cap = st.number_input("Cap the team at (FTE; 0 = no cap)", 0.0, 50.0,
                              value=float(limits.max_fte or NO_CAP), step=0.5, key="rec_cap")
        promises = st.multiselect(
            "Promises we would make", PROMISES_MINUTES,
            default=list(limits.promises_minutes), format_func=duration, key="rec_promises")
        covers = st.multiselect("Hours of cover we could staff", list(PRESETS),
                                default=[c for c in limits.covers if c in PRESETS],
                                key="rec_covers")
    with right:
        floors = dict(limits.min_levels)
        frame = pd.DataFrame({"Group": [g.group for g in scenario.groups],
                              "Today": [g.current_level for g in scenario.groups],
                              "Lowest acceptable": [floors.get(g.group, scenario.level_names[0])
                                                    for g in scenario.groups]})
        edited = st.data_editor(
            frame, hide_index=True, key="rec_floors", disabled=["Group", "Today"],
            column_config={"Lowest acceptable": st.column_config.SelectboxColumn(
                options=list(scenario.level_names), required=True)})
    if not promises or not covers:
        st.error("Choose at least one promise and one pattern of cover to search.", icon="⚠️")
        return
    chosen = rec.Limits(
        max_fte=cap or None,
        min_levels=tuple(zip(edited["Group"], edited["Lowest acceptable"])),
        promises_minutes=tuple(sorted(float(p) for p in promises)),
        covers=tuple(c for c in PRESETS if c in covers))
    if chosen != limits:
        state.set_limits(chosen)


# ---------------------------------------------------------------- the best plan


def plan_table(scenario: Scenario, best: Scenario) -> pd.DataFrame:
    rows = [{"Group": now.group, "Today": now.current_level, "As set": now.target_level,
             "Recommended": new.target_level}
            for now, new in zip(scenario.groups, best.groups)]
    rows += [{"Group": "Reply within", "Today": "",
              "As set": duration(scenario.promise.response_target_minutes),
              "Recommended": duration(best.promise.response_target_minutes)},
             {"Group": "Hours of cover", "Today": "", "As set": scenario.promise.cover_preset,
              "Recommended": best.promise.cover_preset}]
    return pd.DataFrame(rows)


def best_plan_panel(scenario: Scenario, search: rec.Search, presenting: bool) -> Result | None:
    if search.best is None:
        st.warning(literal(words.none_fits_text(search)), icon="🔍")
        return None
    result = guarded(state.evaluate, search.best)
    if result is None:
        return None
    columns = st.columns(4)
    columns[0].metric("Net present value", money(result.npv_gbp),
                      help=f"Over {scenario.appraisal.horizon_years} years against staying as "
                           "we are; the plan is staffed to its promise.")
    columns[1].metric("Staff (to the promise)", fte(result.fte_required))
    columns[2].metric("Extra cost vs today (PV)", money(result.pv_costs_gbp),
                      help="Present value of costs above staying as we are; below zero the "
                           "plan costs less than today.")
    columns[3].metric("Priced benefits vs today (PV)", money(result.pv_benefits_gbp))
    st.dataframe(plan_table(scenario, search.best), hide_index=True)
    st.caption(f"Searched {count(search.plans_tried)} plans, each staffed to its promise; "
               "plans that break their promise or exceed the cap are never candidates.")
    if not presenting:
        st.button("Apply this plan", type="primary", on_click=apply_plan, args=(search.best,),
                  key="apply_plan",
                  help="Sets the levels, promise, cover and staffing (to the promise) on "
                       "Commitment.")
    return result


def apply_plan(best: Scenario) -> None:
    state.replace_scenario(best)


def unpriced_panel(result: Result, which: str) -> None:
    """What a board pays a year, per resident and per answer, for what is not priced."""
    cost = rec.unpriced_cost(result.scenario, result.npv_gbp, result.replies_per_week,
                             WEEKS_PER_YEAR)
    st.markdown(f"**{which}**")
    if cost.net_cost_gbp_per_year <= 0:
        st.markdown(f"It pays in cash ({money(result.npv_gbp)} over "
                    f"{result.scenario.appraisal.horizon_years} years): the unpriced benefits "
                    "come free.")
        return
    columns = st.columns(3)
    columns[0].metric("Net cost a year", money(cost.net_cost_gbp_per_year),
                      help="−NPV spread evenly over the appraisal years at the Green Book "
                           "discount rate (the equivalent annual cost).")
    columns[1].metric("Per resident a year", money(cost.per_resident_gbp_per_year),
                      help=f"Divided by the largest group, {cost.residents_group} "
                           f"({count(cost.residents)}): groups overlap.")
    columns[2].metric("Per answered message", money(cost.per_answered_message_gbp),
                      help=f"About {count(result.replies_per_week * WEEKS_PER_YEAR)} replies "
                           "a year.")
    st.markdown(unpriced_question(result, cost.per_resident_gbp_per_year))


def unpriced_question(result: Result, per_resident_gbp: float) -> str:
    """What is not priced, one item a line, then the board's question in its own sentence."""
    items = "\n".join(f"- {literal(item)}" for item in result.unpriced_benefits)
    return (f"What it buys that is not priced:\n{items}\n\n"
            f"Are these worth {literal(decision.per_head(per_resident_gbp))} per resident a "
            "year? That is for the board to judge: the model cannot price them.")


def key_assumptions(scenario: Scenario) -> None:
    """The three assumptions that swing the recommended plan's NPV most, each with its
    break-even sentence, naming the plan they describe."""
    swings = guarded(state.tornado, scenario)
    sentences = guarded(state.break_even, scenario)
    if swings is None or sentences is None or swings.empty:
        st.caption("No uncertainty ranges are set, so no assumption can be ranked.")
        return
    st.caption(literal(f"For the recommended plan ({decision.plan_named(scenario)}); "
                       "Commitment and Uncertainty show the plan as set."))
    lines = decision.key_assumption_lines(swings, sentences, scenario.price_base,
                                          ASSUMPTIONS_SHOWN)
    st.markdown("\n".join(f"{i}. {literal(line)}" for i, line in enumerate(lines, start=1)))
