"""Commitment's Rota tab: the shifts of whole people the promise needs, and the rules a
council sets for them (issue 14 §1)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

import model
from present.text import fte
from ui.inputs import FIXED_TEAM, TEAMS_HOURS

ROTA_TAB = "🗓️ Rota"


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def open_rota(open_page: Callable[..., AppTest], approvers: str = TEAMS_HOURS) -> AppTest:
    """The Rota tab, approvers signing off whenever the team is on duty unless told (with
    the sample's office-hours approvers no team keeps its promise)."""
    app = open_page("commitment")
    app.session_state["commitment_tab"] = ROTA_TAB
    app.session_state["rota_rules"] = True  # its inputs are drawn only while it is open
    app.run()
    app.selectbox(key="w_approvers").set_value(approvers).run()
    assert not app.exception
    return app


def test_the_sample_rota_tab_says_no_team_keeps_the_promise_and_what_would(
        open_page: Callable[..., AppTest]) -> None:
    """Issue 24 §5: the sample's approvers work office hours."""
    app = open_rota(open_page, approvers="Office hours")
    warning = next(w.value for w in app.warning if w.value.startswith("No team size"))
    assert warning.startswith("No team size keeps this promise: messages that need sign-off "
                              "wait for approvers' hours.")
    assert "44 more hours a week" in warning and "a longer promise: 12 h" in warning
    assert metric(app, "Staff needed") == "Not possible"


def test_the_rota_tab_lists_the_shifts_the_staff_figure_pays_for(
        open_page: Callable[..., AppTest]) -> None:
    app = open_rota(open_page)
    result = model.evaluate(app.session_state["scenario"])
    shifts = app.dataframe[0].value
    assert list(shifts.columns) == ["Days", "Starts", "Ends", "Paid hours", "Contract", "People"]
    # Extended cover, 08:00–20:00 every day: the same two shifts each day, listed once: a
    # part-time 4 hours and a full-time 7.5 (8 hours with the break), 11.5 paid hours a day.
    assert shifts.to_dict("records") == [
        {"Days": "Every day", "Starts": "08:00", "Ends": "12:00", "Paid hours": 4.0,
         "Contract": "Part time", "People": 1},
        {"Days": "Every day", "Starts": "12:00", "Ends": "20:00", "Paid hours": 7.5,
         "Contract": "Full time", "People": 1}]
    assert 7 * shifts["People"].sum() == result.rota["people"].sum()
    summary = next(m.value for m in app.markdown if "shifts a week" in m.value)
    assert f"**{result.rota['people'].sum()} shifts a week" in summary
    assert "Unsocial hours (nights, weekends) add" in summary  # Extended works weekends
    assert "Full time: 7 × 7.5 h; part time: 7 × 4 h" in summary
    assert metric(app, "Staff needed") == fte(result.fte_required)


def test_two_people_on_duty_at_least_raises_the_staff_and_every_covered_hour(
        open_page: Callable[..., AppTest]) -> None:
    app = open_rota(open_page)
    before = model.evaluate(app.session_state["scenario"]).fte_required
    app.number_input(key="w_min_people").set_value(2).run()
    assert not app.exception
    result = model.evaluate(app.session_state["scenario"])
    assert app.session_state["scenario"].rota.min_people_on_duty == 2
    week = result.week
    assert (week["people_on_duty"][week["cover"] == 1] >= 2).all()
    assert result.fte_required > before
    assert metric(app, "Staff needed") == fte(result.fte_required)


def test_a_fixed_team_says_it_has_no_rota(open_page: Callable[..., AppTest]) -> None:
    app = open_rota(open_page)
    app.radio(key="w_staff_mode").set_value(FIXED_TEAM).run()
    assert not app.exception
    assert any("no rota of whole people to show" in i.value for i in app.info)
    assert not [e for e in app.expander if e.label.startswith("Rota rules")]


def test_the_rota_rules_keep_their_values_while_shut(open_page: Callable[..., AppTest]) -> None:
    app = open_rota(open_page)
    app.number_input(key="w_min_people").set_value(2).run()
    app.session_state["rota_rules"] = False
    app.run()
    assert not [w for w in app.number_input if w.key == "w_min_people"]  # shut: not drawn
    app.session_state["rota_rules"] = True
    app.run()
    assert app.number_input(key="w_min_people").value == 2
    assert app.session_state["scenario"].rota.min_people_on_duty == 2


def test_office_hours_shifts_read_as_weekdays_at_plain_time() -> None:
    from dataclasses import replace

    from model.cover import cover_preset
    from ui.commitment import rota_summary, rota_table

    sample = model.load_sample_scenario()
    office = model.evaluate(replace(sample, promise=replace(
        sample.promise, cover_preset="Office hours", cover=cover_preset("Office hours"),
        response_target_minutes=1440.0)))
    table = rota_table(office)
    # Monday opens on the weekend's backlog: a second person then, on a part-time shift (the
    # morning's), one full-time shift a day after.
    shifts = office.rota
    paid = (shifts["paid_hours"] * shifts["people"]).groupby(shifts["day"]).sum().to_dict()
    assert {day: paid[day] for day in ("Tue", "Wed", "Thu", "Fri")} == dict.fromkeys(
        ("Tue", "Wed", "Thu", "Fri"), 7.5)
    assert paid["Mon"] > 7.5 and set(paid) == {"Mon", "Tue", "Wed", "Thu", "Fri"}
    assert "Part time" in set(table.loc[table["Days"] == "Mon", "Contract"])
    assert min(table["Starts"]) == "09:00" and max(table["Ends"]) == "17:00"
    assert "No shift works hours paid above plain time" in rota_summary(office)


def test_approvers_in_office_hours_hold_sign_off_to_their_hours(
        open_page: Callable[..., AppTest]) -> None:
    """Issue 24 §5: sign-off runs in the approvers' hours, an input; in office hours a reply
    written at the weekend waits for Monday, so fewer reach people in time."""
    app = open_rota(open_page)
    before = model.evaluate(app.session_state["scenario"]).share_within_target
    app.selectbox(key="w_approvers").set_value("Office hours").run()
    assert not app.exception
    scenario = app.session_state["scenario"]
    assert scenario.promise.approver_cover == model.cover_preset("Office hours")
    assert model.evaluate(scenario).share_within_target < before
