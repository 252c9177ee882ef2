"""The sidebar loads the county-scale sample (sample_data/county/) in place of the scenario."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

import model


def test_the_sidebar_loads_the_sample_county(open_page: Callable[..., AppTest]) -> None:
    app = open_page("home")  # the sidebar is visible to AppTest on run one only
    app.button(key="county_sample").click().run()
    scenario = app.session_state["scenario"]
    assert scenario == model.load_sample_scenario("county")
    app.switch_page("pages/commitment.py").run()
    assert not app.exception
    assert app.metric
