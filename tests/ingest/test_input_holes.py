"""Issue 28's small holes: repeated message ids, Latin-1 read as cp1250, odd time zones, and a
scenario file nested too deeply for the Scenarios page's import."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ImportProblem, read_inbox, read_stakeholders
from ingest.common import text_encoding
from store.json_io import scenario_from_upload

SAMPLE_EXPORT = Path(__file__).resolve().parents[2] / "sample_data" / "inbox_export_synthetic.csv"


def test_fifty_copies_of_one_message_count_once_and_each_copy_is_named() -> None:
    lines = SAMPLE_EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    once = read_inbox("".join(lines).encode(), "export.csv")
    copied = read_inbox("".join(lines + [lines[1]] * 50).encode(), "export.csv")
    assert copied.inbound_messages == once.inbound_messages
    repeats = [p for p in copied.problems if "message id used once" in p.expected]
    assert len(repeats) == 50
    assert repeats[0].message.startswith(f"Row {len(lines) + 1} of export.csv, column 'Message ID'")
    assert "row 2 has it too" in repeats[0].message


@pytest.mark.parametrize("words", ["naïve", "Café crème brûlée, naïve résumé"])
def test_latin_1_is_read_as_western_european_and_the_other_reading_is_shown(words: str) -> None:
    data = f"group,why\nResidents,{words}\n".encode("latin-1")
    read = text_encoding(data, "groups.csv")
    assert read.codec == "cp1252"
    assert data.decode(read.codec) == data.decode("latin-1")
    assert "read as Western European (Windows-1252)" in read.warning


def test_a_polish_file_read_wrongly_says_so() -> None:
    data = "group,why\nŁódź,żółć\n".encode("cp1250")
    assert "save the file as CSV UTF-8" in text_encoding(data, "groups.csv").warning


def test_stakeholder_import_carries_the_warning() -> None:
    data = ("group,population,reach_share,messages_per_follower_per_year,current_level,"
            "target_level,why,phone_substitution_share,visit_substitution_share\n"
            "Café owners,100,10%,1,Inform,Consult,naïve,0,0\n").encode("latin-1")
    imported = read_stakeholders(data, "groups.csv")
    assert imported.table["group"].iloc[0] == "Café owners"
    assert "Windows-1252" in imported.encoding_warning


@pytest.mark.parametrize("zone", ["Europe", "x" * 300, "Europe/", "../../etc"])
def test_a_time_zone_that_is_a_folder_or_too_long_is_a_plain_message(zone: str) -> None:
    with pytest.raises(ImportProblem, match="is not a known time zone") as problem:
        read_inbox(SAMPLE_EXPORT.read_bytes(), "export.csv", timezone=zone)
    assert len(str(problem.value)) < 200


def test_a_deeply_nested_scenario_file_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        scenario_from_upload(b"[" * 100_000 + b"]" * 100_000, "deep.json")
    with pytest.raises(ValueError, match="nested more than 20 levels"):
        scenario_from_upload(b'{"name": ' + b"[" * 500 + b"]" * 500 + b"}", "deep.json")
