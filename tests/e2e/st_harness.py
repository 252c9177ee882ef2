"""Run a Streamlit app as a real server and drive it with Chromium: shared by the e2e tests
(tests/e2e/conftest.py) and the browser benchmark (scripts/bench_browser.py).

Waiting is event-driven, never a fixed sleep: an init script counts the app's completed
script runs (from the websocket's `script_finished` messages, see INIT_SCRIPT), so a test can
say "this action must cause a rerun; wait until it has finished and been drawn", then waits for
``stApp``'s ``data-test-script-state="notRunning"`` too.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"]
REQUIRE_SERVICES_ENV = "PLANNER_REQUIRE_SERVICES"


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason`` locally; fail in CI, where every service must be installed."""
    import pytest

    if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)

# Every wait in a test: generous, for a busy 2-core CI machine running two workers. The
# Uncertainty page's first Monte Carlo takes about 22 s on an idle machine since today's team
# became a mix of absence weeks (issue 24, open).
WAIT_MS = 90_000
HEALTH_TIMEOUT_S = 60.0
VIEWPORT = {"width": 1400, "height": 1000}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# Counts the app's script runs and keeps every toast's HTML (toasts vanish after a few seconds,
# so a test reads them from this record instead of racing the timer).
#
# A run is counted from the websocket, not from the DOM: Streamlit's frontend can render
# "running" and "notRunning" in one React commit when a run is quick (or the machine busy), so
# the attribute's transitions alone can miss runs. Each binary frame is a ForwardMsg; a
# top-level field 4 is `new_session` (a run starts) and field 6 is `script_finished` (its value
# 2 means "stopped early for a rerun": not a finished run). `done` counts finished runs, but
# only two animation frames after the message, by when React has drawn that run's output.
# `state` and `lastChange` follow the stApp attribute as drawn.
INIT_SCRIPT = """
(() => {
  const rec = window.__e2e = {started: 0, finished: 0, done: 0, state: null, finishedAt: 0,
                              toasts: [], lastChange: 0};
  const varint = (bytes, pos) => {
    let value = 0, scale = 1, byte;
    do { byte = bytes[pos++]; value += (byte & 0x7f) * scale; scale *= 128; }
    while (byte & 0x80 && pos < bytes.length);
    return [value, pos];
  };
  const topFields = (bytes) => {
    const fields = {};
    let pos = 0;
    while (pos < bytes.length) {
      let tag, value;
      [tag, pos] = varint(bytes, pos);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { [value, pos] = varint(bytes, pos); fields[field] = value; }
      else if (wire === 2) { [value, pos] = varint(bytes, pos); fields[field] = -1; pos += value; }
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else break;
    }
    return fields;
  };
  const onFrame = (data) => {
    if (!(data instanceof ArrayBuffer)) return;
    const fields = topFields(new Uint8Array(data));
    if (4 in fields) rec.started++;
    if (6 in fields && fields[6] !== 2) {
      rec.finished++;
      rec.finishedAt = performance.now();
      const count = rec.finished;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        rec.done = Math.max(rec.done, count);
      }));
    }
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => onFrame(event.data));
    }
  };
  const seen = new Set();
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes' && m.attributeName === 'data-test-script-state'
          && m.target.getAttribute('data-testid') === 'stApp') {
        rec.state = m.target.getAttribute('data-test-script-state');
        rec.lastChange = performance.now();
      }
    }
    for (const toast of document.querySelectorAll('[data-testid="stToast"]')) {
      const html = toast.innerHTML;
      if (!seen.has(html) && seen.size < 200) {
        seen.add(html);
        rec.toasts.push({html: html, text: toast.textContent});
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ['data-test-script-state']});
})();
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    """A `streamlit run` subprocess on a free loopback port."""

    app: Path
    log_path: Path
    env_overrides: dict[str, str] = field(default_factory=dict)
    extra_args: list[str] = field(default_factory=list)
    """More `streamlit run` options, e.g. ``["--server.cookieSecret", "…"]``."""
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StreamlitServer:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(self.env_overrides)
        command = [sys.executable, "-m", "streamlit", "run", str(self.app),
                   "--server.headless", "true", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1",
                   "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                   *self.extra_args]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        log.close()
        try:
            self._wait_healthy()
        except Exception:
            self.stop()
            raise
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        last_error = "no answer"
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {self.process.returncode} "
                                   f"before it was healthy:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as reply:
                    body = reply.read().decode().strip()
                if body == "ok":
                    return
                last_error = f"health answered {body!r}"
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last_error = str(error)
            time.sleep(0.25)  # polling interval for the server to come up, not a test wait
        raise RuntimeError(f"streamlit not healthy after {HEALTH_TIMEOUT_S:.0f} s "
                           f"({last_error}):\n{self.log_tail()}")

    def stop(self) -> None:
        """End the server's own process group (it was started in a new session)."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def start_app(folder: Path, name: str = "streamlit", extra_args: list[str] | None = None
              ) -> StreamlitServer:
    """The app on a free port, with a throw-away database in `folder` (data/ is not touched)."""
    return StreamlitServer(app=ROOT / "app.py", log_path=folder / f"{name}.log",
                           env_overrides={"PLANNER_DB_PATH": str(folder / "planner.db")},
                           extra_args=extra_args or []).start()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright's sync API, closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Any) -> Any:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(INIT_SCRIPT)
    return context


# ---------------------------------------------------------------- waiting for Streamlit


def runs_done(page: Any) -> int:
    """Runs whose `script_finished` has arrived (drawn or not): the `after` for wait_idle."""
    return int(page.evaluate("window.__e2e ? window.__e2e.finished : 0"))


def runs_started(page: Any) -> int:
    return int(page.evaluate("window.__e2e ? window.__e2e.started : 0"))


def wait_idle(page: Any, after: int | None = None, timeout: int = WAIT_MS) -> None:
    """Wait until the app is not running a script; with `after` (a `runs_done` count), first
    until a later run has finished and been drawn, with no finished run left undrawn."""
    if after is not None:
        page.wait_for_function(
            "n => window.__e2e && window.__e2e.done > n && window.__e2e.finished === "
            "window.__e2e.done", arg=after, timeout=timeout)
    page.wait_for_selector(IDLE, state="attached", timeout=timeout)


@contextmanager
def expect_rerun(page: Any, timeout: int = WAIT_MS) -> Iterator[None]:
    """The action inside must make the app rerun: wait for that run to start and finish.

    It starts from an idle page: a click while a run is still drawing can be lost when a rerun
    the app asks for itself (st.rerun) replaces the one the click asked for."""
    wait_idle(page, timeout=timeout)
    before = runs_done(page)
    yield
    wait_idle(page, after=before, timeout=timeout)


def open_app(page: Any, url: str, timeout: int = WAIT_MS) -> None:
    """Load a page of the app and wait for its first script run to finish."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    wait_idle(page, after=0, timeout=timeout)


def toasts(page: Any) -> list[dict[str, str]]:
    return list(page.evaluate("window.__e2e ? window.__e2e.toasts : []"))
