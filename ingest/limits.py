"""Every limit on an uploaded file, in one place, each with its reason.

A file over one of these is refused with a message naming the limit, either before it is parsed
(``ingest.precheck``, from the header line or the zip's directory) or by the worker process that
parses it (``ingest.sandbox``, a wall-clock and a memory budget). The readers' own limits on
workbooks (sheets, rows, cells, unpacked sheet size) stay in ``ingest.common``.
"""

from __future__ import annotations

from model.bounds import MAX_GROUPS

# --- the worker's budget ----------------------------------------------------------------------

READ_SECONDS = 10.0
"""Wall-clock budget of one read. The largest real file the readers take, a 1M-message export
(51-55 MB CSV), reads in about 5 s on one core; a file still being read after twice that is not
one anybody exported, and the person waiting is better told so than kept waiting."""

READ_MEMORY_MEGABYTES = 1_000
"""Address space a read may add to its worker, the file's own bytes included (over what the
libraries take at start; resident memory stays below it).
A 1M-message export peaks at about 400 MB; the server is shared by every session, so one file
may not take several GB of it."""

WORKER_START_SECONDS = 60.0
"""How long a read waits for its worker to start, outside its own budget: forking one takes
about 20 ms, but the first read after the server starts waits for the fork server to load the
readers' libraries (2-10 s on a busy two-core machine; the Data page starts it early)."""

MAX_PARALLEL_READS = 2
"""Reads running at once (one worker process each). The server this app is sized for has two
cores; further reads wait for a free worker, within their own time budget."""

WORKER_NICENESS = 10
"""A worker runs at lower CPU priority than the server, so the reruns of other sessions go first
while a large file is read."""

# --- what no real file holds ------------------------------------------------------------------

MAX_COLUMNS = 200
"""Columns in a file. Stakeholder tables have 7, the inbox exports we know 5 to 60; the widest
tool export seen (Sprout Social's full message export) has under 100."""

MAX_SAME_HEADER = 20
"""How often one column name may repeat in the header. Exports name each column once (a few
repeat 'Tags' or 'Notes'); hundreds of copies of one name is a crafted file."""

MAX_HEADER_BYTES = 1_000_000
"""The first line of a CSV. 200 columns of even 1,000-character names is 200 kB; a first line
without a line break after 1 MB is not a header."""

MAX_STAKEHOLDER_ROWS = MAX_GROUPS
"""Rows of a stakeholder table: one row is one group, and a scenario holds at most
model.bounds.MAX_GROUPS groups (a plan a board can read, group by group)."""

MAX_UNPACKED_MEGABYTES = 600.0
"""All parts of a workbook, unpacked. The largest real upload, a 1M-message export of five
columns saved as .xlsx, is about 250 MB of sheet XML plus its shared strings."""

MAX_PACKING_RATIO = 150.0
"""Unpacked size over packed size of a workbook. Spreadsheets of repetitive cells pack about
10-100 to 1; deflate can reach about 1,000 to 1 only on crafted data (a zip bomb)."""

PACKING_RATIO_FLOOR_MEGABYTES = 20.0
"""The ratio above is checked only past this many unpacked megabytes: a tiny workbook of blank
cells may pack very tightly and still be harmless to read."""

MAX_PART_INDEX_BYTES = 2_000_000
"""The workbook's own index parts (workbook.xml and its relationships): a few kB in any real
file; read whole to find the sheets, so capped."""

WORKSHEET_FOLDER = "xl/worksheets/"
"""Where Excel, LibreOffice, openpyxl and xlsxwriter all store sheets. A sheet declared
elsewhere in the package escapes checks that look there, and no spreadsheet tool writes one."""

MAX_ROW_XML_BYTES = 8_000_000
"""One row of sheet XML: 200 cells of Excel's longest text (32,767 characters) is 6.6 MB."""
