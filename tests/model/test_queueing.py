"""Queue engine against published Erlang C figures and the properties a planner relies on."""

import math
from dataclasses import replace

import numpy as np
import pytest

from model.cover import cover_preset
from model.erlang import agents_required, average_speed_of_answer, erlang_c, service_level
from model.queueing import WeekInputs, simulate_week, simulate_weeks
from model.value import to_fte

OFFICE = np.array(cover_preset("Office hours"), dtype=float)
FRIDAY_18 = 4 * 24 + 18
MONDAY_09 = 7 * 24 + 9


# --- published vectors (MODEL.md §13, REFERENCES.md) ---------------------------------------

@pytest.mark.parametrize(("agents", "expected"), [(12, 0.640), (13, 0.796), (15, 0.942)])
def test_service_level_matches_the_published_erlang_c_table(agents, expected):
    """A = 10 Erlangs: 100 contacts per 30 min (200/h), AHT 180 s, target 20 s (MODEL.md §13)."""
    assert service_level(200, 180, agents, 20) == pytest.approx(expected, abs=0.0015)


def test_call_center_school_table_350_calls_an_hour():
    """350 contacts/h, AHT 300 s, 35 agents: about 88 % in 30 s and ASA about 11 s."""
    assert service_level(350, 300, 35, 30) == pytest.approx(0.88, abs=0.005)
    assert average_speed_of_answer(350, 300, 35) == pytest.approx(11, abs=0.5)


def test_call_centre_helper_example_needs_64_agents_and_68_with_the_occupancy_cap():
    """400 calls per 30 min, AHT 257 s, 80 % in 20 s, 85 % max occupancy (Call Centre Helper)."""
    assert agents_required(800, 257, 20, 0.8) == 64
    assert agents_required(800, 257, 20, 0.8, max_occupancy=0.85) == 68


def test_pyworkforce_documented_example_needs_14_raw_and_20_with_shrinkage():
    """pyworkforce: 100 transactions per 30 min, AHT 3 min, ASA 20 s, 80 %, occupancy 85 %,
    shrinkage 30 % → 14 raw positions, 20 with shrinkage."""
    raw = agents_required(200, 180, 20, 0.8, max_occupancy=0.85)
    assert raw == 14
    assert math.ceil(raw / (1 - 0.3)) == 20


# --- properties ---------------------------------------------------------------------------

def test_service_level_rises_with_every_extra_agent():
    levels = [service_level(200, 180, n, 20) for n in range(10, 30)]
    assert all(b > a for a, b in zip(levels, levels[1:]))


@pytest.mark.parametrize("traffic", [150.0, 500.0, 2000.0])
def test_no_overflow_at_large_traffic(traffic):
    wait = erlang_c(traffic, int(traffic) + 10)
    assert 0.0 < wait < 1.0 and math.isfinite(wait)
    assert agents_required(traffic * 20, 180, 20, 0.8) > traffic


def test_an_unstable_queue_is_a_result_not_an_error():
    assert service_level(400, 180, 10, 20) == 0.0
    assert average_speed_of_answer(400, 180, 10) == math.inf
    week = simulate_week(np.full(168, 14.0), np.full(168, 1.0), 300, 3600)
    assert not week.stable
    assert week.backlog_growth_per_week == pytest.approx(168 * 14 - 168 * 12)
    assert week.share_within_target == 0.0


def _erlang_c_reply_within(target_seconds: float, steps: int = 20_000) -> float:
    """P(wait + handle <= target) for M/M/13 at 200 an hour, AHT 180 s: Erlang C's wait
    distribution convolved numerically with an exponential handle time."""
    handle = (np.arange(steps) + 0.5) * target_seconds / steps
    density = np.exp(-handle / 180) / 180 * target_seconds / steps
    waits_ok = [service_level(200, 180, 13, target_seconds - h) for h in handle]
    return float(np.dot(waits_ok, density))


def test_round_the_clock_cover_with_no_backlog_matches_erlang_c():
    """Response = Erlang C wait + handle: the pick-up share within 20 s is the published
    Erlang C figure, and the reply share within 10 min its convolution with the handle."""
    week = simulate_week(np.full(168, 200.0), np.full(168, 13.0), 180, 600)
    assert week.stable
    assert week.share_within_target == pytest.approx(_erlang_c_reply_within(600), abs=1e-4)
    assert week.share_within_target < service_level(200, 180, 13, 600)


def test_friday_evening_message_is_answered_on_monday_after_nine():
    arrivals = np.zeros(168)
    arrivals[FRIDAY_18] = 1.0
    week = simulate_week(arrivals, OFFICE * 1.0, 300, 3600)
    answered_at = FRIDAY_18 + 0.5 + week.median_response_minutes / 60 - 168
    assert MONDAY_09 - 168 <= answered_at <= MONDAY_09 - 168 + 1
    assert week.share_within_target == 0.0


def test_sign_off_counts_in_working_hours():
    """A reply drafted Monday 16:30 that needs 4 working hours of sign-off posts Tuesday 12:30."""
    arrivals = np.zeros(168)
    arrivals[16] = 0  # nothing at night
    arrivals[24 * 0 + 16] = 0.01
    week = simulate_week(arrivals, OFFICE * 5.0, 60, 3600, approval_share=1.0,
                         approval_delay_hours=4)
    assert week.median_response_minutes / 60 == pytest.approx(24 - 16.5 + 12.5 - 0, abs=0.2)


def test_more_agents_never_lengthen_waits():
    profile = np.array(cover_preset("Extended"), dtype=float) * 3 + 1
    medians, shares = [], []
    for agents in range(1, 7):
        week = simulate_week(profile, np.array(cover_preset("Extended")) * agents, 300, 3600)
        medians.append(week.median_response_minutes)
        shares.append(week.share_within_target)
    assert all(b <= a + 1e-9 for a, b in zip(medians, medians[1:]))
    assert all(b >= a - 1e-9 for a, b in zip(shares, shares[1:]))


def test_out_of_hours_share_is_the_share_arriving_with_no_one_on_duty():
    week = simulate_week(np.ones(168), OFFICE * 2, 300, 3600)
    assert week.out_of_hours_share == pytest.approx(1 - 40 / 168)


def test_fte_allows_for_shrinkage(sample):
    staffing = replace(sample.staffing, contract_hours_per_week=37.0, shrinkage=0.3)
    assert to_fte(replace(sample, staffing=staffing), 37 * 0.7) == pytest.approx(1.0)


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "name"), [
    (lambda: service_level(-1, 180, 10, 20), "arrivals_per_hour"),
    (lambda: service_level(float("nan"), 180, 10, 20), "arrivals_per_hour"),
    (lambda: service_level(100, 0, 10, 20), "handle_seconds"),
    (lambda: agents_required(100, 180, 20, 1.0), "service_level"),
    (lambda: agents_required(100, 180, 20, 0.0), "service_level"),
    (lambda: agents_required(100, 180, 20, 0.8, max_occupancy=0), "max_occupancy"),
    (lambda: erlang_c(5, -1), "agents"),
    (lambda: simulate_week(np.ones(168), np.zeros(168), 300, 60), "agents_on_duty"),
    (lambda: simulate_week(np.ones(100), np.ones(168), 300, 60), "arrivals_per_hour"),
    (lambda: simulate_week(np.ones(168), np.ones(168), 300, 60, approval_share=2),
     "approval_share"),
    (lambda: simulate_week(np.ones(168), np.full(168, 1.5), 300, 60), r"agents_on_duty\[0\]"),
])
def test_every_invalid_argument_names_itself(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def _same_week(a, b) -> None:
    for name in ("share_within_target", "median_response_minutes",
                 "p90_response_minutes", "backlog_growth_per_week", "out_of_hours_share"):
        assert getattr(a, name) == pytest.approx(getattr(b, name), rel=1e-12, abs=1e-12), name
    np.testing.assert_allclose(a.hourly["backlog"], b.hourly["backlog"], rtol=1e-12, atol=1e-12)


def test_weeks_run_together_give_what_each_gives_alone():
    """evaluate runs the plan and "stay as we are" in one batch (Monte Carlo, hundreds):
    sharing a pass must not change a week's answer, stable or not."""
    extended = np.array(cover_preset("Extended"), dtype=float)
    arrivals = extended * 3 + 0.5
    weeks = [WeekInputs(arrivals, extended * 3, 300, 0.2),
             WeekInputs(arrivals * 0.5, OFFICE * 2, 420, 0.0),
             WeekInputs(arrivals * 9, OFFICE * 1, 300, 0.0)]  # cannot keep up
    together = simulate_weeks(weeks, 3600, approval_delay_hours=4)
    alone = [simulate_week(w.arrivals_per_hour, w.agents_on_duty, w.handle_seconds, 3600,
                           w.approval_share, 4) for w in weeks]
    assert not together[2].stable
    for a, b in zip(together, alone):
        _same_week(a, b)


def test_a_week_that_would_take_more_than_a_quarter_to_settle_cannot_keep_up():
    """Near capacity the backlog carried from week to week settles in about weekly variance ÷
    spare capacity² weeks: beyond 13 the team cannot keep up in practice, and says so."""
    extended = np.array(cover_preset("Extended"), dtype=float)
    capacity = extended.sum() * 3600 / 300  # replies a week, one person, AHT 5 min
    profile = extended * 3 + 0.5

    def week_at(load: float):
        arrivals = profile * load * capacity / profile.sum()
        return simulate_week(arrivals, extended, 300, 3600)

    def settle_weeks(load: float) -> float:
        demand = load * capacity
        return (demand + capacity) / (capacity - demand) ** 2

    assert settle_weeks(0.9) < 13 < settle_weeks(0.99)
    busy, too_busy = week_at(0.9), week_at(0.99)
    assert busy.stable and 0 < busy.share_within_target < 1
    assert not too_busy.stable and too_busy.share_within_target == 0.0


def test_one_rota_under_two_promises_is_solved_once_and_reads_the_same():
    """The plan search runs a rota under several promises: the week is solved once and its
    reply times (the grid behind the median and the value of speed) are shared, each promise
    reading its own share in time. Both read what a fresh solve of the week says."""
    from model import queueing

    arrivals = np.asarray(np.tile(np.r_[np.full(8, 0.5), np.full(12, 6.0), np.full(4, 2.0)], 7))
    people = np.asarray(cover_preset("Extended"), dtype=float) * 2
    args = (arrivals, people, 300.0)
    within_hour, within_day = (simulate_week(*args, target, 0.2, 4.0) for target in (3600, 86400))
    assert within_hour.solved is within_day.solved
    assert within_hour.share_within_target < within_day.share_within_target
    for memo in (queueing._week, queueing._solved_of, queueing.states_and_starts):
        memo.cache_clear()
    fresh = simulate_week(*args, 86400, 0.2, 4.0)
    assert fresh.solved is not within_day.solved
    assert fresh.share_within_target == within_day.share_within_target
    assert fresh.median_response_minutes == within_hour.median_response_minutes
    np.testing.assert_array_equal(fresh.response_weights, within_hour.response_weights)
