"""The Commitment page's inputs: each widget seeded from the scenario, writing back on change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import streamlit as st

from model import Scenario
from model.bounds import bound
from model.cover import PRESETS, PROMISES_MINUTES, cover_preset
from model.rota import hour_label
from model.units import HOURS_PER_WEEK
from present import frames
from present.text import duration
from ui import state
from ui.widgets import bind, committer, editor_base

RESPONSE_TARGETS_MINUTES = PROMISES_MINUTES  # 15 minutes to a week: what a council promises
# Fewer points where several scenarios' frontiers are drawn together (each point is a solve).
CUSTOM = "Custom"
PERCENT = 100


def _promise(scenario: Scenario, **changes: Any) -> Scenario:
    return replace(scenario, promise=replace(scenario.promise, **changes))


def _staffing(scenario: Scenario, **changes: Any) -> Scenario:
    return replace(scenario, staffing=replace(scenario.staffing, **changes))


def set_response_target(scenario: Scenario, minutes: float) -> Scenario:
    return _promise(scenario, response_target_minutes=float(minutes))


def set_target_share(scenario: Scenario, share_percent: int) -> Scenario:
    return _promise(scenario, target_share=share_percent / PERCENT)


def set_preapproved(scenario: Scenario, share_percent: int) -> Scenario:
    return _promise(scenario, preapproved_share=share_percent / PERCENT)


def set_approval_delay(scenario: Scenario, hours: float) -> Scenario:
    return _promise(scenario, approval_delay_hours=float(hours))


TEAMS_HOURS = "When the team is on duty"


def approvers_choice(scenario: Scenario) -> str:
    """The approvers' hours as a preset name, or TEAMS_HOURS (sign-off runs on the rota)."""
    approvers = scenario.promise.approver_cover
    if approvers is None:
        return TEAMS_HOURS
    return next((name for name in PRESETS if cover_preset(name) == approvers), CUSTOM)


def set_approver_hours(scenario: Scenario, name: str) -> Scenario:
    if name == CUSTOM:  # a grid set elsewhere (a saved scenario) stays as it is
        return scenario
    return _promise(scenario, approver_cover=None if name == TEAMS_HOURS else cover_preset(name))


def set_cover_preset(scenario: Scenario, name: str) -> Scenario:
    if name == CUSTOM:
        return _promise(scenario, cover_preset=CUSTOM)
    return _promise(scenario, cover_preset=name, cover=cover_preset(name))


def set_planned_fte(scenario: Scenario, planned: float) -> Scenario:
    return _staffing(scenario, planned_fte=float(planned))


STAFF_TO_PROMISE = "Staff to the promise"
FIXED_TEAM = "Fixed team"
STAFFING_MODES = (STAFF_TO_PROMISE, FIXED_TEAM)


def staffing_mode(scenario: Scenario) -> str:
    return STAFF_TO_PROMISE if scenario.staffing.planned_fte is None else FIXED_TEAM


def set_staffing_mode(scenario: Scenario, mode: str) -> Scenario:
    """Staff to the promise plans what it needs; a fixed team starts from that number."""
    if mode == STAFF_TO_PROMISE:
        return _staffing(scenario, planned_fte=None)
    planned = st.session_state.get("w_planned_fte")
    if planned is None:
        planned = round(state.evaluate(scenario).fte_required, 1)
    return _staffing(scenario, planned_fte=float(planned))


def set_loaded_cost(scenario: Scenario, gbp: float) -> Scenario:
    return _staffing(scenario, loaded_cost_gbp_per_fte_year=float(gbp))


def set_triage(scenario: Scenario, minutes: float) -> Scenario:
    return _staffing(scenario, triage_minutes_per_message=float(minutes))


def set_shrinkage(scenario: Scenario, share_percent: int) -> Scenario:
    return _staffing(scenario, shrinkage=share_percent / PERCENT)


def _rota(scenario: Scenario, **changes: Any) -> Scenario:
    return replace(scenario, rota=replace(scenario.rota, **changes))


def set_shift_length(scenario: Scenario, hours: float) -> Scenario:
    return _rota(scenario, shift_paid_hours=float(hours))


def set_break(scenario: Scenario, minutes: int) -> Scenario:
    return _rota(scenario, unpaid_break_minutes=float(minutes))


def set_start_window(scenario: Scenario, hours: tuple[int, int]) -> Scenario:
    return _rota(scenario, earliest_start_hour=int(hours[0]), latest_start_hour=int(hours[1]))


def set_part_time_lengths(scenario: Scenario, hours: list[float]) -> Scenario:
    return _rota(scenario, part_time_paid_hours=tuple(sorted(float(h) for h in hours)))


def set_part_time_cap(scenario: Scenario, share_percent: int) -> Scenario:
    return _rota(scenario, max_part_time_share=share_percent / PERCENT)


def set_min_people(scenario: Scenario, people: int) -> Scenario:
    return _rota(scenario, min_people_on_duty=int(people))


def _enhancement_setter(name: str) -> Callable[[Scenario, int], Scenario]:
    return lambda scenario, percent: _rota(scenario, **{name: percent / PERCENT})


def _bounded(widget: Callable[..., object], label: str, name: str, value: float, key: str,
             setter: Callable[[Scenario, Any], Scenario], kind: type[float] = float,
             **extra: Any) -> None:
    """A slider or number box whose range, step and help come from model/bounds.py (pass
    ``help`` to say something else, or None for no help)."""
    limits = bound(name)
    extra.setdefault("help", limits.help or None)
    widget(label, kind(limits.low), kind(limits.high), step=kind(limits.step),
           key=bind(key, kind(value)), on_change=committer(key, setter), **extra)


def _percent_range(name: str) -> tuple[int, int]:
    """A share's bounds as whole percentages, for a slider."""
    limits = bound(name)
    return round(limits.low * PERCENT), round(limits.high * PERCENT)


def _targets(current: float) -> list[float]:
    return sorted({float(m) for m in RESPONSE_TARGETS_MINUTES} | {float(current)})


def promise_inputs(scenario: Scenario) -> None:
    """Speed: response target, share, cover, sign-off."""
    promise = scenario.promise
    st.select_slider(
        "Reply within", options=_targets(promise.response_target_minutes),
        format_func=duration,
        key=bind("w_target", float(promise.response_target_minutes)),
        on_change=committer("w_target", set_response_target),
        help="The response time we promise in public.")
    st.slider("Share of messages answered within that time",
              *_percent_range("promise.target_share"), format="%d%%",
              key=bind("w_share", round(promise.target_share * PERCENT)),
              on_change=committer("w_share", set_target_share))
    options = [*PRESETS, CUSTOM]
    current = promise.cover_preset if promise.cover_preset in options else CUSTOM
    st.radio("Hours someone is on duty", options, horizontal=True,
             key=bind("w_cover", current), on_change=_cover_changed,
             help="Office hours: Mon–Fri 9–17. Extended: every day 8–20.")
    if st.session_state["w_cover"] == CUSTOM:
        _cover_grid(scenario)
    st.slider("Replies covered by pre-approved lines",
              *_percent_range("promise.preapproved_share"), format="%d%%",
              key=bind("w_preapproved", round(promise.preapproved_share * PERCENT)),
              on_change=committer("w_preapproved", set_preapproved),
              help="Share of would-be sign-offs avoided by agreed standard answers.")
    _bounded(st.number_input, "Sign-off takes (working hours)", "promise.approval_delay_hours",
             promise.approval_delay_hours, "w_delay", set_approval_delay, help=None)
    choice = approvers_choice(scenario)
    options = [TEAMS_HOURS, *PRESETS] + ([CUSTOM] if choice == CUSTOM else [])
    st.selectbox("Approvers sign off", options, key=bind("w_approvers", choice),
                 on_change=committer("w_approvers", set_approver_hours),
                 help="Sign-off counts only the approvers' working hours: in office hours, a "
                      "reply written on Saturday waits for Monday.")


def _cover_changed() -> None:
    committer("w_cover", set_cover_preset)()
    st.session_state.pop("ed_cover", None)
    st.session_state.pop("edbase_ed_cover", None)


def _cover_grid(scenario: Scenario) -> None:
    st.caption("Tick the hours someone is on duty (rows: days; columns: hour starting).")
    base = editor_base("ed_cover", lambda: frames.cover_frame(scenario.promise.cover))
    column = st.column_config.CheckboxColumn
    edited = st.data_editor(base, key="ed_cover",
                            column_config={c: column(width=24) for c in base.columns})
    cover = frames.cover_from_frame(edited)
    if not any(cover):
        st.error("Tick at least one hour: a promise needs someone on duty.", icon="⚠️")
    elif cover != scenario.promise.cover:
        state.set_scenario(_promise(scenario, cover=cover, cover_preset=CUSTOM))


def staffing_inputs(scenario: Scenario) -> None:
    """Staffing: staff to the promise or a fixed team, cost, shrinkage."""
    staffing = scenario.staffing
    st.radio("How the team is sized", STAFFING_MODES, horizontal=True,
             key=bind("w_staff_mode", staffing_mode(scenario)),
             on_change=committer("w_staff_mode", set_staffing_mode),
             help="Staff to the promise: the team is what the promise needs, so a faster "
                  "promise costs more staff. Fixed team: what this team will really deliver.")
    if st.session_state["w_staff_mode"] == FIXED_TEAM:
        _bounded(st.number_input, "Team (FTE)", "staffing.planned_fte",
                 staffing.planned_fte or 1.0, "w_planned_fte", set_planned_fte, format="%.1f",
                 help=None)
    else:
        st.caption("The team is the cheapest rota of whole people that keeps the promise: at "
                   "least the people on duty set below in every hour of cover, more at peaks.")
        rota_inputs(scenario)
    _bounded(st.number_input, "Loaded cost per FTE a year (£)",
             "staffing.loaded_cost_gbp_per_fte_year", staffing.loaded_cost_gbp_per_fte_year,
             "w_cost", set_loaded_cost, int, help="Salary plus on-costs (pension, NI, overheads).")
    st.slider("Shrinkage (leave, training, sickness)", *_percent_range("staffing.shrinkage"),
              format="%d%%",
              key=bind("w_shrinkage", round(staffing.shrinkage * PERCENT)),
              on_change=committer("w_shrinkage", set_shrinkage))
    _bounded(st.number_input, "Reading and triage, each inbound message (minutes)",
             "staffing.triage_minutes_per_message", staffing.triage_minutes_per_message,
             "w_triage", set_triage, format="%.2f")


ENHANCEMENTS = (("night_enhancement", "Nights (20:00–06:00)"),
                ("saturday_enhancement", "Saturdays"), ("sunday_enhancement", "Sundays"))


def rota_inputs(scenario: Scenario) -> None:
    """The shifts a council allows and what unsocial hours cost (NJC rates by default)."""
    rota = scenario.rota
    # Drawn only while open (lazy, as the docs show): when shut, a slider move elsewhere sends
    # and redraws eight widgets fewer. Closed, their values live in the scenario (bind).
    rules = st.expander("Rota rules: shifts and unsocial hours", key="rota_rules",
                        on_change="rerun")
    if not rules.open:
        return
    with rules:
        _bounded(st.slider, "Full-time shift (paid hours)", "rota.shift_paid_hours",
                 rota.shift_paid_hours, "w_shift_hours", set_shift_length, format="%.1f h")
        _bounded(st.slider, "Unpaid break", "rota.unpaid_break_minutes",
                 rota.unpaid_break_minutes, "w_break", set_break, int, format="%d min")
        lengths = bound("rota.part_time_paid_hours")
        options = sorted({*np.arange(lengths.low, lengths.high + lengths.step / 2,
                                     lengths.step).tolist(), *rota.part_time_paid_hours})
        st.multiselect("Part-time shifts (paid hours)", options, format_func=lambda h: f"{h:g} h",
                       key=bind("w_part_time", list(rota.part_time_paid_hours)),
                       on_change=committer("w_part_time", set_part_time_lengths),
                       help=lengths.help)
        st.slider("Part-time shifts take at most", *_percent_range("rota.max_part_time_share"),
                  format="%d%% of paid hours",
                  key=bind("w_part_time_cap", round(rota.max_part_time_share * PERCENT)),
                  on_change=committer("w_part_time_cap", set_part_time_cap),
                  help=bound("rota.max_part_time_share").help)
        st.slider("Shifts may start between", 0, 23, format="%d:00",
                  key=bind("w_starts", (rota.earliest_start_hour, rota.latest_start_hour)),
                  on_change=committer("w_starts", set_start_window),
                  help="Start hours the rota may use; night cover allows any start.")
        _bounded(st.number_input, "People on duty at least", "rota.min_people_on_duty",
                 rota.min_people_on_duty, "w_min_people", set_min_people, int)
        st.markdown("**Unsocial hours, added to plain time** (NJC: nights +33 %, weekends "
                    "+50 %; use your local agreement)")
        for name, label in ENHANCEMENTS:
            st.slider(label, *_percent_range(f"rota.{name}"), format="+%d%%",
                      key=bind(f"w_{name}", round(getattr(rota, name) * PERCENT)),
                      on_change=committer(f"w_{name}", _enhancement_setter(name)),
                      help=bound(f"rota.{name}").help)


def _surge(scenario: Scenario, **changes: Any) -> Scenario:
    return replace(scenario, surge=replace(scenario.surge, **changes))


def _surge_setter(name: str, kind: type = float) -> Callable[[Scenario, Any], Scenario]:
    return lambda scenario, value: _surge(scenario, **{name: kind(value)})


def set_surge_start(scenario: Scenario, label: str) -> Scenario:
    return _surge(scenario, start_hour=SURGE_STARTS.index(label))


def set_events_range(scenario: Scenario, values: tuple[float, float]) -> Scenario:
    low, high = float(values[0]), float(values[1])
    events = min(max(scenario.surge.events_per_year, low), high)
    return _surge(scenario, events_per_year_low=low, events_per_year_high=high,
                  events_per_year=events)


SURGE_STARTS = tuple(hour_label(hour) for hour in range(HOURS_PER_WEEK))
EMERGENCY_SHARES = (0, 50, 60, 70, 75, 80, 85, 90, 95, 99)  # 0: the plan's own share


def surge_inputs(scenario: Scenario) -> None:
    """The event: when, how long, how many times the usual messages, how often a year."""
    surge = scenario.surge
    st.select_slider("Starts", SURGE_STARTS, key=bind("w_surge_start",
                                                      SURGE_STARTS[surge.start_hour]),
                     on_change=committer("w_surge_start", set_surge_start),
                     help="Day and hour the messages surge (hour 0 = Monday 00:00).")
    _bounded(st.slider, "Lasts (hours)", "surge.duration_hours", surge.duration_hours,
             "w_surge_hours", _surge_setter("duration_hours", int), int)
    _bounded(st.slider, "Messages, times the usual", "surge.multiplier", surge.multiplier,
             "w_surge_multiplier", _surge_setter("multiplier"), format="%.1f×")
    st.select_slider("Promise through the event: reply within",
                     (0.0, *(float(m) for m in RESPONSE_TARGETS_MINUTES)),
                     format_func=lambda m: "the plan's" if m == 0 else duration(m),
                     key=bind("w_surge_target", float(surge.emergency_target_minutes)),
                     on_change=committer("w_surge_target",
                                         _surge_setter("emergency_target_minutes")),
                     help="A stated emergency promise, e.g. within an hour; 'the plan's' keeps "
                          "the plan's own target.")
    st.select_slider("… for this share of the event's messages", EMERGENCY_SHARES,
                     format_func=lambda p: "the plan's" if p == 0 else f"{p}%",
                     key=bind("w_surge_share", round(surge.emergency_target_share * PERCENT)),
                     on_change=committer("w_surge_share", _emergency_share_setter))
    _bounded(st.number_input, "Events like this a year", "surge.events_per_year",
             surge.events_per_year, "w_surge_events", _events_setter)
    limits = bound("surge.events_per_year_low")
    st.slider("Events a year could be between", float(limits.low), 12.0, step=0.5,
              key=bind("w_surge_range", (float(surge.events_per_year_low),
                                         float(surge.events_per_year_high))),
              on_change=committer("w_surge_range", set_events_range),
              help="The range the cost a year is shown for (an assumption: use your own "
                   "record of floods, snow days and closures).")
    st.slider("Surge hours paid above plain time", *_percent_range("surge.overtime_enhancement"),
              format="+%d%%", key=bind("w_surge_overtime",
                                       round(surge.overtime_enhancement * PERCENT)),
              on_change=committer("w_surge_overtime", _overtime_setter),
              help=bound("surge.overtime_enhancement").help)


def _emergency_share_setter(scenario: Scenario, percent: int) -> Scenario:
    return _surge(scenario, emergency_target_share=percent / PERCENT)


def _overtime_setter(scenario: Scenario, percent: int) -> Scenario:
    return _surge(scenario, overtime_enhancement=percent / PERCENT)


def _events_setter(scenario: Scenario, events: float) -> Scenario:
    surge = scenario.surge
    events = float(events)
    return _surge(scenario, events_per_year=events,
                  events_per_year_low=min(surge.events_per_year_low, events),
                  events_per_year_high=max(surge.events_per_year_high, events))
