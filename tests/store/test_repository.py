"""Saving, listing, loading, renaming, duplicating and deleting scenarios."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from store import Actor, NameTakenError, ScenarioNotFoundError, repository
from store.db import DEFAULT_SQLITE_PATH, SQLITE_BUSY_TIMEOUT_MS, resolve_url
from store.repository import ScenarioStore

REPO_ROOT = Path(__file__).resolve().parents[2]
ISSUER = "https://login.example.org"
ALICE = Actor(f"{ISSUER} alice-sub", "alice")
BOB = Actor(f"{ISSUER} bob-sub", "bob")


def test_a_saved_scenario_loads_back_field_for_field(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    scenario = make_scenario()
    headline = make_headline()
    scenario_id = store.save("Plan A", "First go", scenario, headline,
                             Actor("iss sub", "alice@council.gov.uk"))

    stored = store.get(scenario_id)

    assert store.load(scenario_id) == scenario
    assert stored.scenario == scenario
    assert stored.headline == headline
    assert stored.summary.name == "Plan A"
    assert stored.summary.note == "First go"
    assert stored.summary.author == "alice@council.gov.uk"


def test_the_list_shows_name_note_author_time_and_headline_numbers(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    store.save("Plan A", "Cheap", make_scenario(), make_headline(), Actor("k", "Siân 🦊"))

    [summary] = store.list()

    assert (summary.name, summary.note, summary.author) == ("Plan A", "Cheap", "Siân 🦊")
    assert summary.npv_gbp == pytest.approx(-1.2e6)
    assert summary.fte_required == pytest.approx(4.2)
    assert summary.saved_at.tzinfo is not None
    assert before <= summary.saved_at <= datetime.now(UTC) + timedelta(seconds=1)


def test_the_most_recently_saved_scenario_is_listed_first(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    for name in ["Old", "Middle", "New"]:
        store.save(name, "", make_scenario(), make_headline())

    assert [summary.name for summary in store.list()] == ["New", "Middle", "Old"]


def test_saving_under_a_name_already_used_is_refused_with_a_clear_message(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    store.save("Plan A", "", make_scenario(), make_headline())

    with pytest.raises(NameTakenError, match="'Plan A' already exists"):
        store.save(" Plan A ", "", make_scenario(horizon_years=10), make_headline())
    assert len(store.list()) == 1


def test_saving_with_overwrite_replaces_the_content_and_keeps_the_id(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    first_id = store.save("Plan A", "v1", make_scenario(), make_headline())

    second_id = store.save(
        "Plan A",
        "v2",
        make_scenario(horizon_years=10),
        make_headline(npv_gbp=5.0),
        overwrite=True,
    )

    assert second_id == first_id
    assert store.load(first_id)["horizon_years"] == 10
    [summary] = store.list()
    assert (summary.note, summary.npv_gbp) == ("v2", 5.0)


def test_only_the_author_can_overwrite_rename_or_delete_their_scenario(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    scenario_id = store.save("Alice's plan", "", make_scenario(), make_headline(), ALICE)

    with pytest.raises(PermissionError, match="Only alice, who saved 'Alice's plan', can rename"):
        store.rename(scenario_id, "Bob's now", actor=BOB)
    with pytest.raises(PermissionError, match="can delete it"):
        store.delete(scenario_id, actor=BOB)
    with pytest.raises(PermissionError, match="can overwrite it"):
        store.save("Alice's plan", "", make_scenario(), make_headline(), BOB, overwrite=True)

    store.rename(scenario_id, "Alice's better plan", actor=ALICE)
    assert [summary.name for summary in store.list()] == ["Alice's better plan"]
    store.delete(scenario_id, actor=ALICE)
    assert store.list() == []


def test_anyone_can_open_and_duplicate_someone_elses_scenario_and_owns_the_copy(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    scenario_id = store.save("Alice's plan", "note", make_scenario(), make_headline(), ALICE)

    copy_id = store.duplicate(scenario_id, "Bob's copy", actor=BOB)

    assert copy_id != scenario_id
    assert store.load(copy_id) == store.load(scenario_id)
    copy = store.get(copy_id)
    assert (copy.summary.author, copy.summary.note) == ("bob", "note")
    assert copy.headline == make_headline()
    store.rename(copy_id, "Bob's plan", actor=BOB)


def test_ownership_follows_the_key_not_the_display_name(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    scenario_id = store.save("Alice's plan", "", make_scenario(), make_headline(), ALICE)
    impostor = Actor(f"{ISSUER} mallory-sub", ALICE.name)  # same name, different subject

    with pytest.raises(PermissionError, match="Only alice"):
        store.rename(scenario_id, "Mine now", actor=impostor)
    with pytest.raises(PermissionError, match="can overwrite it"):
        store.save("Alice's plan", "", make_scenario(), make_headline(), impostor,
                   overwrite=True)
    with pytest.raises(PermissionError, match="already belongs to alice"):
        store.claim(scenario_id, impostor)
    assert store.get(scenario_id).summary.owner_key == ALICE.key


def test_an_unowned_scenario_changes_hands_only_when_claimed(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    scenario_id = store.save("Team plan", "", make_scenario(), make_headline())  # sign-in off

    for change in (lambda: store.rename(scenario_id, "Bob's", actor=BOB),
                   lambda: store.delete(scenario_id, actor=BOB),
                   lambda: store.save("Team plan", "", make_scenario(), make_headline(), BOB,
                                      overwrite=True)):
        with pytest.raises(PermissionError, match="has no owner"):
            change()
    assert store.get(scenario_id).summary.owner_key is None

    store.claim(scenario_id, BOB)
    store.save("Team plan", "v2", make_scenario(), make_headline(), BOB, overwrite=True)
    with pytest.raises(PermissionError, match="Only bob"):
        store.delete(scenario_id, actor=ALICE)
    assert (store.get(scenario_id).summary.author, store.list()[0].note) == ("bob", "v2")


def test_without_sign_in_everyone_can_rename_and_delete(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    scenario_id = store.save("Team plan", "", make_scenario(), make_headline())

    store.rename(scenario_id, "Team plan 2")
    assert store.get(scenario_id).summary.name == "Team plan 2"
    store.delete(scenario_id)
    assert store.list() == []


def test_renaming_or_duplicating_onto_a_name_in_use_is_refused(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    first_id = store.save("One", "", make_scenario(), make_headline())
    store.save("Two", "", make_scenario(), make_headline())

    with pytest.raises(NameTakenError, match="'Two' already exists"):
        store.rename(first_id, "Two")
    with pytest.raises(NameTakenError, match="'Two' already exists"):
        store.duplicate(first_id, "Two")
    assert sorted(summary.name for summary in store.list()) == ["One", "Two"]


def test_a_deleted_scenario_cannot_be_opened_and_says_so(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    scenario_id = store.save("Gone", "", make_scenario(), make_headline())
    store.delete(scenario_id)

    with pytest.raises(ScenarioNotFoundError, match=f"No saved scenario has id {scenario_id}"):
        store.load(scenario_id)
    with pytest.raises(ScenarioNotFoundError):
        store.rename(scenario_id, "Back")


@pytest.mark.parametrize(
    ("name", "note", "field", "message"),
    [
        ("", "", "name", "must not be empty"),
        ("   ", "", "name", "must not be empty"),
        ("x" * 121, "", "name", "at most 120 characters, got 121"),
        ("Plan\nB", "", "name", "control characters"),
        ("Plan", "n" * 2001, "note", "at most 2000 characters, got 2001"),
    ],
)
def test_a_bad_name_or_note_is_refused_naming_the_field(
    sqlite_store: ScenarioStore,
    make_scenario: Any,
    make_headline: Any,
    name: Any,
    note: str,
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValueError, match=f"^{field}: .*{message}"):
        sqlite_store.save(name, note, make_scenario(), make_headline())
    assert sqlite_store.list() == []


def test_a_name_that_is_not_text_is_a_programming_error(
    sqlite_store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    with pytest.raises(TypeError, match="^name: expected text, got int"):
        sqlite_store.save(42, "", make_scenario(), make_headline())  # type: ignore[arg-type]


def test_a_name_of_120_characters_and_a_note_of_2000_are_accepted(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    name, note = "N" * 120, "Line one\nline two " + "n" * 1982

    scenario_id = store.save(name, note, make_scenario(), make_headline())

    assert (store.get(scenario_id).summary.name, store.get(scenario_id).summary.note) == (
        name,
        note,
    )


@pytest.mark.parametrize(
    ("scenario_change", "message"),
    [
        ({"levels": {"Inform", "Consult"}}, "scenario: cannot be stored as JSON"),
        ({"target_share": float("nan")}, "scenario: cannot be stored as JSON"),
    ],
)
def test_a_scenario_that_is_not_plain_json_is_refused(
    sqlite_store: ScenarioStore,
    make_scenario: Any,
    make_headline: Any,
    scenario_change: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(ValueError, match=message):
        sqlite_store.save("Bad", "", make_scenario(**scenario_change), make_headline())


def test_numpy_numbers_and_missing_values_in_the_headline_are_stored_plainly(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    headline = make_headline(
        npv_gbp=np.float64(-3.5e5),
        fte_required=np.float32(2.5),
        ready=np.bool_(True),
        bcr=float("nan"),
    )

    scenario_id = store.save("Numpy", "", make_scenario(), headline)

    stored = store.get(scenario_id)
    assert stored.headline["npv_gbp"] == -3.5e5
    assert stored.headline["ready"] is True
    assert stored.headline["bcr"] is None
    assert stored.summary.fte_required == 2.5


def test_a_write_that_fails_half_way_leaves_nothing_behind(
    store: ScenarioStore,
    make_scenario: Any,
    make_headline: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario_id = store.save("Kept", "original", make_scenario(), make_headline())

    def fail_after_changing(row: Any, *_: Any) -> None:
        row.name = "Half written"
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repository, "_fill_content", fail_after_changing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save("Kept", "changed", make_scenario(), make_headline(), overwrite=True)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save("New", "", make_scenario(), make_headline())

    [summary] = store.list()
    assert (summary.id, summary.name, summary.note) == (scenario_id, "Kept", "original")


def test_the_default_database_is_data_planner_db_at_the_repository_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert DEFAULT_SQLITE_PATH == REPO_ROOT / "data" / "planner.db"
    assert resolve_url() == f"sqlite:///{REPO_ROOT / 'data' / 'planner.db'}"


@pytest.mark.parametrize(
    "given",
    [
        "postgres://u:p@db:5432/planner",
        "postgresql://u:p@db:5432/planner",
        "postgresql+psycopg://u:p@db:5432/planner",
    ],
)
def test_database_url_selects_postgresql_through_psycopg_3(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)

    assert resolve_url(sqlite_path="/ignored.db") == "postgresql+psycopg://u:p@db:5432/planner"


def test_a_sqlite_store_creates_its_folder_and_runs_in_wal_mode_with_a_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    path = tmp_path / "not" / "yet" / "there.db"

    scenario_store = ScenarioStore(sqlite_path=path)
    with scenario_store.engine.connect() as connection:
        busy_timeout_ms = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    scenario_store.close()

    assert path.is_file()
    assert busy_timeout_ms == SQLITE_BUSY_TIMEOUT_MS
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
