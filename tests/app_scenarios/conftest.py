"""The Scenarios page in AppTest (opened by tests/conftest.py's ``app_page``), and its downloads."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def scenarios_page(app_page: Callable[[str], AppTest]) -> Callable[[], AppTest]:
    return lambda: app_page("pages/scenarios.py")


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
