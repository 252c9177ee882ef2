"""The Commitment page's panels: KPIs against "stay as we are", break-even, optimiser, load."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from model import Result, Scenario
from model.large_volume import EXACT_METHOD
from model.recommend import Search
from model.surge import SurgeAssessment
from model.units import DAY_NAMES
from present import decision, words
from present.markdown import literal
from present.text import count, duration, fte, money, percent
from ui import figures, state
from ui.inputs import RESPONSE_TARGETS_MINUTES, surge_inputs
from ui.widgets import BCR_HELP, bcr_text, guarded, npv_label, show_chart

FRONTIER_TARGETS_MINUTES = tuple(float(m) for m in RESPONSE_TARGETS_MINUTES)


def _points(share: float) -> str:
    return f"{share * 100:+.0f} points"


def kpis(result: Result) -> None:
    """Headline numbers, each with its change against "stay as we are"."""
    today = result.today
    fixed = result.scenario.staffing.planned_fte is not None
    top = bottom = metric_grid()
    top.metric(npv_label(result), money(result.npv_gbp),
                  help=f"Over {result.scenario.appraisal.horizon_years} years, against "
                       f"staying as we are. {words.price_base_text(result.scenario.price_base)}")
    top.metric("Benefit–cost ratio", bcr_text(result), help=BCR_HELP)
    if not result.achievable:
        reach = result.readiness.out_of_reach
        top.metric("Staff needed", "Not possible",
                      help=words.unkeepable_text(reach, result.scenario.promise
                                                 .response_target_minutes)
                      if reach is not None else
                      "No number of staff can keep this promise in these hours of cover.")
    elif fixed:
        top.metric("Fixed team", fte(result.fte_planned),
                      delta=f"{result.fte_planned - result.fte_required:+.1f} FTE vs the "
                            f"{fte(result.fte_required)} the promise needs",
                      delta_color="normal",
                      help=f"Today: {fte(today.fte)}.")
    else:
        top.metric("Staff needed", fte(result.fte_required),
                      delta=f"{result.fte_required - today.fte:+.1f} FTE vs today",
                      delta_color="off",
                      help=f"Staffed to the promise. Today: {fte(today.fte)}.")
    bottom.metric("Answered in time", percent(result.share_within_target),
                     delta=_points(result.share_within_target - today.share_within_target),
                     help="Share of replies sent within the promised time. Worked out by "
                          f"the {result.queue_method}.")
    delta_minutes = result.median_response_minutes - today.median_response_minutes
    bottom.metric("Median reply", duration(result.median_response_minutes),
                     delta=_median_delta(delta_minutes), delta_color="inverse",
                     help=f"Today: {duration(today.median_response_minutes)}.")
    bottom.metric("Messages in a week", count(result.inbound_per_week),
                     delta=f"{result.inbound_per_week - today.inbound_per_week:+,.0f} "
                           "vs today", delta_color="off")
    if result.queue_method != EXACT_METHOD:
        st.caption(f"At this volume reply times are worked out by the {result.queue_method}: "
                   "within a point of a message-by-message simulation at 20,000 and 50,000 "
                   "messages a week.")


def metric_grid() -> DeltaGenerator:
    """Metrics three to a row (ui/widgets.METRIC_GRID_CSS): one block, where two rows of
    st.columns(3) send eight, and every block is resent on every slider move."""
    return st.container(horizontal=True, gap="small", key="kpis")


def _median_delta(delta_minutes: float) -> str | None:
    if not math.isfinite(delta_minutes):
        return None
    sign = "-" if delta_minutes < 0 else "+"  # ASCII: Streamlit reads the sign for colour
    return f"{sign}{duration(abs(delta_minutes))} vs today"


def break_even_sentences(scenario: Scenario) -> None:
    st.markdown("Each sentence changes **one** assumption and holds the rest; it says what that "
                "assumption would have to be for the plan to break even.")
    st.caption(literal(f"For the plan as set ({decision.plan_named(scenario)}); the "
                       "Recommendation page gives them for the recommended plan."))
    table = guarded(state.break_even, scenario)
    if table is None:
        return
    sentences = words.break_even_sentences(table, scenario.price_base)
    st.markdown("\n".join(f"- {sentence}" for sentence in sentences))


def suggest_levels(scenario: Scenario) -> None:
    st.markdown("The search tries every level for every group at this promise and cover, "
                "staffs each plan to its promise, and keeps the levels with the highest net "
                "present value. Plans that break their promise or the cap are never offered.")
    cap = st.number_input("Cap the team at (FTE; 0 = no cap)", 0.0, 50.0, step=0.5,
                          key="w_fte_cap")
    if st.button("Suggest levels", type="primary"):
        st.session_state[state.SUGGESTION_KEY] = guarded(state.best_plan, scenario,
                                                         state.suggestion_limits(cap))
    found: Search | None = st.session_state.get(state.SUGGESTION_KEY)
    if found is None:
        return
    if found.best is None:
        st.warning(literal(words.none_fits_text(found)), icon="🔍")
        return
    before = guarded(state.evaluate, scenario)
    after = guarded(state.evaluate, found.best)
    changes = suggestion_table(scenario, found.best)
    if changes.empty and scenario.staffing.planned_fte is None:
        st.success("Your current target levels are already the best value found.")
        return
    st.dataframe(changes, hide_index=True)
    if before is not None and after is not None:
        if why := words.suggestion_keeps_promise_text(before):
            st.markdown(literal(why))
        st.markdown(f"NPV **{money(before.npv_gbp)} → {money(after.npv_gbp)}**, staff "
                    f"**{fte(before.fte_planned)} → {fte(after.fte_required)}** (staffed to "
                    "the promise).")
    st.button("Apply these levels", on_click=state.replace_scenario, args=(found.best,),
              key="apply_levels", help="Sets the levels and staffs the team to the promise.")


def suggestion_table(scenario: Scenario, suggestion: Scenario) -> pd.DataFrame:
    rows = [{"Group": now.group, "Target now": now.target_level,
             "Suggested": new.target_level}
            for now, new in zip(scenario.groups, suggestion.groups)
            if now.target_level != new.target_level]
    return pd.DataFrame(rows, columns=["Group", "Target now", "Suggested"])


def load_judgements(result: Result) -> list[tuple[str, str, str]]:
    """(label, value, judgement) for each "Keeping it up" figure, judged against the plan's
    own occupancy limit (Staffing.max_occupancy) and its appraisal horizon."""
    load = result.sustainability
    limit, years = percent(load.occupancy_limit), load.horizon_years
    over = load.share_of_open_hours_over_limit
    hours_over = over * load.cover_hours_per_week
    staff = result.fte_planned
    return [
        ("Average occupancy while on duty", percent(load.mean_occupancy),
         f"✅ Within the {limit} limit." if load.mean_occupancy <= load.occupancy_limit
         else f"⚠️ Above the {limit} limit on average: burnout territory."),
        (f"On-duty hours above {limit} busy", percent(over),
         "✅ No on-duty hour is over the limit." if over == 0
         else f"⚠️ About {count(hours_over)} hours a week are over the limit: expect "
              "backlogs and tired staff then."),
        ("Replies per FTE a week", count(load.replies_per_fte_per_week),
         f"Across {fte(staff)}; the occupancy figures say whether that is sustainable."),
        ("Messages arriving out of hours", percent(load.out_of_hours_share),
         "✅ Someone is on duty whenever messages arrive." if load.out_of_hours_share == 0
         else f"⏳ {percent(load.out_of_hours_share)} wait for the next shift, whatever the "
              "team's size: only longer cover shortens that wait."),
        ("Hours of cover a week", count(load.cover_hours_per_week),
         f"Of 168; {fte(staff)} keep at least one person on every covered hour."
         if staff > 0 else "Of 168."),
        (f"Extra cost over {years} years", money(load.extra_cost_over_horizon_gbp),
         f"What the board commits to over the {years}-year appraisal (running costs for "
         f"{years} years plus one-off costs, undiscounted)."),
    ]


def sustainability(result: Result) -> None:
    for row in range(0, 6, 3):
        columns = st.columns(3)
        for column, (label, value, judgement) in zip(
                columns, load_judgements(result)[row:row + 3]):
            column.metric(label, value)
            column.caption(judgement)


def _clock(hour: float) -> str:
    """7.5 -> '07:30'."""
    minutes = round(hour * 60) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(names: list[str]) -> str:
    """['Mon', 'Tue', 'Wed'] -> 'Mon–Wed'; all seven -> 'Every day'; else a list."""
    order = [DAY_NAMES.index(name) for name in names]
    if len(order) == len(DAY_NAMES):
        return "Every day"
    if len(order) > 2 and order == list(range(order[0], order[-1] + 1)):
        return f"{names[0]}–{names[-1]}"
    return ", ".join(names)


def rota_table(result: Result) -> pd.DataFrame:
    """The shifts as a board reads them: days, start, end, paid hours, full or part time,
    people (alike days together)."""
    shifts = result.rota.assign(start=result.rota["start_hour"].map(_clock),
                                end=result.rota["end_hour"].map(_clock))
    columns = ["start", "end", "paid_hours", "part_time", "people"]
    rows = [{"Days": _days(list(group["day"])), "Starts": start, "Ends": end,
             "Paid hours": float(str(paid)), "Contract": "Part time" if part else "Full time",
             "People": int(str(people))}
            for (start, end, paid, part, people), group in shifts.groupby(columns, sort=True)]
    return pd.DataFrame(rows, columns=["Days", "Starts", "Ends", "Paid hours", "Contract",
                                       "People"])


def shift_mix(result: Result) -> str:
    """'Full time: 7 × 7.5 h; part time: 7 × 4 h (part time 35% of paid hours, at most
    50%).'"""
    shifts, rules = result.rota, result.scenario.rota

    def listed(part: bool) -> str:
        rows = shifts[shifts["part_time"] == part].groupby("paid_hours")["people"].sum()
        return ", ".join(f"{int(n)} × {float(str(h)):g} h" for h, n in rows.items()) or "none"

    paid = float((shifts["paid_hours"] * shifts["people"]).sum())
    part_paid = float((shifts["paid_hours"] * shifts["people"])[shifts["part_time"]].sum())
    text = f"Full time: {listed(False)}; part time: {listed(True)}"
    if paid > 0 and rules.part_time_paid_hours:
        text += (f" (part time {percent(part_paid / paid)} of paid hours, at most "
                 f"{percent(rules.max_part_time_share)})")
    return text + "."


def rota_summary(result: Result) -> str:
    """Shifts, paid hours and FTE of the rota; its mix; unsocial hours; proactive work."""
    plan, staffing = result.plan, result.scenario.staffing
    assert plan.rota is not None, "only a plan staffed to its promise has a rota"
    rota = plan.rota
    rota_fte = rota.fte(staffing.contract_hours_per_week, staffing.shrinkage)
    shifts = int(result.rota["people"].sum())
    text = (f"**{shifts} shifts a week, {rota.paid_hours_per_week:,.1f} paid hours: "
            f"{fte(rota_fte)}** on {staffing.contract_hours_per_week:g}-hour contracts after "
            f"{percent(staffing.shrinkage)} shrinkage. {shift_mix(result)}")
    extra = rota.enhanced_paid_hours_per_week / rota.paid_hours_per_week - 1.0
    text += (f" Unsocial hours (nights, weekends) add **{percent(extra)}** to the rota's pay."
             if extra > 0 else " No shift works hours paid above plain time.")
    fits = plan.proactive_fits_hours_per_week
    beyond = plan.proactive_beyond_hours_per_week
    if fits + beyond > 0:
        text += (f" Content and events: {fits:,.1f} of {fits + beyond:,.1f} hours a week fit "
                 "in the rota's quiet hours")
        text += (f"; the other {beyond:,.1f} need {fte(result.fte_required - rota_fte)} more."
                 if beyond > 0 else ".")
    return text


def rota_panel(result: Result) -> None:
    reach = result.readiness.out_of_reach
    if reach is not None:
        minutes = result.scenario.promise.response_target_minutes
        st.warning(f"{words.unkeepable_text(reach, minutes)} {words.unkeepable_rota_text(reach)}",
                   icon="⏳")
    if result.rota.empty:
        st.info("A fixed team works the promise's rota when it is as large as the promise "
                "needs, and is laid out on full-time shifts where it meets the most demand "
                "when it is smaller; there is no rota of whole people to show here. Choose "
                "**Staff to the promise** to see the shifts the promise needs.")
        return
    st.markdown(rota_summary(result))
    show_chart(figures.chart("rota", result.scenario))
    st.dataframe(rota_table(result), hide_index=True)


def surge_panel(scenario: Scenario, presenting: bool) -> None:
    """Will we cope when it floods? The plan's team through the event, what keeping the
    promise takes, the levers and the cost a year."""
    if not presenting:
        with st.expander("The event", expanded=False):
            surge_inputs(scenario)
        scenario = state.get_scenario()
    assessment = guarded(state.surge, scenario)
    if assessment is None:
        st.info(words.NO_ONE_ON_DUTY)
        return
    plan = assessment.plan
    st.markdown(f"**{words.surge_coping_text(assessment)}**"
                + ("" if presenting else f" {words.surge_rota_text(assessment)}"))
    if not plan.stable:
        return
    first, second = st.columns(3), st.columns(3)
    first[0].metric(f"Answered within {duration(assessment.target_minutes)}",
                    percent(plan.share_within_target),
                    delta=_points(plan.share_within_target - plan.typical_share_within_target)
                    + " vs a typical week" if plan.stable else None,
                    help="Of the messages that arrive during the event.")
    first[1].metric("Median reply in the event", duration(plan.median_response_minutes))
    first[2].metric("Wait of the last message", words.rounded_hours(plan.hours_to_clear),
                    help="Expected wait to be picked up of a message that arrives as the "
                         "event ends: by then everything before it has been picked up.")
    second[0].metric("Most waiting at once", count(plan.peak_backlog))
    rota = assessment.rota
    second[1].metric("Surge rota", "none needed" if assessment.kept else
                     (f"+{rota.extra_people} on duty" if rota.met else "not enough"),
                     help=words.surge_rota_text(assessment))
    second[2].metric("Surge cost a year", money(assessment.cost_per_year_gbp()),
                     help=f"{assessment.surge.events_per_year:g} events a year × "
                          f"{money(rota.cost_gbp)} an event.")
    show_chart(figures.chart("surge", scenario))
    st.markdown(surge_levers_text(assessment))
    st.caption(words.surge_reach_text(assessment))


def surge_levers_text(assessment: SurgeAssessment) -> str:
    """The levers that cut the load, each on its own."""
    within = duration(assessment.target_minutes)
    holding, pinned = assessment.holding_lines, assessment.pinned_update
    return (
        "**Levers that cut the load, each on its own:**\n"
        f"- Holding lines pre-approved for the event (no reply waits for sign-off): "
        f"**{percent(holding.share_within_target)}** within {within}.\n"
        f"- A pinned public update answering the common question once (the "
        f"{percent(assessment.pinned_update_share)} of senders with the same question do not "
        f"write): **{percent(pinned.share_within_target)}** within {within}, the last "
        f"message waiting {words.rounded_hours(pinned.hours_to_clear)}.")
