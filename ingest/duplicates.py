"""Rows that repeat a message id: counted once, each repeat listed as a problem.

An export that lists one message several times (once per tag or per assignee, or two exports
pasted together) would otherwise count it several times: 50 copies of one id were 50 messages.
"""

from __future__ import annotations

import pandas as pd

from ingest.common import RowProblem


def drop_repeated_ids(raw: pd.DataFrame, id_header: str | None, file_name: str
                      ) -> tuple[pd.DataFrame, list[RowProblem]]:
    """``raw`` without the rows whose id (in column ``id_header``) an earlier row has, and one
    problem per dropped row naming where the id was first seen. No id column: as it was."""
    if id_header is None or id_header not in raw.columns:
        return raw, []
    ids = raw[id_header].astype("string").str.strip()
    ids = ids.where(ids != "")
    repeat = ids.notna() & ids.duplicated(keep="first")
    if not repeat.any():
        return raw, []
    first_row = pd.Series(ids.index, index=ids.index).groupby(ids).transform("min")
    problems = [
        RowProblem(file_name, int(row), id_header, str(ids[row]),
                   f"a message id used once; row {int(first_row[row])} has it too, so this "
                   "row is counted once, not again")
        for row in ids.index[repeat]
    ]
    return raw[~repeat], problems
