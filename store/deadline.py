"""A deadline on every call to the store, so a frozen database reads as "unavailable" in seconds.

The drivers' own timeouts cover a server that refuses or answers slowly (PostgreSQL's
``connect_timeout`` and ``statement_timeout``, SQLite's busy timeout: see ``store.db``), but not
a server that is paused or cut off mid-conversation: its kernel still accepts the connection and
acknowledges every packet, and no answer ever comes. So each store call runs on a worker thread
and the caller waits at most ``STORE_ANSWER_SECONDS``; past that it gets ``StoreTimeout``, one of
``store.db.DATABASE_ERRORS``, which the pages show as the plain "store unavailable" message.

A call given up on keeps its thread until the database answers or the connection drops; the
pool of those threads is bounded, and so is the connection pool (``pool_timeout``), so a long
outage costs a fixed number of threads, not one a click. A write given up on may still complete
when the database comes back; what the user was told ("unavailable, your plan is kept in this
session") stays true either way.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError

STORE_ANSWER_SECONDS = 6.0
"""How long a page waits for the store. Every store call is a few small statements (a few ms;
a save of a large scenario ~50 ms); twenty people saving at once queue on SQLite's write lock
for about a second. Past this the database is not answering, and the user is told so."""

STORE_THREADS = 32
"""Store calls in flight at once, across all sessions of one server process."""

P = ParamSpec("P")
R = TypeVar("R")
_pool = ThreadPoolExecutor(max_workers=STORE_THREADS, thread_name_prefix="store")
_inside = threading.local()


class StoreTimeout(SQLAlchemyError):
    """The database did not answer within STORE_ANSWER_SECONDS."""


def within_deadline(method: Callable[P, R]) -> Callable[P, R]:
    """Run ``method`` on a store thread and wait for it at most STORE_ANSWER_SECONDS.

    A call made from inside another store call runs directly (its caller's deadline holds).
    """

    @functools.wraps(method)
    def bounded(*args: P.args, **kwargs: P.kwargs) -> R:
        if getattr(_inside, "active", False):
            return method(*args, **kwargs)
        future = _pool.submit(_marked, functools.partial(method, *args, **kwargs))
        try:
            return future.result(timeout=STORE_ANSWER_SECONDS)
        except FutureTimeout:
            raise StoreTimeout(
                f"the database did not answer {method.__name__} within "
                f"{STORE_ANSWER_SECONDS:g} s (paused, overloaded or cut off)") from None

    return bounded


def _marked(call: Callable[[], R]) -> R:
    _inside.active = True
    try:
        return call()
    finally:
        _inside.active = False
