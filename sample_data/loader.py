"""Read the CSV files in this folder into a scenario dictionary (see SOURCES.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
INTEGER_FIELDS = {"horizon_years", "ramp_months", "base_year", "earliest_start_hour",
                  "latest_start_hour", "min_people_on_duty", "night_start_hour", "night_end_hour",
                  "start_hour", "duration_hours"}
OPTIONAL_FIELDS = {"planned_fte"}  # blank = "staff to the promise": plan the FTE it needs
# The sample organisations: the district (this folder) and a county (county/: its own groups,
# and the settings where it differs; the ladder, arrival profile, patience curve, the rest of
# settings.csv and the rest are the district's).
ORGANISATIONS = ("district", "county")
OWN_FILES = ("settings.csv", "stakeholders.csv")
LIST_FIELDS = {"part_time_paid_hours"}  # numbers separated by ";"
TEXT_FIELDS = {"name", "cover_preset", "current_cover_preset", "approver_cover_preset",
               "group", "current_level", "target_level", "why", "part_of"}


def _path(file_name: str, organisation: str) -> Path:
    if organisation not in ORGANISATIONS:
        raise ValueError(f"organisation = {organisation!r}: expected one of "
                         f"{', '.join(ORGANISATIONS)}")
    if organisation != ORGANISATIONS[0] and file_name in OWN_FILES:
        return FOLDER / organisation / file_name
    return FOLDER / file_name


def _rows(file_name: str, organisation: str = ORGANISATIONS[0]) -> list[dict[str, str]]:
    with open(_path(file_name, organisation), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _typed(field: str, text: str) -> Any:
    if field in TEXT_FIELDS:
        return text
    if field in OPTIONAL_FIELDS and not text.strip():
        return None
    if field in LIST_FIELDS:
        return [float(part) for part in text.split(";") if part.strip()]
    return int(text) if field in INTEGER_FIELDS else float(text)


def _table(file_name: str, drop: tuple[str, ...] = ("source",),
           organisation: str = ORGANISATIONS[0]) -> list[dict[str, Any]]:
    return [{k: _typed(k, v) for k, v in row.items() if k not in drop}
            for row in _rows(file_name, organisation)]


def level_names() -> tuple[str, ...]:
    """The engagement ladder, lowest first: the rows of levels.csv in file order."""
    return tuple(row["name"] for row in _rows("levels.csv"))


def channels(kind: str | None = None) -> dict[str, float]:
    """Channels in file order, each with its share of the synthetic inbox (0 if none);
    ``kind`` ("social" or "contact") keeps only those."""
    return {row["name"]: float(row["sample_inbox_share"] or 0.0) for row in _rows("channels.csv")
            if kind is None or row["kind"] == kind}


def contact_channels() -> dict[str, str]:
    """The contact channels (channels.csv rows of kind "contact") in file order: each key (its
    name in lower case, as `Scenario.contact_channels` holds it) with what one contact on it is
    called in a sentence ("a call"; "a <key> contact" when the row leaves it blank)."""
    return {row["name"].lower(): row.get("one_contact") or _a_contact(row["name"].lower())
            for row in _rows("channels.csv") if row["kind"] == "contact"}


def one_contact(key: str) -> str:
    """What one contact on channel `key` is called in a sentence ("a call"), also for a channel
    a scenario carries that channels.csv does not list ("a <key> contact")."""
    return contact_channels().get(key) or _a_contact(key)


def _a_contact(key: str) -> str:
    return f"a {key} contact"


def sample_scenario_dict(organisation: str = ORGANISATIONS[0]) -> dict[str, Any]:
    """A sample organisation's settings as plain data: the district council (the default) or
    the county council (sample_data/county/).

    Cover is given by preset name (`promise.cover_preset`, `promise.approver_cover_preset`,
    `staffing.current_cover_preset`);
    `model.load_sample_scenario` expands the names into 168-hour grids.
    """
    sections: dict[str, dict[str, Any]] = {}
    # Another organisation's settings.csv holds only what differs from the district's.
    rows = _rows("settings.csv") + (_rows("settings.csv", organisation)
                                    if organisation != ORGANISATIONS[0] else [])
    for row in rows:
        sections.setdefault(row["section"], {})[row["field"]] = _typed(row["field"], row["value"])
    promise, staffing = sections["promise"], sections["staffing"]
    patience = _rows("patience_curve.csv")
    groups = _table("stakeholders.csv", organisation=organisation)
    _check_contact_names("settings.csv", list(sections["economics"]), "_contact_gbp")
    _check_contact_names(str(_path("stakeholders.csv", organisation).relative_to(FOLDER)),
                         list(groups[0]) if groups else [], "_substitution_share")
    return {
        "name": sections["scenario"]["name"],
        "levels": _table("levels.csv"),
        "groups": groups,
        "promise": promise,
        "staffing": staffing,
        "economics": sections["economics"],
        "appraisal": sections["appraisal"],
        "arrival_profile": [float(r["share"]) for r in _rows("arrival_profile.csv")],
        "patience_minutes": [float(r["minutes"]) for r in patience],
        "patience_share": [float(r["share_expecting_reply_within"]) for r in patience],
        "uncertainty": _table("uncertainty.csv"),
        "channels": list(channels("social")),
        "contact_channels": list(contact_channels()),
        "price_base": sample_price_base(sections["price_base"]["base_year"]),
        "rota": sections["rota"],
        "surge": sections["surge"],
    }


def _check_contact_names(file_name: str, names: list[str], suffix: str) -> None:
    """A price row or share column for a channel channels.csv does not list is a typo (an
    `emial_substitution_share` would otherwise be read as nobody saving an email)."""
    known = contact_channels()
    for name in names:
        if name.endswith(suffix) and name != "invited" + suffix \
                and name.removesuffix(suffix) not in known:
            raise ValueError(f"{file_name}: {name} = a contact channel "
                             f"{name.removesuffix(suffix)!r} that channels.csv does not list: "
                             f"expected one of {', '.join(k + suffix for k in known)}, or a "
                             "contact row for it in channels.csv")


def sample_price_base(base_year: int) -> dict[str, Any]:
    """The price-base section: base year, the GDP deflator and each money input's price year."""
    deflators = sample_gdp_deflators()
    return {"base_year": base_year, "deflator_years": list(deflators),
            "deflator_index": list(deflators.values()),
            "price_years": [[name, year] for name, year in sample_price_years().items()]}


def sample_price_years() -> dict[str, int]:
    """The price year of every money input in settings.csv, by field name (see SOURCES.md)."""
    return {row["field"]: int(row["price_year"]) for row in _rows("settings.csv")
            if row.get("price_year")}


def sample_gdp_deflators() -> dict[int, float]:
    """HM Treasury GDP deflator at market prices, calendar years, 2024 = 100 (SOURCES.md, R14)."""
    return {int(row["year"]): float(row["gdp_deflator_index_2024_100"])
            for row in _rows("gdp_deflator.csv")}


def sample_sources() -> dict[str, str]:
    """The source code (R… or A, see SOURCES.md) of every setting in settings.csv, by field."""
    return {row["field"]: row["source"] for row in _rows("settings.csv")}


def evidence_settings() -> dict[str, Any]:
    """evidence.csv: how much an inbox export must hold, and the default office hours (the
    business-hours clock's), as plain data (SOURCES.md, "Reading your own export")."""
    values: dict[str, Any] = {}
    for row in _rows("evidence.csv"):
        text = row["value"]
        if row["field"] == "office_days":
            values[row["field"]] = tuple(text.split())
        elif row["field"] in ("min_messages", "office_open_hour", "office_close_hour"):
            values[row["field"]] = int(text)
        else:
            values[row["field"]] = float(text)
    return values


def benchmarks() -> list[dict[str, str]]:
    """benchmarks.csv: published, dated reply figures to set beside a council's own
    (SOURCES.md, "Benchmarks beside today"), as text rows in file order."""
    return _rows("benchmarks.csv")
