"""Choose and configure the database: a SQLite file by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

DATABASE_URL_ENV = "DATABASE_URL"
DEFAULT_SQLITE_PATH = Path(__file__).resolve().parents[1] / "data" / "planner.db"
"""``data/planner.db`` at the repository root, whatever the working directory."""

SQLITE_BUSY_TIMEOUT_MS = 5_000
"""How long a SQLite writer waits for another writer before giving up with 'database is locked':
under store.deadline.STORE_ANSWER_SECONDS, so the driver's own error comes first."""

POSTGRES_CONNECT_TIMEOUT_S = 4
"""libpq's connect_timeout: a server that accepts the connection but never answers (paused)
fails after this, not after the operating system's two minutes."""

POSTGRES_STATEMENT_TIMEOUT_MS = 5_000
"""Server-side limit on one statement (the store's statements take milliseconds)."""

POSTGRES_LOCK_TIMEOUT_MS = 4_000
"""Server-side limit on waiting for a row another session has locked (see claim)."""

POOL_TIMEOUT_S = 4
"""How long a call waits for a free pooled connection (all may be stuck on a frozen server)."""

DATABASE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, sqlite3.Error, psycopg.Error)
"""What a database that is down, read-only, full or locked raises (SQLAlchemy wraps most of the
drivers' own errors, but not all: a connection pool can raise the driver's error directly)."""

WRITE_BEGIN_OPTION = "planner_sqlite_begin"
"""Execution option naming the SQLite BEGIN mode (DEFERRED for reads, IMMEDIATE for writes)."""


def resolve_url(url: str | None = None, sqlite_path: str | Path | None = None) -> str:
    """Return the database URL to use: ``url``, else ``$DATABASE_URL``, else a SQLite file.

    PostgreSQL URLs written as ``postgres://`` or ``postgresql://`` (as hosting platforms give
    them) are pointed at the psycopg 3 driver, the only PostgreSQL driver the project installs.
    """
    chosen = url or os.environ.get(DATABASE_URL_ENV) or None
    if chosen is None:
        path = Path(sqlite_path) if sqlite_path is not None else DEFAULT_SQLITE_PATH
        return f"sqlite:///{path}"
    if chosen.startswith("postgres://"):
        chosen = "postgresql://" + chosen.removeprefix("postgres://")
    if chosen.startswith("postgresql://"):
        chosen = "postgresql+psycopg://" + chosen.removeprefix("postgresql://")
    return chosen


def make_engine(url: str) -> Engine:
    """Create an engine; for SQLite, create the file's folder and switch on WAL and busy_timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT_S,
                             connect_args=postgres_timeouts(parsed.query))
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT_S)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_timeout=POOL_TIMEOUT_S)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def postgres_timeouts(query: Mapping[str, Any]) -> dict[str, Any]:
    """connect_timeout and the statement and lock timeouts, unless the URL sets its own."""
    args: dict[str, Any] = {}
    if "connect_timeout" not in query:
        args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    if "options" not in query:
        args["options"] = (f"-c statement_timeout={POSTGRES_STATEMENT_TIMEOUT_MS} "
                           f"-c lock_timeout={POSTGRES_LOCK_TIMEOUT_MS}")
    return args


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """Take transaction control from the driver and set WAL, busy_timeout and durability."""
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _begin_...)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")  # first: WAL switch waits
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Any) -> None:
    """Begin explicitly: writes take the write lock up front, so busy_timeout applies to them."""
    mode = connection.get_execution_options().get(WRITE_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


DB_PATH_ENV = "PLANNER_DB_PATH"


def store_url(environ: Mapping[str, str] | None = None) -> str:
    """Database URL: $DATABASE_URL, else the SQLite file $PLANNER_DB_PATH, else data/planner.db."""
    env = os.environ if environ is None else environ
    path = env.get(DB_PATH_ENV) or None
    return resolve_url(env.get("DATABASE_URL") or None, Path(path) if path else None)
