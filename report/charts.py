"""Plotly figures to PNG through kaleido and a system Chrome/Chromium, with a time limit.

One browser is started per call and draws every chart of that call (start-up costs ~2-3 s,
each chart ~0.3 s). kaleido's global sync server is not used: its request queue is shared
without a lock, so two people exporting at once could receive each other's images.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

BROWSER_PATH_ENV = "BROWSER_PATH"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHART_WIDTH_PX = 800
CHART_HEIGHT_PX = 420  # 8:4.2: two charts and the year table fit under the decision
CHART_SCALE = 2
"""Pixels per CSS pixel: 1600x1000 PNGs stay sharp at ~90 mm wide when printed."""
CLOSE_GRACE_S = 10.0
"""Extra time after the limit for the browser to shut down before we stop waiting for it."""

REASON_SWITCHED_OFF = "chart images were switched off for this export"
REASON_NO_BROWSER = (
    "no Chrome or Chromium browser was found on the server (install one or set BROWSER_PATH)"
)
REASON_NO_KALEIDO = "the kaleido package is not installed"


@dataclass
class ChartImages:
    """PNG bytes for the charts drawn, and for each chart left out, why."""

    png_by_title: dict[str, bytes] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)


def find_browser(browser_path: str | None = None) -> str | None:
    """Path of a runnable Chrome/Chromium, or None.

    An explicit ``browser_path`` is the only one tried; otherwise ``$BROWSER_PATH``, then the
    usual names on PATH.
    """
    if browser_path:
        candidates = [browser_path]
    else:
        candidates = [os.environ.get(BROWSER_PATH_ENV, "")]
        candidates += [shutil.which(name) or "" for name in BROWSER_NAMES]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def render_pngs(
    figures: Mapping[str, Any],
    *,
    enabled: bool = True,
    browser_path: str | None = None,
    timeout_s: float = 30.0,
) -> ChartImages:
    """Draw each figure as a PNG; never raises: charts that could not be drawn say why."""
    if not figures:
        return ChartImages()
    reason = _reason_not_to_try(enabled, browser_path)
    if reason is not None:
        return ChartImages(left_out=dict.fromkeys(figures, reason))
    browser = find_browser(browser_path)
    assert browser is not None  # checked by _reason_not_to_try
    return _render_with_time_limit(dict(figures), browser, timeout_s)


def _reason_not_to_try(enabled: bool, browser_path: str | None) -> str | None:
    if not enabled:
        return REASON_SWITCHED_OFF
    try:
        import kaleido  # noqa: F401 - optional dependency, checked at call time
    except ImportError:
        return REASON_NO_KALEIDO
    if find_browser(browser_path) is None:
        return REASON_NO_BROWSER
    return None


def _render_with_time_limit(figures: dict[str, Any], browser: str, timeout_s: float) -> ChartImages:
    """Run the browser on its own thread and event loop; give up after ``timeout_s``."""
    images = ChartImages()
    failure: list[str] = []

    def work() -> None:
        try:
            asyncio.run(_render_all(figures, browser, images, timeout_s, failure))
        except Exception as error:  # noqa: BLE001 - any renderer failure becomes a stated reason
            failure.append(f"the chart renderer failed ({type(error).__name__})")

    worker = threading.Thread(target=work, name="report-chart-render", daemon=True)
    worker.start()
    worker.join(timeout_s + 2 * CLOSE_GRACE_S)
    if worker.is_alive():
        failure.append(_timeout_reason(timeout_s))
    drawn = dict(images.png_by_title)
    reason = failure[0] if failure else "the chart renderer returned no image"
    left_out = {
        title: images.left_out.get(title, reason) for title in figures if title not in drawn
    }
    return ChartImages(png_by_title=drawn, left_out=left_out)


def _timeout_reason(timeout_s: float) -> str:
    return f"the chart renderer did not finish within {timeout_s:g} s"


async def _render_all(
    figures: dict[str, Any],
    browser: str,
    images: ChartImages,
    timeout_s: float,
    failure: list[str],
) -> None:
    """Open one browser, draw the figures, and always close the browser again.

    The time limit is kept here rather than with ``asyncio.wait_for`` around ``async with``:
    a browser cancelled while starting is otherwise never closed and outlives the request.
    """
    import kaleido  # optional dependency: imported only when charts are drawn

    renderer = kaleido.Kaleido(n=1, mathjax=False, path=browser)
    drawing = asyncio.create_task(_draw_each(renderer, figures, images))
    try:
        done, _ = await asyncio.wait({drawing}, timeout=timeout_s)
        if not done:
            failure.append(_timeout_reason(timeout_s))
            drawing.cancel()
            await asyncio.wait({drawing}, timeout=CLOSE_GRACE_S)
            if drawing.done() and not drawing.cancelled():
                drawing.exception()  # retrieved: the timeout is the reason we report
        elif (error := drawing.exception()) is not None:
            failure.append(f"the chart renderer failed ({type(error).__name__})")
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(renderer.close(), CLOSE_GRACE_S)


async def _draw_each(renderer: Any, figures: dict[str, Any], images: ChartImages) -> None:
    """Draw the figures one by one, recording each image as soon as it exists."""
    options = {
        "format": "png",
        "width": CHART_WIDTH_PX,
        "height": CHART_HEIGHT_PX,
        "scale": CHART_SCALE,
    }
    await renderer.open()
    for title, figure in figures.items():
        try:
            png = await renderer.calc_fig(figure, opts=options)
        except Exception as error:  # noqa: BLE001 - one bad chart must not sink the others
            images.left_out[title] = f"this chart could not be drawn ({type(error).__name__})"
            continue
        images.png_by_title[title] = bytes(png)
