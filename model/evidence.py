"""How much an inbox export says: the weight its week shape earns, and its volume's interval.

A week's shape is 168 numbers; a file of a few dozen messages cannot fit them. The export's
168-hour profile is therefore blended with the default (the scenario's own) in proportion to
the evidence: weight n ÷ (n + k), where n is the file's inbound messages and k a prior worth of
messages (``prior_messages``; set in sample_data/settings.csv, an assumption). The weekly
volume carries an interval: an exact Poisson interval on the count, widened by the day-to-day
over-dispersion the file shows (quasi-Poisson), then divided by the weeks covered.

Pure: no Streamlit, no files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from model.units import HOURS_PER_WEEK

MIN_DAYS_FOR_DISPERSION = 14
"""Day-to-day spread is only estimated from at least two weeks of days (else taken as 1)."""


@dataclass(frozen=True)
class EvidenceRules:
    """When a file is enough, and how far its week shape counts (sample_data: 'evidence')."""

    prior_messages: float
    """k in n ÷ (n + k): the default week shape counts as this many messages."""
    min_weeks: float
    """Fewer weeks than this is too little to fit a week's shape on."""
    min_messages: int
    """Fewer inbound messages than this is too little to fit a week's shape on."""
    min_weeks_for_volume: float = 1.0
    """A file shorter than this does not set the weekly volume (it has not seen every day)."""
    interval_level: float = 0.95

    def __post_init__(self) -> None:
        for name in ("prior_messages", "min_weeks", "min_weeks_for_volume"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} = {value!r}: expected a number ≥ 0")
        if self.min_messages < 0:
            raise ValueError(f"min_messages = {self.min_messages!r}: expected a whole number ≥ 0")
        if not 0 < self.interval_level < 1:
            raise ValueError(f"interval_level = {self.interval_level!r}: expected 0 to 1")


def profile_weight(messages: float, prior_messages: float) -> float:
    """n ÷ (n + k): how far the file's own week shape counts (0 with no messages)."""
    if messages < 0 or prior_messages < 0:
        raise ValueError(f"messages = {messages!r}, prior_messages = {prior_messages!r}: "
                         "expected numbers ≥ 0")
    total = messages + prior_messages
    return float(messages / total) if total > 0 else 0.0


def blended_profile(observed: np.ndarray, default: np.ndarray | tuple[float, ...],
                    weight: float) -> np.ndarray:
    """weight × observed + (1 − weight) × default, both 168 shares summing to 1."""
    seen = np.asarray(observed, dtype=float)
    prior = np.asarray(default, dtype=float)
    if seen.shape != (HOURS_PER_WEEK,) or prior.shape != (HOURS_PER_WEEK,):
        raise ValueError(f"profiles: {seen.size} and {prior.size} values; expected 168 each")
    if not 0 <= weight <= 1:
        raise ValueError(f"weight = {weight!r}: expected 0 to 1")
    blended: np.ndarray = weight * seen + (1 - weight) * prior
    return blended / float(blended.sum())


def dispersion(daily_counts: np.ndarray) -> float:
    """Variance ÷ mean of messages a day (at least 1; 1 when under two weeks of days)."""
    counts = np.asarray(daily_counts, dtype=float)
    if counts.size < MIN_DAYS_FOR_DISPERSION or counts.mean() <= 0:
        return 1.0
    return max(1.0, float(counts.var(ddof=1) / counts.mean()))


def volume_interval_per_week(messages: int, weeks: float, daily_counts: np.ndarray,
                             level: float = 0.95) -> tuple[float, float]:
    """(low, high) messages a week: the exact Poisson interval on ``messages``, widened by
    √dispersion around the count, divided by ``weeks``."""
    if messages < 0 or weeks <= 0:
        raise ValueError(f"messages = {messages!r}, weeks = {weeks!r}: expected ≥ 0 and > 0")
    alpha = 1 - level
    # chi2.ppf(q, 2n) / 2 is gammaincinv(n, q): scipy.special loads far less than scipy.stats
    low = 0.0 if messages == 0 else float(special.gammaincinv(messages, alpha / 2))
    high = float(special.gammaincinv(messages + 1, 1 - alpha / 2))
    widen = math.sqrt(dispersion(daily_counts))
    low = max(0.0, messages - widen * (messages - low))
    high = messages + widen * (high - messages)
    return low / weeks, high / weeks


def enough_for_a_week(messages: int, weeks: float, rules: EvidenceRules) -> bool:
    """Whether the file is enough to fit a week's shape on (both thresholds met)."""
    return weeks >= rules.min_weeks and messages >= rules.min_messages
