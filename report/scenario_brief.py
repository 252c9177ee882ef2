"""The one-page PDF brief of a scenario: the decision first, then the plan as set's tables,
its two charts and the PDF itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

import model
from model import Result, Scenario
from model import options as op
from model.surge import evaluate_surge
from present import decision, words
from present.charts import cumulative_cost_benefit, frontier_chart
from present.compare import FRONTIER_TARGETS_MINUTES, headline_of
from present.text import count, money
from report.brief import Decision, pdf_brief


def brief_tables(scenario: Scenario, result: Result) -> dict[str, pd.DataFrame]:
    """The year-by-year money and the groups, formatted for the PDF."""
    annual = result.annual
    years = pd.DataFrame({  # all present values, so benefits − costs = net on every row
        "Year": [f"Year {y}" for y in annual["year"]],
        "Benefits (PV)": annual["pv_benefits_gbp"].map(money),
        "Costs (PV)": annual["pv_costs_gbp"].map(money),
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
    return {"Year by year, present values (the plan as set against staying as we are)": years,
            "Stakeholder groups": groups}


def brief_figures(scenario: Scenario, result: Result,
                  frontier_of: Callable[[Scenario, tuple[float, ...]], Any]) -> dict[str, Any]:
    """The two charts of the brief, built by ui/charts.py (frontier_of: cached or not)."""
    targets = tuple(sorted({*FRONTIER_TARGETS_MINUTES, scenario.promise.response_target_minutes}))
    cumulative, _ = cumulative_cost_benefit(result)
    speed, _ = frontier_chart(frontier_of(scenario, targets),
                                     scenario.promise.response_target_minutes)
    return {"Cost and benefit over time": cumulative, "Cost of speed": speed}


BRIEF_LEAVES_OUT = ("What it is", "Replies a year", "Followers reached")


def brief_decision(scenario: Scenario, options: op.Options,
                   tornado_of: Callable[[Scenario], pd.DataFrame] = model.tornado,
                   break_even_of: Callable[[Scenario], pd.DataFrame] = model.break_even
                   ) -> Decision:
    """The decision block of the brief (the app passes its cached model calls)."""
    best = options.recommended
    table = decision.options_table(options, scenario)
    # The plan is said in a line below the table; followers are the same for every option.
    table = table[~table["Measure"].isin(BRIEF_LEAVES_OUT)].reset_index(drop=True)
    if best is None or best.scenario is None:
        return Decision(decision.decision_sentence(options, scenario), table,
                        "None: no plan within the limits keeps its promise.",
                        "Three assumptions", ("None ranked: there is no recommended plan.",))
    plan = best.scenario
    lines = decision.key_assumption_lines(tornado_of(plan), break_even_of(plan),
                                          plan.price_base)
    return Decision(
        sentence=decision.decision_sentence(options, scenario), options=table,
        plan=(f"{decision.plan_summary(best, scenario)}; NPV {money(best.npv_gbp)} over "
              f"{best.horizon_years} years. {decision.as_set_sentence(options)}"),
        assumptions_title="Three assumptions that would most change the recommended plan",
        assumptions=tuple(lines) or ("No uncertainty ranges are set.",),
        as_set_title=f"The plan as set: {decision.plan_named(scenario)}")


def brief_pdf(scenario: Scenario, result: Result, figures: Mapping[str, Any],
              render_charts: bool = True, decided: Decision | None = None) -> bytes:
    """The one-page PDF brief (charts drawn when Chromium is found; else it says why not).

    ``decided``: the decision block (`brief_decision`); worked out here when not given."""
    if decided is None:
        decided = brief_decision(scenario, op.options(result))
    # One page: the decision comes first, so the groups table (in the workbook's By group
    # sheet and the stakeholder CSV) gives its room to the year table.
    tables = {title: frame for title, frame in brief_tables(scenario, result).items()
              if title.startswith("Year by year")}
    return pdf_brief("Engagement plan brief", scenario.name or "Unnamed scenario",
                     headline_of(result), words.readiness_text(result.readiness), figures,
                     tables, render_charts=render_charts, decision=decided,
                     surge_line=words.surge_sentence(evaluate_surge(scenario, result=result)))
