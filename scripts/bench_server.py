"""The server's work per slider move, on the real `streamlit run`, beside a bare app in the same
run: script run time (rerun request → `script_finished`), websocket bytes and server CPU per
move, and the first run of a new session. A benchmark, not a test.

    .venv/bin/python scripts/bench_server.py [--moves 30] [--dump]

Drives each server over its websocket with tests/e2e/ws_client.py (what the browser's frontend
sends, nothing drawn), so navigation, the sidebar, CSS and URL writing all run, unlike AppTest.
Prints `server.<name>: X` lines and the ratios app/bare against the issue 17 targets; with
--dump, every message of the app's last move too (its size, the element and its place), to see
what a move resends.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from st_harness import StreamlitServer, start_app  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from ws_client import StreamlitClient  # noqa: E402

BARE_APP = ROOT / "tests" / "app" / "bare_app.py"
TICKS_PER_S = os.sysconf("SC_CLK_TCK")
# Solve-for-me staffing: every shrinkage step changes the staff needed, the costs and the
# charts, and every value is new to the model cache (the worst case a user meets).
APP_QUERY = "fte=auto"
APP_SLIDER, APP_VALUES = "w_shrinkage", tuple(range(40, 10, -1))
BARE_SLIDER, BARE_VALUES = "value", tuple(range(49, 19, -1))
# Between moves, as a person pressing a key once the chart has redrawn (the browser bench's
# bare app settles in about 250 ms): spare time the server may use to warm its cache.
THINK_S = 0.25
TARGETS = {"script_ms_p50": 3.0, "bytes_p50": 2.0, "first_run_ms": 2.0}


@dataclass
class Moves:
    first_run_ms: float
    first_run_bytes: int
    script_ms: list[float]
    bytes: list[int]
    cpu_ms: list[float]
    sent_bytes: list[int]
    last_move: list[tuple[int, ForwardMsg]]


def describe(size: int, message: ForwardMsg) -> str:
    """One line for a message: bytes on the wire, what it is, where it goes."""
    kind = message.WhichOneof("type")
    path = ".".join(map(str, message.metadata.delta_path))
    if kind == "ref_hash":
        return f"{size:6d}  reference to a kept element   [{path}]"
    if kind != "delta":
        return f"{size:6d}  {kind}"
    delta = message.delta
    if delta.WhichOneof("type") == "add_block":
        return f"{size:6d}  block {delta.add_block.WhichOneof('type'):22s} [{path}]"
    element = delta.new_element
    name = element.WhichOneof("type")
    body = getattr(element, name)
    text = next((str(getattr(body, field)) for field in ("label", "body", "component_name")
                 if getattr(body, field, "")), "")
    return f"{size:6d}  {name:28s} [{path}] {text[:40]!r}"


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S


async def drive(server: StreamlitServer, page: str, query: str, slider: str,
                values: tuple[float, ...], think_s: float) -> Moves:
    assert server.process is not None
    pid = server.process.pid
    async with StreamlitClient(server.url, page, query) as warm:
        await warm.run()  # the server's cold start (imports) is not a session's first load
    async with StreamlitClient(server.url, page, query, record=True) as client:
        first = await client.run()
        sliders = first.sliders
        script_ms, sizes, cpu_ms, sent = [], [], [], []
        for value in values:
            cpu_before = cpu_seconds(pid)
            run = await client.run(slider, value, sliders)
            await asyncio.sleep(think_s)  # and count work after script_finished (warming)
            cpu_ms.append((cpu_seconds(pid) - cpu_before) * 1e3)
            script_ms.append(run.seconds * 1e3)
            sizes.append(run.bytes_received)
            sent.append(run.bytes_sent)
            if run.exceptions:
                raise RuntimeError(f"{page}: {run.exceptions}")
            sliders = run.sliders or sliders
    return Moves(first.seconds * 1e3, first.bytes_received, script_ms, sizes, cpu_ms, sent,
                 run.messages)


def report(name: str, moves: Moves) -> dict[str, float]:
    stats = {"first_run_ms": moves.first_run_ms,
             "script_ms_p50": float(np.percentile(moves.script_ms, 50)),
             "script_ms_p95": float(np.percentile(moves.script_ms, 95)),
             "bytes_p50": float(np.median(moves.bytes)),
             "sent_bytes_p50": float(np.median(moves.sent_bytes)),
             "cpu_ms_mean": float(np.mean(moves.cpu_ms))}  # /proc counts 10 ms ticks
    for stat, value in stats.items():
        print(f"server.{name}.{stat}: {value:.1f}", flush=True)
    print(f"server.{name}.first_run_bytes: {moves.first_run_bytes}", flush=True)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--think", type=float, default=THINK_S, help="seconds between moves")
    parser.add_argument("--dump", action="store_true", help="list the last move's messages")
    args = parser.parse_args()
    print(f"Server benchmarks over the websocket: {args.moves} slider moves each", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_server_") as tmp:
        results = {}
        for name in ("bare", "app"):
            if name == "bare":
                server = StreamlitServer(app=BARE_APP, log_path=Path(tmp) / "bare.log").start()
                job = drive(server, "", "", BARE_SLIDER, BARE_VALUES[:args.moves], args.think)
            else:
                server = start_app(Path(tmp), "app")
                job = drive(server, "commitment", APP_QUERY, APP_SLIDER, APP_VALUES[:args.moves],
                            args.think)
            try:
                started = time.perf_counter()
                moves = asyncio.run(job)
                results[name] = report(name, moves)
                if args.dump:
                    print(f"server.{name}.last_move: {sum(n for n, _ in moves.last_move)} bytes")
                    for size, message in moves.last_move:
                        print(describe(size, message))
                print(f"server.{name}.bench_s: {time.perf_counter() - started:.1f}", flush=True)
            finally:
                server.stop()
    for stat, target in TARGETS.items():
        ratio = results["app"][stat] / results["bare"][stat]
        verdict = "ok" if ratio <= target else "OVER"
        print(f"server.ratio.{stat}: {ratio:.2f}x app/bare (target ≤ {target:g}x) {verdict}",
              flush=True)
    ratio = results["app"]["cpu_ms_mean"] / max(results["bare"]["cpu_ms_mean"], 1e-9)
    print(f"server.ratio.cpu_ms_mean: {ratio:.2f}x app/bare", flush=True)


if __name__ == "__main__":
    main()
