"""Deployment tests: real `streamlit run` processes, nginx, PostgreSQL and a mock OIDC provider.

Each outside service is looked for first. Locally a missing one skips the tests with the reason
shown; with ``PLANNER_REQUIRE_SERVICES=1`` (set by .ci/run) it fails them instead, so CI cannot
pass by skipping. The browser is Debian's Chromium driven by Playwright, as in tests/e2e, and the
app servers come from the same harness (tests/e2e/st_harness.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from st_harness import (  # noqa: E402
    CHROMIUM_PATH,
    chromium,
    skip_or_fail,
)

POSTGRES_URL_ENV = "TEST_DATABASE_URL"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/bin/nginx")



@pytest.fixture(scope="module")
def postgres_url() -> str:
    """The test PostgreSQL URL, checked by opening the store on it."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        skip_or_fail(f"PostgreSQL not configured: set {POSTGRES_URL_ENV} to run the scale-out "
                     "tests (two app processes must share one database)")
    assert url is not None
    from store.repository import ScenarioStore

    try:
        ScenarioStore(url).close()
    except Exception as error:  # noqa: BLE001 - any connection failure means "no server"
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL_ENV} not reachable: "
                     f"{type(error).__name__}: {error}")
    return url


@pytest.fixture(scope="module")
def nginx_path() -> str:
    found = shutil.which("nginx") or next(
        (path for path in NGINX_CANDIDATES if os.access(path, os.X_OK)), None)
    if found is None:
        skip_or_fail("nginx not found (apt-get install nginx)")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module (module scope: tests/e2e starts its own afterwards)."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        skip_or_fail(f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401 - only to say so when it is missing
    except ImportError as error:  # pragma: no cover - playwright is in requirements-dev
        skip_or_fail(f"playwright not installed: {error}")
    with chromium() as running:
        yield running
