"""A plotly chart that updates in place: a Streamlit component (frontend/) that keeps its plot
and calls `Plotly.react` with each rerun's figure.

Why not `st.plotly_chart`: in Streamlit 1.67 its element id hashes the figure, so every slider
move that changes a chart unmounts it and draws a new one from scratch (docs STACK_NOTES.md).
A keyed component keeps one iframe per chart for the life of the page; a rerun sends only the
figure's JSON. plotly.js comes from the installed plotly wheel, copied beside index.html on
import (never a CDN), so it always matches the Python package's version.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit.components.v1 as components

FRONTEND = Path(__file__).resolve().parent / "frontend"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


TEMPLATE_JS = FRONTEND / "template.js"
SIGNIFICANT_DIGITS = 6  # a millionth of the axis: far below a pixel, a third of the bytes


def _rounded(text: str) -> float:
    return float(f"{float(text):.{SIGNIFICANT_DIGITS}g}")


def _default_template() -> dict[str, Any]:
    """plotly's default template as figure_spec reads it from a figure."""
    template: dict[str, Any] = json.loads(pio.to_json(go.Figure()), parse_float=_rounded)
    return template["layout"]["template"]  # type: ignore[no-any-return]


def _install_assets() -> None:
    """Copy the wheel's plotly.js next to index.html unless the same file is already there, and
    write plotly's default template there: every figure carries it (3.7 kB), so the frontend
    holds it once instead of each rerun sending it again."""
    target = FRONTEND / PLOTLY_JS.name
    if not target.exists() or target.stat().st_size != PLOTLY_JS.stat().st_size:
        shutil.copyfile(PLOTLY_JS, target)
    script = f"window.DEFAULT_TEMPLATE = {json.dumps(_default_template())};\n"
    if not TEMPLATE_JS.exists() or TEMPLATE_JS.read_text(encoding="utf-8") != script:
        TEMPLATE_JS.write_text(script, encoding="utf-8")


_install_assets()
_DEFAULT_TEMPLATE = _default_template()
_component = components.declare_component("live_chart", path=str(FRONTEND))


def figure_spec(figure: go.Figure) -> dict[str, Any]:
    """The figure as plotly.js reads it (not re-validated: the builders are tested), numbers
    to SIGNIFICANT_DIGITS, and `layout.template` left out when it is plotly's default (the
    frontend supplies it)."""
    spec: dict[str, Any] = json.loads(pio.to_json(figure, validate=False), parse_float=_rounded)
    layout = spec.setdefault("layout", {})
    if layout.get("template") == _DEFAULT_TEMPLATE:
        layout["template"] = "default"
    return spec


def live_chart(figure: go.Figure, label: str, key: str, config: dict[str, Any]) -> None:
    """Draw `figure` in the chart kept under `key`; `label` is its text alternative."""
    _component(figure=figure_spec(figure), label=label, config=config, key=key, default=None)
