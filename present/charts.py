"""Pure plot builders: model output in, (plotly Figure, one-line plain-English caption) out."""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.colors as pc
import plotly.graph_objects as go

from model import Result, Scenario
from model.analysis import MonteCarloResult
from model.registry import BENEFITS, COSTS
from model.surge import FLUID_METHOD, SurgeResult
from model.surge_event import Surge
from model.units import DAY_NAMES as DAYS
from model.units import MINUTES_PER_HOUR, MONTHS_PER_YEAR
from present.text import count, duration, fte, money, percent

Chart = tuple[go.Figure, str]
Spec = dict[str, Any]  # a plotly trace, axis or shape as plain JSON

# Okabe–Ito: safe for the common kinds of colour blindness.
BLUE, ORANGE, SKY, GREEN = "#0072B2", "#E69F00", "#56B4E9", "#009E73"
VERMILLION, GREY, BLACK = "#D55E00", "#6B7280", "#111827"
BENEFIT, COST, NET = BLUE, VERMILLION, BLACK

BASE_FONT_PX = 17
TITLE_FONT_PX = 22
CHART_HEIGHT_PX = 440
FRONTIER_LONGEST_HOURS = 168.0  # a week: the slowest promise a council would make in public
# Spelled out: figures go to plotly.js unvalidated, and plotly.js's own "Blues" runs dark → light
# (the opposite of plotly.py's), which made "darker = busier" read backwards in the browser.
LIGHT_TO_DARK_BLUES = [[i / (len(pc.sequential.Blues) - 1), colour]
                       for i, colour in enumerate(pc.sequential.Blues)]
LOG_PAD = 0.1  # log10 units either side of the frontier's points
FRONTIER_TICKS_MINUTES = (15, 60, 240, 1440, 10080)  # 15 min, 1 h, 4 h, 1 day, 7 days
FLAT_FTE = 0.05  # below this spread (half the 0.1 FTE shown) the frontier reads as flat
LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0.0}


def figure(traces: list[Spec], title: str, x_title: str, y_title: str, *,
           height: int = CHART_HEIGHT_PX, x: Spec | None = None, y: Spec | None = None,
           lines: list[Spec] | None = None, **layout: object) -> go.Figure:
    """One house-style figure from plain dicts (`traces` as plotly's JSON, `x`/`y` extra axis
    settings, `lines` from `vline`/`hline`, `layout` more top-level layout).

    Built without plotly's per-property checks: checking costs 25–30 ms a chart, which a busy
    server pays on every new slider value, against about 1 ms unchecked. tests/app/test_charts.py
    rebuilds every chart with the checks on, so a wrong property still fails a test.
    """
    axis = {"gridcolor": "#E5E7EB", "zerolinecolor": GREY, "automargin": True,
            "tickfont": {"size": BASE_FONT_PX, "color": BLACK}, "linecolor": GREY}
    lines = lines or []
    spec = {
        "title": {"text": title, "font": {"size": TITLE_FONT_PX}},
        "font": {"size": BASE_FONT_PX, "color": BLACK},
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 70, "b": 10},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        # Below the plot, at the foot of the figure: above it, a legend that wraps on a narrow
        # (presenter) screen grew into the title.
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.0,
                   "xanchor": "left", "x": 0.0, "font": {"size": BASE_FONT_PX - 1}},
        "hoverlabel": {"font": {"size": BASE_FONT_PX}},
        "xaxis": {**axis, "title": {"text": x_title, "font": {"size": BASE_FONT_PX}},
                  **(x or {})},
        "yaxis": {**axis, "title": {"text": y_title, "font": {"size": BASE_FONT_PX}},
                  **(y or {})},
        "shapes": [line["shape"] for line in lines],
        "annotations": [line["annotation"] for line in lines if "annotation" in line],
        **layout,
    }
    return go.Figure({"data": traces, "layout": spec}, _validate=False)


def vline(x: float, colour: str = GREY, width: float = 2, dash: str = "solid",
          label: str | None = None) -> Spec:
    """A vertical line across the plot at data value `x`, optionally labelled at the top."""
    line = {"shape": {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0,
                      "y1": 1, "line": {"color": colour, "width": width, "dash": dash}}}
    if label:
        line["annotation"] = {"x": x, "xref": "x", "y": 1, "yref": "paper", "text": label,
                              "showarrow": False, "xanchor": "left", "yanchor": "top",
                              "font": {"size": BASE_FONT_PX}}
    return line


def hline(y: float, colour: str = BLACK, width: float = 1) -> Spec:
    return {"shape": {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": y,
                      "y1": y, "line": {"color": colour, "width": width}}}


OUTSIDE_LABEL_ROOM = 1.18  # axis length over the longest bar: room for its label beside it
MONEY_TICKS = 5  # about this many ticks on a money axis
NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def _money_axis(scaled: Any, scale: float, with_zero: bool = True) -> Spec:
    """Ticks labelled as the figures are written (−£500k, never £−500k): plotly's tickprefix
    puts the £ before the sign, so the labels are given. ``with_zero``: the axis reaches £0
    (bars from zero, a zero line); else the ticks span the values only."""
    values = np.asarray(scaled, dtype=float)
    values = values[np.isfinite(values)]
    low = float(values.min()) if values.size else 0.0
    high = float(values.max()) if values.size else 1.0
    if with_zero or low == high:
        low, high = min(low, 0.0), max(high, 0.0)
    raw = (high - low) / MONEY_TICKS or 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in NICE_STEPS if m * magnitude >= raw)
    ticks = np.arange(math.floor(low / step), math.ceil(high / step) + 1) * step
    return {"tickvals": _values(ticks), "ticktext": [money(t * scale) for t in ticks]}


def label(text: object) -> str:
    """A person's text (a group or scenario name) for a chart: plotly draws some HTML in titles,
    labels and legends, links included, so `<`, `>` and `&` are written as entities."""
    return html.escape(str(text), quote=False)


def _values(column: pd.Series | np.ndarray) -> list[Any]:
    """Plain numbers or labels for a trace: plotly's checks (skipped here) would convert them."""
    values: list[Any] = np.asarray(column).tolist()
    return values


def money_scale(values: np.ndarray | pd.Series | list[float]) -> tuple[float, str]:
    """Divisor and suffix so money axes read £250k or £1.2m, never raw pounds."""
    largest = float(np.nanmax(np.abs(np.asarray(values, dtype=float)))) if len(values) else 0.0
    if largest >= 1e6:
        return 1e6, "m"
    if largest >= 1e3:
        return 1e3, "k"
    return 1.0, ""


# ---------------------------------------------------------------- money over time


def cumulative_cost_benefit(result: Result) -> Chart:
    annual = result.annual
    years = np.arange(len(annual) + 1)
    costs = np.r_[0.0, np.cumsum(annual["pv_costs_gbp"].to_numpy())]
    benefits = np.r_[0.0, np.cumsum(annual["pv_benefits_gbp"].to_numpy())]
    months = np.arange(1, len(result.monthly_cumulative_gbp) + 1) / MONTHS_PER_YEAR
    net = np.r_[0.0, result.monthly_cumulative_gbp]
    scale, suffix = money_scale(np.r_[costs, benefits, net])
    traces = [{"type": "scatter", "x": _values(years), "y": _values(values / scale),
               "name": name, "mode": "lines+markers",
               "line": {"color": colour, "width": 4}, "marker": {"size": 9},
               "customdata": [money(v) for v in values],
               "hovertemplate": "Year %{x}: %{customdata}"}
              for name, values, colour in (("Costs (cumulative)", costs, COST),
                                           ("Benefits (cumulative)", benefits, BENEFIT))]
    traces.append({"type": "scatter", "x": _values(np.r_[0.0, months]),
                   "y": _values(net / scale), "name": "Net (benefits − costs)", "mode": "lines",
                   "line": {"color": NET, "width": 3, "dash": "dash"},
                   "customdata": [money(v) for v in net],
                   "hovertemplate": "Year %{x:.1f}: %{customdata}"})
    fig = figure(traces, "Cumulative cost and benefit", "Years from start",
                 f"Present value (£{suffix})", x={"dtick": 1},
                 y=_money_axis(np.r_[costs, benefits, net] / scale, scale))
    horizon = len(annual)
    final = result.npv_gbp
    if final >= 0:
        when = (f"benefits overtake costs in month {result.payback_month}"
                if result.payback_month else "benefits stay ahead")
        caption = f"Over {horizon} years {when}; the plan is {money(final)} ahead at the end."
    else:
        caption = (f"Costs stay ahead of benefits: after {horizon} years the plan is "
                   f"{money(final)} (it costs more than it saves).")
    return fig, caption


def category_bars(result: Result) -> Chart:
    annual = result.annual
    factor = annual["discount_factor"].to_numpy()
    rows = [(c.label, float(annual[c.label].to_numpy() @ factor),
             "Benefit" if c.side == "benefit" else "Cost") for c in BENEFITS + COSTS]
    frame = pd.DataFrame(rows, columns=["category", "pv_gbp", "kind"])
    scale, suffix = money_scale(frame["pv_gbp"])
    traces = []
    for kind, colour in (("Benefit", BENEFIT), ("Cost", COST)):
        part = frame[frame["kind"] == kind]
        traces.append({"type": "bar", "y": _values(part["category"]),
                       "x": _values(part["pv_gbp"] / scale), "name": f"{kind}s",
                       "orientation": "h", "marker": {"color": colour},
                       "text": [money(v) for v in part["pv_gbp"]], "textposition": "outside",
                       "cliponaxis": False, "hovertemplate": "%{y}: %{text}"})
    room = float(frame["pv_gbp"].max()) / scale * 1.2  # for the labels beside the bars
    fig = figure(traces, f"Costs and benefits by category ({len(annual)} years, present value)",
                 f"Present value (£{suffix})", "",
                 x={**_money_axis([0.0, room], scale), "range": [0, room]},
                 y={"autorange": "reversed"})
    biggest = frame.iloc[int(frame["pv_gbp"].to_numpy().argmax())]
    caption = (f"The largest single item is {biggest['category'].lower()} at "
               f"{money(biggest['pv_gbp'])}; benefits total {money(result.pv_benefits_gbp)} "
               f"against costs of {money(result.pv_costs_gbp)}.")
    return fig, caption


def net_by_group(result: Result) -> Chart:
    table = result.by_group
    scale, suffix = money_scale(np.r_[table["benefit_gbp"], table["cost_gbp"]])
    groups = [label(g) for g in table["group"]]

    def bar(name: str, column: str, sign: float, colour: str) -> Spec:
        return {"type": "bar", "y": groups, "x": _values(sign * table[column] / scale),
                "name": name, "orientation": "h", "marker": {"color": colour},
                "customdata": [money(v) for v in table[column]],
                "hovertemplate": f"%{{y}}: {name.lower()} %{{customdata}}"}

    traces = [bar("Benefit", "benefit_gbp", 1.0, BENEFIT), bar("Cost", "cost_gbp", -1.0, COST),
              {"type": "scatter", "y": groups, "x": _values(table["net_gbp"] / scale),
               "name": "Net", "mode": "markers",
               "marker": {"color": NET, "size": 16, "symbol": "diamond"},
               "customdata": [money(v) for v in table["net_gbp"]],
               "hovertemplate": "%{y}: net %{customdata}"}]
    fig = figure(traces, "Where the value comes from, by group (present value)",
                 f"Present value (£{suffix}); costs to the left", "",
                 x=_money_axis(np.r_[table["benefit_gbp"], -table["cost_gbp"],
                                     table["net_gbp"]] / scale, scale),
                 y={"autorange": "reversed"}, barmode="relative")
    best = table.iloc[int(table["net_gbp"].to_numpy().argmax())]
    if best["net_gbp"] < 0:
        caption = (f"Every group costs more than it returns; {best['group']} come closest "
                   f"({money(best['net_gbp'])} net). Diamonds show benefit minus cost.")
    else:
        caption = (f"{best['group']} give the best return ({money(best['net_gbp'])} net); "
                   "diamonds show benefit minus cost for each group.")
    return fig, caption


# ---------------------------------------------------------------- groups and levels


def _rows_height(rows: int, minimum: int = 320) -> int:
    """Tall enough for one readable row a group."""
    return max(minimum, 70 * rows + 120)


def level_dumbbell(scenario: Scenario) -> Chart:
    names = [label(g.group) for g in scenario.groups]
    ladder = scenario.level_names
    current = [ladder.index(g.current_level) + 1 for g in scenario.groups]
    target = [ladder.index(g.target_level) + 1 for g in scenario.groups]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for name, a, b in zip(names, current, target):
        line_x += [a, b, None]
        line_y += [name, name, None]
    traces = [{"type": "scatter", "x": line_x, "y": line_y, "mode": "lines",
               "showlegend": False, "line": {"color": GREY, "width": 5}, "hoverinfo": "skip"}]
    for when, levels, colour, symbol, words in (
            ("Today", current, ORANGE, "circle", [g.current_level for g in scenario.groups]),
            ("Target", target, BLUE, "diamond", [g.target_level for g in scenario.groups])):
        traces.append({"type": "scatter", "x": levels, "y": names, "mode": "markers",
                       "name": when, "marker": {"color": colour, "size": 20, "symbol": symbol},
                       "hovertemplate": f"%{{y}}: {when.lower()} %{{text}}", "text": words})
    fig = figure(traces, "Engagement level today → target", "Engagement level (IAP2 step)", "",
                 height=_rows_height(len(names)),
                 x={"tickvals": list(range(1, len(ladder) + 1)), "ticktext": list(ladder),
                    "range": [0.6, len(ladder) + 0.4]},
                 y={"autorange": "reversed"})
    moves = sum(b > a for a, b in zip(current, target))
    caption = (f"{moves} of {len(names)} groups move up the ladder; orange is where we are, "
               "blue is where we aim.")
    return fig, caption


def inbound_by_group(result: Result) -> Chart:
    table = result.by_group
    traces = [{"type": "bar", "y": [label(g) for g in table["group"]], "x": _values(table[column]),
               "name": name, "orientation": "h", "marker": {"color": colour},
               "text": [count(v) for v in table[column]], "textposition": "outside",
               "cliponaxis": False}
              for name, column, colour in (("Today", "inbound_per_week_today", ORANGE),
                                           ("At target level", "inbound_per_week", BLUE))]
    largest = float(np.nanmax(table[["inbound_per_week_today", "inbound_per_week"]].to_numpy()))
    fig = figure(traces, "Messages coming in, by group", "Inbound messages per week", "",
                 height=_rows_height(len(table)), y={"autorange": "reversed"}, barmode="group",
                 x={"range": [0, max(largest, 1.0) * OUTSIDE_LABEL_ROOM]})
    today, target = table["inbound_per_week_today"].sum(), table["inbound_per_week"].sum()
    caption = (f"Inviting conversation raises inbound from about {count(today)} to "
               f"{count(target)} messages a week.")
    return fig, caption


def patience_curve(scenario: Scenario) -> Chart:
    minutes = np.asarray(scenario.patience_minutes, dtype=float)
    shares = np.asarray(scenario.patience_share, dtype=float)
    hours = np.maximum(minutes, 1.0) / MINUTES_PER_HOUR
    target_minutes = scenario.promise.response_target_minutes
    traces = [{"type": "scatter", "x": _values(hours), "y": _values(shares * 100),
               "mode": "lines+markers", "name": "Expect a reply within this time",
               "line": {"color": BLUE, "width": 4}, "marker": {"size": 12},
               "text": [duration(m) for m in minutes],
               "hovertemplate": "%{y:.0f}% expect a reply within %{text}"},
              {"type": "scatter", "x": [target_minutes / MINUTES_PER_HOUR] * 2, "y": [0, 100],
               "mode": "lines", "name": "Our promise",
               "line": {"color": VERMILLION, "width": 3, "dash": "dash"}}]
    fig = figure(traces, "How long people are prepared to wait",
                 "Time since they posted (hours, log scale)",
                 "Share expecting a reply by then (%)",
                 x={"type": "log", "dtick": 1},  # ticks at 0.01, 0.1, 1, 10, 100 h only
                 y={"range": [0, 105], "ticksuffix": "%"})
    waiting = patience_drawn_at(hours, shares, target_minutes / MINUTES_PER_HOUR)
    caption = (f"By our promise of {duration(target_minutes)}, about {percent(waiting)} of people "
               "already expected a reply.")
    return fig, caption


def patience_drawn_at(hours: np.ndarray, shares: np.ndarray, at_hours: float) -> float:
    """The share the patience line shows at a time: straight between points on a log axis."""
    return float(np.interp(np.log10(at_hours), np.log10(hours), shares))


def level_growth(ladder: pd.DataFrame, group: str) -> Chart:
    """`ladder`: one row a level with inbound_per_week, replies_per_week and fte."""
    levels = _values(ladder["level"])
    traces: list[Spec] = [
        {"type": "bar", "x": levels, "y": _values(ladder[column]), "name": name,
         "marker": {"color": colour}, "text": [count(v) for v in ladder[column]],
         "textposition": "outside", "cliponaxis": False}
        for name, column, colour in (("Messages in", "inbound_per_week", SKY),
                                     ("Replies owed", "replies_per_week", BLUE))]
    traces.append({"type": "scatter", "x": levels, "y": _values(ladder["fte"]),
                   "name": "Staff (FTE, right axis)", "mode": "lines+markers", "yaxis": "y2",
                   "line": {"color": VERMILLION, "width": 4}, "marker": {"size": 14},
                   "customdata": [fte(v) for v in ladder["fte"]],
                   "hovertemplate": "%{x}: %{customdata}"})
    staff_axis = {"title": {"text": "Staff time (FTE)", "font": {"size": BASE_FONT_PX}},
                  "overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False,
                  "tickformat": ".1f", "tickfont": {"size": BASE_FONT_PX, "color": VERMILLION},
                  "automargin": True}
    fig = figure(traces, f"What each level asks: {label(group)}", "Engagement level",
                 "Messages per week", barmode="group", yaxis2=staff_axis,
                 margin={"l": 10, "r": 80, "t": 70, "b": 10})
    first, last = ladder.iloc[0], ladder.iloc[-1]
    caption = (f"From {first['level']} to {last['level']}, {group.lower()} would send "
               f"{count(first['inbound_per_week'])} → {count(last['inbound_per_week'])} messages "
               f"a week and need {fte(first['fte'])} → {fte(last['fte'])}.")
    return fig, caption


# ---------------------------------------------------------------- speed and cover


def frontier_chart(frame: pd.DataFrame, current_target_minutes: float) -> Chart:
    hours = frame["target_minutes"].to_numpy(float) / MINUTES_PER_HOUR
    labels = np.array([duration(m) for m in frame["target_minutes"]])
    fte_required = frame["fte_required"].to_numpy(float)
    ok = frame["achievable"].to_numpy(bool)
    best = frame[frame["best"]]
    traces = [
        {"type": "scatter", "x": _values(hours[ok]), "y": _values(fte_required[ok]),
         "mode": "lines+markers", "name": "Possible", "line": {"color": BLUE, "width": 3},
         "marker": {"size": 14, "color": BLUE},
         "text": [f"{label}: {fte(f)}, NPV {money(n)}" for label, f, n in
                  zip(labels[ok], fte_required[ok], frame["npv_gbp"].to_numpy(float)[ok])],
         "hovertemplate": "%{text}"},
        # A white disc with a coloured ring: an "-open" symbol draws its ring in the fill
        # colour, so white on white showed nothing.
        {"type": "scatter", "x": _values(hours[~ok]), "y": _values(fte_required[~ok]),
         "mode": "markers", "name": "Not possible with this cover",
         "marker": {"size": 14, "color": "white", "line": {"color": VERMILLION, "width": 3},
                    "symbol": "circle"},
         "text": _values(labels[~ok]), "hovertemplate": "%{text}: not possible with this cover"},
        {"type": "scatter", "x": _values(best["target_minutes"] / MINUTES_PER_HOUR),
         "y": _values(best["fte_required"]), "mode": "markers", "name": "Best value",
         "marker": {"size": 26, "color": GREEN, "symbol": "star",
                    "line": {"color": BLACK, "width": 1}},
         "text": [f"Best: {duration(m)}, NPV {money(n)}" for m, n in
                  zip(best["target_minutes"], best["npv_gbp"])],
         "hovertemplate": "%{text}"}]
    # plotly.js 4 (in the plotly wheel) places shapes on a log axis at data values but
    # annotations and the axis range in log10 units: checked in Chromium on this machine.
    promise_hours = current_target_minutes / MINUTES_PER_HOUR
    promise = vline(promise_hours, dash="dash", label="our promise")
    promise["annotation"].update(x=math.log10(promise_hours), y=0, yanchor="bottom")
    shortest = min(float(hours.min()), promise_hours)
    x_range = [math.log10(shortest) - LOG_PAD, math.log10(FRONTIER_LONGEST_HOURS) + LOG_PAD]
    ticks = [m for m in FRONTIER_TICKS_MINUTES
             if shortest <= m / MINUTES_PER_HOUR <= FRONTIER_LONGEST_HOURS]
    fig = figure(traces, "Cost of speed: staff each promise needs",
                 "Response target (log scale)", "Staff needed (FTE)",
                 x={"type": "log", "range": x_range,
                    "tickvals": [m / MINUTES_PER_HOUR for m in ticks],
                    "ticktext": [duration(m) for m in ticks]},
                 y={"rangemode": "tozero"}, lines=[promise],
                 legend={**LEGEND_BELOW, "y": -0.26},
                 margin={"l": 10, "r": 20, "t": 70, "b": 100})
    if best.empty:
        caption = "No response target in this range can be kept with the chosen hours of cover."
    else:
        row = best.iloc[0]
        caption = (f"Each point is staffed to its own promise, not the team as set: the best "
                   f"value is {duration(row['target_minutes'])} ({fte(row['fte_required'])}, "
                   f"NPV {money(row['npv_gbp'])}); hollow markers cannot be kept with these "
                   "hours of cover.")
        if np.ptp(fte_required) < FLAT_FTE:
            caption += (f" Every promise takes the same {fte(float(fte_required.max()))}: "
                        "whole people in every hour of cover set the team, not the speed.")
    return fig, caption


def week_heatmap(week: pd.DataFrame) -> Chart:
    inbound = week["inbound"].to_numpy(float).reshape(len(DAYS), -1)
    covered = week["cover"].to_numpy(int).reshape(len(DAYS), -1)
    day_idx, hour_idx = np.nonzero(covered)
    traces = [{"type": "heatmap", "z": _values(inbound), "x": list(range(inbound.shape[1])),
               "y": list(DAYS), "colorscale": LIGHT_TO_DARK_BLUES,
               "colorbar": {"title": {"text": "Msgs/h"}},
               "hovertemplate": "%{y} %{x}:00 – %{z:.1f} messages<extra></extra>"},
              {"type": "scatter", "x": _values(hour_idx), "y": [DAYS[d] for d in day_idx],
               "mode": "markers", "name": "Someone on duty", "hoverinfo": "skip",
               "marker": {"symbol": "square-open", "size": 14, "color": ORANGE,
                          "line": {"width": 2}}}]
    fig = figure(traces, "When messages arrive vs when someone is on duty",
                 "Hour of day (24 h clock)", "", x={"dtick": 2, "range": [-0.5, 23.5]},
                 y={"autorange": "reversed"})
    out_of_hours = float(inbound[covered == 0].sum() / inbound.sum()) if inbound.sum() else 0.0
    day, hour = np.unravel_index(int(np.argmax(inbound)), inbound.shape)
    caption = (f"{percent(out_of_hours)} of messages arrive when no one is on duty; the busiest "
               f"hour is {DAYS[day]} {hour:02d}:00 with {inbound[day, hour]:,.1f} messages "
               "(darker = busier; orange squares = covered hours).")
    return fig, caption


def rota_heatmap(week: pd.DataFrame) -> Chart:
    """Whole people on duty in each hour of the week, as the rota puts them."""
    people = week["people_on_duty"].to_numpy(int).reshape(len(DAYS), -1)
    traces = [{"type": "heatmap", "z": _values(people), "x": list(range(people.shape[1])),
               "y": list(DAYS), "colorscale": LIGHT_TO_DARK_BLUES, "zmin": 0,
               "showscale": False, "text": [[str(n) if n else "" for n in row] for row in people],
               "texttemplate": "%{text}", "textfont": {"size": BASE_FONT_PX},
               "hovertemplate": "%{y} %{x}:00 – %{z} on duty<extra></extra>"}]
    fig = figure(traces, "People on duty, hour by hour (the rota)", "Hour of day (24 h clock)",
                 "", x={"dtick": 2, "range": [-0.5, 23.5]}, y={"autorange": "reversed"})
    on_duty = people[people > 0]
    caption = (f"{count(float(people.sum()))} person-hours on duty a week; between "
               f"{on_duty.min() if on_duty.size else 0} and {people.max()} people at once "
               "(blank = no one on duty).")
    return fig, caption


# ---------------------------------------------------------------- uncertainty


def npv_histogram(mc: MonteCarloResult) -> Chart:
    values = mc.npv_gbp
    scale, suffix = money_scale(values)
    traces = [{"type": "histogram", "x": _values(values[mask] / scale), "name": name,
               "marker": {"color": colour}, "nbinsx": 40, "opacity": 0.9}
              for name, mask, colour in (("Loses money", values < 0, COST),
                                         ("Pays", values >= 0, BENEFIT))]
    fig = figure(traces, "Range of outcomes (net present value)", f"NPV (£{suffix})",
                 "Number of simulated futures", x=_money_axis(values / scale, scale),
                 lines=[vline(0, colour=BLACK)], barmode="overlay", bargap=0.05)
    caption = (f"In {percent(mc.probability_positive)} of {count(len(values))} simulated futures "
               f"the plan pays; the middle outcome is {money(mc.p50_gbp)}.")
    return fig, caption


def fan_chart(mc: MonteCarloResult) -> Chart:
    fan = mc.fan
    years = _values(np.r_[0, fan["year"].to_numpy()])
    p10, p50, p90 = (np.r_[0.0, fan[c].to_numpy()] for c in ("p10_gbp", "p50_gbp", "p90_gbp"))
    scale, suffix = money_scale(np.r_[p10, p90])
    traces: list[Spec] = [
              {"type": "scatter", "x": years, "y": _values(p90 / scale), "mode": "lines",
               "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"},
              {"type": "scatter", "x": years, "y": _values(p10 / scale), "mode": "lines",
               "line": {"width": 0}, "fill": "tonexty", "fillcolor": "rgba(0,114,178,0.25)",
               "name": "8 in 10 futures fall in this band", "hoverinfo": "skip"},
              {"type": "scatter", "x": years, "y": _values(p50 / scale),
               "mode": "lines+markers", "name": "Middle outcome",
               "line": {"color": BLUE, "width": 4}, "marker": {"size": 9},
               "customdata": [money(v) for v in p50],
               "hovertemplate": "Year %{x}: %{customdata}"}]
    fig = figure(traces, "Cumulative net value, with uncertainty", "Years from start",
                 f"Cumulative present value (£{suffix})", x={"dtick": 1},
                 y=_money_axis(np.r_[p10, p90] / scale, scale),
                 lines=[hline(0)])
    caption = (f"By year {int(years[-1])} the plan is most likely {money(p50[-1])}, and 8 in 10 "
               f"futures lie between {money(p10[-1])} and {money(p90[-1])}.")
    return fig, caption


def tornado_chart(frame: pd.DataFrame, base_npv_gbp: float) -> Chart:
    rows = frame.iloc[::-1]
    scale, suffix = money_scale(np.r_[rows["npv_low_gbp"], rows["npv_high_gbp"], base_npv_gbp])
    labels = [label[:1].upper() + label[1:] for label in rows["label"]]
    traces = [{"type": "bar", "y": labels, "x": _values((rows[column] - base_npv_gbp) / scale),
               "base": base_npv_gbp / scale, "orientation": "h", "name": name,
               "marker": {"color": colour}, "customdata": [money(v) for v in rows[column]],
               "hovertemplate": "%{y}: NPV %{customdata}"}
              for name, column, colour in (("Input at its low value", "npv_low_gbp", ORANGE),
                                           ("Input at its high value", "npv_high_gbp", BLUE))]
    fig = figure(traces, "What moves the answer most", f"NPV (£{suffix})", "",
                 height=max(360, 55 * len(rows) + 140),
                 x=_money_axis(np.r_[rows["npv_low_gbp"], rows["npv_high_gbp"],
                                     base_npv_gbp] / scale, scale, with_zero=False),
                 lines=[vline(base_npv_gbp / scale, colour=BLACK)], barmode="overlay")
    if frame.empty:
        return fig, "No uncertain inputs are set, so there is nothing to compare."
    top = frame.iloc[0]
    caption = (f"The {top['label']} matters most: it swings NPV by {money(top['swing_gbp'])}; "
               "the black line is our central estimate.")
    return fig, caption


# ---------------------------------------------------------------- surge


def _surge_ticks(hours_from_start: np.ndarray, start_hour: int) -> Spec:
    """Ticks each day at the event's clock time, labelled with the day and time."""
    ticks = [h for h in _values(hours_from_start) if (h % 24) == 0]
    labels = [f"{DAYS[((start_hour + h) // 24) % len(DAYS)]} {(start_hour + h) % 24:02d}:00"
              for h in ticks]
    return {"tickvals": ticks, "ticktext": labels}


def surge_backlog(result: SurgeResult, surge: Surge) -> Chart:
    """Messages waiting hour by hour through the event and after, against a typical week."""
    hours = result.hours_from_start
    traces = [
        {"type": "scatter", "x": _values(hours), "y": _values(result.typical_backlog),
         "mode": "lines", "name": "A typical week", "line": {"color": GREY, "dash": "dot"},
         "hovertemplate": "%{y:,.0f} waiting in a typical week<extra></extra>"},
        {"type": "scatter", "x": _values(hours), "y": _values(result.backlog), "mode": "lines",
         "name": "With the event", "line": {"color": VERMILLION, "width": 3},
         "hovertemplate": "%{y:,.0f} waiting<extra></extra>"},
    ]
    event = {"shape": {"type": "rect", "xref": "x", "yref": "paper", "x0": 0,
                       "x1": surge.duration_hours, "y0": 0, "y1": 1, "layer": "below",
                       "fillcolor": "rgba(230, 159, 0, 0.15)", "line": {"width": 0}},
             "annotation": {"x": 0, "xref": "x", "y": 1, "yref": "paper", "showarrow": False,
                            "text": f"{surge.multiplier:g}× messages", "xanchor": "left",
                            "yanchor": "top", "font": {"size": BASE_FONT_PX}}}
    fig = figure(traces, "Messages waiting to be picked up, hour by hour", "",
                 "Messages waiting", x=_surge_ticks(hours, surge.start_hour), lines=[event],
                 legend=LEGEND_BELOW)
    normal = result.hours_to_normal
    back = ("it is back to a typical week's "
            + (f"{duration(normal * MINUTES_PER_HOUR)} after the event ends"
               if math.isfinite(normal) else "only after more than eight weeks"))
    caption = (f"At worst about {count(result.peak_backlog)} messages wait to be picked up; "
               f"{back} (shaded: the event)."
               + (" At this many messages the event is worked out at mean rates (a fluid), "
                  "which agrees with the exact queue within about a point."
                  if result.method == FLUID_METHOD else ""))
    return fig, caption
