"""Scenario store: save, list, load, rename, duplicate and delete scenarios.

SQLite by default, PostgreSQL when DATABASE_URL is set.
"""

from store.json_io import scenario_from_json, scenario_to_json
from store.migrations import CURRENT_SCHEMA_VERSION, migrate
from store.repository import (
    Actor,
    NameTakenError,
    ScenarioNotFoundError,
    ScenarioStore,
    ScenarioSummary,
    StoredScenario,
)

__all__ = [
    "Actor",
    "CURRENT_SCHEMA_VERSION",
    "NameTakenError",
    "ScenarioNotFoundError",
    "ScenarioStore",
    "ScenarioSummary",
    "StoredScenario",
    "migrate",
    "scenario_from_json",
    "scenario_to_json",
]
