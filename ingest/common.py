"""Shared pieces of the importers: reading bytes into a table, and reporting problems.

Pure functions, no Streamlit. Every table returned by :func:`read_table` holds text cells and is
indexed by the row number a spreadsheet would show (the header is row 1, the first data row is
row 2), so problems can point at the row the user sees.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

DEFAULT_MAX_MEGABYTES = 50.0
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ""})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = (",", ";", "\t")
_ZIP_MAGIC = b"PK\x03\x04"
_VALUE_SHOWN_CHARS = 60


class ImportProblem(ValueError):
    """The whole file cannot be used; the message names the file and what was expected."""


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: where it is, what it held and what was expected there."""

    file_name: str
    row_number: int
    column: str
    value: str
    expected: str

    @property
    def message(self) -> str:
        """A plain English sentence naming the row, column, value and expectation."""
        where = f"Row {self.row_number} of {self.file_name}, column '{self.column}'"
        if self.value.strip() == "":
            return f"{where} is blank; expected {self.expected}."
        shown = self.value
        if len(shown) > _VALUE_SHOWN_CHARS:
            shown = shown[: _VALUE_SHOWN_CHARS - 1] + "…"
        return f"{where} has '{shown}'; expected {self.expected}."


def problems_to_csv(problems: Iterable[RowProblem]) -> bytes:
    """All problems as a CSV download (UTF-8 with BOM so Excel shows £ and accents)."""
    rows = [
        {
            "file_name": p.file_name,
            "row_number": p.row_number,
            "column": p.column,
            "value": p.value,
            "expected": p.expected,
            "message": p.message,
        }
        for p in problems
    ]
    columns = ["file_name", "row_number", "column", "value", "expected", "message"]
    return pd.DataFrame(rows, columns=columns).to_csv(index=False).encode("utf-8-sig")


def cell_problems(
    file_name: str, column: str, values: pd.Series, bad: pd.Series, expected: str
) -> list[RowProblem]:
    """One RowProblem for each row flagged in ``bad`` (loops over bad rows only)."""
    shown = values[bad]
    return [
        RowProblem(file_name, row, column, "" if pd.isna(v) else str(v), expected)
        for row, v in zip(shown.index.astype(int).tolist(), shown.tolist(), strict=True)
    ]


def normalise_header(name: object) -> str:
    """Header as a key: trimmed, lower case, runs of spaces, '_' or '-' as one '_'."""
    text = str(name).replace("\ufeff", "").strip().strip('"').strip().lower()
    return re.sub(r"[\s_\-]+", "_", text)


def match_columns(headers: Iterable[str], wanted: Iterable[str]) -> dict[str, str]:
    """Map each wanted name to the first file header that matches it after normalising."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(normalise_header(header), header)
    keys = {name: normalise_header(name) for name in wanted}
    return {name: by_key[key] for name, key in keys.items() if key in by_key}


def text_encoding(data: bytes) -> str:
    """The encoding to read ``data`` with: utf-16 (by its BOM), utf-8-sig, else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one used most in the header line (outside quotes).

    Falls back to :class:`csv.Sniffer` when the header line has none of them, then to a comma.
    """
    first_line = text.split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    if counts[best] > 0:
        return best
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ","


def read_table(
    data: bytes, file_name: str, max_megabytes: float = DEFAULT_MAX_MEGABYTES
) -> pd.DataFrame:
    """Read CSV or .xlsx bytes into a table of text cells indexed by spreadsheet row number.

    Raises ImportProblem for an empty, oversized, unreadable or header-only file.
    """
    size_megabytes = len(data) / 1_000_000
    if size_megabytes > max_megabytes:
        raise ImportProblem(
            f"{file_name} is {size_megabytes:.1f} MB; expected a file of at most "
            f"{max_megabytes:g} MB. Export a shorter date range or fewer columns."
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportProblem(f"{file_name} is empty; expected a header row and rows of data.")
    suffix = PurePath(file_name).suffix.lower()
    if data.startswith(_ZIP_MAGIC) and suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
        raise _wrong_type(file_name)
    if suffix in EXCEL_SUFFIXES or data.startswith(_ZIP_MAGIC):
        table = _read_excel(data, file_name)
    elif suffix in CSV_SUFFIXES:
        table = _read_csv(data, file_name)
    else:
        raise _wrong_type(file_name)
    return _tidy(table, file_name)


def _wrong_type(file_name: str) -> ImportProblem:
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xls":
        return ImportProblem(
            f"{file_name} is an old-style Excel .xls file; expected a .xlsx or .csv file. "
            "Open it in Excel and save it as .xlsx or CSV."
        )
    return ImportProblem(
        f"{file_name} is not a CSV or Excel file; expected a .csv or .xlsx file."
    )


def _read_excel(data: bytes, file_name: str) -> pd.DataFrame:
    try:
        return pd.read_excel(
            io.BytesIO(data), sheet_name=0, dtype=str, keep_default_na=False, na_values=[""]
        )
    except Exception as err:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportProblem(
            f"{file_name} could not be opened as an Excel workbook ({type(err).__name__}); "
            "expected a .xlsx file saved by Excel, or a CSV file."
        ) from err


def _read_csv(data: bytes, file_name: str) -> pd.DataFrame:
    encoding = text_encoding(data)
    head = data[:65536].decode(encoding, errors="replace")
    if "\x00" in head[:4096]:
        raise _wrong_type(file_name)
    delimiter = sniff_delimiter(head)
    fast = _read_csv_arrow(head, data, encoding, delimiter)
    if fast is not None:
        return fast
    text = data.decode(encoding, errors="replace")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                index_col=False,
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                skipinitialspace=True,
            )
    except pd.errors.EmptyDataError as err:
        raise ImportProblem(
            f"{file_name} is empty; expected a header row and rows of data."
        ) from err
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, csv.Error) as err:
        raise ImportProblem(
            f"{file_name} could not be read as a table ({err}); expected every row to have "
            "the same number of columns as the header row."
        ) from err


def _read_csv_arrow(head: str, data: bytes, encoding: str, delimiter: str) -> pd.DataFrame | None:
    """Read with pyarrow's multi-threaded CSV reader (several times faster on big files).

    None when pyarrow is missing, the file has blank lines (pyarrow skips them, which would
    shift row numbers) or pyarrow cannot parse it: the caller then uses pandas' own parser,
    which also gives the clearer error message.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    if encoding == "utf-16" or b"\n\n" in data or b"\n\r\n" in data:
        return None
    try:
        header = next(csv.reader(io.StringIO(head.split("\n", 1)[0]), delimiter=delimiter), [])
    except csv.Error:
        return None
    names = _unique_names([h.strip() for h in header])
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    read = pacsv.ReadOptions(
        encoding="utf8" if encoding == "utf-8-sig" else encoding, column_names=names, skip_rows=1
    )
    parse = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in names},
        null_values=[""],
        strings_can_be_null=True,
    )
    try:
        table = pacsv.read_csv(io.BytesIO(body), read, parse, convert)
    except (pa.ArrowException, UnicodeError, ValueError):
        return None
    frame: pd.DataFrame = table.to_pandas(
        types_mapper={pa.string(): pd.StringDtype(na_value=float("nan"))}.get)
    return frame


def _unique_names(names: list[str]) -> list[str]:
    """Blank headers as 'Unnamed: i' and repeats as 'name.1', 'name.2', as pandas names them."""
    seen: dict[str, int] = {}
    unique = []
    for i, name in enumerate(names):
        name = name if name.strip() else f"Unnamed: {i}"
        count = seen.get(name, 0)
        seen[name] = count + 1
        unique.append(name if count == 0 else f"{name}.{count}")
    return unique


def _tidy(table: pd.DataFrame, file_name: str) -> pd.DataFrame:
    """Row numbers as the index, blank rows and unnamed blank columns dropped."""
    table.columns = [str(c) for c in table.columns]
    table.index = pd.RangeIndex(2, len(table) + 2)
    table = table.dropna(how="all")
    unnamed_blank = [
        c for c in table.columns if c.startswith("Unnamed:") and table[c].isna().all()
    ]
    table = table.drop(columns=unnamed_blank)
    if table.empty or len(table.columns) == 0:
        raise ImportProblem(
            f"{file_name} has a header row but no rows of data; expected at least one row "
            "under the headers."
        )
    return table
