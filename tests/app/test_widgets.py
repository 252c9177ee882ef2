"""Shared page pieces, each run alone in AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from present.markdown import shown


def editor_page() -> None:
    """scenario_editor over a two-row table; the check's outcome comes from session state."""
    from dataclasses import replace

    import pandas as pd
    import streamlit as st

    from ui import state
    from ui.widgets import scenario_editor

    bad = st.session_state.get("bad", False)

    def check(scenario, frame):  # type: ignore[no-untyped-def]
        if bad:
            return None, ["Row 1, column '[x](http://evil)': please fill this in."]
        return replace(scenario, name=f"Edited, {len(frame)} rows"), []

    st.session_state["before"] = state.get_scenario().name
    drawn = scenario_editor(state.get_scenario(), "ed_test",
                            lambda: pd.DataFrame({"a": [1.0, 2.0]}), check,
                            if_invalid="The figures still use the last valid table.")
    st.session_state["drawn"] = drawn.name


def run_editor(bad: bool) -> AppTest:
    app = AppTest.from_function(editor_page, default_timeout=30)
    app.session_state["bad"] = bad
    return app.run()


def test_a_valid_edit_becomes_the_scenario_every_page_uses() -> None:
    app = run_editor(bad=False)
    assert not app.exception
    assert app.session_state["scenario"].name == "Edited, 2 rows"
    assert app.session_state["drawn"] == "Edited, 2 rows"
    assert not app.error and not app.caption


def test_an_invalid_edit_is_explained_and_the_last_valid_scenario_stays() -> None:
    app = run_editor(bad=True)
    assert not app.exception
    assert app.session_state["drawn"] == app.session_state["before"]
    assert app.session_state["scenario"].name == app.session_state["before"]
    assert [shown(e.value) for e in app.error] == [
        "Row 1, column '[x](http://evil)': please fill this in."]
    assert "[x](http" not in app.error[0].value  # the quoted name is escaped, not a link
    assert [c.value for c in app.caption] == ["The figures still use the last valid table."]


def honest_npv_page() -> None:
    """honest_npv for the plan named in session state: "as set" (one person, with sign-off
    on the rota's clock so some team keeps the promise), "staffed" (that plan staffed to its
    promise) or "sample staffed" (the sample staffed to its promise: its approvers' office
    hours hold the promise out of reach of any team)."""
    from dataclasses import replace

    import streamlit as st

    from model import load_sample_scenario
    from ui import state
    from ui.widgets import honest_npv, staffed_to_promise

    sample = load_sample_scenario()
    plan = replace(sample, promise=replace(sample.promise, approver_cover=None),
                   staffing=replace(sample.staffing, planned_fte=1.0))
    if st.session_state["plan"] == "staffed":
        plan = staffed_to_promise(plan)
    if st.session_state["plan"] == "sample staffed":
        plan = staffed_to_promise(sample)
    result = state.evaluate(plan)
    staffed = state.evaluate(staffed_to_promise(plan))
    st.session_state["npv"] = (result.ready, result.npv_gbp, staffed.ready, staffed.npv_gbp,
                               staffed.fte_required)
    honest_npv(result)


def run_honest_npv(plan: str) -> AppTest:
    app = AppTest.from_function(honest_npv_page, default_timeout=60)
    app.session_state["plan"] = plan
    return app.run()


def test_a_plan_that_breaks_its_promise_is_told_what_staffing_to_it_would_give() -> None:
    """One person cannot keep the sample's promise; staffed to it the same plan can: the
    warning gives that team and its NPV, the figures Commitment shows for it."""
    from present.text import money

    app = run_honest_npv("as set")
    assert not app.exception
    ready, npv, staffed_ready, staffed_npv, staffed_fte = app.session_state["npv"]
    assert not ready and staffed_ready
    [warning] = app.warning
    assert warning.value.startswith(f"**{money(npv)} over 5 years is the NPV of a plan that "
                                    "breaks its promise**")
    assert (f"Staffed to the promise ({staffed_fte:.1f} FTE) the same plan's NPV is "
            f"**{money(staffed_npv)}**.") in warning.value


def test_a_plan_staffed_to_its_promise_says_its_npv_plainly() -> None:
    app = run_honest_npv("staffed")
    assert not app.exception
    ready, npv, _, staffed_npv, _ = app.session_state["npv"]
    assert ready and npv == staffed_npv
    assert "breaks its promise" not in " ".join(w.value for w in app.warning)


def test_a_plan_staffed_to_a_promise_no_team_keeps_says_what_holds_it() -> None:
    from present import words

    app = run_honest_npv("sample staffed")
    assert not app.exception
    ready, _, staffed_ready, _, _ = app.session_state["npv"]
    assert not ready and not staffed_ready
    [warning] = app.warning
    assert words.NO_TEAM_FOR_SIGN_OFF in warning.value
    assert "Staffed to the promise (" not in warning.value
