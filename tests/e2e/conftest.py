"""End-to-end fixtures: the app as a real `streamlit run` server, and Chromium via Playwright.

Chromium is Debian's package at /usr/bin/chromium (Playwright's own browser download is not
used). Without it these tests are skipped with the reason shown; with
``PLANNER_REQUIRE_SERVICES=1`` (set in CI) they fail instead, so CI cannot pass by skipping.
The server gets ``PLANNER_DB_PATH`` in a temporary folder, so no real data/ is touched.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from st_harness import (
    CHROMIUM_PATH,
    WAIT_MS,
    StreamlitServer,
    chromium,
    new_context,
    open_app,
    skip_or_fail,
    start_app,
)

# Playwright's expect() waits 5 s by default, whatever the context's timeout: too short for a
# busy 2-core machine, where the frontend may draw elements seconds after the run has ended.
expect.set_options(timeout=WAIT_MS)

A11Y_REPORTS: list[str] = []
CALL_FAILED = pytest.StashKey[bool]()



@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not os.access(CHROMIUM_PATH, os.X_OK):
        skip_or_fail(f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium)")
    return CHROMIUM_PATH


FIRST_VISIT = "/commitment?present=1&target=60&share=85&cover=Office+hours&fte=4"


def first_visit(browser: Any, server: StreamlitServer) -> dict[str, Any]:
    """What the very first visitor after a start sees when they follow a shared deep link."""
    seen: dict[str, Any] = {"path": FIRST_VISIT}
    context = new_context(browser)
    try:
        page = context.new_page()
        open_app(page, f"{server.url}{FIRST_VISIT}")
        page.locator('[data-testid="stMain"] h1').first.wait_for(state="visible")
        banner = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(
            has_text="ready.").first
        banner.wait_for(state="visible")
        seen["banner"] = " ".join(banner.inner_text().split())
        seen["nav"] = [text.split("\n")[-1].strip() for text in
                       page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]
    except Exception as error:  # noqa: BLE001 - reported by the test that reads it
        seen["error"] = f"{type(error).__name__}: {error}"
    finally:
        context.close()
    return seen


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory, browser: Any
               ) -> Iterator[StreamlitServer]:
    """The app for the whole session: first visited by a deep link (recorded in
    ``server.notes["first_visit"]`` for test_deep_link_as_first_visit_after_start), then
    warmed up by a visit to its root URL.

    The warm-up pays the cold start (imports, first model runs) once, so no test's timings
    include it.
    """
    server = start_app(tmp_path_factory.mktemp("e2e_server"))
    try:
        server.notes["first_visit"] = first_visit(browser, server)
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


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    with chromium() as running:
        yield running


class Tab:
    """A page in a fresh browser context, recording dialogs, uncaught page errors and (for the
    report of a failed test) console errors and failed requests."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.events: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("console", lambda message: self._note(
            f"console {message.type}: {message.text}") if message.type == "error" else None)
        self.page.on("requestfailed", lambda request: self._note(
            f"request failed: {request.url} {request.failure}"))

    def _note(self, text: str) -> None:
        if len(self.events) < 200:
            self.events.append(f"{time.strftime('%H:%M:%S')} {text[:400]}")

    def _on_page_error(self, error: Any) -> None:
        self.page_errors.append(str(error))
        self._note(f"page error: {error}")

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        self._note(f"dialog: {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def diagnose(self, folder: Path, name: str) -> str:
        """Where the page was and what it logged; a screenshot and the DOM saved in `folder`."""
        lines = [f"--- tab {name}: {self.page.url}"]
        try:
            state = self.page.evaluate(
                "JSON.stringify(window.__e2e && {started: window.__e2e.started, "
                "finished: window.__e2e.finished, done: window.__e2e.done, "
                "state: window.__e2e.state})")
            lines.append(f"script runs: {state}")
            self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            (folder / f"{name}.html").write_text(self.page.content(), encoding="utf-8")
            lines.append(f"screenshot and DOM: {folder / name}.png/.html")
        except Exception as error:  # noqa: BLE001 - diagnostics must not hide the failure
            lines.append(f"(could not capture the page: {error})")
        lines.extend(self.events or ["(no console errors, failed requests or dialogs)"])
        return "\n".join(lines)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed


@pytest.fixture
def new_tab(request: pytest.FixtureRequest, browser: Any, app_server: StreamlitServer,
            tmp_path: Path) -> Iterator[Any]:
    """Factory for pages, each in its own fresh context (own cookies, own Streamlit session).
    When the test fails, each tab's URL, script-run count, console errors and failed requests
    are printed (with a screenshot and the DOM saved), and so is the server log's tail."""
    tabs: list[Tab] = []

    def make() -> Tab:
        tab = Tab(new_context(browser))
        tabs.append(tab)
        return tab

    yield make
    if request.node.stash.get(CALL_FAILED, False):
        for number, tab in enumerate(tabs):
            print(tab.diagnose(tmp_path, f"tab{number}"))
        print(f"--- server log (tail):\n{app_server.log_tail()}")
    for tab in tabs:
        tab.context.close()


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
