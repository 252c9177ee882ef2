"""Download buttons any page can show: the live business-case workbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from model import Result, Scenario
from present.compare import safe_file_stem
from report.workbook import XLSX_MIME, workbook_bytes
from ui import state

LATEST_RESULT_KEY = "_workbook_latest"


def workbook_download(scenario: Scenario, result: Result | Callable[[], Result],
                      container: Any = st, key: str = "xlsx_out") -> None:
    """The business case as an Excel workbook, built only when the user clicks (from
    `result`, or from what it returns then)."""
    latest = result if callable(result) else lambda: result
    container.download_button(
        "Business case workbook (Excel)", lambda: _workbook(latest()),
        file_name=f"{safe_file_stem(scenario.name)}_business_case.xlsx", mime=XLSX_MIME,
        key=key, help="Every cost and benefit line is a live formula on the inputs and the "
                      "model's volumes, for a finance officer to check and change.")


def _workbook(result: Result) -> bytes:
    """The workbook with the session's decision (its limits, its cached search)."""
    return workbook_bytes(result, state.options(result.scenario))


def remember_result(result: Result | None) -> None:
    """Keep the result a fragment drew for `latest_result`: a download button outside the
    fragment is not resent on a fragment rerun (its file id is new on every run), yet its
    click must build the workbook the page shows now."""
    st.session_state.setdefault(LATEST_RESULT_KEY, {})["result"] = result


def latest_result() -> Callable[[], Result]:
    """A callable for `workbook_download`: the result last passed to `remember_result` at
    the time of the click (it runs outside the script, so it reads a kept box, not state)."""
    box: dict[str, Result | None] = st.session_state.setdefault(LATEST_RESULT_KEY, {})

    def result() -> Result:
        latest = box.get("result")
        if latest is None:
            raise ValueError("these settings can't be calculated, so there is no workbook")
        return latest
    return result
