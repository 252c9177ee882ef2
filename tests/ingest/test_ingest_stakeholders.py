"""Stakeholder table import: tolerant reading, one clear message per bad cell, merging."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from ingest import ImportProblem, merge_groups, read_stakeholders
from ingest.stakeholders import COLUMNS
from present.data_views import problems_csv, template_csv

HEADER = ",".join(COLUMNS)
GOOD_ROW = "Young people,12000,0.4,3,Inform,Involve,They use Instagram,0.05,0.02,"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return "\r\n".join([header, *rows]).encode("utf-8")


def test_the_template_reads_back_with_no_problems() -> None:
    result = read_stakeholders(template_csv(), "template.csv")
    assert result.problems == []
    assert list(result.table.columns) == list(COLUMNS)
    assert result.table.loc[0, "group"] == "Older residents (65+)"
    assert result.table.loc[0, "population"] == 32000


def test_a_utf8_file_with_a_byte_order_mark_reads_normally() -> None:
    result = read_stakeholders(b"\xef\xbb\xbf" + csv_file(GOOD_ROW), "bom.csv")
    assert result.problems == []
    assert result.ignored_columns == []
    assert result.table.loc[0, "group"] == "Young people"


def test_a_windows_1252_file_keeps_its_pound_signs() -> None:
    row = "Carers,5000,0.2,1,Inform,Consult,Parking costs £5 a visit,0.1,0.1"
    result = read_stakeholders(csv_file(row).decode().encode("cp1252"), "carers.csv")
    assert result.problems == []
    assert result.table.loc[0, "why"] == "Parking costs £5 a visit"


def test_a_semicolon_separated_file_with_commas_in_text_reads_normally() -> None:
    row = "Businesses;2,400;0.5;4;Consult;Collaborate;Rates, licensing and events;0;0.1"
    result = read_stakeholders(csv_file(row, header=HEADER.replace(",", ";")), "semi.csv")
    assert result.problems == []
    assert result.table.loc[0, "population"] == 2400
    assert result.table.loc[0, "why"] == "Rates, licensing and events"


def test_a_tab_separated_file_reads_normally() -> None:
    row = GOOD_ROW.replace(",", "\t")
    result = read_stakeholders(csv_file(row, header=HEADER.replace(",", "\t")), "tabs.tsv")
    assert result.problems == []
    assert result.table.loc[0, "reach_share"] == pytest.approx(0.4)


def test_a_quoted_line_break_stays_in_its_cell_and_row_numbers_stay_right() -> None:
    first = 'Tenants,8000,0.3,2,Inform,Consult,"Line one\nline two",0,0'
    second = "Landlords,-1,0.3,2,Inform,Consult,,0,0"
    result = read_stakeholders(csv_file(first, second), "newline.csv")
    assert result.table.loc[0, "why"] == "Line one\nline two"
    assert [p.row_number for p in result.problems] == [3]


def test_a_blank_line_in_the_middle_does_not_shift_row_numbers() -> None:
    bad = "Landlords,lots,0.3,2,Inform,Consult,,0,0"
    result = read_stakeholders(csv_file(GOOD_ROW, "", bad), "gap.csv")
    assert [p.row_number for p in result.problems] == [4]
    assert len(result.table) == 1


@pytest.mark.parametrize("written, share", [("35%", 0.35), ("0.35", 0.35), (" 7.5 % ", 0.075)])
def test_shares_can_be_written_as_percentages_or_fractions(written: str, share: float) -> None:
    row = f"Students,9000,{written},2,Inform,Consult,,{written},0"
    result = read_stakeholders(csv_file(row), "shares.csv")
    assert result.problems == []
    assert result.table.loc[0, "reach_share"] == pytest.approx(share)
    assert result.table.loc[0, "phone_substitution_share"] == pytest.approx(share)


def test_thousands_separators_are_read_as_whole_numbers() -> None:
    rows = ['Residents,"150,000",0.3,2,Inform,Consult,,0,0',
            'Visitors,"1,250,000",0.1,1,Inform,Inform,,0,0']
    result = read_stakeholders(csv_file(*rows), "big.csv")
    assert result.problems == []
    assert result.table["population"].tolist() == [150_000, 1_250_000]
    assert result.table["population"].dtype == "int64"


def test_extra_columns_are_ignored_and_listed() -> None:
    result = read_stakeholders(csv_file(GOOD_ROW + ",Jo,2024", header=HEADER + ",Owner,Year"),
                               "extra.csv")
    assert result.problems == []
    assert result.ignored_columns == ["Owner", "Year"]
    assert list(result.table.columns) == list(COLUMNS)


def test_headers_match_whatever_their_case_and_spacing() -> None:
    header = ("Group, Population ,Reach Share,Messages per follower per year,CURRENT_LEVEL,"
              "target-level,Why, phone_substitution_share ,Visit Substitution Share")
    result = read_stakeholders(csv_file(GOOD_ROW, header=header), "headers.csv")
    assert result.problems == []
    assert result.table.loc[0, "target_level"] == "Involve"


def test_level_names_match_any_case_and_come_back_canonical() -> None:
    row = "Parents,7000,0.3,2, consult ,EMPOWER,,0,0"
    result = read_stakeholders(csv_file(row), "levels.csv")
    levels = result.table.iloc[0]
    assert (levels["current_level"], levels["target_level"]) == ("Consult", "Empower")


def test_an_excel_workbook_reads_like_a_csv() -> None:
    frame = pd.read_csv(io.BytesIO(csv_file(GOOD_ROW, "Carers,5000,0.2,1,Inform,Consult,,0.1,0")))
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    result = read_stakeholders(buffer.getvalue(), "groups.xlsx")
    assert result.problems == []
    assert result.table["group"].tolist() == ["Young people", "Carers"]
    assert result.table.loc[1, "phone_substitution_share"] == pytest.approx(0.1)


BAD_CELLS = [
    ("population", "lots", "a whole number of people"),
    ("population", "-5", "a whole number of people from 0 to 70,000,000"),
    ("population", "10000000000", "at most 70 million, the UK's population"),
    ("population", "12.5", "a whole number of people"),
    ("reach_share", "1.5", "a share between 0 and 1"),
    ("reach_share", "150%", "a share between 0 and 1"),
    ("visit_substitution_share", "-0.1", "a share between 0 and 1"),
    ("messages_per_follower_per_year", "often", "a number of messages a year"),
    ("messages_per_follower_per_year", "5000", "from 0 to 100 (at most 100 a follower a year"),
    ("current_level", "Inform-ish", "one of Inform, Consult, Involve, Collaborate, Empower"),
    ("target_level", "Partner", "one of Inform, Consult, Involve, Collaborate, Empower"),
]


@pytest.mark.parametrize("column, value, expected", BAD_CELLS)
def test_each_bad_cell_gets_a_message_naming_row_column_value_and_expectation(
    column: str, value: str, expected: str
) -> None:
    cells = dict(zip(COLUMNS, GOOD_ROW.split(","), strict=True))
    cells[column] = value
    result = read_stakeholders(csv_file(GOOD_ROW.replace("Young", "Old"), ",".join(cells.values())),
                               "groups.csv")
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.row_number, problem.column, problem.value) == (3, column, value)
    assert problem.message.startswith(f"Row 3 of groups.csv, column '{column}' has '{value}'")
    assert expected in problem.message
    assert result.table["group"].tolist() == ["Old people"]


def test_a_blank_group_name_is_reported_as_blank() -> None:
    result = read_stakeholders(csv_file("," + GOOD_ROW.split(",", 1)[1]), "groups.csv")
    [problem] = result.problems
    assert problem.message == "Row 2 of groups.csv, column 'group' is blank; expected a group name."
    assert result.table.empty


def test_a_repeated_group_name_points_back_to_its_first_row() -> None:
    result = read_stakeholders(csv_file(GOOD_ROW, GOOD_ROW.replace("Young", "Old"),
                                        GOOD_ROW.replace("Young people", " young PEOPLE")),
                               "groups.csv")
    [problem] = result.problems
    assert problem.row_number == 4
    assert "already used on row 2" in problem.message
    assert result.table["group"].tolist() == ["Young people", "Old people"]


def test_the_problems_download_lists_every_problem() -> None:
    bad = "Tenants,lots,2,2,Nope,Consult,,0,0"
    result = read_stakeholders(csv_file(GOOD_ROW, bad), "groups.csv")
    download = pd.read_csv(io.BytesIO(problems_csv(result.problems)), encoding="utf-8-sig")
    assert download["row_number"].tolist() == [3, 3, 3]
    assert set(download["column"]) == {"population", "reach_share", "current_level"}
    assert download["message"].str.startswith("Row 3 of groups.csv").all()


def test_a_missing_column_stops_the_import_naming_file_and_column() -> None:
    header = HEADER.replace(",population", "")
    row = GOOD_ROW.replace(",12000", "")
    with pytest.raises(ImportProblem, match=r"groups\.csv: could not find a column for Population"):
        read_stakeholders(csv_file(row, header=header), "groups.csv")


def test_the_why_column_may_be_left_out() -> None:
    header = HEADER.replace(",why", "")
    row = GOOD_ROW.replace(",They use Instagram", "")
    result = read_stakeholders(csv_file(row, header=header), "groups.csv")
    assert result.problems == []
    assert result.table.loc[0, "why"] == ""


def _groups(*rows: tuple[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"group": [r[0] for r in rows], "population": [r[1] for r in rows]})


def test_merge_replaces_same_named_groups_in_place_and_keeps_the_rest() -> None:
    current = _groups(("Young people", 1), ("Carers", 2), ("Businesses", 3))
    incoming = _groups((" carers ", 20), ("Students", 40))
    merged = merge_groups(current, incoming, "merge")
    assert merged["group"].tolist() == ["Young people", " carers ", "Businesses", "Students"]
    assert merged["population"].tolist() == [1, 20, 3, 40]


def test_replace_keeps_only_the_imported_groups() -> None:
    current = _groups(("Young people", 1), ("Carers", 2))
    incoming = _groups(("Students", 40),)
    assert merge_groups(current, incoming, "replace")["group"].tolist() == ["Students"]


def test_the_bundled_stakeholder_sample_reads_with_no_problems() -> None:
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "stakeholders.csv"
    result = read_stakeholders(sample.read_bytes(), sample.name)
    assert result.problems == []
    assert result.ignored_columns == []
    assert len(result.table) > 0


def test_a_level_one_letter_off_is_offered_as_a_fix_and_the_row_is_kept() -> None:
    from ingest.stakeholders import read_stakeholders, suggest_level

    header, example = template_csv().decode().splitlines()[:2]
    typo = example.replace("Consult", "Consultt")
    imported = read_stakeholders(f"{header}\n{typo}\n".encode(), "groups.csv")
    assert not imported.problems
    assert imported.table["target_level"].tolist() == ["Consult"]
    (fix,) = imported.corrections
    assert fix.row_number == 2 and "Did you mean Consult?" in fix.message
    levels = ("Inform", "Consult", "Involve", "Collaborate", "Empower")
    assert suggest_level("Infrom", levels) == "Inform"  # two letters swapped
    assert suggest_level("nvolve", levels) == "Involve"
    assert suggest_level("Shout", levels) is None  # nothing near: still a problem
