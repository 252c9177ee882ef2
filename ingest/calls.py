"""Read a monthly table of phone calls and visits (for the Review page's plan against actual)."""

from __future__ import annotations

import numpy as np
import pandas as pd

CALLS_COLUMNS = ("month", "phone_calls", "visits")
CALLS_OPTIONAL = ("failure_demand_calls", "consultation_responses")
# Another contact channel's monthly count (channels.csv's "contact" rows beyond phone and
# visit): `<key>_contacts`, e.g. email_contacts.
CONTACTS_SUFFIX = "_contacts"


def read_calls(frame: pd.DataFrame) -> pd.DataFrame:
    """Monthly calls and visits: columns month, phone_calls, visits (+ optional
    failure_demand_calls, consultation_responses, and `<key>_contacts` for another contact
    channel such as email). ValueError naming the row and column."""
    columns = {str(c).strip().lower().replace(" ", "_"): c for c in frame.columns}
    missing = [c for c in CALLS_COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"calls: no column {', '.join(missing)}; expected the columns "
                         f"{', '.join(CALLS_COLUMNS)} (optional: {', '.join(CALLS_OPTIONAL)})")
    months = pd.to_datetime(frame[columns["month"]].astype(str), errors="coerce", dayfirst=True,
                            format="mixed")
    bad = months.isna()
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 2
        raise ValueError(f"calls: row {row}, column 'month' = "
                         f"{frame[columns['month']].iloc[row - 2]!r}; expected a month such "
                         "as 2025-04 or Apr 2025")
    table = pd.DataFrame({"month": months.dt.to_period("M").dt.to_timestamp()})
    others = tuple(name for name in columns if name.endswith(CONTACTS_SUFFIX))
    for name in CALLS_COLUMNS[1:] + CALLS_OPTIONAL + others:
        if name not in columns:
            continue
        values = pd.to_numeric(frame[columns[name]], errors="coerce")
        wrong = values.isna() | (values < 0)
        if wrong.any():
            row = int(np.flatnonzero(wrong)[0]) + 2
            raise ValueError(f"calls: row {row}, column '{name}' = "
                             f"{frame[columns[name]].iloc[row - 2]!r}; expected a number ≥ 0")
        table[name] = values.to_numpy(dtype=float)
    return table.groupby("month", as_index=False).sum()
