"""First responses on the vendors' clocks: the 24-hour clock, and business hours.

Social-inbox tools report response times on more than one clock, so a council comparing the
app's "today" with its own tool's report needs the same clock:

* **24-hour clock**: reply time minus arrival time.
* **Business hours, out-of-hours time left out** (Orlo's office-hours calculation): only the
  minutes inside office hours count, so Friday 18:00 → Monday 09:30 is 30 minutes with office
  hours 09:00–17:00. A message received out of hours and answered in the *same* out-of-hours
  period is counted at its full time by Orlo's default, or as 0 with Orlo's option
  (``same_period``).
* **Replies sent in business hours** (Sprout Social's Team Report "Business Hours" view): the
  reply's own timestamp decides whether it is counted; its time is the 24-hour one.

Vectorised with numpy: the business minutes up to any moment are a lookup in a cumulative
week of minutes, so a difference of two lookups gives every message's business time at once.
Office hours are wall-clock hours in the times' own zone (bank holidays are not left out).
Pure: no Streamlit, no files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from model.units import DAY_NAMES

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
_EPOCH_AFTER_MONDAY_MINUTES = 3 * MINUTES_PER_DAY  # 1970-01-01 was a Thursday
SamePeriod = Literal["full", "zero"]


@dataclass(frozen=True)
class OfficeHours:
    """Open from ``open_hour`` to ``close_hour`` (local wall clock) on ``days`` (0 = Monday)."""

    open_hour: float
    close_hour: float
    days: tuple[int, ...] = (0, 1, 2, 3, 4)

    def __post_init__(self) -> None:
        if not 0 <= self.open_hour < self.close_hour <= 24:
            raise ValueError(f"office hours = {self.open_hour!r}–{self.close_hour!r}: expected "
                             "0 ≤ opening hour < closing hour ≤ 24")
        if not self.days or any(d not in range(7) for d in self.days):
            raise ValueError(f"office days = {self.days!r}: expected one or more of 0 (Monday) "
                             "to 6 (Sunday)")

    @classmethod
    def from_names(cls, open_hour: float, close_hour: float, names: tuple[str, ...]
                   ) -> OfficeHours:
        """Days given by name ('Mon', 'Tuesday'…): the first three letters count."""
        short = [d[:3].casefold() for d in DAY_NAMES]
        try:
            days = tuple(short.index(n[:3].casefold()) for n in names)
        except ValueError as err:
            raise ValueError(f"office days = {names!r}: expected day names such as Mon") from err
        return cls(open_hour, close_hour, days)

    def open_minutes(self) -> np.ndarray:
        """A week of minutes, Monday 00:00 first: 1.0 where the office is open."""
        minute_of_day = np.arange(MINUTES_PER_DAY)
        day = ((minute_of_day >= self.open_hour * 60)
               & (minute_of_day < self.close_hour * 60)).astype(float)
        return np.concatenate([day if d in self.days else np.zeros(MINUTES_PER_DAY)
                               for d in range(7)])

    @property
    def minutes_per_week(self) -> float:
        return float(self.open_minutes().sum())


def _wall_minutes(times: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Minutes of local wall-clock time since Monday 1969-12-29 00:00; NaN for NaT."""
    index = pd.DatetimeIndex(times)
    if index.tz is not None:
        index = index.tz_localize(None)
    nanoseconds = index.as_unit("ns").asi8.astype(np.float64)
    minutes = nanoseconds / 60e9 + _EPOCH_AFTER_MONDAY_MINUTES
    minutes[np.asarray(index.isna())] = np.nan
    return minutes


def _open_minutes_before(minutes: np.ndarray, office: OfficeHours) -> np.ndarray:
    """Office minutes from the epoch Monday up to each moment (NaN stays NaN)."""
    is_open = office.open_minutes()
    before = np.concatenate([[0.0], np.cumsum(is_open)])
    finite = np.isfinite(minutes)
    safe = np.where(finite, minutes, 0.0)
    week = np.floor(safe / MINUTES_PER_WEEK)
    within = safe - week * MINUTES_PER_WEEK
    whole = np.minimum(within.astype(np.int64), MINUTES_PER_WEEK - 1)
    result = week * before[-1] + before[whole] + (within - whole) * is_open[whole]
    return np.where(finite, result, np.nan)


def business_minutes(received: pd.Series | pd.DatetimeIndex,
                     replied: pd.Series | pd.DatetimeIndex, office: OfficeHours,
                     same_period: SamePeriod = "full") -> np.ndarray:
    """Minutes inside office hours between each arrival and its reply (NaN if no reply).

    ``same_period``: a message received out of hours and answered in the same out-of-hours
    period counts its full time ("full", Orlo's default) or 0 ("zero", Orlo's option).
    """
    start, end = _wall_minutes(received), _wall_minutes(replied)
    inside = _open_minutes_before(end, office) - _open_minutes_before(start, office)
    if same_period == "zero":
        return inside
    is_open = office.open_minutes()
    safe = np.where(np.isfinite(start), start, 0.0)
    opened = is_open[(safe % MINUTES_PER_WEEK).astype(np.int64)] > 0
    same = (inside == 0) & ~opened & (end > start)
    elapsed = _elapsed_minutes(received, replied)
    return np.where(same, elapsed, inside)


def _elapsed_minutes(received: pd.Series | pd.DatetimeIndex,
                     replied: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    delta = pd.DatetimeIndex(replied) - pd.DatetimeIndex(received)
    return np.asarray(delta.total_seconds(), dtype=float) / 60


def reply_is_in_office_hours(replied: pd.Series | pd.DatetimeIndex, office: OfficeHours
                             ) -> np.ndarray:
    """True where the reply was sent inside office hours (False where there is none)."""
    minutes = _wall_minutes(replied)
    safe = np.where(np.isfinite(minutes), minutes, 0.0)
    inside = office.open_minutes()[(safe % MINUTES_PER_WEEK).astype(np.int64)] > 0
    return inside & np.isfinite(minutes)


@dataclass(frozen=True)
class ClockFigures:
    """Today's first responses on one clock, with the definition that goes with them."""

    clock: str
    definition: str
    counted: int
    share_answered: float
    median_minutes: float
    mean_minutes: float


def response_clocks(received: pd.Series, first_response_minutes: pd.Series,
                    office: OfficeHours, same_period: SamePeriod = "full"
                    ) -> list[ClockFigures]:
    """The same inbound messages on three clocks: 24-hour, business hours (out-of-hours time
    left out) and replies sent in business hours."""
    if len(received) != len(first_response_minutes):
        raise ValueError(f"received ({len(received)}) and first_response_minutes "
                         f"({len(first_response_minutes)}): expected one per inbound message")
    elapsed = np.asarray(first_response_minutes, dtype=float)
    arrived = pd.DatetimeIndex(received)
    replied = arrived + pd.to_timedelta(elapsed, unit="m")
    business = business_minutes(arrived, replied, office, same_period)
    in_hours = reply_is_in_office_hours(replied, office)
    hours = _hours_text(office)
    same = ("counted at their full time (Orlo's default)" if same_period == "full"
            else "counted as 0 (Orlo's option)")
    return [
        _figures("24-hour clock", "Reply time minus arrival time, night and weekend included. "
                 "Share answered: inbound messages with any reply.", elapsed),
        _figures("Business hours", f"Only minutes inside office hours ({hours}) count: a "
                 "message that arrives out of hours starts its clock when the office opens. "
                 "Replies sent in the same out-of-hours period as the message are "
                 f"{same}. As Orlo's office-hours response time.", business),
        _figures("Replies sent in business hours", f"Only replies sent inside office hours "
                 f"({hours}), on the 24-hour clock; share answered is of all inbound messages. "
                 "As Sprout Social's Team Report 'Business Hours' view (the reply's timestamp "
                 "decides).", np.where(in_hours, elapsed, np.nan), counted=int(in_hours.sum()),
                 of=len(elapsed)),
    ]


def _figures(clock: str, definition: str, minutes: np.ndarray, counted: int | None = None,
             of: int | None = None) -> ClockFigures:
    answered = minutes[np.isfinite(minutes)]
    total = of if of is not None else len(minutes)
    share = len(answered) / total if total else math.nan
    return ClockFigures(clock, definition, counted if counted is not None else len(minutes),
                        share, float(np.median(answered)) if len(answered) else math.nan,
                        float(np.mean(answered)) if len(answered) else math.nan)


def _hours_text(office: OfficeHours) -> str:
    days = [DAY_NAMES[d][:3] for d in sorted(office.days)]
    span = f"{days[0]}–{days[-1]}" if len(days) > 2 and sorted(office.days) == list(
        range(office.days[0], office.days[0] + len(days))) else ", ".join(days)
    return f"{span} {_clock(office.open_hour)}–{_clock(office.close_hour)}"


def _clock(hour: float) -> str:
    return f"{int(hour):02d}:{int(round((hour % 1) * 60)):02d}"
