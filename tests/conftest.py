"""Fixtures for every suite: a page of the app in AppTest, on a throw-away database.

Used by tests/app_data, tests/app_scenarios and tests/review through the ``app_page``
fixture (pytest finds it here; nothing imports this file by name).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APPTEST_TIMEOUT_S = 60
# The app's idle-time warming of Recommendation and Uncertainty (ui/state.warm_heavy_pages)
# would spend the suite's two cores on pages most tests never open; tests/app/test_warm.py
# checks the warmer itself. Servers the tests start inherit this.
os.environ.setdefault("PLANNER_WARM_PAGES", "0")
# The sample-data generators in scripts/ are checked by tests: `import make_actuals` etc.
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))


def run_page(page: str) -> AppTest:
    """An AppTest that has run ``page`` once (via app.py's st.navigation when it exists)."""
    app = ROOT / "app.py"
    if app.exists():
        at = AppTest.from_file(str(app), default_timeout=APPTEST_TIMEOUT_S)
        at.secrets["testing"] = "no sign-in"  # isolate from any local secrets.toml
        at.run()
        at.switch_page(page)
    else:
        at = AppTest.from_file(str(ROOT / page), default_timeout=APPTEST_TIMEOUT_S)
        at.secrets["testing"] = "no sign-in"
    return at.run()


@pytest.fixture
def app_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], AppTest]:
    """app_page("pages/data.py") → a fresh session that has run that page.

    Every call in one test is a new browser session on the same temporary database
    (PLANNER_DB_PATH in tmp_path; any DATABASE_URL is ignored).
    """
    monkeypatch.setenv("PLANNER_DB_PATH", str(tmp_path / "planner.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return run_page


def sent_as_markdown(at: AppTest) -> str:
    """Everything sent to the browser as markdown: text elements, alerts and button labels."""
    elements = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info,
                *at.success, *at.warning, *at.error, *at.toast]
    return "\n".join([*(str(e.value) for e in elements), *(b.label for b in at.button)])


@pytest.fixture
def markdown_sent() -> Callable[[AppTest], str]:
    """markdown_sent(at) → the markdown source of every text element, alert and button label."""
    return sent_as_markdown


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
