"""ui/warm's idle-time warming: the heavy pages' calls run for the scenario the user last drew,
once the worker has been idle, and only once per scenario."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import model
from ui import warm

WAIT_S = 30.0


def _scenarios() -> tuple[model.Scenario, model.Scenario]:
    sample = model.load_sample_scenario()
    other = replace(sample, promise=replace(sample.promise, target_share=0.7))
    return sample, other


def test_the_latest_scenario_is_warmed_once_when_the_worker_is_idle() -> None:
    earlier, latest = _scenarios()
    seen: list[model.Scenario] = []
    done = threading.Event()

    def warmer(scenario: model.Scenario) -> None:
        seen.append(scenario)
        done.set()

    with warm._idle_lock:  # both asked before the worker can look: only the latest waits
        warm._warmed.clear()
        warm.when_idle(earlier, warmer)
        warm.when_idle(latest, warmer)
    assert done.wait(WAIT_S), "the idle worker never warmed the page"
    assert seen == [latest]

    done.clear()
    warm.when_idle(latest, warmer)  # warmed already: nothing to do
    assert not done.wait(3 * warm.IDLE_SECONDS + 1)
    assert seen == [latest]


def test_a_warmer_that_fails_leaves_the_worker_running() -> None:
    first, second = _scenarios()
    done = threading.Event()

    def broken(_: model.Scenario) -> None:
        raise RuntimeError("boom")

    with warm._idle_lock:
        warm._warmed.clear()
    warm.when_idle(first, broken)
    assert _warmed_soon(first)
    warm.when_idle(second, lambda s: done.set())
    assert done.wait(WAIT_S)


def _warmed_soon(scenario: model.Scenario) -> bool:
    finished = threading.Event()
    for _ in range(int(WAIT_S * 10)):
        with warm._idle_lock:
            if scenario in warm._warmed and warm._idle_job is None:
                return True
        finished.wait(0.1)
    return False


def test_a_user_who_moves_a_slider_mid_warming_waits_for_no_more_warmers() -> None:
    """The idle job runs its warmers one at a time; a script run between them (here, during
    the first) puts the rest off until the server is quiet again, not straight after."""
    scenario, _ = _scenarios()
    user_ran_at: list[float] = []
    second_ran_at: list[float] = []
    done = threading.Event()

    def first(s: model.Scenario) -> None:
        warm.when_idle(s)  # what every script run does: the user is back
        user_ran_at.append(time.monotonic())

    def second(_: model.Scenario) -> None:
        second_ran_at.append(time.monotonic())
        done.set()

    with warm._idle_lock:
        warm._warmed.clear()
    warm.when_idle(scenario, first, second)
    assert done.wait(WAIT_S), "the warmer left over never ran"
    assert second_ran_at[0] - user_ran_at[0] >= warm.IDLE_SECONDS * 0.99


def test_idle_time_works_out_suggest_levels_as_the_button_will_ask(monkeypatch) -> None:
    """Commitment's "Suggest levels" searches every level at the promise and cover (about
    4 s for the sample): the idle warmer asks the same search, with the button's limits as
    they stand with no cap set, so a press after reading the view finds it ready."""
    from ui import state

    asked: list[tuple[model.Scenario, tuple[warm.Warmer, ...]]] = []
    searched: list[tuple[model.Scenario, object]] = []
    monkeypatch.setattr(state, "WARM_PAGES", True)
    monkeypatch.setattr(state, "get_limits", state.default_limits)  # no session here
    monkeypatch.setattr(state.warm, "when_idle", lambda s, *warmers: asked.append((s, warmers)))
    monkeypatch.setattr(state, "best_plan", lambda s, limits: searched.append((s, limits)))
    scenario, _ = _scenarios()
    state.warm_heavy_pages(scenario)
    [(warmed, warmers)] = asked
    warmers[-1](warmed)
    assert searched == [(scenario, state.suggestion_limits(0.0))]
    assert state.suggestion_limits(0.0).max_fte is None  # the cap input's 0: no cap
