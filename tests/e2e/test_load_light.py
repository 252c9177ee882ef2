"""A light version of the load test (`scripts/load_test.py`, issue 8 "Load"): a few browser
sessions, then twenty websocket clients, on the Commitment page at once, each with its own
settings in the URL, moving the response-target slider. Every session must keep its own values
(no cross-talk) and no session may see an error. Latency is printed, not asserted: on a busy
2-core CI machine it says little.

Skipped without Chromium at /usr/bin/chromium, failed instead with PLANNER_REQUIRE_SERVICES=1
(the `chromium_path` fixture in conftest.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from load_harness import run, summary

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

SESSIONS = 6
DURATION_S = 15.0


def test_concurrent_sessions_keep_their_own_values(chromium_path: str, tmp_path: Path) -> None:
    # Its own server and its own event loop, in a thread: Playwright's sync API (the other
    # e2e tests' `browser` fixture) may already own this thread's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(run, tmp_path, SESSIONS, DURATION_S).result()
    text = summary(report, examples=20)
    print(text)
    assert all(s.opened for s in report.sessions), text
    assert not report.errors, text
    assert not report.cross_talk, text
    assert report.latencies, f"no slider move finished\n{text}"
    assert all(s.latencies_ms for s in report.sessions), f"a session never moved\n{text}"


WS_SESSIONS = 20
WS_THINK_S = (0.2, 0.8)


def test_many_websocket_sessions_keep_their_own_values(tmp_path: Path) -> None:
    # No browser: clients speaking Streamlit's protocol (tests/e2e/ws_client.py), so 20 fit.
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(run, tmp_path, WS_SESSIONS, DURATION_S, None, WS_THINK_S).result()
    text = summary(report, examples=20)
    print(text)
    assert all(s.opened for s in report.sessions), text
    assert not report.errors, text
    assert not report.cross_talk, text
    assert all(s.latencies_ms for s in report.sessions), f"a session never moved\n{text}"
    assert sum(s.moves_with_kpi_change for s in report.sessions) > 0, text
