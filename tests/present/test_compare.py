"""Unit tests of the Scenarios page's helpers (no Streamlit)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

import model
from present import compare as sw
from present import words
from report import scenario_brief
from store import ScenarioSummary
from store.db import store_url
from store.json_io import scenario_from_upload


@pytest.fixture(scope="module")
def sample() -> model.Scenario:
    return model.load_sample_scenario()


@pytest.fixture(scope="module")
def result(sample: model.Scenario) -> model.Result:
    return model.evaluate(sample)


def test_the_store_is_data_planner_db_unless_the_environment_says_otherwise(
    tmp_path: Path,
) -> None:
    assert store_url({}).endswith("data/planner.db")
    assert store_url({"PLANNER_DB_PATH": str(tmp_path / "x.db")}) == (
        f"sqlite:///{tmp_path / 'x.db'}")
    assert store_url({"DATABASE_URL": "postgres://u:p@db/planner",
                         "PLANNER_DB_PATH": "ignored.db"}) == (
        "postgresql+psycopg://u:p@db/planner")


def test_the_headline_is_plain_json(result: model.Result) -> None:
    headline = sw.headline_of(result)

    assert json.loads(json.dumps(headline))["npv_gbp"] == pytest.approx(result.npv_gbp)
    assert headline["readiness_message"] == words.readiness_text(result.readiness)


def test_the_saved_list_shows_london_time_and_formatted_numbers() -> None:
    summary = ScenarioSummary(1, "Plan", "note", None, datetime(2024, 7, 1, 8, 30, tzinfo=UTC),
                              -617_615.0, 2.51)

    row = sw.saved_list_frame([summary]).iloc[0]

    assert row.to_dict() == {"Name": "Plan", "Author": "—", "Saved at": "01 Jul 2024 09:30",
                             "NPV": "−£618k", "FTE required": "2.5 FTE", "Note": "note"}


def test_copy_names_do_not_clash() -> None:
    assert sw.copy_name("Plan", ["Plan"]) == "Plan (copy)"
    assert sw.copy_name("Plan", ["Plan", "Plan (copy)", "Plan (copy 2)"]) == "Plan (copy 3)"


def test_compare_marks_and_spells_out_differences_from_the_first() -> None:
    base = {"npv_gbp": 100_000.0, "fte_required": 2.0, "bcr": None, "ready": True}
    other = {"npv_gbp": 150_000.0, "fte_required": 2.0, "bcr": 1.5, "ready": False}

    table, differs = sw.compare_headlines({"A": base, "B": other})

    assert table.loc["Net present value", "B"] == "£150k (+£50k)"
    assert table.loc["FTE required", "B"] == "2.0 FTE"
    assert table.loc["Benefit-cost ratio", "A"] == "n/a"
    assert table.loc["Readiness"].tolist() == ["Ready", "Not ready"]
    steep, _ = sw.compare_headlines({"A": base, "C": {**base, "ready_at_edge": True}})
    assert steep.loc["Readiness"].tolist() == ["Ready", "Ready, at a steep price"]
    assert differs.loc["Net present value"].tolist() == [False, True]
    assert not differs.loc["FTE required"].any()
    styled = sw.highlight(differs)(table)
    assert styled.loc["Net present value", "B"] == sw.HIGHLIGHT


def test_flatten_names_records_and_keeps_long_lists_whole(sample: model.Scenario) -> None:
    flat = sw.flatten(sample.to_dict())

    assert flat["promise.target_share"] == sample.promise.target_share
    assert flat["groups[Residents].population"] == 150_000
    assert flat["levels[Consult].reply_share"] == sample.level("Consult").reply_share
    assert len(flat["arrival_profile"]) == 168


def test_only_inputs_that_differ_are_listed(sample: model.Scenario) -> None:
    faster = replace(sample, name="Fast",
                     promise=replace(sample.promise, response_target_minutes=60.0,
                                     cover=(1,) * 168))

    table = sw.inputs_that_differ({"Base": sample.to_dict(), "Fast": faster.to_dict()})

    assert set(table.index) == {"name", "promise.response_target_minutes", "promise.cover"}
    assert table.loc["promise.cover", "Fast"] == "168 hours of cover a week"


def test_the_cumulative_overlay_starts_at_zero_and_has_one_line_a_scenario(
    result: model.Result,
) -> None:
    fig, caption = sw.cumulative_overlay({"A": result, "B": result})

    assert [trace.name for trace in fig.data] == ["A", "B"]
    assert fig.data[0].y[0] == 0
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert caption.startswith("Above the line")


def test_a_scenario_that_breaks_its_promise_is_never_ranked_highest(
    sample: model.Scenario,
) -> None:
    # Approvers on the team's hours: with the sample's office-hours approvers no team keeps
    # its promise, so none would be ranked.
    sample = replace(sample, promise=replace(sample.promise, approver_cover=None))
    staffed = model.evaluate(sample)
    short = model.evaluate(replace(sample, staffing=replace(sample.staffing, planned_fte=1.0)))
    assert short.npv_gbp > staffed.npv_gbp and not short.ready  # cheaper because it fails

    _, caption = sw.cumulative_overlay({"Staffed": staffed, "Short": short})

    assert "Staffed ends highest" in caption
    assert "Short breaks its promise and is not ranked" in caption


def test_the_stakeholder_csv_escapes_formulas(sample: model.Scenario) -> None:
    group = replace(sample.groups[0], group="=HYPERLINK(\"http://x\")", why="@SUM(A1)")
    risky = replace(sample, groups=(group,))

    text = sw.stakeholders_csv(risky).decode("utf-8-sig")

    assert "\"'=HYPERLINK(\"\"http://x\"\")\"" in text
    assert "\"'@SUM(A1)\"" in text


def test_safe_file_stems() -> None:
    assert sw.safe_file_stem("Plan A / 2025: final?") == "Plan_A___2025__final"
    assert sw.safe_file_stem("  ") == "scenario"


def test_the_brief_is_a_pdf_without_charts(sample: model.Scenario, result: model.Result) -> None:
    pdf = scenario_brief.brief_pdf(sample, result, {}, render_charts=False)

    assert pdf.startswith(b"%PDF")


def test_uploaded_scenarios_are_migrated_and_validated(sample: model.Scenario) -> None:
    old = sample.to_dict()
    del old["schema_version"]
    old["stakeholders"] = old.pop("groups")
    old["horizon"] = old["appraisal"].pop("horizon_years")

    assert scenario_from_upload(json.dumps(old).encode(), "old.json") == sample
    with pytest.raises(ValueError, match=r"^x.json is not a scenario .*missing"):
        scenario_from_upload(b'{"name": "x"}', "x.json")
    with pytest.raises(ValueError, match="newer version"):
        scenario_from_upload(b'{"schema_version": 99}', "new.json")
    with pytest.raises(ValueError, match="groups"):
        scenario_from_upload(json.dumps({**sample.to_dict(), "groups": [1]}).encode(),
                                "odd.json")


def test_brief_tables_fit_the_page(sample: model.Scenario, result: model.Result) -> None:
    tables = scenario_brief.brief_tables(sample, result)

    assert [title.split(",")[0] for title in tables] == ["Year by year", "Stakeholder groups"]
    assert all(isinstance(t, pd.DataFrame) and not t.empty for t in tables.values())
