"""Run the Scenarios page in AppTest: through app.py's navigation when app.py exists, else alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parents[2]
PAGE = "pages/scenarios.py"
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
def scenarios_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], AppTest]:
    monkeypatch.setenv("PLANNER_DB_PATH", str(tmp_path / "planner.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return lambda: open_page(PAGE)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Bytes offered by every st.download_button, by file name (read from the media store)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    offered: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self: MemoryMediaFileStorage, path_or_data: object, mimetype: str, kind: object,
               filename: str | None = None) -> str:
        if filename and isinstance(path_or_data, bytes):
            offered[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)  # type: ignore[arg-type]

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return offered
