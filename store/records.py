"""What the store hands out and takes in, with no database library: the signed-in person,
a saved scenario's summary and its whole record, and the store's own errors. Kept apart from
``repository`` so the pages' tables, the CLI and the JSON readers need no SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Actor:
    """The signed-in person: ``key`` decides what they may change, ``name`` is only shown."""

    key: str
    name: str


class NameTakenError(ValueError):
    """A scenario with this name already exists."""


class ScenarioNotFoundError(LookupError):
    """No stored scenario has this id (it may have been deleted by someone else)."""


@dataclass(frozen=True)
class ScenarioSummary:
    """One line of the saved-scenarios list."""

    id: int
    name: str
    note: str
    author: str | None
    saved_at: datetime
    npv_gbp: float | None
    fte_required: float | None
    owner_key: str | None = None


@dataclass(frozen=True)
class StoredScenario:
    """A saved scenario in full: its summary fields, the scenario dict and the headline numbers."""

    summary: ScenarioSummary
    scenario: dict[str, Any]
    headline: dict[str, Any]
