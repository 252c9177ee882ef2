"""Engagement Planner's model: pure calculation, no Streamlit, no file reading of its own.

`load_sample_scenario` is the one door to the sample files: it asks `sample_data` for them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from model.cover import cover_preset
from model.scenario import Scenario

if TYPE_CHECKING:
    from model.analysis import break_even, frontier, monte_carlo, tornado
    from model.evaluate import Result, evaluate

# The engine's names load on first use (PEP 562), so `import model.<light module>` (the
# readers, the upload worker) does not load the queue engine, numba and scipy.stats (~180 MB).
_LAZY = {"break_even": "model.analysis", "frontier": "model.analysis",
         "monte_carlo": "model.analysis", "tornado": "model.analysis",
         "Result": "model.evaluate"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")


class _Model(types.ModuleType):
    """`model.evaluate` is the function, even after the submodule of the same name loads (the
    import system then binds the submodule to the package's attribute; the setter ignores it)."""

    @property
    def evaluate(self) -> Any:
        return importlib.import_module("model.evaluate").evaluate

    @evaluate.setter
    def evaluate(self, _submodule: object) -> None:
        pass


sys.modules[__name__].__class__ = _Model


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
