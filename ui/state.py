"""The one Scenario in session state, and cached calls to the model.

Every page reads the scenario with `get_scenario()` and writes changes with
`set_scenario(new)`; nothing else touches st.session_state["scenario"].
"""

from __future__ import annotations

import json
import os

import numpy as np
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

import model
import model.options
import model.recommend
from model import Result, Scenario
from model.budget import time_budget
from model.surge import SurgeAssessment, evaluate_surge
from present import url
from ui import warm

SCENARIO_KEY = "scenario"
CHART_GENERATION_KEY = "_chart_generation"
SENT_LAYOUTS_KEY = "_live_chart_layouts"  # ui.live_chart.SENT_LAYOUTS_KEY (not imported: it
# installs the component's assets on import)
SCENARIO_KEYS_KEPT = url.SAVED_TEXTS_KEPT  # as many scenarios as their saved texts kept
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


_pages_mode_checked = False


def _leave_pages_directory_mode() -> None:
    """Run every page through app.py's navigation, deep links included.

    Streamlit treats a folder named pages/ beside app.py as an old-style multipage app until some
    session has run st.navigation: until then a link such as /commitment?target=60 runs
    pages/commitment.py on its own, without app.py's navigation, sidebar or link settings. The
    design card fixes the folder's name, so the first page run in a process switches that mode
    off and starts again, now through app.py. Checked by
    tests/e2e/test_e2e_journeys.py::test_deep_link_as_first_visit_after_start.
    """
    global _pages_mode_checked
    if _pages_mode_checked:
        return  # once a process, as Streamlit decides the mode once a process
    _pages_mode_checked = True
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def get_scenario() -> Scenario:
    """The session's scenario; the sample council on first visit. Every page calls it first."""
    _leave_pages_directory_mode()
    if SCENARIO_KEY not in st.session_state:
        st.session_state[SCENARIO_KEY] = sample_scenario()
    scenario: Scenario = st.session_state[SCENARIO_KEY]
    return scenario


def set_scenario(scenario: Scenario) -> None:
    st.session_state[SCENARIO_KEY] = scenario


# Cached model calls: pure functions of the scenario, keyed by its canonical JSON text
# (`present.url.saved_text`, written once per scenario). The scenario itself rides along
# unhashed (the leading underscore): on a miss the model gets the validated object the page
# already holds, not the JSON parsed and validated a second time.
scenario_key = url.saved_text


@st.cache_data(show_spinner=False, max_entries=256)
def _evaluate(key: str, _scenario: Scenario) -> Result:
    with time_budget(CALCULATION_SECONDS):
        return model.evaluate(_scenario)


def evaluate(scenario: Scenario) -> Result:
    return _evaluate(scenario_key(scenario), scenario)


@st.cache_data(show_spinner="Running 10,000 draws…", max_entries=64)
def _monte_carlo(key: str, _scenario: Scenario, draws: int, seed: int
                 ) -> model.analysis.MonteCarloResult:
    with time_budget(CALCULATION_SECONDS):
        return model.monte_carlo(_scenario, draws, seed)


def monte_carlo(scenario: Scenario, draws: int = 10_000, seed: int = 0
                ) -> model.analysis.MonteCarloResult:
    return _monte_carlo(scenario_key(scenario), scenario, draws, seed)


@st.cache_data(show_spinner=False, max_entries=64)
def _frontier(key: str, _scenario: Scenario, targets: tuple[float, ...]):  # type: ignore[no-untyped-def]
    with time_budget(CALCULATION_SECONDS):
        return model.frontier(_scenario, np.array(targets))


def frontier(scenario: Scenario, targets_minutes: tuple[float, ...]):  # type: ignore[no-untyped-def]
    return _frontier(scenario_key(scenario), scenario, targets_minutes)


@st.cache_data(show_spinner=False, max_entries=64)
def _break_even(key: str, _scenario: Scenario):  # type: ignore[no-untyped-def]
    with time_budget(CALCULATION_SECONDS):
        return model.break_even(_scenario)


def break_even(scenario: Scenario):  # type: ignore[no-untyped-def]
    return _break_even(scenario_key(scenario), scenario)


@st.cache_data(show_spinner=False, max_entries=64)
def _tornado(key: str, _scenario: Scenario):  # type: ignore[no-untyped-def]
    with time_budget(CALCULATION_SECONDS):
        return model.tornado(_scenario)


def tornado(scenario: Scenario):  # type: ignore[no-untyped-def]
    return _tornado(scenario_key(scenario), scenario)


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
    # Such a change is followed by st.rerun(), and a chart that then moves on its page (a
    # note drawn above it) came back as an empty frame: Your data's charts were blank after
    # "Use in my scenario". New chart keys give new, freshly drawn charts, layouts included.
    st.session_state[CHART_GENERATION_KEY] = chart_generation() + 1
    st.session_state.pop(SENT_LAYOUTS_KEY, None)


def chart_generation() -> int:
    """Bumped whenever the scenario is replaced from outside the widgets (part of chart keys)."""
    return int(st.session_state.get(CHART_GENERATION_KEY, 0))


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
    return model.options.default_limits(scenario)


WARM_PAGES = os.environ.get("PLANNER_WARM_PAGES", "1") != "0"
"""Warm the heavy pages in spare time (ui/warm.when_idle); the tests turn it off, as it would
spend their CPU on pages they never open."""


def warm_heavy_pages(scenario: Scenario) -> None:
    """Once the server is idle, work out what Recommendation and Uncertainty will ask for this
    scenario (within this session's limits), and Commitment's "What would have to be true"
    (its break-evens re-staff the plan at every point bisected: seconds) and "Suggest levels"
    (every level at this promise and cover, no cap: about 4 s for the sample), so a first
    visit to them, or a press of the button, finds it ready."""
    if not WARM_PAGES:
        return
    limits = get_limits(scenario)

    def recommendation(s: Scenario) -> None:
        best = _options(scenario_key(s), s, limits).search.best
        if best is not None:  # the page's recommended plan and its three key assumptions
            evaluate(best)
            tornado(best)
            break_even(best)

    def suggestion(s: Scenario) -> None:
        best_plan(s, suggestion_limits())  # as the button asks with no cap set

    warm.when_idle(scenario, recommendation, monte_carlo, tornado, break_even, suggestion)


def suggestion_limits(cap_fte: float = 0.0) -> model.recommend.Limits:
    """What Commitment's "Suggest levels" searches: every level at this promise and cover,
    under a cap on the team (0: none)."""
    return model.recommend.Limits(max_fte=cap_fte or None)


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
def _best_plan(key: str, _scenario: Scenario, limits: model.recommend.Limits
               ) -> tuple[str | None, float, float, int, float | None, float]:
    with time_budget(CALCULATION_SECONDS):
        found = model.recommend.best_plan(_scenario, limits)
    best = None if found.best is None else json.dumps(found.best.to_dict())
    return (best, found.npv_gbp, found.fte, found.plans_tried, found.max_fte,
            found.smallest_fte_needed)


def best_plan(scenario: Scenario, limits: model.recommend.Limits) -> model.recommend.Search:
    best, npv_gbp, fte, tried, max_fte, smallest = _best_plan(scenario_key(scenario), scenario,
                                                              limits)
    plan = None if best is None else Scenario.from_dict(json.loads(best))
    return model.recommend.Search(plan, npv_gbp, fte, tried, max_fte, smallest)


@st.cache_data(show_spinner="Running the event…", max_entries=64)
def _surge(key: str, _scenario: Scenario) -> SurgeAssessment | None:
    return evaluate_surge(_scenario, result=_evaluate(key, _scenario))


def surge(scenario: Scenario) -> SurgeAssessment | None:
    """The plan's team through the scenario's surge event (model.surge.evaluate_surge)."""
    return _surge(scenario_key(scenario), scenario)


@st.cache_data(show_spinner="Weighing the options…", max_entries=32)
def _options(key: str, _scenario: Scenario, limits: model.recommend.Limits
             ) -> model.options.Options:
    return model.options.options(evaluate(_scenario), best_plan(_scenario, limits), limits,
                                 evaluate)


def options(scenario: Scenario, limits: model.recommend.Limits | None = None
            ) -> model.options.Options:
    """Stay as we are, Do the minimum, Recommended and As set, within the session's limits."""
    return _options(scenario_key(scenario), scenario, limits or get_limits(scenario))
