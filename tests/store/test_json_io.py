"""Scenarios downloaded as JSON come back identical; bad uploads get clear errors."""

from __future__ import annotations

from typing import Any

import pytest

from store.json_io import scenario_from_json, scenario_to_json


def test_a_downloaded_scenario_uploads_back_identical(make_scenario: Any) -> None:
    scenario = make_scenario()

    assert scenario_from_json(scenario_to_json(scenario)) == scenario


def test_a_downloaded_file_keeps_welsh_and_emoji_readable(make_scenario: Any) -> None:
    data = scenario_to_json(make_scenario(cover="Ŵyn 🦊"))

    assert "Ŵyn 🦊".encode() in data


def test_an_uploaded_version_0_file_is_brought_to_the_current_schema() -> None:
    expected = {"appraisal": {"horizon_years": 5}, "schema_version": 1}
    assert scenario_from_json(b'{"horizon": 5}') == expected


def test_a_file_saved_by_excel_with_a_byte_order_mark_is_read() -> None:
    assert scenario_from_json(b'\xef\xbb\xbf{"schema_version": 1}') == {"schema_version": 1}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'{"schema_version": 1,\n "horizon_years": }',
            "not valid JSON at line 2, column 19: Expecting value",
        ),
        (b"[1, 2]", "holds a JSON list, but a scenario is a JSON object"),
        (b'{"schema_version": NaN}', "NaN is not a number a scenario can hold"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b'{"schema_version": 99}', "saved by a newer version of the app"),
        (b" " * 101, "101 bytes is too large for a scenario"),
    ],
)
def test_a_bad_upload_is_refused_saying_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scenario_from_json(data, max_bytes=100)


def test_a_scenario_that_cannot_be_json_is_refused_on_download() -> None:
    with pytest.raises(ValueError, match="^scenario: cannot be written as JSON"):
        scenario_to_json({"target_share": float("nan")})
