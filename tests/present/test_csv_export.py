"""CSV downloads cannot smuggle formulas into a spreadsheet."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from present.csv_export import csv_safe


def read_back(data: bytes) -> list[list[str]]:
    """Rows as a spreadsheet importing the CSV would see them (BOM stripped)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_hyperlink_formula_in_a_cell_is_escaped_with_a_single_quote() -> None:
    frame = pd.DataFrame({"group": ['=HYPERLINK("http://x","y")', "Residents"]})

    rows = read_back(csv_safe(frame))

    assert rows == [["group"], ['\'=HYPERLINK("http://x","y")'], ["Residents"]]


@pytest.mark.parametrize(
    "payload",
    ["=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "-2+3+cmd|' /C calc'!A0"],
)
def test_every_formula_trigger_at_the_start_of_a_cell_is_escaped(payload: str) -> None:
    rows = read_back(csv_safe(pd.DataFrame({"why": [payload]})))

    assert rows[1] == ["'" + payload]


def test_real_numbers_including_negative_ones_are_left_alone() -> None:
    frame = pd.DataFrame({"year": [1, 2], "net_gbp": [-180_000.5, 25.0], "ready": [True, False]})

    text = csv_safe(frame).decode("utf-8-sig")

    assert text.splitlines() == ['"year","net_gbp","ready"', "1,-180000.5,True", "2,25.0,False"]


def test_text_that_is_just_a_number_is_not_mangled() -> None:
    rows = read_back(csv_safe(pd.DataFrame({"typed": ["-12.5", "+44", "-3e2"]})))

    assert [row[0] for row in rows[1:]] == ["-12.5", "+44", "-3e2"]


def test_ordinary_text_and_formula_characters_inside_text_are_unchanged() -> None:
    frame = pd.DataFrame({"why": ["Bins & roads", "a=b", "email me @ home", ""]})

    rows = read_back(csv_safe(frame))

    assert [row[0] for row in rows[1:]] == ["Bins & roads", "a=b", "email me @ home", ""]


def test_column_headers_are_escaped_too() -> None:
    rows = read_back(csv_safe(pd.DataFrame({"=cmd": ["x"], "group": ["y"]})))

    assert rows[0] == ["'=cmd", "group"]


def test_string_and_category_columns_are_escaped_like_plain_text() -> None:
    frame = pd.DataFrame(
        {
            "as_string": pd.Series(["=1+1", "ok"], dtype="string"),
            "as_category": pd.Series(["@x", "ok"], dtype="category"),
            "mixed": pd.Series(["+y", 3], dtype=object),
        }
    )

    rows = read_back(csv_safe(frame))

    assert rows[1:] == [["'=1+1", "'@x", "'+y"], ["ok", "ok", "3"]]


def test_pound_signs_and_welsh_names_open_correctly_in_excel() -> None:
    data = csv_safe(pd.DataFrame({"group": ["Siân's £5 group", "Ŵyn"]}))

    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads UTF-8
    assert read_back(data)[1:] == [["Siân's £5 group"], ["Ŵyn"]]


def test_missing_values_are_written_as_blank_cells() -> None:
    frame = pd.DataFrame({"group": ["A", None], "population": [1.0, float("nan")]})

    rows = read_back(csv_safe(frame))

    assert rows[2] == ["", ""]


def test_a_named_index_such_as_the_year_is_kept_as_the_first_column() -> None:
    frame = pd.DataFrame({"cost_gbp": [1.0, 2.0]}, index=pd.Index([2026, 2027], name="year"))

    rows = read_back(csv_safe(frame))

    assert rows == [["year", "cost_gbp"], ["2026", "1.0"], ["2027", "2.0"]]
