"""A copied link reopens exactly the numbers the sender saw: every kind of edit, at random."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

import model
from model import Scenario
from model.cover import PRESETS, cover_preset
from model.scenario import MeasuredToday, UncertainInput
from present import url

Edit = Callable[[Scenario, np.random.Generator], Scenario]
CASES = 36


def _level(s: Scenario, rng: np.random.Generator) -> Scenario:
    group = s.groups[int(rng.integers(len(s.groups)))]
    return s.with_targets({group.group: str(rng.choice(s.level_names))})


def _promise(s: Scenario, rng: np.random.Generator) -> Scenario:
    cover_name = str(rng.choice(list(PRESETS)))
    return replace(s, promise=replace(
        s.promise, response_target_minutes=float(rng.choice([60.0, 240.0, 480.0, 1440.0])),
        target_share=float(rng.uniform(0.5, 0.95)), cover_preset=cover_name,
        cover=cover_preset(cover_name), preapproved_share=float(rng.uniform(0, 1)),
        approval_delay_hours=float(rng.uniform(0, 24))))


def _custom_cover(s: Scenario, rng: np.random.Generator) -> Scenario:
    cover = tuple(int(c) for c in (rng.random(168) < 0.5))
    return replace(s, promise=replace(s.promise, cover=cover, cover_preset="Custom"))


def _staffing(s: Scenario, rng: np.random.Generator) -> Scenario:
    planned = None if rng.random() < 0.5 else float(rng.uniform(1.0, 8.0))
    return replace(s, staffing=replace(
        s.staffing, planned_fte=planned, shrinkage=float(rng.uniform(0.1, 0.4)),
        loaded_cost_gbp_per_fte_year=float(rng.uniform(30_000, 70_000)),
        contract_hours_per_week=float(rng.uniform(30, 40)),
        max_occupancy=float(rng.uniform(0.7, 0.95)), current_fte=float(rng.uniform(0.5, 3))))


def _prices(s: Scenario, rng: np.random.Generator) -> Scenario:
    return replace(s, economics=replace(
        s.economics.with_contact_prices({"phone": float(rng.uniform(1, 9)),
                                         "visit": float(rng.uniform(5, 20))}),
        setup_gbp=float(rng.uniform(0, 50_000)),
        public_reply_share=float(rng.uniform(0, 1))))


def _appraisal(s: Scenario, rng: np.random.Generator) -> Scenario:
    return replace(s, appraisal=replace(
        s.appraisal, horizon_years=int(rng.integers(1, 11)),
        ramp_months=int(rng.integers(0, 25)),
        optimism_bias_running=float(rng.uniform(0, 0.4))))


def _rota(s: Scenario, rng: np.random.Generator) -> Scenario:
    return replace(s, rota=replace(
        s.rota, shift_paid_hours=float(rng.choice([6.0, 7.5, 8.0])),
        min_people_on_duty=int(rng.integers(1, 3)),
        sunday_enhancement=float(rng.uniform(0, 1))))


def _ranges(s: Scenario, rng: np.random.Generator) -> Scenario:
    ranges = tuple(UncertainInput(item.name, float(rng.uniform(0.3, 1.0)),
                                  float(rng.uniform(1.0, 3.0))) for item in s.uncertainty)
    return replace(s, uncertainty=ranges)


def _week_shape(s: Scenario, rng: np.random.Generator) -> Scenario:
    shares = rng.dirichlet(np.ones(168))
    shares = shares / shares.sum()
    return replace(s, arrival_profile=tuple(float(x) for x in shares))


def _groups(s: Scenario, rng: np.random.Generator) -> Scenario:
    index = int(rng.integers(len(s.groups)))
    group = s.groups[index]
    edited = replace(group, population=group.population * float(rng.uniform(1.0, 2.0)),
                     reach_share=float(rng.uniform(0.05, 0.5)), why="Edited: ; & ? = #")
    return replace(s, groups=(*s.groups[:index], edited, *s.groups[index + 1:]))


def _measured(s: Scenario, rng: np.random.Generator) -> Scenario:
    share = float(rng.uniform(0.2, 0.9))
    return replace(s, measured_today=MeasuredToday(
        source="inbox export.csv", inbound_per_week=float(rng.uniform(50, 500)),
        share_answered=share, median_first_response_minutes=float(rng.uniform(10, 2000)),
        within_minutes=(60.0, 480.0, 1440.0), within_share=(share / 4, share / 2, share)))


def _name(s: Scenario, rng: np.random.Generator) -> Scenario:
    return replace(s, name=f"Plan {int(rng.integers(1000))} — Ŵyn & co", channels=("X",))


EDITS: tuple[Edit, ...] = (_level, _promise, _custom_cover, _staffing, _prices, _appraisal,
                           _rota, _ranges, _week_shape, _groups, _measured, _name)


@pytest.fixture(scope="module")
def sample() -> Scenario:
    return model.load_sample_scenario()


def _edited(sample: Scenario, case: int) -> Scenario:
    rng = np.random.default_rng(case)
    scenario = EDITS[case % len(EDITS)](sample, rng)  # every kind at least three times
    for _ in range(int(rng.integers(0, 3))):
        scenario = EDITS[int(rng.integers(len(EDITS)))](scenario, rng)
    return scenario


@pytest.mark.parametrize("case", range(CASES))
def test_a_link_reopens_exactly_the_scenario_and_its_headline_figures(
        sample: Scenario, case: int) -> None:
    sent = _edited(sample, case)
    link = url.encode(sent, sample)
    opened, problems = url.decode(link, sample)
    assert problems == []
    assert url.left_out(sent, sample) == []
    assert opened == sent
    seen, got = model.evaluate(sent), model.evaluate(opened)
    for figure in ("npv_gbp", "fte_planned", "share_within_target", "median_response_minutes"):
        assert getattr(got, figure) == getattr(seen, figure)


def test_a_groups_table_too_long_for_a_link_is_named_not_dropped_silently(
        sample: Scenario) -> None:
    base = sample.groups[-1]
    rng = np.random.default_rng(1)
    many = tuple(replace(base, group=f"Group {i} " + "".join(rng.choice(list("abcdefgh"), 120)),
                         part_of="") for i in range(190))  # within MAX_GROUPS
    sent = replace(sample, groups=(*sample.groups, *many))
    assert "the groups table" in url.left_out(sent, sample)
    link = url.encode(sent, sample)
    assert len(link.get(url.PACKED, "")) <= url.MAX_PACKED_CHARS
    opened, problems = url.decode(link, sample)  # the groups it does not know are reported
    assert opened.groups == sample.groups[:len(opened.groups)]
    assert all("no group called" in p for p in problems)


def test_a_damaged_packed_link_is_reported_not_raised(sample: Scenario) -> None:
    sent = _staffing(sample, np.random.default_rng(3))
    link = url.encode(sent, sample)
    link[url.PACKED] = link[url.PACKED][:-7]
    opened, problems = url.decode(link, sample)
    assert len(problems) == 1 and "damaged" in problems[0]
    assert opened.staffing.planned_fte == sent.staffing.planned_fte  # readable keys still apply


def test_every_section_a_scenario_saves_can_travel_in_a_link(sample: Scenario) -> None:
    """A section the link's decoder did not know (the surge, the contact channels) made it
    refuse the whole packed key, losing every other change with it."""
    assert set(sample.to_dict()) - {"schema_version"} <= set(url.SECTION_NAMES)
    sent = replace(sample, surge=replace(sample.surge, multiplier=7.0),
                   contact_channels=("phone",),
                   staffing=replace(sample.staffing, shrinkage=0.4))
    opened, problems = url.decode(url.encode(sent, sample), sample)
    assert problems == [] and opened == sent
