"""Every inbound message is read and triaged, answered or not (issue 24 §6)."""

from dataclasses import replace

import pytest

from model import Scenario, evaluate
from model.value import demand


def _triage(scenario, minutes):
    return replace(scenario, staffing=replace(scenario.staffing,
                                              triage_minutes_per_message=minutes))


def test_triage_adds_the_time_of_every_inbound_message_to_the_work(sample):
    levels = [g.target_level for g in sample.groups]
    none, some = demand(_triage(sample, 0.0), levels), demand(_triage(sample, 2.0), levels)
    added = some.reply_hours_per_year - none.reply_hours_per_year
    assert added == pytest.approx(none.inbound_per_year * 2.0 / 60)  # answered or not
    assert some.handle_seconds * some.replies_per_year.sum() == pytest.approx(
        (none.reply_hours_per_year.sum() + added.sum()) * 3600)


def test_more_triage_time_answers_no_faster_and_needs_no_fewer_staff(sample):
    results = [evaluate(_triage(sample, minutes)) for minutes in (0.0, 0.5, 3.0)]
    shares = [r.share_within_target for r in results]
    assert shares[0] >= shares[1] >= shares[2]
    assert results[0].fte_required <= results[1].fte_required <= results[2].fte_required


def test_triage_round_trips_and_scenarios_saved_before_it_take_the_samples(sample):
    assert Scenario.from_dict(_triage(sample, 1.25).to_dict()) == _triage(sample, 1.25)
    data = sample.to_dict()
    del data["staffing"]["triage_minutes_per_message"]
    assert Scenario.from_dict(data) == sample
    with pytest.raises(ValueError, match="staffing.triage_minutes_per_message = -1"):
        _triage(sample, -1.0)
