"""Which plotly.js the live charts' frontend loads, and the trace types it can draw.

plotly.js's cartesian bundle (npm package plotly.js-cartesian-dist-min, at the version the
plotly wheel carries): 1.5 MB against the full bundle's 4.8 MB. Each chart's frame parses
its bundle before it draws, so on a page of three charts the first draws about a second
sooner (Uncertainty, Chromium, 2.6 s → 1.4 s from the click). `scripts/fetch_plotly_bundle.py`
fetches it; a test checks its version is the wheel's.
"""

from __future__ import annotations

import re
from pathlib import Path

import plotly

FRONTEND = Path(__file__).resolve().parent / "frontend"
BUNDLE = FRONTEND / "plotly-cartesian.min.js"
BUNDLE_LICENSE = FRONTEND / "plotly-cartesian.LICENSE"
NPM_PACKAGE = "plotly.js-cartesian-dist-min"
# The trace types the bundle holds, as its package's README lists them.
BUNDLE_TRACES = frozenset({
    "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
    "image", "pie", "scatter", "scatterternary", "violin"})


def wheel_plotly_js() -> Path:
    """The full plotly.js the plotly wheel ships (for its version)."""
    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def plotly_js_version(bundle: Path) -> str:
    """The version in a plotly.js bundle's banner ("plotly.js (cartesian - minified) v4.1.1")."""
    with bundle.open(encoding="utf-8") as file:
        banner = file.read(300)
    found = re.search(r"plotly\.js\b[^\n]*?\bv(\d+\.\d+\.\d+)", banner)
    if found is None:
        raise ValueError(f"{bundle}: no plotly.js version in its first lines")
    return found.group(1)
