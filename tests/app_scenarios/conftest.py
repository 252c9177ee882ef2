"""The Scenarios page in AppTest (opened by tests/conftest.py's ``app_page``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def scenarios_page(app_page: Callable[[str], AppTest]) -> Callable[[], AppTest]:
    return lambda: app_page("pages/scenarios.py")
