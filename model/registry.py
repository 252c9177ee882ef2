"""Typed tables the model, the UI and the reports share: one entry per thing, one home.

Categories of the appraisal: each benefit and cost with its key (what `Flows` is keyed by),
its label (what people read), its side, whether it follows the adoption ramp, whether it is a
year-0 cost, and whether it is priced at all. Channels the plan can cover. Levels are not
here: their names and order come from the scenario (`Scenario.level_names`, read from
sample_data/levels.csv), so a new level is a new row of data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["benefit", "cost"]


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    side: Side
    ramped: bool = False  # grows with adoption (the S-curve); otherwise due in full at once
    one_off: bool = False  # a year-0 cost, not a yearly one
    unpriced: bool = False  # listed beside the numbers, never added in


CATEGORIES = (
    Category("calls_and_visits_avoided", "Calls and visits avoided", "benefit", ramped=True),
    Category("failure_demand_avoided", "Failure demand avoided", "benefit", ramped=True),
    Category("one_answer_seen_by_many", "One answer seen by many", "benefit", ramped=True),
    Category("consultation_responses", "Consultation responses", "benefit", ramped=True),
    Category("engagement_team", "Engagement team", "cost"),
    Category("approvers_time", "Approvers' time", "cost", ramped=True),
    Category("tool_licences", "Tool licences", "cost"),
    Category("surge_cover", "Surge cover in emergencies", "cost"),
    Category("training", "Training", "cost", one_off=True),
    Category("set_up", "Set-up", "cost", one_off=True),
    Category("trust", "Trust built by visible, timely answers", "benefit", unpriced=True),
    Category("misinformation", "Rumours and misinformation corrected in public", "benefit",
             unpriced=True),
    Category("emergencies", "Reach in emergencies (floods, gritting, closures)", "benefit",
             unpriced=True),
    Category("insight", "Insight into what residents care about, in their words", "benefit",
             unpriced=True),
)
BY_KEY = {category.key: category for category in CATEGORIES}
PRICED = tuple(c for c in CATEGORIES if not c.unpriced)
BENEFITS = tuple(c for c in PRICED if c.side == "benefit")
RUNNING_COSTS = tuple(c for c in PRICED if c.side == "cost" and not c.one_off)
ONE_OFF_COSTS = tuple(c for c in PRICED if c.one_off)
COSTS = RUNNING_COSTS + ONE_OFF_COSTS
UNPRICED_BENEFITS = tuple(c for c in CATEGORIES if c.unpriced)


def keys(categories: tuple[Category, ...]) -> tuple[str, ...]:
    return tuple(category.key for category in categories)


def label(key: str) -> str:
    """What people read for a category key."""
    return BY_KEY[key].label


# The assumptions that carry uncertainty, break-even values and tornado bars.
UNCERTAIN_INPUTS: dict[str, str] = {
    "phone_contact_gbp": "cost of a phone call",
    "visit_contact_gbp": "cost of a face-to-face visit",
    "substitution": "share of timely replies that replace a call or visit",
    "readers_per_public_reply": "readers of each public reply",
    "failure_call_share": "share of late or unanswered messages that become a call",
    "messages_per_follower": "messages per follower a year",
    "handle_minutes": "staff minutes per reply",
    "loaded_cost_gbp_per_fte_year": "loaded cost of one FTE",
    "shrinkage": "share of paid time lost to leave, sickness and training",
}
