"""Break-evens on the exact model: a value put back breaks even, or the step is named."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

import model
from model.analysis import BREAK_EVEN_SHARE, _npv_at, break_even, today_value
from ui import words


@pytest.fixture(scope="module")
def rich() -> model.Scenario:
    """The audit's rich case: phone and visit costs ×10, readers per reply ×3, messages ×2."""
    sample = model.load_sample_scenario()
    econ = sample.economics
    return replace(
        sample,
        economics=replace(econ, phone_contact_gbp=econ.phone_contact_gbp * 10,
                          visit_contact_gbp=econ.visit_contact_gbp * 10,
                          readers_per_public_reply=econ.readers_per_public_reply * 3),
        groups=tuple(replace(g, messages_per_follower_per_year=g.messages_per_follower_per_year
                             * 2) for g in sample.groups))


@pytest.fixture(scope="module")
def table(rich: model.Scenario):  # type: ignore[no-untyped-def]
    return break_even(rich).set_index("assumption")


def test_every_break_even_put_back_gives_npv_near_zero(rich, table) -> None:
    allowed = BREAK_EVEN_SHARE * model.evaluate(rich).pv_costs_gbp
    found = table[table["break_even_value"].notna()]
    assert len(found) >= 4
    for name, row in found.iterrows():
        factor = row["break_even_value"] / today_value(rich, str(name))
        assert abs(float(_npv_at(rich, {str(name): factor})[0])) <= allowed, name


def test_handle_time_is_a_step_over_zero_not_a_break_even(rich, table) -> None:
    # The audit: reported at 10.23 min where NPV is +£189,620; the real crossing is a step
    # between ×1.28 and ×1.30 (+£87.6k to −£18.4k).
    row = table.loc["handle_minutes"]
    assert bool(row["jump"]) and math.isnan(row["break_even_value"])
    today = today_value(rich, "handle_minutes")
    assert 1.28 * today <= row["jump_low_value"] < row["jump_high_value"] <= 1.30 * today
    assert row["npv_low_gbp"] > 0 > row["npv_high_gbp"]
    for side in ("low", "high"):  # both sides are what the exact model gives there
        factor = row[f"jump_{side}_value"] / today
        assert float(_npv_at(rich, {"handle_minutes": factor})[0]) == pytest.approx(
            row[f"npv_{side}_gbp"], abs=1.0)
    sentence = words.break_even_text(row.rename(None).to_frame().T.assign(
        assumption="handle_minutes").iloc[0])
    assert "no single break-even" in sentence and "+£" in sentence and "−£" in sentence
