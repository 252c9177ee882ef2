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
