"""A database that goes away or turns read-only costs the user a save, never their plan, and
never shows them SQL, parameters or server paths (issue 16 §3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from present.markdown import shown
from store.repository import ScenarioStore

STORE_DOWN = "The scenario store is unavailable; your plan is kept in this session."
INTERNALS = ("SELECT", "INSERT", "sqlalchemy", "psycopg", "sqlite3", "[SQL", "Traceback", "/")


def save(at: AppTest, name: str) -> AppTest:
    at.text_input(key="save_name").input(name)
    at.button(key="FormSubmitter:save_form-Save").click()
    return at.run()


def shown_text(at: AppTest) -> str:
    return shown("\n".join(str(e.value) for e in [*at.error, *at.warning, *at.success, *at.info]))


def assert_plain_failure(at: AppTest) -> None:
    assert not at.exception, at.exception
    errors = [shown(str(e.value)) for e in at.error]
    assert STORE_DOWN in errors
    for error in errors:
        assert not any(internal in error for internal in INTERNALS), error


def assert_export_still_works(at: AppTest) -> None:
    kept = at.session_state["scenario"]
    at.session_state["scenarios_tab"] = "Export and import"
    at.run()
    assert not at.exception
    labels = {button.proto.label for button in at.get("download_button")}
    assert {"Year-by-year table (CSV)", "Scenario file (JSON)"} <= labels
    assert at.session_state["scenario"] is kept


def test_postgresql_stopped_mid_session_shows_a_plain_message_and_the_page_still_works(
    app_page: Callable[[str], AppTest], postgres_cluster: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", postgres_cluster.url)  # type: ignore[attr-defined]
    at = app_page("pages/scenarios.py")
    save(at, "Before the outage")
    assert "Saved 'Before the outage'." in shown_text(at)

    postgres_cluster.stop()  # type: ignore[attr-defined]
    at.run()  # the saved list needs the database
    assert_plain_failure(at)
    save(at, "During the outage")
    assert_plain_failure(at)
    assert at.session_state["scenario"].name == "Before the outage"
    assert_export_still_works(at)

    postgres_cluster.start()  # type: ignore[attr-defined]
    at.session_state["scenarios_tab"] = "Save and open"
    at.run()
    assert not at.error, "the store did not come back with the database"
    assert at.dataframe[0].value["Name"].tolist() == ["Before the outage"]


def test_a_read_only_sqlite_file_can_be_read_and_refuses_saves_plainly(
    app_page: Callable[[str], AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "planner.db"
    writable = ScenarioStore(sqlite_path=path)
    writable.save("Kept", "", {"schema_version": 1}, {"npv_gbp": 1.0})
    writable.close()
    # mode=ro: SQLite itself refuses writes, as for a file without write permission (which
    # root, who runs CI here, would ignore).
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")

    at = app_page("pages/scenarios.py")
    assert not at.exception
    assert at.dataframe[0].value["Name"].tolist() == ["Kept"]
    before = at.session_state["scenario"]
    save(at, "New plan")
    assert_plain_failure(at)
    assert at.session_state["scenario"] is before
    assert_export_still_works(at)


def test_an_unreachable_database_at_start_leaves_the_export_tab_working(
    app_page: Callable[[str], AppTest], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none"
                                       "?connect_timeout=2")
    at = app_page("pages/scenarios.py")
    assert_plain_failure(at)
    assert_export_still_works(at)
