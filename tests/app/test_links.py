"""The address bar a sender copies reopens their numbers, settings beyond the readable keys too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from streamlit.testing.v1 import AppTest

import model
from present.text import money


def test_a_copied_link_carries_shrinkage_sign_off_and_loaded_cost(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("commitment")
    sample = app.session_state["scenario"]
    sent = replace(sample,
                   staffing=replace(sample.staffing, shrinkage=0.4,
                                    loaded_cost_gbp_per_fte_year=52_000.0),
                   promise=replace(sample.promise, preapproved_share=0.8,
                                   approval_delay_hours=2.0))
    app.session_state["scenario"] = sent
    app.run()
    link = {key: app.query_params[key] for key in app.query_params}
    assert "s" in link  # the packed settings beyond the readable keys
    opened = open_page("commitment", **{k: v[0] if isinstance(v, list) else v
                                        for k, v in link.items()})
    assert not opened.exception
    assert opened.session_state["scenario"] == sent
    shown = next(m.value for m in opened.metric if m.label == "Net present value")
    assert shown == money(model.evaluate(sent).npv_gbp)


def test_a_copied_link_carries_the_recommendations_limits(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("recommendation")
    app.number_input(key="rec_cap").set_value(1.0).run()
    assert not app.exception
    sent_banner = [w.value for w in (*app.warning, *app.error, *app.success)]
    # AppTest runs a page on its own, without app.py's closing write_url: Commitment's live
    # section writes the address bar too.
    app.switch_page("pages/commitment.py").run()
    link = {key: app.query_params[key] for key in app.query_params}
    assert "limits" in link
    opened = open_page("recommendation", **{k: v[0] if isinstance(v, list) else v
                                            for k, v in link.items()})
    assert not opened.exception
    assert opened.session_state["_limits"].max_fte == 1.0
    assert [w.value for w in (*opened.warning, *opened.error, *opened.success)] == sent_banner


def test_damaged_limits_in_a_link_are_reported_not_raised() -> None:
    import pytest

    from present import url
    with pytest.raises(ValueError, match="damaged"):
        url.limits_from_text("not-a-packed-text")
    sample = model.load_sample_scenario()
    from model.options import default_limits
    limits = replace(default_limits(sample), max_fte=2.5)
    assert url.limits_from_text(url.limits_text(limits)) == limits


def test_a_link_opened_as_a_processs_first_run_keeps_its_settings(
        open_page: Callable[..., AppTest], monkeypatch) -> None:
    """A process's first page run leaves Streamlit's pages-folder mode and starts the run
    again (`ui.state.get_scenario`). A shared link opened as that first run must still set
    its promise and cover: it used to be marked applied before the restart and then
    skipped."""
    from streamlit.runtime.pages_manager import PagesManager

    from ui import state

    monkeypatch.setattr(state, "_pages_mode_checked", False)  # as in a new process
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    opened = open_page("commitment", cover="24/7", target="60")
    assert not opened.exception
    promise = opened.session_state["scenario"].promise
    assert (promise.cover_preset, promise.response_target_minutes) == ("24/7", 60.0)
