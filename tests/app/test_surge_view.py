"""The Surge view's chart and sentences, without a browser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

import model
from model.surge import SurgeAssessment, evaluate_surge
from present import charts, words


@pytest.fixture(scope="module")
def assessment() -> SurgeAssessment:
    return evaluate_surge(model.load_sample_scenario())


def test_backlog_chart_shows_the_event_and_a_typical_week(assessment: SurgeAssessment) -> None:
    figure, caption = charts.surge_backlog(assessment.plan, assessment.surge)
    go.Figure(figure.to_dict())  # plotly's own checks, off when the chart is built
    assert [trace.name for trace in figure.data] == ["A typical week", "With the event"]
    assert max(figure.data[1].y) == pytest.approx(assessment.plan.peak_backlog)
    event = figure.layout.shapes[0]
    assert (event.x0, event.x1) == (0, assessment.surge.duration_hours)
    assert figure.layout.xaxis.ticktext[1].startswith("Tue")  # a day before: Mon, then Tue
    assert "Messages waiting" in figure.layout.yaxis.title.text
    assert caption.endswith(".") and f"{assessment.plan.peak_backlog:,.0f}" in caption


def test_the_brief_line_says_share_wait_and_what_it_takes(
        assessment: SurgeAssessment) -> None:
    sentence = words.surge_sentence(assessment)
    assert "48-hour event from Tue 08:00 at 5× the usual messages" in sentence
    assert f"{assessment.plan.share_within_target * 100:.0f}%" in sentence
    assert "1 more person on duty" in sentence
    assert "a year" in sentence


def test_reach_in_emergencies_has_numbers_with_and_without_the_plan(
        assessment: SurgeAssessment) -> None:
    text = words.surge_reach_text(assessment)
    assert "With the plan" in text and "staying as we are" in text


def test_the_surge_view_shows_the_events_figures_and_a_multiplier_move_changes_them(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    app.session_state["commitment_tab"] = "🌊 Surge"
    app.run()
    assert not app.exception
    scenario = app.session_state["scenario"]
    assessment = evaluate_surge(scenario)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Answered within 8 h"] == f"{assessment.plan.share_within_target:.0%}"
    assert metrics["Surge rota"] == f"+{assessment.rota.extra_people} on duty"
    assert any("48-hour event from Tue 08:00 at 5×" in m.value for m in app.markdown)
    app.slider(key="w_surge_multiplier").set_value(10.0).run()
    assert not app.exception
    assert app.session_state["scenario"].surge.multiplier == 10.0
    worse = {m.label: m.value for m in app.metric}["Answered within 8 h"]
    assert int(worse.rstrip("%")) < int(metrics["Answered within 8 h"].rstrip("%"))


@pytest.mark.parametrize(("fte", "says"), [(1.0, "no one on duty"),
                                           (1.5, "staff the plan to its promise first")])
def test_the_surge_view_of_a_team_that_cannot_answer_says_so(
        open_page: Callable[..., AppTest], fte: float, says: str) -> None:
    app = open_page("commitment")
    scenario = app.session_state["scenario"]
    app.session_state["scenario"] = replace(
        scenario, staffing=replace(scenario.staffing, planned_fte=fte))
    app.session_state["commitment_tab"] = "🌊 Surge"
    app.run()
    assert not app.exception
    shown = " ".join([m.value for m in app.markdown] + [i.value for i in app.info])
    assert says in shown
