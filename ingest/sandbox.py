"""Read uploads in a worker process, within a time and a memory budget.

The pages call these instead of the readers themselves: ``read_stakeholders``, ``read_inbox``,
``read_headers`` and ``read_calls_table`` take the same arguments and give the same results, but
the work happens in a fresh process forked from a server that has the readers' libraries loaded
(``forkserver``: about 20 ms a read, once the server has started). The worker first refuses what
cannot be a real file (``ingest.precheck``), then reads it with its address space capped and at
low CPU priority; the caller waits at most ``limits.READ_SECONDS`` and then kills it. A file over
a budget comes back as an ImportProblem naming the budget, and is remembered, so a page rerun
with the same file in the uploader is refused at once. Other sessions' threads never wait on it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import resource
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Literal

import pandas as pd

from ingest import limits, precheck
from ingest.common import ImportProblem
from ingest.guess import ColumnGuess
from ingest.inbox import InboxSummary
from ingest.stakeholders import StakeholderImport

PRELOAD = ["__main__", "ingest", "ingest.sandbox", "pyarrow", "pyarrow.csv", "python_calamine",
           "ingest.sandbox_preload"]
"""Imported once by the fork server, so each worker starts with them loaded. "__main__" too:
then a worker need not run the main script again (the `streamlit` command, pytest), which it
would otherwise do on every start."""
_REFUSALS_KEPT = 64
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)
_slots = threading.BoundedSemaphore(limits.MAX_PARALLEL_READS)
_refused: OrderedDict[str, ImportProblem] = OrderedDict()
_refused_lock = threading.Lock()
_warmed = False


class BudgetExceeded(ImportProblem):
    """A read ran out of time or memory, or never got a worker."""


# --- what the pages call -----------------------------------------------------------------------


def read_stakeholders(data: bytes, file_name: str, **options: Any) -> StakeholderImport:
    """``ingest.read_stakeholders`` in a worker."""
    imported: StakeholderImport = run("stakeholders", data, file_name, options)
    return imported


def read_inbox(data: bytes, file_name: str, **options: Any) -> InboxSummary:
    """``ingest.read_inbox`` in a worker."""
    summary: InboxSummary = run("inbox", data, file_name, options)
    return summary


def read_headers(data: bytes, file_name: str) -> list[str]:
    """The column names ``ingest.common.read_table`` finds, read in a worker."""
    headers: list[str] = run("headers", data, file_name, {})
    return headers


def guess_inbox_mapping(data: bytes, file_name: str) -> ColumnGuess:
    """``ingest.guess.guess_inbox_mapping(read_table(...))`` in a worker."""
    guess: ColumnGuess = run("guess", data, file_name, {})
    return guess


def read_calls_table(data: bytes, file_name: str) -> pd.DataFrame:
    """``ingest.read_calls(read_table(...))`` in a worker."""
    calls: pd.DataFrame = run("calls", data, file_name, {})
    return calls


def warm() -> None:
    """Start the fork server now (2-10 s, once a server process), in the background, so the
    first upload does not wait for it. Cheap to call on every page run."""
    global _warmed
    with _refused_lock:
        if _warmed:
            return
        _warmed = True
    from multiprocessing import forkserver

    threading.Thread(target=forkserver.ensure_running, daemon=True, name="sandbox-warm").start()


# --- the caller's side -------------------------------------------------------------------------


def run(kind: precheck.Kind, data: bytes, file_name: str, options: dict[str, Any],
        seconds: float = limits.READ_SECONDS,
        memory_megabytes: float = limits.READ_MEMORY_MEGABYTES) -> Any:
    """Run reader ``kind`` on ``data`` in a worker; its result, or the exception it raised."""
    key = _key(kind, data, file_name, options)
    with _refused_lock:
        if key in _refused:
            raise _refused[key]
    started = time.monotonic()
    if not _slots.acquire(timeout=seconds):
        raise BudgetExceeded(
            f"The server is busy reading other files: {file_name} waited {seconds:g} s for its "
            "turn. Try again in a minute.")
    try:
        return _in_worker(kind, data, file_name, options,
                          seconds - (time.monotonic() - started), seconds, memory_megabytes)
    except BudgetExceeded as problem:
        _remember(key, problem)
        raise
    finally:
        _slots.release()


def _key(kind: str, data: bytes, file_name: str, options: dict[str, Any]) -> str:
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return f"{kind}|{file_name}|{sorted(options.items())!r}|{digest}"


def _remember(key: str, problem: ImportProblem) -> None:
    with _refused_lock:
        _refused[key] = problem
        while len(_refused) > _REFUSALS_KEPT:
            _refused.popitem(last=False)


def _in_worker(kind: str, data: bytes, file_name: str, options: dict[str, Any],
               seconds: float, budget_seconds: float, memory_megabytes: float) -> Any:
    ours, theirs = _context.Pipe(duplex=True)
    worker = _context.Process(target=_work, args=(theirs, memory_megabytes), daemon=True,
                              name=f"read {kind}")
    worker.start()
    theirs.close()
    try:
        if not ours.poll(limits.WORKER_START_SECONDS):  # the fork server's first start
            raise BudgetExceeded(
                f"The server could not start a reader for {file_name} within "
                f"{limits.WORKER_START_SECONDS:g} s; it is busy. Try again in a minute.")
        start_megabytes = ours.recv()  # the worker's resident size before it reads anything
        deadline = time.monotonic() + max(seconds, 0.0)
        ours.send((kind, file_name, options))
        ours.send_bytes(data)
        waited = _wait(ours, worker.pid, deadline, start_megabytes + memory_megabytes)
        if waited == "memory":
            raise BudgetExceeded(_too_big(file_name, memory_megabytes))
        if waited == "time":
            raise BudgetExceeded(_too_slow(file_name, budget_seconds))
        outcome, value = ours.recv()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        raise BudgetExceeded(_too_big(file_name, memory_megabytes)) from None
    finally:
        ours.close()
        if worker.is_alive():
            worker.kill()
        worker.join(1.0)
    if outcome == "memory":
        raise BudgetExceeded(_too_big(file_name, memory_megabytes))
    if outcome == "raised":
        raise value
    return value


@dataclass(frozen=True)
class ReadStats:
    """The last read on this thread: its wall-clock seconds and the worker's peak resident
    memory (sampled every POLL_SECONDS, so a peak shorter than that may be missed; pages shared
    with the fork server, about 190 MB of loaded libraries, are counted)."""

    seconds: float
    peak_megabytes: float


POLL_SECONDS = 0.05
_stats = threading.local()


def last_read_stats() -> ReadStats | None:
    """What the last read on this thread took (for logs and the hostile-file measurements)."""
    stats: ReadStats | None = getattr(_stats, "last", None)
    return stats


def _wait(conn: Connection, pid: int | None, deadline: float,
          most_megabytes: float) -> Literal["answered", "time", "memory"]:
    """Wait for the worker's answer until ``deadline``; stop it early if its resident memory
    passes ``most_megabytes`` (its address-space cap is the backstop between two looks)."""
    started, peak = time.monotonic(), 0.0
    outcome: Literal["answered", "time", "memory"] = "time"
    while time.monotonic() < deadline:
        resident = _resident_megabytes(pid)
        peak = max(peak, resident)
        if resident > most_megabytes:
            outcome = "memory"
            break
        if conn.poll(min(POLL_SECONDS, max(deadline - time.monotonic(), 0.0))):
            outcome = "answered"
            break
    _stats.last = ReadStats(time.monotonic() - started, max(peak, _resident_megabytes(pid)))
    return outcome


def _resident_megabytes(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default), 0 once it has gone."""
    try:
        with open(f"/proc/{pid or 'self'}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1000
    except OSError:
        pass  # gone already
    return 0.0


def _too_slow(file_name: str, seconds: float) -> str:
    return (f"{file_name} was still being read after {seconds:g} s, the most one file may take "
            "on this shared server (a 1M-message export takes about 5 s); it was stopped. "
            "Expected a file exported by a spreadsheet or an inbox tool: if it is one, export a "
            "shorter date range or fewer columns and upload it again.")


def _too_big(file_name: str, memory_megabytes: float) -> str:
    return (f"{file_name} needed more than {memory_megabytes:,.0f} MB of memory to read, the "
            f"most one file may take on this shared server; it was stopped. Expected a "
            "file exported by a spreadsheet or an inbox tool: if it is one, export a shorter "
            "date range or fewer columns and upload it again.")


# --- the worker's side -------------------------------------------------------------------------


def _readers() -> dict[str, Callable[..., Any]]:
    from ingest import read_calls, read_inbox, read_stakeholders
    from ingest.common import read_table
    from ingest.guess import guess_inbox_mapping

    def stakeholders(data: bytes, file_name: str, **options: Any) -> Any:
        imported = read_stakeholders(data, file_name, **options)
        rows = len(imported.table) + len({p.row_number for p in imported.problems})
        if rows > limits.MAX_STAKEHOLDER_ROWS:  # the precheck counts rows; this is exact
            raise precheck.refusal(file_name, f"{rows:,} rows of groups",
                                   f"{limits.MAX_STAKEHOLDER_ROWS} groups",
                                   precheck.GROUP_ADVICE)
        return imported

    return {
        "stakeholders": stakeholders,
        "inbox": read_inbox,
        "headers": lambda data, file_name: [str(c) for c in read_table(data, file_name).columns],
        "calls": lambda data, file_name: read_calls(read_table(data, file_name)),
        "guess": lambda data, file_name: guess_inbox_mapping(read_table(data, file_name)),
    }


def _work(conn: Connection, memory_megabytes: float) -> None:
    """In the worker: take the job, cap memory and priority, check, read, send the outcome."""
    _limit_self(memory_megabytes)  # before the file arrives: its bytes count too
    conn.send(_resident_megabytes())
    kind, file_name, options = conn.recv()
    try:
        data = conn.recv_bytes()
    except MemoryError:
        conn.send(("memory", None))
        return
    try:
        precheck.check(data, file_name, kind)
        result: tuple[str, Any] = ("value", _readers()[kind](data, file_name, **options))
    except MemoryError:
        result = ("memory", None)
    except Exception as error:  # noqa: BLE001 - every other error is the caller's to raise
        result = ("raised", error)
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("memory", None))
    except Exception as error:  # noqa: BLE001 - an exception that cannot be pickled
        conn.send(("raised", RuntimeError(f"{type(error).__name__}: {error}")))
    conn.close()


def _limit_self(memory_megabytes: float) -> None:
    """Cap this process's address space at what it has now plus the budget; lower priority."""
    os.nice(limits.WORKER_NICENESS)
    ceiling = _address_space_bytes() + int(memory_megabytes * 1_000_000)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _address_space_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0
