"""Scenarios saved by older versions of the app still open after the model changes."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

import model
from model.scenario import SCHEMA_VERSION, Scenario
from store import CURRENT_SCHEMA_VERSION, Actor, migrate
from store.migrations import MIGRATIONS
from store.models import ScenarioRow
from store.repository import ScenarioStore

VERSION_0_SCENARIO: dict[str, Any] = {
    "name": "Written in 2024",
    "stakeholders": [{"group": "Residents", "population": 120_000}],
    "horizon": 5,
    "appraisal": {"ramp_months": 6},
    "promise": {"response_target_minutes": 60, "target_share": 0.8},
}


def as_version_0(current: dict[str, Any]) -> dict[str, Any]:
    """A current ``Scenario.to_dict()`` written back in the version-0 shape."""
    old = copy.deepcopy(current)
    del old["schema_version"]
    old["stakeholders"] = old.pop("groups")
    old["horizon"] = old["appraisal"].pop("horizon_years")
    return old


def insert_row_as_an_old_app_would(scenario_store: ScenarioStore, scenario: dict[str, Any]) -> int:
    """Write a row directly, bypassing ``save`` (which would migrate it first)."""
    with Session(scenario_store.engine) as session, session.begin():
        row = ScenarioRow(
            name="Written in 2024",
            note="old",
            author=None,
            saved_at=datetime.now(UTC),
            schema_version=0,
            scenario=scenario,
            headline={"npv_gbp": 1.0},
            npv_gbp=1.0,
            fte_required=None,
        )
        session.add(row)
        session.flush()
        return row.id


def test_a_scenario_stored_at_version_0_opens_in_the_current_shape(
    store: ScenarioStore,
) -> None:
    scenario_id = insert_row_as_an_old_app_would(store, VERSION_0_SCENARIO)

    loaded = store.load(scenario_id)

    assert loaded == {
        "schema_version": 1,
        "name": "Written in 2024",
        "groups": [{"group": "Residents", "population": 120_000}],
        "appraisal": {"ramp_months": 6, "horizon_years": 5},
        "promise": {"response_target_minutes": 60, "target_share": 0.8},
    }
    assert [summary.name for summary in store.list()] == ["Written in 2024"]


def test_an_old_scenario_uploaded_or_saved_today_is_stored_at_the_current_version(
    sqlite_store: ScenarioStore, make_headline: Any
) -> None:
    scenario_id = sqlite_store.save("Upload", "", VERSION_0_SCENARIO, make_headline())

    with Session(sqlite_store.engine) as session:
        row = session.get(ScenarioRow, scenario_id)
        assert row is not None
        assert row.schema_version == CURRENT_SCHEMA_VERSION
        assert row.scenario["appraisal"]["horizon_years"] == 5
        assert "horizon" not in row.scenario


def test_the_sample_scenario_written_at_version_0_opens_in_the_model() -> None:
    current = model.load_sample_scenario().to_dict()

    migrated = migrate(as_version_0(current))

    assert migrated == current
    assert Scenario.from_dict(migrated).to_dict() == current


def test_a_version_0_dict_with_keys_already_in_the_new_form_keeps_them() -> None:
    mixed = {"groups": ["new"], "stakeholders": ["old"], "horizon": 3,
             "appraisal": {"horizon_years": 10}}

    migrated = migrate(mixed)

    assert migrated["groups"] == ["new"]
    assert migrated["appraisal"] == {"horizon_years": 10}
    assert "stakeholders" not in migrated and "horizon" not in migrated


def test_the_store_and_the_model_agree_on_the_current_schema_version() -> None:
    assert CURRENT_SCHEMA_VERSION == SCHEMA_VERSION
    assert model.load_sample_scenario().to_dict()["schema_version"] == CURRENT_SCHEMA_VERSION


def test_every_schema_version_has_a_migration_to_the_next() -> None:
    assert sorted(MIGRATIONS) == list(range(CURRENT_SCHEMA_VERSION))


def test_migrating_leaves_the_callers_dict_untouched() -> None:
    original = copy.deepcopy(VERSION_0_SCENARIO)

    migrate(VERSION_0_SCENARIO)

    assert original == VERSION_0_SCENARIO


def test_a_current_scenario_passes_through_migration_unchanged() -> None:
    current = {"schema_version": CURRENT_SCHEMA_VERSION, "horizon_years": 3, "groups": "kept"}

    assert migrate(current) == current


def test_a_scenario_from_a_newer_app_is_refused_with_a_clear_message() -> None:
    newer = {"schema_version": CURRENT_SCHEMA_VERSION + 1}

    with pytest.raises(ValueError, match="saved by a newer version of the app"):
        migrate(newer)


@pytest.mark.parametrize("version", ["1", 1.0, -1, True])
def test_a_schema_version_that_is_not_a_whole_number_is_refused(version: Any) -> None:
    with pytest.raises(ValueError, match="^schema_version: expected a whole number"):
        migrate({"schema_version": version})


def test_a_table_from_before_owner_keys_gains_the_column_and_keeps_its_rows(
    tmp_path: Path, make_scenario: Any, make_headline: Any
) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:  # the layout every app before table migration 1 made
        old.execute("CREATE TABLE scenarios (id INTEGER PRIMARY KEY, name VARCHAR(120) UNIQUE, "
                    "note TEXT, author VARCHAR(200), saved_at DATETIME, schema_version INTEGER, "
                    "scenario JSON, headline JSON, npv_gbp FLOAT, fte_required FLOAT)")
        old.execute("INSERT INTO scenarios VALUES (1, 'Old plan', '', 'alice@example.org', "
                    "'2025-01-01 09:00:00', 1, ?, '{}', NULL, NULL)",
                    (json.dumps(make_scenario()),))

    store = ScenarioStore(sqlite_path=path)
    try:
        [summary] = store.list()
        assert (summary.name, summary.author, summary.owner_key) == (
            "Old plan", "alice@example.org", None)  # an e-mail claim was never proof: unowned
        alice = Actor("https://idp alice", "alice@example.org")
        with pytest.raises(PermissionError, match="has no owner"):
            store.delete(summary.id, actor=alice)
        store.claim(summary.id, alice)
        assert store.list()[0].owner_key == alice.key
    finally:
        store.close()
    ScenarioStore(sqlite_path=path).close()  # opening again finds the column and changes nothing
