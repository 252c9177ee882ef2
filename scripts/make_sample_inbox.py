"""Write sample_data/inbox_export_synthetic.csv: a SYNTHETIC social-inbox export.

Six weeks of messages for a fictional council ("Millbrook Vale District Council"), one row a
message in both directions, in the layout of Front's analytics message export (Message ID,
Conversation ID, Direction, Inbox, Message date) plus a Subject and a Data column saying
"synthetic". Fixed seed, so the file is the same every run. Times are naive Europe/London local
(wall-clock) times; the six weeks span the change to British Summer Time on 31 March 2024.

Run: python scripts/make_sample_inbox.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import sample_data  # noqa: E402

SEED = 20240304
TIMEZONE = "Europe/London"
START = "2024-03-04"  # a Monday
WEEKS = 6
INBOUND_PER_WEEK = 350
UNANSWERED_SHARE = 0.12
FOLLOW_UP_SHARE = 0.2
OUT_OF_HOURS_DUTY_SHARE = 0.1
OFFICE_OPEN_HOUR = 9
OFFICE_CLOSE_HOUR = 17
CHANNELS = sample_data.channels("social")
SUBJECTS = (
    "Missed bin collection",
    "Garden waste subscription",
    "Council tax bill",
    "Pothole report",
    "Planning application",
    "Fly-tipping",
    "Parking permit",
    "Housing repair",
    "Opening hours",
    "Event enquiry",
)
OUTPUT = Path(__file__).resolve().parents[1] / "sample_data" / "inbox_export_synthetic.csv"


def hourly_weight(dayofweek: np.ndarray, hour: np.ndarray) -> np.ndarray:
    """Relative arrival rate by local day and hour: weekday peaks, an evening bump, quiet nights."""
    morning = np.exp(-0.5 * ((hour - 10.5) / 2.5) ** 2)
    lunchtime = 0.8 * np.exp(-0.5 * ((hour - 13) / 1.5) ** 2)
    evening = 0.9 * np.exp(-0.5 * ((hour - 20) / 1.8) ** 2)
    night = 0.05
    weekday = np.where(dayofweek < 5, 1.0, 0.55)
    return weekday * (morning + lunchtime + evening + night)


def arrivals(rng: np.random.Generator) -> pd.DatetimeIndex:
    """Inbound first-message local times: Poisson per local hour, uniform within the hour."""
    start = pd.Timestamp(START, tz=TIMEZONE)
    hours = pd.date_range(start, start + pd.DateOffset(weeks=WEEKS), freq="h", inclusive="left")
    weight = hourly_weight(hours.day_of_week.to_numpy(), hours.hour.to_numpy())
    expected = weight / weight.sum() * INBOUND_PER_WEEK * WEEKS / (1 + FOLLOW_UP_SHARE)
    counts = rng.poisson(expected)
    starts = np.repeat(hours.tz_localize(None).as_unit("ns").asi8, counts)
    offsets = rng.uniform(0, 3600e9, size=starts.size).astype(np.int64)
    return pd.DatetimeIndex(np.sort(starts + offsets).astype("datetime64[ns]"))


def next_office_time(local: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The time itself if within office hours (Mon-Fri 09-17), else the next opening."""
    dow = local.day_of_week
    in_hours = (dow < 5) & (local.hour >= OFFICE_OPEN_HOUR) & (local.hour < OFFICE_CLOSE_HOUR)
    opening_today = local.normalize() + pd.Timedelta(hours=OFFICE_OPEN_HOUR)
    candidate = opening_today.where(local < opening_today, opening_today + pd.Timedelta(days=1))
    weekend_shift = np.select([candidate.day_of_week == 5, candidate.day_of_week == 6], [2, 1], 0)
    candidate = candidate + pd.to_timedelta(weekend_shift, unit="D")
    return local.where(in_hours, candidate)


def reply_times(rng: np.random.Generator, received: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """When the council replies: mostly within office hours, some evening duty replies."""
    start = next_office_time(received)
    duty = rng.random(len(received)) < OUT_OF_HOURS_DUTY_SHARE
    start = received.where(duty, start)
    delay_minutes = rng.lognormal(mean=np.log(50), sigma=0.9, size=len(received))
    return start + pd.to_timedelta(delay_minutes, unit="min")


def build(rng: np.random.Generator) -> pd.DataFrame:
    """All messages, both directions, one row each."""
    first = arrivals(rng)
    n = len(first)
    conversation = np.arange(1, n + 1)
    channel = rng.choice(list(CHANNELS), size=n, p=list(CHANNELS.values()))
    subject = rng.choice(SUBJECTS, size=n)
    answered = rng.random(n) >= UNANSWERED_SHARE
    reply = reply_times(rng, first)
    follow = answered & (rng.random(n) < FOLLOW_UP_SHARE)
    follow_at = reply + pd.to_timedelta(rng.exponential(90, size=n), unit="min")
    second_reply = reply_times(rng, follow_at)
    second_answered = rng.random(n) >= UNANSWERED_SHARE
    parts = [
        (first, np.ones(n, bool), "Inbound"),
        (reply[answered], answered, "Outbound"),
        (follow_at[follow], follow, "Inbound"),
        (second_reply[follow & second_answered], follow & second_answered, "Outbound"),
    ]
    frames = [
        pd.DataFrame(
            {
                "Conversation ID": [f"cnv_{c:05d}" for c in conversation[mask]],
                "Direction": direction,
                "Inbox": channel[mask],
                "Subject": subject[mask],
                "local": times,
            }
        )
        for times, mask, direction in parts
    ]
    messages = pd.concat(frames).sort_values("local", kind="stable").reset_index(drop=True)
    messages = messages[messages["local"] < pd.Timestamp(START) + pd.DateOffset(weeks=WEEKS)]
    local = pd.DatetimeIndex(messages["local"])
    messages.insert(0, "Message ID", [f"msg_{i:06d}" for i in range(1, len(messages) + 1)])
    messages["Message date"] = local.strftime("%Y-%m-%d %H:%M:%S")
    messages["Data"] = "synthetic"
    columns = ["Message ID", "Conversation ID", "Direction", "Inbox", "Message date", "Subject",
               "Data"]
    return messages[columns]


def main() -> None:
    """Generate the sample and write it next to the other sample data."""
    messages = build(np.random.default_rng(SEED))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    messages.to_csv(OUTPUT, index=False, lineterminator="\n")
    inbound = (messages["Direction"] == "Inbound").sum()
    size = OUTPUT.stat().st_size
    print(f"wrote {OUTPUT} ({len(messages)} rows, {inbound} inbound, {size} bytes)")


if __name__ == "__main__":
    main()
