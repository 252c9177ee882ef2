"""Fit a scenario to what an inbox export shows: today's weekly volume and week shape."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from model.scenario import Scenario
from model.units import HOURS_PER_WEEK, WEEKS_PER_YEAR
from model.value import demand


def today_inbound_per_week(scenario: Scenario) -> float:
    """Inbound messages a week at today's levels, as the scenario predicts them."""
    need = demand(scenario, [g.current_level for g in scenario.groups])
    return float(need.inbound_per_year.sum() / WEEKS_PER_YEAR)


def apply_inbox(scenario: Scenario, messages_per_week: float,
                arrival_profile: np.ndarray | list[float] | None = None) -> Scenario:
    """Scale every group's messages per follower so today's volume matches the export,
    and (optionally) take the export's 168-hour arrival profile.

    The export measures today's inbound, so the fit is made at today's levels; the target
    levels then multiply it up as the levels table says.
    """
    if not math.isfinite(messages_per_week) or messages_per_week <= 0:
        raise ValueError(f"messages_per_week = {messages_per_week!r}: expected a number > 0")
    predicted = today_inbound_per_week(scenario)
    if predicted <= 0:
        raise ValueError("groups: today's levels predict no messages, so there is nothing to "
                         "scale; give at least one group followers and messages per follower")
    factor = messages_per_week / predicted
    groups = tuple(replace(g, messages_per_follower_per_year=g.messages_per_follower_per_year
                           * factor) for g in scenario.groups)
    fitted = replace(scenario, groups=groups)
    if arrival_profile is None:
        return fitted
    profile = np.asarray(arrival_profile, dtype=float)
    if profile.shape != (HOURS_PER_WEEK,) or profile.sum() <= 0 or np.any(profile < 0):
        raise ValueError(f"arrival_profile: {profile.shape[0]} values; expected 168 shares ≥ 0")
    profile = profile / profile.sum()
    return replace(fitted, arrival_profile=tuple(float(p) for p in profile))
