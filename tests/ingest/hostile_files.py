"""Hostile uploads, generated (never committed): each imitates one the probe of issue 28 sent.

``scale`` shrinks the big ones for the test suite (1.0 = the probe's size); the checks that
refuse them look at structure, so a smaller file takes the same path.
"""

from __future__ import annotations

import io
import zipfile

_SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="' + _SPREADSHEETML + '.sheet.main+xml"/>'
    '<Override PartName="/{sheet}" ContentType="' + _SPREADSHEETML + '.worksheet+xml"/>'
    '{strings_type}</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="{target}"/>{strings_rel}</Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '{dimension}<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(rows: object, *, sheet_part: str = "xl/worksheets/sheet1.xml",
             dimension: str | None = None, shared_strings: object = None) -> bytes:
    """An .xlsx whose first sheet holds ``rows`` (an iterable of XML text chunks of <row>s)."""
    target = sheet_part.removeprefix("xl/") if sheet_part.startswith("xl/") else "/" + sheet_part
    strings_rel = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                   if shared_strings is not None else "")
    strings_type = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    if shared_strings is not None else "")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml",
                         _CONTENT_TYPES.format(sheet=sheet_part, strings_type=strings_type))
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels",
                         _WORKBOOK_RELS.format(target=target, strings_rel=strings_rel))
        with package.open(sheet_part, "w", force_zip64=True) as sheet:
            tag = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(_SHEET_HEAD.format(dimension=tag).encode())
            for chunk in rows:  # type: ignore[attr-defined]
                sheet.write(chunk.encode())
            sheet.write(_SHEET_TAIL.encode())
        if shared_strings is not None:
            with package.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                for chunk in shared_strings:  # type: ignore[attr-defined]
                    strings.write(chunk.encode())
    return out.getvalue()


def _rows_of(count: int, cells: list[str], first: int = 1, batch: int = 10_000) -> object:
    """``count`` rows of the same cells, yielded in batches."""
    for start in range(first, first + count, batch):
        yield "".join(
            f'<row r="{r}">' + "".join(_inline(f"{_column(i + 1)}{r}", v)
                                      for i, v in enumerate(cells)) + "</row>"
            for r in range(start, min(start + batch, first + count)))


# --- the files ----------------------------------------------------------------------------------


def csv_wide(columns: int = 1_000_000) -> bytes:
    """A CSV whose header has ``columns`` names (the probe: 1M, 65-74 s, 4.4 GB)."""
    header = ",".join(f"c{i}" for i in range(columns))
    return (header + "\n" + ",".join("1" for _ in range(columns)) + "\n").encode()


def csv_repeated_header(columns: int = 100_000) -> bytes:
    """~200 kB whose header repeats one name (the probe: 97 s before 'no rows of data')."""
    return ("a," * (columns - 1) + "a\n").encode()


def csv_repeated_within_limit(columns: int = 150) -> bytes:
    """Under the column limit, but one name 150 times."""
    return (",".join(["received_at"] * columns) + "\n" + ",".join(["x"] * columns)
            + "\n").encode()


def stakeholder_csv(rows: int = 1_000_000) -> bytes:
    """A stakeholder table of ``rows`` groups (the probe: 1M read in 5.5 s as good rows)."""
    head = "group,level,population,followers,messages_per_follower_per_year,channel\n"
    body = "".join(f"Group {i},Consult,1000,100,0.5,Facebook\n" for i in range(rows))
    return (head + body).encode()


def stakeholder_xlsx(rows: int = 1_000_000) -> bytes:
    """The same as a workbook (the probe: 16 s)."""
    header = ["group", "level", "population", "followers"]

    def chunks() -> object:
        yield "".join(['<row r="1">'] + [_inline(f"{_column(i + 1)}1", h)
                                         for i, h in enumerate(header)] + ["</row>"])
        yield from _rows_of(rows, ["G", "Consult", "1000", "100"], first=2)

    return workbook(chunks())


def xlsx_sheet_outside(megabytes: float = 1_400) -> bytes:
    """A sheet stored outside xl/worksheets/ (the probe: 1.4 GB unpacked, 90 s, 4.3 GB)."""
    row_count = int(megabytes * 1_000_000 / 120)
    return workbook(_rows_of(row_count, ["2024-03-01 09:00", "inbound"], first=2),
                    sheet_part="xl/hidden/sheet1.xml")


def xlsx_shared_strings_bomb(megabytes: float = 1_500) -> bytes:
    """Shared strings that unpack to ``megabytes`` (the probe: 1.5 GB, 6.5 s, 6.3 GB)."""
    count = int(megabytes * 1_000_000 / 1_000)
    text = "x" * 990

    def strings() -> object:
        yield ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
               f'.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">')
        for start in range(0, count, 10_000):
            yield "".join(f"<si><t>{text}</t></si>" for _ in range(min(10_000, count - start)))
        yield "</sst>"

    cells = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    return workbook(iter([cells]), shared_strings=strings())


def xlsx_lying_dimension(rows: int = 1_000_000) -> bytes:
    """Declares two rows, holds ``rows`` (the probe: 1M, 16-18 s, 1.6 GB)."""
    def chunks() -> object:
        yield ('<row r="1">' + _inline("A1", "received_at") + _inline("B1", "direction")
               + "</row>")
        yield from _rows_of(rows, ["2024-03-01 09:00", "inbound"], first=2)

    return workbook(chunks(), dimension="A1:B2")


def xlsx_wide(columns: int = 5_000) -> bytes:
    """A workbook whose header row has ``columns`` cells."""
    header = "".join(_inline(f"{_column(i + 1)}1", f"c{i}") for i in range(columns))
    return workbook(iter([f'<row r="1">{header}</row>']))
