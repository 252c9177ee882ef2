"""Commitment's Rota tab: the shifts of whole people the promise needs, and the rules a
council sets for them (issue 14 §1)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

import model
from ui.inputs import FIXED_TEAM
from ui.text import fte

ROTA_TAB = "🗓️ Rota"


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def open_rota(open_page: Callable[..., AppTest]) -> AppTest:
    app = open_page("commitment")
    app.session_state["commitment_tab"] = ROTA_TAB
    app.run()
    assert not app.exception
    return app


def test_the_rota_tab_lists_the_shifts_the_staff_figure_pays_for(
        open_page: Callable[..., AppTest]) -> None:
    app = open_rota(open_page)
    result = model.evaluate(app.session_state["scenario"])
    shifts = app.dataframe[0].value
    assert list(shifts.columns) == ["Day", "Starts", "Ends", "People"]
    assert shifts["People"].sum() == result.rota["people"].sum()
    assert set(shifts["Day"]) == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}  # Extended
    summary = next(m.value for m in app.markdown if "shifts a week" in m.value)
    assert f"**{result.rota['people'].sum()} shifts a week" in summary
    assert "Nights and weekends add" in summary  # Extended cover works Saturdays and Sundays
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
    assert any("no rota of whole people" in i.value for i in app.info)
    assert not [e for e in app.expander if e.label.startswith("Rota rules")]
