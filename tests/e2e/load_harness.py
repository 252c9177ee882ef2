"""A bounded load test: many sessions on the Commitment page at once, each with its own
settings, moving the response-target slider. Shared by `scripts/load_test.py` (50 sessions for
60 s, `make bench-load`) and `tests/e2e/test_load_light.py` (fewer and shorter, in `make test`).

Two kinds of session. Websocket clients (`run_ws_load`, tests/e2e/ws_client.py) speak
Streamlit's protocol without drawing anything, pause a think time between moves, and time each
move from the request to `script_finished`; fifty fit beside the server on 2 cores. Browser
sessions (`run_load`) are real Chromium pages, as described next; fifty of them saturate the
machine by themselves, so they prove the page, not the server's capacity.

One Chromium process, one browser context per session (own cookies, own Streamlit session), all
driven from one asyncio event loop. Session i opens
``/commitment?fte=<2 + 0.5 i>&share=<50 + i>&target=<one of the slider's options>``, so its
settings are its own. Each move presses ArrowLeft/ArrowRight on the focused "Reply within"
slider and waits, without fixed sleeps, until a script run that started after the key press has
finished and the KPIs show what the model gives for *this* session's settings. Latency is timed
inside the page: key press → the later of "script not running" and the last KPI text change.

Cross-talk is any session that shows (after a move, or at the end) a slider value, KPI, planned
FTE or URL setting other than its own. Errors are exceptions on the page, uncaught page errors,
moves or page loads that time out, and tracebacks in the server log.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import random
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from st_harness import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    IDLE,
    INIT_SCRIPT,
    ROOT,
    VIEWPORT,
    StreamlitServer,
    start_app,
)
from ws_client import StreamlitClient

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

METRIC_VALUE = '[data-testid="stMetricValue"]'
EXCEPTION = '[data-testid="stException"]'
TARGET_SLIDER = '.st-key-w_target input[type="range"]'
FTE_INPUT = '.st-key-w_planned_fte input'
KPI_COUNT = 6          # the Commitment page's headline metrics, in page order (ui.commitment.kpis)
OPEN_TIMEOUT_MS = 180_000
MOVE_TIMEOUT_MS = 60_000
SETTLE_TIMEOUT_MS = 5_000   # after the run has finished, for the KPIs to be redrawn
POLL_MS = 50
# Many pages in one browser: keep Chromium from throttling timers in pages it deems background,
# which would add its own delay to the latencies measured.
LOAD_ARGS = [*CHROMIUM_ARGS, "--disable-background-timer-throttling",
             "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"]
OPEN_CONCURRENCY = 4
MEMORY_SAMPLE_S = 0.5

# Time of the last key press and of the last change inside a KPI value (page clock).
PROBE_JS = """
(() => {
  if (window.__load) return;
  const l = window.__load = {key: 0, metric: 0};
  document.addEventListener('keydown', () => { l.key = performance.now(); }, true);
  new MutationObserver((ms) => {
    for (const m of ms) {
      const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (node && node.closest && node.closest('[data-testid="stMetricValue"]')) {
        l.metric = performance.now(); return;
      }
    }
  }).observe(document, {subtree: true, childList: true, characterData: true});
})();
"""

# After the key press: false until a run that started later has finished; then what the page
# shows. With `expected` set, also false until the KPIs equal it.
SNAPSHOT_JS = """
([done, expected]) => {
  const r = window.__e2e, l = window.__load;
  if (!r || !(r.done > done && r.state === 'notRunning')) return false;
  const kpis = [...document.querySelectorAll('[data-testid="stMetricValue"]')]
    .map(e => e.textContent.trim());
  if (expected && JSON.stringify(kpis.slice(0, expected.length)) !== JSON.stringify(expected))
    return false;
  const slider = document.querySelector('.st-key-w_target input[type="range"]');
  const ends = [r.lastChange, l.metric > l.key ? l.metric : 0];
  return {kpis: kpis, slider: slider ? slider.getAttribute('aria-valuetext') : null,
          exceptions: document.querySelectorAll('[data-testid="stException"]').length,
          latency: Math.max(...ends) - l.key, changed: l.metric > l.key};
}
"""


# ---------------------------------------------------------------- what each session should see


def _targets() -> tuple[float, ...]:
    logging.disable(logging.WARNING)  # ui.inputs imports streamlit caches: "no runtime" noise
    try:
        from ui.inputs import RESPONSE_TARGETS_MINUTES
    finally:
        logging.disable(logging.NOTSET)
    return tuple(sorted(float(m) for m in RESPONSE_TARGETS_MINUTES))


@dataclass(frozen=True)
class Settings:
    """One session's own settings: fixed FTE and share, a response target that moves."""

    index: int
    fte: float
    share: int
    start: int  # index into the slider's options

    def query(self, targets: tuple[float, ...]) -> dict[str, str]:
        return {"fte": f"{self.fte:g}", "share": str(self.share),
                "target": f"{targets[self.start]:g}"}


def session_settings(count: int, targets: tuple[float, ...]) -> list[Settings]:
    return [Settings(index=i, fte=round(2.0 + 0.5 * (i % 96), 1), share=50 + i % 50,
                     start=(3 * i) % len(targets)) for i in range(count)]


class Expectations:
    """The KPI texts the page must show for given settings, from the model itself (cached)."""

    def __init__(self) -> None:
        import model
        from present import url
        self._model, self._url = model, url
        self._base = model.load_sample_scenario()
        self._cache: dict[tuple[float, int, float], list[str]] = {}

    def prepare(self, sessions: list[Session], targets: tuple[float, ...]) -> None:
        """Work out every session's KPIs at every target before the clock starts: the model
        takes ~10 ms a call, and calling it between moves would stall this one event loop and
        show up as server latency."""
        for session in sessions:
            for target in targets:
                self.kpis(session.settings, target)

    def kpis(self, settings: Settings, target: float) -> list[str]:
        key = (settings.fte, settings.share, target)
        if key not in self._cache:
            from present.text import count, duration, fte, money, percent
            params = {"fte": f"{settings.fte:g}", "share": str(settings.share),
                      "target": f"{target:g}"}
            scenario, problems = self._url.decode(params, self._base)
            assert not problems, problems
            r = self._model.evaluate(scenario)
            from ui.widgets import bcr_text
            fixed = r.scenario.staffing.planned_fte is not None
            staff = fte(r.fte_planned if fixed else r.fte_required)
            self._cache[key] = [   # as ui.commitment.kpis formats them
                money(r.npv_gbp), bcr_text(r), staff if r.achievable else "Not possible",
                percent(r.share_within_target), duration(r.median_response_minutes),
                count(r.inbound_per_week)]
        return self._cache[key]


# ---------------------------------------------------------------- the result


@dataclass
class Session:
    settings: Settings
    position: int = 0
    direction: int = 1
    latencies_ms: list[float] = field(default_factory=list)
    bytes_received: list[int] = field(default_factory=list)  # per move (websocket clients)
    moves_with_kpi_change: int = 0
    errors: list[str] = field(default_factory=list)
    cross_talk: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    opened: bool = False


@dataclass
class LoadReport:
    sessions: list[Session]
    duration_s: float
    think_s: tuple[float, float] | None = None  # None: browser sessions, no pause
    servers: int = 1
    open_s: float = 0.0
    move_s: float = 0.0
    rss_before_kb: int = 0
    rss_opened_kb: int = 0
    rss_peak_kb: int = 0
    hwm_kb: int = 0
    server_cpu_s: float = 0.0
    server_errors: list[str] = field(default_factory=list)
    distinct_kpis_at_start: int = 0

    @property
    def latencies(self) -> list[float]:
        return [x for s in self.sessions for x in s.latencies_ms]

    @property
    def errors(self) -> list[str]:
        return [f"session {s.settings.index}: {e}" for s in self.sessions for e in s.errors
                ] + self.server_errors

    @property
    def cross_talk(self) -> list[str]:
        return [f"session {s.settings.index}: {c}" for s in self.sessions for c in s.cross_talk]

    def percentile(self, q: float) -> float:
        values = sorted(self.latencies)
        if not values:
            return math.nan
        rank = (len(values) - 1) * q / 100  # linear interpolation, as numpy's default
        low = math.floor(rank)
        high = min(low + 1, len(values) - 1)
        return values[low] + (values[high] - values[low]) * (rank - low)

    def memory_per_session_mb(self) -> float:
        return (self.rss_peak_kb - self.rss_before_kb) / 1024 / max(len(self.sessions), 1)

    def lines(self) -> list[tuple[str, str]]:
        n = len(self.sessions)
        moves = len(self.latencies)
        console = sum(len(s.console_errors) for s in self.sessions)
        sizes = [b for s in self.sessions for b in s.bytes_received]
        client = ("browser contexts (Chromium), no pause between moves" if self.think_s is None
                  else "websocket clients, think time {:g}–{:g} s".format(*self.think_s))
        return [
            ("client", client),
            ("server_processes", str(self.servers)),
            ("sessions", str(n)),
            ("sessions_opened", str(sum(s.opened for s in self.sessions))),
            ("open_all_s", f"{self.open_s:.1f}"),
            ("duration_s", f"{self.move_s:.1f} (asked {self.duration_s:g})"),
            ("moves", str(moves)),
            ("moves_per_s", f"{moves / self.move_s:.1f}" if self.move_s else "n/a"),
            ("moves_with_kpi_change", str(sum(s.moves_with_kpi_change for s in self.sessions))),
            ("rerun_p50_ms", f"{self.percentile(50):.0f}"),
            ("rerun_p95_ms", f"{self.percentile(95):.0f}"),
            ("rerun_max_ms", f"{max(self.latencies, default=math.nan):.0f}"),
            ("bytes_per_rerun", f"{sum(sizes) / len(sizes):,.0f}" if sizes else "n/a"),
            ("errors", str(len(self.errors))),
            ("cross_talk", str(len(self.cross_talk))),
            ("console_errors", str(console)),
            ("distinct_kpi_sets_at_start", f"{self.distinct_kpis_at_start} of {n}"),
            ("server_rss_before_mb", f"{self.rss_before_kb / 1024:.0f}"),
            ("server_rss_all_open_mb", f"{self.rss_opened_kb / 1024:.0f}"),
            ("server_rss_peak_mb", f"{self.rss_peak_kb / 1024:.0f}"),
            ("server_vmhwm_mb", f"{self.hwm_kb / 1024:.0f}"),
            ("server_memory_per_session_mb", f"{self.memory_per_session_mb():.1f}"),
            ("server_cpu_while_moving", f"{self.server_cpu_s / self.move_s * 100:.0f}% of one core"
             if self.move_s else "n/a"),
        ]


# ---------------------------------------------------------------- server process


def proc_status_kb(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


def proc_cpu_s(pid: int) -> float:
    import os
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def server_log_errors(server: StreamlitServer) -> list[str]:
    try:
        text = server.log_path.read_text(errors="replace")
    except OSError:
        return []
    return [f"server log: {line.strip()[:300]}" for line in text.splitlines()
            if "Traceback" in line or "Uncaught app exception" in line][:20]


# ---------------------------------------------------------------- one session


async def _new_context(browser: Any) -> Any:
    context = await browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(MOVE_TIMEOUT_MS)
    await context.add_init_script(INIT_SCRIPT)
    await context.add_init_script(PROBE_JS)
    return context


async def open_session(browser: Any, base_url: str, session: Session,
                       targets: tuple[float, ...], expect: Expectations) -> Any:
    context = await _new_context(browser)
    page = await context.new_page()
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"[:400]))
    page.on("console", lambda message: session.console_errors.append(message.text[:300])
            if message.type == "error" else None)
    query = urllib.parse.urlencode(session.settings.query(targets))
    await page.goto(f"{base_url}/commitment?{query}", wait_until="domcontentloaded",
                    timeout=OPEN_TIMEOUT_MS)
    session.position = session.settings.start
    wanted = expect.kpis(session.settings, targets[session.position])
    await page.wait_for_function(SNAPSHOT_JS, arg=[0, wanted], polling=POLL_MS * 4,
                                 timeout=OPEN_TIMEOUT_MS)
    await page.locator(TARGET_SLIDER).focus()
    session.opened = True
    return context


async def _snapshot(page: Any, done: int, expected: list[str] | None, timeout: int
                    ) -> dict[str, Any]:
    handle = await page.wait_for_function(SNAPSHOT_JS, arg=[done, expected], polling=POLL_MS,
                                          timeout=timeout)
    value: dict[str, Any] = await handle.json_value()
    return value


async def move(page: Any, session: Session, targets: tuple[float, ...],
               expect: Expectations) -> None:
    """One key press on the slider; record its latency, or what went wrong."""
    from present.text import duration
    if not 0 <= session.position + session.direction < len(targets):
        session.direction = -session.direction
    session.position += session.direction
    target = targets[session.position]
    wanted = expect.kpis(session.settings, target)
    done = int(await page.evaluate("window.__e2e.done"))
    await page.keyboard.press("ArrowRight" if session.direction > 0 else "ArrowLeft")
    try:
        shown = await _snapshot(page, done, None, MOVE_TIMEOUT_MS)
    except Exception as error:  # noqa: BLE001 - a timeout is a result, not a crash
        session.errors.append(f"move to {target:g} min: no finished rerun "
                              f"({type(error).__name__})")
        raise
    if shown["kpis"][:KPI_COUNT] != wanted:  # the run ended: give React a moment to draw
        with contextlib.suppress(Exception):  # still different: reported below
            shown = await _snapshot(page, done, wanted, SETTLE_TIMEOUT_MS)
    session.latencies_ms.append(float(shown["latency"]))
    session.moves_with_kpi_change += bool(shown["changed"])
    if shown["exceptions"]:
        session.errors.append(f"{shown['exceptions']} exception(s) shown after move to "
                              f"{target:g} min")
    if shown["slider"] != duration(target):
        session.cross_talk.append(f"slider shows {shown['slider']!r}, expected "
                                  f"{duration(target)!r}")
    if shown["kpis"][:KPI_COUNT] != wanted:
        session.cross_talk.append(f"after move to {target:g} min KPIs {shown['kpis'][:6]} "
                                  f"!= own {wanted}")


async def final_check(page: Any, session: Session, targets: tuple[float, ...],
                      expect: Expectations) -> None:
    """At the end: the URL, the planned-FTE input and the KPIs are still this session's."""
    await page.wait_for_selector(IDLE, state="attached")
    target = targets[session.position]
    own = session.settings.query(targets) | {"target": f"{target:g}"}
    with contextlib.suppress(Exception):  # still different: reported just below
        await page.wait_for_url(lambda u: all(
            urllib.parse.parse_qs(urllib.parse.urlsplit(u).query).get(k) == [v]
            for k, v in own.items()), timeout=SETTLE_TIMEOUT_MS)
    query = {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query
                                                       ).items()}
    for key, value in own.items():
        if query.get(key) != value:
            session.cross_talk.append(f"URL {key}={query.get(key)!r}, own {value!r}")
    fte_shown = await page.locator(FTE_INPUT).input_value()
    if fte_shown != f"{session.settings.fte:.1f}":
        session.cross_talk.append(f"planned FTE input {fte_shown!r}, own "
                                  f"{session.settings.fte:.1f}")
    kpis = [t.strip() for t in await page.locator(METRIC_VALUE).all_text_contents()]
    if kpis[:KPI_COUNT] != expect.kpis(session.settings, target):
        session.cross_talk.append(f"final KPIs {kpis[:KPI_COUNT]} != own "
                                  f"{expect.kpis(session.settings, target)}")
    exceptions = await page.locator(EXCEPTION).count()
    if exceptions:
        session.errors.append(f"{exceptions} exception(s) on the page at the end")


async def drive(page: Any, session: Session, targets: tuple[float, ...],
                expect: Expectations, deadline: float) -> None:
    try:
        while time.monotonic() < deadline:
            await move(page, session, targets, expect)
    except Exception as error:  # noqa: BLE001 - recorded; the other sessions go on
        if not session.errors:
            session.errors.append(f"stopped: {type(error).__name__}: {str(error)[:200]}")
        return
    try:
        await final_check(page, session, targets, expect)
    except Exception as error:  # noqa: BLE001
        session.errors.append(f"final check failed: {type(error).__name__}: "
                              f"{str(error)[:200]}")


# ---------------------------------------------------------------- the whole run


def _total(pids: list[int], field_name: str) -> int:
    return sum(proc_status_kb(pid, field_name) for pid in pids)


async def _sample_memory(pids: list[int], report: LoadReport, stop: asyncio.Event) -> None:
    while not stop.is_set():
        report.rss_peak_kb = max(report.rss_peak_kb, _total(pids, "VmRSS"))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), MEMORY_SAMPLE_S)


class _Measure:
    """Memory and CPU of the server processes around the sessions' work, from /proc."""

    def __init__(self, servers: list[StreamlitServer], report: LoadReport) -> None:
        self.pids = [server.process.pid for server in servers if server.process is not None]
        self.report = report
        self._stop = asyncio.Event()
        self._sampler: asyncio.Task[None] | None = None
        self._cpu_before = 0.0
        self._moves_started = 0.0

    def _cpu_s(self) -> float:
        return sum(proc_cpu_s(pid) for pid in self.pids)

    def start(self) -> None:
        self.report.servers = len(self.pids)
        self.report.rss_before_kb = _total(self.pids, "VmRSS")
        self.report.rss_peak_kb = self.report.rss_before_kb
        self._sampler = asyncio.create_task(_sample_memory(self.pids, self.report, self._stop))

    def opened(self, seconds: float) -> None:
        self.report.open_s = seconds
        self.report.rss_opened_kb = _total(self.pids, "VmRSS")
        self._cpu_before = self._cpu_s()
        self._moves_started = time.monotonic()

    async def moved(self) -> None:
        self.report.move_s = time.monotonic() - self._moves_started
        self.report.server_cpu_s = self._cpu_s() - self._cpu_before
        self.report.hwm_kb = _total(self.pids, "VmHWM")
        self._stop.set()
        if self._sampler is not None:
            await self._sampler


async def run_load(server: StreamlitServer, sessions: int, duration_s: float,
                   progress: Any = None) -> LoadReport:
    """Open `sessions` browser contexts on the running `server`; move sliders for `duration_s`."""
    from playwright.async_api import async_playwright

    assert server.process is not None
    targets = _targets()
    expect = Expectations()
    report = LoadReport([Session(s) for s in session_settings(sessions, targets)], duration_s)
    expect.prepare(report.sessions, targets)
    report.distinct_kpis_at_start = _distinct_kpis(report, expect, targets)
    measure = _Measure([server], report)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM_PATH,
                                                   args=LOAD_ARGS)
        try:
            # Warm-up on "/": the first visit pays the cold start (imports, first model run).
            warm = await _new_context(browser)
            page = await warm.new_page()
            await page.goto(f"{server.url}/", wait_until="domcontentloaded")
            await page.wait_for_function("window.__e2e && window.__e2e.done > 0 && "
                                         "window.__e2e.state === 'notRunning'", polling=200)
            await warm.close()
            measure.start()
            gate = asyncio.Semaphore(OPEN_CONCURRENCY)

            async def open_one(session: Session) -> Any:
                async with gate:
                    try:
                        return await open_session(browser, server.url, session, targets,
                                                  expect)
                    except Exception as error:  # noqa: BLE001 - counted as an error
                        session.errors.append(f"page did not open: {type(error).__name__}: "
                                              f"{str(error)[:200]}")
                        return None

            started = time.monotonic()
            contexts = await asyncio.gather(*(open_one(s) for s in report.sessions))
            measure.opened(time.monotonic() - started)
            _say(progress, f"{sum(c is not None for c in contexts)} of {sessions} sessions "
                           f"open in {report.open_s:.1f} s; moving sliders for {duration_s:g} s")
            deadline = time.monotonic() + duration_s
            await asyncio.gather(*(drive(c.pages[0], s, targets, expect, deadline)
                                   for c, s in zip(contexts, report.sessions) if c is not None))
            await measure.moved()
            for context in contexts:
                if context is not None:
                    await context.close()
        finally:
            await browser.close()
    report.server_errors = server_log_errors(server)
    return report


def _say(progress: Any, text: str) -> None:
    if progress is not None:
        progress(text)


def _distinct_kpis(report: LoadReport, expect: Expectations, targets: tuple[float, ...]) -> int:
    """How many sessions start with KPIs no other session shows: cross-talk must be visible."""
    return len({(s.settings.fte, s.settings.share,
                 *expect.kpis(s.settings, targets[s.settings.start])) for s in report.sessions})


# ---------------------------------------------------------------- websocket clients


async def ws_session(base_url: str, session: Session, targets: tuple[float, ...],
                     expect: Expectations, think_s: tuple[float, float],
                     opened: asyncio.Event, deadline: list[float]) -> None:
    """One websocket session: open the page with its own link, then move the slider until the
    deadline, pausing a random think time between moves (seeded by the session's index)."""
    from present.text import duration

    rng = random.Random(session.settings.index)
    query = urllib.parse.urlencode(session.settings.query(targets))
    try:
        async with StreamlitClient(base_url, "commitment", query) as client:
            first = await client.run()
            session.position = session.settings.start
            _check_run(session, first, expect.kpis(session.settings, targets[session.position]),
                       "on opening")
            session.opened = True
            sliders, shown = first.sliders, first.metrics
            await opened.wait()
            while time.monotonic() < deadline[0]:
                await asyncio.sleep(rng.uniform(*think_s))
                if not 0 <= session.position + session.direction < len(targets):
                    session.direction = -session.direction
                session.position += session.direction
                target = targets[session.position]
                run = await asyncio.wait_for(
                    client.run("w_target", duration(target), sliders), MOVE_TIMEOUT_MS / 1000)
                session.latencies_ms.append(run.seconds * 1000)
                session.bytes_received.append(run.bytes_received)
                session.moves_with_kpi_change += run.metrics != shown
                shown = run.metrics
                sliders = run.sliders or sliders
                _check_run(session, run, expect.kpis(session.settings, target),
                           f"after move to {target:g} min")
            _check_query(session, client.query_string,
                         session.settings.query(targets) | {
                             "target": f"{targets[session.position]:g}"})
    except Exception as error:  # noqa: BLE001 - a timeout or a dropped socket is a result
        session.errors.append(f"stopped: {type(error).__name__}: {str(error)[:200]}")


def _check_run(session: Session, run: Any, wanted: list[str], when: str) -> None:
    if run.exceptions:
        session.errors.append(f"exception shown {when}: {run.exceptions[0][:200]}")
    if run.metrics[:KPI_COUNT] != wanted:
        session.cross_talk.append(f"{when}: KPIs {run.metrics[:KPI_COUNT]} != own {wanted}")


def _check_query(session: Session, query_string: str, own: dict[str, str]) -> None:
    query = {k: v[0] for k, v in urllib.parse.parse_qs(query_string).items()}
    for key, value in own.items():
        if query.get(key) != value:
            session.cross_talk.append(f"URL {key}={query.get(key)!r}, own {value!r}")


async def run_ws_load(servers: list[StreamlitServer], sessions: int, duration_s: float,
                      think_s: tuple[float, float], progress: Any = None) -> LoadReport:
    """`sessions` websocket clients, all in this event loop, spread over the running `servers`
    in turn (each session stays on its server, as behind nginx's sticky hashing)."""
    targets = _targets()
    expect = Expectations()
    report = LoadReport([Session(s) for s in session_settings(sessions, targets)], duration_s,
                        think_s=think_s)
    expect.prepare(report.sessions, targets)
    report.distinct_kpis_at_start = _distinct_kpis(report, expect, targets)
    for server in servers:
        async with StreamlitClient(server.url, "", "") as warm:  # the cold start, as in run_load
            await warm.run()
    measure = _Measure(servers, report)
    measure.start()
    opened = asyncio.Event()
    deadline = [math.inf]
    started = time.monotonic()
    tasks = [asyncio.create_task(ws_session(servers[i % len(servers)].url, s, targets, expect,
                                            think_s, opened, deadline))
             for i, s in enumerate(report.sessions)]
    while sum(s.opened or bool(s.errors) for s in report.sessions) < sessions:
        await asyncio.sleep(POLL_MS / 1000)
    measure.opened(time.monotonic() - started)
    _say(progress, f"{sum(s.opened for s in report.sessions)} of {sessions} sessions open in "
                   f"{report.open_s:.1f} s; moving sliders for {duration_s:g} s")
    deadline[0] = time.monotonic() + duration_s
    opened.set()
    await asyncio.gather(*tasks)
    await measure.moved()
    report.server_errors = [e for server in servers for e in server_log_errors(server)]
    return report


def run(folder: Path, sessions: int, duration_s: float, progress: Any = None,
        think_s: tuple[float, float] | None = None, servers: int = 1) -> LoadReport:
    """Start `servers` app processes in `folder`, run the load, stop them: browser sessions
    (one server), or websocket clients pausing `think_s` (low, high) seconds between moves.
    Safe to call from a thread (its own event loop), e.g. next to Playwright's sync API."""
    started: list[StreamlitServer] = []
    try:
        for index in range(servers if think_s is not None else 1):
            started.append(start_app(folder, f"streamlit-{index}"))
        if think_s is None:
            return asyncio.run(run_load(started[0], sessions, duration_s, progress))
        return asyncio.run(run_ws_load(started, sessions, duration_s, think_s, progress))
    finally:
        for server in started:
            server.stop()


def summary(report: LoadReport, examples: int = 5) -> str:
    lines = [f"load.{name}: {value}" for name, value in report.lines()]
    for label, items in (("error", report.errors), ("cross-talk", report.cross_talk)):
        lines += [f"  {label}: {item}" for item in items[:examples]]
        if len(items) > examples:
            lines.append(f"  … and {len(items) - examples} more {label} lines")
    console = sorted({e for s in report.sessions for e in s.console_errors})
    lines += [f"  console error: {text}" for text in console[:examples]]
    return "\n".join(lines)


def as_json(report: LoadReport) -> str:
    return json.dumps({name: value for name, value in report.lines()}, ensure_ascii=False)
