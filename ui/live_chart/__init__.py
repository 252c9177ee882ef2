"""A plotly chart that updates in place: a Streamlit component (frontend/) that keeps its plot
and calls `Plotly.react` with each rerun's figure.

What a rerun sends is the figure's data and its text alternative, as compact UTF-8 JSON bytes
(a JSON argument would escape every £ and − six characters wide). The layout and plot config
are sent once a session: after that only their hash, which the frontend looks up in the
layouts it has kept (sessionStorage, so a remounted chart still has them); a frontend that
lacks one asks for it through its value and gets it on that rerun.

Why not `st.plotly_chart`: in Streamlit 1.67 its element id hashes the figure, so every slider
move that changes a chart unmounts it and draws a new one from scratch (docs STACK_NOTES.md).
A keyed component keeps one iframe per chart for the life of the page; a rerun sends only the
figure's JSON. plotly.js is its cartesian bundle, kept beside index.html (never a CDN) at the
installed plotly wheel's version (`bundle`): every trace sent must be a type it holds.
"""

from __future__ import annotations

import hashlib
import json
import math
import weakref
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
import streamlit.components.v1 as components

from ui.live_chart.bundle import BUNDLE_TRACES, FRONTEND

TEMPLATE_JS = FRONTEND / "template.js"
# A value is drawn to within 0.05 % of itself: under half a pixel on a 600 px axis that
# reaches zero, and on a log axis (the frontier) a 2,000th of a decade.
SIGNIFICANT_DIGITS = 4
EVENLY_SPACED = ("scatter",)  # trace types whose x array may go as x0 + dx
SENT_LAYOUTS_KEY = "_live_chart_layouts"  # layout hashes this session has sent
ASKED_KEY = "_live_chart_asked"           # the last "send me this layout" request answered


def _round_all(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}") if math.isfinite(value) else value
    if isinstance(value, list):
        return [_round_all(item) for item in value]
    if isinstance(value, dict):
        return {key: _round_all(item) for key, item in value.items()}
    return value


def _evenly_spaced(values: Any) -> tuple[float, float] | None:
    """(first, step) when `values` are three or more numbers a constant step apart."""
    if not isinstance(values, list) or len(values) < 3 or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return None
    step = (values[-1] - values[0]) / (len(values) - 1)
    tolerance = 1e-9 * max(abs(values[0]), abs(values[-1]), abs(step), 1e-300)
    if step == 0 or any(abs(v - (values[0] + i * step)) > tolerance
                        for i, v in enumerate(values)):
        return None
    return values[0], step


def _trace(trace: dict[str, Any]) -> dict[str, Any]:
    """The trace with numbers to SIGNIFICANT_DIGITS, and an evenly spaced x array as x0 and
    dx, unrounded (plotly rebuilds the array: x0 + i·dx)."""
    rounded: dict[str, Any] = _round_all(trace)
    spacing = _evenly_spaced(trace.get("x")) if trace.get("type") in EVENLY_SPACED else None
    if spacing is None or "x0" in trace or "dx" in trace:
        return rounded
    del rounded["x"]
    rounded["x0"], rounded["dx"] = spacing
    return rounded


def _default_template() -> dict[str, Any]:
    """plotly's default template as figure_spec reads it from a figure."""
    template: dict[str, Any] = _round_all(json.loads(pio.to_json(go.Figure())))
    return template["layout"]["template"]  # type: ignore[no-any-return]


def _install_assets() -> None:
    """Write plotly's default template next to index.html: every figure carries it (3.7 kB),
    so the frontend holds it once instead of each rerun sending it again."""
    script = f"window.DEFAULT_TEMPLATE = {json.dumps(_default_template())};\n"
    if not TEMPLATE_JS.exists() or TEMPLATE_JS.read_text(encoding="utf-8") != script:
        TEMPLATE_JS.write_text(script, encoding="utf-8")


_install_assets()
_DEFAULT_TEMPLATE = _default_template()
_component = components.declare_component("live_chart", path=str(FRONTEND))


def figure_spec(figure: go.Figure) -> dict[str, Any]:
    """The figure as plotly.js reads it (not re-validated: the builders are tested), numbers
    to SIGNIFICANT_DIGITS, evenly spaced x as x0 + dx, and `layout.template` left out when it
    is plotly's default (the frontend supplies it)."""
    raw: dict[str, Any] = json.loads(pio.to_json(figure, validate=False))
    for trace in raw.get("data", []):
        if trace.get("type", "scatter") not in BUNDLE_TRACES:
            raise ValueError(f"trace type {trace.get('type')!r}: the live charts' plotly.js "
                             f"(ui/live_chart/bundle.py) draws only {sorted(BUNDLE_TRACES)}")
    spec = {"data": [_trace(trace) for trace in raw.get("data", [])],
            "layout": _round_all(raw.get("layout", {}))}
    layout = spec["layout"]
    if layout.get("template") == _DEFAULT_TEMPLATE:
        layout["template"] = "default"
    return spec


def _compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Prepared:
    """A figure as the frontend takes it: data, and the layout + config ("frame") with its id."""

    data: list[Any]
    frame: dict[str, Any]
    frame_id: str


# Figures come from a cache (ui/figures), so the same object is drawn again and again: keep
# what was prepared from it while it lives (keyed by id, checked by a weak reference). So a
# figure must not be changed once drawn; the builders (ui/charts) are the only writers.
_prepared: dict[int, tuple[weakref.ref[go.Figure], str, Prepared]] = {}


def prepare(figure: go.Figure, config: dict[str, Any]) -> Prepared:
    """`figure` (and the plot `config`) ready to send; the cache warmer calls it ahead."""
    config_text = json.dumps(config, sort_keys=True)
    kept = _prepared.get(id(figure))
    if kept is not None and kept[0]() is figure and kept[1] == config_text:
        return kept[2]
    spec = figure_spec(figure)
    frame = {"layout": spec["layout"], "config": config}
    prepared = Prepared(spec["data"], frame, hashlib.sha256(_compact(frame)).hexdigest()[:16])
    key = id(figure)
    _prepared[key] = (weakref.ref(figure, lambda _: _prepared.pop(key, None)), config_text,
                      prepared)
    return prepared


def chart_message(figure: go.Figure, label: str, config: dict[str, Any], sent: set[str]
                  ) -> bytes:
    """What a rerun sends the chart: its data, its text alternative and its layout's id, and
    the layout and config themselves unless their id is in `sent` (then added to it)."""
    prepared = prepare(figure, config)
    message: dict[str, Any] = {"data": prepared.data, "label": label,
                               "frameId": prepared.frame_id}
    if prepared.frame_id not in sent:
        message["frame"] = prepared.frame
        sent.add(prepared.frame_id)
    return _compact(message)


def live_chart(figure: go.Figure, label: str, key: str, config: dict[str, Any]) -> None:
    """Draw `figure` in the chart kept under `key`; `label` is its text alternative."""
    sent: set[str] = st.session_state.setdefault(SENT_LAYOUTS_KEY, set())
    _forget_asked_layout(key, sent)
    message = chart_message(figure, label, config, sent)
    # Streamlit 1.67 re-renders a component when its JSON args change, not its bytes args:
    # `revision` tells it the bytes did.
    _component(payload=message, revision=hashlib.sha256(message).hexdigest()[:12], key=key,
               default=None)


def _forget_asked_layout(key: str, sent: set[str]) -> None:
    """A frontend that lost a layout (e.g. storage cleared) sets its value to
    {"missing": id, "n": count}: send that layout again, once per request."""
    asked = st.session_state.get(key)
    if not isinstance(asked, dict) or "missing" not in asked:
        return
    answered: dict[str, Any] = st.session_state.setdefault(ASKED_KEY, {})
    if answered.get(key) != asked.get("n"):
        answered[key] = asked.get("n")
        sent.discard(str(asked["missing"]))
