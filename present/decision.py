"""The decision in words: one banner sentence and the options table, for pages and exports.

HM Treasury's Green Book Review 2025 and the Green Book of February 2026 endorse no
benefit-cost-ratio threshold: a plan that loses money in cash is not thereby poor value; the
board decides whether what is not priced is worth its net cost (sample_data/SOURCES.md). So
whenever the recommended plan loses money, the one sentence carries that cost and the
condition on which to choose it, never "go ahead" alone.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from model import options as op
from model.scenario import PriceBase, Scenario
from present import words
from present.text import count, duration, fte, money, percent

PENCE_PER_POUND = 100


def per_head(gbp: float) -> str:
    """17p under a pound, else as money (£1.24): the cost per resident a year."""
    if math.isfinite(gbp) and 0 <= gbp < 0.995:
        return f"{gbp * PENCE_PER_POUND:.0f}p"
    return money(gbp)


def plan_summary(option: op.Option, today: Scenario) -> str:
    """'Residents to Consult, reply within 1 day in office hours cover, 1.4 FTE'."""
    scenario = option.scenario
    if scenario is None:
        return f"today's levels and team, {fte(option.fte)}"
    moved = [(now.group, new.target_level) for now, new in zip(today.groups, scenario.groups)
             if new.target_level != now.current_level]
    if not moved:
        levels = "every group at today's level"
    elif len(moved) > 3:
        levels = f"{len(moved)} groups above today's level"
    else:
        levels = ", ".join(f"{group} to {level}" for group, level in moved)
    cover = scenario.promise.cover_preset
    cover_words = f"{cover.lower() if cover != '24/7' else '24/7'} cover"
    return (f"{levels}, reply within {duration(option.response_target_minutes)} "
            f"({percent(option.promised_share)} of replies) in {cover_words}, "
            f"{fte(option.fte)}")


def decision_sentence(options: op.Options, today: Scenario) -> str:
    """The banner: what is recommended and, when it loses money, what it costs and when to
    choose it, in one sentence."""
    best = options.recommended
    if best is None:
        return (f"Stay as we are: {words.none_fits_text(options.search)}".rstrip())
    years = best.horizon_years
    within = duration(best.response_target_minutes)
    gained = best.more_in_time_per_year
    more = (f"{count(abs(gained))} {'more' if gained >= 0 else 'fewer'} answers a year within "
            f"{within}")
    head = f"Recommended: {plan_summary(best, today)}."
    if best.pays:
        return (f"{head} It pays in cash: {money(best.npv_gbp)} better than staying as we "
                f"are over {years} years, with {more}.")
    each = per_head(best.net_cost_per_resident_gbp_per_year)
    return (f"{head} It does not pay in cash: it costs {money(best.net_cost_gbp_per_year)} a "
            f"year ({each} per resident) more than staying as we are, for {more}. Choose it if "
            f"that is worth {each} per resident a year; otherwise stay as we are.")


def as_set_sentence(options: op.Options) -> str:
    """How the plan on the Commitment page compares with the recommended one."""
    plan, best = options.as_set, options.recommended
    if not plan.ready:
        return (f"The plan as set breaks its promise ({percent(plan.share_in_time)} answered "
                f"in time against {percent(plan.promised_share)} promised): it is not an "
                "option until it is staffed to its promise.")
    if best is None:
        return f"The plan as set has an NPV of {money(plan.npv_gbp)}."
    if plan.scenario == best.scenario:
        return "The plan as set is the recommended plan."
    gap = best.npv_gbp - plan.npv_gbp
    if abs(gap) < 0.5:
        return (f"The plan as set has the same NPV as the recommended plan "
                f"({money(plan.npv_gbp)}).")
    if gap > 0:
        return (f"The plan as set ({money(plan.npv_gbp)}) is {money(gap)} worse over "
                f"{plan.horizon_years} years than the recommended plan.")
    return (f"The plan as set ({money(plan.npv_gbp)}) is {money(-gap)} better than the "
            "recommended plan, but outside your limits.")


ROWS = (
    "What it is", "Net present value", "Costs (PV, vs today)", "Priced benefits (PV, vs today)",
    "Team", "Promise", "Answered in time", "Median first reply",
    "Net cost a year of what is not priced", "… per resident a year",
    "Replies a year", "Answered within its promise a year", "… more than today's team",
    "Followers reached",
)


def _column(option: op.Option, today: Scenario) -> list[str]:
    stay = option.scenario is None
    promise = ("none made" if stay else f"{percent(option.promised_share)} within "
               f"{duration(option.response_target_minutes)}")
    in_time = (f"{percent(option.share_in_time)} within "
               f"{duration(option.response_target_minutes)}")
    if not stay and not option.ready:
        in_time += " (breaks its promise)"
    paid = option.net_cost_gbp_per_year <= 0
    return [
        "today's levels, team and cover" if stay else plan_summary(option, today),
        "£0 (the base case)" if stay else money(option.npv_gbp),
        money(option.pv_costs_gbp), money(option.pv_benefits_gbp), fte(option.fte), promise,
        in_time, duration(option.median_response_minutes),
        "£0" if stay else ("none: it pays" if paid else money(option.net_cost_gbp_per_year)),
        "£0" if stay or paid else per_head(option.net_cost_per_resident_gbp_per_year),
        count(option.replies_per_year), count(option.answered_in_time_per_year),
        "—" if stay else count(option.more_in_time_per_year),
        count(option.followers_reached),
    ]


def options_table(options: op.Options, today: Scenario) -> pd.DataFrame:
    """One column per option, one row per measure, as text (pages, PDF and workbook)."""
    frame = pd.DataFrame({"Measure": ROWS})
    for option in options.listed():
        frame[option.name] = _column(option, today)
    return frame


# ---------------------------------------------------------------- the plan each view describes


def _sentence_case(label: str) -> str:
    """First letter up, the rest as written ("loaded cost of one FTE" keeps its FTE)."""
    return label[:1].upper() + label[1:]


def key_assumption_lines(swings: pd.DataFrame, sentences: pd.DataFrame,
                         price_base: PriceBase | None, shown: int = 3) -> list[str]:
    """The assumptions that swing NPV most (`model.tornado`), each with its break-even
    sentence (`model.break_even`), as plain lines (pages add their own emphasis)."""
    by_name = words.break_even_sentences(sentences, price_base)
    top = swings.head(shown)
    return [f"{_sentence_case(str(label))} swings NPV by {money(float(swing))}. "
            f"{by_name.get(name, '')}".strip()
            for label, swing, name in zip(top["label"], top["swing_gbp"], top["input"])]


def switching_text(switching_value: float) -> str:
    """The switching value (`model.appraisal.switching_value`) in words."""
    if not math.isfinite(switching_value):
        return "No priced benefit to switch: the plan rests on what is not priced."
    if switching_value <= 0:
        return f"Priced benefits can fall by {percent(-switching_value)} before NPV turns negative."
    return f"Priced benefits would have to rise by {percent(switching_value)} to break even."


def plan_named(scenario: Scenario) -> str:
    """'the plan as set (Residents at Consult …; 80% within 8 h, Extended cover)': which plan
    a view describes, in a few words."""
    promise = scenario.promise
    team = ("staffed to its promise" if scenario.staffing.planned_fte is None
            else f"a fixed team of {fte(scenario.staffing.planned_fte)}")
    return (f"{percent(promise.target_share)} within "
            f"{duration(promise.response_target_minutes)}, {promise.cover_preset} cover, "
            f"{team}")


def tail_text(npv_gbp: np.ndarray) -> str:
    """The tails of the simulated futures: P5 and P95, and how often the worst case comes."""
    p5, p95 = (float(v) for v in np.percentile(npv_gbp, [5, 95]))
    text = f"1 in 20 futures is worse than {money(p5)}; 1 in 20 is better than {money(p95)}."
    worst = float(np.min(npv_gbp))
    return text + f" The worst of {count(len(npv_gbp))} futures is {money(worst)}."
