"""Anticipate the user in a background thread, so cached model calls are ready when asked for:

- the next slider move: after a run, the scenario one and two steps further in the direction
  the user just moved (the cached model call and the chart built from it);
- the next page: once no script has run on the server for IDLE_SECONDS, the heavy pages'
  calls (Recommendation's options, Uncertainty's 10,000 draws) for the scenario a user last
  drew, so a first visit to them finds its answer ready.

One worker thread per server process, a small queue, and nothing queued when it is full: the
warmer only ever uses spare time. The worker sees scenarios and pure cached functions, never
st.session_state or a session's script context; a scenario it cannot build is skipped.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import streamlit as st

from model import Scenario

QUEUE_SLOTS = 2        # runs waiting to be warmed; more are dropped (the user has moved on)
STEPS_AHEAD = (1, 2)   # warm the value one and two steps further in the same direction
# Rounded so that 0.33 - 0.01 lands on the very float a slider gives (32 / 100), not
# 0.32000000000000006: the cache key is the scenario's exact JSON.
DECIMALS = 9
PREVIOUS_KEY = "_warm_previous"
IDLE_SECONDS = 2.0     # no run on the server for this long: users are reading, warm the next page
REMEMBERED = 32        # scenarios whose pages were warmed already (per process)

Warmer = Callable[[Scenario], object]
_jobs: queue.Queue[tuple[Scenario, Scenario, tuple[Warmer, ...]]] = queue.Queue(QUEUE_SLOTS)
_start_lock = threading.Lock()
_worker: threading.Thread | None = None
_idle_lock = threading.RLock()
_idle_job: tuple[Scenario, tuple[Warmer, ...]] | None = None  # the latest only
_warmed: list[Scenario] = []
_last_run = 0.0  # time.monotonic() of the latest script run on this server
_log = logging.getLogger(__name__)


def after_run(scenario: Scenario, *warmers: Warmer) -> None:
    """Call once a page has drawn `scenario`: queue the next likely scenarios for `warmers`
    (pure cached functions of a scenario). Returns at once; never waits for the worker."""
    previous = st.session_state.get(PREVIOUS_KEY)
    st.session_state[PREVIOUS_KEY] = scenario
    if previous is None or previous == scenario:
        return
    _ensure_worker()
    with contextlib.suppress(queue.Full):  # busy: skip, the next move is a plain cache miss
        _jobs.put_nowait((previous, scenario, warmers))


def when_idle(scenario: Scenario, *warmers: Warmer) -> None:
    """Call after every script run: warm `warmers` (pure cached functions of a scenario) for
    `scenario` once no run has happened on the server for IDLE_SECONDS and the worker is free.
    Only the latest scenario waits: an earlier one the user has moved on from is dropped.
    Returns at once."""
    global _idle_job, _last_run
    with _idle_lock:
        _last_run = time.monotonic()  # every run calls this: a run is activity
        if scenario in _warmed:
            return
        _idle_job = (scenario, warmers)
    _ensure_worker()


def next_scenarios(previous: Scenario, current: Scenario) -> Iterator[Scenario]:
    """Scenarios with each number that changed from `previous` to `current` moved on by the same
    step again (and twice); invalid ones are left out."""
    before, now = previous.to_dict(), current.to_dict()
    changes = list(_numeric_changes(before, now, ()))
    for steps in STEPS_AHEAD:
        data = now
        for path, old, new in changes:
            data = _set(data, path, round(new + (new - old) * steps, DECIMALS))
        try:
            yield Scenario.from_dict(data)
        except (ValueError, TypeError, KeyError):
            return


def _numeric_changes(before: Any, now: Any, path: tuple[str, ...]
                     ) -> Iterator[tuple[tuple[str, ...], float, float]]:
    if isinstance(before, dict) and isinstance(now, dict):
        for key in now.keys() & before.keys():
            yield from _numeric_changes(before[key], now[key], (*path, key))
    elif (_is_number(before) and _is_number(now) and before != now):
        yield path, before, now


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _set(data: dict[str, Any], path: tuple[str, ...], value: float) -> dict[str, Any]:
    """A copy of `data` with the leaf at `path` replaced."""
    head, *rest = path
    return {**data, head: _set(data[head], tuple(rest), value) if rest else value}


def _ensure_worker() -> None:
    global _worker
    with _start_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="planner-cache-warmer", daemon=True)
            _worker.start()


def _work() -> None:
    while True:
        try:
            previous, current, warmers = _jobs.get(timeout=IDLE_SECONDS)
        except queue.Empty:
            _warm_idle_job()
            continue
        try:
            _run(next_scenarios(previous, current), warmers)
        finally:
            _jobs.task_done()


def _warm_idle_job() -> None:
    """Warm the latest idle job, one warmer at a time: if a script runs meanwhile (a user
    moving a slider), the warmers left wait for the next quiet spell, so their reruns do not
    share the server with a page they may never open."""
    global _idle_job
    with _idle_lock:
        if _busy():
            return  # someone is moving a slider: their reruns come first
        job, _idle_job = _idle_job, None
        if job is None:
            return
        _warmed.append(job[0])
        del _warmed[:-REMEMBERED]
    scenario, warmers = job
    for index, warmer in enumerate(warmers):
        with _idle_lock:
            if _busy():
                if _idle_job is None:  # nothing newer waits: these still will be wanted
                    _idle_job = (scenario, warmers[index:])
                return
        _run([scenario], (warmer,))


def _busy() -> bool:
    """A script has run on this server within IDLE_SECONDS."""
    return time.monotonic() - _last_run < IDLE_SECONDS


def _run(scenarios: Iterable[Scenario], warmers: tuple[Warmer, ...]) -> None:
    try:
        for scenario in scenarios:
            for warm in warmers:
                warm(scenario)
    except ValueError:
        pass  # a setting the model cannot calculate: the page will say so if it is reached
    except Exception:  # noqa: BLE001 - a warmer must never take the worker down
        _log.exception("cache warming failed")
