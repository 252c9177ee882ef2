"""`python -m report`: exports from the command line, and one-line errors with status 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from model import evaluate, load_sample_scenario
from report.__main__ import BAD_INPUT, main


def test_sample_exports_csv_and_workbook_with_the_apps_numbers(tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "years.csv", tmp_path / "case.xlsx"
    assert main(["-", "--csv", str(csv_path), "--xlsx", str(xlsx_path)]) == 0
    expected = evaluate(load_sample_scenario())
    years = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert list(years["net_gbp"]) == pytest.approx(list(expected.annual["net_gbp"]), abs=0.01)
    book = load_workbook(io.BytesIO(xlsx_path.read_bytes()))
    assert "NPV" in book.defined_names and book.sheetnames[0] == "Read me"


def test_a_saved_scenario_file_is_read(tmp_path: Path) -> None:
    scenario = load_sample_scenario()
    source = tmp_path / "mine.json"
    source.write_text(json.dumps({**scenario.to_dict(), "name": "Mine"}), encoding="utf-8")
    out = tmp_path / "years.csv"
    assert main([str(source), "--csv", str(out)]) == 0
    assert out.stat().st_size > 0


@pytest.mark.parametrize(("content", "expected"), [
    (None, "no such file"),
    ("{not json", "not valid JSON at line 1"),
    ('{"name": "x"}', "staffing"),
])
def test_bad_input_prints_one_line_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               content: str | None, expected: str) -> None:
    source = tmp_path / "scenario.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main([str(source), "--csv", str(out)]) == BAD_INPUT
    message = capsys.readouterr().err
    assert expected in message and message.count("\n") == 1
    assert not out.exists()


def test_nothing_to_write_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["-"])
    assert stopped.value.code == BAD_INPUT
    assert "--xlsx" in capsys.readouterr().err


def test_help_runs_as_a_module() -> None:
    done = subprocess.run([sys.executable, "-m", "report", "--help"], capture_output=True,
                          text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    assert "usage: python -m report" in done.stdout and "--xlsx" in done.stdout


def test_success_prints_the_decision_on_stdout_and_nothing_on_stderr(tmp_path: Path) -> None:
    from model import options as op
    from present import decision
    done = subprocess.run([sys.executable, "-m", "report", "-", "--csv",
                           str(tmp_path / "years.csv")], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    sample = load_sample_scenario()
    sentence = decision.decision_sentence(op.options(evaluate(sample)), sample)
    assert done.stdout.strip().splitlines()[-1] == sentence
    assert done.stderr == ""
    years = pd.read_csv(tmp_path / "years.csv", encoding="utf-8-sig")
    assert list(years["year"]) == list(range(1, sample.appraisal.horizon_years + 1))
