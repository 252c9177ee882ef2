"""Business-hours clock: a known answer, a minute-by-minute oracle, Orlo's two rules, 1M rows."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from model.business_hours import (
    OfficeHours,
    business_minutes,
    reply_is_in_office_hours,
    response_clocks,
)

NINE_TO_FIVE = OfficeHours(9, 17)
TZ = "Europe/London"


def stamps(*texts: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(list(texts))).tz_localize(TZ)


def test_friday_evening_to_monday_0930_is_30_business_minutes() -> None:
    # 2024-03-08 is a Friday, 2024-03-11 a Monday.
    minutes = business_minutes(stamps("2024-03-08 18:00"), stamps("2024-03-11 09:30"),
                               NINE_TO_FIVE)
    assert minutes.tolist() == [30.0]


def test_orlos_examples_with_office_hours_8_to_6() -> None:
    """support.orlo.tech: office hours 08:00-18:00; 19:00 → 09:00 next day is 1 hour; 19:00 →
    07:00 (same out-of-hours period) is the full 12 hours by default, 0 with the option."""
    office = OfficeHours(8, 18, (0, 1, 2, 3, 4, 5, 6))
    received = stamps("2024-03-05 19:00", "2024-03-05 19:00")
    replied = stamps("2024-03-06 09:00", "2024-03-06 07:00")
    assert business_minutes(received, replied, office).tolist() == [60.0, 720.0]
    assert business_minutes(received, replied, office, "zero").tolist() == [60.0, 0.0]


def brute_force_minutes(start: pd.Timestamp, end: pd.Timestamp, office: OfficeHours) -> float:
    """Walk the wall clock minute by minute and count the open ones (seconds are whole)."""
    wall_start, wall_end = start.tz_localize(None), end.tz_localize(None)
    minutes = pd.date_range(wall_start.ceil("min"), wall_end, freq="min", inclusive="left")
    counted = sum(1 for m in minutes if m.day_of_week in office.days
                  and office.open_hour * 60 <= m.hour * 60 + m.minute < office.close_hour * 60)
    head = (wall_start.ceil("min") - wall_start).total_seconds() / 60
    first = wall_start.floor("min")
    open_first = (first.day_of_week in office.days
                  and office.open_hour * 60 <= first.hour * 60 + first.minute
                  < office.close_hour * 60)
    return counted + (head if open_first else 0.0)


def test_random_pairs_agree_with_a_minute_by_minute_walk() -> None:
    rng = np.random.default_rng(26)
    office = OfficeHours(8.5, 17.5, (0, 1, 2, 3, 4, 5))
    base = pd.Timestamp("2024-03-25", tz=TZ)  # the week after the spring clock change too
    starts = base + pd.to_timedelta(rng.uniform(0, 14 * 24 * 60, 40).round(), unit="m")
    waits = pd.to_timedelta(rng.exponential(2_000, 40).round(), unit="m")
    ends = starts + waits
    got = business_minutes(starts, ends, office, "zero")
    expected = [brute_force_minutes(s, e, office) for s, e in zip(starts, ends, strict=True)]
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_an_unanswered_message_stays_unanswered() -> None:
    got = business_minutes(stamps("2024-03-08 10:00"), pd.DatetimeIndex([pd.NaT], tz=TZ),
                           NINE_TO_FIVE)
    assert np.isnan(got).all()


def test_a_reply_at_1700_is_out_of_hours_and_at_1659_in() -> None:
    inside = reply_is_in_office_hours(stamps("2024-03-08 16:59", "2024-03-08 17:00"),
                                      NINE_TO_FIVE)
    assert inside.tolist() == [True, False]


def test_three_clocks_each_say_what_they_measure() -> None:
    received = pd.Series(stamps("2024-03-08 18:00", "2024-03-11 10:00", "2024-03-11 11:00"))
    minutes = pd.Series([2 * 24 * 60 + 15.5 * 60, 20.0, np.nan])  # Fri 18:00 → Mon 09:30
    clocks = response_clocks(received, minutes, NINE_TO_FIVE)
    by_name = {c.clock: c for c in clocks}
    assert by_name["24-hour clock"].median_minutes == pytest.approx((3810 + 20) / 2)
    assert by_name["Business hours"].median_minutes == pytest.approx(25.0)
    assert by_name["Business hours"].mean_minutes == pytest.approx(25.0)
    assert by_name["24-hour clock"].share_answered == pytest.approx(2 / 3)
    assert "Orlo" in by_name["Business hours"].definition
    assert "Sprout" in by_name["Replies sent in business hours"].definition


def test_a_million_rows_take_well_under_a_few_seconds() -> None:
    rng = np.random.default_rng(1)
    start = pd.Timestamp("2024-01-01", tz=TZ)
    received = start + pd.to_timedelta(rng.uniform(0, 180 * 1440, 1_000_000), unit="m")
    replied = received + pd.to_timedelta(rng.exponential(300, 1_000_000), unit="m")
    began = time.perf_counter()
    minutes = business_minutes(received, replied, NINE_TO_FIVE)
    assert time.perf_counter() - began < 3.0
    assert len(minutes) == 1_000_000 and np.isfinite(minutes).all()


def test_bad_office_hours_are_refused_naming_them() -> None:
    with pytest.raises(ValueError, match="office hours"):
        OfficeHours(17, 9)
    with pytest.raises(ValueError, match="office days"):
        OfficeHours.from_names(9, 17, ("Funday",))
