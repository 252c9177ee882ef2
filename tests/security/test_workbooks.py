"""Workbooks cannot stall the server: limits on sheets, rows and cells are checked from the zip
directory and each sheet's declared size before any sheet is parsed (issue 16 §4).

The workbooks are written here as the few XML parts a .xlsx needs (a writer library would take
seconds for the big ones), which also lets a test lie about a sheet's size as an attacker would.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from ingest import ImportProblem, read_stakeholders
from ingest.common import MAX_CELLS, MAX_ROWS, MAX_SHEETS, read_table

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')
SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def sheet_xml(rows: list[list[str]], dimension: str | None) -> str:
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{column_letters(c)}{r}" t="inlineStr"><is><t>{v}</t>'
                                   f'</is></c>' for c, v in enumerate(row, 1)) + "</row>"
        for r, row in enumerate(rows, 1))
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{declared}' \
           f'<sheetData>{cells}</sheetData></worksheet>'


def workbook(rows: list[list[str]], *, sheets: int = 1, dimension: str | None = "auto") -> bytes:
    """An .xlsx whose first sheet holds ``rows`` (``dimension`` "auto" declares their size)."""
    if dimension == "auto":
        dimension = f"A1:{column_letters(max(len(r) for r in rows))}{len(rows)}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.format(
            sheets="".join(SHEET_TYPE.format(n=n) for n in range(1, sheets + 1))))
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
                         + "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId{n}"/>'
                                   for n in range(1, sheets + 1)) + "</sheets></workbook>")
        package.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/relationships">'
                         + "".join(f'<Relationship Id="rId{n}" Type="{SHEET_REL}" '
                                   f'Target="worksheets/sheet{n}.xml"/>'
                                   for n in range(1, sheets + 1)) + "</Relationships>")
        for n in range(1, sheets + 1):
            package.writestr(f"xl/worksheets/sheet{n}.xml",
                             sheet_xml(rows if n == 1 else [["x"]], dimension if n == 1 else None))
    return buffer.getvalue()


HEADER = ["group", "population", "reach_share", "messages_per_follower_per_year",
          "current_level", "target_level", "why", "phone_substitution_share",
          "visit_substitution_share", "note"]
ROW = ["Dog walkers", "1200", "0.25", "1.5", "Inform", "Consult", "Parks", "0.2", "0.05", "x"]


def test_a_20k_by_10_workbook_reads_in_well_under_a_second() -> None:
    """Issue 16: a 55 KB workbook of 20,000 × 10 cells took 18.7 s to read with openpyxl."""
    data = workbook([HEADER, *([f"Group {i}", *ROW[1:]] for i in range(20_000))])

    started = time.process_time()  # CPU time: other work on a shared CI box does not count
    table = read_table(data, "groups.xlsx")
    cpu_s = time.process_time() - started

    assert table.shape == (20_000, 10)
    assert cpu_s < 1.0, f"{cpu_s:.2f} s of CPU"  # 0.4–0.5 s measured here
    imported = read_stakeholders(data, "groups.xlsx")
    assert (len(imported.table), imported.problems) == (20_000, [])
    assert imported.table["population"].iloc[0] == 1200


@pytest.mark.parametrize(("dimension", "message"), [
    (f"A1:J{MAX_ROWS + 1}", f"{MAX_ROWS + 1:,} rows; expected at most {MAX_ROWS:,} rows"),
    (f"A1:ZZ{MAX_CELLS // 100}", f"expected at most {MAX_CELLS:,} cells"),
])
def test_a_sheet_declared_too_big_is_refused_before_it_is_parsed(dimension: str,
                                                                 message: str) -> None:
    data = workbook([HEADER, ROW], dimension=dimension)

    started = time.perf_counter()
    with pytest.raises(ImportProblem, match=rf"^bomb\.xlsx has .*{message}"):
        read_table(data, "bomb.xlsx")
    assert time.perf_counter() - started < 0.2


def test_too_many_sheets_is_refused_naming_the_limit() -> None:
    with pytest.raises(ImportProblem, match=rf"has {MAX_SHEETS + 1} sheets; expected at most "
                                            rf"{MAX_SHEETS} sheets"):
        read_table(workbook([HEADER, ROW], sheets=MAX_SHEETS + 1), "many.xlsx")


def test_a_sheet_that_hides_its_size_is_bounded_by_its_unpacked_size(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.common

    monkeypatch.setattr(ingest.common, "MAX_SHEET_XML_MEGABYTES", 1.0)
    data = workbook([HEADER, *([*ROW[:-1], str(i)] for i in range(10_000))], dimension=None)

    with pytest.raises(ImportProblem, match=r"MB unpacked; expected at most 1 MB unpacked"):
        read_table(data, "quiet.xlsx")
