"""One story: staffing modes, unready plans, the verdict and "Apply this plan", as seen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

import model
from model import recommend as rec
from model.units import WEEKS_PER_YEAR
from present.text import fte, money
from ui.inputs import FIXED_TEAM, TEAMS_HOURS


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def labels(app: AppTest) -> list[str]:
    return [m.label for m in app.metric]


def approvers_on_team_hours(app: AppTest) -> AppTest:
    """Sign-off whenever the team is on duty: with the sample's office-hours approvers no
    team keeps the Extended promise (issue 24 §5)."""
    app.selectbox(key="w_approvers").set_value(TEAMS_HOURS).run()
    return app


def test_by_default_moving_reply_within_restaffs_to_the_new_promise(
        open_page: Callable[..., AppTest]) -> None:
    # Every promise can be kept round the clock, approvers on the team's hours.
    app = approvers_on_team_hours(open_page("commitment", cover="24/7"))
    assert app.session_state["scenario"].staffing.planned_fte is None
    before = metric(app, "Staff needed"), model.evaluate(app.session_state["scenario"]).npv_gbp
    app.select_slider(key="w_target").set_value(60.0).run()
    result = model.evaluate(app.session_state["scenario"])
    after = metric(app, "Staff needed"), result.npv_gbp
    assert not app.exception
    # Whole people: the sample's floor of one person an hour round the clock already answers
    # within an hour, so the faster promise adds no one (never removes anyone); the replies
    # are as fast as before, so the money is the same too. The page shows the model's figures.
    assert result.scenario.promise.response_target_minutes == 60.0
    assert float(after[0].split()[0]) >= float(before[0].split()[0])
    assert after[0] == fte(result.fte_required)
    assert after[1] <= before[1]
    assert metric(app, "Net present value") == money(result.npv_gbp)


def test_a_team_below_what_the_promise_needs_is_never_shown_as_the_better_plan(
        open_page: Callable[..., AppTest]) -> None:
    app = approvers_on_team_hours(open_page("commitment"))
    staffed = model.evaluate(app.session_state["scenario"])
    app.radio(key="w_staff_mode").set_value(FIXED_TEAM).run()
    app.number_input(key="w_planned_fte").set_value(1.5).run()
    short = model.evaluate(app.session_state["scenario"])
    assert not short.ready and short.npv_gbp > staffed.npv_gbp  # the trap the page must avoid
    assert "Net present value" not in labels(app)
    assert money(short.npv_gbp) == metric(app, "NPV of a plan that breaks its promise")
    assert any("breaks its promise" in w.value and money(staffed.npv_gbp) in w.value
               for w in app.warning)
    app.switch_page("pages/recommendation.py").run()
    assert not app.exception
    assert any("breaks its promise" in c.value for c in app.caption)
    assert metric(app, "Net present value") != money(short.npv_gbp)  # the best is staffed


def test_after_apply_this_plan_commitment_shows_the_npv_recommended(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("recommendation")
    promised = metric(app, "Net present value")
    promised_staff = metric(app, "Staff (to the promise)")
    app.button(key="apply_plan").click().run()
    app.switch_page("pages/commitment.py").run()
    assert not app.exception
    assert metric(app, "Net present value") == promised
    assert metric(app, "Staff needed") == promised_staff
    scenario = app.session_state["scenario"]
    assert scenario.staffing.planned_fte is None
    assert model.evaluate(scenario).ready


@pytest.mark.parametrize("cap", [0.6, 1.0, 2.0])
def test_with_a_cap_the_recommended_plan_never_needs_more_staff(
        open_page: Callable[..., AppTest], cap: float) -> None:
    app = open_page("recommendation")
    app.number_input(key="rec_cap").set_value(cap).run()
    assert not app.exception
    if any("No plan within your limits" in w.value for w in app.warning):
        return
    staff = float(metric(app, "Staff (to the promise)").split()[0])
    assert staff <= cap
    app.button(key="apply_plan").click().run()
    result = model.evaluate(app.session_state["scenario"])
    assert result.ready and result.fte_required <= cap + 1e-9


def test_a_cap_no_plan_can_meet_says_so_plainly(open_page: Callable[..., AppTest]) -> None:
    app = open_page("recommendation")
    app.number_input(key="rec_cap").set_value(0.1).run()
    assert not app.exception
    assert any("No plan within your limits" in w.value for w in app.warning)
    assert not [b for b in app.button if b.key == "apply_plan"]
    assert any(e.value.startswith("Stay as we are") for e in app.error)


def test_suggest_levels_applies_a_plan_whose_npv_is_the_one_shown_and_keeps_the_cap(
        open_page: Callable[..., AppTest]) -> None:
    app = approvers_on_team_hours(open_page("commitment"))
    app.session_state["commitment_tab"] = "🎯 Suggest levels"
    app.run()
    # One whole person across the Extended cover is 3.11 FTE (7.5 h and 4 h shifts a day):
    # the cap leaves room for that.
    app.number_input(key="w_fte_cap").set_value(4.5).run()
    app.button[[b.label for b in app.button].index("Suggest levels")].click().run()
    assert not app.exception
    shown = next(m.value for m in app.markdown if m.value.startswith("NPV **"))
    promised = shown.split("→")[1].split("**")[0].strip()
    app.button(key="apply_levels").click().run()
    result = model.evaluate(app.session_state["scenario"])
    assert money(result.npv_gbp) == promised
    assert result.ready and result.fte_required <= 4.5
    assert metric(app, "Net present value") == promised


def test_keeping_it_up_judges_each_figure_against_the_limit_and_the_appraisal_horizon() -> None:
    from dataclasses import replace

    from ui.commitment import load_judgements
    sample = model.load_sample_scenario()
    for team in (None, 0.5):
        result = model.evaluate(replace(sample, staffing=replace(sample.staffing,
                                                                 planned_fte=team)))
        rows = {label: judgement for label, _, judgement in load_judgements(result)}
        load = result.sustainability
        occupancy = rows["Average occupancy while on duty"]
        assert occupancy.startswith("✅" if load.mean_occupancy <= load.occupancy_limit
                                    else "⚠️")
        years = sample.appraisal.horizon_years
        assert f"Extra cost over {years} years" in rows
        assert all(judgement for judgement in rows.values())


def test_the_board_sees_what_its_own_plan_costs_per_resident_when_it_does_not_pay(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("recommendation")
    scenario = app.session_state["scenario"]
    as_set = model.evaluate(scenario)
    assert as_set.npv_gbp < 0  # the sample plan does not pay in cash
    cost = rec.unpriced_cost(scenario, as_set.npv_gbp, as_set.replies_per_week,
                             WEEKS_PER_YEAR)
    assert not app.exception
    assert money(cost.per_resident_gbp_per_year) in [
        m.value for m in app.metric if m.label == "Per resident a year"]
    assert any("The plan as set" in md.value for md in app.markdown)


@pytest.mark.parametrize("page", ["home", "recommendation"])
def test_the_options_sit_side_by_side_under_one_sentence_that_carries_its_cost(
        open_page: Callable[..., AppTest], page: str) -> None:
    app = open_page(page)
    assert not app.exception
    banner = " ".join(w.value.replace("\\", "") for w in app.warning)
    assert "Recommended:" in banner and "does not pay in cash" in banner
    assert "otherwise stay as we are" in banner and "Go ahead" not in banner
    table = next(t.value for t in app.table if t.value.index.name == "Measure")
    assert list(table.columns) == ["Stay as we are", "Do the minimum", "Recommended", "As set"]
