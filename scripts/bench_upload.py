"""`make bench`: a 1M-message inbox export read against issue 16's targets (≤ 3 s, ≤ 500 MB).

The export is generated (tests/ingest/bench_ingest.py's Front-like layout, ~50 MB) and written to
a temporary file; a fresh Python process then reads it as the Data page does (the bytes, then
ingest.read_inbox), so the peak resident memory is the reader's own plus the libraries it loads,
not the generator's. Also times the 20,000 × 10 workbook of the same issue (target 1 s).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = 1_000_000
TARGET_SECONDS = 3.0
TARGET_PEAK_MB = 500.0
WORKBOOK_TARGET_SECONDS = 1.0

# Peak from /proc's VmHWM: ru_maxrss would carry over the parent's peak across fork + exec.
READER = """
import json, re, sys, time
sys.path.insert(0, sys.argv[1])
from ingest import read_inbox
def peak_mb():
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
started_mb = peak_mb()
data = open(sys.argv[2], "rb").read()
started = time.perf_counter()
summary = read_inbox(data, "export.csv", max_megabytes=500)
print(json.dumps({"seconds": time.perf_counter() - started, "inbound": summary.inbound_messages,
                  "peak_mb": peak_mb(), "libraries_mb": started_mb}))
"""


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER"


def main() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ingest"), str(ROOT / "tests" / "security")]
    from bench_ingest import message_export_csv

    with tempfile.NamedTemporaryFile(suffix=".csv") as export:
        export.write(message_export_csv(ROWS))
        export.flush()
        megabytes = Path(export.name).stat().st_size / 1e6
        out = subprocess.run([sys.executable, "-c", READER, str(ROOT), export.name],
                             check=True, capture_output=True, text=True).stdout
    measured = json.loads(out.strip().splitlines()[-1])
    print(f"ingest.read_inbox {ROWS:,} messages ({megabytes:.0f} MB CSV): "
          f"{measured['seconds']:.2f} s (target {TARGET_SECONDS:g} s) "
          f"{verdict(measured['seconds'], TARGET_SECONDS)}; peak {measured['peak_mb']:.0f} MB "
          f"(libraries alone {measured['libraries_mb']:.0f} MB; target {TARGET_PEAK_MB:g} MB) "
          f"{verdict(measured['peak_mb'], TARGET_PEAK_MB)}")
    workbook_seconds()


def workbook_seconds() -> None:
    import time

    from test_workbooks import HEADER, ROW, workbook

    from ingest.common import read_table

    data = workbook([HEADER, *([f"Group {i}", *ROW[1:]] for i in range(20_000))])
    started = time.perf_counter()
    read_table(data, "groups.xlsx")
    seconds = time.perf_counter() - started
    print(f"ingest.read_table 20,000 x 10 workbook: {seconds:.2f} s "
          f"(target {WORKBOOK_TARGET_SECONDS:g} s) {verdict(seconds, WORKBOOK_TARGET_SECONDS)}")


if __name__ == "__main__":
    main()
