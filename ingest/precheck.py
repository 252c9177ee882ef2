"""Refuse, before parsing, a file no spreadsheet or inbox tool could have written.

Cheap looks only, each bounded whatever the file holds: a CSV's header line and (for a
stakeholder table) a count of its rows that stops at the limit; a workbook's zip directory, its
index parts and a streamed scan of its first sheet that stops at the limit. What these let
through is parsed in a worker process with a time and memory budget (``ingest.sandbox``).
The limits and their reasons are in ``ingest.limits``.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePath
from typing import IO, Literal

from ingest import limits
from ingest.common import EXCEL_SUFFIXES, ImportProblem, normalise_header, sniff_delimiter

Kind = Literal["stakeholders", "inbox", "headers", "calls", "guess"]

_ZIP_MAGIC = b"PK\x03\x04"
_END_OF_DIRECTORY = b"PK\x05\x06"
MAX_PARTS = 10_000
"""Entries in a workbook's zip. Real workbooks hold tens (a few hundred with many pictures)."""
_SCAN_CHUNK_BYTES = 1 << 20
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.S)
_CELL_WITH_CONTENT = re.compile(rb"</(?:\w+:)?c>")
_HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is|f)[\s>]")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.S)
_ATTRIBUTE = re.compile(rb'\b(Id|Type|Target)\s*=\s*"([^"]*)"')
_SHEET_ID = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\b\w+:id\s*=\s*"([^"]*)"', re.S)
_SHEET_TYPES = (b"/worksheet", b"/chartsheet", b"/dialogsheet", b"/xlMacrosheet")


def check(data: bytes, file_name: str, kind: Kind) -> None:
    """ImportProblem naming the limit when ``data`` cannot be a real file of this ``kind``."""
    if data.startswith(_ZIP_MAGIC) or PurePath(file_name).suffix.lower() in EXCEL_SUFFIXES:
        if data.startswith(_ZIP_MAGIC):
            _check_workbook(data, file_name, kind)
        return  # not a zip: the reader says what it is
    _check_csv(data, file_name, kind)


def refusal(file_name: str, found: str, limit: str, advice: str) -> ImportProblem:
    """The one shape of message for a file over a limit."""
    return ImportProblem(f"{file_name} has {found}; expected at most {limit}. {advice}")


_TABLE_ADVICE = "Export just the columns and rows you need, or save the sheet as CSV."
GROUP_ADVICE = (f"A scenario holds at most {limits.MAX_STAKEHOLDER_ROWS} groups (one row a "
                 "group): combine similar stakeholders into groups first, for example all parish "
                 "councils as one row with their followers added up.")


# --- CSV ----------------------------------------------------------------------------------------


def _check_csv(data: bytes, file_name: str, kind: Kind) -> None:
    codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "latin-1"
    head = data[: limits.MAX_HEADER_BYTES * (2 if codec == "utf-16" else 1)]
    text = head.decode(codec, errors="replace")
    if "\n" not in text and len(data) > len(head):
        raise ImportProblem(
            f"{file_name} has a first line longer than {limits.MAX_HEADER_BYTES:,} bytes; "
            f"expected a header line of at most {limits.MAX_COLUMNS} column names. "
            + _TABLE_ADVICE)
    delimiter = sniff_delimiter(text)
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    except csv.Error:
        return  # the reader gives the clearer message
    _check_header(header, file_name)
    if kind == "stakeholders":
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors="replace", newline="")
        _check_stakeholder_rows(_csv_rows_with_text(stream, delimiter), file_name)


def _check_header(header: list[str], file_name: str) -> None:
    if len(header) > limits.MAX_COLUMNS:
        raise refusal(file_name, f"{len(header):,} columns", f"{limits.MAX_COLUMNS} columns",
                      _TABLE_ADVICE)
    names = Counter(normalise_header(name) for name in header if name.strip())
    if not names:
        return
    name, times = names.most_common(1)[0]
    if times > limits.MAX_SAME_HEADER:
        raise refusal(file_name, f"the column name '{name[:40]}' {times:,} times in its header",
                      f"{limits.MAX_SAME_HEADER} columns of one name", "Name each column once.")


def _csv_rows_with_text(stream: IO[str], delimiter: str) -> Iterator[None]:
    """One item for each record holding any text, header included; stops at a malformed one."""
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                yield None
    except csv.Error:
        return  # the reader gives the clearer message


def _check_stakeholder_rows(rows: Iterator[None], file_name: str) -> None:
    """Counts rows until one past the limit (the header is the first row)."""
    most = limits.MAX_STAKEHOLDER_ROWS
    for number, _ in enumerate(rows):
        if number > most:
            raise refusal(file_name, f"more than {most} rows of groups",
                          f"{most} groups", GROUP_ADVICE)


# --- workbooks ----------------------------------------------------------------------------------


def _check_workbook(data: bytes, file_name: str, kind: Kind) -> None:
    parts = _declared_entries(data)
    if parts is not None and parts > MAX_PARTS:
        raise refusal(file_name, f"{parts:,} parts in its zip", f"{MAX_PARTS:,} parts",
                      "Save it again from Excel, or export it as CSV.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            _check_unpacked_size(package, len(data), file_name)
            sheets = _declared_sheets(package, file_name)
            if sheets:
                _scan_first_sheet(package, sheets[0], file_name, kind)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError):
        return  # damaged or foreign: the reader says so in its own words


def _declared_entries(data: bytes) -> int | None:
    """The entry count in the zip's end-of-directory record, read before the directory is."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    entries: int = struct.unpack_from("<H", data, at + 10)[0]
    return None if entries == 0xFFFF else entries  # 0xFFFF: a zip64 count, checked by zipfile


def _check_unpacked_size(package: zipfile.ZipFile, packed_bytes: int, file_name: str) -> None:
    unpacked = sum(info.file_size for info in package.infolist())
    megabytes = unpacked / 1_000_000
    if megabytes > limits.MAX_UNPACKED_MEGABYTES:
        raise refusal(file_name, f"{megabytes:,.0f} MB of parts once unpacked",
                      f"{limits.MAX_UNPACKED_MEGABYTES:,.0f} MB unpacked", _TABLE_ADVICE)
    ratio = unpacked / max(packed_bytes, 1)
    if (megabytes > limits.PACKING_RATIO_FLOOR_MEGABYTES
            and ratio > limits.MAX_PACKING_RATIO):
        raise refusal(file_name, f"parts that unpack to {ratio:,.0f} times its size",
                      f"{limits.MAX_PACKING_RATIO:,.0f} times", _TABLE_ADVICE)


def _small_part(package: zipfile.ZipFile, name: str, file_name: str) -> bytes | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limits.MAX_PART_INDEX_BYTES:
        raise refusal(file_name, f"an index part ({name}) of {info.file_size:,} bytes",
                      f"{limits.MAX_PART_INDEX_BYTES:,} bytes", _TABLE_ADVICE)
    with package.open(info) as part:
        return part.read(limits.MAX_PART_INDEX_BYTES + 1)


def _declared_sheets(package: zipfile.ZipFile, file_name: str) -> list[str]:
    """The sheets' part names in the workbook's order; every one must be in the sheet folder."""
    rels = _small_part(package, "xl/_rels/workbook.xml.rels", file_name)
    if rels is None:
        return []
    targets: dict[bytes, str] = {}
    for element in _RELATIONSHIP.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(element))
        if not attributes.get(b"Type", b"").endswith(_SHEET_TYPES):
            continue
        target = attributes.get(b"Target", b"").decode("utf-8", errors="replace")
        part = (posixpath.normpath(target.lstrip("/")) if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target)))
        if not re.fullmatch(re.escape(limits.WORKSHEET_FOLDER) + r"[^/]+\.xml", part):
            raise ImportProblem(
                f"{file_name} declares a sheet stored at '{target[:80]}', outside the "
                f"workbook's sheet folder ({limits.WORKSHEET_FOLDER}); expected a workbook saved "
                "by a spreadsheet program. Open it in Excel and save it again, or export it as "
                "CSV.")
        targets[attributes.get(b"Id", b"")] = part
    workbook = _small_part(package, "xl/workbook.xml", file_name) or b""
    ordered = [targets[rid] for rid in _SHEET_ID.findall(workbook) if rid in targets]
    return ordered or list(targets.values())


def _scan_first_sheet(package: zipfile.ZipFile, part: str, file_name: str, kind: Kind) -> None:
    """Stream the first sheet's rows: its header's width, and a stakeholder table's length."""
    try:
        info = package.getinfo(part)
    except KeyError:
        return  # a declared sheet that is missing: the reader says the file is damaged
    rows_seen = 0
    for row in _rows(package, info, file_name):
        if not _HAS_VALUE.search(row):
            continue
        rows_seen += 1
        if rows_seen == 1:
            cells = len(_CELL_WITH_CONTENT.findall(row))
            if cells > limits.MAX_COLUMNS:
                raise refusal(file_name, f"{cells:,} columns", f"{limits.MAX_COLUMNS} columns",
                              _TABLE_ADVICE)
            if kind != "stakeholders":
                return
        elif rows_seen > limits.MAX_STAKEHOLDER_ROWS + 1:
            raise refusal(file_name, f"more than {limits.MAX_STAKEHOLDER_ROWS} rows of groups",
                          f"{limits.MAX_STAKEHOLDER_ROWS} groups", GROUP_ADVICE)


def _rows(package: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str) -> Iterator[bytes]:
    """Each <row> element of a sheet, read a megabyte at a time."""
    buffer = b""
    with package.open(info) as sheet:
        while chunk := sheet.read(_SCAN_CHUNK_BYTES):
            buffer += chunk
            end = 0
            for match in _ROW.finditer(buffer):
                yield match.group()
                end = match.end()
            buffer = buffer[end:]
            if len(buffer) > limits.MAX_ROW_XML_BYTES:
                raise refusal(file_name, f"a row of more than {limits.MAX_ROW_XML_BYTES:,} bytes",
                              f"{limits.MAX_COLUMNS} columns of text", _TABLE_ADVICE)
