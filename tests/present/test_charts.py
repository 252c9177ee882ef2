"""Plot builders, called directly: traces, titles, axis units and a caption for each."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

import model
from present import charts, frames
from present.charts import Chart


@pytest.fixture(scope="module")
def scenario() -> model.Scenario:
    return model.load_sample_scenario()


@pytest.fixture(scope="module")
def result(scenario: model.Scenario) -> model.Result:
    return model.evaluate(scenario)


def _check(chart: Chart, traces: int, title: str, units: tuple[str, ...]) -> go.Figure:
    figure, caption = chart
    assert isinstance(figure, go.Figure)
    # Charts are built without plotly's property checks (for speed): rebuild with them on, so
    # a misspelt or invalid property fails here rather than drawing nothing on screen.
    go.Figure(figure.to_dict())
    assert len(figure.data) == traces
    assert title in figure.layout.title.text
    axis_titles = f"{figure.layout.xaxis.title.text} {figure.layout.yaxis.title.text}"
    for unit in units:
        assert unit in axis_titles
    assert figure.layout.font.size >= 16
    assert caption and caption.endswith(".") and "\n" not in caption
    return figure


def test_cumulative_chart_has_costs_benefits_and_net(result: model.Result) -> None:
    _check(charts.cumulative_cost_benefit(result), 3, "Cumulative", ("Years", "£"))


def test_cumulative_caption_says_plainly_when_the_plan_loses_money(
        result: model.Result) -> None:
    _, caption = charts.cumulative_cost_benefit(result)
    assert result.npv_gbp < 0 and "costs more than it saves" in caption


def test_category_bars_split_benefits_and_costs(result: model.Result) -> None:
    figure = _check(charts.category_bars(result), 2, "by category", ("£",))
    assert {trace.name for trace in figure.data} == {"Benefits", "Costs"}


def test_net_by_group_shows_a_row_per_group(result: model.Result) -> None:
    figure = _check(charts.net_by_group(result), 3, "by group", ("£",))
    assert len(figure.data[0].y) == len(result.scenario.groups)


def test_dumbbell_marks_today_and_target(scenario: model.Scenario) -> None:
    figure = _check(charts.level_dumbbell(scenario), 3, "today → target", ("level",))
    assert list(figure.layout.xaxis.ticktext) == list(model.load_sample_scenario().level_names)


def test_inbound_chart_compares_today_with_target(result: model.Result) -> None:
    _check(charts.inbound_by_group(result), 2, "Messages coming in", ("per week",))


def test_patience_curve_marks_our_promise(scenario: model.Scenario) -> None:
    figure = _check(charts.patience_curve(scenario), 2, "wait", ("hours", "%"))
    assert figure.data[1].x[0] == pytest.approx(scenario.promise.response_target_minutes / 60)


def test_level_growth_has_a_bar_per_level(scenario: model.Scenario) -> None:
    ladder = frames.level_ladder(scenario, "Residents")
    figure = _check(charts.level_growth(ladder, "Residents"), 3, "Residents", ("per week",))
    assert list(figure.data[0].x) == list(model.load_sample_scenario().level_names)
    assert np.all(np.diff(ladder["inbound_per_week"]) >= 0)


def test_frontier_marks_impossible_targets_hollow_and_the_best_one(
        scenario: model.Scenario) -> None:
    frame = model.frontier(scenario, [60.0, 480.0, 1440.0])
    figure = _check(charts.frontier_chart(frame, 480.0), 3, "Cost of speed",
                    ("Response target", "FTE"))
    assert list(figure.layout.xaxis.ticktext) == ["1 h", "4 h", "1 day", "7 days"]
    _, caption = charts.frontier_chart(frame, 480.0)
    flat = frame["fte_required"].max() - frame["fte_required"].min() < charts.FLAT_FTE
    assert ("whole people in every hour of cover set the team" in caption) == flat
    impossible = figure.data[1]
    assert impossible.name == "Not possible with this cover"
    # One hollow point for each target no team keeps (the sample: 1 h and, with sign-off in
    # the approvers' office hours, 8 h too).
    out_of_reach = frame.loc[~frame["achievable"], "target_minutes"] / 60
    assert len(impossible.x) == len(out_of_reach) >= 1
    assert list(impossible.x) == pytest.approx(list(out_of_reach))
    # Hollow on screen: a white disc ringed in colour (an "-open" symbol rings in the fill).
    assert impossible.marker.symbol == "circle" and impossible.marker.color == "white"
    assert impossible.marker.line.color == charts.VERMILLION
    assert len(figure.data[2].x) == 1


def test_heatmap_covers_the_week(result: model.Result) -> None:
    figure = _check(charts.week_heatmap(result.week), 2, "on duty", ("Hour",))
    assert np.asarray(figure.data[0].z).shape == (7, 24)


def test_uncertainty_charts(scenario: model.Scenario) -> None:
    simulation = model.monte_carlo(scenario, 500, 1)
    _check(charts.npv_histogram(simulation), 2, "Range of outcomes", ("NPV", "£"))
    _check(charts.fan_chart(simulation), 3, "uncertainty", ("Years", "£"))


def test_tornado_has_low_and_high_bars(scenario: model.Scenario, result: model.Result) -> None:
    figure = _check(charts.tornado_chart(model.tornado(scenario), result.npv_gbp), 2,
                    "moves the answer", ("NPV", "£"))
    assert len(figure.data[0].y) == len(scenario.uncertainty)


def test_the_property_check_catches_a_bad_chart() -> None:
    bad = charts.figure([{"type": "scatter", "x": [1], "y": [1], "colour": "red"}], "t", "x", "y")
    with pytest.raises(ValueError, match="colour"):
        go.Figure(bad.to_dict())


def test_lines_mark_a_value_with_a_label() -> None:
    fig = charts.figure([], "t", "x", "y", lines=[charts.vline(2.0, label="our promise"),
                                                   charts.hline(0.0)])
    go.Figure(fig.to_dict())
    assert [shape.x0 for shape in fig.layout.shapes] == [2.0, 0]
    assert fig.layout.annotations[0].text == "our promise"


def test_money_axes_read_in_thousands_or_millions() -> None:
    assert charts.money_scale([-650_000.0, 10.0]) == (1e3, "k")
    assert charts.money_scale([2.5e6]) == (1e6, "m")


def test_names_with_html_are_drawn_as_text_not_links(scenario: model.Scenario) -> None:
    # Plotly draws <a href>, <b> and friends in labels, legends and titles: names are people's.
    from dataclasses import replace
    name = '<a href="http://evil">Residents</a> & co'
    groups = (replace(scenario.groups[0], group=name),
              *(replace(g, part_of=name if g.part_of else "") for g in scenario.groups[1:]))
    named = replace(scenario, groups=groups)
    figure, _ = charts.net_by_group(model.evaluate(named))
    drawn = figure.data[0].y[0]
    assert "<a" not in drawn and drawn == '&lt;a href="http://evil"&gt;Residents&lt;/a&gt; &amp; co'
    ladder = frames.level_ladder(named, name)
    figure, _ = charts.level_growth(ladder, name)
    assert "<a" not in figure.layout.title.text


def test_frontier_runs_from_the_fastest_promise_to_a_week_and_marks_ours_inside_it(
        scenario: model.Scenario) -> None:
    from ui.commitment import FRONTIER_TARGETS_MINUTES
    frame = model.frontier(scenario, list(FRONTIER_TARGETS_MINUTES))
    fig, _ = charts.frontier_chart(frame, 480.0)
    low, high = (10 ** v for v in fig.layout.xaxis.range)  # log axis: range in log10 units
    assert low < min(FRONTIER_TARGETS_MINUTES) / 60 and 168 <= high < 2 * 168
    # plotly.js 4: a shape on a log axis at its data value, its label in log10 units.
    assert fig.layout.shapes[0].x0 == pytest.approx(8.0)
    assert 10 ** fig.layout.annotations[0].x == pytest.approx(8.0)
    assert fig.layout.legend.y < 0  # the legend sits below the plot, clear of "our promise"
    assert fig.layout.annotations[0].yanchor == "bottom"


def test_patience_caption_says_what_the_line_shows_at_our_promise(
        scenario: model.Scenario) -> None:
    fig, caption = charts.patience_curve(scenario)
    line = fig.data[0]
    hours = scenario.promise.response_target_minutes / 60
    # read the drawn line: straight between points on the log axis
    drawn = np.interp(np.log10(hours), np.log10(np.asarray(line.x)), np.asarray(line.y))
    assert f"about {drawn:.0f}% of people" in caption


def test_heatmap_reads_darker_for_busier_hours_and_names_the_busiest(
        result: model.Result) -> None:
    fig, caption = charts.week_heatmap(result.week)
    heat = fig.data[0]
    assert not isinstance(heat.colorscale, str)  # a name means plotly.js's own scale

    def lightness(colour: str) -> float:
        return sum(float(v) for v in colour[colour.index("(") + 1:-1].split(","))

    low, high = heat.colorscale[0][1], heat.colorscale[-1][1]
    assert lightness(high) < lightness(low)  # the busiest hours are the darkest
    z = np.asarray(heat.z)
    day, hour = np.unravel_index(int(np.argmax(z)), z.shape)
    assert f"{charts.DAYS[day]} {hour:02d}:00 with {z[day, hour]:,.1f} messages" in caption


def test_money_axes_are_written_as_the_figures_are(result: model.Result) -> None:
    """−£500k, never £−500k: each tick reads as `present.text.money` writes that value."""
    figure, _ = charts.cumulative_cost_benefit(result)
    axis = figure.layout.yaxis
    labels = list(axis.ticktext)
    assert any(text.startswith("−£") for text in labels)  # the sample's net goes below £0
    assert not any("£−" in text or "£-" in text for text in labels)
    scale, _ = charts.money_scale([result.npv_gbp, result.pv_costs_gbp])
    assert labels == [charts.money(v * scale) for v in axis.tickvals]
    for bars in (charts.net_by_group(result)[0], charts.category_bars(result)[0]):
        assert not any("£−" in text for text in bars.layout.xaxis.ticktext)
