"""Rerun time of the Commitment page vs a bare app (one slider, one plotly chart), in AppTest.

Prints lines like `app.commitment_rerun_ms: 120.0`. Model calls are cached, so a rerun after
a slider that returns to a seen value measures the page's own overhead; the first move to a
new value adds the model's time (reported separately).
Usage: .venv/bin/python scripts/bench_app.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TIMEOUT_S = 120


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_rerun_ms(repeats: int) -> float:
    app = AppTest.from_file(str(ROOT / "tests" / "app" / "bare_app.py"), default_timeout=TIMEOUT_S)
    app.run()
    values = iter([40, 60] * repeats)
    return median_ms(lambda: app.slider[0].set_value(next(values)).run(), repeats)


def commitment_app() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    app.run()
    app.switch_page("pages/commitment.py").run()
    return app


def commitment_rerun_ms(repeats: int) -> tuple[float, float]:
    """(warm rerun with cached model, first rerun at a new value including the model)."""
    app = commitment_app()
    values = iter([85, 80] * repeats)
    app.slider(key="w_share").set_value(85).run()  # warm both values into the cache
    warm = median_ms(lambda: app.slider(key="w_share").set_value(next(values)).run(), repeats)
    fresh_values = iter(range(51, 51 + repeats))
    cold = median_ms(lambda: app.slider(key="w_share").set_value(next(fresh_values)).run(),
                     min(repeats, 5))
    return warm, cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    bare = bare_rerun_ms(args.repeats)
    warm, cold = commitment_rerun_ms(args.repeats)
    print(f"app.bare_rerun_ms: {bare:.1f}")
    print(f"app.commitment_rerun_ms: {warm:.1f}")
    print(f"app.commitment_rerun_with_model_ms: {cold:.1f}")
    print(f"app.commitment_over_bare_ratio: {warm / bare:.2f}")
    print(f"app.model_time_on_new_value_ms: {cold - warm:.1f}")


if __name__ == "__main__":
    main()
