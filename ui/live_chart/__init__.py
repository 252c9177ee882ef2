"""A plotly chart that updates in place: a Streamlit component (frontend/) that keeps its plot
and calls `Plotly.react` with each rerun's figure.

Why not `st.plotly_chart`: in Streamlit 1.67 its element id hashes the figure, so every slider
move that changes a chart unmounts it and draws a new one from scratch (docs STACK_NOTES.md).
A keyed component keeps one iframe per chart for the life of the page; a rerun sends only the
figure's JSON. plotly.js comes from the installed plotly wheel, copied beside index.html on
import (never a CDN), so it always matches the Python package's version.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit.components.v1 as components

FRONTEND = Path(__file__).resolve().parent / "frontend"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def _install_plotly_js() -> None:
    """Copy the wheel's plotly.js next to index.html unless the same file is already there."""
    target = FRONTEND / PLOTLY_JS.name
    if not target.exists() or target.stat().st_size != PLOTLY_JS.stat().st_size:
        shutil.copyfile(PLOTLY_JS, target)


_install_plotly_js()
_component = components.declare_component("live_chart", path=str(FRONTEND))


def figure_json(figure: go.Figure) -> str:
    """The figure as plotly.js reads it (not re-validated: the builders are tested)."""
    return pio.to_json(figure, validate=False, remove_uids=False)


def live_chart(figure: go.Figure, label: str, key: str, config: dict[str, Any]) -> None:
    """Draw `figure` in the chart kept under `key`; `label` is its text alternative."""
    _component(spec=figure_json(figure), label=label, config=config, key=key, default=None)
