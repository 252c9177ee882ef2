"""Fixtures for the scenario store: a fresh store on SQLite and, when available, PostgreSQL.

PostgreSQL tests run when ``TEST_DATABASE_URL`` points at a server (for example
``postgresql+psycopg://planner:planner@localhost/planner_test``); otherwise they are skipped
with the reason shown. With ``PLANNER_REQUIRE_SERVICES=1`` (set in CI) a missing server fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from store.repository import ScenarioStore

POSTGRES_URL_ENV = "TEST_DATABASE_URL"
REQUIRE_SERVICES_ENV = "PLANNER_REQUIRE_SERVICES"


def postgres_url_or_skip() -> str:
    """The test PostgreSQL URL, or skip (fail in CI) with a reason a person can act on."""
    url = os.environ.get(POSTGRES_URL_ENV)
    reason = f"PostgreSQL not configured: set {POSTGRES_URL_ENV} to run these tests"
    if url:
        try:
            probe = ScenarioStore(url)
            probe.close()
            return url
        except Exception as error:  # noqa: BLE001 - any connection failure means "no server"
            reason = f"PostgreSQL at {POSTGRES_URL_ENV} not reachable: {error.__class__.__name__}"
    if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def make_store(backend: str, tmp_path: Path) -> ScenarioStore:
    """A store with no scenarios in it, on the given backend."""
    if backend == "sqlite":
        return ScenarioStore(sqlite_path=tmp_path / "db" / "planner.db")
    store = ScenarioStore(postgres_url_or_skip())
    _empty(store)
    return store


def _empty(store: ScenarioStore) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM scenarios"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ScenarioStore]:
    """An empty store, once on SQLite and once on PostgreSQL; the shared PostgreSQL database
    is left empty too, for the scale-out tests that list what is in it."""
    scenario_store = make_store(request.param, tmp_path)
    yield scenario_store
    if request.param == "postgresql":
        _empty(scenario_store)
    scenario_store.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[ScenarioStore]:
    """An empty store on a SQLite file."""
    scenario_store = make_store("sqlite", tmp_path)
    yield scenario_store
    scenario_store.close()


def sample_scenario(**changes: Any) -> dict[str, Any]:
    """A schema-1 scenario dict for the store, which keeps scenarios as opaque JSON.

    Only a few top-level keys (``horizon_years`` marks each save in the tests); the model's own
    shape is checked in test_migrations.py against ``Scenario.to_dict()``.
    """
    scenario: dict[str, Any] = {
        "schema_version": 1,
        "horizon_years": 5,
        "response_target_minutes": 60,
        "target_share": 0.8,
        "cover": "office_hours",
        "groups": [
            {
                "group": "Residents",
                "population": 120_000,
                "reach_share": 0.35,
                "current_level": "Inform",
                "target_level": "Consult",
                "why": "Bins, roads — & 🦊",
            },
            {
                "group": "Businesses",
                "population": 4_100,
                "reach_share": 0.2,
                "current_level": "Consult",
                "target_level": "Involve",
                "why": "",
            },
        ],
        "hour_of_week_profile": [1 / 168] * 168,
        "optimism_bias": {"setup_share": 0.1, "running_share": 0.0},
    }
    scenario.update(changes)
    return scenario


def sample_headline(**changes: Any) -> dict[str, Any]:
    """Headline numbers as the model hands them over."""
    headline: dict[str, Any] = {
        "npv_gbp": -1.2e6,
        "bcr": 0.6,
        "fte_required": 4.2,
        "fte_planned": 3.0,
        "share_within_target": 0.71,
        "median_response_minutes": 95.0,
        "p90_response_minutes": 900.0,
        "ready": False,
        "readiness_message": "Short of 1.2 FTE: replies would take 15 h at the 90th percentile.",
    }
    headline.update(changes)
    return headline


@pytest.fixture
def make_scenario() -> Any:
    """Factory for scenario dicts: ``make_scenario(horizon_years=10)``."""
    return sample_scenario


@pytest.fixture
def make_headline() -> Any:
    """Factory for headline dicts: ``make_headline(npv_gbp=5.0)``."""
    return sample_headline
