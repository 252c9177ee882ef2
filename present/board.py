"""The Review page's words: status labels with icons, the recalibration table, board prose.

The model (`model.measurement`) returns numbers and `Status` values; this is where they
become sentences for people.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from model import Result
from model.compare import STATUS_AHEAD, STATUS_BEHIND, STATUS_MISSING, STATUS_ON_TRACK, Status
from model.measurement import step_back
from present import words
from present.content import sentence
from present.text import count, duration, fte, money, percent

STATUS_LABELS = {Status.ON_TRACK: "on track ✅", Status.BEHIND: "behind ⚠️",
                 Status.AHEAD: "ahead ⬆️", Status.MISSING: "not measured yet ➖"}


def status_label(status: Status | str) -> str:
    """Words and an icon, never colour alone."""
    return STATUS_LABELS[Status(status)]


# How each headline field of a Result is written for people.
HEADLINE_FORMATS: dict[str, Callable[[Any], str]] = {
    "inbound_per_week": count, "npv_gbp": money, "fte_required": fte, "fte_planned": fte,
    "share_within_target": percent, "median_response_minutes": duration,
    "ready": lambda ready: "yes ✅" if ready else "no ⚠️",
}
MOVEMENT = {"Messages received a week": "inbound_per_week", "Net present value": "npv_gbp",
            "FTE required": "fte_required", "FTE planned": "fte_planned",
            "Replies within the promise": "share_within_target",
            "Median first response": "median_response_minutes",
            "Ready to keep the promise": "ready"}


def headline_table(before: Result, after: Result, headlines: dict[str, str],
                   columns: tuple[str, str]) -> pd.DataFrame:
    """Headline numbers of two results side by side ({label: Result field}), as text."""
    rows = [(label, *(HEADLINE_FORMATS[name](getattr(result, name)) for result in (before, after)))
            for label, name in headlines.items()]
    return pd.DataFrame(rows, columns=["Measure", *columns])


def movement(before: Result, after: Result) -> pd.DataFrame:
    """How the headline numbers move when the plan is recalibrated (text for people)."""
    return headline_table(before, after, MOVEMENT, ("Plan now", "Recalibrated"))




def _names(table: pd.DataFrame, result: Result) -> str:
    names: list[str] = (list(words.with_measure_words(table, result)["measure"]) if len(table)
                        else [])
    items = [sentence("board", "measure_gap", measure=str(name).lower(),
                      gap=words.gap_text(float(row.actual), float(row.plan),  # type: ignore[arg-type]
                                         str(row.unit)))
             for name, row in zip(names, table.itertuples(index=False), strict=True)]
    return "; ".join(items) if items else sentence("board", "nothing_yet")


def _step_back_text(before: Result) -> str | None:
    move = step_back(before.scenario)
    return None if move is None else sentence("board", "step_back", group=move.group,
                                              from_level=move.from_level,
                                              to_level=move.to_level)


def board_summary(comparison: pd.DataFrame, before: Result, after: Result | None = None,
                  as_of: date | None = None) -> str:
    """Plain English for the next board: what is working, what is not, what to do."""
    measured = comparison[comparison["status"] != STATUS_MISSING]
    if measured.empty:
        raise ValueError("comparison: no measure has an actual value; expected at least one")
    good = measured[measured["status"].isin([STATUS_ON_TRACK, STATUS_AHEAD])]
    bad = measured[measured["status"] == STATUS_BEHIND]
    when = sentence("board", "figures_for", month=f"{as_of:%B %Y}") if as_of else ""
    promise = before.scenario.promise
    lines = [sentence("board", "title", when=when), "",
             sentence("board", "working", measures=_names(good, before)),
             sentence("board", "not_working", measures=_names(bad, before))]
    stages_behind = set(bad["stage"])
    demand_row = measured[measured["measure_id"] == "inbound_per_week"]
    more_demand = (not demand_row.empty and demand_row["status"].iloc[0] == STATUS_AHEAD)
    if more_demand:
        ratio = demand_row["actual"].iloc[0] / demand_row["plan"].iloc[0]
        lines.append(sentence("board", "more_demand", ratio=f"{ratio:.1f}"))
    short_by = (after.fte_required - after.fte_planned) if after is not None else 0.0
    if after is not None:
        lines.append(sentence("board", "rerun", required=fte(after.fte_required),
                              planned=fte(after.fte_planned), npv_before=money(before.npv_gbp),
                              npv_after=money(after.npv_gbp)))
    lines.append("")
    if bad.empty:
        lines.append(sentence("board", "continue_as_planned"))
    elif {"Outputs", "Outtakes"} & stages_behind and (short_by > 0.05 or more_demand):
        step = _step_back_text(before)
        extra = (sentence("board", "more_fte", team=fte(max(short_by, 0.0))) if short_by > 0.05
                 else sentence("board", "more_staff"))
        lines.append(sentence(
            "board", "cannot_keep_up", share=percent(promise.target_share),
            target=duration(promise.response_target_minutes), extra=extra,
            step=sentence("board", "step_back_named", step=step) if step else ""))
    elif {"Outputs", "Outtakes"} & stages_behind:
        lines.append(sentence("board", "slower_or_fewer"))
    else:
        lines.append(sentence("board", "benefits_lag"))
    return "\n".join(lines)
