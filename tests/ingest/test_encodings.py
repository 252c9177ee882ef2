"""Each text file is decoded with one encoding, which is named; mixed files are not garbled
silently (issue 16 §5)."""

from __future__ import annotations

import pytest

from ingest import read_stakeholders
from ingest.common import text_encoding

HEADER = ("group,population,reach_share,messages_per_follower_per_year,current_level,"
          "target_level,why,phone_substitution_share,visit_substitution_share\n")
ROW = "{name},800,0.6,2,Consult,Involve,{why},0.1,0\n"


def test_a_windows_1252_file_is_read_as_such_and_says_so() -> None:
    data = (HEADER + ROW.format(name="Café owners", why="Crème brûlée – £5")).encode("cp1252")

    imported = read_stakeholders(data, "groups.csv")

    assert imported.table["group"].tolist() == ["Café owners"]
    assert imported.table["why"].tolist() == ["Crème brûlée – £5"]
    assert imported.encoding == "cp1252"
    assert imported.encoding_warning == ""


def test_a_utf8_file_is_read_as_utf8() -> None:
    imported = read_stakeholders((HEADER + ROW.format(name="Siân's café 🦊", why="")).encode(),
                                 "groups.csv")
    assert (imported.table["group"].tolist(), imported.encoding) == (["Siân's café 🦊"], "UTF-8")


def test_a_utf8_row_in_a_cp1252_file_is_named_in_a_warning() -> None:
    data = (HEADER + ROW.format(name="Café owners", why="old")).encode("cp1252") \
        + ROW.format(name="Crêpe stalls", why="pasted from a UTF-8 export").encode("utf-8")

    imported = read_stakeholders(data, "groups.csv")

    assert imported.encoding == "cp1252"
    assert "groups.csv mixes text encodings" in imported.encoding_warning
    assert "row(s) 3 are UTF-8" in imported.encoding_warning
    assert imported.table["group"].tolist()[0] == "Café owners"


@pytest.mark.parametrize(("data", "codec"), [
    ("\ufeffgroup\nx\n".encode("utf-16"), "utf-16"),
    (b"\xef\xbb\xbfgroup\nx\n", "utf-8-sig"),
    (b"group\nx\n", "utf-8-sig"),
])
def test_byte_order_marks_and_plain_ascii_decide_without_guessing(data: bytes, codec: str) -> None:
    assert text_encoding(data).codec == codec
