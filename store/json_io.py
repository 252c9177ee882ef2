"""Scenario JSON files for download and upload, with errors a person can act on."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from model import Scenario
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
        parsed = json.loads(text, parse_constant=_reject_constant, parse_int=_bounded_int,
                            parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"file: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    except RecursionError as error:  # '[[[[…' 100,000 deep: no scenario nests past a few levels
        raise ValueError(
            "file: nested too deeply to be a scenario (lists or objects inside one another "
            "hundreds of levels deep)"
        ) from error
    if _nested_deeper_than(parsed, MAX_JSON_DEPTH):
        raise ValueError(f"file: nested more than {MAX_JSON_DEPTH} levels deep; a scenario "
                         "nests a few levels (a section, a group, a list in it)")
    if not isinstance(parsed, dict):
        raise ValueError(  # noqa: TRY004 - bad user data, not a programming error
            f"file: holds a JSON {type(parsed).__name__}, but a scenario is a JSON object {{...}}"
        )
    groups = parsed.get("groups")
    if isinstance(groups, list):  # refused before thousands of rows are built and checked
        check_group_count(len(groups), "file: groups")
    return migrate(parsed)


MAX_JSON_DEPTH = 20
"""Objects and lists inside one another: a scenario has four levels (scenario, section, group,
a list in it); deeper input would only reach code that recurses over it."""


def _nested_deeper_than(value: object, most: int) -> bool:
    """Whether ``value`` nests lists and objects more than ``most`` deep (no recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > most:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


MAX_NUMBER_DIGITS = 20
"""Digits in a whole number: every figure a scenario holds is below 10^20 (the largest, a
population, is below 10^8); Python refuses to read more than 4,300 anyway, in words no one
can act on."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ValueError(f"file: a number of {len(text.lstrip('-')):,} digits is larger than "
                         "any a scenario can hold")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        shown = text if len(text) <= 30 else text[:29] + "…"
        raise ValueError(f"file: {shown} is larger than any number a scenario can hold")
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"file: {name} is not a number a scenario can hold")


SECTION_SHAPES: dict[str, tuple[type, type | None, str]] = {
    "levels": (list, dict, "a list of levels, each an object {...}"),
    "groups": (list, dict, "a list of stakeholder groups, each an object {...}"),
    "uncertainty": (list, dict, "a list of ranges, each an object {...}"),
    "promise": (dict, None, "an object {...}"),
    "staffing": (dict, None, "an object {...}"),
    "economics": (dict, None, "an object {...}"),
    "appraisal": (dict, None, "an object {...}"),
    "surge": (dict, None, "an object {...}"),
    "arrival_profile": (list, float, "a list of 168 numbers"),
    "patience_minutes": (list, float, "a list of numbers"),
    "patience_share": (list, float, "a list of numbers"),
}


def check_shape(data: Mapping[str, Any]) -> None:
    """ValueError naming the first section that is not the kind of JSON value expected.

    The model checks the values; this catches a file whose sections have the wrong shape, which
    would otherwise fail with a message about Python types.
    """
    for key, (outer, inner, expected) in SECTION_SHAPES.items():
        if key not in data:
            continue
        value = data[key]
        items = value if isinstance(value, list) else []
        if inner is float:
            ok_items = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items)
        else:
            ok_items = inner is None or all(isinstance(v, inner) for v in items)
        if not isinstance(value, outer) or not ok_items:
            shown = json.dumps(value)[:60]
            raise ValueError(f"{key} = {shown}: expected {expected}")


def scenario_from_upload(data: bytes, file_name: str) -> Scenario:
    """An uploaded scenario JSON file, migrated and validated; ValueError says what is wrong."""
    try:
        migrated = scenario_from_json(data)
        check_shape(migrated)
        return Scenario.from_dict(migrated)
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        raise ValueError(f"{file_name} is not a scenario this app can open: {error}") from error
