"""Import a stakeholder table (one row a group) from CSV or Excel, validating every cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

import sample_data
from ingest import common
from ingest.common import ImportProblem, RowProblem, cell_problems
from ingest.guess import STAKEHOLDER_HEADINGS, guess_stakeholder_columns, is_percent_header
from model.bounds import bound
from model.scenario import SUBSTITUTION

# Each contact channel's share of timely replies that save a contact on it (channels.csv's
# "contact" rows: a new channel there is a new column here).
CONTACT_COLUMNS = tuple(f"{key}{SUBSTITUTION}" for key in sample_data.contact_channels())
COLUMNS = (
    "group",
    "population",
    "reach_share",
    "messages_per_follower_per_year",
    "current_level",
    "target_level",
    "why",
    *CONTACT_COLUMNS,
    "part_of",  # the group this one sits inside (blank: none); checked against the scenario
)
OPTIONAL_COLUMNS = ("why", "part_of")
SHARE_COLUMNS = ("reach_share", *CONTACT_COLUMNS)
LEVEL_COLUMNS = ("current_level", "target_level")
EXAMPLE_ROW = {
    "group": "Older residents (65+)",
    "population": "32000",
    "reach_share": "0.35",
    "messages_per_follower_per_year": "2",
    "current_level": "Inform",
    "target_level": "Consult",
    "why": "Most contact is by phone today; many use local Facebook groups",
    **{column: "0.1" if column.startswith("phone") else "0.05" for column in CONTACT_COLUMNS},
    "part_of": "Residents",
}

_EXPECT_SHARE = "a share between 0 and 1, written as 0.35 or 35%"
_EXPECT_PERCENT = "a percentage from 0 to 100, such as 35 (the heading says %)"
# Plausibility caps are the model's own (model/bounds.py), so a row the model would refuse is
# named here, with the reason, instead of failing the whole import when applied.
_POPULATION = bound("groups.population")
_RATE = bound("groups.messages_per_follower_per_year")
_EXPECT_POPULATION = (f"a whole number of people from 0 to {_POPULATION.high:,.0f} "
                      f"({_POPULATION.help}; for example 150,000)")
_EXPECT_RATE = (f"a number of messages a year from 0 to {_RATE.high:g} "
                f"({_RATE.help}; for example 2.5)")
_THOUSANDS = r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"


@dataclass(frozen=True, eq=False)
class StakeholderImport:
    """Result of reading a stakeholder file: the good rows, and every problem found."""

    file_name: str
    table: pd.DataFrame
    problems: list[RowProblem]
    ignored_columns: list[str]
    encoding: str = ""
    """The text encoding the file was read with ("" for a workbook)."""
    encoding_warning: str = ""
    """Set when rows disagree about their encoding (see ingest.common.text_encoding)."""
    # Level names one edit from a real one ("Consultt"): read as that level, row kept, and
    # shown before applying so the user can accept the fix or correct the file.
    corrections: list[RowProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    """Field → the file's header it was read from (for the page to show and let be changed)."""
    headers: list[str] = field(default_factory=list)
    """Every header of the file, in order."""



def template_table() -> pd.DataFrame:
    """The expected columns and one example row (``present.data_views.template_csv`` writes it)."""
    return pd.DataFrame([EXAMPLE_ROW], columns=COLUMNS)


def read_stakeholders(
    data: bytes, file_name: str, max_megabytes: float = common.DEFAULT_MAX_MEGABYTES,
    levels: tuple[str, ...] | None = None, columns: dict[str, str] | None = None,
) -> StakeholderImport:
    """Read and validate a stakeholder CSV or .xlsx file.

    ``levels``: the scenario's ladder (`Scenario.level_names`); the sample's when not given.
    ``columns``: field → the file's header, as the user confirmed it; without it the columns
    are found by name (the template's, the Assessment table's headings, or plain synonyms:
    `ingest.guess.guess_stakeholder_columns`). Shares under a heading that says '%' are read
    as percentages ("35" is 35 %).

    Rows with any bad cell are left out of ``table`` and listed in ``problems``. Raises
    ImportProblem only when the whole file is unusable (empty, wrong type, missing column...).
    """
    raw = common.read_table(data, file_name, max_megabytes)
    headers = {f: h for f, h in (columns or guess_stakeholder_columns(raw.columns)).items()
               if h in raw.columns}
    missing = [c for c in COLUMNS if c not in headers and c not in OPTIONAL_COLUMNS]
    if missing:
        named = STAKEHOLDER_HEADINGS
        found = ", ".join(f"{named[f]} in '{h}'" for f, h in headers.items()) or "none"
        raise ImportProblem(
            f"{file_name}: could not find a column for {', '.join(named[f] for f in missing)} "
            f"(found {found}). Head the columns as the Assessment table does, or as the "
            "template (download it to see them), or choose the columns by hand below."
        )
    used = set(headers.values())
    ignored = [h for h in raw.columns if h not in used]
    blank = pd.Series(pd.NA, index=raw.index, dtype="string")
    text = {c: raw[headers[c]] if c in headers else blank for c in COLUMNS}
    parsed, problems, corrections = _parse_columns(text, headers, file_name,
                                                   levels or sample_data.level_names())
    _flag_duplicates(text["group"], headers["group"], file_name, problems)
    bad_rows = {p.row_number for p in problems}
    good = ~raw.index.isin(list(bad_rows))
    table = pd.DataFrame({c: parsed[c][good] for c in COLUMNS}).reset_index(drop=True)
    table["population"] = table["population"].astype("int64")
    problems.sort(key=lambda p: p.row_number)
    return StakeholderImport(file_name, table, problems, ignored,
                             raw.attrs.get("encoding", ""), raw.attrs.get("encoding_warning", ""),
                             corrections, headers, [str(c) for c in raw.columns])


def merge_groups(
    current: pd.DataFrame, incoming: pd.DataFrame, mode: Literal["replace", "merge"]
) -> pd.DataFrame:
    """Combine an imported table with the current one.

    ``replace``: the incoming table as it is. ``merge``: incoming rows replace current rows of
    the same group name (ignoring case and surrounding spaces) in place; other current rows are
    kept, and new groups are added at the end.
    """
    if mode == "replace":
        return incoming.reset_index(drop=True)
    if mode != "merge":
        raise ValueError(f"mode must be 'replace' or 'merge', not {mode!r}")
    cur = current.set_index(_group_key(current["group"]))
    inc = incoming.set_index(_group_key(incoming["group"]))
    order = list(cur.index) + [k for k in inc.index if k not in cur.index]
    merged = pd.concat([cur[~cur.index.isin(inc.index)], inc])
    return merged.reindex(order).reset_index(drop=True)


def _group_key(groups: pd.Series) -> pd.Index:
    return pd.Index(groups.astype(str).str.strip().str.casefold())


def _parse_columns(
    text: dict[str, pd.Series], headers: dict[str, str], file_name: str, levels: tuple[str, ...]
) -> tuple[dict[str, pd.Series], list[RowProblem], list[RowProblem]]:
    """Parse each column to its type; collect a problem for every bad cell, and a correction
    for every level name one edit away from a real one."""
    parsed: dict[str, pd.Series] = {}
    problems: list[RowProblem] = []
    corrections: list[RowProblem] = []

    def check(column: str, values: pd.Series, bad: pd.Series, expected: str) -> None:
        parsed[column] = values
        problems.extend(cell_problems(file_name, headers[column], text[column], bad, expected))

    group = text["group"].fillna("").astype(str).str.strip()
    check("group", group, group == "", "a group name")
    population = parse_number(text["population"])
    check("population", population, ~_whole_non_negative(population), _EXPECT_POPULATION)
    rate = parse_number(text["messages_per_follower_per_year"])
    check("messages_per_follower_per_year", rate, ~rate.between(_RATE.low, _RATE.high),
          _EXPECT_RATE)
    for column in SHARE_COLUMNS:
        percent = column in headers and is_percent_header(headers[column])
        share = parse_percent(text[column]) if percent else parse_share(text[column])
        check(column, share, ~share.between(0, 1), _EXPECT_PERCENT if percent else _EXPECT_SHARE)
    for column in LEVEL_COLUMNS:
        level = parse_level(text[column], levels)
        guess = text[column].where(level.isna()).map(
            lambda value: suggest_level(value, levels), na_action="ignore")
        fixed = guess.notna()
        corrections.extend(RowProblem(
            file_name, int(row), headers[column], str(text[column][row]),
            f"one of {', '.join(levels)}. Did you mean {guess[row]}? It is read as {guess[row]}; "
            "correct the file if not") for row in guess.index[fixed])
        level = level.where(~fixed, guess)
        check(column, level, level.isna(), "one of " + ", ".join(levels))
    for column in OPTIONAL_COLUMNS:
        parsed[column] = text[column].fillna("").astype(str).str.strip()
    return parsed, problems, corrections


def suggest_level(value: object, levels: tuple[str, ...]) -> str | None:
    """The one level name a single typo away (ignoring case), or None if none or several."""
    typed = str(value).strip().casefold()
    near = [level for level in levels if _one_edit_apart(typed, level.casefold())]
    return near[0] if len(near) == 1 else None


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _whole_non_negative(values: pd.Series) -> pd.Series:
    return values.between(_POPULATION.low, _POPULATION.high) & (values == values.round())


def _flag_duplicates(
    groups: pd.Series, header: str, file_name: str, problems: list[RowProblem]
) -> None:
    """Flag the second and later rows that reuse a group name (the first one is kept)."""
    key = groups.fillna("").astype(str).str.strip().str.casefold()
    named = key != ""
    firsts = key[named].drop_duplicates()
    first_row = key.map(pd.Series(firsts.index, index=firsts.values))
    duplicate = named & key.duplicated(keep="first")
    repeats = zip(groups.index[duplicate].astype(int).tolist(), groups[duplicate].tolist(),
                  first_row[duplicate].astype(int).tolist(), strict=True)
    for row, value, first in repeats:
        expected = f"a group name not used on an earlier row (already used on row {first})"
        problems.append(RowProblem(file_name, row, header, str(value), expected))


def parse_number(values: pd.Series) -> pd.Series:
    """Text to float; accepts thousands separators ("150,000") and spaces. NaN if not a number."""
    text = values.astype("string").str.strip().str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    grouped = text.str.fullmatch(_THOUSANDS).fillna(False).astype(bool)
    text = text.where(~grouped, text.str.replace(",", "", regex=False))
    return pd.to_numeric(text, errors="coerce").astype("float64")


def parse_share(values: pd.Series) -> pd.Series:
    """Text to a 0-1 share: "35%" and "0.35" both give 0.35. NaN if not a number."""
    text = values.astype("string").str.strip()
    percent = text.str.endswith("%").fillna(False).astype(bool)
    number = parse_number(text.str.rstrip("%"))
    return number.where(~percent, number / 100)


def parse_percent(values: pd.Series) -> pd.Series:
    """Text under a '%' heading to a 0-1 share: "35" and "35%" both give 0.35."""
    text = values.astype("string").str.strip().str.rstrip("%")
    return parse_number(text) / 100


def parse_level(values: pd.Series, levels: tuple[str, ...]) -> pd.Series:
    """Level names matched ignoring case and spaces, returned in canonical spelling (else NA)."""
    canonical = {level.casefold(): level for level in levels}
    return values.astype("string").str.strip().str.casefold().map(canonical)
