"""Shift mixes: the rota chooses among full-time and part-time lengths, with a cap on the
part-time share (issue 24 §1), and a fixed team of the FTE the promise needs is priced as
that plan (issue 25 §4)."""

from dataclasses import replace

import numpy as np
import pytest

from model import evaluate
from model.cover import cover_preset
from model.rota import HOURS_PER_WEEK, ShiftRules, UnsocialHours, solve_rota
from model.scenario import Scenario

EXTENDED = np.array(cover_preset("Extended"))
PLAIN = UnsocialHours.plain_time()


def _rules(part=(4.0, 6.0), cap=0.5):
    return ShiftRules((7.5,), tuple(range(7, 15)), 30.0, part_time_lengths_hours=part,
                      max_part_time_share=cap, break_after_paid_hours=6.0)


def test_a_twelve_hour_day_takes_a_full_and_a_part_time_shift_not_two_full_ones():
    """08:00–20:00: 7.5 paid hours (08:00–16:00 with the break) and a 4-hour shift
    (16:00–20:00, no break under 6 hours) = 11.5 paid hours a day, not 15."""
    rota = solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, _rules(), PLAIN)
    assert rota.paid_hours_per_week == 7 * 11.5
    full_only = solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, _rules(()), PLAIN)
    assert full_only.paid_hours_per_week == 7 * 15.0
    assert (rota.people_on_duty[EXTENDED == 1] >= 1).all()
    assert (rota.people_on_duty[EXTENDED == 0] == 0).all()


@pytest.mark.parametrize("cap", [0.0, 0.2, 0.35, 0.5, 1.0])
def test_part_time_shifts_never_take_more_than_their_cap(cap):
    required = EXTENDED.copy()
    required[np.arange(HOURS_PER_WEEK) % 24 == 12] = 3  # a lunchtime peak
    rota = solve_rota(required, EXTENDED, _rules(cap=cap), PLAIN)
    assert rota.part_time_paid_hours_per_week <= cap * rota.paid_hours_per_week + 1e-9
    assert (rota.people_on_duty >= required).all()
    if cap == 0.0:
        assert set(rota.shifts["paid_hours"]) == {7.5}


def test_a_higher_cap_never_costs_more():
    paid = [solve_rota(np.zeros(HOURS_PER_WEEK, int), EXTENDED, _rules(cap=cap), PLAIN)
            .paid_hours_per_week for cap in (0.0, 0.25, 0.5, 1.0)]
    assert np.all(np.diff(paid) <= 0), paid


def test_the_sample_plan_mixes_shifts_and_keeps_weekend_pay(sample):
    result = evaluate(sample)
    shifts = result.rota
    assert set(shifts["paid_hours"]) == {7.5, 4.0}
    assert shifts.loc[shifts["part_time"], "paid_hours"].isin([4.0, 6.0]).all()
    full_time_only = evaluate(replace(sample, rota=replace(sample.rota, max_part_time_share=0.0)))
    assert result.fte_required < full_time_only.fte_required
    assert full_time_only.fte_required == pytest.approx(105 / (37 * 0.7))  # as before mixes
    assert result.plan.staff_pay_factor > 1.0  # Extended works weekends, paid time and a half


def test_the_mix_round_trips_and_bad_values_name_the_field(sample):
    mixed = replace(sample, rota=replace(sample.rota, part_time_paid_hours=(3.0, 5.5),
                                         max_part_time_share=0.3))
    assert Scenario.from_dict(mixed.to_dict()) == mixed
    data = sample.to_dict()
    for name in ("part_time_paid_hours", "max_part_time_share", "break_after_paid_hours"):
        del data["rota"][name]
    assert Scenario.from_dict(data).rota == sample.rota  # saved before mixes: the sample's
    with pytest.raises(ValueError, match=r"rota.part_time_paid_hours = 20"):
        replace(sample.rota, part_time_paid_hours=(20.0,))
    with pytest.raises(ValueError, match=r"rota.part_time_paid_hours"):
        replace(sample.rota, part_time_paid_hours=(4.0, 4.0))
    with pytest.raises(ValueError, match=r"rota.max_part_time_share = 1.5"):
        replace(sample.rota, max_part_time_share=1.5)


@pytest.mark.parametrize("cover_name", ["Office hours", "Extended", "24/7"])
def test_a_fixed_team_of_the_fte_the_promise_needs_is_that_plan(sample, cover_name):
    """Same rota, unsocial-hours pay and service: share, median and NPV agree; to the FTE's
    rounding (two decimals) the NPV moves only by the pay of the rounding."""
    scenario = replace(sample, promise=replace(sample.promise, cover_preset=cover_name,
                                               cover=cover_preset(cover_name)))
    solved = evaluate(scenario)
    for planned in (solved.fte_required, round(solved.fte_required, 2)):
        fixed = evaluate(replace(scenario, staffing=replace(scenario.staffing,
                                                            planned_fte=planned)))
        assert fixed.share_within_target == pytest.approx(solved.share_within_target)
        assert fixed.median_response_minutes == pytest.approx(solved.median_response_minutes)
        # Five years of the rounding's pay, at most time and a half, with optimism bias.
        pay_of_rounding = (abs(planned - solved.fte_required) * 5 * 1.5 * 1.1
                           * scenario.staffing.loaded_cost_gbp_per_fte_year)
        assert fixed.npv_gbp == pytest.approx(solved.npv_gbp, abs=1.0 + pay_of_rounding)
        assert fixed.ready == solved.ready
