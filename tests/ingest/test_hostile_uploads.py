"""Issue 28: hostile uploads are refused within their budget, with a message naming the limit,
and a normal file reads in the worker exactly as it reads in process.

The files are generated here (tests/ingest/hostile_files.py), smaller than the probe's where
size does not change the path that refuses them; scripts/bench_hostile.py measures the full
sizes. Each refusal must come within READ_SECONDS, and most come in well under one second.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))

import hostile_files as hf  # noqa: E402

from ingest import (  # noqa: E402
    ImportProblem,
    limits,
    precheck,
    read_inbox,
    read_stakeholders,
    sandbox,
)

SAMPLES = ROOT / "sample_data"
QUICK_REFUSAL_SECONDS = 3.0  # a pre-parse refusal: a fork and a bounded look, on a busy machine


@pytest.fixture(scope="module", autouse=True)
def started_fork_server() -> None:
    """Start the fork server once, so its start-up is not timed as any file's refusal."""
    sandbox.run("headers", b"a,b\n1,2\n", "warm.csv", {})


def refused(kind: precheck.Kind, data: bytes, name: str, **budget: float) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(ImportProblem) as problem:
        sandbox.run(kind, data, name, {}, **budget)
    return str(problem.value), time.monotonic() - started


HOSTILE: list[tuple[str, precheck.Kind, Callable[[], bytes], str]] = [
    ("wide.csv", "inbox", lambda: hf.csv_wide(1_000_000), "first line longer than"),
    ("wide-short.csv", "inbox", lambda: hf.csv_wide(5_000), "5,000 columns"),
    ("repeated.csv", "inbox", hf.csv_repeated_header, "100,000 columns"),
    ("repeated150.csv", "inbox", hf.csv_repeated_within_limit,
     "the column name 'received_at' 150 times"),
    ("groups.csv", "stakeholders", lambda: hf.stakeholder_csv(1_000_000),
     "more than 200 rows of groups"),
    ("groups.xlsx", "stakeholders", lambda: hf.stakeholder_xlsx(20_000),
     "more than 200 rows of groups"),
    ("outside.xlsx", "inbox", lambda: hf.xlsx_sheet_outside(20),
     "outside the workbook's sheet folder"),
    ("strings.xlsx", "inbox", lambda: hf.xlsx_shared_strings_bomb(650),
     "MB of parts once unpacked; expected at most 600 MB"),
    ("lying.xlsx", "stakeholders", lambda: hf.xlsx_lying_dimension(5_000),
     "more than 200 rows of groups"),
    ("wide.xlsx", "inbox", hf.xlsx_wide, "5,000 columns"),
]


@pytest.mark.parametrize(("name", "kind", "make", "says"), HOSTILE,
                         ids=[case[0] for case in HOSTILE])
def test_a_file_no_tool_writes_is_refused_before_parsing(
        name: str, kind: precheck.Kind, make: Callable[[], bytes], says: str) -> None:
    message, seconds = refused(kind, make(), name)
    assert message.startswith(name)
    assert says in message
    assert seconds < QUICK_REFUSAL_SECONDS


def test_a_too_many_groups_message_suggests_grouping() -> None:
    message, _ = refused("stakeholders", hf.stakeholder_csv(201), "groups.csv")
    assert "200 groups" in message and "combine similar stakeholders" in message


def test_a_stakeholder_table_at_the_limit_is_read() -> None:
    sample = (SAMPLES / "stakeholders.csv").read_text().splitlines()
    rows = [sample[0]] + [sample[1].replace(sample[1].split(",")[0], f"Group {i}", 1)
                          for i in range(limits.MAX_STAKEHOLDER_ROWS)]
    imported = sandbox.read_stakeholders("\n".join(rows).encode(), "groups.csv")
    assert len(imported.table) + len({p.row_number for p in imported.problems}) == 200


def test_packed_ratio_over_the_limit_is_refused() -> None:
    data = hf.xlsx_shared_strings_bomb(60)  # under the absolute cap, ~1,000 : 1
    message, _ = refused("inbox", data, "ratio.xlsx")
    assert "times its size" in message


def test_a_read_over_its_time_budget_is_stopped_and_says_so() -> None:
    data = hf.xlsx_lying_dimension(100_000)  # an inbox may be that long: it passes the checks
    message, seconds = refused("inbox", data, "slow.xlsx", seconds=0.3)
    assert "still being read after 0.3 s" in message
    assert seconds < 0.3 + 2.0  # killed, not waited for


def test_a_read_over_its_memory_budget_is_stopped_and_says_so() -> None:
    data = hf.stakeholder_csv(300_000)  # 13 MB, read as a plain table
    message, _ = refused("headers", data, "big.csv", memory_megabytes=20)
    assert "needed more than 20 MB of memory" in message


def test_a_refused_file_is_refused_at_once_the_second_time() -> None:
    data = hf.xlsx_lying_dimension(100_000)
    refused("inbox", data, "again.xlsx", seconds=0.3)
    message, seconds = refused("inbox", data, "again.xlsx", seconds=0.3)
    assert "still being read" in message
    assert seconds < 0.2


def test_the_sample_export_reads_in_the_worker_as_in_process() -> None:
    data = (SAMPLES / "inbox_export_synthetic.csv").read_bytes()
    here, there = read_inbox(data, "x.csv"), sandbox.read_inbox(data, "x.csv")
    assert there.inbound_messages == here.inbound_messages == 2093
    pd.testing.assert_series_equal(there.first_response_minutes, here.first_response_minutes)
    assert there.median_first_response_minutes == here.median_first_response_minutes


def test_the_sample_stakeholders_read_in_the_worker_as_in_process() -> None:
    data = (SAMPLES / "stakeholders.csv").read_bytes()
    pd.testing.assert_frame_equal(sandbox.read_stakeholders(data, "s.csv").table,
                                  read_stakeholders(data, "s.csv").table)


def test_a_normal_read_stays_quick() -> None:
    data = (SAMPLES / "inbox_export_synthetic.csv").read_bytes()
    best = min(_timed(lambda: sandbox.read_inbox(data, "x.csv")) for _ in range(3))
    in_process = min(_timed(lambda: read_inbox(data, "x.csv")) for _ in range(3))
    assert best < in_process + 0.5  # a fork and a pipe, not a second start-up


def test_a_readers_own_problem_comes_back_as_itself() -> None:
    with pytest.raises(ImportProblem, match="is not a known time zone"):
        sandbox.read_inbox(b"a,b\n1,2\n", "x.csv", timezone="Europe")
    with pytest.raises(ImportProblem, match="empty"):
        sandbox.read_headers(b"\n\n", "blank.csv")


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started
