"""A promise kept only near the edge of what any team could keep: the last point of the
promised share takes a large part of the team, and the plan says so with the team one slider
step lower. The sample's own promise, 80 % within 8 h on Extended cover with office-hours
approvers, is out of reach (no team answers more than 78.3 % in time); promising 78 % puts it
just within reach."""

from dataclasses import replace

import pytest

from model import evaluate
from model.bounds import bound
from model.keepable import EDGE_MARGIN_SHARE, EDGE_SAVING_SHARE, near_edge
from present import words


def _share(scenario, share, planned_fte=None):
    return replace(scenario, promise=replace(scenario.promise, target_share=share),
                   staffing=replace(scenario.staffing, planned_fte=planned_fte))


def test_the_sample_at_78_percent_is_just_within_reach_and_says_what_a_point_less_takes(sample):
    edge_case = evaluate(_share(sample, 0.78))
    edge = edge_case.readiness.edge
    assert edge_case.ready and edge is not None
    assert 0.78 <= edge.best_share < 0.78 + EDGE_MARGIN_SHARE
    assert edge.fte == pytest.approx(edge_case.fte_required)
    # The team one step lower is the team the plan staffs at that share: the step saves at
    # least a quarter of the team (today 5.7 → 3.1 FTE).
    step = bound("promise.target_share").step
    one_lower = evaluate(_share(sample, 0.78 - step))
    assert edge.looser_share == pytest.approx(0.78 - step)
    assert edge.looser_fte == pytest.approx(one_lower.fte_required)
    assert edge.looser_fte <= (1 - EDGE_SAVING_SHARE) * edge.fte
    text = words.readiness_text(edge_case.readiness)
    assert "only just within reach" in text and "78.34%" in text
    assert f"Promising 77% instead of 78% would take {edge.looser_fte:.1f} FTE" in text


def test_a_fixed_team_at_the_edge_is_told_the_same(sample):
    fixed = evaluate(_share(sample, 0.78, planned_fte=3.0))
    assert not fixed.ready
    assert fixed.readiness.edge is not None
    assert "only just within reach" in words.readiness_text(fixed.readiness)


def test_away_from_the_edge_nothing_is_said_and_nothing_more_is_solved(sample, monkeypatch):
    clear = evaluate(_share(sample, 0.75))  # 3.3 points below the most any team could
    assert clear.ready and clear.readiness.edge is None
    assert "only just" not in words.readiness_text(clear.readiness)

    def solve(*_args, **_kwargs):
        raise AssertionError("the team one step lower was solved away from the edge")

    monkeypatch.setattr("model.keepable.plan_operations", solve)
    assert near_edge(_share(sample, 0.75), clear.fte_required) is None


def test_out_of_reach_is_not_the_edge(sample):
    """The sample's own promise: no team keeps it, which the banner says instead."""
    result = evaluate(sample)
    assert result.readiness.out_of_reach is not None and result.readiness.edge is None


def test_no_step_below_the_lowest_promise_allowed(sample):
    lowest = bound("promise.target_share").low
    assert near_edge(_share(sample, lowest), 10.0) is None
