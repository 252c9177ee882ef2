"""Column mappings for social-inbox exports, and presets for common tools' files.

Column names are matched ignoring case, surrounding spaces and the difference between spaces,
underscores and hyphens, so ``first_reply_time_in_minutes`` also matches
"First reply time in minutes".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ingest.common import normalise_header

Layout = Literal["conversation", "message"]
DurationUnit = Literal["seconds", "minutes", "hours"]

DEFAULT_INBOUND = ("inbound", "in", "incoming", "received", "true", "yes", "1", "customer")
DEFAULT_OUTBOUND = ("outbound", "out", "outgoing", "sent", "false", "no", "0", "agent", "reply")


@dataclass(frozen=True)
class ColumnMapping:
    """Which columns of an export hold what.

    layout ``conversation``: one row an inbound conversation (or ticket) with ``received_at`` and
    either ``first_response`` (a duration in ``first_response_unit``) or ``first_reply_at`` (a
    timestamp). If ``conversation_id`` is given, rows sharing it are collapsed to the earliest
    reply.

    layout ``message``: one row a message in either direction; ``received_at`` is each message's
    time and ``direction`` says inbound or outbound. Replies are linked by ``in_reply_to`` (holding
    the ``message_id`` answered) when both are given, otherwise by ``conversation_id``.
    """

    layout: Layout
    received_at: str
    channel: str | None = None
    first_response: str | None = None
    first_response_unit: DurationUnit = "minutes"
    first_reply_at: str | None = None
    conversation_id: str | None = None
    direction: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    inbound_values: tuple[str, ...] = DEFAULT_INBOUND
    outbound_values: tuple[str, ...] = DEFAULT_OUTBOUND
    account: str | None = None
    """The organisation's account or profile each message belongs to (a file may hold several)."""
    times_zone: str | None = None
    """The zone of times written without an offset, when the file says (a '(UTC)' header);
    None: the zone the reader is given."""

    def required_columns(self) -> list[str]:
        """Columns the file must have for this mapping to work."""
        if self.layout == "conversation":
            response = [c for c in (self.first_response, self.first_reply_at) if c]
            return [self.received_at, *response[:1]]
        if self.message_id and self.in_reply_to:
            links = [self.message_id, self.in_reply_to]
        else:
            links = [c for c in (self.conversation_id,) if c]
        return [self.received_at, *[c for c in (self.direction,) if c], *links]

    def optional_columns(self) -> list[str]:
        """Columns used when present (channel, and ids that are not needed for linking)."""
        wanted = [self.channel, self.conversation_id, self.message_id, self.account]
        return [c for c in wanted if c and c not in self.required_columns()]

    def setup_error(self) -> str | None:
        """Why this mapping cannot work whatever the file holds, or None if it can."""
        if self.layout == "conversation" and not (self.first_response or self.first_reply_at):
            return "a first-response time column or a first-reply time column"
        if self.layout == "message" and not self.direction:
            return "a direction column (inbound or outbound)"
        if self.layout == "message" and len(self.required_columns()) < 3:
            return "a conversation id column, or a message id and an in-reply-to id column"
        return None


@dataclass(frozen=True)
class Preset:
    """A named mapping for one tool's export, with a note on how far its names are confirmed."""

    name: str
    mapping: ColumnMapping
    note: str
    source: str


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "Customer Support on Twitter (Kaggle)",
            ColumnMapping(
                "message",
                received_at="created_at",
                direction="inbound",
                message_id="tweet_id",
                in_reply_to="in_response_to_tweet_id",
                inbound_values=("true",),
                outbound_values=("false",),
            ),
            "Confirmed: the public twcs.csv file has tweet_id, author_id, inbound, created_at, "
            "text, response_tweet_id, in_response_to_tweet_id; dates like "
            "'Tue Oct 31 22:10:47 +0000 2017'. Replies are paired by in_response_to_tweet_id. "
            "There is no channel column.",
            "kaggle.com/thoughtvector/customer-support-on-twitter (column list as shown in "
            "public notebooks that load twcs.csv)",
        ),
        Preset(
            "Zendesk (ticket export)",
            ColumnMapping(
                "conversation",
                received_at="created_at",
                first_response="first_reply_time_in_minutes",
                first_response_unit="minutes",
                channel="via",
            ),
            "Confirmed: created_at, via and first_reply_time_in_minutes (calendar minutes; the "
            "_within_business_hours column is not used) are Zendesk ticket and ticket-metric "
            "fields, and appear in the classic CSV ticket export.",
            "developer.zendesk.com/rest_api/docs/core/ticket_metrics; Zendesk classic CSV "
            "export field list",
        ),
        Preset(
            "Front (analytics message export)",
            ColumnMapping(
                "message",
                received_at="Message date",
                direction="Direction",
                conversation_id="Conversation ID",
                message_id="Message ID",
                channel="Inbox",
            ),
            "Column names confirmed from Front's analytics export column list (Message ID, "
            "Conversation ID, Direction, Inbox, Message date, Response time, First response). "
            "Not confirmed: the exact Direction values (Inbound/Outbound assumed; in/out, "
            "incoming/outgoing and true/false also accepted). Replies are paired by "
            "Conversation ID rather than read from Front's own Response time column.",
            "dev.frontapp.com/reference/create-analytics-export",
        ),
        Preset(
            "Hootsuite Inbox (resolved conversations export)",
            ColumnMapping(
                "conversation",
                received_at="Created at",
                first_response="First response time",
                first_response_unit="seconds",
                conversation_id="Conversation ID",
                channel="Medium",
            ),
            "Confirmed: Conversation ID, Medium, Channel, Channel Display Name and Created at "
            "are headers of the Inbox 2.0 resolved-conversations export (one row a "
            "conversation). NOT confirmed: the first-response column's name and unit "
            "('First response time' in seconds is assumed). Check against your file, and use "
            "a manual mapping if it differs. Only resolved conversations are exported.",
            "help.hootsuite.com/hc/en-us/articles/5407290386843-Create-Inbox-2-0-data-exports",
        ),
        Preset(
            "Khoros Care (response report)",
            ColumnMapping(
                "conversation",
                received_at="lsw_responded_to_post_received_time",
                first_reply_at="response_published_date",
                conversation_id="lsw_responded_to_external_post_id",
            ),
            "Partly confirmed: these names are the Response Report fields as listed by "
            "Fivetran's Khoros Care connector schema; the headers of a CSV downloaded from "
            "Khoros itself were not confirmed. The report lists responses only, so unanswered "
            "posts are missing and the share answered reads high. No channel column is mapped.",
            "fivetran.com/docs/connectors/applications/khoros-care/connector-schema",
        ),
        Preset(
            "Sprout Social (case messages)",
            ColumnMapping(
                "message",
                received_at="created_time",
                direction="case_message_direction",
                conversation_id="cases_id",
                channel="network",
            ),
            "NOT confirmed as one export file: cases_id and case_message_direction are from "
            "Fivetran's Sprout Social schema (case_message table) and created_time from its "
            "cases table; the network column is assumed. Sprout's own report downloads were "
            "not confirmed; use a manual mapping for them.",
            "fivetran.com/docs/connectors/applications/sprout-social/connector-schema",
        ),
    )
}


def detect_preset(headers: Iterable[str]) -> str | None:
    """Name of the preset whose required columns are all in ``headers`` (best match), or None."""
    keys = {normalise_header(h) for h in headers}
    best: tuple[int, int, str] | None = None
    for name, preset in PRESETS.items():
        required = {normalise_header(c) for c in preset.mapping.required_columns()}
        if not required <= keys:
            continue
        optional = {normalise_header(c) for c in preset.mapping.optional_columns()}
        score = (len(required), len(optional & keys), name)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else None
