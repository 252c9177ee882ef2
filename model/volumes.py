"""Operations → Volumes: what one side of the plan produces and causes, counted once.

Every count the money and the measurement plan need (timely replies, late and unanswered
messages, contacts avoided by channel, chasers, approvals, seats, hours) is derived here and
nowhere else. Money is prices × these volumes; the measurement plan reads the same volumes.
Arrays are (groups, draws): behaviour rates and operations may each vary by draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from model.registry import BY_KEY, TERM_INPUTS, Term
from model.scenario import Scenario
from model.value import Operations

CONTACTS_AVOIDED = "_contacts_avoided"


@dataclass(frozen=True)
class Behaviour:
    """How residents respond (each a number or an array of draws)."""

    substitution_factor: np.ndarray | float  # scales the groups' contact-substitution shares
    failure_call_share: np.ndarray | float  # late or unanswered messages that become a call
    readers_per_public_reply: np.ndarray | float

    @classmethod
    def from_scenario(cls, scenario: Scenario,
                      factors: dict[str, np.ndarray | float]) -> Behaviour:
        econ = scenario.economics
        return cls(
            substitution_factor=factors.get("substitution", 1.0),
            failure_call_share=np.minimum(
                econ.failure_call_share * factors.get("failure_call_share", 1.0), 1.0),
            readers_per_public_reply=(econ.readers_per_public_reply
                                      * factors.get("readers_per_public_reply", 1.0)),
        )


@dataclass(frozen=True)
class Outcomes:
    """How the messages of a period end, and the contacts that follows (same shape in, out)."""

    timely_replies: np.ndarray  # answered before people gave up
    late_or_unanswered: np.ndarray
    contacts_avoided: dict[str, np.ndarray]  # by contact channel (Scenario.contact_channels)
    chaser_calls: np.ndarray  # failure demand: calls chasing a late or missing reply
    complaints: np.ndarray

    @property
    def phone_calls_avoided(self) -> np.ndarray:
        return self.contacts_avoided["phone"]

    @property
    def visits_avoided(self) -> np.ndarray:
        return self.contacts_avoided.get("visit", np.zeros_like(self.timely_replies))


def message_outcomes(inbound: np.ndarray, replies: np.ndarray,
                     meets_expectation_share: np.ndarray | float,
                     contact_shares: Mapping[str, np.ndarray | float],
                     failure_call_share: np.ndarray | float,
                     complaint_share: np.ndarray | float,
                     invited_share: np.ndarray | float,
                     invited_substitution_share: np.ndarray | float) -> Outcomes:
    """The one rule for what a message leads to: each message ends exactly one way.

    Answered in time: the call or visit it would have caused is avoided (for the share of
    senders who would otherwise have phoned or visited: `contact_shares`, by channel). Late
    or unanswered: that contact happens anyway, so it earns nothing; of the senders who would
    *not* have made contact, a chaser share now phone to chase, and a complaint share
    complain. So one need is never credited as both a substitution and an avoided chaser
    (issue 14 §4).
    Invited messages (``invited_share`` of inbound, the part above today's level) replace
    contacts at ``invited_substitution_share`` of the group's shares: people who write only
    because they were invited would mostly not have phoned.
    """
    invited = np.asarray(invited_share)
    scale = (1 - invited) + invited * np.asarray(invited_substitution_share)
    contact = {key: np.asarray(share) * scale for key, share in contact_shares.items()}
    timely = replies * np.asarray(meets_expectation_share)
    late = inbound - timely
    would_not_contact = 1 - sum(contact.values(), start=np.zeros_like(scale))
    return Outcomes(
        timely_replies=timely,
        late_or_unanswered=late,
        contacts_avoided={key: timely * share for key, share in contact.items()},
        chaser_calls=late * np.asarray(failure_call_share) * would_not_contact,
        complaints=late * complaint_share,
    )


@dataclass(frozen=True)
class Volumes:
    """One side's yearly volumes per group, shape (groups, draws); seats and FTE per draw."""

    inbound_per_year: np.ndarray
    replies_per_year: np.ndarray
    timely_replies_per_year: np.ndarray
    late_or_unanswered_per_year: np.ndarray
    contacts_avoided_per_year: dict[str, np.ndarray]  # by contact channel
    chaser_calls_per_year: np.ndarray
    complaints_per_year: np.ndarray
    approvals_per_year: np.ndarray
    reply_hours_per_year: np.ndarray
    proactive_hours_per_year: np.ndarray
    consultation_responses_per_year: np.ndarray
    fte_costed: np.ndarray | float
    seats: np.ndarray | float  # tool licences: whole people
    # The team's counts shared out to the groups (the money lines price these per group):
    paid_fte: np.ndarray  # FTE at plain-time pay, unsocial hours included, by work done
    seats_by_group: np.ndarray  # seats by replies
    new_fte: np.ndarray  # staff to train (the plan's FTE above today's), by replies
    set_ups: np.ndarray  # the plan's one set-up, by replies (today: none)
    staff_pay_factor: float = 1.0  # unsocial-hours enhancement on pay (Operations)
    # The inputs the money lines' terms scale volumes by (`model.registry.Term.inputs`).
    term_inputs: Mapping[str, np.ndarray | float] = field(default_factory=dict)

    @property
    def phone_calls_avoided_per_year(self) -> np.ndarray:
        return self.contacts_avoided_per_year["phone"]

    @property
    def visits_avoided_per_year(self) -> np.ndarray:
        return self.contacts_avoided_per_year.get(
            "visit", np.zeros_like(self.timely_replies_per_year))

    # Volumes a money line's term scales by inputs (`model.registry.Term.inputs`), derived
    # from that term so the rule is written once: the workbook shows them, money prices them.
    @property
    def calls_avoided_by_readers_per_year(self) -> np.ndarray:
        """One public answer seen by many: calls its readers would have made."""
        return self.scaled(BY_KEY["one_answer_seen_by_many"].terms[0])

    @property
    def approver_hours_per_year(self) -> np.ndarray:
        return self.scaled(BY_KEY["approvers_time"].terms[0])

    @property
    def surge_events_per_year(self) -> np.ndarray:
        """Emergencies the plan keeps a surge rota for (today: none)."""
        return self.scaled(BY_KEY["surge_cover"].terms[0])

    def scaled(self, term: Term) -> np.ndarray:
        """A term's volume times the inputs it names, in the price's unit (÷ `per`)."""
        value: np.ndarray = self.of(term.volume)
        for name in term.inputs:
            value = value * self.term_inputs[name]
        return np.asarray(value / term.per)

    def of(self, volume: str) -> np.ndarray:
        """The volume a money line names (`model.registry.Term.volume`), per group:
        `<key>_contacts_avoided` is contact channel `key`'s."""
        if volume.endswith(CONTACTS_AVOIDED):
            return self.contacts_avoided_per_year[volume.removesuffix(CONTACTS_AVOIDED)]
        yearly = f"{volume}_per_year"
        return np.asarray(getattr(self, yearly if hasattr(self, yearly) else volume))


def invited_share(inbound: np.ndarray, today_inbound: np.ndarray) -> np.ndarray:
    """Share of inbound above today's level (what the plan's invitation adds); 0 if none."""
    extra = np.maximum(inbound - today_inbound, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(inbound > 0, extra / inbound, 0.0)


def column(values: np.ndarray | float | list[float]) -> np.ndarray:
    """Groups down the rows, draws across: (groups,) becomes (groups, 1)."""
    array = np.asarray(values, dtype=float)
    return array[:, None] if array.ndim == 1 else array


def shares(values: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Each group's share of the total (per draw); falls back to another measure, then equal."""
    values, fallback = column(values), column(fallback)
    total = values.sum(axis=0, keepdims=True)
    if (total > 0).all() and fallback.shape[1] in (1, values.shape[1]):
        return values / total  # what the general case below gives, with less work
    fallback_total = fallback.sum(axis=0, keepdims=True)
    equal = np.ones_like(values) / values.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, values / total,
                        np.where(fallback_total > 0, fallback / fallback_total, equal))


def volumes(scenario: Scenario, ops: Operations, behaviour: Behaviour,
            today_inbound_per_year: np.ndarray | list[float], is_plan: bool = True) -> Volumes:
    """The volumes of one side of the plan (target or today).

    ``today_inbound_per_year`` (per group) is today's level: inbound above it was invited
    by the plan (for today's side itself, nothing is invited). Only the plan (`is_plan`) is
    set up, trains new staff and keeps a surge rota: staying as we are promises no reply.
    """
    econ, groups = scenario.economics, scenario.groups
    replies, inbound = column(ops.replies_per_year), column(ops.inbound_per_year)
    substitution = behaviour.substitution_factor
    outcomes = message_outcomes(
        inbound, replies, ops.meets_expectation_share,
        contact_shares={key: np.minimum(column([g.substitution_share(key)
                                                for g in groups]) * substitution, 1.0)
                        for key in scenario.contact_channels},
        failure_call_share=behaviour.failure_call_share,
        complaint_share=econ.failure_complaint_share,
        invited_share=invited_share(inbound, column(today_inbound_per_year)),
        invited_substitution_share=econ.invited_substitution_share)
    approvals = column(ops.approvals_per_year)
    fte = np.asarray(ops.fte_costed)
    seats = np.ceil(fte - 1e-9)  # 1e-9: 3.0000000001 FTE is 3 seats
    by_work = shares(column(ops.reply_hours_per_year) + column(ops.proactive_hours_per_year),
                     replies)
    by_replies = shares(replies, inbound)
    plan_only = by_replies if is_plan else np.zeros_like(by_replies)
    return Volumes(
        inbound_per_year=inbound,
        replies_per_year=replies,
        timely_replies_per_year=outcomes.timely_replies,
        late_or_unanswered_per_year=outcomes.late_or_unanswered,
        contacts_avoided_per_year=outcomes.contacts_avoided,
        chaser_calls_per_year=outcomes.chaser_calls,
        complaints_per_year=outcomes.complaints,
        approvals_per_year=approvals,
        reply_hours_per_year=column(ops.reply_hours_per_year),
        proactive_hours_per_year=column(ops.proactive_hours_per_year),
        consultation_responses_per_year=column(ops.consultation_responses_per_year),
        fte_costed=ops.fte_costed,
        seats=seats,
        staff_pay_factor=ops.staff_pay_factor,
        paid_fte=by_work * fte * ops.staff_pay_factor,
        seats_by_group=by_replies * seats,
        new_fte=plan_only * np.maximum(fte - scenario.staffing.current_fte, 0.0),
        set_ups=plan_only,
        term_inputs=term_inputs(scenario, behaviour),
    )


def term_inputs(scenario: Scenario, behaviour: Behaviour) -> dict[str, np.ndarray | float]:
    """Each input a money line's term names, drawn (Behaviour) where it is uncertain."""
    sources = (behaviour, scenario.economics, scenario.surge)
    return {name: getattr(next(source for source in sources if hasattr(source, name)), name)
            for name in TERM_INPUTS}
