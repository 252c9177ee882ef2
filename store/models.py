"""The database table holding saved scenarios (SQLAlchemy 2 typed ORM)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAME_MAX_CHARS = 120
NOTE_MAX_CHARS = 2000
AUTHOR_MAX_CHARS = 200
OWNER_KEY_MAX_CHARS = 400
"""Room for an issuer URL and a subject (``ui.auth.owner_key``)."""


class Base(DeclarativeBase):
    """Declarative base for the store's tables."""


class ScenarioRow(Base):
    """One saved scenario: the model's dict plus the headline numbers shown in lists."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(AUTHOR_MAX_CHARS), index=True)
    """The owner's display name when saved (an e-mail, say): shown, never trusted."""
    owner_key: Mapped[str | None] = mapped_column(String(OWNER_KEY_MAX_CHARS), index=True)
    """Who may change the scenario: the provider's stable (issuer, subject); None = unowned."""
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    schema_version: Mapped[int] = mapped_column(Integer)
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    headline: Mapped[dict[str, Any]] = mapped_column(JSON)
    npv_gbp: Mapped[float | None] = mapped_column(Float)
    fte_required: Mapped[float | None] = mapped_column(Float)
