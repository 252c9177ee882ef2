"""Pure plot builders: model output in, (plotly Figure, one-line plain-English caption) out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from model import Result, Scenario
from model.analysis import MonteCarloResult
from model.scenario import LEVEL_NAMES
from model.text import count, duration, fte, money, percent
from model.value import BENEFITS, ONE_OFF_COSTS, RUNNING_COSTS

Chart = tuple[go.Figure, str]

# Okabe–Ito: safe for the common kinds of colour blindness.
BLUE, ORANGE, SKY, GREEN = "#0072B2", "#E69F00", "#56B4E9", "#009E73"
VERMILLION, PURPLE, GREY, BLACK = "#D55E00", "#CC79A7", "#6B7280", "#111827"
BENEFIT, COST, NET = BLUE, VERMILLION, BLACK

BASE_FONT_PX = 17
TITLE_FONT_PX = 22
CHART_HEIGHT_PX = 440
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_PER_YEAR = 12
MINUTES_PER_HOUR = 60


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str,
            height: int = CHART_HEIGHT_PX) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": TITLE_FONT_PX}},
        font={"size": BASE_FONT_PX, "color": BLACK},
        height=height,
        margin={"l": 10, "r": 20, "t": 70, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0,
                "font": {"size": BASE_FONT_PX - 1}},
        hoverlabel={"font": {"size": BASE_FONT_PX}},
    )
    axis = {"gridcolor": "#E5E7EB", "zerolinecolor": GREY, "automargin": True,
            "tickfont": {"size": BASE_FONT_PX, "color": BLACK}, "linecolor": GREY}
    fig.update_xaxes(title={"text": x_title, "font": {"size": BASE_FONT_PX}}, **axis)
    fig.update_yaxes(title={"text": y_title, "font": {"size": BASE_FONT_PX}}, **axis)
    return fig


def money_scale(values: np.ndarray | list[float]) -> tuple[float, str]:
    """Divisor and suffix so money axes read £250k or £1.2m, never raw pounds."""
    largest = float(np.nanmax(np.abs(np.asarray(values, dtype=float)))) if len(values) else 0.0
    if largest >= 1e6:
        return 1e6, "m"
    if largest >= 1e3:
        return 1e3, "k"
    return 1.0, ""


def _money_axis(fig: go.Figure, suffix: str, axis: str = "y") -> None:
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickprefix="£", ticksuffix=suffix, separatethousands=True)


# ---------------------------------------------------------------- money over time


def cumulative_cost_benefit(result: Result) -> Chart:
    annual = result.annual
    years = np.arange(len(annual) + 1)
    costs = np.r_[0.0, np.cumsum(annual["pv_costs_gbp"].to_numpy())]
    benefits = np.r_[0.0, np.cumsum(annual["pv_benefits_gbp"].to_numpy())]
    months = np.arange(1, len(result.monthly_cumulative_gbp) + 1) / MONTHS_PER_YEAR
    net = np.r_[0.0, result.monthly_cumulative_gbp]
    scale, suffix = money_scale(np.r_[costs, benefits, net])
    fig = go.Figure()
    for name, values, colour, dash in (("Costs (cumulative)", costs, COST, "solid"),
                                       ("Benefits (cumulative)", benefits, BENEFIT, "solid")):
        fig.add_trace(go.Scatter(
            x=years, y=values / scale, name=name, mode="lines+markers",
            line={"color": colour, "width": 4, "dash": dash}, marker={"size": 9},
            customdata=[money(v) for v in values], hovertemplate="Year %{x}: %{customdata}"))
    fig.add_trace(go.Scatter(
        x=np.r_[0.0, months], y=net / scale, name="Net (benefits − costs)", mode="lines",
        line={"color": NET, "width": 3, "dash": "dash"},
        customdata=[money(v) for v in net], hovertemplate="Year %{x:.1f}: %{customdata}"))
    _layout(fig, "Cumulative cost and benefit", "Years from start",
            f"Present value (£{suffix})")
    _money_axis(fig, suffix)
    fig.update_xaxes(dtick=1)
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
    rows = [(name, float(annual[name].to_numpy() @ factor), "Benefit") for name in BENEFITS]
    rows += [(name, float(annual[name].to_numpy() @ factor), "Cost")
             for name in RUNNING_COSTS + ONE_OFF_COSTS]
    frame = pd.DataFrame(rows, columns=["category", "pv_gbp", "kind"])
    scale, suffix = money_scale(frame["pv_gbp"])
    fig = go.Figure()
    for kind, colour in (("Benefit", BENEFIT), ("Cost", COST)):
        part = frame[frame["kind"] == kind]
        fig.add_trace(go.Bar(
            y=part["category"], x=part["pv_gbp"] / scale, name=f"{kind}s", orientation="h",
            marker_color=colour, text=[money(v) for v in part["pv_gbp"]],
            textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}"))
    _layout(fig, f"Costs and benefits by category ({len(annual)} years, present value)",
            f"Present value (£{suffix})", "")
    _money_axis(fig, suffix, axis="x")
    fig.update_xaxes(range=[0, float(frame["pv_gbp"].max()) / scale * 1.2])  # room for labels
    fig.update_yaxes(autorange="reversed")
    biggest = frame.loc[frame["pv_gbp"].idxmax()]
    caption = (f"The largest single item is {biggest['category'].lower()} at "
               f"{money(biggest['pv_gbp'])}; benefits total {money(result.pv_benefits_gbp)} "
               f"against costs of {money(result.pv_costs_gbp)}.")
    return fig, caption


def net_by_group(result: Result) -> Chart:
    table = result.by_group
    scale, suffix = money_scale(np.r_[table["benefit_gbp"], table["cost_gbp"]])
    fig = go.Figure()
    fig.add_trace(go.Bar(y=table["group"], x=table["benefit_gbp"] / scale, name="Benefit",
                         orientation="h", marker_color=BENEFIT,
                         customdata=[money(v) for v in table["benefit_gbp"]],
                         hovertemplate="%{y}: benefit %{customdata}"))
    fig.add_trace(go.Bar(y=table["group"], x=-table["cost_gbp"] / scale, name="Cost",
                         orientation="h", marker_color=COST,
                         customdata=[money(v) for v in table["cost_gbp"]],
                         hovertemplate="%{y}: cost %{customdata}"))
    fig.add_trace(go.Scatter(y=table["group"], x=table["net_gbp"] / scale, name="Net",
                             mode="markers", marker={"color": NET, "size": 16,
                                                     "symbol": "diamond"},
                             customdata=[money(v) for v in table["net_gbp"]],
                             hovertemplate="%{y}: net %{customdata}"))
    _layout(fig, "Where the value comes from, by group (present value)",
            f"Present value (£{suffix}); costs to the left", "")
    _money_axis(fig, suffix, axis="x")
    fig.update_layout(barmode="relative")
    fig.update_yaxes(autorange="reversed")
    best = table.loc[table["net_gbp"].idxmax()]
    if best["net_gbp"] < 0:
        caption = (f"Every group costs more than it returns; {best['group']} come closest "
                   f"({money(best['net_gbp'])} net). Diamonds show benefit minus cost.")
    else:
        caption = (f"{best['group']} give the best return ({money(best['net_gbp'])} net); "
                   "diamonds show benefit minus cost for each group.")
    return fig, caption


# ---------------------------------------------------------------- groups and levels


def level_dumbbell(scenario: Scenario) -> Chart:
    names = [g.group for g in scenario.groups]
    current = [LEVEL_NAMES.index(g.current_level) + 1 for g in scenario.groups]
    target = [LEVEL_NAMES.index(g.target_level) + 1 for g in scenario.groups]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for name, a, b in zip(names, current, target):
        line_x += [a, b, None]
        line_y += [name, name, None]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=line_x, y=line_y, mode="lines", showlegend=False,
                             line={"color": GREY, "width": 5}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=current, y=names, mode="markers", name="Today",
                             marker={"color": ORANGE, "size": 20, "symbol": "circle"},
                             hovertemplate="%{y}: today %{text}",
                             text=[g.current_level for g in scenario.groups]))
    fig.add_trace(go.Scatter(x=target, y=names, mode="markers", name="Target",
                             marker={"color": BLUE, "size": 20, "symbol": "diamond"},
                             hovertemplate="%{y}: target %{text}",
                             text=[g.target_level for g in scenario.groups]))
    _layout(fig, "Engagement level today → target", "Engagement level (IAP2 step)", "",
            height=max(320, 70 * len(names) + 120))
    fig.update_xaxes(tickvals=list(range(1, 6)), ticktext=list(LEVEL_NAMES), range=[0.6, 5.4])
    fig.update_yaxes(autorange="reversed")
    moves = sum(b > a for a, b in zip(current, target))
    caption = (f"{moves} of {len(names)} groups move up the ladder; orange is where we are, "
               "blue is where we aim.")
    return fig, caption


def inbound_by_group(result: Result) -> Chart:
    table = result.by_group
    fig = go.Figure()
    fig.add_trace(go.Bar(y=table["group"], x=table["inbound_per_week_today"], name="Today",
                         orientation="h", marker_color=ORANGE,
                         text=[count(v) for v in table["inbound_per_week_today"]],
                         textposition="outside", cliponaxis=False))
    fig.add_trace(go.Bar(y=table["group"], x=table["inbound_per_week"], name="At target level",
                         orientation="h", marker_color=BLUE,
                         text=[count(v) for v in table["inbound_per_week"]],
                         textposition="outside", cliponaxis=False))
    _layout(fig, "Messages coming in, by group", "Inbound messages per week", "",
            height=max(320, 70 * len(table) + 120))
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    today, target = table["inbound_per_week_today"].sum(), table["inbound_per_week"].sum()
    caption = (f"Inviting conversation raises inbound from about {count(today)} to "
               f"{count(target)} messages a week.")
    return fig, caption


def patience_curve(scenario: Scenario) -> Chart:
    minutes = np.asarray(scenario.patience_minutes, dtype=float)
    shares = np.asarray(scenario.patience_share, dtype=float)
    hours = np.maximum(minutes, 1.0) / MINUTES_PER_HOUR
    target_minutes = scenario.promise.response_target_minutes
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=hours, y=shares * 100, mode="lines+markers",
                             name="Expect a reply within this time",
                             line={"color": BLUE, "width": 4}, marker={"size": 12},
                             text=[duration(m) for m in minutes],
                             hovertemplate="%{y:.0f}% expect a reply within %{text}"))
    fig.add_trace(go.Scatter(x=[target_minutes / MINUTES_PER_HOUR] * 2, y=[0, 100],
                             mode="lines", name="Our promise",
                             line={"color": VERMILLION, "width": 3, "dash": "dash"}))
    _layout(fig, "How long people are prepared to wait",
            "Time since they posted (hours, log scale)", "Share expecting a reply by then (%)")
    fig.update_xaxes(type="log", dtick=1)  # ticks at 0.01, 0.1, 1, 10, 100 h only
    fig.update_yaxes(range=[0, 105], ticksuffix="%")
    waiting = float(np.interp(target_minutes, minutes, shares))
    caption = (f"By our promise of {duration(target_minutes)}, about {percent(waiting)} of people "
               "already expected a reply.")
    return fig, caption


def level_growth(ladder: pd.DataFrame, group: str) -> Chart:
    """`ladder`: one row a level with inbound_per_week, replies_per_week and fte."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=ladder["level"], y=ladder["inbound_per_week"], name="Messages in",
                         marker_color=SKY, text=[count(v) for v in ladder["inbound_per_week"]],
                         textposition="outside", cliponaxis=False))
    fig.add_trace(go.Bar(x=ladder["level"], y=ladder["replies_per_week"], name="Replies owed",
                         marker_color=BLUE, text=[count(v) for v in ladder["replies_per_week"]],
                         textposition="outside", cliponaxis=False))
    fig.add_trace(go.Scatter(x=ladder["level"], y=ladder["fte"], name="Staff (FTE, right axis)",
                             mode="lines+markers", yaxis="y2",
                             line={"color": VERMILLION, "width": 4}, marker={"size": 14},
                             customdata=[fte(v) for v in ladder["fte"]],
                             hovertemplate="%{x}: %{customdata}"))
    _layout(fig, f"What each level asks: {group}", "Engagement level", "Messages per week")
    fig.update_layout(barmode="group", yaxis2={
        "title": {"text": "Staff time (FTE)", "font": {"size": BASE_FONT_PX}},
        "overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False,
        "tickformat": ".1f", "tickfont": {"size": BASE_FONT_PX, "color": VERMILLION},
        "automargin": True}, margin={"r": 80})
    first, last = ladder.iloc[0], ladder.iloc[-1]
    caption = (f"From {first['level']} to {last['level']}, {group.lower()} would send "
               f"{count(first['inbound_per_week'])} → {count(last['inbound_per_week'])} messages "
               f"a week and need {fte(first['fte'])} → {fte(last['fte'])}.")
    return fig, caption


# ---------------------------------------------------------------- speed and cover


def frontier_chart(frame: pd.DataFrame, current_target_minutes: float) -> Chart:
    hours = frame["target_minutes"] / MINUTES_PER_HOUR
    labels = [duration(m) for m in frame["target_minutes"]]
    ok = frame["achievable"].to_numpy(bool)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=hours[ok], y=frame["fte_required"][ok], mode="lines+markers", name="Possible",
        line={"color": BLUE, "width": 3}, marker={"size": 14, "color": BLUE},
        text=[f"{lab}: {fte(f)}, NPV {money(n)}" for lab, f, n in
              zip(np.array(labels)[ok], frame["fte_required"][ok], frame["npv_gbp"][ok])],
        hovertemplate="%{text}"))
    fig.add_trace(go.Scatter(
        x=hours[~ok], y=frame["fte_required"][~ok], mode="markers",
        name="Not possible with this cover",
        marker={"size": 14, "color": "white", "line": {"color": VERMILLION, "width": 3},
                "symbol": "circle-open"},
        text=np.array(labels)[~ok], hovertemplate="%{text}: not possible with this cover"))
    best = frame[frame["best"]]
    fig.add_trace(go.Scatter(
        x=best["target_minutes"] / MINUTES_PER_HOUR, y=best["fte_required"],
        mode="markers", name="Best value", marker={"size": 26, "color": GREEN,
                                                     "symbol": "star",
                                                     "line": {"color": BLACK, "width": 1}},
        text=[f"Best: {duration(m)}, NPV {money(n)}" for m, n in
              zip(best["target_minutes"], best["npv_gbp"])], hovertemplate="%{text}"))
    fig.add_vline(x=current_target_minutes / MINUTES_PER_HOUR, line_dash="dash",
                  line_color=GREY, annotation_text="our promise",
                  annotation_font_size=BASE_FONT_PX)
    _layout(fig, "Cost of speed: staff needed for each response target",
            "Response target (hours, log scale)", "Staff needed (FTE)")
    fig.update_xaxes(type="log")
    fig.update_yaxes(rangemode="tozero")
    if best.empty:
        caption = "No response target in this range can be kept with the chosen hours of cover."
    else:
        row = best.iloc[0]
        caption = (f"Best value is a promise of {duration(row['target_minutes'])} "
                   f"({fte(row['fte_required'])}, NPV {money(row['npv_gbp'])}); hollow markers "
                   "cannot be kept with these hours of cover.")
    return fig, caption


def week_heatmap(week: pd.DataFrame) -> Chart:
    inbound = week["inbound"].to_numpy(float).reshape(len(DAYS), -1)
    covered = week["cover"].to_numpy(int).reshape(len(DAYS), -1)
    hours = list(range(inbound.shape[1]))
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=inbound, x=hours, y=list(DAYS), colorscale="Blues",
                             colorbar={"title": {"text": "Msgs/h"}},
                             hovertemplate="%{y} %{x}:00 – %{z:.1f} messages<extra></extra>"))
    day_idx, hour_idx = np.nonzero(covered)
    fig.add_trace(go.Scatter(x=hour_idx, y=[DAYS[d] for d in day_idx], mode="markers",
                             name="Someone on duty", hoverinfo="skip",
                             marker={"symbol": "square-open", "size": 14,
                                     "color": ORANGE, "line": {"width": 2}}))
    _layout(fig, "When messages arrive vs when someone is on duty", "Hour of day (24 h clock)",
            "")
    fig.update_xaxes(dtick=2, range=[-0.5, 23.5])
    fig.update_yaxes(autorange="reversed")
    out_of_hours = float(inbound[covered == 0].sum() / inbound.sum()) if inbound.sum() else 0.0
    caption = (f"{percent(out_of_hours)} of messages arrive when no one is on duty "
               "(darker = busier; orange squares = covered hours).")
    return fig, caption


# ---------------------------------------------------------------- uncertainty


def npv_histogram(mc: MonteCarloResult) -> Chart:
    values = mc.npv_gbp
    scale, suffix = money_scale(values)
    fig = go.Figure()
    for name, mask, colour in (("Loses money", values < 0, COST), ("Pays", values >= 0, BENEFIT)):
        fig.add_trace(go.Histogram(x=values[mask] / scale, name=name, marker_color=colour,
                                   nbinsx=40, opacity=0.9))
    fig.add_vline(x=0, line_color=BLACK, line_width=2)
    _layout(fig, "Range of outcomes (net present value)", f"NPV (£{suffix})",
            "Number of simulated futures")
    _money_axis(fig, suffix, axis="x")
    fig.update_layout(barmode="overlay", bargap=0.05)
    caption = (f"In {percent(mc.probability_positive)} of {count(len(values))} simulated futures "
               f"the plan pays; the middle outcome is {money(mc.p50_gbp)}.")
    return fig, caption


def fan_chart(mc: MonteCarloResult) -> Chart:
    fan = mc.fan
    years = np.r_[0, fan["year"].to_numpy()]
    p10, p50, p90 = (np.r_[0.0, fan[c].to_numpy()] for c in ("p10_gbp", "p50_gbp", "p90_gbp"))
    scale, suffix = money_scale(np.r_[p10, p90])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=years, y=p90 / scale, mode="lines", line={"width": 0},
                             showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=years, y=p10 / scale, mode="lines", line={"width": 0},
                             fill="tonexty", fillcolor="rgba(0,114,178,0.25)",
                             name="8 in 10 futures fall in this band", hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=years, y=p50 / scale, mode="lines+markers", name="Middle outcome",
                             line={"color": BLUE, "width": 4}, marker={"size": 9},
                             customdata=[money(v) for v in p50],
                             hovertemplate="Year %{x}: %{customdata}"))
    fig.add_hline(y=0, line_color=BLACK, line_width=1)
    _layout(fig, "Cumulative net value, with uncertainty", "Years from start",
            f"Cumulative present value (£{suffix})")
    _money_axis(fig, suffix)
    fig.update_xaxes(dtick=1)
    caption = (f"By year {int(years[-1])} the plan is most likely {money(p50[-1])}, and 8 in 10 "
               f"futures lie between {money(p10[-1])} and {money(p90[-1])}.")
    return fig, caption


def tornado_chart(frame: pd.DataFrame, base_npv_gbp: float) -> Chart:
    rows = frame.iloc[::-1]
    scale, suffix = money_scale(np.r_[rows["npv_low_gbp"], rows["npv_high_gbp"], base_npv_gbp])
    labels = [label[:1].upper() + label[1:] for label in rows["label"]]
    fig = go.Figure()
    for name, column, colour in (("Input at its low value", "npv_low_gbp", ORANGE),
                                 ("Input at its high value", "npv_high_gbp", BLUE)):
        fig.add_trace(go.Bar(y=labels, x=(rows[column] - base_npv_gbp) / scale,
                             base=base_npv_gbp / scale, orientation="h", name=name,
                             marker_color=colour, customdata=[money(v) for v in rows[column]],
                             hovertemplate="%{y}: NPV %{customdata}"))
    fig.add_vline(x=base_npv_gbp / scale, line_color=BLACK, line_width=2)
    _layout(fig, "What moves the answer most", f"NPV (£{suffix})", "",
            height=max(360, 55 * len(rows) + 140))
    _money_axis(fig, suffix, axis="x")
    fig.update_layout(barmode="overlay")
    if frame.empty:
        return fig, "No uncertain inputs are set, so there is nothing to compare."
    top = frame.iloc[0]
    caption = (f"The {top['label']} matters most: it swings NPV by {money(top['swing_gbp'])}; "
               "the black line is our central estimate.")
    return fig, caption
