"""The one Scenario in session state, and cached calls to the model.

Every page reads the scenario with `get_scenario()` and writes changes with
`set_scenario(new)`; nothing else touches st.session_state["scenario"].
"""

from __future__ import annotations

import functools
import json
import os

import numpy as np
import streamlit as st

import model
import model.recommend
from model import Result, Scenario
from model.budget import time_budget

SCENARIO_KEY = "scenario"
SCENARIO_KEYS_KEPT = 256  # about one per live session and a few recent settings each
# The most one calculation (an evaluate, the 10,000 draws, a frontier…) may take before it
# stops with a plain message naming what was too big (model.budget): the largest plan the
# bounds allow evaluates in about 4 s on a busy 2-core machine. An operator may set another.
BUDGET_ENV = "PLANNER_CALCULATION_SECONDS"
CALCULATION_SECONDS = float(os.environ.get(BUDGET_ENV, "60"))


@st.cache_data(show_spinner=False, max_entries=8)
def _sample_json(organisation: str) -> str:
    return json.dumps(model.load_sample_scenario(organisation).to_dict())


def sample_scenario(organisation: str = "district") -> Scenario:
    """A sample organisation: the district council (the default) or "county"."""
    return Scenario.from_dict(json.loads(_sample_json(organisation)))


def get_scenario() -> Scenario:
    """The session's scenario; the sample council on first visit."""
    if SCENARIO_KEY not in st.session_state:
        st.session_state[SCENARIO_KEY] = sample_scenario()
    scenario: Scenario = st.session_state[SCENARIO_KEY]
    return scenario


def set_scenario(scenario: Scenario) -> None:
    st.session_state[SCENARIO_KEY] = scenario


# Cached model calls: pure functions of the scenario, keyed by its JSON text.
# Memoised on the (frozen, hashable) Scenario itself: writing 8 kB of JSON costs 1.5 ms, and a
# Commitment rerun asks for the key of the same scenario four times; hash and == cost 35 µs.
@functools.lru_cache(maxsize=SCENARIO_KEYS_KEPT)
def scenario_key(scenario: Scenario) -> str:
    """The scenario as canonical JSON text: the cache key for anything computed from it."""
    return json.dumps(scenario.to_dict(), sort_keys=True)


@st.cache_data(show_spinner=False, max_entries=256)
def _evaluate(key: str) -> Result:
    with time_budget(CALCULATION_SECONDS):
        return model.evaluate(Scenario.from_dict(json.loads(key)))


def evaluate(scenario: Scenario) -> Result:
    return _evaluate(scenario_key(scenario))


@st.cache_data(show_spinner="Running 10,000 draws…", max_entries=64)
def _monte_carlo(key: str, draws: int, seed: int) -> model.analysis.MonteCarloResult:
    with time_budget(CALCULATION_SECONDS):
        return model.monte_carlo(Scenario.from_dict(json.loads(key)), draws, seed)


def monte_carlo(scenario: Scenario, draws: int = 10_000, seed: int = 0
                ) -> model.analysis.MonteCarloResult:
    return _monte_carlo(scenario_key(scenario), draws, seed)


@st.cache_data(show_spinner=False, max_entries=64)
def _frontier(key: str, targets: tuple[float, ...]):  # type: ignore[no-untyped-def]
    with time_budget(CALCULATION_SECONDS):
        return model.frontier(Scenario.from_dict(json.loads(key)), np.array(targets))


def frontier(scenario: Scenario, targets_minutes: tuple[float, ...]):  # type: ignore[no-untyped-def]
    return _frontier(scenario_key(scenario), targets_minutes)


@st.cache_data(show_spinner=False, max_entries=64)
def _break_even(key: str):  # type: ignore[no-untyped-def]
    with time_budget(CALCULATION_SECONDS):
        return model.break_even(Scenario.from_dict(json.loads(key)))


def break_even(scenario: Scenario):  # type: ignore[no-untyped-def]
    return _break_even(scenario_key(scenario))


@st.cache_data(show_spinner=False, max_entries=64)
def _tornado(key: str):  # type: ignore[no-untyped-def]
    with time_budget(CALCULATION_SECONDS):
        return model.tornado(Scenario.from_dict(json.loads(key)))


def tornado(scenario: Scenario):  # type: ignore[no-untyped-def]
    return _tornado(scenario_key(scenario))


# ---------------------------------------------------------------- widgets bound to the scenario

WIDGET_PREFIXES = ("w_", "ed_", "edbase_")
PRESENTING_KEY = "presenting"
URL_APPLIED_KEY = "_url_applied"
INPUT_ERROR_KEY = "_input_error"
SUGGESTION_KEY = "_suggestion"


def clear_widgets() -> None:
    """Forget widget values so every widget re-reads the scenario on its next run."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[key]


def replace_scenario(scenario: Scenario) -> None:
    """Set a scenario that came from outside the widgets (reset, link, suggestion)."""
    set_scenario(scenario)
    clear_widgets()
    st.session_state.pop(SUGGESTION_KEY, None)


def reset_scenario() -> None:
    replace_scenario(sample_scenario())


def load_county_sample() -> None:
    """The county-scale sample (sample_data/county/) in place of the session's scenario."""
    replace_scenario(sample_scenario("county"))


def presenting() -> bool:
    return bool(st.session_state.get(PRESENTING_KEY, False))


# ---------------------------------------------------------------- the recommendation

LIMITS_KEY = "_limits"


def default_limits(scenario: Scenario) -> model.recommend.Limits:
    """No cap, no group below today's level, every promise up to a week, every preset cover."""
    return model.recommend.Limits(
        min_levels=tuple((g.group, g.current_level) for g in scenario.groups),
        promises_minutes=model.recommend.PROMISES_MINUTES,
        covers=model.recommend.COVERS)


def get_limits(scenario: Scenario) -> model.recommend.Limits:
    limits = st.session_state.get(LIMITS_KEY)
    groups = {g.group for g in scenario.groups}
    if limits is None or {group for group, _ in limits.min_levels} != groups:
        limits = default_limits(scenario)
    result: model.recommend.Limits = limits
    return result


def set_limits(limits: model.recommend.Limits) -> None:
    st.session_state[LIMITS_KEY] = limits


@st.cache_data(show_spinner="Searching levels × promise × cover…", max_entries=32)
def _best_plan(key: str, limits: model.recommend.Limits) -> tuple[str | None, float, float, int,
                                                                  float | None, float]:
    with time_budget(CALCULATION_SECONDS):
        found = model.recommend.best_plan(Scenario.from_dict(json.loads(key)), limits)
    best = None if found.best is None else json.dumps(found.best.to_dict())
    return (best, found.npv_gbp, found.fte, found.plans_tried, found.max_fte,
            found.smallest_fte_needed)


def best_plan(scenario: Scenario, limits: model.recommend.Limits) -> model.recommend.Search:
    best, npv_gbp, fte, tried, max_fte, smallest = _best_plan(scenario_key(scenario), limits)
    plan = None if best is None else Scenario.from_dict(json.loads(best))
    return model.recommend.Search(plan, npv_gbp, fte, tried, max_fte, smallest)
