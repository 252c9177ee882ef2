"""Shared page pieces: charts with captions, guarded model calls, bound inputs, headline KPIs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from model import Result, Scenario
from model.registry import label
from model.result import ReadinessReason
from present import url, words
from present.charts import Chart
from present.markdown import literal
from present.text import duration, money, percent
from ui import state
from ui.live_chart import live_chart, prepare

PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
T = TypeVar("T")

# Commitment's headline metrics (ui/commitment.metric_grid): three to a row, equal widths.
METRIC_GRID_CSS = """
.st-key-kpis > [data-testid="stElementContainer"] { flex: 0 0 calc((100% - 2rem) / 3);
  min-width: 0; }
"""
PRESENTER_CSS = """
<style>
html { font-size: 20px; }
h1 { font-size: 2.1rem !important; padding-top: 0 !important; }
[data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
[data-testid="stMainBlockContainer"] { padding: 4.25rem 2rem 2rem 2rem; max-width: 100%; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1.05rem; color: #111827 !important; opacity: 1 !important; }
""" + METRIC_GRID_CSS + """</style>
"""
BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.1rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1rem; color: #4B5563 !important; opacity: 1 !important; }
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
""" + METRIC_GRID_CSS + """</style>
"""


def page_css() -> None:
    st.html(PRESENTER_CSS if state.presenting() else BASE_CSS)


def show_chart(chart: Chart, key: str | None = None) -> None:
    """A chart that updates in place on reruns (kept under `key`, by default its title), with
    its caption below and title + caption as its text alternative."""
    figure, caption = chart
    title = chart_title(figure)
    live_chart(figure, label=f"{title}. {caption}",
               key=f"{key or f'chart_{title}'}_{state.chart_generation()}", config=PLOT_CONFIG)
    st.caption(literal(caption))  # captions quote group and scenario names


def prepare_chart(chart: Chart) -> None:
    """Do ahead (in the cache warmer) the work `show_chart` would do to send this chart."""
    prepare(chart[0], PLOT_CONFIG)


def chart_title(figure: go.Figure) -> str:
    title = figure.layout.title.text
    return str(title) if title else "Chart"


def guarded(call: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run a model call; a ValueError becomes a friendly message instead of a traceback."""
    try:
        return call(*args, **kwargs)
    except ValueError as error:
        st.error(literal(f"That combination of settings can't be calculated: {error}"),
                 icon="⚠️")
        return None


# ---------------------------------------------------------------- inputs bound to the scenario


def bind(key: str, initial: Any) -> str:
    """Seed a widget's value from the scenario when it (re)appears; return the key."""
    if key not in st.session_state:
        st.session_state[key] = initial
    return key


def committer(key: str, apply: Callable[[Scenario, Any], Scenario]) -> Callable[[], None]:
    """An on_change callback: apply the widget's value to the scenario, or keep a message."""
    def on_change() -> None:
        try:
            state.set_scenario(apply(state.get_scenario(), st.session_state[key]))
            st.session_state.pop(state.INPUT_ERROR_KEY, None)
        except ValueError as error:
            st.session_state[state.INPUT_ERROR_KEY] = str(error)
    return on_change


def show_input_error() -> None:
    message = st.session_state.pop(state.INPUT_ERROR_KEY, None)
    if message:
        st.error(literal(f"That value was not used: {message}"), icon="⚠️")


def editor_base(key: str, build: Callable[[], T]) -> T:
    """The frame an editor starts from: rebuilt only when the editor is freshly shown."""
    base_key = f"edbase_{key}"
    if key not in st.session_state or base_key not in st.session_state:
        st.session_state[base_key] = build()
    value: T = st.session_state[base_key]
    return value


def scenario_editor(scenario: Scenario, key: str, build: Callable[[], pd.DataFrame],
                    check: Callable[[Scenario, pd.DataFrame], tuple[Scenario | None, list[str]]],
                    *, if_invalid: str | None = None, **editor_options: Any) -> Scenario:
    """A table editor over part of the scenario; returns the scenario to draw from now.

    Shows the table built by ``build`` (``editor_options`` go to st.data_editor), checks the
    edit with ``check``, shows each problem (and the caption ``if_invalid`` under them), and
    keeps the edited scenario when it is valid and changed; otherwise the last valid one stays.
    """
    edited = st.data_editor(editor_base(key, build), key=key, hide_index=True, **editor_options)
    updated, problems = check(scenario, edited)
    for problem in problems:
        st.error(literal(problem), icon="⚠️")
    if problems and if_invalid:
        st.caption(if_invalid)
    if updated is None or updated == scenario:
        return scenario
    state.set_scenario(updated)
    return updated


# ---------------------------------------------------------------- headline


def broken_promise(result: Result) -> str:
    """How far the plan falls short of its promise, in one clause."""
    promise = result.scenario.promise
    short = max(promise.target_share - result.share_within_target, 0.0)
    return (f"the plan breaks its promise: {percent(result.share_within_target)} answered "
            f"within {duration(promise.response_target_minutes)} against "
            f"{percent(promise.target_share)} promised ({short * 100:.0f} points short)")


def readiness_banner(result: Result) -> None:
    sentence = words.readiness_text(result.readiness)
    if result.ready and result.readiness.edge is not None:
        st.warning(f"⚠️ **{words.READY_AT_EDGE}.** {sentence}")
    elif result.ready:
        st.success(f"✅ **Ready.** {sentence}")
    else:
        clause = broken_promise(result)
        st.error(f"⚠️ **Not ready.** {clause[0].upper()}{clause[1:]}. {sentence}")


def staffed_to_promise(scenario: Scenario) -> Scenario:
    return replace(scenario, staffing=replace(scenario.staffing, planned_fte=None))


def honest_npv(result: Result, where: str = "the *What would have to be true* view on the "
                                           "Commitment page") -> None:
    """The NPV said plainly; ``where`` points to the break-even view (Commitment: its tab)."""
    years = result.scenario.appraisal.horizon_years
    if not result.ready:
        plan = result.scenario
        staffed = (result if plan.staffing.planned_fte is None  # staffed to it already
                   else state.evaluate(staffed_to_promise(plan)))
        fixes = (f"Staffed to the promise ({staffed.fte_required:.1f} FTE) the same plan's NPV "
                 f"is **{money(staffed.npv_gbp)}**." if staffed.ready else
                 words.NO_TEAM_FOR_SIGN_OFF + " The banner above says what would keep it."
                 if staffed.readiness.reason is ReadinessReason.APPROVERS_HOURS else
                 "No team can keep this promise in these hours: lengthen the cover or "
                 "promise a slower reply.")
        st.warning(f"**{money(result.npv_gbp)} over {years} years is the NPV of a plan that "
                   f"breaks its promise**, not a better plan: a failing service saves staff "
                   f"but leaves messages late or unanswered. {fixes}", icon="⛔")
        return
    if result.npv_gbp < 0:
        st.warning(f"With these figures the plan costs more than it saves: "
                   f"**{money(result.npv_gbp)} over {years} years**. "
                   f"{where[:1].upper() + where[1:]} shows what would change that.", icon="📉")
    else:
        st.info(f"With these figures the plan saves more than it costs: "
                f"**{money(result.npv_gbp)} over {years} years**.", icon="📈")


def npv_label(result: Result) -> str:
    """The NPV's label says when it is not for a plan that works."""
    return "Net present value" if result.ready else "NPV of a plan that breaks its promise"


def bcr_text(result: Result) -> str:
    """A negative ratio means nothing a board can use: say why instead of showing it."""
    if result.bcr is None:
        return "n/a"
    return f"{result.bcr:.2f}" if result.bcr >= 0 else "n/a: benefits < 0"


BCR_HELP = ("£ of benefit for each £1 of cost. Below 1 the plan loses money. When the plan "
            "does worse than today at answering in time, its benefits are negative (more late "
            "replies turn into calls) and a ratio is not shown.")


def headline_metrics(result: Result) -> None:
    columns = st.columns(5)
    columns[0].metric(npv_label(result), money(result.npv_gbp),
                      help="Discounted benefits minus costs over the appraisal horizon.")
    columns[1].metric("Benefit–cost ratio", bcr_text(result), help=BCR_HELP)
    if result.scenario.staffing.planned_fte is None:
        columns[2].metric("Staff (to the promise)", f"{result.fte_required:.1f} FTE",
                          help="Staffed to the promise: the FTE it needs.")
    else:
        columns[2].metric("Fixed team / needed",
                          f"{result.fte_planned:.1f} / {result.fte_required:.1f}",
                          help="FTE in the fixed team vs FTE the promise needs.")
    promise = duration(result.scenario.promise.response_target_minutes)
    columns[3].metric("Answered in time", percent(result.share_within_target),
                      help=f"Share of replies within {promise}.")
    columns[4].metric("Median reply", duration(result.median_response_minutes))


EMERGENCIES = label("emergencies")
EMERGENCIES_NOTE = (": the 🌊 Surge view counts the messages answered in time during an "
                    "event, with the plan and without it")


def unpriced(result: Result) -> None:
    st.markdown("**Not priced, never added in:**\n" +
                "\n".join(f"- {item}" + (EMERGENCIES_NOTE if item == EMERGENCIES else "")
                          for item in result.unpriced_benefits))


def upload_or_sample(upload_label: str, uploader_prefix: str, button_key: str,
                     button_label: str, button_help: str,
                     sample_path: Path) -> tuple[bytes, str] | None:
    """An uploaded file, else the synthetic sample file once its button was pressed.

    Uploaders are keyed `{uploader_prefix}_{n}`; loading the sample bumps n, which empties
    the uploader so the sample is what is shown.
    """
    counter, loaded = f"{uploader_prefix}_n", f"{button_key}_loaded"
    left, right = st.columns([3, 2])
    upload = left.file_uploader(upload_label,
                                key=f"{uploader_prefix}_{st.session_state.get(counter, 0)}")
    if right.button(button_label, key=button_key, help=button_help):
        st.session_state[loaded] = True
        st.session_state[counter] = st.session_state.get(counter, 0) + 1
        st.rerun()
    if upload is not None:
        st.session_state[loaded] = False
        return upload.getvalue(), upload.name
    if st.session_state.get(loaded):
        st.caption("Using the **synthetic** sample export: made-up data, not a real council.")
        return sample_path.read_bytes(), sample_path.name
    return None


@functools.lru_cache(maxsize=state.SCENARIO_KEYS_KEPT)
def _packed(scenario: Scenario) -> tuple[str, tuple[str, ...]]:
    """`url.pack` against the sample, once a scenario (3 ms, and every rerun writes the URL)."""
    packed, left = url.pack(scenario, state.sample_scenario())
    return packed, tuple(left)


def warm_url(scenario: Scenario) -> None:
    """Do ahead (in the cache warmer) what `write_url` packs for this scenario."""
    _packed(scenario)


def write_url() -> None:
    """Keep the address bar in step with the scenario, so copying it shares this view; say
    plainly what it cannot carry."""
    scenario = state.get_scenario()
    wanted = url.encode(scenario)
    packed, left = _packed(scenario)
    if packed:
        wanted[url.PACKED] = packed
    limits = st.session_state.get(state.LIMITS_KEY)
    if limits is not None and limits != state.default_limits(scenario):
        wanted[url.LIMITS] = url.limits_text(limits)
    if left:
        names = list(dict.fromkeys(url.SECTION_NAMES.get(key, key) for key in left))
        st.caption(literal(f"The link in the address bar does not carry {', '.join(names)}: "
                           "too long for a link. Save the scenario on Scenarios and share its "
                           "name, or download its file, to pass those on."))
    if state.presenting():
        wanted["present"] = "1"
    current = {key: st.query_params[key] for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def live_section(body: Callable[[], None]) -> None:
    """Run `body` as a fragment: a widget inside it reruns and resends only `body`, not the
    page around it. The address bar is written here too, since app.py does not run again."""

    @st.fragment
    def section() -> None:
        body()
        write_url()

    section()


class FlashError(str):
    """A flash message saying why an action was not done (shown as an error)."""


def show_flash(key: str) -> None:
    """Show, once, the message an action left under ``key`` for the next run (after a rerun)."""
    message = st.session_state.pop(key, None)
    if isinstance(message, FlashError):
        st.error(literal(message))
    elif message:
        st.success(literal(message), icon="✅")  # plain sentences that quote names
