"""ui/live_chart sends what plotly.js needs, and ui/warm guesses the next slider value exactly
as the slider would produce it (or the warmed cache entry would never be hit)."""

from __future__ import annotations

import json
from dataclasses import replace

import plotly.graph_objects as go
import plotly.io as pio
import pytest

import model
from present import charts
from ui import live_chart, warm
from ui.inputs import set_shrinkage, set_target_share
from ui.live_chart import bundle


@pytest.fixture(scope="module")
def sample() -> model.Scenario:
    return model.load_sample_scenario()


def test_the_frontend_serves_plotly_js_at_the_wheels_version_and_the_default_template(
        ) -> None:
    """The cartesian bundle beside index.html (no CDN), at the plotly wheel's plotly.js
    version: after a plotly upgrade, scripts/fetch_plotly_bundle.py fetches the match."""
    page = (live_chart.FRONTEND / "index.html").read_text(encoding="utf-8")
    assert f'<script src="./{bundle.BUNDLE.name}"></script>' in page
    assert "cdn" not in page.lower()
    assert bundle.plotly_js_version(bundle.BUNDLE) == bundle.plotly_js_version(
        bundle.wheel_plotly_js())
    assert bundle.BUNDLE.stat().st_size < bundle.wheel_plotly_js().stat().st_size / 3
    assert "window.DEFAULT_TEMPLATE" in live_chart.TEMPLATE_JS.read_text(encoding="utf-8")


def test_a_trace_the_bundle_cannot_draw_is_refused_by_name() -> None:
    """A chart of a type the cartesian bundle lacks would be a blank frame on the page: the
    figure is refused, naming the type, so a page test catches it."""
    spec = live_chart.figure_spec(go.Figure([go.Bar(x=[1], y=[2]), go.Heatmap(z=[[1]])]))
    assert [trace["type"] for trace in spec["data"]] == ["bar", "heatmap"]
    with pytest.raises(ValueError, match="'sankey'"):
        live_chart.figure_spec(go.Figure([go.Sankey(node={"label": ["a", "b"]})]))


def test_figure_spec_keeps_the_chart_and_leaves_out_the_default_template(
        sample: model.Scenario) -> None:
    figure, _ = charts.cumulative_cost_benefit(model.evaluate(sample))
    spec = live_chart.figure_spec(figure)
    full = pio.to_json(figure, validate=False)
    assert spec["layout"]["template"] == "default"  # the frontend holds it
    assert spec["layout"]["title"]["text"] == "Cumulative cost and benefit"
    for sent, drawn in zip(spec["data"], figure.data, strict=True):
        assert sent["name"] == drawn.name and sent["customdata"] == list(drawn.customdata)
        # Drawn to within half a unit of the 4th significant digit: under a pixel.
        assert sent["y"] == pytest.approx(list(drawn.y), rel=5e-4, abs=1e-9)
    assert len(str(spec)) < len(full) / 1.5  # a lot less to send on every move


def test_an_evenly_spaced_x_goes_as_its_start_and_step(sample: model.Scenario) -> None:
    figure, _ = charts.cumulative_cost_benefit(model.evaluate(sample))
    net = figure.data[-1]  # monthly points: 61 x values
    sent = live_chart.figure_spec(figure)["data"][-1]
    assert "x" not in sent
    rebuilt = [sent["x0"] + i * sent["dx"] for i in range(len(net.y))]
    assert rebuilt == pytest.approx(list(net.x), abs=1e-12)  # plotly.js draws x0 + i·dx


def test_uneven_x_and_categories_are_sent_as_they_are() -> None:
    figure = go.Figure([go.Scatter(x=[0, 1, 3], y=[1, 2, 3]),
                        go.Scatter(x=["a", "b", "c"], y=[1, 2, 3])])
    sent = live_chart.figure_spec(figure)["data"]
    assert [trace["x"] for trace in sent] == [[0, 1, 3], ["a", "b", "c"]]


def test_a_move_sends_the_layout_once_then_only_its_id(sample: model.Scenario) -> None:
    config = {"displaylogo": False}
    sent: set[str] = set()
    figure, caption = charts.cumulative_cost_benefit(model.evaluate(sample))
    first = json.loads(live_chart.chart_message(figure, caption, config, sent))
    moved, moved_caption = charts.cumulative_cost_benefit(
        model.evaluate(set_shrinkage(sample, 31)))
    again_bytes = live_chart.chart_message(moved, moved_caption, config, sent)
    again = json.loads(again_bytes)
    assert first["frame"]["layout"]["title"]["text"] == "Cumulative cost and benefit"
    assert first["frame"]["config"] == config
    assert "frame" not in again and again["frameId"] == first["frameId"]
    assert again["label"] == moved_caption and again["data"] != first["data"]
    assert "£".encode() in again_bytes  # UTF-8, not a six-byte \u escape per £ and −
    bigger = go.Figure(moved).update_layout(font_size=30)  # e.g. presenter type: new layout
    assert "frame" in json.loads(live_chart.chart_message(bigger, caption, config, sent))


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
