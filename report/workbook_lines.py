"""What the workbook takes from the model and the scenario: the model's volumes, each money line
of model.registry (which volume times which price) as a formula, and each input's unit and
source (report/workbook.py writes the sheets)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from model.registry import PRICED, Category, line_terms
from model.result import Result, scenario_prices
from model.scenario import Scenario
from model.volumes import CONTACTS_AVOIDED

# Hour grids (see the Rota sheet) and the surge's groups (names, on the Surge sheet).
EXCLUDED_INPUTS = {"cover", "cover_preset", "current_cover", "approver_cover", "groups"}


@dataclass(frozen=True)
class Volume:
    """One model output per side of the plan, for a year at full adoption; or (`price`) a price
    the model works out rather than one a person sets, under its own defined name."""

    key: str
    label: str
    unit: str
    plan: float
    today: float
    price: bool = False


@dataclass(frozen=True)
class Line:
    """One cost or benefit line: £ a year at full adoption (plan − today) as a formula."""

    category: Category
    formula: str  # on defined names: inputs, prices and vol_change_<volume>

    @property
    def name(self) -> str:
        return self.category.label

    @property
    def kind(self) -> str:
        return self.category.kind

    @property
    def ramped(self) -> bool:
        return self.category.ramped

    @property
    def explained(self) -> str:
        return self.category.explained


# What people read for each volume the workbook shows (the priced ones come from the money
# lines' terms in model.registry; the others explain them). Each contact channel's contacts
# avoided follow the first four.
VOLUME_WORDS = {
    "inbound": ("Messages in", "messages a year"),
    "replies": ("Replies sent", "replies a year"),
    "timely_replies": ("Replies in time (before people gave up)", "replies a year"),
    "late_or_unanswered": ("Messages late or unanswered", "messages a year"),
    "chaser_calls": ("Chasing calls from late or unanswered messages", "calls a year"),
    "complaints": ("Complaints from late or unanswered messages", "complaints a year"),
    "calls_avoided_by_readers": ("Calls avoided by readers of public replies", "calls a year"),
    "consultation_responses": ("Consultation responses online", "responses a year"),
    "approvals": ("Replies needing sign-off", "approvals a year"),
    "approver_hours": ("Approvers' hours signing off", "hours a year"),
    "reply_hours": ("Staff hours answering", "hours a year"),
    "fte_costed": ("Team paid for", "FTE"),
    "paid_fte": ("Team's pay, unsocial hours included", "FTE at plain time"),
    "seats_by_group": ("Tool seats (FTE rounded up)", "seats"),
    "new_fte": ("New staff to train", "FTE"),
    "set_ups": ("Set-ups (the plan's one)", "set-ups"),
    "surge_events": ("Emergencies the plan keeps a surge rota for", "events a year"),
}
# Prices the model works out (model.result), written beside the volumes under their names.
MODEL_PRICES = {"surge_rota_gbp_per_event": ("Surge rota's cost an event (model/surge.py)",
                                             "£ an event")}
UPLIFT = {"running cost": "(1+optimism_bias_running)", "one-off cost": "(1+optimism_bias_setup)"}


def _per(per: float) -> str:
    return "" if per == 1 else f"/{per:g}"


def line_formula(category: Category, contact_channels: tuple[str, ...]) -> str:
    """A money line's terms as a formula: vol_change_<volume>*<price>… summed, negated for a
    saving from fewer, times the optimism-bias uplift on a cost."""
    terms = ["*".join((f"vol_change_{term.volume}", *term.inputs)) + _per(term.per)
             + "".join(f"*{price}" for price in term.prices)
             for term in line_terms(category, contact_channels)]
    body = "+".join(terms)
    if category.fewer:
        body = f"-({body})"
    uplift = UPLIFT.get(category.kind)
    if uplift is None:
        return body
    return f"{body}*{uplift}" if len(terms) == 1 and not category.fewer else f"({body})*{uplift}"


def lines(result: Result) -> tuple[list[Volume], list[Line]]:
    """The adapter: the model's volumes (never re-derived, summed over groups), the prices the
    model works out, and each money line of model.registry written as a formula."""
    plan, today = result.flows.plan, result.flows.today
    channels = result.scenario.contact_channels
    outcomes, team = list(VOLUME_WORDS.items())[:4], list(VOLUME_WORDS.items())[4:]
    contacts = [(f"{key}{CONTACTS_AVOIDED}", (f"{key.capitalize()} contacts avoided by timely "
                                              "replies", "contacts a year")) for key in channels]
    volumes = [Volume(key, label, unit, _total(plan.of(key)), _total(today.of(key)))
               for key, (label, unit) in outcomes + contacts + team]
    prices = scenario_prices(result.scenario, {})
    volumes += [Volume(key, label, unit, float(getattr(prices, key)), 0.0, price=True)
                for key, (label, unit) in MODEL_PRICES.items()]
    return volumes, [Line(category, line_formula(category, channels)) for category in PRICED]


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
    # Economics by its saved names: each contact channel's price is `<key>_contact_gbp`.
    sections = (("promise", _values(scenario.promise)), ("staffing", _values(scenario.staffing)),
                ("economics", scenario.economics.saved()),
                ("appraisal", _values(scenario.appraisal)), ("surge", _values(scenario.surge)))
    rows = [(section, name, value) for section, values in sections
            for name, value in values.items()
            if name not in EXCLUDED_INPUTS and value is not None]
    return rows


def _values(part: Any) -> dict[str, Any]:
    """A settings section's fields by name."""
    return {item.name: getattr(part, item.name) for item in fields(part)}


def source(section: str, field: str, value: Any, sample: dict[str, Any],
            sources: dict[str, str]) -> str:
    if sample.get(section, {}).get(field) != value:
        return "changed from the sample"
    return sources.get(field, "A")
