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
