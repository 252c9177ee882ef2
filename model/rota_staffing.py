"""Staffing to the promise: the smallest rota of whole people whose week keeps it.

The search walks one chain of rotas fixed by the shape of the week's arrivals, the cover and
the rules, never by the amount of work: from the cheapest rota with the rules' floor of people,
each step adds the shift (or lengthens one) that most relieves the hours with the most arrivals
per person. People only ever join along the chain, and a queue with more or longer messages
answers no more of them in time on the same rota, so the first step that keeps the promise
(and the occupancy limit) is found exactly by galloping and halving, and more work never
moves it back. Solving starts where a quick estimate of each week says the promise begins to
hold, so the busiest weeks before it, the dearest to solve exactly, are skipped.
The rota found is then made minimal: shifts are taken away, or cut to a shorter allowed
pattern, while the promise still holds. That last pass is greedy; at a little more work it can
find a different cut, so the staff it leaves can dip by a few paid hours where the chain alone
never does (tests/model/test_staffing_search.py measures both).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from model.rota_breaks import on_break_by_pattern
from model.rota_shifts import (
    Patterns,
    ShiftRules,
    UnsocialHours,
    fail,
    patterns,
    week_array,
)
from model.rota_solve import Rota, part_time_excess, rota_of, solve_rota
from model.units import HOURS_PER_DAY, SECONDS_PER_HOUR

MAX_SHIFTS = 20_000  # a chain's longest rota: far beyond any council's team
# Where a quick estimate never reaches the target, exact solving starts where it comes
# within this of its best (a guess: the answer does not depend on it).
GUESS_SHORTFALL = 1e-3
CHAINS_KEPT = 16  # chains kept (one per shape of week, cover and rules asked for lately)
WeekSimulation = Callable[[np.ndarray], tuple[float, bool]]
# (people on duty by hour, of them on their unpaid break by half hour) -> as WeekSimulation
BreakSimulation = Callable[[np.ndarray, np.ndarray], tuple[float, bool]]
# As BreakSimulation (breaks None when not placed), with the (on duty, on break) of a week
# checked before that this one differs little from, to solve it from (`model.week_checks`).
# (people on duty, on a break or None) -> a quick guess at the share within the target.
Estimate = Callable[[np.ndarray, np.ndarray | None], float]
NearSimulation = Callable[[np.ndarray, np.ndarray | None,
                           tuple[np.ndarray, np.ndarray | None] | None], tuple[float, bool]]


@dataclass(frozen=True)
class StaffedRota:
    """The rota that keeps the promise, or the best tried when none does."""

    rota: Rota
    met: bool  # the promise holds on this rota
    share_within_target: float  # as the week engine answers on this rota
    best_possible_share: float  # with ample people in every cover hour (met at once: the share)
    iterations: int  # weeks simulated
    required_people: np.ndarray  # the floor: the rules' people and the occupancy limit
    # Paid hours of the chain's first rota that keeps the promise, before the minimal pass:
    # never fewer with more work (the pass can then cut a few hours more or less).
    chain_paid_hours_per_week: float = math.nan


def occupancy_floor(arrivals: np.ndarray, open_hours: np.ndarray, handle_seconds: float,
                    max_occupancy: float, minimum: int) -> np.ndarray:
    """Whole people each cover hour so that its own work keeps them within the occupancy
    limit, and at least `minimum` (0 outside cover)."""
    if not 0 < max_occupancy <= 1:
        fail("max_occupancy", max_occupancy, "a share in (0, 1]")
    load = arrivals * handle_seconds / SECONDS_PER_HOUR
    people = np.maximum(np.ceil(load / max_occupancy - 1e-9), minimum)
    return np.where(open_hours, people, 0.0)


class _Chain:
    """The chain of rotas for one shape of week, cover and set of rules: each rota the one
    before plus one shift, or with one lengthened. It never depends on the work, so every
    staffing search on the same shape, cover and rules walks it (`_chain`); it is kept as
    the move made at each step and grown as far as any search asks."""

    def __init__(self, shape: np.ndarray, open_hours: np.ndarray, rules: ShiftRules,
                 unsocial: UnsocialHours) -> None:
        self.shape, self.rules = shape, rules
        self.shifts = patterns(rules, unsocial)
        # A shift reaching outside the cover spends paid hours where no promise is made.
        self.inside = self.shifts.covers[~open_hours].sum(axis=0) == 0
        self.longer_pairs = _longer_pairs(self.shifts)
        # `_next`'s constants (a county's chain is thousands of steps long).
        self.adds_from = np.full(self.shifts.paid_hours.size, -1)
        self.adds_to = np.arange(self.shifts.paid_hours.size)
        self.part_time_hours = self.shifts.paid_hours * self.shifts.part_time
        # The chain starts from the rules' floor alone (the occupancy limit moves with the
        # work, so it is checked on each rota, not built into the chain).
        first = solve_rota(np.zeros(open_hours.size), open_hours.astype(int), rules, unsocial)
        self.first = np.array(first.people_by_pattern, dtype=int)
        self.last = self.first
        self.added: list[int] = []  # the pattern gaining a person at each step
        self.dropped: list[int] = []  # the pattern losing one (a lengthened shift), or −1
        self.ended = False
        self.lock = threading.Lock()  # the warming thread may walk it beside a session

    def people(self, step: int) -> np.ndarray | None:
        """People on each pattern at this step (None past the chain's end)."""
        with self.lock:
            while len(self.added) < step and not self.ended:
                move = self._next(self.last)
                if move is None:
                    self.ended = True
                    break
                self.added.append(move[0])
                self.dropped.append(move[1])
                self.last = self.last.copy()
                self.last[move[0]] += 1
                if move[1] >= 0:
                    self.last[move[1]] -= 1
            if step > len(self.added):
                return None
            size = self.first.size
            dropped = np.asarray(self.dropped[:step], dtype=int)
            return (self.first + np.bincount(np.asarray(self.added[:step], dtype=int),
                                             minlength=size)
                    - np.bincount(dropped[dropped >= 0], minlength=size))

    def recency(self, reached: int) -> np.ndarray:
        """For each pattern, the last step up to `reached` that gave it a person (−1: none)."""
        last = np.full(self.first.size, -1)
        with self.lock:
            added = np.asarray(self.added[:reached], dtype=int)
        np.maximum.at(last, added, np.arange(1, added.size + 1))
        return last

    def _next(self, people: np.ndarray) -> tuple[int, int] | None:
        """One step more: a shift added, or one lengthened to a longer allowed pattern from
        the same start, whichever gains most for the hours it adds (arrivals per person,
        before less after) per weighted paid hour, within the part-time cap."""
        if people.sum() >= MAX_SHIFTS:
            return None
        shifts = self.shifts
        on_duty = shifts.covers @ people
        gain_by_hour = self.shape / np.maximum(on_duty, 1) - self.shape / (on_duty + 1)
        gain = gain_by_hour @ shifts.covers
        # Moves: (from, to) patterns; from = -1 adds a shift.
        shorter, longer = self.longer_pairs
        used = people[shorter] > 0
        moves_from = np.concatenate([self.adds_from, shorter[used]])
        moves_to = np.concatenate([self.adds_to, longer[used]])
        was = np.where(moves_from >= 0, moves_from, 0)
        has = moves_from >= 0
        move_gain = gain[moves_to] - np.where(has, gain[was], 0.0)
        move_cost = shifts.weighted_paid_hours[moves_to] - np.where(
            has, shifts.weighted_paid_hours[was], 0.0)
        paid_after = people @ shifts.paid_hours + shifts.paid_hours[moves_to] - np.where(
            has, shifts.paid_hours[was], 0.0)
        part = self.part_time_hours
        part_after = people @ part + part[moves_to] - np.where(has, part[was], 0.0)
        allowed = (self.inside[moves_to] & (move_gain > 1e-12) & (move_cost > 0) & (
            part_after <= self.rules.max_part_time_share * paid_after + 1e-9))
        value = np.where(allowed, move_gain / np.maximum(move_cost, 1e-12), -np.inf)
        best = int(np.argmax(value))
        if not np.isfinite(value[best]):
            return None
        return int(moves_to[best]), int(moves_from[best])



@lru_cache(maxsize=CHAINS_KEPT)
def _chain(shape: bytes, open_hours: bytes, rules: ShiftRules, unsocial: UnsocialHours
           ) -> _Chain:
    """The chain for a shape of week (168 floats), cover (168 bools) and rules."""
    return _Chain(np.frombuffer(shape), np.frombuffer(open_hours, dtype=bool), rules, unsocial)


class _Search:
    """One staffing search: a chain of rotas, each the one before plus one shift, and the
    promise checked on each rota once.

    The chain depends on the shape of the week's arrivals, the cover and the rules, never on
    the amount of work: each step adds the shift that most relieves the hours with the most
    arrivals per person on duty, per pound. Rotas along it only gain people, so the promise,
    once kept, stays kept further along, and the first rota that keeps it is found exactly by
    halving; more work can only move it further along the chain.
    """

    def __init__(self, arrivals: np.ndarray, open_hours: np.ndarray, floor: np.ndarray,
                 target_share: float, rules: ShiftRules, unsocial: UnsocialHours,
                 simulate: WeekSimulation,
                 simulate_with_breaks: BreakSimulation | None = None,
                 simulate_near: NearSimulation | None = None,
                 estimate: Estimate | None = None) -> None:
        peak = arrivals[open_hours].max() if open_hours.any() else 0.0
        shape = np.where(open_hours, arrivals / peak if peak > 0 else 1.0, 0.0)
        self.floor, self.target_share, self.open_hours = floor, target_share, open_hours
        self.rules, self.simulate = rules, simulate
        self.simulate_with_breaks = simulate_with_breaks
        self.simulate_near, self.estimate = simulate_near, estimate
        self.seemed: dict[int, bool] = {}  # `seems_to_hold` by step
        self.best_estimate: float | None = None
        self.breaks: dict[bytes, np.ndarray | None] = {}  # by people on each pattern
        self.stable_keys: set[bytes] = set()  # of `checked`, the weeks that keep up
        self.checked: dict[bytes, tuple[float, bool]] = {}
        self.solved_steps: set[int] = set()  # steps of the chain checked and stable
        # Every search on the same shape, cover and rules walks the same chain: it is built
        # once (a county's runs to thousands of steps) and shared.
        self.chain = _chain(shape.tobytes(), open_hours.tobytes(), rules, unsocial)
        self.shifts = self.chain.shifts

    def people(self, step: int) -> np.ndarray | None:
        """People on each pattern at this step of the chain (None past its end)."""
        return self.chain.people(step)

    def reached(self, step: int) -> np.ndarray:
        """People on each pattern at a step the chain is known to reach."""
        people = self.people(step)
        assert people is not None, "a step the chain reached"
        return people

    def rota(self, step: int) -> Rota:
        return rota_of(self.shifts, self.reached(step))

    def _breaks(self, people: np.ndarray) -> np.ndarray | None:
        """Of those on duty, the people on their unpaid break by half hour (None: breaks
        are not placed)."""
        if self.simulate_with_breaks is None:
            return None
        key = np.asarray(people, dtype=np.int64).tobytes()
        if key not in self.breaks:
            self.breaks[key] = on_break_by_pattern(self.shifts, np.asarray(people), self.rules)
        return self.breaks[key]

    def _key(self, people_on_duty: np.ndarray, people: np.ndarray
             ) -> tuple[bytes, np.ndarray | None]:
        """A week's key among those checked (people on duty, and on a break), its breaks."""
        key = np.asarray(people_on_duty, dtype=np.int64).tobytes()
        breaks = self._breaks(people)
        return key if breaks is None else key + breaks.tobytes(), breaks

    def check(self, people_on_duty: np.ndarray, people: np.ndarray,
              near: np.ndarray | None = None) -> tuple[float, bool]:
        """(share within the target, the promise holds) on a week with these people on duty
        (`people` on each pattern: where their unpaid breaks fall, when they are placed);
        `near`: people on each pattern of a rota checked before that this one differs
        little from (solved from it when `simulate_near` is given)."""
        key, breaks = self._key(people_on_duty, people)
        if key not in self.checked:
            on_duty = np.asarray(people_on_duty)
            if self.simulate_near is not None:
                near_week = None if near is None else (self.shifts.covers @ near,
                                                       self._breaks(near))
                share, backlog_ok = self.simulate_near(on_duty, breaks, near_week)
            else:
                share, backlog_ok = self._alone(on_duty, breaks)
            self.checked[key] = (share, backlog_ok and share >= self.target_share)
            if backlog_ok:
                self.stable_keys.add(key)
        return self.checked[key]

    def check_afresh(self, rota: Rota) -> tuple[float, bool]:
        """`check` as a fresh solve answers (the rota the search returns: its figures are
        then those of its week solved alone)."""
        people = np.array(rota.people_by_pattern, dtype=int)
        share, backlog_ok = self._alone(np.asarray(rota.people_on_duty), self._breaks(people))
        return share, backlog_ok and share >= self.target_share

    def _alone(self, on_duty: np.ndarray, breaks: np.ndarray | None) -> tuple[float, bool]:
        """(share within the target, the week keeps up), the week solved on its own."""
        if breaks is None or self.simulate_with_breaks is None:
            return self.simulate(on_duty)
        return self.simulate_with_breaks(on_duty, breaks)

    def holds(self, step: int) -> bool:
        """The promise holds at this step (its week solved from the nearest step solved
        before, when `simulate_near` is given)."""
        people = self.people(step)
        if people is None:
            return False
        on_duty = self.shifts.covers @ people
        if not (on_duty >= self.floor).all():
            return False
        near = min(self.solved_steps, key=lambda solved: (abs(solved - step), solved),
                   default=None)
        _, holds = self.check(on_duty.astype(int), people,
                              None if near is None else self.people(near))
        if self._key(on_duty, people)[0] in self.stable_keys:
            self.solved_steps.add(step)
        return holds

    def first_step(self, guess: int, holds: Callable[[int], bool] | None = None
                   ) -> int | None:
        """The first step of the chain at which `holds` (by default: the promise holds),
        None if none does: galloping from `guess` up while it misses, or down while it
        holds, then halving. Along the chain people only join, so the answer does not
        depend on the guess; a good one spares the busiest weeks, the dearest to solve."""
        test = self.holds if holds is None else holds

        def holds_or_ended(step: int) -> bool:  # past the chain's end counts as holding
            return self.people(step) is None or test(step)

        if holds_or_ended(guess):  # down, doubling the stride, until a step misses
            high, gap = guess, 1
            while high - gap >= 0 and holds_or_ended(high - gap):
                high, gap = high - gap, 2 * gap
            low = max(high - gap, -1)  # −1: before the chain, missing by definition
        else:  # up, doubling the stride, until a step holds
            low, gap = guess, 1
            while not holds_or_ended(low + gap):
                low, gap = low + gap, 2 * gap
            high = low + gap
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if holds_or_ended(middle) else (middle, high)
        return None if self.people(high) is None else high

    def seems_to_hold(self, step: int) -> bool:
        """The quick estimate says the promise holds at this step (True without one)."""
        if self.estimate is None:
            return True
        if step not in self.seemed:
            people = self.reached(step)
            on_duty = self.shifts.covers @ people
            share = (self.estimate(on_duty, self._breaks(people))
                     if (on_duty >= self.floor).all() else -math.inf)
            # The estimate can fall a little short of the exact share even with ample
            # people: then it is asked to come within GUESS_SHORTFALL of its best.
            self.seemed[step] = share >= self.target_share or (
                share >= self._best_estimate() - GUESS_SHORTFALL)
        return self.seemed[step]

    def _best_estimate(self) -> float:
        """The estimate with ample people: ten times the floor's peak in every cover hour."""
        assert self.estimate is not None
        if self.best_estimate is None:
            ample = np.where(self.open_hours, 10 * max(self.floor.max(), 1), 0)
            self.best_estimate = self.estimate(ample, None)
        return self.best_estimate

    def guess(self) -> int:
        """Where to start solving exactly: the first step the quick estimate says keeps the
        promise (0 without an estimate, or when it says none does)."""
        return self.first_step(0, self.seems_to_hold) or 0

    def minimal(self, step: int) -> Rota:
        """The rota at this step of the chain with shifts taken away or cut shorter while the
        promise holds, until none can be (each try is checked against the floor, the
        part-time share and the week engine). Among equal savings, the shifts the chain gave
        a person last on the way to this step are tried first."""
        shifts, recency = self.shifts, self.chain.recency(step)
        people = self.reached(step)
        # A move that misses on a rota misses on any smaller one too (fewer people answer no
        # more in time, and hold no more above the floor): it is not tried again.
        failed: set[tuple[int, int]] = set()
        changed = True
        while changed:
            changed = False
            for move, trial in _smaller(people, shifts, self.rules, recency):
                if move in failed:
                    continue
                if not self._fits(trial, people):
                    failed.add(move)
                    continue
                if move[1] < 0 or people[move[1]] > 0:
                    trial, missed = self._repeated(people, move)
                    if missed:
                        failed.add(move)
                people, changed = trial, True
                break
        return rota_of(shifts, people)

    def _fits(self, trial: np.ndarray, near: np.ndarray) -> bool:
        """The promise holds on this rota, within the floor and the part-time share (its
        week solved from `near`'s)."""
        on_duty = self.shifts.covers @ trial
        return not ((on_duty < self.floor).any()
                    or part_time_excess(trial, self.shifts, self.rules) > 1e-9) and self.check(
            on_duty.astype(int), trial, near)[1]

    def _repeated(self, people: np.ndarray, move: tuple[int, int]) -> tuple[np.ndarray, bool]:
        """With `move` made once (a shift of one pattern taken away, or cut to another) and
        the promise still holding, the pass would make it again next, and again, until it
        misses: no move ranks above it but those that missed, and none appears (a cut
        whose shorter pattern is new to the rota brings the moves on it, so is not
        repeated here). Made as many times as still holds, found by galloping and halving
        in a few checks where the chain put hundreds of people on one pattern, and whether
        once more then missed. Fewer or shorter shifts answer no more in time only as
        nearly as re-placed breaks allow (a shift cut below the break threshold answers
        through its old break), so at scale this can stop a few moves past where one at a
        time would have; the move misses either way."""
        pattern, becomes = move

        def made(times: int) -> np.ndarray:
            trial = people.copy()
            trial[pattern] -= times
            if becomes >= 0:
                trial[becomes] += times
            return trial

        most = int(people[pattern])
        low, high = 1, 2  # low holds; high misses once checked (most + 1: none left to move)
        while high <= most and self._fits(made(high), made(low)):
            low, high = high, 2 * high
        high = min(high, most + 1)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if self._fits(made(middle), made(low)) else (low, middle)
        return made(low), low < most


def _longer_pairs(shifts: Patterns) -> tuple[np.ndarray, np.ndarray]:
    """(shorter, longer): pairs of patterns with the same day and start, the second longer."""
    same = (shifts.day[:, None] == shifts.day[None, :]) & (
        shifts.start_hour[:, None] == shifts.start_hour[None, :]) & (
        shifts.paid_hours[:, None] < shifts.paid_hours[None, :])
    shorter, longer = np.nonzero(same)
    return shorter, longer


def _smaller(people: np.ndarray, shifts: Patterns, rules: ShiftRules, recency: np.ndarray
             ) -> list[tuple[tuple[int, int], np.ndarray]]:
    """Each rota one step smaller, with its move (pattern, the pattern it becomes or −1):
    one shift away, or one shift cut to a shorter allowed length keeping its start or its
    end. The biggest saving first (whole shifts before cuts), then the shifts the chain
    added last."""
    index = {(int(d), int(s), float(p)): i for i, (d, s, p) in enumerate(
        zip(shifts.day, shifts.start_hour, shifts.paid_hours))}
    moves: list[tuple[float, int, tuple[int, int], np.ndarray]] = []
    for j in np.flatnonzero(people > 0):
        fewer = people.copy()
        fewer[j] -= 1
        cost = shifts.weighted_paid_hours[j]
        moves.append((-cost, -recency[j], (int(j), -1), fewer))
        day, start, span = int(shifts.day[j]), int(shifts.start_hour[j]), shifts.span_hours[j]
        for length in rules.all_lengths_hours:
            if length >= shifts.paid_hours[j]:
                continue
            later = start + span - rules.span_hours(length)
            for new_start in sorted({start, later}):
                if not float(new_start).is_integer() or not 0 <= new_start < HOURS_PER_DAY:
                    continue
                k = index.get((day, int(new_start), float(length)))
                if k is not None:
                    cut = fewer.copy()
                    cut[k] += 1
                    saving = cost - shifts.weighted_paid_hours[k]
                    moves.append((-saving, -recency[j], (int(j), k), cut))
    moves.sort(key=lambda move: (move[0], move[1], move[2]))
    return [(move, trial) for _, _, move, trial in moves]


def staff_to_promise(arrivals_per_hour: np.ndarray | Sequence[float],
                     cover: np.ndarray | Sequence[int], handle_seconds: float,
                     target_share: float, rules: ShiftRules, unsocial: UnsocialHours,
                     simulate: WeekSimulation, best_possible: Callable[[], float],
                     max_occupancy: float = 1.0,
                     simulate_with_breaks: BreakSimulation | None = None,
                     simulate_near: NearSimulation | None = None,
                     estimate: Estimate | None = None) -> StaffedRota:
    """The smallest rota found whose week keeps the promise, and minimal: no shift can be
    taken away or cut to a shorter allowed pattern while the promise holds.

    `simulate(people_on_duty) -> (share_within_target, backlog_ok)` runs the week engine.
    The floor (the rules' people in every cover hour, the occupancy limit) alone is tried
    first; being the cheapest rota that meets it, it is minimal as it stands. If even ample
    people in every cover hour would miss the promise (`best_possible()`: messages out of
    hours wait too long), it says so at once: `met` is False, with what this cover allows.
    `simulate_with_breaks(people_on_duty, on_break)`, when given, runs it instead with each
    rota's unpaid breaks placed (`model.rota_breaks`). `simulate_near(people_on_duty,
    on_break, near)`, when given, answers as those do (breaks None when not placed), solving
    each week from a nearby one checked before (`model.week_checks`); the rota returned is
    then checked once more by `simulate` or `simulate_with_breaks`. `estimate(people_on_duty,
    on_break)`, when given, is a quick guess at the share within the target: exact solving
    starts where it says the promise begins to hold, sparing the busiest weeks (the answer
    does not depend on it).
    """
    arrivals = week_array("arrivals_per_hour", arrivals_per_hour)
    open_hours = week_array("cover", cover) > 0
    if not 0 < target_share < 1:
        fail("target_share", target_share, "a share between 0 and 1")
    if not (math.isfinite(handle_seconds) and handle_seconds > 0):
        fail("handle_seconds", handle_seconds, "seconds > 0")
    floor = occupancy_floor(arrivals, open_hours, handle_seconds, max_occupancy,
                            rules.min_people_on_duty)
    search = _Search(arrivals, open_hours, floor, target_share, rules, unsocial, simulate,
                     simulate_with_breaks, simulate_near, estimate)
    first = search.rota(0)

    def on_first() -> float:
        return search.check(first.people_on_duty, first.people_by_pattern)[0]

    if search.seems_to_hold(0) and search.holds(0):
        share = on_first()
        return StaffedRota(first, True, share, share, 1, floor,  # minimal: cheapest at floor
                           first.paid_hours_per_week)
    best_share = best_possible()
    if best_share < target_share:
        return StaffedRota(first, False, on_first(), best_share, 1, floor)
    step = search.first_step(search.guess())
    if step is None:
        return StaffedRota(first, False, on_first(), best_share, len(search.checked), floor)
    chain = search.rota(step)
    rota = search.minimal(step)
    share, met = search.check_afresh(rota)
    return StaffedRota(rota, met, share, best_share, len(search.checked), floor,
                       chain.paid_hours_per_week)
