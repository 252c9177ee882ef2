"""CSV downloads that spreadsheets cannot mistake for formulas (CSV/formula injection)."""

from __future__ import annotations

import csv
import re

import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make Excel, LibreOffice or Sheets treat a cell as a formula (OWASP)."""

CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark, so Excel shows £ and accented names correctly."""

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def escape_cell(value: object) -> object:
    """Prefix a text cell with ``'`` when a spreadsheet would read it as a formula.

    Text that is just a number (``-12.5``, ``+44``) cannot run anything and is left alone,
    as are non-text values.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_TRIGGERS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_safe(df: pd.DataFrame) -> bytes:
    """Encode ``df`` as CSV bytes with every formula-like text cell (and header) escaped.

    Numeric, boolean and date columns are written as they are. A named or non-default index
    is written as leading column(s); a default 0..n-1 index is dropped. Text cells are quoted.
    """
    table = df if isinstance(df.index, pd.RangeIndex) else df.reset_index()
    safe = pd.DataFrame(
        {index: _escape_column(table.iloc[:, index]) for index in range(table.shape[1])}
    )
    safe.columns = [str(escape_cell(str(column))) for column in table.columns]
    text = safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    return text.encode(CSV_ENCODING)


def _escape_column(column: pd.Series) -> pd.Series:
    if _is_plain_data(column):
        return column
    return column.astype(object).map(escape_cell)


def _is_plain_data(column: pd.Series) -> bool:
    """True for columns that cannot hold text (numbers, true/false, dates)."""
    dtype = column.dtype
    return bool(is_bool_dtype(dtype) or is_numeric_dtype(dtype) or is_datetime64_any_dtype(dtype))
