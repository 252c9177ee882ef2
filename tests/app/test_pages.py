"""Every page, driven like a user would: sliders, inputs, page switches, links, presenting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

import model
from present.markdown import shown
from present.text import fte
from ui.inputs import FIXED_TEAM, STAFF_TO_PROMISE, TEAMS_HOURS


def metric_value(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


PAGES = ("home", "education", "assessment", "commitment", "recommendation", "uncertainty")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(open_page: Callable[..., AppTest],
                                              page: str) -> None:
    app = open_page(page)
    assert not app.exception
    assert app.title


def test_moving_the_response_target_slider_changes_staff_needed(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment", cover="24/7")
    before = metric_value(app, "Staff needed")
    app.select_slider(key="w_target").set_value(60.0).run()
    after = metric_value(app, "Staff needed")
    assert not app.exception
    expected = fte(model.evaluate(app.session_state["scenario"]).fte_required)
    # The sample's volume is low: at 24/7 its rota's floor of one whole person an hour already
    # answers within an hour, so a faster promise need not add anyone, but never removes one.
    assert float(after.split()[0]) >= float(before.split()[0])
    assert after == expected


def test_raising_a_groups_target_level_raises_inbound_volume(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    before = float(metric_value(app, "Messages in a week").replace(",", ""))
    scenario = app.session_state["scenario"]
    app.session_state["scenario"] = scenario.with_targets({"Residents": scenario.level_names[-1]})
    app.run()
    after = float(metric_value(app, "Messages in a week").replace(",", ""))
    assert after > before


def test_readiness_error_shows_when_team_is_too_small_and_goes_when_it_is_not(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    # Approvers on the team's hours: with the sample's office-hours approvers no team
    # keeps the promise (issue 24 §5).
    app.selectbox(key="w_approvers").set_value(TEAMS_HOURS).run()
    app.radio(key="w_staff_mode").set_value(FIXED_TEAM).run()
    app.number_input(key="w_planned_fte").set_value(1.0).run()
    assert any("Not ready" in e.value for e in app.error)
    app.number_input(key="w_planned_fte").set_value(6.0).run()
    assert not any("Not ready" in e.value for e in app.error)
    assert any("Ready" in s.value for s in app.success)


def test_staff_to_the_promise_plans_the_staff_the_promise_needs(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    # Approvers on the team's hours: with the sample's office-hours approvers no team
    # keeps the promise (issue 24 §5).
    app.selectbox(key="w_approvers").set_value(TEAMS_HOURS).run()
    app.radio(key="w_staff_mode").set_value(FIXED_TEAM).run()
    app.number_input(key="w_planned_fte").set_value(1.0).run()
    app.radio(key="w_staff_mode").set_value(STAFF_TO_PROMISE).run()
    assert app.session_state["scenario"].staffing.planned_fte is None
    assert not any("Not ready" in e.value for e in app.error)


def test_edits_survive_a_page_switch(open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    app.slider(key="w_share").set_value(90).run()
    app.switch_page("pages/home.py").run()
    app.switch_page("pages/commitment.py").run()
    assert app.slider(key="w_share").value == 90
    assert app.session_state["scenario"].promise.target_share == pytest.approx(0.9)


def test_url_parameters_restore_the_view(open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment", levels="Residents:5", target="1440", share="90",
                    cover="24/7", fte="5", on_duty="2")
    scenario = app.session_state["scenario"]
    assert scenario.groups[0].target_level == "Empower"
    assert app.select_slider(key="w_target").value == 1440.0
    assert app.slider(key="w_share").value == 90
    assert app.radio(key="w_cover").value == "24/7"
    assert app.number_input(key="w_planned_fte").value == 5.0
    assert scenario.rota.min_people_on_duty == 2


def test_a_link_sets_the_rota_rules_shown(open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment", on_duty="2", sat_pay="75")
    app.session_state["rota_rules"] = True  # Rota rules draws its inputs only while open
    app.run()
    assert not app.exception
    assert app.number_input(key="w_min_people").value == 2
    assert app.slider(key="w_saturday_enhancement").value == 75
    assert app.session_state["scenario"].rota.min_people_on_duty == 2


def test_a_bad_url_parameter_is_ignored_with_a_note(open_page: Callable[..., AppTest]) -> None:
    app = open_page("home", target="soon", share="90")
    assert not app.exception
    assert any("target=soon" in shown(t.value) for t in app.toast)
    assert any("target=soon" in shown(w.value) for w in app.warning)
    app.switch_page("pages/commitment.py").run()
    assert not app.exception
    assert app.session_state["scenario"].promise.response_target_minutes == 480
    assert app.session_state["scenario"].promise.target_share == pytest.approx(0.9)


@pytest.mark.parametrize("page", ("commitment", "assessment", "education", "uncertainty"))
def test_presenter_link_hides_the_editors(open_page: Callable[..., AppTest], page: str) -> None:
    app = open_page(page, present="1")
    assert not app.exception
    assert not app.slider and not app.select_slider and not app.number_input
    assert not app.get("arrow_data_frame") or page == "education"
    assert app.get("component_instance")  # ui/live_chart


def test_presenter_toggle_hides_the_commitment_inputs(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    assert app.slider
    # AppTest drops sidebar elements after the first run with file pages, so set the toggle's
    # key the way the toggle would.
    app.session_state["presenting"] = True
    app.run()
    assert not app.slider and not app.number_input
    assert app.metric


def test_reset_to_sample_undoes_edits(open_page: Callable[..., AppTest]) -> None:
    app = open_page("home", share="95")  # the sidebar is visible to AppTest on run one only
    assert app.session_state["scenario"].promise.target_share == pytest.approx(0.95)
    app.button(key="reset").click().run()
    app.switch_page("pages/commitment.py").run()
    assert app.slider(key="w_share").value == 80


def test_the_commitment_sliders_offer_exactly_what_the_model_accepts(
        open_page: Callable[..., AppTest]) -> None:
    from model.bounds import bound

    app = open_page("commitment")
    for key, name in (("w_share", "promise.target_share"), ("w_shrinkage", "staffing.shrinkage")):
        slider, limits = app.slider(key=key), bound(name)
        assert (slider.min, slider.max) == (round(limits.low * 100), round(limits.high * 100))
    app.radio(key="w_staff_mode").set_value(FIXED_TEAM).run()  # the team size is asked for
    planned = app.number_input(key="w_planned_fte")
    assert (planned.min, planned.max) == (bound("staffing.planned_fte").low,
                                          bound("staffing.planned_fte").high)
