"""The workbook's Surge sheet: the event's figures, the surge rota's cost, the backlog."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

import model
from model.surge import evaluate_surge
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
