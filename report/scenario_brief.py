"""The one-page PDF brief of a scenario: its tables, its two charts and the PDF itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from model import Result, Scenario
from present import words
from present.charts import cumulative_cost_benefit, frontier_chart
from present.compare import FRONTIER_TARGETS_MINUTES, headline_of
from present.text import count, money
from report.brief import pdf_brief


def brief_tables(scenario: Scenario, result: Result) -> dict[str, pd.DataFrame]:
    """The year-by-year money and the groups, formatted for the PDF."""
    annual = result.annual
    years = pd.DataFrame({
        "Year": annual["year"] + 1,
        "Benefits": annual["benefits_gbp"].map(money),
        "Costs": annual["costs_gbp"].map(money),
        "Net (PV)": annual["pv_net_gbp"].map(money),
        "Cumulative net (PV)": annual["cumulative_pv_net_gbp"].map(money),
    })
    groups = pd.DataFrame({
        "Group": [g.group for g in scenario.groups],
        "Today": [g.current_level for g in scenario.groups],
        "Target": [g.target_level for g in scenario.groups],
        "Part of": [g.part_of or "—" for g in scenario.groups],
        "Followers (own)": [count(f) for f in scenario.followers()],
    })
    return {"Year by year": years, "Stakeholder groups": groups}


def brief_figures(scenario: Scenario, result: Result,
                  frontier_of: Callable[[Scenario, tuple[float, ...]], Any]) -> dict[str, Any]:
    """The two charts of the brief, built by ui/charts.py (frontier_of: cached or not)."""
    targets = tuple(sorted({*FRONTIER_TARGETS_MINUTES, scenario.promise.response_target_minutes}))
    cumulative, _ = cumulative_cost_benefit(result)
    speed, _ = frontier_chart(frontier_of(scenario, targets),
                                     scenario.promise.response_target_minutes)
    return {"Cost and benefit over time": cumulative, "Cost of speed": speed}


def brief_pdf(scenario: Scenario, result: Result, figures: Mapping[str, Any],
              render_charts: bool = True) -> bytes:
    """The one-page PDF brief (charts drawn when Chromium is found; else it says why not)."""
    return pdf_brief("Engagement plan brief", scenario.name or "Unnamed scenario",
                     headline_of(result), words.readiness_text(result.readiness), figures,
                     brief_tables(scenario, result), render_charts=render_charts)
