"""Engagement Planner's model: pure calculation, no Streamlit, no file reading of its own.

`load_sample_scenario` is the one door to the sample files: it asks `sample_data` for them.
"""

from __future__ import annotations

from model.analysis import break_even, frontier, monte_carlo, tornado
from model.cover import cover_preset
from model.evaluate import Result, evaluate
from model.scenario import Scenario


def load_sample_scenario(organisation: str = "district") -> Scenario:
    """A fictional organisation shipped in sample_data/ (see its SOURCES.md): the district
    council, or "county" for the county council (a county's volume)."""
    from sample_data import sample_scenario_dict

    data = sample_scenario_dict(organisation)
    promise, staffing = data["promise"], data["staffing"]
    promise["cover"] = list(cover_preset(promise["cover_preset"]))
    staffing["current_cover"] = list(cover_preset(staffing.pop("current_cover_preset")))
    return Scenario.from_dict(data)


__all__ = ["Result", "Scenario", "break_even", "evaluate", "frontier",
           "load_sample_scenario", "monte_carlo", "tornado"]
