"""Tables the editors show, and their checked way back into a Scenario (no Streamlit here).

Each `*_from_frame` returns (scenario or None, messages naming row and column).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pandas as pd

import sample_data
from model import Scenario
from model.scenario import SUBSTITUTION, StakeholderGroup, UncertainInput
from model.units import DAY_NAMES as DAYS
from model.units import HOURS_PER_DAY, WEEKS_PER_YEAR
from model.value import demand, to_fte
from present.content import sentence

PERCENT = 100.0



def contact_share_label(key: str) -> str:
    """The Assessment table's heading for contact channel `key`'s substitution share, in the
    words of its channels.csv row: "Replies that save a call (%)"."""
    return f"Replies that save {sample_data.one_contact(key)} (%)"


def group_columns(contact_channels: tuple[str, ...]) -> dict[str, tuple[str, float]]:
    """Editor column label → (the group's saved field, scale from the label's unit to the
    model's): one share column for each contact channel, after the levels."""
    return {
        "Group": ("group", 1.0),
        "Population": ("population", 1.0),
        "Follow us (%)": ("reach_share", PERCENT),
        "Messages per follower a year": ("messages_per_follower_per_year", 1.0),
        "Today": ("current_level", 1.0),
        "Target": ("target_level", 1.0),
        **{contact_share_label(key): (f"{key}{SUBSTITUTION}", PERCENT)
           for key in contact_channels},
        "Why": ("why", 1.0),
        "Part of (counted inside)": ("part_of", 1.0),
    }


# The sample's columns (its contact channels: the "contact" rows of channels.csv).
GROUP_COLUMNS = group_columns(tuple(sample_data.contact_channels()))
TEXT_FIELDS = {"group", "current_level", "target_level", "why", "part_of"}
OPTIONAL_TEXT = {"why", "part_of"}


def groups_frame(scenario: Scenario) -> pd.DataFrame:
    columns = group_columns(scenario.contact_channels)
    rows = [{label: _to_label(group.saved().get(name, 0.0), scale)
             for label, (name, scale) in columns.items()} for group in scenario.groups]
    return pd.DataFrame(rows, columns=list(columns))


def _to_label(value: Any, scale: float) -> Any:
    return value * scale if isinstance(value, float) and scale != 1.0 else value


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def groups_from_frame(scenario: Scenario, frame: pd.DataFrame
                      ) -> tuple[Scenario | None, list[str]]:
    messages: list[str] = []
    groups: list[StakeholderGroup] = []
    columns = group_columns(scenario.contact_channels)
    for number, (_, row) in enumerate(frame.iterrows(), start=1):
        values: dict[str, Any] = {}
        for label, (name, scale) in columns.items():
            value: Any = row.get(label)
            if _missing(value) or (name == "group" and not str(value).strip()):
                if name in OPTIONAL_TEXT:
                    value = ""
                else:
                    messages.append(sentence("frames", "fill_in", row=str(number),
                                             column=label))
                    continue
            values[name] = str(value).strip() if name in TEXT_FIELDS else float(value) / scale
        if len(values) < len(columns):
            continue
        try:
            groups.append(StakeholderGroup.from_saved(values))
        except ValueError as error:
            messages.append(sentence("frames", "row_problem", row=str(number),
                                     problem=_explain(str(error), columns)))
    if messages:
        return None, messages
    try:
        return replace(scenario, groups=tuple(groups)), []
    except ValueError as error:
        return None, [_explain(str(error), columns)]


def _explain(message: str, columns: dict[str, tuple[str, float]]) -> str:
    """Swap model field names for the column labels people see."""
    for label, (name, _) in columns.items():
        message = message.replace(f".{name}", sentence("frames", "column", column=label))
    message = message.replace("groups.group", sentence("frames", "group_column"))
    return message.replace("expected unique names", sentence("frames", "each_name_once"))


# ---------------------------------------------------------------- patience curve

PATIENCE_MINUTES, PATIENCE_SHARE = "Within (minutes)", "Expect a reply by then (%)"


def patience_frame(scenario: Scenario) -> pd.DataFrame:
    return pd.DataFrame({PATIENCE_MINUTES: list(scenario.patience_minutes),
                         PATIENCE_SHARE: [s * PERCENT for s in scenario.patience_share]})


def patience_from_frame(scenario: Scenario, frame: pd.DataFrame
                        ) -> tuple[Scenario | None, list[str]]:
    clean = frame.dropna(how="all")
    blanks = [sentence("frames", "fill_in_both", row=str(i)) for i, (_, row) in
              enumerate(clean.iterrows(), start=1) if row.isna().any()]
    if blanks:
        return None, blanks
    try:
        return replace(scenario,
                       patience_minutes=tuple(float(v) for v in clean[PATIENCE_MINUTES]),
                       patience_share=tuple(float(v) / PERCENT for v in clean[PATIENCE_SHARE])
                       ), []
    except ValueError as error:
        text = str(error).replace("patience_minutes", sentence("frames", "patience_column",
                                                               column=PATIENCE_MINUTES))
        return None, [text.replace("patience_share", sentence("frames", "patience_column",
                                                              column=PATIENCE_SHARE))]


# ---------------------------------------------------------------- uncertainty ranges

LOW, HIGH = "Low (× ours)", "High (× ours)"


def uncertainty_frame(scenario: Scenario) -> pd.DataFrame:
    ranges = {item.name: item for item in scenario.uncertainty}
    rows = [{"Assumption": label[:1].upper() + label[1:], LOW: ranges[name].low_factor
             if name in ranges else 1.0, HIGH: ranges[name].high_factor if name in ranges
             else 1.0, "key": name} for name, label in scenario.uncertain_inputs().items()]
    return pd.DataFrame(rows).set_index("key")


def uncertainty_from_frame(scenario: Scenario, frame: pd.DataFrame
                           ) -> tuple[Scenario | None, list[str]]:
    items, messages = [], []
    for number, (name, row) in enumerate(frame.iterrows(), start=1):
        if row[[LOW, HIGH]].isna().any():
            messages.append(sentence("frames", "fill_in_low_and_high", row=str(number),
                                     assumption=str(row["Assumption"])))
            continue
        try:
            items.append(UncertainInput(str(name), float(row[LOW]), float(row[HIGH])))
        except ValueError as error:
            messages.append(sentence("frames", "assumption_problem", row=str(number),
                                     assumption=str(row["Assumption"]), problem=str(error)))
    if messages:
        return None, messages
    return replace(scenario, uncertainty=tuple(items)), []


# ---------------------------------------------------------------- cover grid


def cover_frame(cover: tuple[int, ...]) -> pd.DataFrame:
    rows = [cover[d * HOURS_PER_DAY:(d + 1) * HOURS_PER_DAY] for d in range(len(DAYS))]
    frame = pd.DataFrame([[bool(v) for v in row] for row in rows], index=list(DAYS),
                         columns=[f"{h:02d}" for h in range(HOURS_PER_DAY)])
    return frame


def cover_from_frame(frame: pd.DataFrame) -> tuple[int, ...]:
    return tuple(int(bool(v)) for v in frame.fillna(False).to_numpy().ravel())


# ---------------------------------------------------------------- level ladder (Education)


def level_ladder(scenario: Scenario, group: str) -> pd.DataFrame:
    """Messages, replies and staff for one group at each level, others held at their target."""
    names = [g.group for g in scenario.groups]
    index = names.index(group)
    rows = []
    for level in scenario.level_names:
        levels = [g.target_level for g in scenario.groups]
        levels[index] = level
        need = demand(scenario, levels)
        hours = float(need.reply_hours_per_year[index] + need.proactive_hours_per_year[index])
        rows.append({"level": level,
                     "inbound_per_week": float(need.inbound_per_year[index]) / WEEKS_PER_YEAR,
                     "replies_per_week": float(need.replies_per_year[index]) / WEEKS_PER_YEAR,
                     "fte": float(to_fte(scenario, hours / WEEKS_PER_YEAR))})
    return pd.DataFrame(rows)


def levels_table(scenario: Scenario) -> pd.DataFrame:
    """What each level asks of the organisation, in plain column names."""
    return pd.DataFrame([{
        "Level": lv.name,
        "Messages": f"× {lv.invite_multiplier:g}",
        "Answered": f"{lv.reply_share * PERCENT:.0f}%",
        "Min/reply": f"{lv.handle_minutes:g}",
        "Sign-off": f"{lv.approval_share * PERCENT:.0f}%",
        "Content h/wk": f"{lv.content_hours_per_week:g}",
        "Events/yr": f"{lv.events_per_year:g}",
    } for lv in scenario.levels])
