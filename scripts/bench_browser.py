"""Speed as a user feels it, in a real browser: load to first chart, slider move to updated
chart (p50/p95 over N moves) and websocket bytes per rerun, for the app and for a bare
Streamlit app (one slider, one chart) measured in the same run. A benchmark, not a test.

    .venv/bin/python scripts/bench_browser.py [--moves 20]

Prints `browser.<name>: X ms` lines. Needs Chromium at /usr/bin/chromium (Debian package).
Each move waits for its rerun and the chart redraw before the next key, so moves never overlap.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from st_harness import (  # noqa: E402
    IDLE,
    WAIT_MS,
    StreamlitServer,
    chromium,
    new_context,
    open_app,
    runs_done,
    start_app,
    wait_idle,
)

CHART_SVG = '[data-testid="stPlotlyChart"] .main-svg'  # st.plotly_chart (the bare app)
# ui/live_chart: each chart is drawn inside its own component iframe.
LIVE_CHART_SVG = ('iframe[data-testid="stCustomComponentV1"] >> nth=0'
                  ' >> internal:control=enter-frame >> .main-svg')
METRIC_VALUE = '[data-testid="stMetricValue"]'
BARE_CANDIDATES = (ROOT / "tests" / "app" / "bare_app.py", ROOT / "tests" / "e2e" / "bare_app.py")
BARE_TWO_PAGES = ROOT / "tests" / "app" / "bare_two_pages.py"
QUIET_MS = 150  # a chart counts as redrawn once it has not changed for this long
WARM_LOADS = 3

# Time of the last key press and of the last change inside the first chart on the page. A chart
# in a component iframe (same origin) is watched from the top window: the observer attaches to
# the iframe's document when it loads (an init script inside the frame would watch the initial
# about:blank document, which the frame's real document replaces).
PROBE_JS = """
(() => {
  if (window !== window.top || window.__bench) return;
  const b = window.__bench = {key: 0, chart: 0};
  const FIRST = '[data-testid="stPlotlyChart"], iframe[data-testid="stCustomComponentV1"]';
  document.addEventListener('keydown', () => { b.key = performance.now(); }, true);
  const watch = (root) => new MutationObserver(() => {
    if (root === document.querySelector(FIRST) || root.ownerDocument !== document) {
      b.chart = performance.now();
    }
  }).observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  const frames = new WeakSet();
  document.addEventListener('load', (event) => {
    const frame = event.target;
    if (frame.tagName !== 'IFRAME' || frame !== document.querySelector(FIRST)) return;
    const inner = frame.contentDocument;
    if (inner && !frames.has(inner)) { frames.add(inner); watch(inner.documentElement); }
  }, true);
  new MutationObserver((ms) => {
    const first = document.querySelector(FIRST);
    if (!first || first.tagName === 'IFRAME') return;
    for (const m of ms) {
      const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (node && first.contains(node)) { b.chart = performance.now(); return; }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        characterData: true});
})();
"""
REDRAWN_JS = f"""
([done]) => window.__e2e.done > done
    && document.querySelector('{IDLE}') !== null
    && window.__bench.chart > window.__bench.key
    && performance.now() - window.__bench.chart > {QUIET_MS}
"""


def first_drawn_ms(browser: Any, url: str, selector: str = CHART_SVG) -> float:
    """New browser context: navigation start to the first `selector` (a chart) drawn."""
    context = new_context(browser)
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=WAIT_MS)
        page.locator(selector).first.wait_for(state="visible", timeout=WAIT_MS)
        return (time.perf_counter() - start) * 1e3
    finally:
        context.close()


def page_switch_ms(browser: Any, start_url: str, link: str, ready: str) -> float:
    """New browser context: open `start_url`, then click the sidebar link `link`; the time from
    the click to that page's run finished with `ready` visible (a first visit to it)."""
    context = new_context(browser)
    try:
        page = context.new_page()
        open_app(page, start_url)
        done = runs_done(page)
        started = time.perf_counter()
        page.get_by_role("link", name=link, exact=True).click()
        wait_idle(page, after=done)
        page.locator(ready).first.wait_for(state="visible", timeout=WAIT_MS)
        return (time.perf_counter() - started) * 1000
    finally:
        context.close()


def slider_moves(browser: Any, url: str, label: str, moves: int, key: str, chart: str
                 ) -> dict[str, Any]:
    """Move the slider `label` by keyboard `moves` times; per move: key → the run's
    script_finished message, key → chart redrawn, and websocket bytes each way."""
    context = new_context(browser)
    context.add_init_script(PROBE_JS)
    received: list[int] = []
    sent: list[int] = []

    def on_socket(socket: Any) -> None:
        socket.on("framereceived", lambda payload: received.append(_size(payload)))
        socket.on("framesent", lambda payload: sent.append(_size(payload)))

    try:
        page = context.new_page()
        page.on("websocket", on_socket)
        open_app(page, url)
        page.locator(chart).first.wait_for(state="visible", timeout=WAIT_MS)
        thumb = page.locator('[data-testid="stSlider"]').filter(has_text=label).get_by_role(
            "slider")
        thumb.focus()
        rerun_ms, chart_ms, bytes_in, bytes_out, missed = [], [], [], [], 0
        for _ in range(moves):
            wait_idle(page)
            done = runs_done(page)
            before_in, before_out = sum(received), sum(sent)
            page.keyboard.press(key)
            wait_idle(page, after=done)
            key_at, run_end = page.evaluate(
                "[window.__bench.key, window.__e2e.finishedAt]")
            rerun_ms.append(run_end - key_at)
            try:
                page.wait_for_function(REDRAWN_JS, arg=[done], timeout=WAIT_MS)
                chart_at = page.evaluate("window.__bench.chart")
                chart_ms.append(chart_at - key_at)
            except Exception:  # noqa: BLE001 - a move that did not change the chart
                missed += 1
            bytes_in.append(sum(received) - before_in)
            bytes_out.append(sum(sent) - before_out)
        page.wait_for_selector(IDLE, state="attached")
        return {"rerun": rerun_ms, "chart": chart_ms, "in": bytes_in, "out": bytes_out,
                "missed": missed, "value": thumb.get_attribute("aria-valuetext")}
    finally:
        context.close()


def _size(payload: Any) -> int:
    return len(payload.encode() if isinstance(payload, str) else payload)


def line(name: str, value: float, unit: str = "ms") -> None:
    print(f"browser.{name}: {value:.0f} {unit}", flush=True)


def report_moves(name: str, result: dict[str, Any]) -> dict[str, float]:
    chart = np.asarray(result["chart"], dtype=float)
    rerun = np.asarray(result["rerun"], dtype=float)
    stats = {"chart_p50": float(np.percentile(chart, 50)) if chart.size else float("nan"),
             "chart_p95": float(np.percentile(chart, 95)) if chart.size else float("nan")}
    line(f"{name}.slider_to_chart_p50", stats["chart_p50"])
    line(f"{name}.slider_to_chart_p95", stats["chart_p95"])
    line(f"{name}.slider_rerun_p50", float(np.percentile(rerun, 50)))
    line(f"{name}.slider_rerun_p95", float(np.percentile(rerun, 95)))
    line(f"{name}.ws_bytes_received_per_rerun_p50", float(np.median(result["in"])), "bytes")
    line(f"{name}.ws_bytes_sent_per_rerun_p50", float(np.median(result["out"])), "bytes")
    if result["missed"]:
        print(f"browser.{name}.moves_without_chart_change: {result['missed']}", flush=True)
    return stats


TARGETS = {"chart_p50": 1.5, "chart_p95": 2.0, "load_p50": 2.0,  # issue 17: app/bare
           "switch_recommendation": 3.0, "switch_uncertainty": 3.0}  # issue 24: a first visit


def bench_bare_switch(browser: Any, folder: Path) -> float:
    """A bare two-page app's page switch (median of a few, each in a new session)."""
    server = StreamlitServer(app=BARE_TWO_PAGES, log_path=folder / "bare2.log").start()
    try:
        page_switch_ms(browser, f"{server.url}/", "Second", CHART_SVG)  # the server's first
        times = [page_switch_ms(browser, f"{server.url}/", "Second", CHART_SVG)
                 for _ in range(WARM_LOADS)]
        line("bare.page_switch_p50", float(np.median(times)))
        return float(np.median(times))
    finally:
        server.stop()


def bench_bare(browser: Any, app: Path, folder: Path, moves: int) -> dict[str, float]:
    server = StreamlitServer(app=app, log_path=folder / "bare.log").start()
    try:
        line("bare.cold_load_first_chart", first_drawn_ms(browser, f"{server.url}/"))
        warm = [first_drawn_ms(browser, f"{server.url}/") for _ in range(WARM_LOADS)]
        line("bare.load_first_chart_p50", float(np.median(warm)))
        result = slider_moves(browser, f"{server.url}/", "Value", moves, "ArrowLeft",
                              CHART_SVG)
        return report_moves("bare", result) | {"load_p50": float(np.median(warm))}
    finally:
        server.stop()


def bench_app(browser: Any, folder: Path, moves: int) -> dict[str, float]:
    server = start_app(folder, "app")
    try:
        # Home first: it has no chart, so this is the cold start (imports) on its own.
        line("app.cold_load_home_first_metric",
             first_drawn_ms(browser, f"{server.url}/", METRIC_VALUE))
        commitment = f"{server.url}/commitment"
        line("app.cold_load_commitment_first_chart",
             first_drawn_ms(browser, commitment, LIVE_CHART_SVG))
        warm = [first_drawn_ms(browser, commitment, LIVE_CHART_SVG) for _ in range(WARM_LOADS)]
        load_p50 = float(np.median(warm))
        line("app.load_commitment_first_chart_p50", load_p50)
        # Solve-for-me staffing (fte=auto): each shrinkage step moves the staff needed, so the
        # costs and the first chart (cumulative cost and benefit) change on every move. Every
        # move is a new scenario, so no model cache hit: the worst case a user meets.
        # A first visit to the heavy pages from Commitment, each in a new session: the server's
        # first (its own caches cold, after the background warmer has had the time the loads
        # above took) and then a new session's (the server's caches warm).
        switches = {}
        # Recommendation has no chart: its answer is the options table under "The options".
        for name, link, ready in (("recommendation", "4 · Recommendation",
                                   'h2:has-text("The options")'),
                                  ("uncertainty", "Uncertainty", LIVE_CHART_SVG)):
            first = page_switch_ms(browser, commitment, link, ready)
            again = page_switch_ms(browser, commitment, link, ready)
            line(f"app.switch_{name}_first", first)
            line(f"app.switch_{name}_new_session", again)
            switches[f"switch_{name}"] = first
        result = slider_moves(browser, f"{commitment}?fte=auto", "Shrinkage", moves,
                              "ArrowLeft", LIVE_CHART_SVG)
        return report_moves("app", result) | {"load_p50": load_p50} | switches
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()
    bare_app = next(path for path in BARE_CANDIDATES if path.exists())
    print(f"Browser benchmarks: {args.moves} slider moves each; bare app "
          f"{bare_app.relative_to(ROOT)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_browser_") as tmp, chromium() as browser:
        bare = bench_bare(browser, bare_app, Path(tmp), args.moves)
        switch = bench_bare_switch(browser, Path(tmp))
        bare |= {"switch_recommendation": switch, "switch_uncertainty": switch}
        app = bench_app(browser, Path(tmp), args.moves)
    for stat, target in TARGETS.items():
        ratio = app[stat] / bare[stat]
        print(f"browser.ratio.{stat}: {ratio:.2f}x app/bare (target ≤ {target:g}x) "
              f"{'ok' if ratio <= target else 'OVER'}", flush=True)
    print(f"browser.app.slider_to_chart_p95 goal 300 ms: "
          f"{'ok' if app['chart_p95'] <= 300 else 'OVER'}", flush=True)


if __name__ == "__main__":
    main()
