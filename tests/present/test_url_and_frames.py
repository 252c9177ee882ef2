"""Shareable links and the editors' checked way back into a scenario."""

from __future__ import annotations

from dataclasses import replace

import pytest

import model
from model.cover import cover_preset
from model.rota import RotaRules
from present import frames, url


@pytest.fixture(scope="module")
def scenario() -> model.Scenario:
    return model.load_sample_scenario()


def test_a_link_round_trips_the_key_settings(scenario: model.Scenario) -> None:
    changed = replace(scenario.with_targets({"Businesses": "Empower"}),
                      promise=replace(scenario.promise, response_target_minutes=60.0,
                                      target_share=0.9, cover=cover_preset("24/7"),
                                      cover_preset="24/7"),
                      staffing=replace(scenario.staffing, planned_fte=None))
    restored, problems = url.decode(url.encode(changed), scenario)
    assert not problems
    assert url.encode(restored) == url.encode(changed)


def test_a_link_carries_every_rota_rule(scenario: model.Scenario) -> None:
    # Each field moved off the sample's value, as the Rota rules inputs would set it.
    rota = RotaRules(shift_paid_hours=8.5, unpaid_break_minutes=45.0, earliest_start_hour=6,
                     latest_start_hour=16, min_people_on_duty=2, night_start_hour=22,
                     night_end_hour=7, night_enhancement=0.25, saturday_enhancement=0.35,
                     sunday_enhancement=1.0, part_time_paid_hours=(3.0, 5.5),
                     max_part_time_share=0.3, break_after_paid_hours=5.0)
    sample = scenario.rota
    assert all(getattr(rota, name) != getattr(sample, name) for name in vars(sample))
    shared = replace(scenario, rota=rota)
    restored, problems = url.decode(url.encode(shared), scenario)
    assert not problems
    assert restored == shared  # so FTE and NPV agree between sender and colleague


def test_a_bad_rota_value_is_named_and_the_rest_of_the_link_loads(
        scenario: model.Scenario) -> None:
    link = url.encode(replace(scenario, rota=replace(scenario.rota, saturday_enhancement=0.75),
                              promise=replace(scenario.promise, response_target_minutes=60.0)))
    link["shift"] = "20"  # hand-edited past the 12-hour bound
    restored, problems = url.decode(link, scenario)
    assert problems == ["Link setting 'shift=20' was ignored: expected 3–12 (3–12 paid hours "
                        "a shift)"]
    assert restored.rota == replace(scenario.rota, saturday_enhancement=0.75)
    assert restored.promise.response_target_minutes == 60.0


def test_links_name_levels_and_links_made_by_position_still_open(
        scenario: model.Scenario) -> None:
    moved = scenario.with_targets({"Businesses": "Collaborate"})
    assert "Businesses:Collaborate" in url.encode(moved)["levels"]
    old_link, problems = url.decode({"levels": "Businesses:4"}, scenario)  # 4th step, 2025 links
    assert not problems and old_link == moved


def test_a_custom_cover_survives_the_link(scenario: model.Scenario) -> None:
    cover = tuple(1 if hour % 3 == 0 else 0 for hour in range(168))
    custom = replace(scenario, promise=replace(scenario.promise, cover=cover,
                                               cover_preset="Custom"))
    restored, problems = url.decode(url.encode(custom), scenario)
    assert not problems and restored.promise.cover == cover


@pytest.mark.parametrize("key, value", [("target", "-5"), ("share", "120"), ("cover", "Nights"),
                                        ("fte", "lots"), ("levels", "Martians:3"),
                                        ("levels", "Residents:9"), ("cover", "custom:zz"),
                                        ("shift", "20"), ("break", "x"), ("on_duty", "1.5"),
                                        ("night_pay", "150"), ("starts", "14-7"),
                                        ("starts", "7"), ("night", "20-24")])
def test_bad_link_values_are_skipped_with_a_note(scenario: model.Scenario, key: str,
                                                 value: str) -> None:
    restored, problems = url.decode({key: value}, scenario)
    assert restored == scenario
    assert len(problems) == 1 and f"{key}={value}" in problems[0]


def test_a_target_level_edit_raises_inbound(scenario: model.Scenario) -> None:
    table = frames.groups_frame(scenario)
    table.loc[0, "Target"] = "Empower"
    edited, problems = frames.groups_from_frame(scenario, table)
    assert not problems and edited is not None
    before = model.evaluate(scenario).inbound_per_week
    assert model.evaluate(edited).inbound_per_week > before


def test_an_unchanged_table_gives_back_the_same_scenario(scenario: model.Scenario) -> None:
    edited, problems = frames.groups_from_frame(scenario, frames.groups_frame(scenario))
    assert not problems and edited == scenario


def test_a_blank_cell_is_named_by_row_and_column(scenario: model.Scenario) -> None:
    table = frames.groups_frame(scenario)
    table.loc[2, "Population"] = None
    edited, problems = frames.groups_from_frame(scenario, table)
    assert edited is None
    assert problems == ["Row 3, column 'Population': please fill this in."]


def test_shares_that_add_up_to_more_than_all_are_refused(scenario: model.Scenario) -> None:
    table = frames.groups_frame(scenario)
    table.loc[0, "Replies that save a call (%)"] = 80
    table.loc[0, "Replies that save a visit (%)"] = 40
    edited, problems = frames.groups_from_frame(scenario, table)
    assert edited is None and problems[0].startswith("Row 1:")
    assert "Replies that save a call (%)" in problems[0]


def test_duplicate_group_names_are_refused(scenario: model.Scenario) -> None:
    table = frames.groups_frame(scenario)
    table.loc[1, "Group"] = "Residents"
    edited, problems = frames.groups_from_frame(scenario, table)
    assert edited is None and "Group" in problems[0]


def test_patience_points_out_of_order_are_refused(scenario: model.Scenario) -> None:
    table = frames.patience_frame(scenario)
    table.loc[1, frames.PATIENCE_MINUTES] = 5000
    edited, problems = frames.patience_from_frame(scenario, table)
    assert edited is None and frames.PATIENCE_MINUTES in problems[0]


def test_uncertainty_ranges_round_trip(scenario: model.Scenario) -> None:
    edited, problems = frames.uncertainty_from_frame(scenario, frames.uncertainty_frame(scenario))
    assert not problems and edited == scenario


def test_cover_grid_round_trips() -> None:
    cover = cover_preset("Office hours")
    assert frames.cover_from_frame(frames.cover_frame(cover)) == cover


def test_group_names_with_separators_survive_a_link() -> None:
    from dataclasses import replace as _replace

    from model import load_sample_scenario
    from present import url

    sample = load_sample_scenario()
    odd = _replace(sample.groups[0], group="Parks; play areas: north")
    inside = tuple(_replace(g, part_of=odd.group if g.part_of else "") for g in sample.groups[1:])
    scenario = _replace(sample, groups=(odd, *inside)).with_targets(
        {"Parks; play areas: north": "Empower"})
    restored, problems = url.decode(url.encode(scenario), _replace(scenario, groups=(
        _replace(odd, target_level="Inform"), *scenario.groups[1:])))
    assert problems == []
    assert restored.groups[0].target_level == "Empower"


def test_a_bad_number_in_a_link_is_explained_in_words() -> None:
    from model import load_sample_scenario
    from present import url

    _, problems = url.decode({"target": "abc"}, load_sample_scenario())
    assert problems == ["Link setting 'target=abc' was ignored: 'abc' is not a number"]


@pytest.mark.parametrize("key, value", [("target", "1e308"), ("fte", "1e308"), ("share", "10"),
                                        ("target", "9" * 400)])
def test_a_link_value_outside_the_models_bounds_is_refused_briefly(
        scenario: model.Scenario, key: str, value: str) -> None:
    restored, problems = url.decode({key: value}, scenario)
    assert restored == scenario
    assert len(problems) == 1 and "expected" in problems[0] and len(problems[0]) < 160
