"""Benchmark the importers on files generated in memory (nothing is written or committed).

Run: python tests/ingest/bench_ingest.py [--million]
Prints one line per measurement, e.g. ``ingest.read_inbox 100k rows: 350 ms``.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sample_data  # noqa: E402

SEED = 7
CHANNELS = list(sample_data.channels("social"))


def message_export_csv(rows: int, seed: int = SEED) -> bytes:
    """A Front-like message export with ``rows`` rows: half inbound, half replies, 4 channels."""
    rng = np.random.default_rng(seed)
    conversations = rows // 2
    start = pd.Timestamp("2024-01-01").value
    span_ns = 26 * 7 * 24 * 3600 * 10**9
    inbound_ns = start + rng.integers(0, span_ns, conversations)
    reply_ns = inbound_ns + rng.exponential(90 * 60 * 10**9, conversations).astype(np.int64)
    ids = np.arange(conversations)
    frame = pd.DataFrame(
        {
            "Message ID": np.arange(2 * conversations),
            "Conversation ID": np.concatenate([ids, ids]),
            "Direction": np.repeat(["Inbound", "Outbound"], conversations),
            "Inbox": np.tile(rng.choice(CHANNELS, conversations), 2),
            "Message date": pd.to_datetime(np.concatenate([inbound_ns, reply_ns])).strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
        }
    )
    return frame.to_csv(index=False).encode("utf-8")


def stakeholder_csv(rows: int) -> bytes:
    """A valid stakeholder file with ``rows`` groups."""
    header = (
        "group,population,reach_share,messages_per_follower_per_year,current_level,"
        "target_level,why,phone_substitution_share,visit_substitution_share"
    )
    lines = [header]
    lines += [f'Group {i},"{1000 + i:,}",35%,2.5,Inform,Consult,reason {i},0.1,0.05'
              for i in range(rows)]
    return "\n".join(lines).encode("utf-8")


def time_ms(action: object) -> float:
    """Wall-clock milliseconds for one call of ``action`` (best of three)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def main(argv: list[str] | None = None) -> None:
    """Print the timings; with --million also the 1,000,000-row export from the issue."""
    from ingest import read_inbox, read_stakeholders

    args = sys.argv[1:] if argv is None else argv
    sizes = [100_000, 1_000_000] if "--million" in args else [100_000]
    for rows in sizes:
        data = message_export_csv(rows)
        ms = time_ms(lambda data=data: read_inbox(data, "bench.csv", max_megabytes=500))
        print(f"ingest.read_inbox {rows // 1000}k rows: {ms:.0f} ms")
    data = stakeholder_csv(10_000)
    ms = time_ms(lambda: read_stakeholders(data, "bench_groups.csv"))
    print(f"ingest.read_stakeholders 10k rows: {ms:.0f} ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ingest bench peak resident memory (whole process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
