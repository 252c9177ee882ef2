"""Headline numbers in the brief read as a person would write them."""

from __future__ import annotations

import pytest

from report import _format as fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-1.2e6, "-£1.2m"),
        (350_000, "£350k"),
        (9_800, "£9.8k"),
        (8_902, "£8.9k"),
        (950, "£950"),
        (999_999, "£1.0m"),
        (2.5e9, "£2.5bn"),
        (0.004, "£0"),
        (-0.004, "£0"),
        (2.83, "£2.83"),
        (float("nan"), "n/a"),
        (None, "n/a"),
    ],
)
def test_money_is_written_in_pounds_with_k_m_and_bn(value: object, expected: str) -> None:
    assert fmt.money_gbp(value) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (95.0, "1 h 35 min"),
        (120, "2 h"),
        (900.0, "15 h"),
        (45.4, "45 min"),
        (0.4, "under a minute"),
        (1500, "1 day 1 h"),
        (2880, "2 days"),
        (float("inf"), "n/a"),
        (-5, "n/a"),
    ],
)
def test_response_times_are_written_in_hours_and_minutes(minutes: object, expected: str) -> None:
    assert fmt.duration_minutes(minutes) == expected


def test_staff_shares_and_ratios_read_naturally() -> None:
    assert fmt.fte(4.25) == "4.2 FTE"
    assert fmt.share(0.712) == "71%"
    assert fmt.ratio(0.6) == "0.60"
    assert fmt.yes_no(True) == "yes"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(120_000, "120,000"), (310_000.0, "310,000"), (0.356, "0.36"), (None, ""), ("x", "x")],
)
def test_table_values_get_thousands_separators_and_at_most_two_decimals(
    value: object, expected: str
) -> None:
    assert fmt.table_cell(value) == expected
