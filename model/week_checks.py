"""The promise checked on many rotas of one demand, each solved near one solved before.

Staffing to the promise (`model.rota_staffing`) asks of dozens of rotas one thing: the share
of replies within the target. Most differ from a rota already solved by one shift (taken away
or cut shorter, and the breaks it moves), so most of their week is the same queue. Up to the
first changed half hour the two weeks' queues are alike; from the solved week's distribution
there the new week is stepped on until, past the change, it meets the solved week's
distribution again (`queue_kernels.week_states_near`), and only the replies whose arrival
or wait touch those cells are worked out again. That is the settling rule of a week solved
afresh (its distribution a week on within `STATE_TOLERANCE`), so the answers agree with a
fresh solve to a small multiple of that tolerance; a share that close to the target is
solved afresh, so the decisions are a fresh solve's. A week whose change spans too much of
it is solved afresh (`simulate_week`); one the large-volume method solves is answered by that
method's share alone (`large_volume_share`). The same method, run on any week, is the quick
estimate the staffing search starts from (`estimate`).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from model import large_volume, queue_kernels
from model.queueing import (
    CELLS_PER_HOUR,
    STATE_TOLERANCE,
    WeekInputs,
    _approvers,
    _cell_weights,
    _checked,
    _goals,
    _hourly_people,
    _reached_within,
    large_volume_share,
    simulate_week,
    state_size,
    states_and_starts,
    week_settles,
)
from model.units import HOURS_PER_WEEK, SECONDS_PER_HOUR

CELLS_PER_WEEK = HOURS_PER_WEEK * CELLS_PER_HOUR
# A share solved near another this close to the target is solved afresh: the two agree to
# about STATE_TOLERANCE / 100 (tests/model/test_staffing_search.py), far inside it.
NEAR_GUARD = 1e-5
# A change spanning more of the week than this is solved afresh: stepping most of the week
# again saves little over a fresh solve.
MAX_NEAR_SPAN_CELLS = 5 * 24 * CELLS_PER_HOUR
KEPT_WEEKS = 24  # solved weeks kept to solve others near (about 1 MB each for the sample)
# Near solves that did not meet their base again within a week, in a row, after which the
# checks stop trying: a week that carries a backlog from one week to the next (a busy team
# near its limit) carries any change with it, so every near solve of its rotas steps a
# whole week and is thrown away (2,000 messages a week at Empower: 113 of 113, 3.2 s of a
# 19.5 s staffing search). A week solved afresh is the answer either way.
NEAR_UNMET_LIMIT = 3


@dataclass
class _Known:
    """A solved week: what an arrival meets in each cell, the distribution at each cell's
    start, the share within the target, and for an arrival in each cell the chance of a
    reply within it (worked out when the week is first solved near: None until then)."""

    answering: np.ndarray  # 336 people answering by cell (int64)
    cells: np.ndarray
    seen: np.ndarray
    share: float
    within: np.ndarray | None = None  # (336, 1)


class WeekChecks:
    """(share within the target, stable) of weeks of one demand, promise and sign-off, each
    given by its people on duty (168) and on a break (336, or None): as `simulate_week`
    answers, solved near a week checked before when one is named."""

    def __init__(self, arrivals_per_hour: np.ndarray, handle_seconds: float,
                 target_seconds: float, target_share: float, approval_share: float = 0.0,
                 approval_delay_hours: float = 0.0,
                 approver_hours: np.ndarray | None = None) -> None:
        self.arrivals = np.asarray(arrivals_per_hour, dtype=float)
        self.handle_seconds, self.target_seconds = handle_seconds, target_seconds
        self.target_share = target_share  # near it, a week is solved afresh (NEAR_GUARD)
        self.approval_share, self.approval_delay_hours = approval_share, approval_delay_hours
        self.approver_hours = approver_hours
        self.service_rate = SECONDS_PER_HOUR / handle_seconds
        self.weight = _cell_weights(self.arrivals)
        self.minutes = np.array([target_seconds / 60.0])
        self.known: OrderedDict[bytes, _Known] = OrderedDict()
        _checked(WeekInputs(self.arrivals, np.ones(HOURS_PER_WEEK), handle_seconds,
                            approval_share, approver_hours),
                 target_seconds, approval_delay_hours)  # ValueError naming a bad input
        self.solved_near = 0  # weeks solved near another (for the tests and benchmarks)
        self.solved_afresh = 0
        self.unmet_in_a_row = 0  # near solves that did not meet their base (NEAR_UNMET_LIMIT)

    def _inputs(self, on_duty: np.ndarray, on_break: np.ndarray | None) -> WeekInputs:
        """One week's inputs, not checked again: the demand and promise were checked once
        (`__init__`), the rotas are the staffing search's own, and a week solved afresh goes
        through `simulate_week`'s checks."""
        return WeekInputs(self.arrivals, np.asarray(on_duty, dtype=float), self.handle_seconds,
                          self.approval_share, self.approver_hours, on_break)

    def check(self, on_duty: np.ndarray, on_break: np.ndarray | None,
              near: tuple[np.ndarray, np.ndarray | None] | None = None) -> tuple[float, bool]:
        """The week's (share within the target, stable); `near`: the (on duty, on break) of
        a week checked before that this one differs little from."""
        week = self._inputs(on_duty, on_break)
        answering = week.answering
        if not self._settles(answering):
            return 0.0, False
        if large_volume.method_for(self.arrivals, week.agents_on_duty.astype(np.int64),
                                   CELLS_PER_HOUR) != large_volume.EXACT_METHOD:
            return large_volume_share(week, self.target_seconds, self.approval_delay_hours), True
        key = answering.tobytes()
        if key in self.known:
            self.known.move_to_end(key)
            return self.known[key].share, True
        base = None
        if near is not None:
            near_key = self._inputs(*near).answering.tobytes()
            base = self.known.get(near_key)
            if base is not None:
                self.known.move_to_end(near_key)
        solved = None
        if base is not None and self.unmet_in_a_row < NEAR_UNMET_LIMIT:
            solved = self._near(answering, base)
        if solved is not None and abs(solved.share - self.target_share) < NEAR_GUARD:
            solved = None  # too close to call near: solved afresh
        if solved is None:
            solved = self._afresh(week)
            if solved.share < 0:  # not stable after all (as week_settles says it is)
                return 0.0, False
        self.known[key] = solved
        if len(self.known) > KEPT_WEEKS:
            self.known.popitem(last=False)
        return solved.share, True

    def estimate(self, on_duty: np.ndarray, on_break: np.ndarray | None) -> float:
        """A quick guess at the week's share within the target (`large_volume_share`; 0 for
        a week that does not keep up)."""
        week = self._inputs(on_duty, on_break)
        if not self._settles(week.answering):
            return 0.0
        return large_volume_share(week, self.target_seconds, self.approval_delay_hours)

    def _settles(self, answering: np.ndarray) -> bool:
        """The engine's rule for a week that keeps up, with these people answering by cell."""
        return week_settles(self.arrivals, _hourly_people(answering), self.handle_seconds)

    def _share(self, within: np.ndarray) -> float:
        return float((self.weight @ within)[0])

    def _goals(self, answering: np.ndarray) -> np.ndarray:
        signs_off = self.approval_share > 0 and self.approval_delay_hours > 0
        return _goals(answering.tobytes(), self.minutes.tobytes(),
                      self.approval_delay_hours if signs_off else 0.0,
                      _approvers(answering, self.approver_hours))[0]

    def _within(self, answering: np.ndarray, cells: np.ndarray, rows: np.ndarray
                ) -> np.ndarray:
        """For an arrival in each of `rows`, the chance of a reply within the target (other
        rows 0), as `queueing._Solved.cell_shares_within` works it out."""
        def written_by(goals: np.ndarray, changes: np.ndarray) -> np.ndarray:
            return np.asarray(queue_kernels.written_by_rows(
                cells, answering, self.service_rate, CELLS_PER_HOUR, goals, changes, rows))

        return _reached_within(answering, self.minutes, self.approval_share,
                               self.approval_delay_hours, written_by, self.approver_hours)

    def _afresh(self, week: WeekInputs) -> _Known:
        """The week solved alone, as `simulate_week` (memoised) solves it."""
        self.solved_afresh += 1
        result = simulate_week(self.arrivals, week.agents_on_duty, self.handle_seconds,
                               self.target_seconds, self.approval_share,
                               self.approval_delay_hours, self.approver_hours, week.on_break)
        answering = week.answering
        cells, seen = states_and_starts(self.arrivals.tobytes(), answering.tobytes(),
                                        self.service_rate)
        share = result.share_within_target if result.stable else -1.0
        return _Known(answering, cells, seen, share)

    def _within_of(self, known: _Known) -> np.ndarray:
        if known.within is None:
            known.within = self._within(known.answering, known.cells,
                                        np.arange(CELLS_PER_WEEK))
        return known.within

    def _near(self, answering: np.ndarray, base: _Known) -> _Known | None:
        """The week solved from `base`'s (None when that would not pay or not settle)."""
        changed = np.flatnonzero(answering != base.answering)
        span = _cyclic_span(changed)
        if span is None or span[1] > MAX_NEAR_SPAN_CELLS:
            return None
        first, count = span
        # On as many states as a fresh solve would start with (the base's, if more).
        more = state_size(self.arrivals, answering, self.service_rate) - base.cells.shape[1]
        base_cells, base_seen = base.cells, base.seen
        if more > 0:
            base_cells = np.pad(base_cells, ((0, 0), (0, more)))
            base_seen = np.pad(base_seen, ((0, 0), (0, more)))
        cells, seen, stepped, top_mass = queue_kernels.week_states_near(
            self.arrivals, answering, self.service_rate, CELLS_PER_HOUR, base_cells,
            base_seen, first, count, STATE_TOLERANCE)
        self.unmet_in_a_row = self.unmet_in_a_row + 1 if stepped < 0 else 0
        if stepped < 0 or top_mass >= 1e-12:
            return None
        rows = _rows_touched(changed, first, stepped, self._goals(answering),
                             self._goals(base.answering))
        within = self._within_of(base).copy()
        within[rows] = self._within(answering, cells, rows)[rows]
        self.solved_near += 1
        return _Known(answering, _read_only(cells), _read_only(seen), self._share(within),
                      within)


def _read_only(array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    array.setflags(write=False)
    return array


def _cyclic_span(changed: np.ndarray) -> tuple[int, int] | None:
    """(first cell, cells from it to the last changed, inclusive) of the shortest run of the
    week, going round, that holds every changed cell (None: no cell changed)."""
    if changed.size == 0:
        return None
    gaps = np.diff(np.r_[changed, changed[0] + CELLS_PER_WEEK]) - 1  # unchanged after each
    widest = int(np.argmax(gaps))
    first = int(changed[(widest + 1) % changed.size])
    return first, CELLS_PER_WEEK - int(gaps[widest])


def _rows_touched(changed: np.ndarray, first: int, stepped: int, goals: np.ndarray,
                  base_goals: np.ndarray) -> np.ndarray:
    """Arrival cells whose reply can differ from the base week's: those whose distribution
    was stepped again, those whose goals moved (sign-off in hours someone is on duty), and
    those whose wait until their last goal reaches a changed cell."""
    index = np.arange(CELLS_PER_WEEK)
    stepped_again = ((index - first) % CELLS_PER_WEEK) < stepped
    moved = (goals != base_goals).any(axis=1)
    last_cell = np.floor(goals.max(axis=1) * CELLS_PER_HOUR).astype(np.int64) - (
        CELLS_PER_WEEK + index)
    ahead = ((changed[None, :] - index[:, None]) % CELLS_PER_WEEK).min(axis=1)
    return np.flatnonzero(stepped_again | moved | (ahead <= last_cell))
