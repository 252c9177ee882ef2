"""The sidebar loads the county-scale sample (sample_data/county/) in place of the scenario."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

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


def test_at_a_national_volume_the_page_names_how_reply_times_were_worked_out(
        open_page: Callable[..., AppTest]) -> None:
    sample = model.load_sample_scenario()
    group = replace(sample.groups[0], group="Everyone", population=3_000_000,
                    reach_share=0.30, messages_per_follower_per_year=2.0,
                    current_level="Inform", target_level="Consult", part_of="")
    app = open_page("home")
    app.session_state["scenario"] = replace(sample, groups=(group,))
    app.switch_page("pages/commitment.py").run()
    assert not app.exception
    assert any("large-volume approximation" in caption.value for caption in app.caption)


def test_the_sample_district_page_says_nothing_about_the_method(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    assert not any("approximation" in caption.value for caption in app.caption)
