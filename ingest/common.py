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
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

import charset_normalizer
import pandas as pd
import python_calamine

from ingest.encodings import choose_codec

DEFAULT_MAX_MEGABYTES = 200.0
"""As server.maxUploadSize in .streamlit/config.toml: a 1M-message export (51–55 MB) fits."""
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ""})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = (",", ";", "\t")
_ZIP_MAGIC = b"PK\x03\x04"
MAX_SHEETS = 50
"""A workbook with more sheets than this is refused (exports have one; workbooks a few)."""
MAX_ROWS = 1_048_576
"""Excel's own limit: a sheet said to be longer was not made by a spreadsheet."""
MAX_CELLS = 5_000_000
"""Rows × columns of a sheet: a 1M-message export of five columns, read in about 5 s."""
MAX_SHEET_XML_MEGABYTES = 400.0
"""Unpacked size of one sheet (a 5M-cell sheet is ~250 MB of XML); the upload limit is on the
packed bytes, which compress ~100:1 for repetitive cells."""
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:([A-Z]+)(\d+)"')
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


def problems_table(problems: Iterable[RowProblem]) -> pd.DataFrame:
    """All problems, one row each, for a download. The cells quote what the user's file held,
    which may be ``=HYPERLINK(…)`` or ``+cmd|…``: write it with ``present.csv_export.csv_safe``."""
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
    return pd.DataFrame(rows, columns=columns)


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


@dataclass(frozen=True)
class TextEncoding:
    """How a text file was decoded: one codec for the whole file, and a warning if its rows
    disagree (some UTF-8, the rest another encoding, as when two exports are pasted together)."""

    codec: str
    label: str
    warning: str = ""


_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_DETECTION_SAMPLE_BYTES = 65_536
_ROWS_NAMED = 5


def text_encoding(data: bytes, file_name: str = "the file") -> TextEncoding:
    """The encoding of ``data``: UTF-16 by its byte-order mark, UTF-8 if it all decodes as
    UTF-8, else what charset-normalizer finds in the lines holding non-ASCII bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return TextEncoding("utf-16", "UTF-16")
    try:
        data.decode("utf-8-sig")
        return TextEncoding("utf-8-sig", "UTF-8")
    except UnicodeDecodeError:
        pass
    lines = list(_NON_ASCII_LINE.finditer(data))
    sample = b"\n".join(m.group() for m in lines)[:_DETECTION_SAMPLE_BYTES]
    best = charset_normalizer.from_bytes(sample).best()
    guessed = best.encoding if best is not None and best.encoding != "utf_8" else "cp1252"
    codec, note = choose_codec(sample, guessed, file_name)  # Windows-1252 first (issue 28)
    label = codec.replace("_", "-")
    utf8_rows = [data.count(b"\n", 0, m.start()) + 1 for m in lines if _is_utf8(m.group())]
    if not utf8_rows:
        return TextEncoding(codec, label, note)
    shown = ", ".join(str(row) for row in utf8_rows[:_ROWS_NAMED])
    more = f" and {len(utf8_rows) - _ROWS_NAMED} more" if len(utf8_rows) > _ROWS_NAMED else ""
    return TextEncoding(codec, label, (
        f"{file_name} mixes text encodings: it was read as {label}, but row(s) {shown}{more} "
        "are UTF-8, so accented letters there will look wrong (é as 'Ã©'). Save the file "
        "as CSV UTF-8 and upload it again."))


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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


ColumnChoice = Callable[[pd.DataFrame], list[str]]
"""Given the first HEAD_ROWS rows of a file, the headers to keep (the others are not parsed)."""
HEAD_ROWS = 2_000


def read_table(
    data: bytes, file_name: str, max_megabytes: float = DEFAULT_MAX_MEGABYTES,
    choose: ColumnChoice | None = None,
) -> pd.DataFrame:
    """Read CSV or .xlsx bytes into a table of text cells indexed by spreadsheet row number.

    ``choose``: called with the file's first HEAD_ROWS rows (the same table, shorter); only the
    headers it returns are parsed from the whole file, which bounds the memory a wide export
    takes. It may raise ImportProblem.

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
        if choose is not None:
            table = table[choose(_tidy(table.head(HEAD_ROWS).copy(), file_name))]
    elif suffix in CSV_SUFFIXES:
        table = _read_csv(data, file_name, choose)
    else:
        raise _wrong_type(file_name)
    read_as = dict(table.attrs)
    tidy = _tidy(table, file_name)
    tidy.attrs.update(read_as)  # "encoding", "encoding_warning": for the page to say
    return tidy


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


def check_workbook_limits(data: bytes, file_name: str) -> None:
    """Refuse a workbook over MAX_SHEETS, MAX_ROWS, MAX_CELLS or MAX_SHEET_XML_MEGABYTES from
    its zip directory and each sheet's declared dimension, before any sheet is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            sheets = [info for info in package.infolist()
                      if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename)]
            if len(sheets) > MAX_SHEETS:
                raise _over_limit(file_name, f"{len(sheets)} sheets", f"{MAX_SHEETS} sheets")
            for sheet in sheets:
                _check_sheet(package, sheet, file_name)
    except zipfile.BadZipFile as err:
        raise ImportProblem(
            f"{file_name} could not be opened as an Excel workbook (damaged zip); expected a "
            ".xlsx file saved by Excel, or a CSV file."
        ) from err


def _check_sheet(package: zipfile.ZipFile, sheet: zipfile.ZipInfo, file_name: str) -> None:
    megabytes = sheet.file_size / 1_000_000
    if megabytes > MAX_SHEET_XML_MEGABYTES:
        raise _over_limit(file_name, f"a sheet of {megabytes:,.0f} MB unpacked",
                          f"{MAX_SHEET_XML_MEGABYTES:,.0f} MB unpacked per sheet")
    with package.open(sheet) as part:
        found = _DIMENSION.search(part.read(4096))
    if found is None:
        return  # no declared size: the unpacked-size limit above still bounds the work
    rows, columns = int(found.group(2)), _column_number(found.group(1).decode())
    if rows > MAX_ROWS:
        raise _over_limit(file_name, f"{rows:,} rows", f"{MAX_ROWS:,} rows")
    if rows * columns > MAX_CELLS:
        raise _over_limit(file_name, f"{rows:,} rows × {columns:,} columns",
                          f"{MAX_CELLS:,} cells")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _over_limit(file_name: str, found: str, limit: str) -> ImportProblem:
    return ImportProblem(
        f"{file_name} has {found}; expected at most {limit}. Save just the sheet you need, "
        "or export it as CSV."
    )


def _read_excel(data: bytes, file_name: str) -> pd.DataFrame:
    """The first sheet as text cells, read with calamine (Rust) after the limits are checked.

    python-calamine directly, not pandas' engine="calamine": pandas sends the cells through its
    text parser again, which doubles the time (0.36 s → 0.78 s for 20,000 × 10 cells).
    """
    check_workbook_limits(data, file_name)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False,
                                                        nrows=MAX_ROWS + 1)
    except Exception as err:  # calamine raises many kinds for a damaged or foreign file
        raise ImportProblem(
            f"{file_name} could not be opened as an Excel workbook ({type(err).__name__}); "
            "expected a .xlsx file saved by Excel, or a CSV file."
        ) from err
    if not rows:
        raise ImportProblem(f"{file_name} is empty; expected a header row and rows of data.")
    header = _unique_names([_cell_text(cell) or "" for cell in rows[0]])
    body = [[_cell_text(cell) for cell in row] for row in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def _cell_text(cell: object) -> str | None:
    """A cell as the text a CSV export of it would hold; blank → None (missing)."""
    if cell == "" or cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _read_csv(data: bytes, file_name: str, choose: ColumnChoice | None = None) -> pd.DataFrame:
    detected = text_encoding(data, file_name)
    keep = None
    if choose is not None:
        try:
            head = _parse_csv(_head_bytes(data, HEAD_ROWS), file_name, detected.codec)
        except ImportProblem:  # the cut fell inside a quoted cell that spans lines
            whole = _parse_csv(data, file_name, detected.codec)
            keep = choose(_tidy(whole.head(HEAD_ROWS).copy(), file_name))
            whole = whole[keep]
            whole.attrs["encoding"], whole.attrs["encoding_warning"] = (detected.label,
                                                                       detected.warning)
            return whole
        keep = choose(_tidy(head, file_name))
    table = _parse_csv(data, file_name, detected.codec, keep)
    table.attrs["encoding"], table.attrs["encoding_warning"] = detected.label, detected.warning
    return table


def _head_bytes(data: bytes, rows: int) -> bytes:
    """The header and about ``rows`` lines after it (all of ``data`` when it is shorter)."""
    end = -1
    for _ in range(rows + 1):
        end = data.find(b"\n", end + 1)
        if end < 0:
            return data
    return data[:end + 1]


def _parse_csv(data: bytes, file_name: str, encoding: str,
               keep: list[str] | None = None) -> pd.DataFrame:
    head = data[:65536].decode(encoding, errors="replace")
    if "\x00" in head[:4096]:
        raise _wrong_type(file_name)
    delimiter = sniff_delimiter(head)
    fast = _read_csv_arrow(head, data, encoding, delimiter, keep)
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
                usecols=(lambda name: name.strip() in keep) if keep is not None else None,
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


def _read_csv_arrow(head: str, data: bytes, encoding: str, delimiter: str,
                    keep: list[str] | None = None) -> pd.DataFrame | None:
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
        include_columns=[n for n in names if n in keep] if keep is not None else None,
    )
    try:
        table = pacsv.read_csv(io.BytesIO(body), read, parse, convert)
    except (pa.ArrowException, UnicodeError, ValueError):
        return None
    frame: pd.DataFrame = table.to_pandas(
        types_mapper={pa.string(): pd.StringDtype(na_value=float("nan"))}.get)
    del table
    release_unused_memory()
    return frame


@contextmanager
def system_allocator() -> Iterator[None]:
    """Arrow allocates with the system's allocator (glibc malloc) inside the block: it hands
    freed memory back, where Arrow's default (mimalloc) keeps it, so a 1M-message read peaks
    at ~455 MB instead of ~530 MB. The previous allocator is restored after."""
    try:
        import pyarrow as pa
    except ImportError:
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def release_unused_memory() -> None:
    """Hand the memory Arrow's allocator keeps after a big read back to the system (mimalloc
    holds freed pages: a 1M-row read otherwise keeps ~70 MB it no longer uses)."""
    try:
        import pyarrow as pa
    except ImportError:
        return
    pa.default_memory_pool().release_unused()


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
    blank = table.isna().all(axis=1).to_numpy()
    if blank.any():  # a copy only when there is something to drop (a 1M-row copy is ~70 MB)
        table = table[~blank]
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
