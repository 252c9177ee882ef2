"""Unit tests of the Data page's helpers (no Streamlit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import model
from ingest import RowProblem, read_stakeholders
from present import data_views as dw


@pytest.fixture(scope="module")
def sample() -> model.Scenario:
    return model.load_sample_scenario()


def test_groups_survive_the_trip_through_a_table(sample: model.Scenario) -> None:
    assert dw.frame_to_groups(dw.groups_to_frame(sample.groups)) == sample.groups


def test_an_imported_table_becomes_model_groups(sample: model.Scenario) -> None:
    imported = read_stakeholders(
        b"group,population,reach_share,messages_per_follower_per_year,current_level,"
        b"target_level,phone_substitution_share,visit_substitution_share\n"
        b"Farmers,900,40%,3,Inform,Involve,0.1,0.1\n", "f.csv")

    replaced = dw.apply_stakeholders(sample, imported.table, "replace")

    (farmers,) = replaced.groups
    assert (farmers.group, farmers.population, farmers.reach_share, farmers.why) == (
        "Farmers", 900.0, 0.4, "")
    assert replaced.levels == sample.levels


def test_a_merge_the_model_refuses_raises_value_error(sample: model.Scenario) -> None:
    table = dw.groups_to_frame(sample.groups[:1])
    table.loc[0, "phone_substitution_share"] = 0.9
    table.loc[0, "visit_substitution_share"] = 0.9

    with pytest.raises(ValueError, match="at most 1"):
        dw.apply_stakeholders(sample, table, "merge")


def test_applying_no_rows_is_refused(sample: model.Scenario) -> None:
    with pytest.raises(ValueError, match="no good rows"):
        dw.apply_stakeholders(sample, dw.groups_to_frame(()), "replace")


def test_only_the_first_50_problems_are_shown_and_the_heading_says_so() -> None:
    problems = [RowProblem("f.csv", row, "population", "x", "a number") for row in range(2, 62)]

    assert len(dw.problems_frame(problems)) == 50
    heading = dw.problems_heading(problems)
    assert heading.startswith("60 problems in 60 rows")
    assert "first 50" in heading


def test_the_profile_grid_is_days_by_hours_starting_monday_midnight() -> None:
    profile = np.zeros(168)
    profile[24 + 9] = 1.0  # Tuesday 09:00

    grid = dw.profile_grid(profile)

    assert grid.shape == (7, 24)
    assert grid[1, 9] == 1.0


def test_the_heatmap_has_a_title_axis_units_and_names_the_busiest_hour() -> None:
    profile = np.full(168, 1 / 168)
    profile[:2] = 0
    profile[24 + 9] += 2 / 168

    fig, caption = dw.arrival_heatmap(profile, 168.0)
    go.Figure(fig.to_dict())  # built unchecked for speed: plotly's checks must pass

    assert fig.layout.title.text
    assert "hour" in fig.layout.xaxis.title.text.lower()
    assert fig.layout.yaxis.title.text
    assert "Tue 09:00" in caption


def test_the_histogram_caption_counts_unanswered_messages_as_late() -> None:
    minutes = pd.Series([10.0, 30.0, np.nan, 600.0])

    fig, caption = dw.response_histogram(minutes, 60.0)
    go.Figure(fig.to_dict())
    assert fig.layout.annotations[0].text == "promise: 1 h"

    assert caption.startswith("50% of inbound messages were answered within the promise")
    assert "25% were never answered" in caption


def test_manual_choices_become_a_column_mapping() -> None:
    mapping = dw.mapping_from_choices(
        "message", {"received_at": "When", "direction": "Dir", "conversation_id": "Thread",
                    "channel": dw.NOT_USED})

    assert mapping.required_columns() == ["When", "Dir", "Thread"]
    assert mapping.channel is None
    assert mapping.setup_error() is None


def test_before_after_shows_the_four_headline_numbers(sample: model.Scenario) -> None:
    result = model.evaluate(sample)

    table = dw.before_after(result, result)

    assert {"Net present value", "FTE required", "Share within target",
            "Median response"} <= set(table["Measure"])
    assert (table["Before"] == table["After"]).all()
