"""The app's words kept as data in content/: page prose (markdown) and tables of labels."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"


@functools.cache
def prose(name: str) -> str:
    """Page prose from content/<name>.md."""
    return (CONTENT_DIR / f"{name}.md").read_text(encoding="utf-8")


@functools.cache
def table(name: str) -> pd.DataFrame:
    """A table of words from content/<name>.csv, indexed by its first column (read once)."""
    frame = pd.read_csv(CONTENT_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    return frame.set_index(frame.columns[0])
