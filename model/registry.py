"""Typed tables the model, the UI and the reports share: one entry per thing, one home.

Categories of the appraisal: each benefit and cost with its key (what `Flows` is keyed by),
its label (what people read), its side, whether it follows the adoption ramp, whether it is a
year-0 cost, whether it is priced at all, and its money line: which volumes times which prices
(`model.money` prices the lines, `report.workbook_lines` writes the same lines as formulas).
Levels are not here: their names and order come from the scenario (`Scenario.level_names`,
read from sample_data/levels.csv), so a new level is a new row of data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from model.units import MINUTES_PER_HOUR

Side = Literal["benefit", "cost"]


@dataclass(frozen=True)
class Term:
    """One volume times the prices that turn it into £ a year.

    `volume` names a field of `model.volumes.Volumes` (a yearly count per group, without its
    `_per_year`); `prices` name fields of `model.money.Prices`, which are also the workbook's
    input names. The workbook writes the same term as `vol_change_<volume>*<price>*…`.
    """

    volume: str
    prices: tuple[str, ...] = ()
    # Inputs a person sets that scale the volume (how many read a reply, how long a sign-off
    # takes, how many emergencies a year): fields of `model.volumes.Behaviour`, or else of the
    # scenario's Economics or Surge, under the same names as the workbook's inputs, so the
    # workbook's line stays live in them. `per` turns their unit into the price's (minutes to
    # hours).
    inputs: tuple[str, ...] = ()
    per: float = 1.0
    # One term for each contact channel of the scenario (`Scenario.contact_channels`):
    # `<key>_contacts_avoided` × `<key>_contact_gbp`, so a new channel is a row of data.
    each_contact_channel: bool = False

    def expanded(self, contact_channels: tuple[str, ...]) -> tuple[Term, ...]:
        if not self.each_contact_channel:
            return (self,)
        return tuple(Term(f"{key}_{self.volume}", tuple(f"{key}_{p}" for p in self.prices),
                          self.inputs, per=self.per)
                     for key in contact_channels)


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    side: Side
    ramped: bool = False  # grows with adoption (the S-curve); otherwise due in full at once
    one_off: bool = False  # a year-0 cost, not a yearly one
    unpriced: bool = False  # listed beside the numbers, never added in
    # The money line: the sum of its terms, plan minus today (today minus plan when `fewer`:
    # the line is the saving from fewer of something costly), with optimism bias on costs.
    terms: tuple[Term, ...] = ()
    fewer: bool = False
    explained: str = ""  # the line in words, for the workbook

    @property
    def kind(self) -> str:
        """"benefit", "running cost" or "one-off cost" (the workbook's words for the side)."""
        if self.side == "benefit":
            return "benefit"
        return "one-off cost" if self.one_off else "running cost"


# The one table of money lines: category × volume × price (MODEL.md "Money").
CATEGORIES = (
    Category("calls_and_visits_avoided", "Calls and visits avoided", "benefit", ramped=True,
             terms=(Term("contacts_avoided", ("contact_gbp",), each_contact_channel=True),),
             explained="for each contact channel (phone, visit …): contacts avoided × cost of "
                       "a contact"),
    Category("failure_demand_avoided", "Failure demand avoided", "benefit", ramped=True,
             terms=(Term("chaser_calls", ("phone_contact_gbp",)),
                    Term("complaints", ("complaint_gbp",))), fewer=True,
             explained="fewer chasing calls × cost of a call + fewer complaints × cost of a "
                       "complaint (chasers come only from senders who would not otherwise have "
                       "phoned or visited)"),
    Category("one_answer_seen_by_many", "One answer seen by many", "benefit", ramped=True,
             terms=(Term("replies", ("phone_contact_gbp",),
                         inputs=("public_reply_share", "readers_per_public_reply",
                                 "same_need_share", "would_have_called_share")),),
             explained="calls avoided by readers: extra replies × public share × readers × "
                       "same need × would have called × cost of a call"),
    Category("consultation_responses", "Consultation responses", "benefit", ramped=True,
             terms=(Term("consultation_responses", ("consultation_response_gbp",)),),
             explained="extra online responses × cost of a response by paper or event"),
    Category("engagement_team", "Engagement team", "cost",
             terms=(Term("paid_fte", ("loaded_cost_gbp_per_fte_year",)),),
             explained="extra FTE (unsocial hours at their rates) × loaded cost × (1 + optimism "
                       "bias on running costs)"),
    Category("approvers_time", "Approvers' time", "cost", ramped=True,
             terms=(Term("approvals", ("approver_gbp_per_hour",),
                         inputs=("approver_minutes_per_approval",), per=MINUTES_PER_HOUR),),
             explained="extra sign-off hours (sign-offs × minutes ÷ 60) × approver's £ an hour "
                       "× (1 + optimism bias)"),
    Category("tool_licences", "Tool licences", "cost",
             terms=(Term("seats_by_group", ("licence_gbp_per_seat_per_year",)),),
             explained="extra seats × licence a seat × (1 + optimism bias)"),
    Category("surge_cover", "Surge cover in emergencies", "cost",
             terms=(Term("set_ups", ("surge_rota_gbp_per_event",), inputs=("events_per_year",)),),
             explained="events a year × the surge rota's cost an event (people added through "
                       "the event to keep the promise, at the overtime rate) × (1 + optimism "
                       "bias)"),
    Category("training", "Training", "cost", one_off=True,
             terms=(Term("new_fte", ("training_gbp_per_new_fte",)),),
             explained="new FTE × training each × (1 + optimism bias on set-up)"),
    Category("set_up", "Set-up", "cost", one_off=True,
             terms=(Term("set_ups", ("setup_gbp",)),),
             explained="set-up × (1 + optimism bias on set-up)"),
    Category("trust", "Trust built by visible, timely answers", "benefit", unpriced=True),
    Category("misinformation", "Rumours and misinformation corrected in public", "benefit",
             unpriced=True),
    Category("emergencies", "Reach in emergencies (floods, gritting, closures)", "benefit",
             unpriced=True),
    Category("insight", "Insight into what residents care about, in their words", "benefit",
             unpriced=True),
)
BY_KEY = {category.key: category for category in CATEGORIES}
TERM_INPUTS = tuple(dict.fromkeys(name for category in CATEGORIES for term in category.terms
                                  for name in term.inputs))
PRICED = tuple(c for c in CATEGORIES if not c.unpriced)
BENEFITS = tuple(c for c in PRICED if c.side == "benefit")
RUNNING_COSTS = tuple(c for c in PRICED if c.side == "cost" and not c.one_off)
ONE_OFF_COSTS = tuple(c for c in PRICED if c.one_off)
COSTS = RUNNING_COSTS + ONE_OFF_COSTS
UNPRICED_BENEFITS = tuple(c for c in CATEGORIES if c.unpriced)


def line_terms(category: Category, contact_channels: tuple[str, ...]) -> tuple[Term, ...]:
    """A money line's terms, one a contact channel where the line has one a channel."""
    return tuple(t for term in category.terms for t in term.expanded(contact_channels))


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
