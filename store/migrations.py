"""Upgrade stored scenario dicts from older schema versions to the one the model reads today
(the table's own columns are upgraded in ``table_migrations``).

Each migration takes a dict written at version ``n`` and returns it at version ``n + 1``.
Register one with ``@migration(from_version=n)`` and raise ``CURRENT_SCHEMA_VERSION`` by one in the
same change; ``tests/store/test_migrations.py`` checks that the chain has no gaps.

``CURRENT_SCHEMA_VERSION`` must equal the ``schema_version`` that ``Scenario.to_dict()`` writes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

CURRENT_SCHEMA_VERSION = 1
"""The schema version the model writes and reads today."""

SCHEMA_VERSION_KEY = "schema_version"

ScenarioDict = dict[str, Any]
Migration = Callable[[ScenarioDict], ScenarioDict]

MIGRATIONS: dict[int, Migration] = {}
"""Registry: from-version -> function upgrading a dict from that version to the next."""


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register the decorated function as the upgrade from ``from_version`` to the next."""

    def register(function: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise RuntimeError(f"two migrations registered from schema version {from_version}")
        MIGRATIONS[from_version] = function
        return function

    return register


def schema_version_of(scenario: ScenarioDict) -> int:
    """Return the dict's schema version; a dict without one predates versioning (version 0)."""
    version = scenario.get(SCHEMA_VERSION_KEY, 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError(f"schema_version: expected a whole number of 0 or more, got {version!r}")
    return version


def migrate(scenario: ScenarioDict, target_version: int = CURRENT_SCHEMA_VERSION) -> ScenarioDict:
    """Return a copy of ``scenario`` upgraded step by step to ``target_version``.

    Raises ValueError when the dict was written by a newer version of the app than this one,
    or when no migration is registered for a step (a programming error caught by the tests).
    """
    version = schema_version_of(scenario)
    if version > target_version:
        raise ValueError(
            f"schema_version: this scenario was saved by a newer version of the app "
            f"(schema {version}); this app reads schema {target_version} or older. "
            f"Update the app to open it."
        )
    upgraded = copy.deepcopy(scenario)
    while version < target_version:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"schema_version: no migration from schema {version} to {version + 1}")
        upgraded = step(upgraded)
        version += 1
        upgraded[SCHEMA_VERSION_KEY] = version
    return upgraded


@migration(from_version=0)
def _v0_to_v1(scenario: ScenarioDict) -> ScenarioDict:
    """Version 0 (before versioning) had the same sections as today's scenario, except that

    - the stakeholder table was stored as ``stakeholders`` (today ``groups``);
    - the appraisal horizon was a top-level ``horizon`` (today ``appraisal.horizon_years``).

    Keys already in the new form win over old ones, so a half-migrated dict is not damaged.
    """
    upgraded = dict(scenario)
    if "stakeholders" in upgraded:
        stakeholders = upgraded.pop("stakeholders")
        upgraded.setdefault("groups", stakeholders)
    if "horizon" in upgraded:
        horizon = upgraded.pop("horizon")
        appraisal = dict(upgraded.get("appraisal") or {})
        appraisal.setdefault("horizon_years", horizon)
        upgraded["appraisal"] = appraisal
    upgraded[SCHEMA_VERSION_KEY] = 1
    return upgraded
