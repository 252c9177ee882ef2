"""Fixtures for the exports: sample headline, figures and tables; tools to read a PDF back.

Tests needing a tool that is not installed (pdftotext/pdfinfo from ``poppler-utils``,
Chromium) are skipped with the reason shown; with ``PLANNER_REQUIRE_SERVICES=1`` (set in CI)
they fail instead, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from report.charts import find_browser

REQUIRE_SERVICES_ENV = "PLANNER_REQUIRE_SERVICES"


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason`` locally; fail in CI, where the tool must be installed."""
    if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chrome/Chromium kaleido will use, or skip."""
    path = find_browser()
    if path is None:
        skip_or_fail("no Chrome/Chromium found (apt-get install chromium, or set BROWSER_PATH)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def pdf_text(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bytes], str]:
    """Turn PDF bytes into text with pdftotext (Debian ``poppler-utils``), or skip."""
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext not installed (Debian package poppler-utils)")
    folder = tmp_path_factory.mktemp("pdf_text")

    def extract(pdf: bytes) -> str:
        path = folder / "brief.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout

    return extract


@pytest.fixture(scope="session")
def pdf_info(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bytes], dict[str, str]]:
    """Page count, page size and image count of a PDF (``pdfinfo``/``pdfimages``), or skip."""
    if shutil.which("pdfinfo") is None or shutil.which("pdfimages") is None:
        skip_or_fail("pdfinfo/pdfimages not installed (Debian package poppler-utils)")
    folder = tmp_path_factory.mktemp("pdf_info")

    def inspect(pdf: bytes) -> dict[str, str]:
        path: Path = folder / "brief.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(
            ["pdfinfo", str(path)], check=True, capture_output=True, text=True
        ).stdout
        fields = {
            key.strip(): value.strip()
            for key, _, value in (line.partition(":") for line in info.splitlines())
        }
        images = subprocess.run(
            ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]  # two header lines
        fields["Images"] = str(len(images))
        return fields

    return inspect


@pytest.fixture(scope="session")
def headline() -> dict[str, Any]:
    return {
        "npv_gbp": -1.2e6,
        "bcr": 0.6,
        "fte_required": 4.2,
        "fte_planned": 3.0,
        "share_within_target": 0.71,
        "median_response_minutes": 95.0,
        "p90_response_minutes": 900.0,
        "ready": False,
        "readiness_message": "Short of 1.2 FTE.",
    }


READINESS_TEXT = (
    "The team planned (3.0 FTE) is 1.2 FTE short of the promise: 9 in 10 replies would take "
    "up to 15 h instead of 1 h. Don't invite questions you are not ready to answer."
)


@pytest.fixture(scope="session")
def readiness_text() -> str:
    return READINESS_TEXT


@pytest.fixture(scope="session")
def figures() -> dict[str, go.Figure]:
    years = [0, 1, 2, 3, 4, 5]
    cumulative = go.Figure(
        [
            go.Scatter(x=years, y=[0, 0.3, 0.6, 0.9, 1.2, 1.5], name="Cost £m"),
            go.Scatter(x=years, y=[0, 0.1, 0.3, 0.5, 0.7, 0.9], name="Benefit £m"),
        ]
    )
    frontier = go.Figure(go.Scatter(x=[15, 30, 60, 120, 240], y=[9.1, 6.2, 4.2, 3.1, 2.4]))
    return {"Cumulative cost and benefit": cumulative, "Cost against speed": frontier}


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    yearly = pd.DataFrame(
        {
            "year": [2026, 2027, 2028, 2029, 2030],
            "cost_gbp": [310_000.0, 305_000.0, 305_000.0, 305_000.0, 305_000.0],
            "benefit_gbp": [80_000.0, 150_000.0, 170_000.0, 180_000.0, 190_000.0],
        }
    )
    stakeholders = pd.DataFrame(
        {
            "group": ["Residents", "Businesses", "Ysgolion Ŵyn"],
            "population": [120_000, 4_100, 300],
            "target_level": ["Consult", "Involve", "Inform"],
        }
    )
    return {"Year by year": yearly, "Stakeholder groups": stakeholders}


@pytest.fixture(scope="session")
def recalculate(tmp_path_factory: pytest.TempPathFactory) -> Callable[[dict[str, bytes]], Path]:
    """Recalculate .xlsx files in LibreOffice (headless, one start for all), or skip.

    Takes {stem: xlsx bytes}; returns the folder holding the recalculated ``stem.xlsx`` files.
    A private profile keeps parallel runs from colliding.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        skip_or_fail("soffice not installed (Debian package libreoffice-calc-nogui)")
    assert soffice is not None
    root = tmp_path_factory.mktemp("libreoffice")

    def run(files: dict[str, bytes]) -> Path:
        source, out = root / "in", root / "out"
        source.mkdir(exist_ok=True)
        paths = []
        for stem, data in files.items():
            path = source / f"{stem}.xlsx"
            path.write_bytes(data)
            paths.append(str(path))
        subprocess.run([soffice, f"-env:UserInstallation={(root / 'profile').as_uri()}",
                        "--headless", "--convert-to", "xlsx", "--outdir", str(out), *paths],
                       check=True, capture_output=True, timeout=180)
        return out

    return run
