"""Helpers for the Scenarios page: headline numbers, comparison tables, exports, JSON upload.

Pure functions (no Streamlit) so the page only lays things out and they can be unit-tested.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from model import Result, Scenario
from model.units import DAY_NAMES as DAYS
from model.units import MONTHS_PER_YEAR
from present import words
from present.charts import (
    GREY,
    Chart,
    figure,
    hline,
    label,
    money_scale,
)
from present.content import sentence
from present.csv_export import csv_safe
from present.data_views import groups_to_frame
from present.text import count, duration, fte, money, percent
from store import ScenarioSummary

LONDON = ZoneInfo("Europe/London")
LONG_LIST = 8  # lists longer than this are compared whole and shown as a summary
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
HIGHLIGHT = "background-color: #FFF3C4; font-weight: 600"
MISSING = "—"
# Promises compared on Scenarios and drawn in the brief's cost-of-speed chart: 30 min to 2 days.
COMPARISON_TARGETS_MINUTES = (30, 60, 120, 240, 480, 1440, 2880)
FRONTIER_TARGETS_MINUTES = tuple(float(m) for m in COMPARISON_TARGETS_MINUTES)


def _ratio(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.2f}"


def _readiness(headline: Mapping[str, Any]) -> str | None:
    """Ready, ready only near the edge of reach, or not (None: not recorded)."""
    ready = headline.get("ready")
    if ready is None:
        return None
    if not ready:
        return "Not ready"
    return words.READY_AT_EDGE if headline.get("ready_at_edge") else "Ready"


# (key, label, formatter) for the headline rows of the compare table.
HEADLINE_ROWS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("npv_gbp", "Net present value", money),
    ("bcr", "Benefit-cost ratio", _ratio),
    ("fte_required", "FTE required", fte),
    ("fte_planned", "FTE planned", fte),
    ("share_within_target", "Share within target", percent),
    ("median_response_minutes", "Median response", duration),
    ("p90_response_minutes", "9 in 10 answered within", duration),
    ("inbound_per_week", "Inbound messages a week", count),
    ("readiness", "Readiness", str),  # worked out from "ready" and "ready_at_edge"
)
DIFFERENCE_FORMATS: dict[str, Callable[[float], str]] = {
    "npv_gbp": money,
    "fte_required": lambda d: f"{d:+.1f} FTE",
    "fte_planned": lambda d: f"{d:+.1f} FTE",
    "share_within_target": lambda d: f"{d * 100:+.0f} pts",
    "inbound_per_week": lambda d: f"{d:+,.0f}",
    "bcr": lambda d: f"{d:+.2f}",
}


def headline_of(result: Result) -> dict[str, Any]:
    """The numbers stored with a saved scenario and shown in lists and the brief."""
    return {
        "npv_gbp": result.npv_gbp,
        "bcr": result.bcr,
        "fte_required": result.fte_required,
        "fte_planned": result.fte_planned,
        "share_within_target": result.share_within_target,
        "median_response_minutes": result.median_response_minutes,
        "p90_response_minutes": result.p90_response_minutes,
        "inbound_per_week": result.inbound_per_week,
        "ready": result.ready,
        "ready_at_edge": result.readiness.edge is not None,  # kept only near the edge of reach
        "readiness_message": words.readiness_text(result.readiness),
    }


def saved_list_frame(summaries: Sequence[ScenarioSummary]) -> pd.DataFrame:
    """The saved-scenarios list for the screen."""
    rows = [{
        "Name": s.name,
        "Author": s.author or MISSING,
        "Saved at": s.saved_at.astimezone(LONDON).strftime("%d %b %Y %H:%M"),
        "NPV": MISSING if s.npv_gbp is None else money(s.npv_gbp),
        "FTE required": MISSING if s.fte_required is None else fte(s.fte_required),
        "Note": s.note,
    } for s in summaries]
    return pd.DataFrame(rows, columns=["Name", "Author", "Saved at", "NPV", "FTE required",
                                       "Note"])


def copy_name(name: str, taken: Sequence[str]) -> str:
    """'Plan (copy)', or 'Plan (copy 2)' … when that is taken."""
    candidate, n = f"{name} (copy)", 2
    while candidate in taken:
        candidate, n = f"{name} (copy {n})", n + 1
    return candidate


# --- compare ----------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def compare_headlines(headlines: Mapping[str, Mapping[str, Any]]) -> tuple[pd.DataFrame,
                                                                             pd.DataFrame]:
    """(table, differs): one row a headline measure, one column a scenario.

    Cells after the first column show the difference from the first scenario; ``differs`` is a
    same-shaped table of booleans, True where the value is not the first scenario's.
    """
    names = list(headlines)
    table: dict[str, list[str]] = {name: [] for name in names}
    differs: dict[str, list[bool]] = {name: [] for name in names}
    for key, _label, formatter in HEADLINE_ROWS:
        base = _headline_value(headlines[names[0]], key)
        for name in names:
            value = _headline_value(headlines[name], key)
            text = MISSING if value is None and key != "bcr" else formatter(value)
            changed = _differs(base, value)
            if changed and name != names[0]:
                text += _difference_text(key, base, value)
            table[name].append(text)
            differs[name].append(changed)
    index = pd.Index([label for _, label, _ in HEADLINE_ROWS], name="Measure")
    return pd.DataFrame(table, index=index), pd.DataFrame(differs, index=index)


def _headline_value(headline: Mapping[str, Any], key: str) -> Any:
    return _readiness(headline) if key == "readiness" else headline.get(key)


def _differs(base: Any, value: Any) -> bool:
    a, b = _number(base), _number(value)
    if a is not None and b is not None:
        return not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return bool(base != value)


def _difference_text(key: str, base: Any, value: Any) -> str:
    a, b = _number(base), _number(value)
    formatter = DIFFERENCE_FORMATS.get(key)
    if a is None or b is None or formatter is None:
        return ""
    text = formatter(b - a)
    if key == "npv_gbp" and b - a >= 0:
        text = "+" + text
    return f" ({text})"


def highlight(differs: pd.DataFrame) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A Styler function marking the cells that differ from the first scenario."""
    def style(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(np.where(differs.to_numpy(), HIGHLIGHT, ""),
                            index=frame.index, columns=frame.columns)
    return style


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested scenario dict to {'promise.target_share': 0.8, 'groups[Residents].population': …}.

    Lists of records are keyed by their name (``name`` or ``group``); long lists of numbers are
    kept whole as tuples so they compare as one input.
    """
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list):
        if all(isinstance(item, Mapping) for item in data) and data:
            out = {}
            for i, item in enumerate(data):
                label = item.get("name", item.get("group", i))
                out.update(flatten(item, f"{prefix}[{label}]"))
            return out
        return {prefix: tuple(data)}
    return {prefix: data}


def describe(key: str, value: Any) -> str:
    """One input's value as short text for the compare table."""
    if value is None:
        return MISSING
    if isinstance(value, tuple):
        return _describe_list(key, value)
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


def _describe_list(key: str, values: tuple[Any, ...]) -> str:
    if len(values) <= LONG_LIST:
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)
    numbers = np.asarray(values, dtype=float)
    if set(np.unique(numbers)) <= {0.0, 1.0}:
        return sentence("compare", "cover_hours", hours=str(int(numbers.sum())))
    if len(values) == 7 * 24:
        day, hour = divmod(int(np.argmax(numbers)), 24)
        return sentence("compare", "hourly_shares", day=DAYS[day], hour=f"{hour:02d}:00",
                        share=f"{numbers.max():.1%}")
    return sentence("compare", "values_range", count=str(len(values)),
                    low=f"{numbers.min():g}", high=f"{numbers.max():g}")


def inputs_that_differ(scenarios: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """One row an input whose value is not the same in every scenario ('—' where absent)."""
    flat = {name: flatten(data) for name, data in scenarios.items()}
    keys: list[str] = []
    for each in flat.values():
        keys += [k for k in each if k not in keys]
    rows = []
    for key in keys:
        values = [flat[name].get(key) for name in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append([key, *(describe(key, v) for v in values)])
    return pd.DataFrame(rows, columns=["Input", *flat]).set_index("Input")


def cumulative_curve(result: Result) -> np.ndarray:
    """Cumulative discounted net benefit, month 0 (= £0) to the end of the horizon."""
    curve: np.ndarray = np.r_[0.0, np.asarray(result.monthly_cumulative_gbp, dtype=float)]
    return curve


def cumulative_overlay(results: Mapping[str, Result]) -> Chart:
    """Cumulative net benefit of each scenario on one chart, with a one-line caption."""
    curves = {name: cumulative_curve(r) for name, r in results.items()}
    scale, suffix = money_scale(np.concatenate([*curves.values(), [0.0]]))
    traces = [{"type": "scatter", "x": (np.arange(len(curve)) / MONTHS_PER_YEAR).tolist(),
               "y": (curve / scale).tolist(), "mode": "lines", "name": label(name),
               "line": {"color": colour, "width": 3},
               "hovertemplate": f"{label(name)}: £%{{y:.2f}}{suffix} at year %{{x:.1f}}"
                                "<extra></extra>"}
              for (name, curve), colour in zip(curves.items(), PALETTE * 2)]
    fig = figure(traces, "Cumulative net benefit (discounted)", "Years from the start",
                 f"Net benefit to date (£{suffix})",
                 y={"tickprefix": "£", "ticksuffix": suffix}, lines=[hline(0, colour=GREY)])
    caption = sentence("compare", "paid_so_far", ranking=_ranking(results))
    return fig, caption


def _ranking(results: Mapping[str, Result]) -> str:
    """Which scenario ends highest, among those that keep their promise only."""
    ready = [name for name, r in results.items() if r.ready]
    broken = [name for name, r in results.items() if not r.ready]
    note = ""
    if len(broken) == 1:
        note = sentence("compare", "one_breaks", names=broken[0])
    elif broken:
        note = sentence("compare", "several_break", names=", ".join(broken))
    if not ready:
        return sentence("compare", "none_ranked", note=note)
    best = max(ready, key=lambda n: results[n].npv_gbp)
    return sentence("compare", "ranked", best=best, npv=money(results[best].npv_gbp), note=note)


# --- exports ----------------------------------------------------------------------------------


def annual_csv(result: Result) -> bytes:
    return csv_safe(result.annual)


def stakeholders_csv(scenario: Scenario) -> bytes:
    return csv_safe(groups_to_frame(scenario.groups))


def safe_file_stem(name: str) -> str:
    """A scenario name as a file name: letters, digits, '-' and '_' only."""
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in name.strip())
    return stem.strip("_")[:60] or "scenario"
