"""The model's numbers and statuses in sentences: one function for each thing the model reports.

The model returns numbers and statuses (`Readiness`, `Search`, break-even rows, plan-vs-actual
gaps); the pages, the PDF brief and the workbook say them with these functions, so the same
words reach each of them.
"""

from __future__ import annotations

import math

import pandas as pd

from model import recommend as rec
from model.evaluate import Readiness, ReadinessReason, Result
from model.keepable import Cause, Unkeepable
from model.measurement import REVIEW_RHYTHM
from model.recalibrate import Change, RecalibrationStep
from model.rota import hour_label
from model.scenario import PriceBase, Scenario
from model.surge import SurgeAssessment
from model.surge_event import Surge
from present import content
from present.text import count, duration, money, percent

# ---------------------------------------------------------------- readiness

_READINESS_ENDINGS = {
    ReadinessReason.COVER_TOO_SHORT: (
        "No number of staff can keep this promise with the chosen hours of cover: too many "
        "messages arrive when no one is on duty. Lengthen the cover, or promise a slower reply."),
    ReadinessReason.BACKLOG_GROWS: (
        "The team cannot keep up: the backlog would grow every week. "
        "You need about {required:.1f} FTE."),
    ReadinessReason.COVER_UNSTAFFED: (
        "On whole shifts the team has no one on duty in {unstaffed} of the {cover} hours of "
        "cover: messages then wait for the next person on duty. That is {short:.1f} FTE short "
        "of the {required:.1f} FTE the promise needs."),
    ReadinessReason.SHORT_OF_STAFF: (
        "That is {short:.1f} FTE short of the {required:.1f} FTE the promise needs: don't "
        "invite questions you are not ready to answer."),
    ReadinessReason.APPROVERS_HOURS: (
        "No team size keeps this promise: messages that need sign-off wait for approvers' "
        "hours."),
    ReadinessReason.READY: "The team planned can keep this promise.",
}
NO_TEAM_FOR_SIGN_OFF = _READINESS_ENDINGS[ReadinessReason.APPROVERS_HOURS]


def unkeepable_rota_text(out_of_reach: Unkeepable) -> str:
    """What the rota shown is when no team keeps the promise."""
    if out_of_reach.cause is Cause.APPROVERS:
        return ("The rota below is the one the promise would need if approvers signed off "
                "whenever the team is on duty; more people would not keep it.")
    return "The rota below is the least the cover's hours need; more people would not keep it."


def unkeepable_text(out_of_reach: Unkeepable, target_minutes: float) -> str:
    """Why no team size keeps the promise, and the changes that would bring it in reach."""
    reach = out_of_reach
    opening = (NO_TEAM_FOR_SIGN_OFF if reach.cause is Cause.APPROVERS else
               "No team size keeps this promise: too many messages arrive when no one is on "
               "duty.")
    opening += (f" However many staff, at most {reach.best_share * 100:.1f}% would be answered "
                f"within {duration(target_minutes)} (promised: {percent(reach.target_share)}).")
    ways = []
    if reach.cause is Cause.APPROVERS:
        hours = reach.extra_approver_hours_per_week
        ways.append(f"approvers on duty in the cover's hours ({hours:,.0f} more hours a week, "
                    f"{money(reach.extra_approver_gbp_per_year)} a year at "
                    f"{money(reach.approver_gbp_per_hour)} an hour)")
    else:
        ways.append("longer hours of cover")
    if reach.shortest_promise_minutes is not None:
        ways.append(f"a longer promise: {duration(reach.shortest_promise_minutes)}")
    if reach.max_sign_off_share is not None and reach.sign_off_share > 0:
        fewer = (f"fewer replies needing sign-off: at most "
                 f"{reach.max_sign_off_share * 100:.1f}% of replies, now "
                 f"{reach.sign_off_share * 100:.1f}%")
        if reach.preapproved_share_needed is not None:
            fewer += (f" (pre-approve {percent(reach.preapproved_share_needed)} of lines, now "
                      f"{percent(reach.preapproved_share)})")
        ways.append(fewer)
    if not ways:
        return opening
    return f"{opening} What would bring it within reach: {'; or '.join(ways)}."


def readiness_text(readiness: Readiness) -> str:
    """What the team would face, and whether it can keep the promise, in two sentences."""
    opening = (f"You would invite about {count(readiness.inbound_per_week)} questions a week; "
               f"with {readiness.fte_planned:.1f} FTE the median reply would take "
               f"{duration(readiness.median_response_minutes)} against a promise of "
               f"{percent(readiness.target_share)} within "
               f"{duration(readiness.response_target_minutes)}.")
    if readiness.out_of_reach is not None:
        why = unkeepable_text(readiness.out_of_reach, readiness.response_target_minutes)
        return f"{opening} {why}"
    ending = _READINESS_ENDINGS[readiness.reason].format(
        required=readiness.fte_required, short=readiness.fte_short,
        unstaffed=readiness.unstaffed_cover_hours, cover=readiness.cover_hours)
    return f"{opening} {ending}"


# ---------------------------------------------------------------- the recommendation


def none_fits_text(search: rec.Search) -> str:
    """Why no plan within the user's limits fits (empty when one does)."""
    if search.best is not None:
        return ""
    if search.max_fte is not None and math.isfinite(search.smallest_fte_needed):
        return (f"No plan within your limits keeps its promise with at most "
                f"{search.max_fte:.1f} FTE: the smallest plan tried needs "
                f"{search.smallest_fte_needed:.2f} FTE. "
                "Raise the cap, lower the minimum levels, or allow slower promises.")
    return ("No plan within your limits can keep its promise in the hours of cover allowed: "
            "allow longer cover or slower promises.")


def verdict_reason(verdict: rec.Verdict, search: rec.Search, change: str) -> str:
    """The verdict's one sentence; ``change`` is `change_text` of the best plan."""
    years = verdict.horizon_years
    if verdict.reason is rec.VerdictReason.NONE_FITS:
        return none_fits_text(search)
    if verdict.reason is rec.VerdictReason.BREAKS_PROMISE:
        return (f"The plan as set breaks its promise ({verdict.share_in_time:.0%} answered in "
                f"time against {verdict.promised_share:.0%} promised); the best plan that "
                f"keeps its promise ({change}) is shown below.")
    if verdict.reason is rec.VerdictReason.BETTER_PLAN:
        return (f"A plan that still keeps its promise ({change}) is "
                f"{money(verdict.better_by_gbp)} better over {years} years.")
    pays = ("it pays" if verdict.plan_npv_gbp >= 0 else
            f"what it costs, {money(-verdict.plan_npv_gbp)} over {years} years, buys the "
            "benefits that are not priced")
    return (f"The plan keeps its promise, no plan within your limits is materially better, "
            f"and {pays}.")


def change_text(before: Scenario, after: Scenario) -> str:
    """How one plan differs from another, in a few words."""
    change = rec.plan_change(before, after)
    if len(change.moved) > rec.GROUPS_NAMED:
        parts = [text for number, text in (
            (change.kept, f"{change.kept} groups back to today's level"),
            (change.lowered, f"{change.lowered} at a lower level than set"),
            (change.raised, f"{change.raised} at a higher one")) if number]
    else:
        parts = [f"{group} at {level}" for group, level in change.moved]
    if change.response_target_minutes is not None:
        parts.append(f"reply within {duration(change.response_target_minutes)}")
    if change.cover_preset is not None:
        parts.append(f"{change.cover_preset} cover")
    if change.staffed_to_promise:
        parts.append("staffed to the promise")
    return "; ".join(parts) if parts else "the same levels, promise and cover"


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
    if bool(row.get("jump", False)):
        low, high = _show(name, row["jump_low_value"]), _show(name, row["jump_high_value"])
        if low == high:  # the step is narrower than the figures show
            unit = " min" if name == "handle_minutes" else ""
            low = f"{row['jump_low_value']:.4g}{unit}"
            high = f"{row['jump_high_value']:.4g}{unit}"
        return (f"Between {low} and {high}{year} for the {label}, the plan goes from "
                f"{_signed_money(row['npv_low_gbp'])} to {_signed_money(row['npv_high_gbp'])}: "
                f"a step (staffing, or whether the week keeps up, changes there), so no single "
                f"break-even; we assume {_show(name, today)}.")
    if math.isnan(row["break_even_value"]):
        low, high = _show(name, row["range_low"]), _show(name, row["range_high"])
        if row["pays_now"]:
            return f"The plan pays whatever the {label}, from {low} to {high}{year}."
        return (f"No {label} from {low} to {high}{year} makes the plan pay on its own; "
                f"we assume {_show(name, today)}. Other assumptions must change too.")
    bound = "at least" if row["pays_above"] else "at most"
    verb = "still pays as long as" if row["pays_now"] else "pays if"
    return (f"The plan {verb} the {label} is {bound} {_show(name, row['break_even_value'])}"
            f"{year}; we assume {_show(name, today)}.")


def _signed_money(value: float) -> str:
    return f"+{money(value)}" if value >= 0 else f"−{money(-value)}"


def _entered_year(name: str, price_base: PriceBase | None) -> str:
    """' (2011 prices)' for a money input entered in a year other than the base year."""
    if price_base is None or price_base.base_year is None:
        return ""
    year = dict(price_base.price_years).get(name)
    return f" ({year} prices)" if year is not None and year != price_base.base_year else ""


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
        return "no finite plan value" if math.isfinite(actual) else "never answered"
    gap = actual - expected
    sign = "+" if gap >= 0 else "−"
    if unit == "minutes":
        return f"{sign}{duration(abs(gap))}"
    if unit == "share":
        return f"{sign}{abs(gap) * 100:.0f} points"
    if expected == 0:
        return f"{sign}{abs(gap):,.0f}"
    return f"{sign}{abs(gap) / abs(expected) * 100:.0f}%"


def with_gap_text(table: pd.DataFrame) -> pd.DataFrame:
    """`model.compare.compare_actuals` with a "gap_text" column beside its numbers."""
    words = [gap_text(a, p, str(u)) for a, p, u in zip(table["actual"], table["plan"],
                                                        table["unit"])]
    return table.assign(gap_text=words)


def with_measure_words(table: pd.DataFrame, result: Result) -> pd.DataFrame:
    """A measurement plan or plan-vs-actual table with each measure's name, data source and
    derivation beside its id, from content/measures.csv, the promise and payback filled in."""
    words = content.table("measures")
    payback = f"month {result.payback_month}" if result.payback_month else "not reached"
    filled = {"promise": duration(result.scenario.promise.response_target_minutes),
              "impact_month": REVIEW_RHYTHM["Impact"][0], "payback": payback}
    rows = words.loc[table["measure_id"]]
    return table.assign(measure=rows["measure"].to_numpy(), source=rows["source"].to_numpy(),
                        how_derived=[note.format(**filled) for note in rows["how_derived"]])


def recalibration_label(step: RecalibrationStep) -> str:
    """'+ messages measured (1,234 a week)': what one recalibration step changed."""
    if step.change is Change.NONE:
        return "Plan as it is"
    if step.change is Change.VOLUME:
        return f"+ messages measured ({count(step.measured)} a week)"
    if step.change is Change.WEEK_SHAPE:
        return "+ the week's shape measured (when messages arrive)"
    return f"+ handle time measured ({duration(step.measured)} a reply)"


def price_base_text(price_base: PriceBase) -> str:
    """One line for captions and help: which price year the money is in."""
    if price_base.base_year is None:
        return "Money as entered: this scenario sets no base year."
    converted = sorted({year for _, year in price_base.price_years} - {price_base.base_year})
    also = (f" (figures priced in {', '.join(map(str, converted))} converted with the HM "
            "Treasury GDP deflator)") if converted else ""
    return f"All money in {price_base.base_year} prices{also}."


# ---------------------------------------------------------------- surge


def surge_event_text(surge: Surge) -> str:
    """'a 48-hour event from Tue 08:00 at 5× the usual messages'."""
    groups = f" from {', '.join(surge.groups)}" if surge.groups else ""
    return (f"a {surge.duration_hours}-hour event from {hour_label(surge.start_hour)} at "
            f"{surge.multiplier:g}× the usual messages{groups}")


def surge_promise_text(assessment: SurgeAssessment) -> str:
    """'80% within 8 h'."""
    return (f"{percent(assessment.target_share)} within "
            f"{duration(assessment.target_minutes)}")


def surge_rota_text(assessment: SurgeAssessment) -> str:
    """What keeping the promise through the event takes, and its cost a year."""
    rota, surge = assessment.rota, assessment.surge
    if not assessment.plan.stable:
        return ("No surge rota is worked out for a team that falls behind in a typical week: "
                "staff the plan to its promise first.")
    if assessment.kept:
        return f"The plan's own team keeps {surge_promise_text(assessment)} through it."
    people = "1 more person" if rota.extra_people == 1 else f"{rota.extra_people} more people"
    if not rota.met:
        return (f"No number of people keeps {surge_promise_text(assessment)} (people cannot "
                f"speed up sign-off); {people} on duty in every hour of the event get the most "
                f"it can, {percent(rota.result.share_within_target)}, at about "
                f"{money(rota.cost_gbp)} an event, {money(assessment.cost_per_year_gbp())} a "
                "year. Pre-approved holding lines, or a slower emergency promise, would help.")
    low = assessment.cost_per_year_gbp(surge.events_per_year_low)
    high = assessment.cost_per_year_gbp(surge.events_per_year_high)
    return (f"Keeping {surge_promise_text(assessment)} would need {people} on duty in every "
            f"hour of the event ({rota.shifts} shifts, {rota.paid_hours:,.0f} paid hours at "
            f"+{percent(surge.overtime_enhancement)}): about {money(rota.cost_gbp)} an event, "
            f"{money(assessment.cost_per_year_gbp())} a year at {surge.events_per_year:g} "
            f"a year ({money(low)}–{money(high)} at {surge.events_per_year_low:g}–"
            f"{surge.events_per_year_high:g} a year).")


def rounded_hours(hours: float) -> str:
    """A wait in hours as people say it: '14 h', '9 days 4 h', '45 min'."""
    return duration(round(hours) * 60.0 if hours >= 2 else hours * 60.0)


NO_ONE_ON_DUTY = ("The plan has no one on duty to answer, so there is nothing to run through an "
                  "emergency.")


def surge_sentence(assessment: SurgeAssessment | None) -> str:
    """The brief's line: how the plan copes with the event, and what keeping the promise takes."""
    if assessment is None:
        return NO_ONE_ON_DUTY
    return f"{surge_coping_text(assessment)} {surge_rota_text(assessment)}"


def surge_coping_text(assessment: SurgeAssessment) -> str:
    """How the plan's own team copes with the event."""
    plan, surge = assessment.plan, assessment.surge
    if not plan.stable:
        return (f"In {surge_event_text(surge)} the plan's team falls further behind: it cannot "
                "keep up even in a typical week.")
    clear = rounded_hours(plan.hours_to_clear)
    return (f"In {surge_event_text(surge)}, the plan answers "
            f"{percent(plan.share_within_target)} within {duration(assessment.target_minutes)} "
            f"(a typical week: {percent(plan.typical_share_within_target)}); a message arriving "
            f"as it ends waits about {clear} to be picked up.")


def surge_reach_text(assessment: SurgeAssessment) -> str:
    """Numbers beside the unpriced "reach in emergencies": messages answered in time during
    the event, with and without the plan."""
    plan, today = assessment.plan, assessment.today
    with_plan = (f"With the plan about {count(plan.answered_in_time)} of "
                 f"{count(plan.messages)} messages in the event are answered within "
                 f"{duration(assessment.target_minutes)}")
    if today is None:
        return with_plan + "; without it no one is on duty to answer."
    return (with_plan + f"; staying as we are, {count(today.answered_in_time)} of "
            f"{count(today.messages)}.")
