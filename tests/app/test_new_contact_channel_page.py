"""The Assessment page shows a contact channel added as data (an email row in a copy of
sample_data/, see tests/report/test_new_contact_channel.py) beside phone and visit."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ingest.stakeholders  # noqa: F401  read channels.csv on import: the real one, before
import present.data_views  # noqa: F401  the copy is patched in (else it stays for the session)
from sample_data import loader

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "report"))
from test_new_contact_channel import _copy_with_email  # noqa: E402


@pytest.fixture
def email_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(loader, "FOLDER", _copy_with_email(
        tmp_path, "economics,email_contact_gbp,1.5,A,2024\n"))
    st.cache_data.clear()  # the app keeps the sample it read: read the copy's, forget it after
    yield
    st.cache_data.clear()


@pytest.mark.usefixtures("email_sample")
def test_the_groups_table_has_a_column_for_the_email_channel() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    app.switch_page("pages/assessment.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert [c for c in table.columns if str(c).startswith("Replies that save")] == [
        "Replies that save a call (%)", "Replies that save a visit (%)",
        "Replies that save an email (%)"]
    assert table["Replies that save an email (%)"].iloc[0] == pytest.approx(2.5)
