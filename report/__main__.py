"""Exports from the command line, for analysts and scheduled jobs.

    python -m report SCENARIO.json --xlsx out.xlsx --pdf out.pdf --csv out.csv

On success it prints a "wrote" line per file, then the decision sentence (the same as the
app's banner, the brief's and the workbook's), and nothing on stderr.
``-`` instead of a file uses the sample council. Bad input (a missing or unreadable file,
bad JSON, a scenario the model rejects) prints one line and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import model
from model import Result, Scenario
from model import options as op
from present import decision
from present.csv_export import csv_safe
from store.json_io import MAX_SCENARIO_JSON_BYTES, scenario_from_json

BAD_INPUT = 2
SAMPLE = "-"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m report",
        description="Evaluate a scenario and write its exports: the live business-case "
                    "workbook, the one-page PDF brief and the year-by-year CSV.")
    parser.add_argument("scenario", help="scenario file (JSON, as downloaded from the "
                                         f"Scenarios page), or {SAMPLE} for the sample council")
    parser.add_argument("--xlsx", type=Path, help="write the business-case workbook here")
    parser.add_argument("--pdf", type=Path, help="write the one-page PDF brief here")
    parser.add_argument("--csv", type=Path, help="write the year-by-year table (CSV) here")
    return parser


UNREADABLE: tuple[type[Exception], ...] = (
    ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, RecursionError)
"""What reading a scenario file can raise for a bad file: JSON that is not a scenario (a list
where a section belongs, a string for the groups, numbers past a float) reaches the model's
constructors, which raise these rather than ValueError."""


CANNOT_LOAD: tuple[type[Exception], ...] = (OSError, *UNREADABLE)


def load(source: str) -> Scenario:
    """The scenario in a JSON file, or the sample; ValueError/OSError say what is wrong."""
    if source == SAMPLE:
        return model.load_sample_scenario()
    data = _read_capped(Path(source), MAX_SCENARIO_JSON_BYTES)
    try:
        return Scenario.from_dict(scenario_from_json(data))
    except ValueError:
        raise
    except UNREADABLE as error:
        detail = " ".join(str(error).split())[:200]
        raise ValueError(f"not a scenario this app can open ({type(error).__name__}: "
                         f"{detail})") from error


def _read_capped(path: Path, most_bytes: int) -> bytes:
    """The file's bytes, reading no more than one past ``most_bytes`` (``/dev/zero`` ends)."""
    with path.open("rb") as file:
        data = file.read(most_bytes + 1)
    if len(data) > most_bytes:
        raise ValueError(f"file: more than {most_bytes:,} bytes is too large for a scenario")
    return data


# The workbook and the brief (openpyxl; fpdf, plotly and kaleido) load only when asked for: a
# CSV-only run, and --help, start without them.


def _xlsx(result: Result, options: op.Options) -> bytes:
    from report.workbook import workbook_bytes

    return workbook_bytes(result, options)


def _pdf(result: Result, options: op.Options) -> bytes:
    import numpy as np

    from report import scenario_brief

    scenario = result.scenario
    figures = scenario_brief.brief_figures(scenario, result,
                               lambda s, targets: model.frontier(s, np.array(targets)))
    return scenario_brief.brief_pdf(scenario, result, figures,
                                    decided=scenario_brief.brief_decision(scenario, options))


EXPORTS: dict[str, Callable[[Result, op.Options], bytes]] = {
    "xlsx": _xlsx,
    "pdf": _pdf,
    "csv": lambda result, _: csv_safe(result.annual),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    wanted = {kind: getattr(args, kind) for kind in EXPORTS if getattr(args, kind) is not None}
    if not wanted:
        parser.error("nothing to write: give --xlsx, --pdf and/or --csv")
    try:
        scenario = load(args.scenario)
    except CANNOT_LOAD as error:
        return _fail(f"{args.scenario}: {_reason(error)}")
    result = model.evaluate(scenario)
    options = op.options(result)  # the same decision in every export, and on stdout
    for kind, path in wanted.items():
        try:
            path.write_bytes(EXPORTS[kind](result, options))
        except OSError as error:
            return _fail(f"{path}: {_reason(error)}")
        print(f"wrote {path}")
    print(decision.decision_sentence(options, scenario))
    return 0


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return " ".join(str(error).split())  # one line


def _fail(message: str) -> int:
    print(f"python -m report: {message}", file=sys.stderr)
    return BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
