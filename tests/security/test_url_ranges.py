"""Links with values out of range get a short plain warning, never an exception (issue 16 §3).

The ranges themselves are the bounds table's (the model's validation, the sliders and the URL
decoder read one table); these tests hold the page to its side of it: whatever a link holds, the
page that opens says so in words and keeps working.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
LONGEST_WARNING_CHARS = 400


def open_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              params: dict[str, str]) -> AppTest:
    """A fresh session whose first run reads ``?<params>`` (AppTest lands on Home: it can
    switch to a st.navigation page only after a first run, and a switch clears the link)."""
    monkeypatch.setenv("PLANNER_DB_PATH", str(tmp_path / "planner.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["testing"] = "no sign-in"
    at.query_params.update(params)
    return at.run()


def short_messages(at: AppTest) -> list[str]:
    messages = [str(e.value) for e in [*at.warning, *at.error]]
    assert all(len(message) <= LONGEST_WARNING_CHARS for message in messages), messages
    return messages


@pytest.mark.parametrize(("page", "params"), [
    ("scenarios", {"target": "1e308"}),
    ("scenarios", {"fte": "1e308"}),
    ("commitment", {"share": "10"}),
    ("commitment", {"target": "1e308", "fte": "-5", "share": "1e308"}),
    ("assessment", {"levels": "x" * 200_000}),
])
def test_an_out_of_range_link_shows_a_plain_warning_and_no_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, params: dict[str, str],
) -> None:
    at = open_link(tmp_path, monkeypatch, params)
    assert not at.exception, at.exception
    landing = short_messages(at)

    at.switch_page(f"pages/{page}.py").run()  # whatever the link left in the session

    assert not at.exception, at.exception
    assert landing or short_messages(at), "the bad link was accepted without a word"
    for other in ("home", "commitment", "scenarios"):
        at.switch_page(f"pages/{other}.py").run()
        assert not at.exception, (other, at.exception)
