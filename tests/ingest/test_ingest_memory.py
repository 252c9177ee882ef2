"""Bounded memory: the readers load without the queue engine, and parse only mapped columns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from ingest.common import read_table

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_readers_does_not_load_the_engine() -> None:
    """numba and scipy.stats are ~180 MB: an upload worker that reads files needs neither."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import ingest; "
            "print(sorted(m for m in ('numba', 'scipy.stats', 'model.result', 'streamlit') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_model_evaluate_is_the_function_after_the_engine_loads() -> None:
    import model
    import model.result  # noqa: F401  (binds the submodule to the package, as imports do)

    assert callable(model.evaluate) and model.evaluate.__name__ == "evaluate"


def test_only_the_chosen_columns_are_parsed_and_row_numbers_stay() -> None:
    frame = pd.DataFrame({"a": ["1", "2", "3"], "b": ["x", "", "z"], "c": ["p", "q", "r"]})
    data = frame.to_csv(index=False).encode()
    seen: list[list[str]] = []

    def choose(head: pd.DataFrame) -> list[str]:
        seen.append(list(head.columns))
        return ["c", "a"]

    table = read_table(data, "t.csv", choose=choose)
    assert seen == [["a", "b", "c"]]
    assert sorted(table.columns) == ["a", "c"]
    assert table.index.tolist() == [2, 3, 4]


def test_a_quoted_cell_spanning_the_cut_still_reads_every_row() -> None:
    from ingest.common import HEAD_ROWS

    lines = ["id,note,when"] + [f"{i},plain,2024-03-04 09:00" for i in range(HEAD_ROWS - 1)]
    lines += ['x,"a note\nover two lines",2024-03-04 10:00', "y,after,2024-03-04 11:00"]
    data = "\n".join(lines).encode()
    table = read_table(data, "t.csv", choose=lambda head: ["when", "note"])
    assert len(table) == HEAD_ROWS + 1 and list(table.columns) == ["when", "note"]
    assert table["note"].iloc[-2] == "a note\nover two lines"
