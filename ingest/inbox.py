"""Summarise a social-inbox export: weekly volume, 168-hour arrival profile, first responses.

Two layouts are read (see :class:`ingest.presets.ColumnMapping`): one row a conversation with a
first-response time, or one row a message in both directions, where each inbound message is
paired with the organisation's earliest reply by a merge (no loop over messages).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ingest.common import (
    DEFAULT_MAX_MEGABYTES,
    ImportProblem,
    RowProblem,
    cell_problems,
    match_columns,
    read_table,
    release_unused_memory,
    system_allocator,
)
from ingest.duplicates import drop_repeated_ids
from ingest.guess import guess_inbox_mapping
from ingest.presets import PRESETS, ColumnMapping, DurationUnit, detect_preset
from ingest.times import parse_times
from model.evidence import volume_interval_per_week
from model.inbox_figures import InboxFigures
from model.units import HOURS_PER_WEEK

DEFAULT_TIMEZONE = "Europe/London"
MANUAL = "manual mapping"
GUESSED = "columns guessed from their names and contents"
ALL_CHANNELS = "All"
_EXPECT_TIME = "a date and time, such as 2024-03-31 14:05 or 31/03/2024 14:05"
_MINUTES_PER_UNIT = {"seconds": 1 / 60, "minutes": 1.0, "hours": 60.0}


@dataclass(frozen=True, eq=False)
class InboxSummary(InboxFigures):
    """What an inbox export says about demand and today's first responses (the figures the
    model reads, `model.measurement.InboxFigures`), and how the file was read.

    ``first_response_minutes`` is indexed by each message's (or conversation's) spreadsheet row
    number. ``period_start`` is local midnight at the start of the first day with a message;
    ``period_end`` is local midnight after the last one.
    """

    preset: str
    inbound_messages: int
    median_first_response_minutes: float
    problems: list[RowProblem]
    encoding: str = ""
    """The text encoding the file was read with ("" for a workbook)."""
    encoding_warning: str = ""
    """Set when rows disagree about their encoding (see ingest.common.text_encoding)."""
    mapping: ColumnMapping | None = None
    """The mapping the file was read with (a preset's, the user's or the guess)."""
    guessed: str = ""
    """The guessed mapping in words, when the columns were guessed ("" otherwise)."""
    accounts: tuple[tuple[str, int], ...] = ()
    """Rows per account in the whole file, most first (empty without an account column)."""
    account: str = ""
    """The account read ("" = every row)."""
    messages_per_week_interval: tuple[float, float] = (float("nan"), float("nan"))
    """95 % interval of the inbound messages a week (model.evidence.volume_interval_per_week)."""
    received_at: pd.Series | None = None
    """Each inbound message's local arrival time, indexed like first_response_minutes."""



def read_inbox(
    data: bytes,
    file_name: str,
    preset: str | None = None,
    mapping: ColumnMapping | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    max_megabytes: float = DEFAULT_MAX_MEGABYTES,
    account: str | None = None,
) -> InboxSummary:
    """Read an inbox export and summarise it.

    ``mapping`` wins over ``preset``; with neither, the preset is detected from the headers,
    and when none fits the columns are guessed (`ingest.guess`) from the headers and content.
    Naive timestamps are taken as ``timezone`` local time (or as the mapping's ``times_zone``);
    ones with an offset are converted. ``account``: keep only that account's rows (when the
    mapping has an account column). Bad rows are left out and listed in ``problems``;
    ImportProblem if the file is unusable.
    """
    _check_timezone(timezone)
    with system_allocator():
        return _read_inbox(data, file_name, preset, mapping, timezone, max_megabytes, account)


def _read_inbox(data: bytes, file_name: str, preset: str | None, mapping: ColumnMapping | None,
                timezone: str, max_megabytes: float, account: str | None) -> InboxSummary:
    chosen: list[tuple[str, ColumnMapping, str, dict[str, str]]] = []

    def choose(head: pd.DataFrame) -> list[str]:
        """Decide the mapping on the file's first rows; parse only the columns it uses."""
        name, picked, guessed = _choose_mapping(head, file_name, preset, mapping)
        columns = _used_columns(_resolve_columns(head, file_name, name, picked), picked)
        chosen.append((name, picked, guessed, columns))
        return list(dict.fromkeys(columns.values()))

    raw = read_table(data, file_name, max_megabytes, choose)
    preset_name, mapping, guessed, columns = chosen[-1]
    accounts = _account_counts(raw, columns, mapping)
    raw = _only_account(raw, columns, mapping, account, file_name)
    raw, repeated = drop_repeated_ids(raw, columns.get(mapping.message_id or ""), file_name)
    if mapping.layout == "conversation":
        items, problems = _conversation_items(raw, columns, mapping, file_name, timezone)
    else:
        items, problems = _message_items(raw, columns, mapping, file_name, timezone)
    problems += repeated
    problems.sort(key=lambda p: p.row_number)
    if items.empty:
        raise _nothing_usable(raw, file_name, problems, mapping, columns)
    summary = _summarise(items, problems, file_name, preset_name)
    return replace(summary, encoding=raw.attrs.get("encoding", ""),
                   encoding_warning=raw.attrs.get("encoding_warning", ""),
                   mapping=mapping, guessed=guessed, accounts=accounts, account=account or "")


def _check_timezone(timezone: str) -> None:
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as err:  # OSError: "Europe"
        shown = timezone if len(timezone) <= 60 else timezone[:59] + "…"  # a folder, or too long
        raise ImportProblem(
            f"'{shown}' is not a known time zone; expected a name such as Europe/London."
        ) from err


def _choose_mapping(
    raw: pd.DataFrame, file_name: str, preset: str | None, mapping: ColumnMapping | None
) -> tuple[str, ColumnMapping, str]:
    """(what to call the reading, the mapping, the guess in words or "")."""
    if mapping is not None:
        return MANUAL, mapping, ""
    if preset is None:
        preset = detect_preset(raw.columns)
        if preset is None:
            guess = guess_inbox_mapping(raw)
            if guess.confident and guess.mapping is not None:
                return GUESSED, guess.mapping, guess.describe()
            raise ImportProblem(
                f"{file_name}: the columns ({', '.join(map(str, raw.columns[:12]))}) do not "
                f"match any known export, and a guess from their names and contents "
                f"{guess.shortfall()}. Choose the columns by hand (manual mapping)."
            )
    if preset not in PRESETS:
        raise ImportProblem(
            f"'{preset}' is not a known preset; expected one of {', '.join(PRESETS)}."
        )
    return preset, PRESETS[preset].mapping, ""


def _account_counts(raw: pd.DataFrame, columns: dict[str, str],
                    mapping: ColumnMapping) -> tuple[tuple[str, int], ...]:
    """Rows per account (most first), when the mapping has an account column."""
    if mapping.account not in columns:
        return ()
    counts = raw[columns[mapping.account or ""]].astype("string").str.strip().value_counts()
    return tuple((str(name), int(n)) for name, n in counts.items())


def _only_account(raw: pd.DataFrame, columns: dict[str, str], mapping: ColumnMapping,
                  account: str | None, file_name: str) -> pd.DataFrame:
    if not account:
        return raw
    if mapping.account not in columns:
        raise ImportProblem(f"{file_name}: no account column is mapped, so the rows of "
                            f"'{account}' cannot be picked out; expected an account column.")
    keep = raw[columns[mapping.account or ""]].astype("string").str.strip() == account
    if not keep.any():
        raise ImportProblem(f"{file_name} has no rows for the account '{account}'.")
    return raw[keep.fillna(False).astype(bool)]


def _resolve_columns(
    raw: pd.DataFrame, file_name: str, preset_name: str, mapping: ColumnMapping
) -> dict[str, str]:
    """Map each mapped column name to the file's header; ImportProblem if a needed one is absent."""
    reason = mapping.setup_error()
    if reason:
        raise ImportProblem(f"The column choice for {file_name} needs {reason}.")
    found = match_columns(raw.columns, mapping.required_columns() + mapping.optional_columns())
    source = preset_name if preset_name == MANUAL else f"{preset_name} preset"
    for name in mapping.required_columns():
        if name not in found:
            raise ImportProblem(
                f"{file_name} has no '{name}' column, which the {source} needs; expected "
                f"the columns {', '.join(mapping.required_columns())}."
            )
    return found


def _used_columns(columns: dict[str, str], mapping: ColumnMapping) -> dict[str, str]:
    """The mapped columns the reading uses (all of them: a message id pairs replies by
    in-reply-to, and counts a message listed twice once, see ingest.duplicates)."""
    return columns


def _nothing_usable(
    raw: pd.DataFrame,
    file_name: str,
    problems: list[RowProblem],
    mapping: ColumnMapping,
    columns: dict[str, str],
) -> ImportProblem:
    if problems:
        return ImportProblem(
            f"None of the {len(raw)} rows of {file_name} could be used; the first problem: "
            f"{problems[0].message}"
        )
    direction = columns.get(mapping.direction or "", "direction")
    return ImportProblem(
        f"{file_name} has no inbound messages; expected some rows in column '{direction}' "
        f"with a value such as {', '.join(mapping.inbound_values[:3])}."
    )


# --- timestamps and durations ---------------------------------------------------------------


def _mapped_times(values: pd.Series, mapping: ColumnMapping, timezone: str) -> pd.Series:
    """parse_times, naive times taken in the mapping's own zone when it names one."""
    if not mapping.times_zone or mapping.times_zone == timezone:
        return parse_times(values, timezone)
    converted: pd.Series = parse_times(values, mapping.times_zone).dt.tz_convert(timezone)
    return converted


def parse_minutes(values: pd.Series, unit: DurationUnit) -> pd.Series:
    """Durations to minutes: numbers in ``unit``, or clock text such as 01:05:00. NaN if blank."""
    text = values.astype("string").str.strip()
    text = text.where(text != "")
    number = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    minutes = number.astype("float64") * _MINUTES_PER_UNIT[unit]
    clock = text.notna() & minutes.isna()
    if clock.any():
        delta = pd.to_timedelta(text[clock], errors="coerce")
        minutes[clock] = delta.dt.total_seconds() / 60
    return minutes


# --- the two layouts --------------------------------------------------------------------------


def _conversation_items(
    raw: pd.DataFrame, columns: dict[str, str], mapping: ColumnMapping, file_name: str, tz: str
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """One row an inbound conversation: arrival time, first response in minutes, channel."""
    received_header = columns[mapping.received_at]
    received = _mapped_times(raw[received_header], mapping, tz)
    problems = cell_problems(file_name, received_header, raw[received_header],
                             received.isna(), _EXPECT_TIME)
    if mapping.first_response:
        header = columns[mapping.first_response]
        minutes = parse_minutes(raw[header], mapping.first_response_unit)
        bad = (_given(raw[header]) & minutes.isna()) | (minutes < 0)
        expected = f"a first-response time of 0 or more {mapping.first_response_unit}, or blank"
    else:
        header = columns[mapping.first_reply_at or ""]
        reply = _mapped_times(raw[header], mapping, tz)
        minutes = (reply - received).dt.total_seconds() / 60
        bad = (_given(raw[header]) & reply.isna()) | (minutes < 0)
        expected = f"a reply time no earlier than the time in '{received_header}', or blank"
    problems += cell_problems(file_name, header, raw[header], bad & received.notna(), expected)
    items = pd.DataFrame(
        {"t": received, "minutes": minutes, "channel": _channels(raw, columns, mapping)}
    )[received.notna() & ~bad]
    if mapping.conversation_id in columns:
        items = _earliest_per_id(items, _clean_ids(raw[columns[mapping.conversation_id or ""]]))
    return items, problems


def _earliest_per_id(items: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """Keep one row per id: the one with the quickest response (rows without an id all stay)."""
    ordered = items.assign(id=ids.reindex(items.index)).sort_values(
        "minutes", na_position="last", kind="stable"
    )
    repeat = ordered["id"].notna() & ordered["id"].duplicated()
    return items.drop(index=ordered.index[repeat])


def _message_items(
    raw: pd.DataFrame, columns: dict[str, str], mapping: ColumnMapping, file_name: str, tz: str
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """One row a message: pair each inbound message with the organisation's first reply."""
    time_header = columns[mapping.received_at]
    direction_header = columns[mapping.direction or ""]
    t = _mapped_times(raw[time_header], mapping, tz)
    direction = _casefolded(raw[direction_header])
    inbound = direction.isin([v.casefold() for v in mapping.inbound_values])
    outbound = direction.isin([v.casefold() for v in mapping.outbound_values])
    problems = cell_problems(file_name, time_header, raw[time_header], t.isna(), _EXPECT_TIME)
    expected_direction = (
        f"{mapping.inbound_values[0]} or {mapping.outbound_values[0]} (inbound or outbound)"
    )
    problems += cell_problems(file_name, direction_header, raw[direction_header],
                              ~(inbound | outbound), expected_direction)
    ok = t.notna() & (inbound | outbound)
    messages = pd.DataFrame({"row": raw.index, "t": t, "inbound": inbound}, index=raw.index)[ok]
    messages["channel"] = _channels(raw, columns, mapping)[ok]
    if mapping.message_id in columns and mapping.in_reply_to in columns:
        messages["id"] = _clean_ids(raw[columns[mapping.message_id or ""]])[ok]
        messages["reply_to"] = _clean_ids(raw[columns[mapping.in_reply_to or ""]])[ok]
        reply_at, late = _replies_by_link(messages)
        problems += _early_reply_problems(late, raw, time_header, file_name)
    else:
        messages["conversation"] = _clean_ids(raw[columns[mapping.conversation_id or ""]])[ok]
        reply_at = _replies_by_conversation(messages)
    items = messages.loc[messages["inbound"], ["t", "channel"]]  # not the ids: ~40 MB at 1M
    del messages
    minutes = (reply_at.reindex(items.index) - items["t"]).dt.total_seconds() / 60
    items.insert(1, "minutes", minutes)
    release_unused_memory()
    return items, problems


def _replies_by_link(messages: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Earliest outbound reply whose in-reply-to id is the inbound message's id.

    Returns reply times indexed by the inbound row, and the replies dated before the message
    they answer (left out, reported as problems).
    """
    inbound = messages.loc[messages["inbound"], ["row", "id", "t"]].dropna(subset=["id"])
    replies = messages.loc[~messages["inbound"], ["row", "reply_to", "t"]].dropna(
        subset=["reply_to"]
    )
    pairs = inbound.merge(replies, left_on="id", right_on="reply_to", suffixes=("", "_reply"))
    early = pairs["t_reply"] < pairs["t"]
    first = pairs[~early].groupby("row")["t_reply"].min()
    return first, pairs[early]


def _replies_by_conversation(messages: pd.DataFrame) -> pd.Series:
    """Earliest outbound message at or after each inbound one in the same conversation."""
    # Only the columns needed, ids as integer codes: at 1M rows each string copy is ~50 MB.
    linked = messages.loc[messages["conversation"].notna(), ["row", "inbound", "t"]]
    linked["conversation"] = pd.factorize(messages["conversation"].dropna())[0]
    release_unused_memory()  # the hash table Arrow built for the codes
    inbound = linked.loc[linked["inbound"], ["row", "conversation", "t"]].sort_values("t")
    replies = linked.loc[~linked["inbound"], ["conversation", "t"]].sort_values("t")
    replies = replies.assign(t_reply=replies["t"])
    paired = pd.merge_asof(
        inbound, replies, on="t", by="conversation", direction="forward", allow_exact_matches=True
    )
    return paired.set_index("row")["t_reply"]


def _early_reply_problems(
    early: pd.DataFrame, raw: pd.DataFrame, time_header: str, file_name: str
) -> list[RowProblem]:
    problems = []
    for row, reply_row in zip(early["row"].tolist(), early["row_reply"].tolist(), strict=True):
        asked = str(raw.at[row, time_header])
        expected = f"a time no earlier than the message it replies to (row {row}, {asked})"
        replied = str(raw.at[reply_row, time_header])
        problems.append(RowProblem(file_name, int(reply_row), time_header, replied, expected))
    return problems


def _channels(raw: pd.DataFrame, columns: dict[str, str], mapping: ColumnMapping) -> pd.Series:
    if mapping.channel not in columns:
        return pd.Series(ALL_CHANNELS, index=raw.index, dtype="string")
    channel = raw[columns[mapping.channel or ""]].astype("string").str.strip()
    return channel.where(channel != "").fillna("(blank)")


def _casefolded(values: pd.Series) -> pd.Series:
    """Trimmed, case-folded text, worked out once per distinct value (exports repeat a few)."""
    codes, uniques = pd.factorize(values)
    folded = np.array([str(u).strip().casefold() for u in uniques] + [""], dtype=object)
    return pd.Series(folded[codes], index=values.index)


def _given(values: pd.Series) -> pd.Series:
    """True where a cell holds something other than spaces."""
    return (values.astype("string").str.strip().fillna("") != "").astype(bool)


def _clean_ids(values: pd.Series) -> pd.Series:
    """Ids as text for matching: trimmed, a float-style '.0' tail removed, blank as NA."""
    text = values.astype("string").str.strip()
    if text.str.contains(".", regex=False).any():  # a scan is much cheaper than the regex
        text = text.str.replace(r"\.0+$", "", regex=True)
    return text.where(text != "")


# --- the summary ------------------------------------------------------------------------------


def _summarise(
    items: pd.DataFrame, problems: list[RowProblem], file_name: str, preset: str
) -> InboxSummary:
    start = items["t"].min().normalize()
    end = items["t"].max().normalize() + pd.DateOffset(days=1)
    days = (end.tz_localize(None) - start.tz_localize(None)).days
    weeks = days / 7
    minutes = items["minutes"].rename("first_response_minutes").astype("float64")
    return InboxSummary(
        file_name=file_name,
        preset=preset,
        inbound_messages=len(items),
        messages_per_week=len(items) / weeks,
        arrival_profile=arrival_profile(items["t"], start, end),
        first_response_minutes=minutes,
        share_answered=float(minutes.notna().mean()),
        median_first_response_minutes=float(minutes.median()),
        by_channel=_by_channel(items, weeks),
        period_start=start,
        period_end=end,
        weeks_covered=weeks,
        problems=problems,
        received_at=items["t"],
        messages_per_week_interval=volume_interval_per_week(
            len(items), weeks, _daily_counts(items["t"], start, days)),
    )


def _daily_counts(times: pd.Series, start: pd.Timestamp, days: int) -> np.ndarray:
    """Inbound messages on each local day of the period (days with none count as 0)."""
    local = pd.DatetimeIndex(times).tz_localize(None)
    day = ((local - start.tz_localize(None)) // pd.Timedelta(days=1)).to_numpy(dtype=np.int64)
    return np.bincount(day, minlength=days)[:days]


def hour_of_week(times: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """0-167 in the times' own (local) zone: 0 is Monday 00:00-01:00."""
    index = pd.DatetimeIndex(times)
    return np.asarray(index.day_of_week * 24 + index.hour, dtype=np.int64)


def arrival_profile(times: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """168 shares summing to 1: arrivals per hour of the week, divided by how many times that
    local hour occurs between ``start`` and ``end`` (so part-weeks count fairly), normalised.

    An hour of the week that never occurs in a span shorter than a week gets a share of 0.
    """
    counts = np.bincount(hour_of_week(times), minlength=HOURS_PER_WEEK).astype(float)
    hours = pd.date_range(start, end, freq="h", inclusive="left")
    exposure = np.bincount(hour_of_week(hours), minlength=HOURS_PER_WEEK).astype(float)
    rate: np.ndarray = np.divide(counts, exposure, out=np.zeros(HOURS_PER_WEEK),
                                 where=exposure > 0)
    profile: np.ndarray = rate / float(rate.sum())
    return profile


def _by_channel(items: pd.DataFrame, weeks: float) -> pd.DataFrame:
    grouped = items.groupby("channel", sort=False)["minutes"]
    table = pd.DataFrame(
        grouped.agg(messages="size", answered="count", median_first_response_minutes="median")
    )
    table["messages_per_week"] = table["messages"] / weeks
    table["share_answered"] = table["answered"] / table["messages"]
    table = table.sort_values("messages", ascending=False, kind="stable").reset_index()
    order = ["channel", "messages", "messages_per_week", "share_answered",
             "median_first_response_minutes"]
    return table[order]
