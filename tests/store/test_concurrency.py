"""Many people saving at once, and a server killed mid-save, leave every saved scenario readable."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from store import Actor, NameTakenError
from store.models import Base
from store.repository import ScenarioStore

REPO_ROOT = Path(__file__).resolve().parents[2]
THREADS = 20


def run_together(count: int, action: Any) -> list[Any]:
    """Run ``action(i)`` for i in range(count) on as many threads, released at the same moment.

    Returns each call's result, or the exception it raised.
    """
    barrier = threading.Barrier(count)

    def call(index: int) -> Any:
        barrier.wait()
        try:
            return action(index)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            return error

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def test_twenty_people_saving_at_the_same_moment_all_have_their_scenarios_kept(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    run_together(THREADS, lambda _: store.list())  # open pooled connections: a real race
    results = run_together(
        THREADS,
        lambda i: store.save(
            f"Plan {i}",
            f"by thread {i}",
            make_scenario(horizon_years=i),
            make_headline(),
            Actor(f"iss user{i}", f"user{i}"),
        ),
    )

    assert [result for result in results if not isinstance(result, int)] == []
    assert len(set(results)) == THREADS
    names = {summary.name for summary in store.list()}
    assert names == {f"Plan {i}" for i in range(THREADS)}
    for i, scenario_id in enumerate(results):
        assert store.load(scenario_id)["horizon_years"] == i


def test_twenty_people_saving_the_same_name_at_once_leaves_one_scenario_and_19_clear_refusals(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    run_together(THREADS, lambda _: store.list())  # open pooled connections: a real race
    results = run_together(
        THREADS,
        lambda i: store.save("Contested", "", make_scenario(horizon_years=i), make_headline()),
    )

    winners = [result for result in results if isinstance(result, int)]
    refusals = [result for result in results if isinstance(result, NameTakenError)]
    assert len(winners) == 1, results
    assert len(refusals) == THREADS - 1, results
    assert len(store.list()) == 1


CHILD_SCRIPT = textwrap.dedent(
    """
    import sys
    from store.repository import ScenarioStore

    store = ScenarioStore(sqlite_path=sys.argv[1])
    round_number = sys.argv[2]
    profile = [i / 7.0 for i in range(10_000)]  # ~0.2 MB of JSON: each write takes a while
    i = 0
    while True:
        scenario = {"schema_version": 1, "round": round_number, "i": i, "profile": profile}
        headline = {"npv_gbp": float(i), "fte_required": 1.0}
        store.save(f"{round_number}-{i}", "loop", scenario, headline)
        store.save("overwritten", "loop", scenario, headline, overwrite=True)
        print(f"{round_number}-{i}", flush=True)
        i += 1
    """
)


def kill_while_saving(db_path: Path, round_number: int, saves_before_kill: int) -> list[str]:
    """Start a process saving in a loop, SIGKILL it mid-stream; return the names it confirmed."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_SCRIPT, str(db_path), str(round_number)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert child.stdout is not None
    confirmed: list[str] = []
    deadline = time.monotonic() + 20
    while len(confirmed) < saves_before_kill and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        confirmed.append(line.strip())
    time.sleep(0.003 * round_number)  # land the kill at different points of the next write
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert len(confirmed) == saves_before_kill, "the saving process stopped early"
    return confirmed


def test_a_server_killed_in_the_middle_of_saving_leaves_a_readable_database(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "planner.db"
    confirmed: list[str] = []
    for round_number in range(3):
        confirmed += kill_while_saving(db_path, round_number, saves_before_kill=3)

        with sqlite3.connect(db_path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    scenario_store = ScenarioStore(sqlite_path=db_path)
    summaries = scenario_store.list()
    names = {summary.name for summary in summaries}
    assert set(confirmed) <= names
    for summary in summaries:
        assert scenario_store.load(summary.id)["profile"][7] == 1.0
    scenario_store.close()


def test_several_app_processes_starting_at_once_on_an_empty_database_all_open_it(
    store: ScenarioStore, make_scenario: Any, make_headline: Any
) -> None:
    Base.metadata.drop_all(store.engine)

    stores = run_together(8, lambda _: ScenarioStore(store.url))

    assert [s for s in stores if not isinstance(s, ScenarioStore)] == []
    stores[0].save("After start-up", "", make_scenario(), make_headline())
    assert [summary.name for summary in stores[-1].list()] == ["After start-up"]
    for opened in stores:
        opened.close()
