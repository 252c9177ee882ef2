"""AppTest fixtures: a fresh app per test, opened on a chosen page."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT_S = 60
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """open_page("commitment", present="1") → an AppTest that has run that page."""
    def opener(page: str = "home", **query: str) -> AppTest:
        app = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
        for key, value in query.items():
            app.query_params[key] = value
        app.run()
        if page != "home":
            app.switch_page(f"pages/{page}.py").run()
        return app
    return opener


