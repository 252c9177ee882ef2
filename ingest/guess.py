"""Guess which columns of an inbox export hold what, when no preset fits.

Two kinds of evidence, both cheap: the header (synonyms, the presets' own names, case and
punctuation ignored) and a sample of the content (which column parses as times, which holds two
direction-like values, which ids repeat so as to link messages into conversations, which ids
point at other rows' ids). A guess is *confident* when every column its layout needs is found
and no needed role has two equally good candidates; otherwise the caller is told what was and
was not found, so the page can ask the user to confirm or finish the mapping.

Pure functions of a table of text cells; no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

import sample_data
from ingest.presets import DEFAULT_INBOUND, DEFAULT_OUTBOUND, PRESETS, ColumnMapping
from ingest.times import parse_times  # the reader's own parser, so a guess agrees with it

SAMPLE_ROWS = 2_000
"""Rows looked at to judge a column's content (the first ones of the file)."""
TIME_SHARE = 0.9
"""A column is 'times' when at least this share of its filled sample cells parse as times."""
_Pick = Callable[[str, Iterable[str]], "str | None"]
MAX_LABEL_VALUES = 60
"""A channel or account column has at most this many distinct values in the sample."""

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "received_at": ("sent at", "sent", "created at", "created time", "created", "timestamp",
                    "time stamp", "date time", "datetime", "message date", "message time",
                    "received at", "received time", "received", "date", "time", "posted at",
                    "opened", "opened at", "arrived", "arrived at"),
    "direction": ("direction", "message direction", "case message direction", "inbound",
                  "is inbound", "incoming", "in out", "in or out", "flow"),
    "conversation_id": ("conversation id", "conversation", "thread id", "thread",
                        "case id", "cases id", "ticket id", "ticket", "conversation number"),
    "message_id": ("message id", "id", "tweet id", "post id", "message guid", "message number",
                   "comment id"),
    "in_reply_to": ("in reply to", "in reply to id", "in response to", "in response to id",
                    "in response to tweet id", "reply to", "replying to", "parent id",
                    "parent message id", "replied to"),
    "channel": ("channel", "network", "inbox", "medium", "platform", "source", "via",
                "social network"),
    "account": ("account", "account name", "profile", "profile name", "brand", "handle",
                "page", "organisation", "organization", "care account"),
    "first_response": ("first response time", "first reply time", "response time",
                       "reply time", "first response", "time to first response",
                       "first reply time in minutes", "replied after", "time to reply"),
    "first_reply_at": ("first reply at", "first response at", "replied at", "responded at",
                       "first reply date", "first response date", "reply date"),
}
ROLE_NAMES = {
    "received_at": "a message time",
    "direction": "a direction (inbound or outbound)",
    "conversation_id": "a conversation id",
    "message_id": "a message id",
    "in_reply_to": "an in-reply-to id",
    "channel": "a channel",
    "account": "an account",
    "first_response": "a first-response duration",
    "first_reply_at": "a first-reply time",
}
ROLE_PHRASES = {
    "received_at": "times in {}",
    "direction": "direction in {}",
    "conversation_id": "conversations linked by {}",
    "message_id": "message ids in {}",
    "in_reply_to": "replies linked by {}",
    "channel": "channels in {}",
    "account": "accounts in {}",
    "first_response": "first-response times in {}",
    "first_reply_at": "first-reply times in {}",
}
_BOOLEAN_VALUES = frozenset({"true", "false", "yes", "no", "1", "0"})
_UNIT_WORDS = {"seconds": ("second", "seconds", "secs", "sec", "s"),
               "hours": ("hour", "hours", "hrs", "h"),
               "minutes": ("minute", "minutes", "mins", "min", "m")}
_UTC_WORDS = frozenset({"utc", "gmt", "z"})
_TIME_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d\d")
"""A date (2024-03-04, 04/03/2024) or a clock time (14:05): only such columns are parsed."""


def header_key(name: object) -> str:
    """A header as words: lower case, punctuation and brackets as spaces, one space between."""
    text = str(name).replace("\ufeff", "").lower()
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _preset_words() -> dict[str, set[str]]:
    """Every preset's column names as extra synonyms for their role."""
    words: dict[str, set[str]] = {role: set(names) for role, names in ROLE_WORDS.items()}
    for preset in PRESETS.values():
        for role in ROLE_WORDS:
            name = getattr(preset.mapping, role, None)
            if name:
                words[role].add(header_key(name))
    return words


_WORDS = _preset_words()


def header_score(header: str, role: str) -> int:
    """3 when the header is a synonym of the role, 2 when it starts with one followed by other
    words (a unit, say: 'Sent at (UTC)'), 0 otherwise."""
    key = header_key(header)
    best = 0
    for word in _WORDS[role]:
        if key == word:
            return 3
        if key.startswith(word + " ") and _rest_is_qualifier(key[len(word) + 1:]):
            best = 2
    return best


def _rest_is_qualifier(rest: str) -> bool:
    """Words after a synonym that do not change its meaning: a unit, a zone, 'local'."""
    qualifiers = {"utc", "gmt", "local", "time", "in", "minutes", "seconds", "hours", "mins",
                  "min", "secs", "sec", "s", "m", "h", "hrs", "bst", "uk", "date", "z", "id",
                  "iso", "name", "at"}
    return all(word in qualifiers for word in rest.split())


@dataclass(frozen=True)
class ColumnGuess:
    """A guessed mapping, what was found and what was not, in words for the page.

    ``mapping`` is None when the layout's needed columns were not all found; ``confident`` is
    False when they were but a needed role had rivals (the page then asks before reading).
    """

    mapping: ColumnMapping | None
    found: dict[str, str]
    missing: list[str]
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def confident(self) -> bool:
        return self.mapping is not None and not self.missing and not self.ambiguous

    def describe(self) -> str:
        """"times in 'Sent at (UTC)', direction in 'Direction', …" and the notes."""
        parts = [ROLE_PHRASES[role].format(f"'{header}'") for role, header in self.found.items()]
        return "; ".join(parts + self.notes)

    def shortfall(self) -> str:
        """What was found and what was not, for an error message."""
        found = ", ".join(f"{ROLE_NAMES[r]} in '{h}'" for r, h in self.found.items()) or "nothing"
        text = f"found {found}"
        if self.missing:
            text += "; could not find " + " or ".join(self.missing)
        for role, headers in self.ambiguous.items():
            text += (f"; {ROLE_NAMES[role]} could be any of "
                     + ", ".join(f"'{h}'" for h in headers))
        return text


def guess_inbox_mapping(table: pd.DataFrame) -> ColumnGuess:
    """Guess the mapping of an inbox export from its headers and its first SAMPLE_ROWS rows."""
    sample = table.head(SAMPLE_ROWS)
    profiles = {str(c): _profile(sample[c]) for c in sample.columns}
    found: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    notes: list[str] = []
    taken: set[str] = set()

    def pick(role: str, fits: Iterable[str]) -> str | None:
        candidates = [c for c in fits if c not in taken]
        if not candidates:
            return None
        scored = sorted(candidates, key=lambda c: -header_score(c, role))
        top = header_score(scored[0], role)
        rivals = [c for c in scored if header_score(c, role) == top]
        if len(rivals) > 1 and top < 3:
            ambiguous[role] = rivals
            return None
        taken.add(scored[0])
        found[role] = scored[0]
        return scored[0]

    times = [c for c, p in profiles.items() if p.is_time]
    direction = pick("direction", [c for c, p in profiles.items()
                                   if p.direction is not None
                                   and (not p.direction_is_boolean
                                        or header_score(c, "direction") > 0)])
    if direction is not None:
        inbound, outbound = profiles[direction].direction or ((), ())
        return _message_guess(profiles, times, found, ambiguous, notes, taken, pick,
                              inbound, outbound)
    return _conversation_guess(profiles, times, found, ambiguous, notes, taken, pick)


@dataclass(frozen=True)
class _ColumnProfile:
    filled: int
    distinct: int
    is_time: bool
    is_number: bool
    direction: tuple[tuple[str, ...], tuple[str, ...]] | None
    direction_is_boolean: bool
    values: frozenset[str]


def _profile(values: pd.Series) -> _ColumnProfile:

    text = values.astype("string").str.strip()
    text = text[text.notna() & (text != "")]
    folded = text.str.casefold()
    distinct = set(folded.unique().tolist()) if len(text) else set()
    looks_like_time = bool(len(text)) and text.str.contains(_TIME_LIKE).mean() >= TIME_SHARE
    is_time = looks_like_time and (parse_times(text, "UTC").notna().mean() >= TIME_SHARE)
    is_number = bool(len(text)) and bool(pd.to_numeric(text.str.replace(",", "", regex=False),
                                                       errors="coerce").notna().all())
    inbound = tuple(v for v in distinct if v in DEFAULT_INBOUND)
    outbound = tuple(v for v in distinct if v in DEFAULT_OUTBOUND)
    direction = None
    if 2 <= len(distinct) <= 4 and inbound and outbound and len(inbound) + len(outbound) == len(
            distinct):
        direction = (inbound, outbound)
    ids = frozenset(text.tolist())
    return _ColumnProfile(len(text), len(distinct), is_time, is_number, direction,
                          distinct <= _BOOLEAN_VALUES, ids)


def _message_guess(profiles: dict[str, _ColumnProfile], times: list[str], found: dict[str, str],
                   ambiguous: dict[str, list[str]], notes: list[str], taken: set[str],
                   pick: _Pick, inbound: tuple[str, ...], outbound: tuple[str, ...]
                   ) -> ColumnGuess:
    received = pick("received_at", times)
    rows = max((p.filled for p in profiles.values()), default=0)
    unique_ids = [c for c, p in profiles.items() if not p.is_time and p.distinct >= 0.98 * rows
                  and p.filled >= 0.98 * rows]
    message_id = pick("message_id", [c for c in unique_ids if header_score(c, "message_id")]
                      or unique_ids)
    repeated = [c for c, p in profiles.items() if not p.is_time and p.direction is None
                and 0 < p.distinct < 0.98 * p.filled]
    reply_to = None
    if message_id is not None:
        ids = profiles[message_id].values
        pointing = [c for c, p in profiles.items() if c not in taken and not p.is_time
                    and p.values and len(p.values & ids) >= 0.9 * len(p.values)
                    and p.filled < profiles[message_id].filled]
        reply_to = pick("in_reply_to", pointing)
    conversation = pick("conversation_id",
                        [c for c in repeated if header_score(c, "conversation_id")]
                        or ([] if reply_to else [c for c in repeated
                                                 if profiles[c].distinct > MAX_LABEL_VALUES
                                                 and header_score(c, "account") == 0
                                                 and header_score(c, "channel") == 0]))
    labels = [c for c, p in profiles.items() if c not in taken and not p.is_time
              and 1 <= p.distinct <= MAX_LABEL_VALUES]
    pick("account", [c for c in labels if header_score(c, "account")])
    pick("channel", [c for c in labels if header_score(c, "channel")])
    missing = []
    if received is None and "received_at" not in ambiguous:
        missing.append(ROLE_NAMES["received_at"])
    if conversation is None and reply_to is None and "conversation_id" not in ambiguous:
        missing.append("a conversation id (or a message id and an in-reply-to id)")
    if set(inbound) != {"inbound"} or set(outbound) != {"outbound"}:
        notes.append(f"'{'/'.join(inbound)}' read as inbound (from the public), "
                     f"'{'/'.join(outbound)}' as outbound (your replies)")
    if reply_to is None and message_id is not None:
        found.pop("message_id")  # not needed: replies are paired by conversation
    mapping = None
    if received is not None and (conversation or reply_to):
        mapping = ColumnMapping(
            "message", received_at=received, direction=found["direction"],
            conversation_id=conversation, message_id=message_id if reply_to else None,
            in_reply_to=reply_to, channel=found.get("channel"), account=found.get("account"),
            inbound_values=inbound, outbound_values=outbound)
        mapping = _with_zone(mapping, received, notes)
    return ColumnGuess(mapping, _ordered(found), missing, ambiguous, notes)


def _conversation_guess(profiles: dict[str, _ColumnProfile], times: list[str],
                        found: dict[str, str], ambiguous: dict[str, list[str]],
                        notes: list[str], taken: set[str], pick: _Pick) -> ColumnGuess:
    reply_times = [c for c in times if header_score(c, "first_reply_at")]
    reply_at = pick("first_reply_at", reply_times)
    received = pick("received_at", times)
    durations = [c for c, p in profiles.items() if p.is_number and header_score(c,
                                                                                "first_response")]
    response = None if reply_at else pick("first_response", durations)
    labels = [c for c, p in profiles.items() if c not in taken and not p.is_time
              and 1 <= p.distinct <= MAX_LABEL_VALUES]
    pick("account", [c for c in labels if header_score(c, "account")])
    pick("channel", [c for c in labels if header_score(c, "channel")])
    pick("conversation_id", [c for c in profiles if c not in taken
                             and header_score(c, "conversation_id")])
    missing = []
    if received is None and "received_at" not in ambiguous:
        missing.append(ROLE_NAMES["received_at"])
    if reply_at is None and response is None:
        missing.append("a direction column (one row a message) or a first-response time "
                       "(one row a conversation)")
    mapping = None
    if received is not None and (reply_at or response):
        unit = _unit(response) if response else "minutes"
        if response:
            notes.append(f"response times read as {unit}")
        mapping = ColumnMapping("conversation", received_at=received, first_response=response,
                                first_response_unit=unit,  # type: ignore[arg-type]
                                first_reply_at=reply_at,
                                conversation_id=found.get("conversation_id"),
                                channel=found.get("channel"), account=found.get("account"))
        mapping = _with_zone(mapping, received, notes)
    return ColumnGuess(mapping, _ordered(found), missing, ambiguous, notes)


def _unit(header: str) -> str:
    words = header_key(header).split()
    for unit, names in _UNIT_WORDS.items():
        if any(name in words for name in names):
            return unit
    return "minutes"


def _with_zone(mapping: ColumnMapping, received: str, notes: list[str]) -> ColumnMapping:
    """Times in a column headed '(UTC)' are UTC even when the cells carry no offset."""
    if _UTC_WORDS & set(header_key(received).split()):
        notes.append(f"times without an offset read as UTC, as the header '{received}' says")
        return replace(mapping, times_zone="UTC")
    return mapping


def _ordered(found: dict[str, str]) -> dict[str, str]:
    return {role: found[role] for role in ROLE_WORDS if role in found}




# --- stakeholder tables -----------------------------------------------------------------------


def _contact_words(key: str, one_contact: str) -> tuple[str, ...]:
    """Names for contact channel `key`'s substitution share column, from what one contact on
    it is called ("a call"): "replies that save a call", "calls saved", "phone substitution" …"""
    noun = one_contact.split(" ", 1)[-1]
    return (f"replies that save {one_contact}", f"replies that save {one_contact} %",
            f"{key} substitution share", f"{noun}s saved", f"save {one_contact}",
            f"{key} substitution", f"{noun}s avoided", f"{noun}s")


_CONTACTS = sample_data.contact_channels()  # channels.csv's "contact" rows
STAKEHOLDER_WORDS: dict[str, tuple[str, ...]] = {
    "group": ("group", "stakeholder group", "stakeholder", "stakeholders", "audience",
              "segment", "group name", "name", "who"),
    "population": ("population", "people", "number of people", "size", "group size",
                   "population size", "headcount", "residents", "how many", "number"),
    "reach_share": ("follow us", "follow us %", "reach share", "reach", "share following",
                    "following", "followers", "share who follow us", "follow share",
                    "reach %", "following %"),
    "messages_per_follower_per_year": ("messages per follower a year",
                                       "messages per follower per year",
                                       "messages per follower", "messages a year per follower",
                                       "contact rate", "messages per person a year"),
    "current_level": ("today", "current level", "current", "level today", "today s level",
                      "now", "level now", "current engagement level"),
    "target_level": ("target", "target level", "goal", "aim", "future level", "level wanted",
                     "target engagement level"),
    "why": ("why", "reason", "rationale", "notes", "note", "comment", "comments"),
    **{f"{key}_substitution_share": _contact_words(key, words)
       for key, words in _CONTACTS.items()},
    "part_of": ("part of", "part of counted inside", "parent", "parent group", "inside",
                "within", "sub group of", "subgroup of"),
}
"""Each stakeholder field's names: the template's, the Assessment table's headings (present.frames,
kept in step by a test) and plain words an officer might use."""


STAKEHOLDER_HEADINGS = {
    "group": "Group",
    "population": "Population",
    "reach_share": "Follow us (%)",
    "messages_per_follower_per_year": "Messages per follower a year",
    "current_level": "Today",
    "target_level": "Target",
    **{f"{key}_substitution_share": f"Replies that save {words} (%)"
       for key, words in _CONTACTS.items()},
    "why": "Why",
    "part_of": "Part of (counted inside)",
}
"""Each field as the Assessment table heads it (present.frames.GROUP_COLUMNS; a test keeps them in
step), for messages an officer reads."""


def is_percent_header(header: str) -> bool:
    """A heading that says its numbers are percentages: 'Follow us (%)', 'Reach percent'."""
    return "%" in str(header) or bool({"percent", "percentage", "pct"}
                                      & set(header_key(header).split()))


def guess_stakeholder_columns(headers: Iterable[str]) -> dict[str, str]:
    """Each stakeholder field's column, by name (case, punctuation and a '(%)' ignored); a
    header is used once, by the field whose synonym matches it best."""
    scored: list[tuple[int, str, str]] = []
    for header in headers:
        key = header_key(header)
        bare = header_key(re.sub(r"\(?%\)?|percent(age)?", " ", str(header), flags=re.I))
        for field_name, words in STAKEHOLDER_WORDS.items():
            names = {header_key(w) for w in words} | {header_key(field_name)}
            if key in names or bare in names:
                scored.append((3, field_name, header))
            elif any(key.startswith(n + " ") and _rest_is_qualifier(key[len(n) + 1:])
                     for n in names):
                scored.append((2, field_name, header))
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for _score, field_name, header in sorted(scored, key=lambda s: -s[0]):
        if field_name not in chosen and header not in used:
            chosen[field_name] = header
            used.add(header)
    return chosen
