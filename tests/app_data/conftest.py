"""Run the Data page in AppTest: through app.py's navigation when app.py exists, else alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parents[2]
PAGE = "pages/data.py"
TIMEOUT_S = 60


def open_page(page: str) -> AppTest:
    """An AppTest that has run ``page`` once (via app.py's st.navigation when it exists)."""
    app = ROOT / "app.py"
    if app.exists():
        at = AppTest.from_file(str(app), default_timeout=TIMEOUT_S)
        at.secrets["testing"] = "no sign-in"  # isolate from any local secrets.toml
        at.run()
        at.switch_page(page)
    else:
        at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT_S)
        at.secrets["testing"] = "no sign-in"
    return at.run()


@pytest.fixture
def data_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], AppTest]:
    monkeypatch.setenv("PLANNER_DB_PATH", str(tmp_path / "planner.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return lambda: open_page(PAGE)
