"""ui/live_chart sends what plotly.js needs, and ui/warm guesses the next slider value exactly
as the slider would produce it (or the warmed cache entry would never be hit)."""

from __future__ import annotations

from dataclasses import replace

import plotly.io as pio
import pytest

import model
from ui import charts, live_chart, warm
from ui.inputs import set_shrinkage, set_target_share


@pytest.fixture(scope="module")
def sample() -> model.Scenario:
    return model.load_sample_scenario()


def test_the_frontend_serves_the_wheels_plotly_js_and_default_template() -> None:
    served = live_chart.FRONTEND / "plotly.min.js"
    assert served.read_bytes() == live_chart.PLOTLY_JS.read_bytes()  # no CDN, same version
    assert "window.DEFAULT_TEMPLATE" in live_chart.TEMPLATE_JS.read_text(encoding="utf-8")


def test_figure_spec_keeps_the_chart_and_leaves_out_the_default_template(
        sample: model.Scenario) -> None:
    figure, _ = charts.cumulative_cost_benefit(model.evaluate(sample))
    spec = live_chart.figure_spec(figure)
    full = pio.to_json(figure, validate=False)
    assert spec["layout"]["template"] == "default"  # the frontend holds it
    assert spec["layout"]["title"]["text"] == "Cumulative cost and benefit"
    for sent, drawn in zip(spec["data"], figure.data, strict=True):
        assert sent["name"] == drawn.name and sent["customdata"] == list(drawn.customdata)
        assert sent["y"] == pytest.approx(list(drawn.y), rel=1e-5, abs=1e-9)
    assert len(str(spec)) < len(full) / 1.5  # a lot less to send on every move


def test_a_figure_with_its_own_template_keeps_it(sample: model.Scenario) -> None:
    figure, _ = charts.cumulative_cost_benefit(model.evaluate(sample))
    figure = figure.update_layout(template="plotly_dark")
    assert live_chart.figure_spec(figure)["layout"]["template"] != "default"


def test_warming_continues_the_move_to_the_sliders_own_values(sample: model.Scenario) -> None:
    at_40 = set_shrinkage(sample, 40)
    at_39 = set_shrinkage(sample, 39)
    ahead = list(warm.next_scenarios(at_40, at_39))
    assert ahead == [set_shrinkage(sample, 38), set_shrinkage(sample, 37)]


def test_warming_moves_every_changed_number_and_skips_impossible_values(
        sample: model.Scenario) -> None:
    at_98 = set_target_share(set_shrinkage(sample, 30), 98)
    at_99 = set_target_share(set_shrinkage(sample, 31), 99)
    ahead = list(warm.next_scenarios(at_98, at_99))
    assert ahead == []  # 100 % answered in time is not a valid promise: nothing to warm
    same = list(warm.next_scenarios(sample, replace(sample)))
    assert same == [sample, sample]  # nothing moved: the current scenario again (cached)
