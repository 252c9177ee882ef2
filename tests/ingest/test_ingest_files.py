"""Whole-file problems: each gives an ImportProblem naming the file; nothing else escapes."""

from __future__ import annotations

import random

import pytest

from ingest import ImportProblem, read_inbox, read_stakeholders
from present.data_views import template_csv

READERS = [read_stakeholders, read_inbox]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("data", [b"", b"  \r\n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused_by_name(read, data: bytes) -> None:
    with pytest.raises(ImportProblem, match=r"^upload\.csv is empty; expected a header row"):
        read(data, "upload.csv")


@pytest.mark.parametrize("read", READERS)
def test_a_file_with_headers_but_no_rows_is_refused_by_name(read) -> None:
    header_only = template_csv().split(b"\r\n")[0] + b"\r\n"
    with pytest.raises(ImportProblem, match=r"^groups\.csv has a header row but no rows of data"):
        read(header_only, "groups.csv")


def test_a_picture_is_refused_as_the_wrong_type_of_file() -> None:
    with pytest.raises(ImportProblem, match=r"^logo\.png is not a CSV or Excel file"):
        read_stakeholders(b"\x89PNG\r\n\x1a\n\x00\x00", "logo.png")


def test_binary_data_named_csv_is_refused_as_the_wrong_type_of_file() -> None:
    with pytest.raises(ImportProblem, match=r"^report\.csv is not a CSV or Excel file"):
        read_inbox(b"%PDF-1.4\x00\x01\x02binary", "report.csv")


def test_an_old_excel_xls_file_is_refused_with_advice_to_save_as_xlsx() -> None:
    with pytest.raises(ImportProblem, match=r"^old\.xls is an old-style Excel \.xls file.*\.xlsx"):
        read_stakeholders(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls")


def test_a_damaged_workbook_is_refused_by_name() -> None:
    with pytest.raises(ImportProblem, match=r"^broken\.xlsx could not be opened as an Excel"):
        read_stakeholders(b"PK\x03\x04 not really a zip", "broken.xlsx")


@pytest.mark.parametrize("read", READERS)
def test_a_file_over_the_size_limit_is_refused_with_both_sizes(read) -> None:
    data = template_csv() * 400
    with pytest.raises(ImportProblem, match=r"^big\.csv is 0\.\d MB; expected .* at most 0\.1 MB"):
        read(data, "big.csv", max_megabytes=0.1)


def test_a_row_with_more_cells_than_headers_is_refused_by_name() -> None:
    data = b"created_at,via,first_reply_time_in_minutes\n2024-01-01 10:00,x,3,extra,more\n"
    with pytest.raises(ImportProblem, match=r"^ragged\.csv could not be read as a table"):
        read_inbox(data, "ragged.csv")


HEADERS = [
    template_csv().split(b"\r\n")[0].decode(),
    "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id",
    "Message ID,Conversation ID,Direction,Inbox,Message date",
    "created_at,via,first_reply_time_in_minutes",
]
TOKENS = [
    "", " ", "0", "-1", "1e400", "nan", "inf", "35%", "%", "1,000", "True", "False", "Inbound",
    "Outbound", "Inform", "empower", "2024-03-31 01:30", "2024-10-27 01:30", "31/03/2024 25:61",
    "Tue Oct 31 22:10:47 +0000 2017", "2024-03-31T01:30:00Z", "9999-99-99", "00:05:00", "£",
    "a\nb", "1.0", "x" * 80,
]


def _random_csvish_text(rng: random.Random) -> bytes:
    header = rng.choice(HEADERS)
    width = header.count(",") + 1 + rng.choice([0, 0, 0, 1, -1])
    rows = [header]
    for _ in range(rng.randint(0, 12)):
        cells = [rng.choice(TOKENS) for _ in range(width)]
        rows.append(",".join(f'"{c}"' if "," in c or "\n" in c else c for c in cells))
    text = rng.choice(["\n", "\r\n"]).join(rows)
    return text.encode(rng.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16"]), "replace")


@pytest.mark.parametrize("read", READERS)
def test_arbitrary_bytes_give_a_result_or_an_import_problem_never_a_traceback(read) -> None:
    rng = random.Random(20240331)
    for case in range(240):
        if case % 3:
            data = _random_csvish_text(rng)
        else:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
        name = rng.choice(["f.csv", "f.csv", "f.xlsx", "f.txt", "f"])
        try:
            read(data, name)
        except ImportProblem as problem:
            assert str(problem)
