"""The Commitment page's inputs as components (AppTest.from_function): each widget moves the
Scenario in session state by its own field and no other; a value the model refuses is
explained, naming the field, and the scenario stays as it was."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario
from model.cover import PROMISES_MINUTES
from present.markdown import shown

TIMEOUT_S = 60


def inputs_page() -> None:
    """The Commitment page's promise and staffing inputs, with its message for a refused value."""
    from ui import inputs, state
    from ui.widgets import show_input_error

    scenario = state.get_scenario()
    show_input_error()
    inputs.promise_inputs(scenario)
    inputs.staffing_inputs(scenario)


def flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every field of a scenario by its dotted name: 'promise.target_share' → 0.8."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for item in dataclasses.fields(value):
            out.update(flat(getattr(value, item.name), f"{prefix}{item.name}."))
        return out
    return {prefix.rstrip("."): value}


def changed(before: Scenario, after: Scenario) -> dict[str, tuple[Any, Any]]:
    old, new = flat(before), flat(after)
    return {name: (old[name], new[name]) for name in old if old[name] != new[name]}


@pytest.fixture
def app() -> AppTest:
    page = AppTest.from_function(inputs_page, default_timeout=TIMEOUT_S).run()
    assert not page.exception
    return page


def scenario_of(app: AppTest) -> Scenario:
    scenario: Scenario = app.session_state["scenario"]
    return scenario


SLIDERS = [  # widget key, a new value in the widget's own terms, field, value in the scenario
    ("w_share", 90, "promise.target_share", 0.90),
    ("w_preapproved", 40, "promise.preapproved_share", 0.40),
    ("w_shrinkage", 35, "staffing.shrinkage", 0.35),
]
NUMBERS = [
    ("w_delay", 6.5, "promise.approval_delay_hours", 6.5),
    ("w_cost", 41_000, "staffing.loaded_cost_gbp_per_fte_year", 41_000.0),
    ("w_triage", 0.75, "staffing.triage_minutes_per_message", 0.75),
]


@pytest.mark.parametrize(("key", "value", "field", "expected"), SLIDERS,
                         ids=[row[0] for row in SLIDERS])
def test_moving_a_slider_changes_that_field_alone(app: AppTest, key: str, value: int,
                                                   field: str, expected: float) -> None:
    before = scenario_of(app)
    assert flat(before)[field] != pytest.approx(expected)  # the move is a real change
    app.slider(key=key).set_value(value).run()
    assert not app.exception and not app.error
    assert list(changed(before, scenario_of(app))) == [field]
    assert flat(scenario_of(app))[field] == pytest.approx(expected)


@pytest.mark.parametrize(("key", "value", "field", "expected"), NUMBERS,
                         ids=[row[0] for row in NUMBERS])
def test_typing_a_number_changes_that_field_alone(app: AppTest, key: str, value: float,
                                                  field: str, expected: float) -> None:
    before = scenario_of(app)
    assert flat(before)[field] != pytest.approx(expected)
    app.number_input(key=key).set_value(value).run()
    assert not app.exception and not app.error
    assert list(changed(before, scenario_of(app))) == [field]
    assert flat(scenario_of(app))[field] == pytest.approx(expected)


def test_a_faster_promise_changes_the_reply_target_alone(app: AppTest) -> None:
    before = scenario_of(app)
    faster = float(min(PROMISES_MINUTES))
    assert faster < before.promise.response_target_minutes
    app.select_slider(key="w_target").set_value(faster).run()
    assert not app.exception
    assert changed(before, scenario_of(app)) == {
        "promise.response_target_minutes": (before.promise.response_target_minutes,
                                            faster)}


def test_choosing_the_cover_changes_the_cover_and_its_name_together(app: AppTest) -> None:
    before = scenario_of(app)
    choice = "24/7" if before.promise.cover_preset != "24/7" else "Office hours"
    app.radio(key="w_cover").set_value(choice).run()
    assert not app.exception
    after = scenario_of(app)
    assert set(changed(before, after)) == {"promise.cover_preset", "promise.cover"}
    assert after.promise.cover_preset == choice


def test_a_fixed_team_changes_the_planned_team_alone(app: AppTest) -> None:
    before = scenario_of(app)
    assert before.staffing.planned_fte is None  # the sample is staffed to its promise
    app.radio(key="w_staff_mode").set_value("Fixed team").run()
    assert not app.exception
    assert list(changed(before, scenario_of(app))) == ["staffing.planned_fte"]
    app.number_input(key="w_planned_fte").set_value(2.5).run()
    assert scenario_of(app).staffing.planned_fte == pytest.approx(2.5)


@pytest.mark.parametrize("end", ["min", "max"])
def test_each_end_of_every_range_is_a_value_the_model_takes(app: AppTest, end: str) -> None:
    """Widget ranges come from the bounds table the Scenario checks: at both ends of each
    slider and number box the model takes the value, so no widget offers a refused one."""
    for rows, find, per_unit in ((SLIDERS, app.slider, 100), (NUMBERS, app.number_input, 1)):
        for key, _, field, _ in rows:
            widget = find(key=key)
            value = getattr(widget, end)
            widget.set_value(value).run()
            assert not app.exception and not app.error, key
            assert flat(scenario_of(app))[field] == pytest.approx(value / per_unit), key


def test_a_value_the_model_refuses_is_named_and_not_used(app: AppTest,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """No widget offers a refused value today (above), so the model is given a stricter rule
    for one field than its widget knows: the page names the field and the value, and the
    scenario stays as it was."""
    import model.scenario
    from model.bounds import BOUNDS

    field = "staffing.triage_minutes_per_message"
    stricter = dataclasses.replace(BOUNDS[field], high=0.5)

    def strict_check(name: str, value: object, where: str | None = None) -> None:
        (stricter.check if name == field else BOUNDS[name].check)(value, where)

    monkeypatch.setattr(model.scenario, "check", strict_check)
    before = scenario_of(app)
    app.number_input(key="w_triage").set_value(0.75).run()
    assert not app.exception
    assert scenario_of(app) == before
    assert [shown(e.value) for e in app.error] == [
        f"That value was not used: {field} = 0.75: expected {stricter.expected()}"]
    app.number_input(key="w_triage").set_value(0.25).run()  # an accepted value clears it
    assert not app.error
    assert scenario_of(app).staffing.triage_minutes_per_message == pytest.approx(0.25)
