"""Plan against actual: each measure's status and gap, from the plan table and measured values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum

import pandas as pd

# How far from plan still counts as on track: shares in points, everything else relative to
# the larger of the planned value and the planned move from the baseline.
SHARE_TOLERANCE_POINTS = 0.05
RELATIVE_TOLERANCE = 0.10
TIME_TOLERANCE = 0.15  # response times are noisier than counts


class Status(StrEnum):
    """How a measure stands against the plan (the UI adds icons: never colour alone)."""

    ON_TRACK = "on track"
    BEHIND = "behind"
    AHEAD = "ahead"
    MISSING = "not measured yet"


STATUS_ON_TRACK, STATUS_BEHIND, STATUS_AHEAD = Status.ON_TRACK, Status.BEHIND, Status.AHEAD
STATUS_MISSING = Status.MISSING


def _tolerance(unit: str, expected: float, baseline: float) -> float:
    if unit == "share":
        return SHARE_TOLERANCE_POINTS
    rate = TIME_TOLERANCE if unit == "minutes" else RELATIVE_TOLERANCE
    move = abs(expected - baseline) if math.isfinite(baseline) else 0.0
    return rate * max(abs(expected), move, 1e-9)


def status(actual: float, expected: float, good: str, tolerance: float) -> Status:
    """On track, behind or ahead of the plan, by more than ``tolerance``."""
    if not math.isfinite(actual) and not math.isfinite(expected):
        return STATUS_ON_TRACK
    better = actual - expected if good == "higher" else expected - actual
    if better < -tolerance:
        return STATUS_BEHIND
    if better > tolerance:
        return STATUS_AHEAD
    return STATUS_ON_TRACK


def compare_actuals(plan_table: pd.DataFrame, actual: Mapping[str, float],
                    expected: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Plan vs actual, one row a measure, with its status and gap (`present.words.with_gap_text`
    says the gap in the measure's unit).

    ``expected`` (from `expected_at`) says what the plan expects at the actuals' date; without
    it each measure is compared with its final target. Measures with no actual value are
    listed as not measured yet.
    """
    known = set(plan_table["measure_id"])
    unknown = sorted(set(actual) - known)
    if unknown:
        raise ValueError(f"actual: unknown measures {unknown}; expected some of {sorted(known)}")
    rows = []
    for row in plan_table.itertuples(index=False):
        key = str(row.measure_id)
        plan_value = float(expected[key] if expected and key in expected
                           else row.target)  # type: ignore[arg-type]
        baseline = float(row.baseline)  # type: ignore[arg-type]
        value = actual.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            rows.append({"stage": row.stage, "measure_id": key, "unit": row.unit,
                         "plan": plan_value, "actual": math.nan, "gap": math.nan,
                         "status": STATUS_MISSING})
            continue
        value = float(value)
        tolerance = _tolerance(str(row.unit), plan_value, baseline)
        gap = value - plan_value if math.isfinite(value) and math.isfinite(plan_value) else (
            math.inf if math.isfinite(plan_value) else -math.inf)
        rows.append({"stage": row.stage, "measure_id": key, "unit": row.unit,
                     "plan": plan_value, "actual": value, "gap": gap,
                     "status": status(value, plan_value, str(row.good), tolerance)})
    return pd.DataFrame(rows, columns=["stage", "measure_id", "unit", "plan", "actual", "gap",
                                       "status"])
