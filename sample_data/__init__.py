"""The sample council's defaults, as data files, and the one function that reads them."""

from sample_data.loader import ORGANISATIONS, channels, level_names, sample_scenario_dict

__all__ = ["ORGANISATIONS", "channels", "level_names", "sample_scenario_dict"]
