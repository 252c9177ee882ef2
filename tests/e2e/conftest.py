"""End-to-end fixtures: the app as a real `streamlit run` server, and Chromium via Playwright.

Chromium is Debian's package at /usr/bin/chromium (Playwright's own browser download is not
used). Without it these tests are skipped with the reason shown; with
``PLANNER_REQUIRE_SERVICES=1`` (set in CI) they fail instead, so CI cannot pass by skipping.
The server gets ``PLANNER_DB_PATH`` in a temporary folder, so no real data/ is touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from st_harness import (
    CHROMIUM_PATH,
    REQUIRE_SERVICES_ENV,
    ROOT,
    StreamlitServer,
    launch_chromium,
    new_context,
    open_app,
)

A11Y_REPORTS: list[str] = []


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason`` locally; fail in CI, where the browser must be installed."""
    if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not os.access(CHROMIUM_PATH, os.X_OK):
        skip_or_fail(f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium)")
    return CHROMIUM_PATH


def start_server(folder: Path) -> StreamlitServer:
    """The app on a free port, with a throw-away database (no real data/ is touched)."""
    server = StreamlitServer(app=ROOT / "app.py", log_path=folder / "streamlit.log",
                             env_overrides={"PLANNER_DB_PATH": str(folder / "planner.db")})
    return server.start()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory, browser: Any
               ) -> Iterator[StreamlitServer]:
    """The app for the whole session, warmed up by one visit to its root URL.

    The warm-up pays the cold start (imports, first model runs) once, and makes the tests
    independent of order: until some session has opened "/", Streamlit serves a deep link such
    as /commitment as a legacy pages/ script (see test_deep_link_as_first_visit_after_start).
    """
    server = start_server(tmp_path_factory.mktemp("e2e_server"))
    try:
        context = new_context(browser)
        try:
            page = context.new_page()
            open_app(page, f"{server.url}/")
            page.locator('[data-testid="stMetricValue"]').first.wait_for(state="visible")
        finally:
            context.close()
        yield server
    finally:
        server.stop()


@pytest.fixture
def fresh_server(tmp_path: Path, chromium_path: str) -> Iterator[StreamlitServer]:
    """A server nobody has visited yet, for first-visit behaviour."""
    server = start_server(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - playwright is in requirements-dev
        skip_or_fail(f"playwright not installed: {error}")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


class Tab:
    """A page in a fresh browser context, recording dialogs and uncaught page errors."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def new_tab(browser: Any, app_server: StreamlitServer) -> Iterator[Any]:
    """Factory for pages, each in its own fresh context (own cookies, own Streamlit session)."""
    contexts: list[Any] = []

    def make() -> Tab:
        context = new_context(browser)
        contexts.append(context)
        return Tab(context)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab: Any) -> Tab:
    made: Tab = new_tab()
    return made


@pytest.fixture(scope="session")
def a11y_reports() -> list[str]:
    return A11Y_REPORTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if A11Y_REPORTS:
        terminalreporter.section("accessibility (axe-core)")
        for report in A11Y_REPORTS:
            terminalreporter.write_line(report)
