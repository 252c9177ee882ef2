"""The sample council's defaults, as data files, and the one function that reads them."""

from sample_data.loader import (
    ORGANISATIONS,
    benchmarks,
    channels,
    contact_channels,
    evidence_settings,
    level_names,
    one_contact,
    sample_scenario_dict,
)

__all__ = ["ORGANISATIONS", "benchmarks", "channels", "contact_channels", "evidence_settings",
           "level_names", "one_contact", "sample_scenario_dict"]
