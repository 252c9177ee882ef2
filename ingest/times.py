"""Text to times: the one parser the inbox reader and the column guesser share, so a guess
that a column holds times agrees with what the reader will make of it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ingest.common import release_unused_memory

_AWARE = re.compile(
    r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d\d:?\d\d)(?:\s+\d{4})?\s*$", re.IGNORECASE
)
_NAIVE_FORMATS = (
    "ISO8601",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
)
_AWARE_FORMATS = ("ISO8601", "%a %b %d %H:%M:%S %z %Y", "%d/%m/%Y %H:%M:%S %z", "%d/%m/%Y %H:%M %z")
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|[A-Za-z]{3}")
_PLAUSIBLE_YEARS = ("1990", "2200")
_SAMPLE_SIZE = 500
_MIXED_PARSE_LIMIT = 20_000


def parse_times(values: pd.Series, timezone: str) -> pd.Series:
    """Text to tz-aware local times (NaT where unreadable).

    Times with an offset (Z, +01:00, +0000) are converted to ``timezone``; naive ones are taken
    as local wall-clock time there (a time skipped by the spring change moves forward; a time
    repeated in the autumn is read as the first, summer-time one).
    """
    text = values.astype("string").str.strip()
    text = text.where(text != "")
    present = text.dropna()
    aware = _has_offset(present)
    parts = []
    if aware.any():
        parsed = _parse_with_best_format(present[aware], _AWARE_FORMATS, utc=True)
        parts.append(parsed.dt.tz_convert(timezone))
    if (~aware).any():
        parsed = _parse_with_best_format(present[~aware], _NAIVE_FORMATS, utc=False)
        parts.append(_localise(parsed, timezone))
    dtype = pd.DatetimeTZDtype(unit="ns", tz=timezone)
    if not parts:
        return pd.Series(pd.NaT, index=values.index, dtype=dtype)
    release_unused_memory()  # Arrow's buffers for the stripped text
    joined = pd.concat([p.dt.as_unit("ns") for p in parts])
    result: pd.Series = joined.reindex(values.index).astype(dtype)
    return result


def _has_offset(text: pd.Series) -> pd.Series:
    """Which values carry a UTC offset; checks a sample first, every value only if it is mixed."""
    sample = text.iloc[:_SAMPLE_SIZE].str.contains(_AWARE).astype(bool)
    if sample.all() or not sample.any():
        return pd.Series(bool(sample.any()), index=text.index)
    return text.str.contains(_AWARE).astype(bool)


def _parse_with_best_format(text: pd.Series, formats: tuple[str, ...], utc: bool) -> pd.Series:
    """Parse with the format that reads most of a sample; try a slower mixed parse on the rest."""
    sample = text.iloc[:_SAMPLE_SIZE]
    scores: dict[str, int] = {}
    for candidate in formats:
        scores[candidate] = pd.to_datetime(sample, format=candidate, errors="coerce", utc=utc
                                           ).notna().sum()
        if scores[candidate] == len(sample):
            break
    best = max(scores, key=lambda f: scores[f])
    parsed = pd.to_datetime(text, format=best, errors="coerce", utc=utc)
    missed = parsed.isna() & text.str.contains(_DATE_LIKE).astype(bool)
    if 0 < missed.sum() <= _MIXED_PARSE_LIMIT:
        parsed = parsed.where(~missed, _parse_mixed(text[missed], utc))
    low, high = (pd.Timestamp(y, tz="UTC" if utc else None) for y in _PLAUSIBLE_YEARS)
    return parsed.where((parsed >= low) & (parsed < high))


def _parse_mixed(text: pd.Series, utc: bool) -> pd.Series:
    try:
        parsed = pd.to_datetime(text, format="mixed", dayfirst=True, errors="coerce", utc=utc)
    except (ValueError, TypeError, OverflowError):
        return pd.Series(pd.NaT, index=text.index)
    if not pd.api.types.is_datetime64_any_dtype(parsed):
        return pd.Series(pd.NaT, index=text.index)
    if not utc and isinstance(parsed.dtype, pd.DatetimeTZDtype):
        return pd.Series(pd.NaT, index=text.index)
    return parsed


def _localise(naive: pd.Series, timezone: str) -> pd.Series:
    if getattr(naive.dt, "tz", None) is not None:
        converted: pd.Series = naive.dt.tz_convert(timezone)
        return converted
    first_occurrence = np.ones(len(naive), dtype=bool)
    localised: pd.Series = naive.dt.tz_localize(timezone, ambiguous=first_occurrence,
                                                nonexistent="shift_forward")
    return localised
