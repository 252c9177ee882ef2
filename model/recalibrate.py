"""Recalibration: the plan refitted, one observed assumption at a time, to a later export."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from model.calibrate import apply_inbox, today_inbound_per_week
from model.measurement import InboxFigures, plan_progress, review_date
from model.scenario import Scenario
from model.units import HOURS_PER_WEEK, WEEKS_PER_YEAR
from model.value import demand

# The export's week shape is blended with the plan's as if the plan's were this many messages
# (five an hour of the week): a month of a few hundred messages a week leaves single hours
# noisy, and the staffing the model solves for follows the busiest hours.
PROFILE_PRIOR_MESSAGES = 5 * HOURS_PER_WEEK


class Change(StrEnum):
    """Which observed assumption one recalibration step takes from the export."""

    NONE = "plan as it is"
    VOLUME = "messages measured"
    WEEK_SHAPE = "week's shape measured"
    HANDLE_TIME = "handle time measured"


class RecalibrationStep(NamedTuple):
    """One step: what changed, the scenario after it, and the value measured (a week's
    messages, or minutes a reply; nan where the step has none). `present.words` labels it."""

    change: Change
    scenario: Scenario
    measured: float = math.nan


def recalibration_steps(scenario: Scenario, summary: InboxFigures, start_date: date | None = None,
                        handle_minutes: float | None = None) -> list[RecalibrationStep]:
    """The plan refitted one observed assumption at a time, to show why the numbers move:
    [(what changed, scenario, measured)], from the plan as it is to `recalibrate`.

    * messages per follower: scaled so the model's inbound, part-way along the adoption ramp
      at the export's date (fully at target without ``start_date``), matches the export;
    * arrival profile: the export's 168-hour shape (blended with the plan's, see
      `blended_profile`, so a few noisy hours do not move the staffing);
    * handle time: only when ``handle_minutes`` is given (exports of messages do not record
      staff time), every level's handle minutes scaled so the planned mean matches it.

    Response times are not an input: the model predicts them from volume, staff and handle
    time, so they move when those do. The promise and the planned team are never changed.
    """
    if summary.messages_per_week <= 0 or not math.isfinite(summary.messages_per_week):
        raise ValueError(f"messages_per_week = {summary.messages_per_week!r}: expected a "
                         "number > 0")
    progress = 1.0 if start_date is None else plan_progress(scenario, start_date,
                                                            review_date(summary))
    today = today_inbound_per_week(scenario)
    planned = float(demand(scenario, [g.target_level for g in scenario.groups])
                    .inbound_per_year.sum() / WEEKS_PER_YEAR)
    predicted = today + progress * (planned - today)
    if predicted <= 0:
        raise ValueError("groups: the plan predicts no messages, so there is nothing to scale")
    volume = apply_inbox(scenario, today * summary.messages_per_week / predicted)
    shaped = apply_inbox(scenario, today * summary.messages_per_week / predicted,
                         blended_profile(scenario, summary))
    steps = [RecalibrationStep(Change.NONE, scenario),
             RecalibrationStep(Change.VOLUME, volume, float(summary.messages_per_week)),
             RecalibrationStep(Change.WEEK_SHAPE, shaped)]
    if handle_minutes is None:
        return steps
    if not math.isfinite(handle_minutes) or handle_minutes <= 0:
        raise ValueError(f"handle_minutes = {handle_minutes!r}: expected minutes > 0")
    need = demand(shaped, [g.target_level for g in shaped.groups])
    factor = handle_minutes / (need.reply_handle_seconds / 60)
    levels = tuple(replace(level, handle_minutes=level.handle_minutes * factor)
                   for level in shaped.levels)
    steps.append(RecalibrationStep(Change.HANDLE_TIME, replace(shaped, levels=levels),
                                   handle_minutes))
    return steps


def recalibrate(scenario: Scenario, summary: InboxFigures, start_date: date | None = None,
                handle_minutes: float | None = None) -> Scenario:
    """The scenario refitted to what a later export measured (see `recalibration_steps`)."""
    return recalibration_steps(scenario, summary, start_date, handle_minutes)[-1].scenario


def blended_profile(scenario: Scenario, summary: InboxFigures) -> np.ndarray:
    """The export's 168-hour shape, shrunk towards the plan's by PROFILE_PRIOR_MESSAGES."""
    observed = np.asarray(summary.arrival_profile, dtype=float)
    messages = summary.messages_per_week * summary.weeks_covered
    weight = messages / (messages + PROFILE_PRIOR_MESSAGES)
    return weight * observed + (1 - weight) * np.asarray(scenario.arrival_profile)
