"""Engagement Planner's model: pure calculation, no Streamlit, no file reading of its own.

`load_sample_scenario` is the one door to the sample files: it asks `sample_data` for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from model.cover import cover_preset
from model.scenario import Scenario

if TYPE_CHECKING:
    from model.analysis import break_even, frontier, monte_carlo, tornado
    from model.result import Result, evaluate

# The engine's names load on first use (PEP 562), so `import model.<light module>` (the
# readers, the upload worker) does not load the queue engine, numba and scipy.stats (~180 MB).
# `evaluate` lives in model/result.py, so no submodule shares its name: it stays the function.
_LAZY = {"break_even": "model.analysis", "frontier": "model.analysis",
         "monte_carlo": "model.analysis", "tornado": "model.analysis",
         "Result": "model.result", "evaluate": "model.result"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")


def load_sample_scenario(organisation: str = "district") -> Scenario:
    """A fictional organisation shipped in sample_data/ (see its SOURCES.md): the district
    council, or "county" for the county council (a county's volume)."""
    from sample_data import sample_scenario_dict

    data = sample_scenario_dict(organisation)
    promise, staffing = data["promise"], data["staffing"]
    promise["cover"] = list(cover_preset(promise["cover_preset"]))
    staffing["current_cover"] = list(cover_preset(staffing.pop("current_cover_preset")))
    approvers = promise.pop("approver_cover_preset", "")  # blank: the team's hours on duty
    promise["approver_cover"] = list(cover_preset(approvers)) if approvers else None
    return Scenario.from_dict(data)


__all__ = ["Result", "Scenario", "break_even", "evaluate", "frontier",
           "load_sample_scenario", "monte_carlo", "tornado"]
