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
from present import content, words
from present.content import sentence
from present.text import count, duration, fte, money, percent

PENCE_PER_POUND = 100


def per_head(gbp: float) -> str:
    """17p under a pound, else as money (£1.24): the cost per resident a year."""
    if math.isfinite(gbp) and 0 <= gbp < 0.995:
        return sentence("decision", "pence", pence=f"{gbp * PENCE_PER_POUND:.0f}")
    return money(gbp)


def plan_summary(option: op.Option, today: Scenario) -> str:
    """'Residents to Consult, reply within 1 day in office hours cover, 1.4 FTE'."""
    scenario = option.scenario
    if scenario is None:
        return sentence("decision", "plan_today", team=fte(option.fte))
    moved = [(now.group, new.target_level) for now, new in zip(today.groups, scenario.groups)
             if new.target_level != now.current_level]
    if not moved:
        levels = sentence("decision", "levels_unchanged")
    elif len(moved) > 3:
        levels = sentence("decision", "levels_many", groups=str(len(moved)))
    else:
        levels = ", ".join(sentence("decision", "level_moved", group=group, level=level)
                           for group, level in moved)
    cover = scenario.promise.cover_preset
    cover_words = sentence("decision", "cover", cover=cover.lower() if cover != "24/7" else "24/7")
    return sentence("decision", "plan_summary", levels=levels,
                    target=duration(option.response_target_minutes),
                    share=percent(option.promised_share), cover=cover_words,
                    team=fte(option.fte))


def decision_sentence(options: op.Options, today: Scenario) -> str:
    """The banner: what is recommended and, when it loses money, what it costs and when to
    choose it, in one sentence."""
    best = options.recommended
    if best is None:
        return sentence("decision", "stay", why=words.none_fits_text(options.search)).rstrip()
    within = duration(best.response_target_minutes)
    gained = best.more_in_time_per_year
    more = (sentence("decision", "more_answers", answers=count(abs(gained)), target=within)
            if gained >= 0 else
            sentence("decision", "fewer_answers", answers=count(abs(gained)), target=within))
    head = sentence("decision", "recommended", plan=plan_summary(best, today))
    if best.pays:
        return sentence("decision", "pays", head=head, npv=money(best.npv_gbp),
                        years=str(best.horizon_years), more=more)
    return sentence("decision", "does_not_pay", head=head,
                    cost=money(best.net_cost_gbp_per_year),
                    each=per_head(best.net_cost_per_resident_gbp_per_year), more=more)


def as_set_sentence(options: op.Options) -> str:
    """How the plan on the Commitment page compares with the recommended one."""
    plan, best = options.as_set, options.recommended
    if not plan.ready:
        return sentence("decision", "as_set_breaks_promise", share=percent(plan.share_in_time),
                        promised=percent(plan.promised_share))
    npv = money(plan.npv_gbp)
    if best is None:
        return sentence("decision", "as_set_npv", npv=npv)
    if plan.scenario == best.scenario:
        return sentence("decision", "as_set_recommended")
    gap = best.npv_gbp - plan.npv_gbp
    if abs(gap) < 0.5:
        return sentence("decision", "as_set_same", npv=npv)
    if gap > 0:
        return sentence("decision", "as_set_worse", npv=npv, gap=money(gap),
                        years=str(plan.horizon_years))
    return sentence("decision", "as_set_better", npv=npv, gap=money(-gap))


ROWS = tuple(content.table("option_rows")["measure"])  # one a line of `_column`, in order


def _column(option: op.Option, today: Scenario) -> list[str]:
    stay = option.scenario is None
    within = duration(option.response_target_minutes)
    promise = (sentence("decision", "promise_none") if stay else
               sentence("decision", "within", share=percent(option.promised_share),
                        target=within))
    in_time = sentence("decision", "within", share=percent(option.share_in_time), target=within)
    if not stay and not option.ready:
        in_time = sentence("decision", "breaks_its_promise", in_time=in_time)
    paid = option.net_cost_gbp_per_year <= 0
    zero = sentence("decision", "zero")
    return [
        sentence("decision", "stay_what") if stay else plan_summary(option, today),
        sentence("decision", "stay_npv") if stay else money(option.npv_gbp),
        money(option.pv_costs_gbp), money(option.pv_benefits_gbp), fte(option.fte), promise,
        in_time, duration(option.median_response_minutes),
        zero if stay else (sentence("decision", "pays_none") if paid
                           else money(option.net_cost_gbp_per_year)),
        zero if stay or paid else per_head(option.net_cost_per_resident_gbp_per_year),
        count(option.replies_per_year), count(option.answered_in_time_per_year),
        sentence("decision", "no_change") if stay else count(option.more_in_time_per_year),
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
    return [sentence("decision", "swings", label=_sentence_case(str(label)),
                     swing=money(float(swing)), break_even=str(by_name.get(name, ""))).strip()
            for label, swing, name in zip(top["label"], top["swing_gbp"], top["input"])]


def switching_text(switching_value: float) -> str:
    """The switching value (`model.appraisal.switching_value`) in words."""
    if not math.isfinite(switching_value):
        return sentence("decision", "switching_none")
    if switching_value <= 0:
        return sentence("decision", "switching_fall", share=percent(-switching_value))
    return sentence("decision", "switching_rise", share=percent(switching_value))


def plan_named(scenario: Scenario) -> str:
    """'the plan as set (Residents at Consult …; 80% within 8 h, Extended cover)': which plan
    a view describes, in a few words."""
    promise = scenario.promise
    team = (sentence("decision", "team_staffed") if scenario.staffing.planned_fte is None
            else sentence("decision", "team_fixed", team=fte(scenario.staffing.planned_fte)))
    return sentence("decision", "plan_named", share=percent(promise.target_share),
                    target=duration(promise.response_target_minutes),
                    cover=str(promise.cover_preset), team=team)


def tail_text(npv_gbp: np.ndarray) -> str:
    """The tails of the simulated futures: P5 and P95, and how often the worst case comes."""
    p5, p95 = (float(v) for v in np.percentile(npv_gbp, [5, 95]))
    tails = sentence("decision", "tails", p5=money(p5), p95=money(p95))
    return sentence("decision", "worst", tails=tails, futures=count(len(npv_gbp)),
                    worst=money(float(np.min(npv_gbp))))
