"""Staffing to the promise buys no one who changes nothing, and more work never buys fewer
people (issue 24 §1–§2). The "rich" case is the sample with phone and visit costs × 10,
readers per public reply × 3 and messages × 2; the audit found, before this search, 7.53 /
8.11 / 6.37 FTE at handle time × 1.36 / 1.38 / 1.40, and a 210-paid-hour rota at × 1.38 that
answered no more in time than a 165-hour one."""

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from model import evaluate
from model.queueing import simulate_week
from model.rota_breaks import on_break
from model.value import demand, plan_staffed

HANDLE_STEPS = np.round(np.arange(1.30, 1.501, 0.02), 2)
VOLUME_STEPS = np.round(np.arange(1.0, 6.01, 0.25), 2)


def _rich(sample, handle=1.0, volume=1.0):
    economics = sample.economics
    economics = replace(economics.scaled_contact_prices(10),
                        readers_per_public_reply=economics.readers_per_public_reply * 3)
    return _scaled(replace(sample, economics=economics), handle, 2 * volume)


def _scaled(scenario, handle=1.0, volume=1.0):
    """The scenario with more work; approvers sign off whenever the team is on duty (the
    audit's case: with the sample's office-hours approvers no team keeps its promise)."""
    return replace(
        scenario,
        promise=replace(scenario.promise, approver_cover=None),
        groups=tuple(replace(g, messages_per_follower_per_year=g.messages_per_follower_per_year
                             * volume) for g in scenario.groups),
        levels=tuple(replace(lv, handle_minutes=lv.handle_minutes * handle)
                     for lv in scenario.levels),
        staffing=replace(scenario.staffing, planned_fte=None))


def test_rich_handle_time_136_138_140_staff_never_falls_by_more_than_a_part_time_shift(
        sample):
    """Before: 195, 210 then 165 paid hours (a fall of 45). The chain never falls; the greedy
    minimal pass after it may cut an hour or so more at the next point (here 126 then 125)."""
    paid = [evaluate(_rich(sample, handle)).plan.rota.paid_hours_per_week
            for handle in (1.36, 1.38, 1.40)]
    assert np.all(np.diff(paid) >= -min(sample.rota.part_time_paid_hours)), paid


def _on_site_hours(day, start, paid_hours, rota_rules):
    """Hours of the week a shift is on site for the whole hour, worked out here from the
    rules (the break only on shifts over the threshold), not from the model's patterns."""
    span = paid_hours + (rota_rules.unpaid_break_minutes / 60
                         if paid_hours > rota_rules.break_after_paid_hours else 0.0)
    first = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun").index(day) * 24 + start
    return [(first + h) % 168 for h in range(math.floor(span))], span


def _smaller_rotas(result):
    """Every rota one shift smaller: a shift away, or cut to a shorter allowed length from
    the same start or to the same end; with the people each leaves on duty and its shifts."""
    rules = result.scenario.rota
    lengths = sorted({rules.shift_paid_hours, *rules.part_time_paid_hours})
    on_duty = result.week["people_on_duty"].to_numpy()
    shifts = result.rota[["day", "start_hour", "paid_hours", "people"]]
    for index, row in enumerate(result.rota.itertuples()):
        hours, span = _on_site_hours(row.day, row.start_hour, row.paid_hours, rules)
        fewer = on_duty.copy()
        fewer[hours] -= 1
        less = shifts.copy()
        less.iloc[index, less.columns.get_loc("people")] -= 1
        yield f"{row.day} {row.start_hour}:00 {row.paid_hours} h away", fewer, 0.0, less
        for length in (h for h in lengths if h < row.paid_hours):
            for start in {row.start_hour,
                          row.start_hour + span - _on_site_hours("Mon", 0, length, rules)[1]}:
                if not float(start).is_integer() or not (
                        rules.earliest_start_hour <= start <= rules.latest_start_hour):
                    continue
                cut = fewer.copy()
                cut[_on_site_hours(row.day, int(start), length, rules)[0]] += 1
                part = length if length in rules.part_time_paid_hours else 0.0
                shorter = pd.concat([less, pd.DataFrame([{
                    "day": row.day, "start_hour": int(start), "paid_hours": length,
                    "people": 1}])], ignore_index=True)
                yield (f"{row.day} {row.start_hour}:00 {row.paid_hours} h to {length} h", cut,
                       part, shorter)


@pytest.mark.parametrize("handle_factor", [1.3, 1.4])
def test_rich_rota_is_minimal_no_shift_can_go_or_be_shortened(sample, handle_factor):
    """Each smaller rota that keeps the floor of people (and the part-time cap) misses the
    promise, as the week engine answers on it with each shift's break placed. (The audit's
    × 1.38 now staffs at the floor or the part-time cap everywhere: nothing smaller to try.)"""
    scenario = _rich(sample, handle_factor)
    result = evaluate(scenario)
    assert result.ready
    promise, rules = scenario.promise, scenario.rota
    need = demand(scenario, [g.target_level for g in scenario.groups])
    cover = np.asarray(promise.cover) == 1
    load = need.arrivals_per_hour * need.handle_seconds / 3600
    floor = np.where(cover, np.maximum(np.ceil(load / scenario.staffing.max_occupancy - 1e-9),
                                       rules.min_people_on_duty), 0)
    paid = float((result.rota["paid_hours"] * result.rota["people"]).sum())
    part = float((result.rota["paid_hours"] * result.rota["people"])[
        result.rota["part_time"]].sum())
    tried = 0
    for what, people, part_added, shifts in _smaller_rotas(result):
        if (people < floor).any():
            continue
        if part_added and part + part_added > rules.max_part_time_share * paid:
            continue
        shifts = shifts[shifts["people"] > 0]
        breaks = on_break(shifts, people, rules.shift_rules())  # each shift's unpaid break
        week = simulate_week(need.arrivals_per_hour, people.astype(float), need.handle_seconds,
                             promise.response_target_minutes * 60, need.approval_share,
                             promise.approval_delay_hours, None, breaks)
        tried += 1
        assert not (week.stable and week.share_within_target >= promise.target_share), what
    assert tried > 0


def test_a_fine_volume_scan_of_the_sample_never_gives_fewer_staff(sample):
    fte = [evaluate(_scaled(sample, volume=v)).fte_required for v in VOLUME_STEPS]
    assert np.all(np.diff(fte) >= -1e-9), dict(zip(VOLUME_STEPS, np.round(fte, 3)))
    assert fte[-1] > fte[0]


def test_a_fine_handle_time_scan_of_the_rich_case_moves_along_the_chain_only_forward(sample):
    """The search's chain of rotas is fixed by the week's shape, so its first rota that keeps
    the promise never comes earlier with more work. The greedy minimal pass after it can cut
    a few hours more at one point than at the next: here never more than a part-time shift's.
    (Over × 1.0–2.0 in steps of 0.02 it dips at 5 of 50 points, by 1–3.5 paid hours; the
    add-one search it replaced fell by up to 45.)"""
    staffed = [plan_staffed(_rich(sample, handle)) for handle in HANDLE_STEPS]
    chain = [s.chain_paid_hours_per_week for s in staffed]
    paid = [s.rota.paid_hours_per_week for s in staffed]
    assert np.all(np.diff(chain) >= 0), dict(zip(HANDLE_STEPS, chain))
    assert np.all(np.diff(paid) >= -min(sample.rota.part_time_paid_hours)), dict(
        zip(HANDLE_STEPS, paid))
    assert all(s.met for s in staffed)


FINE_HANDLE_STEPS = np.round(np.arange(1.0, 2.001, 0.02), 2)
FINE_VOLUME_STEPS = np.round(np.arange(1.0, 6.001, 0.1), 2)
GREEDY_PASS_DIPS = (
    "issue 24 §2, open: the greedy minimal pass after the chain can cut a few hours more at a "
    "little more work (handle time: 5 of 51 points dip 1-3.5 paid hours; volume: 2 of 51, "
    "1.5-3.5 hours). Only the cheapest rota overall is both minimal and monotone by construction")


def _dips(steps, paid):
    return {float(x): (a, b) for x, a, b in zip(steps[1:], paid, paid[1:]) if b < a - 1e-9}


@pytest.mark.xfail(strict=True, reason=GREEDY_PASS_DIPS)
def test_a_fine_handle_time_scan_of_the_rich_case_never_gives_fewer_paid_hours(sample):
    """Rich case, handle time × 1.0–2.0 in steps of 0.02: one set of rota rules, so more work
    must never give fewer paid hours (today: 1.28, 1.36, 1.70, 1.80 and 1.86 dip)."""
    paid = [plan_staffed(_rich(sample, handle)).rota.paid_hours_per_week
            for handle in FINE_HANDLE_STEPS]
    assert _dips(FINE_HANDLE_STEPS, paid) == {}


@pytest.mark.xfail(strict=True, reason=GREEDY_PASS_DIPS)
def test_a_fine_volume_scan_of_the_sample_never_gives_fewer_paid_hours(sample):
    """The sample's messages × 1.0–6.0 in steps of 0.1 (today × 4.0 and × 4.8 dip: 157.5 →
    156 and 195 → 191.5 paid hours)."""
    paid = [plan_staffed(_scaled(sample, volume=volume)).rota.paid_hours_per_week
            for volume in FINE_VOLUME_STEPS]
    assert _dips(FINE_VOLUME_STEPS, paid) == {}


def _near_and_afresh(scenario):
    """For the plan's rota and every rota one shift smaller (breaks placed), the share within
    the target solved near the plan's week (`model.week_checks`) and afresh
    (`simulate_week`, memo cleared)."""
    from model.queueing import _solved_of, _week, states_and_starts
    from model.rota import rules_for_cover
    from model.rota_breaks import on_break_by_pattern
    from model.rota_shifts import patterns
    from model.rota_staffing import _smaller
    from model.week_checks import WeekChecks

    promise, rules = scenario.promise, scenario.rota
    need = demand(scenario, [g.target_level for g in scenario.groups])
    shift_rules = rules_for_cover(rules.shift_rules(), promise.cover)
    shifts = patterns(shift_rules, rules.unsocial_hours())
    people = np.array(plan_staffed(scenario).rota.people_by_pattern, dtype=int)
    approvers = (None if promise.approver_cover is None
                 else np.asarray(promise.approver_cover, dtype=float))
    args = (need.arrivals_per_hour, need.handle_seconds, promise.response_target_minutes * 60)
    checks = WeekChecks(*args, 2.0, need.approval_share, promise.approval_delay_hours,
                        approvers)  # a target share never met: nothing is solved afresh
    base = (shifts.covers @ people, on_break_by_pattern(shifts, people, shift_rules))
    checks.check(*base)
    pairs = []
    for _, trial in _smaller(people, shifts, shift_rules, np.zeros(people.size)):
        week = (shifts.covers @ trial, on_break_by_pattern(shifts, trial, shift_rules))
        near, stable = checks.check(*week, base)
        for memo in (_week, _solved_of, states_and_starts):
            memo.cache_clear()
        afresh = simulate_week(args[0], week[0].astype(float), args[1], args[2],
                               need.approval_share, promise.approval_delay_hours, approvers,
                               week[1])
        assert stable == afresh.stable
        pairs.append((near, afresh.share_within_target))
    return np.array(pairs), checks.solved_near


@pytest.mark.parametrize("case", ["sample", "rich near capacity"])
def test_a_week_solved_near_another_agrees_with_it_solved_afresh(sample, case):
    """The search solves each rota one shift smaller from the week it came from; the share
    within the target must be the fresh solve's, far inside NEAR_GUARD (the margin at which
    the search solves afresh instead), so no decision can differ."""
    from model.week_checks import NEAR_GUARD
    scenario = sample if case == "sample" else _rich(sample, 1.4)
    pairs, solved_near = _near_and_afresh(scenario)
    assert solved_near >= len(pairs) // 2 > 0  # most are solved near, not afresh
    assert np.abs(pairs[:, 0] - pairs[:, 1]).max() < NEAR_GUARD / 100, pairs



def test_near_solves_that_cannot_meet_their_base_stop_and_the_shares_stay_exact(monkeypatch):
    """Three people round the clock at 96 % of their capacity carry a backlog from week to
    week, so a rota one hour fuller changes the whole week: no near solve meets its base
    again. After NEAR_UNMET_LIMIT such in a row the checks stop asking (each had stepped a
    whole week for nothing), and every share is still the fresh solve's."""
    from model import queue_kernels, week_checks
    from model.queueing import _solved_of, _week, states_and_starts

    near_solves = []
    solve_near = queue_kernels.week_states_near
    monkeypatch.setattr(week_checks.queue_kernels, "week_states_near", lambda *args: (
        near_solves.append(result := solve_near(*args)) or result))
    arrivals, handle_seconds, target_seconds = np.full(168, 11.5), 900.0, 4 * 3600.0
    checks = week_checks.WeekChecks(arrivals, handle_seconds, target_seconds, 2.0)
    base = np.full(168, 3)
    checks.check(base, None)
    for hour in range(10, 18):
        trial = base.copy()
        trial[hour] += 1
        share, stable = checks.check(trial, None, (base, None))
        for memo in (_week, _solved_of, states_and_starts):
            memo.cache_clear()
        afresh = simulate_week(arrivals, trial.astype(float), handle_seconds, target_seconds)
        assert stable and afresh.stable and share == afresh.share_within_target
    assert [solved[2] for solved in near_solves] == [-1] * week_checks.NEAR_UNMET_LIMIT
    assert checks.solved_near == 0 and checks.solved_afresh == 9


class _ChainOf:
    """A stand-in chain of `length` steps for `_Search.first_step`."""

    def __init__(self, length):
        self.length = length

    def people(self, step):
        return None if step >= self.length else np.zeros(1)


def test_the_first_step_that_holds_is_found_from_any_guess():
    """Brute force over small chains: whatever step exact solving starts from (the quick
    estimate's guess), galloping and halving find the first step at which the promise holds,
    or None when no step does."""
    from model.rota_staffing import _Search
    for length in range(1, 40):
        chain = _ChainOf(length)
        for first in range(length + 1):  # length: no step holds
            for guess in range(length):
                asked = []

                def holds(step, first=first, length=length, asked=asked):
                    asked.append(step)
                    return first <= step < length

                found = _Search.first_step(chain, guess, holds)
                assert found == (first if first < length else None), (length, first, guess)
                assert len(asked) <= 2 * math.log2(length + 1) + 3


# Six groups one or two levels up, a day's promise in Extended cover, the sample's
# office-hours approvers: 7.7 FTE, where the rules' floor of people is about a third of that.
BUSY_PLAN = ("Collaborate", "Involve", "Consult", "Consult", "Consult", "Involve")


@pytest.mark.parametrize("case", ["sample", "busy plan", "rich × 1.38", "sample × 3.8"])
def test_where_exact_solving_starts_changes_no_rota(sample, monkeypatch, case):
    """A quick estimate of each week (the large-volume method) says where along the chain
    exact solving starts: the answer must be the one found starting from the floor, as
    before the estimate, and on a plan far above the floor fewer weeks are solved (the
    floor's, the busiest and once 0.37 s of a 0.54 s search, not at all)."""
    from model import rota_staffing
    from model.value import _solved_rota
    scenario = {"sample": sample,
                "busy plan": replace(sample, groups=tuple(
                    replace(g, target_level=level) for g, level in zip(sample.groups, BUSY_PLAN))),
                "rich × 1.38": _rich(sample, 1.38),
                "sample × 3.8": _scaled(sample, volume=3.8)}[case]
    scenario = replace(scenario, staffing=replace(scenario.staffing, planned_fte=None))
    from model.week_checks import WeekChecks
    solved = []  # people on duty over the week, of each week solved exactly
    check = WeekChecks.check
    monkeypatch.setattr(WeekChecks, "check", lambda self, on_duty, *rest: (
        solved.append(int(on_duty.sum())), check(self, on_duty, *rest))[1])

    def staffed():
        _solved_rota.cache_clear()
        solved.clear()
        return plan_staffed(scenario), min(solved)

    guessed, least_guessed = staffed()
    monkeypatch.setattr(rota_staffing._Search, "guess", lambda self: 0)
    from_floor, least_from_floor = staffed()
    _solved_rota.cache_clear()
    assert guessed.rota.people_by_pattern.tolist() == from_floor.rota.people_by_pattern.tolist()
    assert guessed.met == from_floor.met
    assert guessed.share_within_target == pytest.approx(from_floor.share_within_target,
                                                       abs=1e-9)
    if case == "busy plan":  # the floor's week is never solved
        assert least_guessed > least_from_floor, (least_guessed, least_from_floor)


@pytest.mark.parametrize("level", ["Involve", "Collaborate"])
def test_repeating_a_move_many_times_at_once_leaves_the_rota_one_at_a_time_would(
        sample, monkeypatch, level):
    """One group (5,000 messages a week at Consult): the chain's first rota that keeps an 8-hour
    promise under Extended cover has dozens of people too many on some patterns. The pass
    takes them away, or cuts their shifts shorter, in a few checks (galloping and halving on
    how many) where one at a time took one check each: here the same rota either way (at
    50,000 a week two of ten batches of cuts went a few further, as re-placed breaks allow),
    in fewer checks."""
    from model import rota_staffing
    from model.value import _solved_rota
    one = sample.groups[0]
    invite = sample.level("Consult").invite_multiplier
    group = replace(one, group="Everyone", reach_share=0.30, part_of="", target_level=level,
                    current_level="Inform", messages_per_follower_per_year=2.0,
                    population=round(5_000 * 52 / (0.30 * 2.0 * invite)))
    scenario = replace(sample, groups=(group,),
                       staffing=replace(sample.staffing, planned_fte=None))
    _solved_rota.cache_clear()
    at_once = plan_staffed(scenario)

    def one_at_a_time(self, people, move):
        made = people.copy()
        made[move[0]] -= 1
        if move[1] >= 0:
            made[move[1]] += 1
        return made, False  # the pass tries the same move again next

    monkeypatch.setattr(rota_staffing._Search, "_repeated", one_at_a_time)
    _solved_rota.cache_clear()
    singly = plan_staffed(scenario)
    _solved_rota.cache_clear()
    assert at_once.rota.people_by_pattern.tolist() == singly.rota.people_by_pattern.tolist()
    assert at_once.met and singly.met
    assert at_once.iterations < singly.iterations, (at_once.iterations, singly.iterations)
