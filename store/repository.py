"""Save, list, load, rename, duplicate and delete scenarios in a SQL database.

Names are unique across the whole store (after trimming spaces, case-sensitive). Saving under a
name already in use raises ``NameTakenError`` unless ``overwrite=True``, which replaces that
scenario's content in place (same id). There is no version history: duplicate first to keep one.

Ownership: when an ``actor`` (the signed-in user) is given, only the scenario's owner may
overwrite, rename or delete it; anyone may list, load and duplicate. The owner is the actor's
``key`` (the identity provider's stable issuer and subject, ``ui.auth.owner_key``), never the
display name, which any user may be able to set to someone else's e-mail. A scenario without an
owner (saved with sign-in off, or before owner keys existed) is read-only to signed-in users until
one of them claims it with ``claim``; saving over it never makes anyone its owner. With sign-in
off, actor is ``None`` and everyone may do everything.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.db import WRITE_BEGIN_OPTION, make_engine, resolve_url
from store.deadline import within_deadline
from store.migrations import CURRENT_SCHEMA_VERSION, migrate, schema_version_of
from store.models import (
    AUTHOR_MAX_CHARS,
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    OWNER_KEY_MAX_CHARS,
    Base,
    ScenarioRow,
)
from store.records import (
    Actor,
    NameTakenError,
    ScenarioNotFoundError,
    ScenarioSummary,
    StoredScenario,
)
from store.table_migrations import upgrade_table

SCHEMA_LOCK_KEY = 7_000_417
"""PostgreSQL advisory-lock key held while creating tables (any constant unique to this app)."""


class ScenarioStore:
    """Repository of saved scenarios; every write runs in one transaction."""

    def __init__(self, url: str | None = None, *, sqlite_path: str | Path | None = None) -> None:
        """Open (and create if needed) the store.

        ``url`` wins; else ``$DATABASE_URL`` (PostgreSQL, psycopg 3); else the SQLite file
        ``sqlite_path`` (default ``data/planner.db`` at the repository root).
        """
        self.url = resolve_url(url, sqlite_path)
        self._engine: Engine = make_engine(self.url)
        self._write_engine: Engine = self._engine.execution_options(
            **{WRITE_BEGIN_OPTION: "IMMEDIATE"}
        )
        self._create_tables()

    @within_deadline
    def _create_tables(self) -> None:
        """Create missing tables; safe when several app processes start at the same moment."""
        with self._write_engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY}
                )
            Base.metadata.create_all(connection)
            upgrade_table(connection)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for health checks and tests)."""
        return self._engine

    def close(self) -> None:
        """Close all pooled connections."""
        self._engine.dispose()

    @within_deadline
    def save(
        self,
        name: str,
        note: str,
        scenario_dict: Mapping[str, Any],
        headline: Mapping[str, Any],
        actor: Actor | None = None,
        *,
        overwrite: bool = False,
    ) -> int:
        """Save a scenario under ``name`` and return its id; a new one belongs to ``actor``.

        The scenario is migrated to the current schema first. Raises ValueError naming the field
        that is wrong, ``NameTakenError`` when the name is in use and ``overwrite`` is false, and
        PermissionError when overwriting a scenario the actor does not own. Overwriting keeps
        the scenario's owner as it was.
        """
        clean_name = _valid_name(name)
        clean_note = _valid_note(note)
        owner = _valid_actor(actor)
        scenario = _valid_scenario(scenario_dict)
        plain_headline = _valid_headline(headline)
        with self._writing() as session:
            row = session.scalars(_by_name(clean_name, session)).one_or_none()
            if row is not None and not overwrite:
                raise _name_taken(clean_name)
            if row is None:
                row = _new_row(clean_name, owner)
                session.add(row)
            else:
                _check_owner(row, owner, "overwrite")
            row.note = clean_note
            _fill_content(row, scenario, plain_headline)
            session.flush()
            return row.id

    @within_deadline
    def list(self) -> list[ScenarioSummary]:
        """All saved scenarios, most recently saved first."""
        query = select(ScenarioRow).order_by(ScenarioRow.saved_at.desc(), ScenarioRow.id.desc())
        with Session(self._engine) as session:
            return [_summary(row) for row in session.scalars(query)]

    def load(self, scenario_id: int) -> dict[str, Any]:
        """The stored scenario dict, migrated to the current schema version."""
        return self.get(scenario_id).scenario

    @within_deadline
    def get(self, scenario_id: int) -> StoredScenario:
        """Everything stored for one scenario (used by Compare and the report)."""
        with Session(self._engine) as session:
            row = _row_or_raise(session, scenario_id)
            return StoredScenario(
                summary=_summary(row),
                scenario=migrate(row.scenario),
                headline=dict(row.headline),
            )

    @within_deadline
    def rename(self, scenario_id: int, new_name: str, actor: Actor | None = None) -> None:
        """Give a scenario a new name (only its owner may, when sign-in is on)."""
        clean_name = _valid_name(new_name)
        with self._writing() as session:
            row = _row_or_raise(session, scenario_id, for_update=True)
            _check_owner(row, actor, "rename")
            if row.name == clean_name:
                return
            if session.scalars(_by_name(clean_name, session)).one_or_none() is not None:
                raise _name_taken(clean_name)
            row.name = clean_name

    @within_deadline
    def duplicate(self, scenario_id: int, new_name: str, actor: Actor | None = None) -> int:
        """Copy a scenario under a new name; the copy belongs to ``actor``. Returns the new id."""
        clean_name = _valid_name(new_name)
        owner = _valid_actor(actor)
        with self._writing() as session:
            source = _row_or_raise(session, scenario_id)
            if session.scalars(_by_name(clean_name, session)).one_or_none() is not None:
                raise _name_taken(clean_name)
            copy_row = _new_row(clean_name, owner)
            copy_row.note = source.note
            _fill_content(copy_row, migrate(source.scenario), dict(source.headline))
            session.add(copy_row)
            session.flush()
            return copy_row.id

    @within_deadline
    def delete(self, scenario_id: int, actor: Actor | None = None) -> None:
        """Delete a scenario (only its owner may, when sign-in is on)."""
        with self._writing() as session:
            row = _row_or_raise(session, scenario_id, for_update=True)
            _check_owner(row, actor, "delete")
            session.delete(row)

    @within_deadline
    def claim(self, scenario_id: int, actor: Actor) -> None:
        """Make ``actor`` the owner of a scenario that has none (the user confirmed it).

        Raises PermissionError when someone else already owns it; claiming your own is a no-op.
        """
        owner = _checked_actor(actor)
        with self._writing() as session:
            row = _row_or_raise(session, scenario_id, for_update=True)
            if row.owner_key == owner.key:
                return
            if row.owner_key is not None:
                raise PermissionError(
                    f"'{row.name}' already belongs to {row.author or 'someone else'}; "
                    f"only a scenario with no owner can be claimed."
                )
            row.owner_key, row.author = owner.key, owner.name

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction: commit on success, roll back on any error.

        A unique-name clash between two concurrent writers surfaces as ``NameTakenError``.
        """
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
            except IntegrityError as error:
                raise NameTakenError(
                    "name: another scenario was just saved under this name; choose another name"
                ) from error


def _by_name(name: str, session: Session) -> Any:
    """Query for the row with this exact name, locked for update where the database can."""
    query = select(ScenarioRow).where(ScenarioRow.name == name)
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        query = query.with_for_update()
    return query


def _row_or_raise(session: Session, scenario_id: int, *, for_update: bool = False
                  ) -> ScenarioRow:
    """The row; ``for_update``: locked until the transaction ends where the database can lock
    one row (PostgreSQL; SQLite's writers already queue for the whole file), so two people
    claiming, renaming or deleting it at once take turns, and the second sees the first's
    change."""
    lock = for_update and session.get_bind().dialect.name == "postgresql"
    row = session.get(ScenarioRow, scenario_id, with_for_update=lock or None)
    if row is None:
        raise ScenarioNotFoundError(
            f"No saved scenario has id {scenario_id}; it may have been deleted. "
            f"Refresh the list and try again."
        )
    return row


def _fill_content(row: ScenarioRow, scenario: dict[str, Any], headline: dict[str, Any]) -> None:
    """Set the content columns of ``row`` and stamp it as saved now."""
    row.scenario = scenario
    row.schema_version = schema_version_of(scenario)
    row.headline = headline
    row.npv_gbp = _number_or_none(headline.get("npv_gbp"))
    row.fte_required = _number_or_none(headline.get("fte_required"))
    row.saved_at = datetime.now(UTC)


def _summary(row: ScenarioRow) -> ScenarioSummary:
    return ScenarioSummary(
        id=row.id,
        name=row.name,
        note=row.note,
        author=row.author,
        saved_at=_as_utc(row.saved_at),
        npv_gbp=row.npv_gbp,
        fte_required=row.fte_required,
        owner_key=row.owner_key,
    )


def _as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; everything is stored in UTC, so say so."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _new_row(name: str, owner: Actor | None) -> ScenarioRow:
    if owner is None:
        return ScenarioRow(name=name, author=None, owner_key=None)
    return ScenarioRow(name=name, author=owner.name, owner_key=owner.key)


def _check_owner(row: ScenarioRow, actor: Actor | None, action: str) -> None:
    if actor is None or row.owner_key == actor.key:
        return
    if row.owner_key is None:
        raise PermissionError(
            f"'{row.name}' has no owner (it was saved before sign-in was switched on), so "
            f"nobody can {action} it until someone claims it. Claim it first, or duplicate it "
            f"and change your copy."
        )
    raise PermissionError(
        f"Only {row.author or 'its owner'}, who saved '{row.name}', can {action} it. "
        f"You can duplicate it and change your copy."
    )


def _name_taken(name: str) -> NameTakenError:
    return NameTakenError(
        f"name: a scenario called '{name}' already exists; choose another name "
        f"or save over it (overwrite)."
    )


def _valid_name(name: object) -> str:
    return _valid_text("name", name, NAME_MAX_CHARS, required=True)


def _valid_note(note: object) -> str:
    return _valid_text("note", "" if note is None else note, NOTE_MAX_CHARS, required=False)


def _valid_actor(actor: Actor | None) -> Actor | None:
    return None if actor is None else _checked_actor(actor)


def _checked_actor(actor: Actor) -> Actor:
    if not isinstance(actor, Actor):
        raise TypeError(f"actor: expected an Actor, got {type(actor).__name__}")
    key = _exact_key(actor.key)
    name = _valid_text("author", actor.name, AUTHOR_MAX_CHARS, required=True)
    return Actor(key, name)


def _exact_key(key: object) -> str:
    """The owner key exactly as given: never trimmed, so " alice " stays another person."""
    if not isinstance(key, str):
        raise TypeError(f"owner_key: expected text, got {type(key).__name__}")
    if not key.strip():
        raise ValueError("owner_key: must not be empty")
    if len(key) > OWNER_KEY_MAX_CHARS:
        raise ValueError(f"owner_key: at most {OWNER_KEY_MAX_CHARS} characters, got {len(key)}")
    if any(ord(char) < 32 for char in key):
        raise ValueError("owner_key: must not contain control characters such as line breaks")
    return key


def _valid_text(field: str, value: object, max_chars: int, *, required: bool) -> str:
    """Trim ``value`` and check it is text of the right length; ValueError names the field."""
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected text, got {type(value).__name__}")
    text = value.strip()
    if required and not text:
        raise ValueError(f"{field}: must not be empty")
    if len(text) > max_chars:
        raise ValueError(f"{field}: at most {max_chars} characters, got {len(text)}")
    allowed_controls = "\n\t" if field == "note" else ""
    if any(ord(char) < 32 and char not in allowed_controls for char in text):
        raise ValueError(f"{field}: must not contain control characters such as line breaks")
    return text


def _valid_scenario(scenario_dict: Mapping[str, Any]) -> dict[str, Any]:
    """Check the scenario is a JSON object of plain values and migrate it to the current schema."""
    if not isinstance(scenario_dict, Mapping):
        raise TypeError(f"scenario: expected a dict, got {type(scenario_dict).__name__}")
    try:
        plain = json.loads(json.dumps(dict(scenario_dict), allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"scenario: cannot be stored as JSON ({error})") from error
    migrated = migrate(plain)
    if schema_version_of(migrated) != CURRENT_SCHEMA_VERSION:
        raise ValueError("schema_version: could not bring the scenario to the current schema")
    return migrated


def _valid_headline(headline: Mapping[str, Any]) -> dict[str, Any]:
    """Plain JSON copy of the headline numbers; NaN and infinities become ``None``."""
    if not isinstance(headline, Mapping):
        raise TypeError(f"headline: expected a dict, got {type(headline).__name__}")
    plain: dict[str, Any] = {}
    for key, value in headline.items():
        plain[str(key)] = _plain_value(key, value)
    return plain


def _plain_value(key: object, value: Any) -> Any:
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"headline: '{key}' must be a number, text, true/false or empty")


def _number_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
