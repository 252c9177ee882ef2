"""The channels the plan covers come from channels.csv and are saved with the scenario."""

import json

from model import Scenario


def test_the_plan_covers_the_sample_social_channels_and_saves_them(sample: Scenario) -> None:
    assert sample.channels == ("Facebook", "X (Twitter)", "Instagram", "Nextdoor")
    assert Scenario.from_dict(json.loads(json.dumps(sample.to_dict()))).channels == sample.channels


def test_a_scenario_saved_before_channels_were_recorded_still_opens(sample: Scenario) -> None:
    old = sample.to_dict()
    del old["channels"]
    assert Scenario.from_dict(old).channels == ()  # () : an export from any channel is accepted
