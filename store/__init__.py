"""Scenario store: save, list, load, rename, duplicate and delete scenarios.

SQLite by default, PostgreSQL when DATABASE_URL is set. The store itself is
``store.repository.ScenarioStore``; this package's top level holds only what needs no database
library (records, JSON reading and migrations), so importing it stays light.
"""

from store.json_io import scenario_from_json, scenario_to_json
from store.migrations import CURRENT_SCHEMA_VERSION, migrate
from store.records import (
    Actor,
    NameTakenError,
    ScenarioNotFoundError,
    ScenarioSummary,
    StoredScenario,
)

__all__ = [
    "Actor",
    "CURRENT_SCHEMA_VERSION",
    "NameTakenError",
    "ScenarioNotFoundError",
    "ScenarioSummary",
    "StoredScenario",
    "migrate",
    "scenario_from_json",
    "scenario_to_json",
]
