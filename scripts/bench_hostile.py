"""Issue 28's hostile uploads against a running app: time to refusal, the reader's peak memory,
and a second session's rerun time meanwhile.

    python scripts/bench_hostile.py [--small]

Starts the app on a free port, uploads each file (tests/ingest/hostile_files.py, the probe's
sizes; --small for a quick look) through Chromium's file input on the Data page, and waits for
the refusal on screen. Meanwhile a second session (a websocket client, tests/e2e/ws_client.py)
reruns the Home page again and again; its reruns are timed before (baseline) and during each
refusal. The reader's peak resident memory is sampled from /proc for every process the app's
fork server starts. One line per file; nothing is written to the repository.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ingest"), str(ROOT / "tests" / "e2e")]

import hostile_files as hf  # noqa: E402
from st_harness import chromium, new_context, open_app, start_app  # noqa: E402
from ws_client import StreamlitClient  # noqa: E402

Case = tuple[str, str, Callable[[], bytes]]
FULL: list[Case] = [
    ("wide-1M-columns.csv", "inbox", lambda: hf.csv_wide(1_000_000)),
    ("sheet-outside-1.4GB.xlsx", "inbox", lambda: hf.xlsx_sheet_outside(1_400)),
    ("shared-strings-1.5GB.xlsx", "inbox", lambda: hf.xlsx_shared_strings_bomb(1_500)),
    ("repeated-header.csv", "inbox", hf.csv_repeated_header),
    ("lying-dimension-1M.xlsx", "inbox", lambda: hf.xlsx_lying_dimension(1_000_000)),
    ("groups-1M.csv", "stakeholders", lambda: hf.stakeholder_csv(1_000_000)),
    ("groups-1M.xlsx", "stakeholders", lambda: hf.stakeholder_xlsx(1_000_000)),
]
SMALL: list[Case] = [
    ("wide.csv", "inbox", lambda: hf.csv_wide(5_000)),
    ("groups.csv", "stakeholders", lambda: hf.stakeholder_csv(10_000)),
]


class Reruns:
    """A second session rerunning the Home page in a loop, each rerun's seconds kept by time."""

    def __init__(self, url: str) -> None:
        self.url, self.stop = url, threading.Event()
        self.times: list[tuple[float, float]] = []
        self.thread = threading.Thread(target=lambda: asyncio.run(self._loop()), daemon=True)

    async def _loop(self) -> None:
        async with StreamlitClient(self.url, "", "") as client:
            await client.run()
            while not self.stop.is_set():
                try:
                    result = await client.run()
                except Exception:  # noqa: BLE001 - the server stopping at the end
                    return
                self.times.append((time.monotonic(), result.seconds))

    def between(self, start: float, end: float) -> list[float]:
        return [seconds for at, seconds in self.times if start <= at <= end]


class WorkerMemory:
    """Peak resident memory of the fork server's children, sampled every 20 ms."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid, self.peak_mb, self.stop = server_pid, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self.stop.is_set():
            for pid in _descendants(self.server_pid):
                self.peak_mb = max(self.peak_mb, _resident_mb(pid))
            time.sleep(0.02)


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _descendants(pid: int) -> list[int]:
    """The readers: children of the server's fork server (they share its command line)."""
    servers = [child for child in _children(pid) if "forkserver" in _cmdline(child)]
    return [worker for server in servers for worker in _children(server)]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1000
    except OSError:
        pass
    return 0.0


def _server_rss_mb(pid: int) -> float:
    return _resident_mb(pid)


def upload_and_wait(page: object, kind: str, path: Path) -> tuple[float, str]:
    """Set the file in the right uploader; seconds until the refusal is on screen, and it."""
    if kind == "inbox":
        page.get_by_role("tab", name="Social-inbox export").click()  # type: ignore[attr-defined]
    inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')  # type: ignore[attr-defined]
    started = time.monotonic()
    inputs.nth(0 if kind == "stakeholders" else 1).set_input_files(str(path))
    alert = page.locator('[data-testid="stAlertContentError"]', has_text=path.name)  # type: ignore[attr-defined]
    alert.first.wait_for(timeout=180_000)
    return time.monotonic() - started, alert.first.inner_text()


def main() -> None:
    cases = SMALL if "--small" in sys.argv else FULL
    with tempfile.TemporaryDirectory() as folder:
        server = start_app(Path(folder))
        try:
            assert server.process is not None
            _bench(server.url, server.process.pid, cases, Path(folder))
        finally:
            server.stop()


def _bench(url: str, server_pid: int, cases: list[Case], folder: Path) -> None:
    reruns = Reruns(url)
    reruns.thread.start()
    time.sleep(20)  # the second session's first runs fill the caches
    quiet_start = time.monotonic()
    time.sleep(15)
    baseline = reruns.between(quiet_start, time.monotonic())
    base_median = statistics.median(baseline)
    print(f"second session, quiet: {len(baseline)} reruns, median {base_median * 1000:.0f} ms, "
          f"max {max(baseline) * 1000:.0f} ms; server RSS {_server_rss_mb(server_pid):.0f} MB")
    with chromium() as browser:
        warm = new_context(browser).new_page()
        open_app(warm, f"{url}/data")  # starts the fork server, once a server process
        time.sleep(20)
        warm.context.close()
        for name, kind, make in cases:
            path = folder / name
            path.write_bytes(make())
            page = new_context(browser).new_page()
            open_app(page, f"{url}/data")
            memory = WorkerMemory(server_pid)
            memory.thread.start()
            started = time.monotonic()
            seconds, message = upload_and_wait(page, kind, path)
            during = reruns.between(started, time.monotonic())
            memory.stop.set()
            page.context.close()
            median = statistics.median(during) if during else float("nan")
            print(f"{name} ({path.stat().st_size / 1e6:.1f} MB): refused in {seconds:.1f} s, "
                  f"reader peak {memory.peak_mb:.0f} MB, server RSS "
                  f"{_server_rss_mb(server_pid):.0f} MB; second session {len(during)} reruns, "
                  f"median {median * 1000:.0f} ms ({median / base_median:.2f}x), max "
                  f"{max(during, default=float('nan')) * 1000:.0f} ms\n    {message[:160]}")
            path.unlink()
    reruns.stop.set()


if __name__ == "__main__":
    main()
