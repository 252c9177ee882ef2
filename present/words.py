"""The model's numbers and statuses in sentences: one function for each thing the model reports.

The model returns numbers and statuses (`Readiness`, `Search`, break-even rows, plan-vs-actual
gaps); the pages, the PDF brief and the workbook say them with these functions, so the same
words reach each of them.
"""

from __future__ import annotations

import math

import pandas as pd

import sample_data
from model import recommend as rec
from model.keepable import Cause, Edge, Unkeepable
from model.measurement import IMPACT_REVIEW_MONTHS, contact_measure
from model.recalibrate import Change, RecalibrationStep
from model.result import Readiness, ReadinessReason, Result
from model.rota import hour_label
from model.scenario import PriceBase, Scenario
from model.surge import SurgeAssessment
from model.surge_event import Surge
from present import content
from present.content import sentence
from present.text import count, duration, fte, money, percent

# ---------------------------------------------------------------- readiness


def _readiness_ending(readiness: Readiness) -> str:
    required, short = fte(readiness.fte_required), fte(readiness.fte_short)
    reason = readiness.reason
    if reason is ReadinessReason.COVER_TOO_SHORT:
        return sentence("words", "readiness_cover_too_short")
    if reason is ReadinessReason.BACKLOG_GROWS:
        return sentence("words", "readiness_backlog_grows", required=required)
    if reason is ReadinessReason.COVER_UNSTAFFED:
        return sentence("words", "readiness_cover_unstaffed", required=required, short=short,
                        unstaffed=str(readiness.unstaffed_cover_hours),
                        cover=str(readiness.cover_hours))
    if reason is ReadinessReason.SHORT_OF_STAFF:
        return sentence("words", "readiness_short_of_staff", required=required, short=short)
    if reason is ReadinessReason.APPROVERS_HOURS:
        return NO_TEAM_FOR_SIGN_OFF
    return sentence("words", "readiness_ready")


NO_TEAM_FOR_SIGN_OFF = sentence("words", "readiness_approvers_hours")
READY_AT_EDGE = "Ready, at a steep price"  # a promise kept only near the edge of reach


def unkeepable_rota_text(out_of_reach: Unkeepable) -> str:
    """What the rota shown is when no team keeps the promise."""
    if out_of_reach.cause is Cause.APPROVERS:
        return sentence("words", "unkeepable_rota_approvers")
    return sentence("words", "unkeepable_rota_cover")


def unkeepable_text(out_of_reach: Unkeepable, target_minutes: float) -> str:
    """Why no team size keeps the promise, and the changes that would bring it in reach."""
    reach = out_of_reach
    opening = (NO_TEAM_FOR_SIGN_OFF if reach.cause is Cause.APPROVERS
               else sentence("words", "unkeepable_cover"))
    opening += " " + sentence("words", "unkeepable_best", best=f"{reach.best_share * 100:.1f}%",
                              target=duration(target_minutes),
                              share=percent(reach.target_share))
    ways = []
    if reach.cause is Cause.APPROVERS:
        ways.append(sentence("words", "unkeepable_way_approvers",
                             hours=f"{reach.extra_approver_hours_per_week:,.0f}",
                             cost=money(reach.extra_approver_gbp_per_year),
                             rate=money(reach.approver_gbp_per_hour)))
    else:
        ways.append(sentence("words", "unkeepable_way_cover"))
    if reach.shortest_promise_minutes is not None:
        ways.append(sentence("words", "unkeepable_way_promise",
                             promise=duration(reach.shortest_promise_minutes)))
    if reach.max_sign_off_share is not None and reach.sign_off_share > 0:
        fewer = sentence("words", "unkeepable_way_fewer",
                         most=f"{reach.max_sign_off_share * 100:.1f}%",
                         now=f"{reach.sign_off_share * 100:.1f}%")
        if reach.preapproved_share_needed is not None:
            fewer += sentence("words", "unkeepable_way_preapprove",
                              needed=percent(reach.preapproved_share_needed),
                              now=percent(reach.preapproved_share))
        ways.append(fewer)
    ending = sentence("words", "unkeepable_ways", ways="; or ".join(ways))
    return f"{opening} {ending}"


def readiness_text(readiness: Readiness) -> str:
    """What the team would face, and whether it can keep the promise, in two sentences."""
    opening = sentence("words", "readiness_opening", inbound=count(readiness.inbound_per_week),
                       team=fte(readiness.fte_planned),
                       median=duration(readiness.median_response_minutes),
                       share=percent(readiness.target_share),
                       target=duration(readiness.response_target_minutes))
    if readiness.out_of_reach is not None:
        why = unkeepable_text(readiness.out_of_reach, readiness.response_target_minutes)
        return f"{opening} {why}"
    edge = "" if readiness.edge is None else " " + edge_text(
        readiness.edge, readiness.response_target_minutes)
    return f"{opening} {_readiness_ending(readiness)}{edge}"


def edge_text(edge: Edge, target_minutes: float) -> str:
    """Why a promise kept only near the edge of reach takes so many people, and what one step
    lower would take."""
    return sentence("words", "readiness_edge", best=f"{edge.best_share * 100:.2f}%",
                    target=duration(target_minutes), looser=percent(edge.looser_share),
                    share=percent(edge.target_share), looser_team=fte(edge.looser_fte),
                    team=fte(edge.fte))


# ---------------------------------------------------------------- the recommendation


def none_fits_text(search: rec.Search) -> str:
    """Why no plan within the user's limits fits (empty when one does)."""
    if search.best is not None:
        return ""
    if search.max_fte is not None and math.isfinite(search.smallest_fte_needed):
        return sentence("words", "none_fits_capped", cap=fte(search.max_fte),
                        needed=f"{search.smallest_fte_needed:.2f}")
    return sentence("words", "none_fits_cover")


def verdict_reason(verdict: rec.Verdict, search: rec.Search, change: str) -> str:
    """The verdict's one sentence; ``change`` is `change_text` of the best plan."""
    years = str(verdict.horizon_years)
    if verdict.reason is rec.VerdictReason.NONE_FITS:
        return none_fits_text(search)
    if verdict.reason is rec.VerdictReason.BREAKS_PROMISE:
        return sentence("words", "verdict_breaks_promise", change=change,
                        share=f"{verdict.share_in_time:.0%}",
                        promised=f"{verdict.promised_share:.0%}")
    if verdict.reason is rec.VerdictReason.BETTER_PLAN:
        return sentence("words", "verdict_better_plan", change=change, years=years,
                        better=money(verdict.better_by_gbp))
    pays = (sentence("words", "verdict_pays") if verdict.plan_npv_gbp >= 0 else
            sentence("words", "verdict_costs", cost=money(-verdict.plan_npv_gbp), years=years))
    return sentence("words", "verdict_keeps", pays=pays)


def suggestion_keeps_promise_text(before: Result) -> str:
    """Why suggested levels may be worth less than the plan as set: it breaks its promise
    (empty when it keeps it)."""
    ready = before.readiness
    if ready.ready:
        return ""
    return sentence("words", "suggestion_keeps_promise",
                    share=percent(before.share_within_target),
                    target=duration(ready.response_target_minutes),
                    promised=percent(ready.target_share))


def change_text(before: Scenario, after: Scenario) -> str:
    """How one plan differs from another, in a few words."""
    change = rec.plan_change(before, after)
    if len(change.moved) > rec.GROUPS_NAMED:
        parts = [text for number, text in (
            (change.kept, sentence("words", "change_groups_kept", groups=str(change.kept))),
            (change.lowered, sentence("words", "change_groups_lowered",
                                      groups=str(change.lowered))),
            (change.raised, sentence("words", "change_groups_raised",
                                     groups=str(change.raised)))) if number]
    else:
        parts = [sentence("words", "change_group_at", group=group, level=level)
                 for group, level in change.moved]
    if change.response_target_minutes is not None:
        parts.append(sentence("words", "change_reply_within",
                              target=duration(change.response_target_minutes)))
    if change.cover_preset is not None:
        parts.append(sentence("words", "change_cover", cover=change.cover_preset))
    if change.staffed_to_promise:
        parts.append(sentence("words", "change_staffed"))
    return "; ".join(parts) if parts else sentence("words", "change_none")


# ---------------------------------------------------------------- what would have to be true


def _show(name: str, value: float) -> str:
    if name.endswith("_gbp") or name.endswith("_gbp_per_fte_year"):
        return money(value)
    if name in ("substitution", "failure_call_share", "shrinkage"):
        return percent(value)
    if name == "handle_minutes":
        return duration(value)
    return f"{value:.2f}" if value < 10 else f"{value:,.0f}"


def break_even_text(row: pd.Series, price_base: PriceBase | None = None) -> str:
    """One row of `model.break_even` as a sentence: what that assumption would have to be.

    A money input priced in another year than the appraisal's (a 2011 unit cost) is shown
    as entered, so the sentence names its year: the model converts it, the user edits it.
    """
    name, label, today = str(row["assumption"]), str(row["label"]), float(row["today_value"])
    year = _entered_year(name, price_base)
    assumed = _show(name, today)
    if bool(row.get("jump", False)):
        low, high = _show(name, row["jump_low_value"]), _show(name, row["jump_high_value"])
        if low == high:  # the step is narrower than the figures show
            unit = " min" if name == "handle_minutes" else ""
            low = f"{row['jump_low_value']:.4g}{unit}"
            high = f"{row['jump_high_value']:.4g}{unit}"
        return sentence("words", "break_even_step", low=low, high=high, year=year, label=label,
                        npv_low=_signed_money(row["npv_low_gbp"]),
                        npv_high=_signed_money(row["npv_high_gbp"]), today=assumed)
    if math.isnan(row["break_even_value"]):
        low, high = _show(name, row["range_low"]), _show(name, row["range_high"])
        if row["pays_now"]:
            return sentence("words", "break_even_always_pays", label=label, low=low, high=high,
                            year=year)
        return sentence("words", "break_even_never_pays", label=label, low=low, high=high,
                        year=year, today=assumed)
    verb = (sentence("words", "break_even_still_pays") if row["pays_now"]
            else sentence("words", "break_even_pays_if"))
    value = _show(name, row["break_even_value"])
    if row["pays_above"]:
        return sentence("words", "break_even_at_least", verb=verb, label=label, value=value,
                        year=year, today=assumed)
    return sentence("words", "break_even_at_most", verb=verb, label=label, value=value,
                    year=year, today=assumed)


def _signed_money(value: float) -> str:
    return f"+{money(value)}" if value >= 0 else f"−{money(-value)}"


def _entered_year(name: str, price_base: PriceBase | None) -> str:
    """' (2011 prices)' for a money input entered in a year other than the base year."""
    if price_base is None or price_base.base_year is None:
        return ""
    year = dict(price_base.price_years).get(name)
    if year is None or year == price_base.base_year:
        return ""
    return sentence("words", "entered_year", year=str(year))


def break_even_sentences(table: pd.DataFrame, price_base: PriceBase | None = None) -> pd.Series:
    """`break_even_text` for each row of `model.break_even`, indexed by assumption."""
    return pd.Series([break_even_text(row, price_base) for _, row in table.iterrows()],
                     index=table["assumption"], dtype=object)


# ---------------------------------------------------------------- plan against actual


def gap_text(actual: float, expected: float, unit: str) -> str:
    """'+2 h 5 min', '−4 points', '+12%': how far a measure is from plan, in its own unit."""
    if not (math.isfinite(actual) and math.isfinite(expected)):
        if math.isnan(actual):
            return ""
        if math.isfinite(actual):
            return sentence("words", "gap_no_plan_value")
        return sentence("words", "gap_never_answered")
    gap = actual - expected
    sign = "+" if gap >= 0 else "−"
    if unit == "minutes":
        return f"{sign}{duration(abs(gap))}"
    if unit == "share":
        return sentence("words", "gap_points", sign=sign, points=f"{abs(gap) * 100:.0f}")
    if expected == 0:
        return f"{sign}{abs(gap):,.0f}"
    return sentence("words", "gap_percent", sign=sign,
                    percent=f"{abs(gap) / abs(expected) * 100:.0f}")


def with_gap_text(table: pd.DataFrame) -> pd.DataFrame:
    """`model.compare.compare_actuals` with a "gap_text" column beside its numbers."""
    words = [gap_text(a, p, str(u)) for a, p, u in zip(table["actual"], table["plan"],
                                                        table["unit"])]
    return table.assign(gap_text=words)


CONTACT_MEASURE_WORDS = "contact_avoided_per_month"  # content/measures.csv's template row


def with_measure_words(table: pd.DataFrame, result: Result) -> pd.DataFrame:
    """A measurement plan or plan-vs-actual table with each measure's name, data source and
    derivation beside its id, from content/measures.csv, the promise and payback filled in."""
    words = content.table("measures")
    payback = (sentence("words", "payback_month", month=str(result.payback_month))
               if result.payback_month else sentence("words", "payback_not_reached"))
    filled = {"promise": duration(result.scenario.promise.response_target_minutes),
              "impact_month": IMPACT_REVIEW_MONTHS, "payback": payback}
    # A contact channel without its own row (email, say) reads the contact-channel row.
    channels = {contact_measure(key)[0]: key for key in result.scenario.contact_channels}
    said = []
    for measure_id in table["measure_id"]:
        key = "" if measure_id in words.index else channels[measure_id]
        row = words.loc[measure_id if not key else CONTACT_MEASURE_WORDS]
        fill = filled | ({"channel": key, "Channel": key.capitalize(),
                          "one_contact": sample_data.one_contact(key)} if key else {})
        said.append({column: row[column].format(**fill)
                     for column in ("measure", "source", "how_derived")})
    return table.assign(**{column: [row[column] for row in said]
                           for column in ("measure", "source", "how_derived")})


def recalibration_label(step: RecalibrationStep) -> str:
    """'+ messages measured (1,234 a week)': what one recalibration step changed."""
    if step.change is Change.NONE:
        return sentence("words", "recalibration_none")
    if step.change is Change.VOLUME:
        return sentence("words", "recalibration_volume", messages=count(step.measured))
    if step.change is Change.WEEK_SHAPE:
        return sentence("words", "recalibration_week_shape")
    return sentence("words", "recalibration_handle_time", handle=duration(step.measured))


def price_base_text(price_base: PriceBase) -> str:
    """One line for captions and help: which price year the money is in."""
    if price_base.base_year is None:
        return sentence("words", "price_base_as_entered")
    converted = sorted({year for _, year in price_base.price_years} - {price_base.base_year})
    also = (sentence("words", "price_base_converted", years=", ".join(map(str, converted)))
            if converted else "")
    return sentence("words", "price_base", year=str(price_base.base_year), converted=also)


# ---------------------------------------------------------------- surge


def surge_event_text(surge: Surge) -> str:
    """'a 48-hour event from Tue 08:00 at 5× the usual messages'."""
    groups = (sentence("words", "surge_event_groups", groups=", ".join(surge.groups))
              if surge.groups else "")
    return sentence("words", "surge_event", hours=str(surge.duration_hours),
                    start=hour_label(surge.start_hour), multiplier=f"{surge.multiplier:g}",
                    groups=groups)


def surge_promise_text(assessment: SurgeAssessment) -> str:
    """'80% within 8 h'."""
    return sentence("words", "surge_promise", share=percent(assessment.target_share),
                    target=duration(assessment.target_minutes))


def surge_rota_text(assessment: SurgeAssessment) -> str:
    """What keeping the promise through the event takes, and its cost a year."""
    rota, surge = assessment.rota, assessment.surge
    if not assessment.plan.stable:
        return sentence("words", "surge_rota_unstable")
    promise = surge_promise_text(assessment)
    if assessment.kept:
        return sentence("words", "surge_rota_kept", promise=promise)
    people = (sentence("words", "surge_one_more_person") if rota.extra_people == 1
              else sentence("words", "surge_more_people", people=str(rota.extra_people)))
    event_cost, year_cost = money(rota.cost_gbp), money(assessment.cost_per_year_gbp())
    if not rota.met:
        return sentence("words", "surge_rota_unkeepable", promise=promise, people=people,
                        share=percent(rota.result.share_within_target), event_cost=event_cost,
                        year_cost=year_cost)
    low = assessment.cost_per_year_gbp(surge.events_per_year_low)
    high = assessment.cost_per_year_gbp(surge.events_per_year_high)
    return sentence("words", "surge_rota_needed", promise=promise, people=people,
                    shifts=str(rota.shifts), paid_hours=f"{rota.paid_hours:,.0f}",
                    enhancement=percent(surge.overtime_enhancement), event_cost=event_cost,
                    year_cost=year_cost, events=f"{surge.events_per_year:g}",
                    low_cost=money(low), high_cost=money(high),
                    events_low=f"{surge.events_per_year_low:g}",
                    events_high=f"{surge.events_per_year_high:g}")


def rounded_hours(hours: float) -> str:
    """A wait in hours as people say it: '14 h', '9 days 4 h', '45 min'."""
    return duration(round(hours) * 60.0 if hours >= 2 else hours * 60.0)


NO_ONE_ON_DUTY = sentence("words", "no_one_on_duty")


def surge_sentence(assessment: SurgeAssessment | None) -> str:
    """The brief's line: how the plan copes with the event, and what keeping the promise takes."""
    if assessment is None:
        return NO_ONE_ON_DUTY
    return f"{surge_coping_text(assessment)} {surge_rota_text(assessment)}"


def surge_coping_text(assessment: SurgeAssessment) -> str:
    """How the plan's own team copes with the event."""
    plan, surge = assessment.plan, assessment.surge
    event = surge_event_text(surge)
    if not plan.stable:
        return sentence("words", "surge_coping_unstable", event=event)
    return sentence("words", "surge_coping", event=event,
                    share=percent(plan.share_within_target),
                    target=duration(assessment.target_minutes),
                    typical=percent(plan.typical_share_within_target),
                    clear=rounded_hours(plan.hours_to_clear))


def surge_reach_text(assessment: SurgeAssessment) -> str:
    """Numbers beside the unpriced "reach in emergencies": messages answered in time during
    the event, with and without the plan."""
    plan, today = assessment.plan, assessment.today
    with_plan = sentence("words", "surge_reach_with_plan", answered=count(plan.answered_in_time),
                         messages=count(plan.messages),
                         target=duration(assessment.target_minutes))
    if today is None:
        return sentence("words", "surge_reach_no_one", with_plan=with_plan)
    return sentence("words", "surge_reach_today", with_plan=with_plan,
                    answered=count(today.answered_in_time), messages=count(today.messages))
