"""Download buttons any page can show: the live business-case workbook."""

from __future__ import annotations

from typing import Any

import streamlit as st

from model import Result, Scenario
from report.workbook import XLSX_MIME, workbook_bytes
from ui.scenario_widgets import safe_file_stem


def workbook_download(scenario: Scenario, result: Result, container: Any = st,
                      key: str = "xlsx_out") -> None:
    """The business case as an Excel workbook, built only when the user clicks."""
    container.download_button(
        "Business case workbook (Excel)", lambda: workbook_bytes(result),
        file_name=f"{safe_file_stem(scenario.name)}_business_case.xlsx", mime=XLSX_MIME,
        key=key, help="Every cost and benefit line is a live formula on the inputs and the "
                      "model's volumes, for a finance officer to check and change.")
