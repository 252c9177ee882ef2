"""What the workbook takes from the model and the scenario: which volume times which price makes
which cost or benefit line, and each input's unit and source (report/workbook.py writes sheets)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from model.evaluate import Result
from model.money import surge_cover_gbp_per_year
from model.scenario import Appraisal, Economics, Promise, Scenario, Staffing
from model.surge_event import Surge
from model.units import MINUTES_PER_HOUR
from model.volumes import Volumes

# Hour grids (see the Rota sheet) and the surge's groups (names, on the Surge sheet).
EXCLUDED_INPUTS = {"cover", "cover_preset", "current_cover", "approver_cover", "groups"}


@dataclass(frozen=True)
class Volume:
    """One model output per side of the plan, for a year at full adoption."""

    key: str
    label: str
    unit: str
    plan: float
    today: float


@dataclass(frozen=True)
class Line:
    """One cost or benefit line: £ a year at full adoption (plan − today) as a formula."""

    name: str
    kind: str  # "benefit", "running cost" or "one-off cost"
    ramped: bool
    formula: str  # on defined names: inputs, vol_plan_<key>, vol_today_<key>, vol_change_<key>
    explained: str


def _side_volumes(side: Volumes) -> dict[str, float]:
    """One side's yearly volumes, summed over groups: the model's own counts, never re-derived."""
    return {
        "inbound": _total(side.inbound_per_year),
        "replies": _total(side.replies_per_year),
        "timely_replies": _total(side.timely_replies_per_year),
        "late_or_unanswered": _total(side.late_or_unanswered_per_year),
        "calls_avoided": _total(side.phone_calls_avoided_per_year),
        "visits_avoided": _total(side.visits_avoided_per_year),
        "chaser_calls": _total(side.chaser_calls_per_year),
        "complaints": _total(side.complaints_per_year),
        "consultation_responses": _total(side.consultation_responses_per_year),
        "approvals": _total(side.approvals_per_year),
        "reply_hours": _total(side.reply_hours_per_year),
        "fte": _total(side.fte_costed),
        "paid_fte": _total(side.fte_costed) * side.staff_pay_factor,  # unsocial hours included
        "seats": _total(side.seats),
    }


def lines(result: Result) -> tuple[list[Volume], list[Line]]:
    """The adapter: the model's volumes, and which volume × which price makes each line.

    Mirrors model.value.money (plan minus today; optimism bias on costs).
    """
    scenario = result.scenario
    plan = _side_volumes(result.flows.plan)
    today = _side_volumes(result.flows.today)
    new_fte = max(plan["fte"] - scenario.staffing.current_fte, 0.0)
    labels = {
        "inbound": ("Messages in", "messages a year"),
        "replies": ("Replies sent", "replies a year"),
        "timely_replies": ("Replies in time (before people gave up)", "replies a year"),
        "late_or_unanswered": ("Messages late or unanswered", "messages a year"),
        "calls_avoided": ("Phone calls avoided by timely replies", "calls a year"),
        "visits_avoided": ("Visits avoided by timely replies", "visits a year"),
        "chaser_calls": ("Chasing calls from late or unanswered messages", "calls a year"),
        "complaints": ("Complaints from late or unanswered messages", "complaints a year"),
        "consultation_responses": ("Consultation responses online", "responses a year"),
        "approvals": ("Replies needing sign-off", "approvals a year"),
        "reply_hours": ("Staff hours answering", "hours a year"),
        "fte": ("Team paid for", "FTE"),
        "paid_fte": ("Team's pay, unsocial hours included", "FTE at plain time"),
        "seats": ("Tool seats (FTE rounded up)", "seats"),
        "new_fte": ("New staff to train", "FTE"),
    }
    plan["new_fte"], today["new_fte"] = new_fte, 0.0
    labels["surge_event_cost"] = ("Surge rota's cost an event (model/surge.py)", "£ an event")
    events = scenario.surge.events_per_year
    plan["surge_event_cost"] = surge_cover_gbp_per_year(scenario) / events if events else 0.0
    today["surge_event_cost"] = 0.0  # staying as we are promises no reply, so keeps no rota
    volumes = [Volume(key, *labels[key], plan[key], today[key]) for key in labels]
    running = "(1+optimism_bias_running)"
    setup = "(1+optimism_bias_setup)"
    priced = [
        Line("Calls and visits avoided", "benefit", True,
             "vol_change_calls_avoided*phone_contact_gbp"
             "+vol_change_visits_avoided*visit_contact_gbp",
             "calls avoided × cost of a call + visits avoided × cost of a visit"),
        Line("Failure demand avoided", "benefit", True,
             "-(vol_change_chaser_calls*phone_contact_gbp"
             "+vol_change_complaints*complaint_gbp)",
             "fewer chasing calls × cost of a call + fewer complaints × cost of a complaint "
             "(chasers come only from senders who would not otherwise have phoned or visited)"),
        Line("One answer seen by many", "benefit", True,
             "vol_change_replies*public_reply_share*readers_per_public_reply*same_need_share"
             "*would_have_called_share*phone_contact_gbp",
             "extra replies × public share × readers × same need × would have called × "
             "cost of a call"),
        Line("Consultation responses", "benefit", True,
             "vol_change_consultation_responses*consultation_response_gbp",
             "extra online responses × cost of a response by paper or event"),
        Line("Engagement team", "running cost", False,
             f"vol_change_paid_fte*loaded_cost_gbp_per_fte_year*{running}",
             "extra FTE (unsocial hours at their rates) × loaded cost × (1 + optimism bias on "
             "running costs)"),
        Line("Approvers' time", "running cost", True,
             f"vol_change_approvals*approver_minutes_per_approval/{MINUTES_PER_HOUR:g}"
             f"*approver_gbp_per_hour*{running}",
             "extra sign-offs × minutes ÷ 60 × approver's £ an hour × (1 + optimism bias)"),
        Line("Tool licences", "running cost", False,
             f"vol_change_seats*licence_gbp_per_seat_per_year*{running}",
             "extra seats × licence a seat × (1 + optimism bias)"),
        Line("Surge cover in emergencies", "running cost", False,
             f"events_per_year*vol_change_surge_event_cost*{running}",
             "events a year × the surge rota's cost an event (people added through the event "
             "to keep the promise, at the overtime rate) × (1 + optimism bias)"),
        Line("Training", "one-off cost", False,
             f"vol_plan_new_fte*training_gbp_per_new_fte*{setup}",
             "new FTE × training each × (1 + optimism bias on set-up)"),
        Line("Set-up", "one-off cost", False, f"setup_gbp*{setup}",
             "set-up × (1 + optimism bias on set-up)"),
    ]
    return volumes, priced


def _total(values: float | np.ndarray) -> float:
    """Summed over groups (a Result holds one draw)."""
    return float(np.sum(values))


def unit(field: str) -> str:
    """The unit a field's name gives (its _gbp, _share, _minutes … suffix)."""
    for suffix, name in (("_gbp_per_fte_year", "£ per FTE a year"),
                         ("_gbp_per_seat_per_year", "£ per seat a year"),
                         ("_gbp_per_new_fte", "£ per new FTE"), ("_gbp_per_hour", "£ an hour"),
                         ("_gbp", "£"), ("_share", "share"), ("_minutes", "minutes"),
                         ("_hours", "hours"), ("_per_week", "hours a week"),
                         ("_years", "years"), ("_months", "months"), ("_fte", "FTE"),
                         ("_per_approval", "minutes"), ("_per_public_reply", "readers"),
                         ("shrinkage", "share"), ("occupancy", "share"),
                         ("optimism_bias", "uplift")):
        if field.endswith(suffix) or field.startswith(suffix):
            return name
    return ""


def scenario_inputs(scenario: Scenario) -> list[tuple[str, str, Any]]:
    """(section, field, value) for every single-number assumption of the scenario."""
    rows = []
    for section, part, kind in (("promise", scenario.promise, Promise),
                                ("staffing", scenario.staffing, Staffing),
                                ("economics", scenario.economics, Economics),
                                ("appraisal", scenario.appraisal, Appraisal),
                                ("surge", scenario.surge, Surge)):
        for item in fields(kind):
            value = getattr(part, item.name)
            if item.name not in EXCLUDED_INPUTS and value is not None:
                rows.append((section, item.name, value))
    return rows


def source(section: str, field: str, value: Any, sample: dict[str, Any],
            sources: dict[str, str]) -> str:
    if sample.get(section, {}).get(field) != value:
        return "changed from the sample"
    return sources.get(field, "A")
