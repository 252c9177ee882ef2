"""Impossible values are refused with a message naming the field and the value."""

import json
import math
from dataclasses import replace

import pytest

from model import Scenario, load_sample_scenario
from model.scenario import MeasuredToday


def broken(sample, path, value):
    data = sample.to_dict()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value", "field"), [
    (("groups", 0, "population"), -5, "population"),
    (("groups", 0, "reach_share"), 1.5, "reach_share"),
    (("groups", 0, "phone_substitution_share"), -0.1, "phone_substitution_share"),
    (("groups", 0, "target_level"), "Shout", "target_level"),
    (("groups", 0, "group"), "  ", "group"),
    (("appraisal", "horizon_years"), 0, "horizon_years"),
    (("appraisal", "ramp_months"), 1.5, "ramp_months"),
    (("promise", "target_share"), 1.0, "target_share"),
    (("promise", "response_target_minutes"), 0, "response_target_minutes"),
    (("promise", "cover"), [0] * 168, "cover"),
    (("staffing", "shrinkage"), 0.95, "shrinkage"),
    (("staffing", "planned_fte"), float("nan"), "planned_fte"),
    (("economics", "phone_contact_gbp"), -1, "phone_contact_gbp"),
    (("levels", 0, "reply_share"), 2, "reply_share"),
    (("arrival_profile",), [1.0] * 168, "arrival_profile"),
    (("patience_share",), [0.5, 0.2, 0.3, 0.4, 0.6], "patience_share"),
])
def test_every_invalid_field_gives_its_value_error(sample, path, value, field):
    with pytest.raises(ValueError, match=field) as error:
        Scenario.from_dict(broken(sample, path, value))
    if not isinstance(value, list):
        assert repr(value) in str(error.value) or str(value) in str(error.value)


def test_duplicate_group_names_are_refused(sample):
    data = sample.to_dict()
    data["groups"][1]["group"] = data["groups"][0]["group"]
    with pytest.raises(ValueError, match="unique"):
        Scenario.from_dict(data)


def test_a_missing_section_is_named(sample):
    data = sample.to_dict()
    del data["economics"]
    with pytest.raises(ValueError, match="economics"):
        Scenario.from_dict(data)


def test_a_group_larger_than_the_uk_is_refused_saying_so(sample):
    with pytest.raises(ValueError, match="70 million, the UK's population"):
        Scenario.from_dict(broken(sample, ("groups", 0, "population"), 80_000_000))


def test_sub_groups_are_carved_out_of_their_parent_so_nobody_is_counted_twice(sample):
    groups = {g.group: (g, f) for g, f in zip(sample.groups, sample.followers(), strict=True)}
    residents, residents_followers = groups["Residents"]
    tenants, young = groups["Council tenants"][0], groups["Young people (16-24)"][0]
    assert tenants.part_of == young.part_of == "Residents"
    own = residents.population - tenants.population - young.population
    assert residents_followers == pytest.approx(own * residents.reach_share)
    assert sum(sample.own_populations()) == pytest.approx(
        sum(g.population for g in sample.groups if not g.part_of))


@pytest.mark.parametrize(("parent_of", "message"), [
    ({"Council tenants": "Renters"}, r"part_of = 'Renters': expected '' or one of"),
    ({"Council tenants": "Council tenants"}, r"cycle of part_of"),
    ({"Residents": "Council tenants", "Council tenants": "Residents"}, r"cycle of part_of"),
    ({"Businesses": "Community groups"}, r"Community groups'\]\.population = 400\.0: "
                                         r"expected at least its sub-groups' 5,500 people"),
])
def test_bad_part_of_is_refused_naming_the_group(sample, parent_of, message):
    data = sample.to_dict()
    for group in data["groups"]:
        group["part_of"] = parent_of.get(group["group"], "")
    with pytest.raises(ValueError, match=message):
        Scenario.from_dict(data)


def test_scenarios_saved_before_part_of_still_load(sample):
    data = sample.to_dict()
    for group in data["groups"]:
        del group["part_of"]
    del data["economics"]["invited_substitution_share"]
    old = Scenario.from_dict(data)
    assert all(g.part_of == "" for g in old.groups)
    assert old.economics.invited_substitution_share == 0
    assert Scenario.from_dict(sample.to_dict()) == sample  # round trip keeps part_of


def test_todays_measured_service_round_trips_through_json_even_if_nothing_was_answered(
        ) -> None:
    sample = load_sample_scenario()
    measured = MeasuredToday("inbox.csv", 300.0, 0.0, math.inf, (60.0, 480.0), (0.0, 0.0))
    scenario = replace(sample, measured_today=measured)
    again = Scenario.from_dict(json.loads(json.dumps(scenario.to_dict(), allow_nan=False)))
    assert again == scenario
    assert "measured_today" not in sample.to_dict()  # older scenarios read and write as before
    assert measured.share_within(240.0) == 0.0
