"""Write sample_data/review_export_synthetic.csv: a SYNTHETIC "later" inbox export for Review.

Four weeks of messages a year into the sample council's plan (the plan starts on PLAN_START;
by the export adoption is complete), made from the plan itself: inbound messages arrive as the
plan's target levels and 168-hour profile say, the plan's share of them is answered, and each
reply waits as the model's queue says for the planned team and cover. Layout: Front's
analytics message export (Message ID, Conversation ID, Direction, Inbox, Message date), the
same as scripts/make_sample_inbox.py, plus Subject and a Data column saying "synthetic".

`build(scenario, rng, volume_factor=2, staff_factor=0.5)` makes the "doubled volume, halved
staff" variant the tests use (not committed). When the model says such a team cannot keep up,
replies are served first come, first served at the team's hourly capacity; what is still
waiting after the export's end (plus a week) is left unanswered.

Run: python scripts/make_actuals.py
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from make_sample_inbox import CHANNELS, SUBJECTS  # noqa: E402

from model import Scenario, evaluate, load_sample_scenario  # noqa: E402
from model.queueing import CELLS_PER_HOUR, RESPONSE_GRID_MINUTES, WeekResult  # noqa: E402
from model.units import HOURS_PER_WEEK  # noqa: E402

SEED = 20260105
TIMEZONE = "Europe/London"
PLAN_START = date(2025, 1, 6)  # a Monday; the Review page's default start for the sample
EXPORT_START = "2026-01-05"  # a Monday, 12 months in: the S-curve has finished
WEEKS = 4
REPLY_GRACE_WEEKS = 1  # replies written up to a week after the export's last day are kept
OUTPUT = ROOT / "sample_data" / "review_export_synthetic.csv"
COLUMNS = ["Message ID", "Conversation ID", "Direction", "Inbox", "Message date", "Subject",
           "Data"]


def stressed(scenario: Scenario, volume_factor: float, staff_factor: float) -> Scenario:
    """The scenario with messages per follower and planned staff scaled (what "really" happened)."""
    groups = tuple(replace(g, messages_per_follower_per_year=g.messages_per_follower_per_year
                           * volume_factor) for g in scenario.groups)
    planned = scenario.staffing.planned_fte
    if planned is None and staff_factor != 1.0:  # staffed to the promise: scale what it needs
        planned = evaluate(scenario).fte_required
    staffing = replace(scenario.staffing,
                       planned_fte=None if planned is None else planned * staff_factor)
    return replace(scenario, groups=groups, staffing=staffing)


def _arrivals(rng: np.random.Generator, profile: np.ndarray, per_week: float, start: str,
              weeks: int) -> pd.DatetimeIndex:
    """Inbound local times: Poisson per local hour at the profile's rate, uniform in the hour."""
    first = pd.Timestamp(start, tz=TIMEZONE)
    hours = pd.date_range(first, first + pd.DateOffset(weeks=weeks), freq="h", inclusive="left")
    hour_of_week = hours.day_of_week * 24 + hours.hour
    counts = rng.poisson(profile[hour_of_week] * per_week)
    starts = np.repeat(hours.as_unit("ns").asi8, counts)
    offsets = rng.uniform(0, 3600e9, size=starts.size).astype(np.int64)
    return pd.DatetimeIndex(np.sort(starts + offsets), tz="UTC").tz_convert(TIMEZONE)


def _modelled_waits(rng: np.random.Generator, week: WeekResult, received: pd.DatetimeIndex
                    ) -> np.ndarray:
    """Minutes to first response as the model's stable week has them: for each message, a
    draw from the reply times of the half hour it arrives in (NaN past the model's horizon)."""
    assert week.solved is not None, "a stable week has reply times"
    hour_of_week = np.asarray(received.day_of_week * 24 + received.hour)
    cell = hour_of_week * CELLS_PER_HOUR + np.asarray(received.minute) * CELLS_PER_HOUR // 60
    grid = RESPONSE_GRID_MINUTES
    shares = np.maximum.accumulate(week.solved.cell_shares_within(grid), axis=1)[cell]
    u = rng.random(cell.size)
    above = (shares < u[:, None]).sum(axis=1)  # first grid point reaching the draw
    inside = above < grid.size
    at = np.minimum(above, grid.size - 1)
    rows = np.arange(cell.size)
    low_share = np.where(at > 0, shares[rows, np.maximum(at - 1, 0)], 0.0)
    low_minutes = np.where(at > 0, grid[np.maximum(at - 1, 0)], 0.0)
    rise = np.maximum(shares[rows, at] - low_share, 1e-300)
    minutes = low_minutes + (grid[at] - low_minutes) * np.clip((u - low_share) / rise, 0.0, 1.0)
    return np.where(inside, minutes, np.nan)


def _overloaded_waits(rng: np.random.Generator, capacity_per_hour: np.ndarray,
                      approval: tuple[float, float], received: pd.DatetimeIndex,
                      horizon_hours: int) -> np.ndarray:
    """First come, first served at the team's hourly capacity (replies an hour); NaN if the
    reply would come after ``horizon_hours`` from the export's start."""
    start = received[0].normalize()
    hours = pd.date_range(start, periods=horizon_hours, freq="h")
    hour_of_week = np.asarray(hours.day_of_week * 24 + hours.hour)
    cumulative = np.concatenate([[0.0], np.cumsum(capacity_per_hour[hour_of_week])])
    at = np.asarray((received - start) / pd.Timedelta(hours=1), dtype=float)
    whole = np.minimum(at.astype(int), horizon_hours - 1)
    served_before = cumulative[whole] + (at - whole) * capacity_per_hour[hour_of_week[whole]]
    order = np.arange(at.size)
    finish = order + 1 + np.maximum.accumulate(served_before - order)
    done_hour = np.searchsorted(cumulative, finish, side="left")
    inside = done_hour <= horizon_hours
    index = np.clip(done_hour - 1, 0, horizon_hours - 1)
    per_hour = np.maximum(capacity_per_hour[hour_of_week[index]], 1e-12)
    done = index + (finish - cumulative[index]) / per_hour
    share, delay_hours = approval
    extra = np.where(rng.random(at.size) < share, delay_hours, 0.0)
    minutes = (np.maximum(done, at) - at + extra) * 60.0
    return np.where(inside, minutes, np.nan)


def build(scenario: Scenario, rng: np.random.Generator, volume_factor: float = 1.0,
          staff_factor: float = 1.0, start: str = EXPORT_START, weeks: int = WEEKS
          ) -> pd.DataFrame:
    """All messages, both directions, one row each, for the plan (optionally stressed)."""
    actual = stressed(scenario, volume_factor, staff_factor)
    result = evaluate(actual)
    profile = np.asarray(actual.arrival_profile)
    received = _arrivals(rng, profile, result.inbound_per_week, start, weeks)
    n = len(received)
    reply_share = result.replies_per_week / result.inbound_per_week
    answered = rng.random(n) < reply_share
    week = result.plan.week
    waits = np.full(n, np.nan)
    if week is not None and week.stable:
        waits[answered] = _modelled_waits(rng, week, received[answered])
    elif week is not None:
        approval = (result.plan.approvals_per_year.sum() / result.plan.replies_per_year.sum(),
                    actual.promise.approval_delay_hours)
        horizon = (weeks + REPLY_GRACE_WEEKS) * HOURS_PER_WEEK
        waits[answered] = _overloaded_waits(rng, np.asarray(week.hourly["capacity"]), approval,
                                            received[answered], horizon)
    replied = answered & np.isfinite(waits)
    reply_at = received[replied] + pd.to_timedelta(waits[replied], unit="min")
    channel = rng.choice(list(CHANNELS), size=n, p=list(CHANNELS.values()))
    subject = rng.choice(SUBJECTS, size=n)
    conversation = np.array([f"cnv_{c:05d}" for c in range(1, n + 1)])
    frames = [
        pd.DataFrame({"Conversation ID": conversation, "Direction": "Inbound",
                      "Inbox": channel, "Subject": subject, "local": received}),
        pd.DataFrame({"Conversation ID": conversation[replied], "Direction": "Outbound",
                      "Inbox": channel[replied], "Subject": subject[replied],
                      "local": reply_at}),
    ]
    messages = pd.concat(frames).sort_values("local", kind="stable").reset_index(drop=True)
    messages.insert(0, "Message ID", [f"msg_{i:06d}" for i in range(1, len(messages) + 1)])
    messages["Message date"] = pd.DatetimeIndex(messages["local"]).strftime("%Y-%m-%d %H:%M:%S")
    messages["Data"] = "synthetic"
    return messages[COLUMNS]


def to_bytes(messages: pd.DataFrame) -> bytes:
    return messages.to_csv(index=False, lineterminator="\n").encode("utf-8")


def on_track(scenario: Scenario) -> Scenario:
    """The plan as it keeps its promise: approvers sign off whenever the team is on duty (with
    the sample's office-hours approvers no team keeps the Extended promise, issue 24 §5)."""
    return replace(scenario, promise=replace(scenario.promise, approver_cover=None))


def main() -> None:
    """Generate the as-planned later export and write it next to the other sample data."""
    messages = build(on_track(load_sample_scenario()), np.random.default_rng(SEED))
    OUTPUT.write_bytes(to_bytes(messages))
    inbound = (messages["Direction"] == "Inbound").sum()
    print(f"wrote {OUTPUT} ({len(messages)} rows, {inbound} inbound, "
          f"{OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
