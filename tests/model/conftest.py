"""Shared scenarios for model tests."""

import pytest

from model import Scenario, load_sample_scenario


@pytest.fixture(scope="session")
def sample() -> Scenario:
    return load_sample_scenario()
