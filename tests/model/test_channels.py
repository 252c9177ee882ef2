"""The channels the plan covers come from channels.csv and are saved with the scenario."""

import json
from dataclasses import replace

import pytest

from model import Scenario, evaluate
from sample_data import channels


def test_the_plan_covers_the_sample_social_channels_and_saves_them(sample: Scenario) -> None:
    assert sample.channels == ("Facebook", "X (Twitter)", "Instagram", "Nextdoor")
    assert Scenario.from_dict(json.loads(json.dumps(sample.to_dict()))).channels == sample.channels


def test_a_scenario_saved_before_channels_were_recorded_still_opens(sample: Scenario) -> None:
    old = sample.to_dict()
    del old["channels"]
    assert Scenario.from_dict(old).channels == ()  # () : an export from any channel is accepted


def test_the_contact_channels_are_the_contact_rows_of_channels_csv(sample: Scenario) -> None:
    assert sample.contact_channels == tuple(name.lower() for name in channels("contact"))
    assert sample.contact_channels == ("phone", "visit")


def test_leaving_a_contact_channel_out_is_the_same_as_nobody_using_it(sample: Scenario) -> None:
    no_visits = replace(sample, groups=tuple(g.with_substitution_shares({"visit": 0.0})
                                             for g in sample.groups))
    phone_only = replace(sample, contact_channels=("phone",))
    assert evaluate(phone_only).npv_gbp == pytest.approx(evaluate(no_visits).npv_gbp, abs=1e-6)
    assert evaluate(phone_only).npv_gbp < evaluate(sample).npv_gbp  # visits saved are worth £
    saved = json.loads(json.dumps(phone_only.to_dict()))
    assert Scenario.from_dict(saved).contact_channels == ("phone",)


def test_a_contact_channel_with_no_price_or_share_is_refused_by_name(sample: Scenario) -> None:
    with pytest.raises(ValueError, match="contact_channels.*email"):
        replace(sample, contact_channels=("phone", "email"))
