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
from present import content, words
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




def _names(table: pd.DataFrame) -> str:
    names = content.table("measures")["measure"].to_dict()
    items = [f"{names[str(row.measure_id)].lower()} "
             f"({words.gap_text(row.actual, row.plan, str(row.unit))})"  # type: ignore[arg-type]
             for row in table.itertuples(index=False)]
    return "; ".join(items) if items else "nothing yet"


def _step_back_text(before: Result) -> str | None:
    move = step_back(before.scenario)
    return None if move is None else f"{move.group} from {move.from_level} back to {move.to_level}"


def board_summary(comparison: pd.DataFrame, before: Result, after: Result | None = None,
                  as_of: date | None = None) -> str:
    """Plain English for the next board: what is working, what is not, what to do."""
    measured = comparison[comparison["status"] != STATUS_MISSING]
    if measured.empty:
        raise ValueError("comparison: no measure has an actual value; expected at least one")
    good = measured[measured["status"].isin([STATUS_ON_TRACK, STATUS_AHEAD])]
    bad = measured[measured["status"] == STATUS_BEHIND]
    when = f" (figures for {as_of:%B %Y})" if as_of else ""
    promise = before.scenario.promise
    lines = [f"Review of the engagement plan{when}.", "",
             f"What is working: {_names(good)}.", f"What is not: {_names(bad)}."]
    stages_behind = set(bad["stage"])
    demand_row = measured[measured["measure_id"] == "inbound_per_week"]
    more_demand = (not demand_row.empty and demand_row["status"].iloc[0] == STATUS_AHEAD)
    if more_demand:
        ratio = demand_row["actual"].iloc[0] / demand_row["plan"].iloc[0]
        lines.append(f"Demand is {ratio:.1f} times what the plan expected: more residents "
                     "are taking up the invitation than we staffed for.")
    short_by = (after.fte_required - after.fte_planned) if after is not None else 0.0
    if after is not None:
        lines.append(f"Re-run with what we measured, the plan needs {fte(after.fte_required)} "
                     f"against {fte(after.fte_planned)} planned, and its net present value "
                     f"moves from {money(before.npv_gbp)} to {money(after.npv_gbp)}.")
    lines.append("")
    if bad.empty:
        lines.append("Recommendation: continue as planned, and review again at the next "
                     "review date.")
    elif {"Outputs", "Outtakes"} & stages_behind and (short_by > 0.05 or more_demand):
        step = _step_back_text(before)
        extra = f"{fte(max(short_by, 0.0))} more" if short_by > 0.05 else "more staff"
        lines.append(
            f"Recommendation: the team cannot keep the promise of {percent(promise.target_share)}"
            f" within {duration(promise.response_target_minutes)} at this volume. Either fund "
            f"{extra}, change the promise to a slower reply, or step a group back a level"
            + (f" ({step})" if step else "") + ". Don't keep inviting questions the team "
            "cannot answer.")
    elif {"Outputs", "Outtakes"} & stages_behind:
        lines.append("Recommendation: continue, but find out why replies are slower or fewer "
                     "than planned (rota gaps, sign-off delays) before the next review; if it "
                     "persists, change the promise.")
    else:
        lines.append("Recommendation: continue; the service is as planned, but the benefits "
                     "lag. Check the assumptions about calls and visits replaced before "
                     "relying on the appraisal's savings.")
    return "\n".join(lines)
