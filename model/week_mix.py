"""A week of real people, some of them absent: the weighted mix of the weeks it can be.

A fixed team is whole people on their own weekly patterns; shrinkage (leave, sickness,
training) takes each person away for that share of weeks. Each mix of people present is a
week the queue engine solves exactly (`model.queueing`); a week with no one present answers
no one in it. The team's week is the mix of those weeks, weighted by how often each happens
(each person away independently). A backlog left by a week with people away is not carried
into the next: each week is its own steady state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from model.queueing import RESPONSE_GRID_MINUTES, ReplyTimes, WeekResult, _Solved
from model.units import DAY_NAMES, HOURS_PER_WEEK

QUANTILE_ROUNDS = 4  # each narrows the bracket six-fold
QUANTILE_POINTS = 5


@dataclass(frozen=True)
class MixedWeek(ReplyTimes):
    """The weeks a team can have, with how often each happens; read as one week.

    `weeks[i]` is None where no one is present. `full` is the week with everyone present
    (its rostered people are the week's `agents`).
    """

    weights: tuple[float, ...]
    weeks: tuple[WeekResult | None, ...]
    full: WeekResult

    def _answering(self) -> list[tuple[float, WeekResult]]:
        return [(w, week) for w, week in zip(self.weights, self.weeks)
                if week is not None and week.stable and w > 0]

    @property
    def stable(self) -> bool:
        return self.full.stable

    @property
    def method(self) -> str:
        """How the weeks were solved: as the full team's week was."""
        return self.full.method

    @cached_property
    def solved(self) -> MixedSolved | None:
        """The weeks' reply times by cell, mixed (None when the full week is unstable)."""
        if self.full.solved is None:
            return None
        return MixedSolved(tuple((w, week.solved) for w, week in self._answering()
                                 if week.solved is not None))

    @cached_property
    def share_within_target(self) -> float:
        return float(sum(w * week.share_within_target for w, week in self._answering()))

    @cached_property
    def backlog_growth_per_week(self) -> float:
        return float(sum(w * week.backlog_growth_per_week for w, week in
                         zip(self.weights, self.weeks) if week is not None))

    @cached_property
    def hourly(self) -> dict[str, np.ndarray]:
        """The rostered people (everyone present) and capacity; backlog and occupancy as
        the weeks' weighted mean."""
        present = [(w, week) for w, week in zip(self.weights, self.weeks) if week is not None]
        mean = {name: sum(w * week.hourly[name] for w, week in present) for name in
                ("backlog", "occupancy")}
        return {**self.full.hourly, **{k: np.asarray(v, dtype=float) for k, v in mean.items()}}

    @cached_property
    def hours(self) -> pd.DataFrame:
        hour = np.arange(HOURS_PER_WEEK)
        return pd.DataFrame({"hour": hour, "day": np.array(DAY_NAMES, dtype=object)[hour // 24],
                             "hour_of_day": hour % 24, **self.hourly})

    def share_within(self, minutes: float | np.ndarray) -> np.ndarray:
        minutes_array = np.atleast_1d(np.asarray(minutes, dtype=float))
        total = np.zeros_like(minutes_array)
        for w, week in self._answering():
            total = total + w * week.share_within(minutes_array)
        return total

    @cached_property
    def _sample(self) -> tuple[np.ndarray, np.ndarray]:
        """Every week's weighted sample of response minutes, weighted again by how often the
        week happens; a week with no one present waits for ever."""
        minutes, weights = [np.array([math.inf])], [np.array([0.0])]
        for w, week in zip(self.weights, self.weeks):
            if week is None:
                minutes.append(np.array([math.inf]))
                weights.append(np.array([w]))
            else:
                minutes.append(week.response_minutes)
                weights.append(w * week.response_weights)
        return np.concatenate(minutes), np.concatenate(weights)

    @cached_property
    def _quantiles_minutes(self) -> tuple[float, float]:
        median, p90 = self._quantiles(np.array([0.5, 0.9]))
        return float(median), float(p90)

    def _quantiles(self, wanted: np.ndarray) -> np.ndarray:
        """Minutes by which each share of replies has reached people (inf if never): each
        bracketed on the response grid, then narrowed a few rounds, all shares in one pass a
        round."""
        grid = RESPONSE_GRID_MINUTES
        shares = np.maximum.accumulate(self.share_within(grid))
        above = np.searchsorted(shares, wanted, side="left")
        found = np.full(wanted.size, math.inf)
        inside = above < grid.size
        if not inside.any():
            return found
        high = grid[above[inside]]
        low = np.where(above[inside] > 0, grid[np.maximum(above[inside] - 1, 0)], 0.0)
        targets, rows = wanted[inside], np.arange(int(inside.sum()))
        for _ in range(QUANTILE_ROUNDS):
            points = np.linspace(low, high, QUANTILE_POINTS + 2, axis=1)[:, 1:-1]
            reached = self.share_within(points.ravel()).reshape(points.shape) >= targets[:, None]
            first = np.where(reached.any(axis=1), reached.argmax(axis=1), points.shape[1])
            high = np.where(first < points.shape[1],
                            points[rows, np.minimum(first, points.shape[1] - 1)], high)
            low = np.where(first > 0, points[rows, np.maximum(first - 1, 0)], low)
        found[inside] = (low + high) / 2
        return found

    @property
    def out_of_hours_share(self) -> float:
        return self.full.out_of_hours_share

    @property
    def peak_backlog(self) -> float:
        return float(self.hourly["backlog"].max())


@dataclass(frozen=True)
class MixedSolved:
    """`queueing._Solved.cell_shares_within` for a mix of weeks (a week with no one present
    answers no one within any time)."""

    parts: tuple[tuple[float, _Solved], ...]

    def cell_shares_within(self, minutes: np.ndarray) -> np.ndarray:
        """For an arrival in each cell, the chance its reply reaches the person within each
        of the minutes, over the mix of weeks: (cells, minutes)."""
        total: np.ndarray | None = None
        for w, solved in self.parts:
            part = w * solved.cell_shares_within(minutes)
            total = part if total is None else total + part
        assert total is not None, "a mix with a stable week"
        return total


def absence_mix(groups: Sequence[tuple[np.ndarray, int]], absent_share: float
                ) -> list[tuple[float, np.ndarray]]:
    """Each mix of people present, with how often it happens: `groups` are (one person's
    168 hours on duty, how many people work that pattern); each person is away for
    `absent_share` of weeks, independently. Alike people make one binomial each."""
    return [(w, sum((present * pattern.astype(np.int64) for (pattern, _), present
                     in zip(groups, counts)), np.zeros(HOURS_PER_WEEK, dtype=np.int64)))
            for w, counts in present_mix(groups, absent_share)]


def present_mix(groups: Sequence[tuple[np.ndarray, int]], absent_share: float
                ) -> list[tuple[float, tuple[int, ...]]]:
    """`absence_mix` as how many of each group are present (in the same order)."""
    mixes: list[tuple[float, tuple[int, ...]]] = [(1.0, ())]
    for _, count in groups:
        following = []
        for present in range(count + 1):
            weight = math.comb(count, present) * (1 - absent_share) ** present * (
                absent_share ** (count - present))
            for w, counts in mixes:
                following.append((w * weight, (*counts, present)))
        mixes = following
    return [(w, counts) for w, counts in mixes if w > 0]
