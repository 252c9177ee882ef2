"""A team of known size (today's, or a planned FTE) works as whole people on the rota's shifts,
not as a fraction of a person in every cover hour (issue 14 §1)."""

import math
from dataclasses import replace

import numpy as np
import pytest

from model import evaluate
from model.cover import cover_preset
from model.rota import rules_for_cover, team_rota
from model.value import baseline_operations, plan_operations

FTE_STEPS = np.arange(0.5, 5.01, 0.25)


def _hours_per_fte(scenario):
    staffing = scenario.staffing
    return staffing.contract_hours_per_week * (1 - staffing.shrinkage)


def _rota(scenario, answering_hours, cover_name):
    cover = cover_preset(cover_name)
    rules = rules_for_cover(scenario.rota.shift_rules(), cover)
    return team_rota(answering_hours, scenario.arrival_profile, cover, rules), np.array(cover)


def _planned(scenario, fte):
    return replace(scenario, staffing=replace(scenario.staffing, planned_fte=float(fte)))


@pytest.mark.parametrize("cover_name", ["Office hours", "Extended", "24/7"])
def test_a_team_is_never_on_duty_for_more_hours_than_it_is_paid_to_work(sample, cover_name):
    for fte in FTE_STEPS:
        hours = fte * _hours_per_fte(sample)
        rota, cover = _rota(sample, hours, cover_name)
        assert rota.paid_hours_per_week <= hours + 1e-9, fte
        assert rota.productive_hours_by_hour[cover == 0].sum() == 0, "on duty outside cover"


def test_every_hour_of_a_known_team_is_whole_people(sample):
    today = baseline_operations(sample)
    plan = plan_operations(_planned(sample, 2.5))
    for ops in (today, plan):
        agents = np.asarray(ops.week.hourly["agents"])
        assert np.array_equal(agents, np.round(agents)) and agents.max() >= 1


def test_one_fte_on_office_hours_staffs_the_hours_its_shifts_can_and_leaves_the_rest_empty(
        sample):
    """37 h × (1 − 30 %) = 25.9 paid hours: three 7.5 h shifts (8 h on site with the break)
    and a part shift of the 3 whole hours left: 27 of the 40 office hours have a person."""
    hours = _hours_per_fte(sample)
    shift, span = sample.rota.shift_paid_hours, (sample.rota.shift_paid_hours
                                                 + sample.rota.unpaid_break_minutes / 60)
    whole_shifts = math.floor(hours / shift)
    expected = whole_shifts * math.floor(span) + math.floor(hours - whole_shifts * shift)
    rota, cover = _rota(sample, hours, "Office hours")
    people = rota.people_on_duty
    assert int((people[cover == 1] > 0).sum()) == expected < cover.sum()
    assert people.max() == 1  # one person cannot be in two places
    # The busiest hours first: the staffed hours take more of the week's messages than the
    # same number of the quietest office hours would.
    arrivals = np.asarray(sample.arrival_profile)[cover == 1]
    staffed = arrivals[people[cover == 1] > 0].sum()
    assert staffed > np.sort(arrivals)[:expected].sum()
    assert staffed >= np.sort(arrivals)[::-1][:expected].sum() * 0.9


@pytest.mark.parametrize("cover_name", ["Office hours", "Extended"])
def test_more_fte_never_staffs_fewer_cover_hours_or_fewer_people_hours(sample, cover_name):
    staffed, people_hours = [], []
    for fte in FTE_STEPS:
        rota, cover = _rota(sample, fte * _hours_per_fte(sample), cover_name)
        staffed.append(int((rota.people_on_duty[cover == 1] > 0).sum()))
        people_hours.append(int(rota.people_on_duty.sum()))
    assert np.all(np.diff(staffed) >= 0), staffed
    assert np.all(np.diff(people_hours) >= 0), people_hours
    assert staffed[-1] == int(np.sum(cover)), "5 FTE staff every hour of this cover"


def test_more_fte_never_answers_fewer_messages_in_time(sample):
    shares = [evaluate(_planned(sample, fte)).share_within_target for fte in (2.5, 3, 3.5, 4, 5)]
    assert np.all(np.diff(shares) >= -1e-9), shares


def test_a_team_of_the_solved_fte_has_someone_in_every_cover_hour_and_keeps_the_promise(
        sample):
    """Planning the FTE Commitment recommends gives the service it showed: proactive work
    fills the team's idle time, as on the solved rota, and is not taken off its shifts.
    Approvers sign off whenever the team is on duty: with the sample's office-hours approvers
    no team keeps this promise."""
    sample = replace(sample, promise=replace(sample.promise, approver_cover=None))
    solved = evaluate(sample)
    planned = evaluate(_planned(sample, solved.fte_required))
    cover = np.asarray(sample.promise.cover) == 1
    assert planned.week["people_on_duty"].to_numpy()[cover].min() >= 1
    assert planned.share_within_target >= sample.promise.target_share
    assert planned.ready


def test_a_team_whose_work_leaves_no_idle_time_answers_with_what_proactive_work_leaves(sample):
    """When replies and proactive work together exceed the team's hours, proactive work is
    still done in full (as before): only what is left of the team goes on the rota."""
    fte = 1.0
    plan = plan_operations(_planned(sample, fte))
    hours = fte * _hours_per_fte(sample)
    proactive = plan.proactive_hours_per_year.sum() / 52
    replies = plan.reply_hours_per_year.sum() / 52
    assert proactive + replies > hours  # the sample's plan is too much for one person
    left = max(hours - proactive, 0.0)
    agents = 0.0 if plan.week is None else float(np.sum(plan.week.hourly["agents"]))
    assert agents <= left + 1e-9


def test_no_hours_to_answer_means_no_one_on_duty_and_bad_hours_are_named(sample):
    rota, _ = _rota(sample, 0.0, "Extended")
    assert rota.people_on_duty.sum() == 0 and rota.paid_hours_per_week == 0
    with pytest.raises(ValueError, match=r"answering_hours_per_week = -1"):
        _rota(sample, -1.0, "Extended")
