"""Issue 28: `python -m report` on hostile scenario files. Every one gives one line on stderr that
names the file and what is wrong, exit status 2, nothing on stdout and no file written; none
takes the process down (deep nesting, huge numbers, wrong types, wrong encodings, /dev/zero).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from model import load_sample_scenario
from report.__main__ import BAD_INPUT, main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE: dict[str, Any] = load_sample_scenario().to_dict()


def _with(change: Callable[[dict[str, Any]], None]) -> bytes:
    scenario = copy.deepcopy(SAMPLE)
    change(scenario)
    return json.dumps(scenario).encode()


FUZZ: list[tuple[str, bytes, str]] = [
    ("deep_list", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("deep_object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    ("deep_in_scenario", _with(lambda s: s.__setitem__("name", json.loads("[" * 500 + "]" * 500))),
     "nested more than 20 levels"),
    ("huge_int", b'{"schema_version": ' + b"9" * 5_000 + b"}", "5,000 digits"),
    ("huge_int_in_field", _with(lambda s: s["staffing"].__setitem__("planned_fte", 10**400)),
     "401 digits"),
    ("huge_float", b'{"schema_version": 1e999}', "1e999 is larger"),
    ("nan", b'{"schema_version": NaN}', "NaN"),
    ("groups_a_string", _with(lambda s: s.__setitem__("groups", "abc")), "groups"),
    ("groups_of_numbers", _with(lambda s: s.__setitem__("groups", [1, 2])),
     "groups[0] = 1: expected an object"),
    ("promise_a_list", _with(lambda s: s.__setitem__("promise", [1])), "TypeError"),
    ("channels_a_number", _with(lambda s: s.__setitem__("channels", 5)), "TypeError"),
    ("fte_a_word", _with(lambda s: s["staffing"].__setitem__("planned_fte", "ten")),
     "staffing.planned_fte"),
    ("latin_1", '{"name": "naïve"}'.encode("latin-1"), "not UTF-8"),
    ("utf_16", '{"name": "x"}'.encode("utf-16"), "not UTF-8"),
    ("a_list", b"[1, 2]", "JSON list"),
    ("empty", b"", "not valid JSON"),
    ("binary", bytes(range(256)) * 10, "not UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "says"), FUZZ, ids=[case[0] for case in FUZZ])
def test_a_bad_scenario_file_is_one_line_and_status_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes,
        says: str) -> None:
    source, out = tmp_path / f"{name}.json", tmp_path / "out.csv"
    source.write_bytes(content)
    assert main([str(source), "--csv", str(out)]) == BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"python -m report: {source}: ")
    assert says in captured.err
    assert not out.exists()


def test_dev_zero_is_read_only_up_to_the_cap(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/dev/zero", "--csv", str(tmp_path / "out.csv")]) == BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/dev/zero: file: more than 5,000,000 bytes" in err


def test_a_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--csv", str(tmp_path / "out.csv")]) == BAD_INPUT
    assert capsys.readouterr().err.count("\n") == 1


def test_as_a_process_deep_nesting_is_one_line_and_nothing_else(tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    done = subprocess.run([sys.executable, "-m", "report", str(source), "--csv",
                           str(tmp_path / "out.csv")], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert done.returncode == BAD_INPUT
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"python -m report: {source}: file: nested too deeply to be a scenario "
        "(lists or objects inside one another hundreds of levels deep)"]
