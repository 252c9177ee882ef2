"""model.evidence: the blend weight and the weekly volume interval, against simulation."""

from __future__ import annotations

import numpy as np
import pytest

from model.evidence import (
    EvidenceRules,
    blended_profile,
    enough_for_a_week,
    profile_weight,
    volume_interval_per_week,
)


def test_the_weight_is_n_over_n_plus_k() -> None:
    assert profile_weight(49, 840) == pytest.approx(49 / 889)
    assert profile_weight(0, 840) == 0.0
    with pytest.raises(ValueError, match="messages"):
        profile_weight(-1, 840)


def test_a_blend_sums_to_one_and_sits_between_its_parts() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.dirichlet(np.ones(168)), rng.dirichlet(np.ones(168))
    mixed = blended_profile(a, b, 0.25)
    assert mixed.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(mixed, 0.25 * a + 0.75 * b)


def test_the_thresholds_are_steps_at_4_weeks_and_500_messages() -> None:
    rules = EvidenceRules(prior_messages=840, min_weeks=4, min_messages=500)
    assert enough_for_a_week(500, 4.0, rules)
    assert not enough_for_a_week(499, 4.0, rules)
    assert not enough_for_a_week(500, 3.99, rules)


@pytest.mark.parametrize("rate_per_week", [20.0, 300.0])
def test_the_interval_covers_the_true_rate_about_95_times_in_100(rate_per_week: float) -> None:
    """Poisson days simulated independently: the interval holds the true weekly rate in
    roughly 95 % of files (a little more, as the exact interval is conservative)."""
    rng = np.random.default_rng(7)
    weeks, files, held = 6, 2_000, 0
    for _ in range(files):
        days = rng.poisson(rate_per_week / 7, size=weeks * 7)
        low, high = volume_interval_per_week(int(days.sum()), weeks, days)
        held += low <= rate_per_week <= high
    assert 0.93 <= held / files <= 0.99


def test_overdispersed_days_widen_the_interval() -> None:
    calm = np.full(42, 10)
    lumpy = np.tile([0, 0, 0, 0, 0, 0, 70], 6)
    assert np.diff(volume_interval_per_week(420, 6, lumpy)) > np.diff(
        volume_interval_per_week(420, 6, calm))
