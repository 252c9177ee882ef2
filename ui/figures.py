"""Charts for a scenario, built once and reused: a chart costs 1–8 ms to build, and a page
shows several on every rerun.

`cache_resource` hands back the same figure object (no pickling, which would re-validate);
Streamlit only reads figures, and every input is a pure function of the scenario's JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import streamlit as st

from model import Scenario
from present import charts, frames
from present.charts import Chart
from ui import state

FIGURE_CACHE_ENTRIES = 512


def _frontier(scenario: Scenario, targets: tuple[float, ...]) -> Chart:
    return charts.frontier_chart(state.frontier(scenario, targets),
                                 scenario.promise.response_target_minutes)


def _tornado(scenario: Scenario) -> Chart:
    return charts.tornado_chart(state.tornado(scenario), state.evaluate(scenario).npv_gbp)


BUILDERS: dict[str, Callable[..., Chart]] = {
    "cumulative": lambda s: charts.cumulative_cost_benefit(state.evaluate(s)),
    "categories": lambda s: charts.category_bars(state.evaluate(s)),
    "net_by_group": lambda s: charts.net_by_group(state.evaluate(s)),
    "inbound": lambda s: charts.inbound_by_group(state.evaluate(s)),
    "heatmap": lambda s: charts.week_heatmap(state.evaluate(s).week),
    "rota": lambda s: charts.rota_heatmap(state.evaluate(s).week),
    "dumbbell": charts.level_dumbbell,
    "patience": charts.patience_curve,
    "growth": lambda s, group: charts.level_growth(frames.level_ladder(s, group), group),
    "frontier": _frontier,
    "histogram": lambda s: charts.npv_histogram(state.monte_carlo(s)),
    "fan": lambda s: charts.fan_chart(state.monte_carlo(s)),
    "tornado": _tornado,
}


@st.cache_resource(show_spinner=False, max_entries=FIGURE_CACHE_ENTRIES)
def _chart(kind: str, key: str, _scenario: Scenario, extra: tuple[Hashable, ...]) -> Chart:
    return BUILDERS[kind](_scenario, *extra)


def chart(kind: str, scenario: Scenario, *extra: Hashable) -> Chart:
    """The (figure, caption) of a named chart for this scenario."""
    return _chart(kind, state.scenario_key(scenario), scenario, extra)
