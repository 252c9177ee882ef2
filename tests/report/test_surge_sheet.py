"""The workbook's Surge sheet (the event's figures, the surge rota's cost, the backlog) and
the brief's surge line."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

import pytest
from openpyxl import load_workbook

import model
from model.surge import evaluate_surge
from report.scenario_brief import brief_pdf
from report.workbook import workbook_bytes


def test_the_surge_sheet_carries_the_events_figures_and_backlog() -> None:
    scenario = model.load_sample_scenario()
    result = model.evaluate(scenario)
    assessment = evaluate_surge(scenario, result=result)
    book = load_workbook(io.BytesIO(workbook_bytes(result)))
    sheet = book["Surge"]
    assert "48-hour event" in sheet["A1"].value
    values = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(4, 40)
              if sheet.cell(row, 1).value}
    assert values["Share answered in time (plan's team)"] == pytest.approx(
        assessment.plan.share_within_target)
    assert values["Surge cost a year (£)"] == pytest.approx(
        scenario.surge.events_per_year * assessment.rota.cost_gbp)
    hours = [sheet.cell(row, 4).value for row in range(4, 4 + assessment.plan.backlog.size)]
    assert hours[0] == -24 and 0 in hours
    peak = max(sheet.cell(row, 5).value for row in range(4, 4 + assessment.plan.backlog.size))
    assert peak == pytest.approx(assessment.plan.peak_backlog)


def test_the_brief_carries_the_surge_line(pdf_text: Callable[[bytes], str]) -> None:
    scenario = model.load_sample_scenario()
    result = model.evaluate(scenario)
    text = " ".join(pdf_text(brief_pdf(scenario, result, {}, render_charts=False)).split())
    assert "In an emergency" in text
    assessment = evaluate_surge(scenario, result=result)
    assert (f"the plan answers {assessment.plan.share_within_target * 100:.0f}% within 8 h"
            in text)
    assert "1 more person on duty in every hour of the event" in text


@pytest.mark.parametrize(("fte", "says"), [
    (1.0, "no one on duty to answer"),  # the whole team goes on content and events
    (1.5, "falls further behind"),  # a team that cannot keep up in a typical week
])
def test_a_plan_that_cannot_answer_says_so_in_the_sheet_and_the_brief(
        fte: float, says: str, pdf_text: Callable[[bytes], str]) -> None:
    sample = model.load_sample_scenario()
    scenario = replace(sample, staffing=replace(sample.staffing, planned_fte=fte))
    result = model.evaluate(scenario)
    book = load_workbook(io.BytesIO(workbook_bytes(result)))
    assert says in book["Surge"]["A1"].value
    text = " ".join(pdf_text(brief_pdf(scenario, result, {}, render_charts=False)).split())
    assert says in text
