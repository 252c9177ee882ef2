"""The app's words kept as data in content/: page prose (markdown), tables of labels and
sentence templates with named placeholders (CHIME's locales/en.yml idea)."""

from __future__ import annotations

import functools
import string
import tomllib
from pathlib import Path

import pandas as pd

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
SENTENCES_DIR = CONTENT_DIR / "sentences"


@functools.cache
def prose(name: str) -> str:
    """Page prose from content/<name>.md."""
    return (CONTENT_DIR / f"{name}.md").read_text(encoding="utf-8")


@functools.cache
def table(name: str) -> pd.DataFrame:
    """A table of words from content/<name>.csv, indexed by its first column (read once)."""
    frame = pd.read_csv(CONTENT_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    return frame.set_index(frame.columns[0])


@functools.cache
def templates(area: str) -> dict[str, str]:
    """Every sentence template of one area, from content/sentences/<area>.toml (read once)."""
    with (SENTENCES_DIR / f"{area}.toml").open("rb") as file:
        return {name: str(text) for name, text in tomllib.load(file).items()}


@functools.cache
def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a template: {"share", "target"} for "{share} within {target}"."""
    return frozenset(field for _, field, _, _ in string.Formatter().parse(template)
                     if field is not None)


def sentence(area: str, name: str, **values: str) -> str:
    """Template ``name`` of ``area`` with every placeholder filled by an already-formatted
    value; ValueError naming the template when a value is missing or not wanted."""
    template = templates(area)[name]
    wanted = placeholders(template)
    if wanted != values.keys():
        raise ValueError(f"sentence {area}.{name}: got {sorted(values)}; expected "
                         f"{sorted(wanted)}")
    return template.format(**values)
