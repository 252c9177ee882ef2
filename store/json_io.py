"""Scenario JSON files for download and upload, with errors a person can act on."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from model.bounds import check_group_count
from store.migrations import migrate

MAX_SCENARIO_JSON_BYTES = 5_000_000
"""A scenario is a few kB to a few hundred kB; anything far bigger is not one."""


def scenario_to_json(scenario: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON of a scenario dict, indented for people who open it in an editor."""
    try:
        text = json.dumps(dict(scenario), indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"scenario: cannot be written as JSON ({error})") from error
    return (text + "\n").encode("utf-8")


def scenario_from_json(data: bytes, *, max_bytes: int = MAX_SCENARIO_JSON_BYTES) -> dict[str, Any]:
    """Read an uploaded scenario file and migrate it to the current schema.

    Raises ValueError saying what is wrong with the file (size, encoding, JSON syntax with line
    and column, not an object, more groups than a scenario may hold, newer schema). Checking
    the scenario's fields is the model's job (``Scenario.from_dict``).
    """
    if len(data) > max_bytes:
        raise ValueError(
            f"file: {len(data):,} bytes is too large for a scenario (at most {max_bytes:,})"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"file: not UTF-8 text (byte {error.start + 1}); is this a scenario JSON file?"
        ) from error
    try:
        parsed = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"file: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    if not isinstance(parsed, dict):
        raise ValueError(  # noqa: TRY004 - bad user data, not a programming error
            f"file: holds a JSON {type(parsed).__name__}, but a scenario is a JSON object {{...}}"
        )
    groups = parsed.get("groups")
    if isinstance(groups, list):  # refused before thousands of rows are built and checked
        check_group_count(len(groups), "file: groups")
    return migrate(parsed)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"file: {name} is not a number a scenario can hold")
