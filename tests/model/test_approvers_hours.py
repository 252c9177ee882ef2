"""Approvers keep their own hours (office hours by default, issue 24 §5). With them the sample's
Extended-cover promise of 80 % within 8 h is out of reach of any team: replies that need
sign-off after hours wait for the morning. The plan says so, the search stops, and each change
it names brings the promise back within reach."""

from dataclasses import replace

import numpy as np
import pytest

from model import evaluate
from model.cover import cover_preset
from model.keepable import Cause, unkeepable
from model.queueing import simulate_week
from model.result import ReadinessReason
from model.value import demand, plan_staffed
from present import words


def _promise(scenario, **changes):
    return replace(scenario, promise=replace(scenario.promise, **changes))


def test_the_sample_approvers_work_office_hours(sample):
    assert sample.promise.approver_cover == cover_preset("Office hours")


def test_no_team_keeps_the_sample_promise_and_the_plan_says_why(sample):
    result = evaluate(sample)
    assert not result.achievable and not result.ready
    assert result.readiness.reason is ReadinessReason.APPROVERS_HOURS
    reach = result.readiness.out_of_reach
    assert reach is not None and reach.cause is Cause.APPROVERS
    assert reach.best_share < sample.promise.target_share <= reach.best_share_approvers_on_cover
    assert ("No team size keeps this promise: messages that need sign-off wait for approvers' "
            "hours.") in words.readiness_text(result.readiness)


def test_a_huge_team_still_misses_the_promise_as_the_bound_says(sample):
    """Twenty people in every cover hour: the week engine's own answer, an oracle for the
    bound the search stops on."""
    need = demand(sample, [g.target_level for g in sample.groups])
    promise = sample.promise
    huge = np.asarray(promise.cover, dtype=float) * 20
    week = simulate_week(need.arrivals_per_hour, huge, need.handle_seconds,
                         promise.response_target_minutes * 60, need.approval_share,
                         promise.approval_delay_hours,
                         np.asarray(promise.approver_cover, dtype=float))
    reach = unkeepable(sample)
    assert reach is not None
    assert week.stable and week.share_within_target < promise.target_share
    assert week.share_within_target == pytest.approx(reach.best_share, abs=0.01)


def test_the_search_stops_at_once_and_staffs_what_the_promise_needs_apart_from_sign_off(
        sample):
    staffed = plan_staffed(sample)
    on_cover = plan_staffed(_promise(sample, approver_cover=None))
    assert not staffed.met and on_cover.met
    assert staffed.rota.paid_hours_per_week == on_cover.rota.paid_hours_per_week
    assert staffed.best_possible_share < sample.promise.target_share


def test_approvers_on_the_cover_hours_cost_the_extra_hours_at_their_rate(sample):
    reach = unkeepable(sample)
    assert reach is not None
    extended, office = 7 * 12, 5 * 8  # hours a week of Extended cover and of office hours
    assert reach.extra_approver_hours_per_week == extended - office
    assert reach.extra_approver_gbp_per_year == pytest.approx(
        (extended - office) * 52 * sample.economics.approver_gbp_per_hour)
    assert evaluate(_promise(sample, approver_cover=None)).ready


def test_the_longer_promise_named_is_the_shortest_in_reach(sample):
    reach = unkeepable(sample)
    assert reach is not None and reach.shortest_promise_minutes is not None
    assert unkeepable(_promise(sample, response_target_minutes=reach.shortest_promise_minutes)
                      ) is None
    assert evaluate(_promise(sample, response_target_minutes=reach.shortest_promise_minutes)
                    ).achievable


def test_pre_approving_the_share_named_brings_it_within_reach_and_a_little_less_does_not(
        sample):
    reach = unkeepable(sample)
    assert reach is not None and reach.preapproved_share_needed is not None
    assert sample.promise.preapproved_share < reach.preapproved_share_needed < 1
    more = _promise(sample, preapproved_share=reach.preapproved_share_needed + 0.01)
    less = _promise(sample, preapproved_share=reach.preapproved_share_needed - 0.01)
    assert unkeepable(more) is None and evaluate(more).achievable
    assert unkeepable(less) is not None and not evaluate(less).achievable
