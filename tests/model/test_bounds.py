"""One bounds table: every number a person can set has a row, and the Scenario refuses by it."""

from __future__ import annotations

import dataclasses
from dataclasses import fields, replace

import pytest

from model import Scenario
from model.bounds import BOUNDS, bound
from model.scenario import (
    Appraisal,
    Economics,
    Level,
    MeasuredToday,
    Promise,
    Staffing,
    StakeholderGroup,
    UncertainInput,
)
from model.surge_event import Surge

NUMBER_SECTIONS = {
    "levels": Level, "groups": StakeholderGroup, "promise": Promise, "staffing": Staffing,
    "economics": Economics, "appraisal": Appraisal, "uncertainty": UncertainInput,
    "measured_today": MeasuredToday, "surge": Surge,
}


def _row_for(section: str, name: str) -> str:
    return "economics.money_gbp" if section == "economics" and "_gbp" in name else (
        f"{section}.{name}")


# Read off an export, never typed: infinite when no message was answered, which no row allows.
MEASURED_NOT_SET = {("measured_today", "median_first_response_minutes")}


def _settable_numbers() -> list[tuple[str, str]]:
    found = []
    for section, kind in NUMBER_SECTIONS.items():
        for item in fields(kind):
            if (section, item.name) in MEASURED_NOT_SET:
                continue
            if item.type in ("float", "int", "float | None"):
                found.append((section, item.name))
    return found


@pytest.mark.parametrize(("section", "name"), _settable_numbers())
def test_every_number_a_person_can_set_has_a_bounds_row(section: str, name: str) -> None:
    row = bound(_row_for(section, name))
    assert row.unit and row.source  # a unit to show and a reason for the limit
    assert row.low <= row.high


def test_the_sample_sits_inside_every_bound(sample: Scenario) -> None:
    for level in sample.levels:
        for item in fields(Level):
            if item.name != "name":
                assert bound(f"levels.{item.name}").allows(getattr(level, item.name))


@pytest.mark.parametrize(("edit", "field_named"), [
    (lambda s: replace(s, levels=(replace(s.levels[0], handle_minutes=0.0), *s.levels[1:])),
     "levels[Inform].handle_minutes = 0.0"),
    (lambda s: replace(s, levels=(replace(s.levels[0], invite_multiplier=1e9), *s.levels[1:])),
     "levels[Inform].invite_multiplier = 1000000000.0"),
    (lambda s: replace(s, appraisal=replace(s.appraisal, horizon_years=5.5)),
     "appraisal.horizon_years = 5.5"),
    (lambda s: replace(s, economics=replace(s.economics, readers_per_public_reply=-1.0)),
     "economics.readers_per_public_reply = -1.0"),
])
def test_a_value_outside_its_row_is_refused_naming_the_field_and_value(
        sample: Scenario, edit: object, field_named: str) -> None:
    with pytest.raises(ValueError, match=field_named.replace("[", r"\[").replace("]", r"\]")
                       .replace(".", r"\.")) as refused:
        edit(sample)  # type: ignore[operator]
    assert "expected" in str(refused.value)


def test_bounds_rows_are_unique_and_named_for_scenario_fields() -> None:
    sections = {name.split(".")[0] for name in BOUNDS}
    assert sections <= {*NUMBER_SECTIONS, "rota", "price_base"}
    assert all(dataclasses.is_dataclass(kind) for kind in NUMBER_SECTIONS.values())
