"""A time budget for one calculation: past it, a plain message naming what was too big.

The server runs every session's calculations in one process. The compiled queue kernels
release the GIL, so other sessions and the health check go on answering while one session's
week is solved; the budget stops a calculation that would still take too long (a plan search
over a national agency's volume, say) at the next week it would solve, with a ValueError the
pages show as they show any other ("That combination of settings can't be calculated: …").

The budget is per thread (a context variable): each Streamlit session runs in its own thread,
and a calculation outside `time_budget` (tests, the CLI) has none.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("calculation_deadline",
                                                                default=None)


class TooLongToCalculate(ValueError):
    """A calculation went past its time budget; the message names what was too big."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Within the block, `check` refuses to go on once `seconds` have passed."""
    if not seconds > 0:
        raise ValueError(f"seconds = {seconds!r}: expected a time budget > 0")
    token = _DEADLINE.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check(what: Callable[[], str]) -> None:
    """TooLongToCalculate, naming `what()`, if the budget this calculation runs under is spent."""
    budget = _DEADLINE.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise TooLongToCalculate(
            f"{what()} is more than this server calculates in the {budget[1]:g} seconds one "
            "calculation may take. Split the largest groups, lower their volume, or run it "
            "from the command line (python -m report), which has no time limit")
