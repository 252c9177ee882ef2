"""Read the CSV files in this folder into a scenario dictionary (see SOURCES.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
INTEGER_FIELDS = {"horizon_years", "ramp_months"}
OPTIONAL_FIELDS = {"planned_fte"}  # blank = "staff to the promise": plan the FTE it needs
TEXT_FIELDS = {"name", "cover_preset", "current_cover_preset", "group", "current_level",
               "target_level", "why"}


def _rows(file_name: str) -> list[dict[str, str]]:
    with open(FOLDER / file_name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _typed(field: str, text: str) -> Any:
    if field in TEXT_FIELDS:
        return text
    if field in OPTIONAL_FIELDS and not text.strip():
        return None
    return int(text) if field in INTEGER_FIELDS else float(text)


def _table(file_name: str, drop: tuple[str, ...] = ("source",)) -> list[dict[str, Any]]:
    return [{k: _typed(k, v) for k, v in row.items() if k not in drop} for row in _rows(file_name)]


def sample_scenario_dict() -> dict[str, Any]:
    """The sample district council's settings as plain data.

    Cover is given by preset name (`promise.cover_preset`, `staffing.current_cover_preset`);
    `model.load_sample_scenario` expands the names into 168-hour grids.
    """
    sections: dict[str, dict[str, Any]] = {}
    for row in _rows("settings.csv"):
        sections.setdefault(row["section"], {})[row["field"]] = _typed(row["field"], row["value"])
    promise, staffing = sections["promise"], sections["staffing"]
    patience = _rows("patience_curve.csv")
    return {
        "name": sections["scenario"]["name"],
        "levels": _table("levels.csv"),
        "groups": _table("stakeholders.csv"),
        "promise": promise,
        "staffing": staffing,
        "economics": sections["economics"],
        "appraisal": sections["appraisal"],
        "arrival_profile": [float(r["share"]) for r in _rows("arrival_profile.csv")],
        "patience_minutes": [float(r["minutes"]) for r in patience],
        "patience_share": [float(r["share_expecting_reply_within"]) for r in patience],
        "uncertainty": _table("uncertainty.csv"),
    }
