"""Upgrade the ``scenarios`` table from older layouts, keeping every row.

Table migrations are numbered on their own (they change columns, not the scenario dict). Each
checks for itself whether it is needed, so running them on every start is safe; ScenarioStore
runs them inside the transaction that holds the schema lock.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text


def upgrade_table(connection: Connection) -> None:
    """Bring an existing ``scenarios`` table up to today's columns, keeping every row."""
    _table_1_owner_key(connection)


def _table_1_owner_key(connection: Connection) -> None:
    """Table migration 1 (issue 16): add ``owner_key``, the provider's stable (issuer, subject).

    Rows saved before it keep ``owner_key`` NULL: unowned. Their ``author`` was an e-mail or
    username claim that anyone could copy, so it stays a display name and grants nothing.
    """
    columns = {column["name"] for column in inspect(connection).get_columns("scenarios")}
    if "owner_key" in columns:
        return
    connection.execute(text("ALTER TABLE scenarios ADD COLUMN owner_key VARCHAR(400)"))
    connection.execute(text("CREATE INDEX ix_scenarios_owner_key ON scenarios (owner_key)"))
