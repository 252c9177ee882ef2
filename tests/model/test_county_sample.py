"""The second sample organisation: a county council (sample_data/county/), a county's volume.

It loads like the district, keeps its promise on a solved rota, stays inside every bound the
app's own analyses need (a team of at most 100 FTE, so Monte Carlo can hold it), and at its
volume the exact engine and the large-volume method agree on the plan's week (the switch
between them sits just above a county's busiest half hour).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

import model
from model import large_volume, queueing
from model.bounds import bound
from model.result import ReadinessReason
from model.rota_breaks import on_break
from model.value import demand

SHARE_POINTS = 0.01
MEDIAN_SHARE = 0.10


@pytest.fixture(scope="module")
def county() -> model.Scenario:
    return model.load_sample_scenario("county")


@pytest.fixture(scope="module")
def county_result(county: model.Scenario) -> model.Result:
    return model.evaluate(county)


def test_the_county_is_county_sized_and_bigger_than_the_district(
        county: model.Scenario, county_result: model.Result) -> None:
    district = model.evaluate(model.load_sample_scenario())
    residents = max(county.own_populations()) + sum(
        g.population for g in county.groups if g.part_of)
    assert residents >= 500_000 and county.name == "Sample county council"
    assert county_result.inbound_per_week > 5 * district.inbound_per_week


def test_the_county_plan_keeps_its_promise_within_the_bounds(
        county: model.Scenario, county_result: model.Result) -> None:
    # With sign-off in the approvers' office hours no county team keeps 80 % within 8 h in
    # Extended cover, and the result says why; signing off whenever the team is on duty, the
    # team staffed keeps it. Either way the team is within the bounds.
    assert county_result.stable and not county_result.achievable
    assert county_result.readiness.reason is ReadinessReason.APPROVERS_HOURS
    team_hours = model.evaluate(replace(county, promise=replace(county.promise,
                                                                approver_cover=None)))
    assert team_hours.achievable and team_hours.share_within_target >= county.promise.target_share
    assert county_result.fte_required <= bound("staffing.planned_fte").high
    draws = model.monte_carlo(county, 500, 0)
    assert np.isfinite(draws.npv_gbp).all()


def _both_methods(county: model.Scenario, county_result: model.Result, breaks: bool
                  ) -> dict[str, queueing.WeekResult]:
    """The county plan's week solved by each method, with or without its breaks placed."""
    need = demand(county, [g.target_level for g in county.groups])
    people = county_result.week["people_on_duty"].to_numpy().astype(float)
    rota = county_result.plan.rota
    assert rota is not None
    placed = on_break(rota.shifts, rota.people_on_duty, county.rota.shift_rules())
    promise = county.promise
    weeks = {}
    for method in (large_volume.EXACT_METHOD, large_volume.LARGE_VOLUME_METHOD):
        chosen = replace_method(method)
        try:
            weeks[method] = queueing.simulate_week(
                need.arrivals_per_hour, people, need.handle_seconds,
                promise.response_target_minutes * 60.0, need.approval_share,
                promise.approval_delay_hours, on_break=placed if breaks else None)
        finally:
            chosen()
        assert weeks[method].method == method
    return weeks


@pytest.mark.parametrize("breaks", [False, True])
def test_at_the_countys_volume_both_engines_agree(county: model.Scenario,
                                                   county_result: model.Result,
                                                   breaks: bool) -> None:
    """With the plan's unpaid breaks placed too: the large-volume method takes them in the
    same half-hour cells as the exact engine."""
    weeks = _both_methods(county, county_result, breaks)
    exact, fluid = weeks[large_volume.EXACT_METHOD], weeks[large_volume.LARGE_VOLUME_METHOD]
    assert fluid.share_within_target == pytest.approx(exact.share_within_target,
                                                      abs=SHARE_POINTS)
    assert fluid.median_response_minutes == pytest.approx(exact.median_response_minutes,
                                                          rel=MEDIAN_SHARE)
    np.testing.assert_allclose(fluid.hourly["occupancy"].mean(),
                               exact.hourly["occupancy"].mean(), rtol=0.05)


def test_breaks_slow_the_large_volume_week_as_they_slow_the_exact_one(
        county: model.Scenario, county_result: model.Result) -> None:
    """The county's 16 breaks lengthen the median reply by about five minutes in the exact
    engine; the large-volume method moves the same way by a like amount."""
    plain = _both_methods(county, county_result, breaks=False)
    placed = _both_methods(county, county_result, breaks=True)
    rise = {method: placed[method].median_response_minutes
            - plain[method].median_response_minutes for method in plain}
    exact_rise = rise[large_volume.EXACT_METHOD]
    assert exact_rise > 1.0
    assert rise[large_volume.LARGE_VOLUME_METHOD] == pytest.approx(exact_rise, rel=0.25)
    for week in placed.values():
        assert week.share_within_target <= plain[week.method].share_within_target


def replace_method(method: str) -> Callable[[], None]:
    """Make the engine use `method` for every week; returns the undo."""
    original = large_volume.method_for
    large_volume.method_for = lambda arrivals, people, cells: method  # type: ignore[assignment]
    queueing._week.cache_clear()
    queueing._solved_of.cache_clear()

    def undo() -> None:
        large_volume.method_for = original  # type: ignore[assignment]
        queueing._week.cache_clear()
        queueing._solved_of.cache_clear()
    return undo

