"""Key settings to and from the URL, so a copied link reopens the same view.

Keys: levels (group:level name;…; old links group:1–5 by position), target (minutes),
share (%), cover (preset or custom:hex), fte (number or "auto"), present (1).
Bad values are reported and skipped, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import quote, unquote

from model import Scenario
from model.bounds import bound
from model.cover import PRESETS, cover_preset, preset_name
from model.units import HOURS_PER_WEEK

URL_KEYS = ("levels", "target", "share", "cover", "fte")
CUSTOM_PREFIX = "custom:"
AUTO_FTE = "auto"
HEX_DIGITS = HOURS_PER_WEEK // 4
MAX_ECHO = 40  # characters of a bad link value repeated in the warning: enough to recognise it


def encode(scenario: Scenario) -> dict[str, str]:
    """The shareable settings of a scenario as short text values."""
    promise, staffing = scenario.promise, scenario.staffing
    levels = ";".join(f"{quote(g.group, safe='')}:{quote(g.target_level, safe='')}"
                      for g in scenario.groups)  # names quoted: they may hold ";" or ":"
    preset = preset_name(promise.cover)
    cover = preset if preset in PRESETS else CUSTOM_PREFIX + _cover_to_hex(promise.cover)
    planned = staffing.planned_fte
    return {
        "levels": levels,
        "target": f"{promise.response_target_minutes:g}",
        "share": f"{promise.target_share * 100:g}",
        "cover": cover,
        "fte": AUTO_FTE if planned is None else f"{planned:g}",
    }


def decode(params: Mapping[str, str], scenario: Scenario) -> tuple[Scenario, list[str]]:
    """Apply whichever URL settings are valid; return the scenario and a note per bad one."""
    problems: list[str] = []
    for key, apply in (("levels", _apply_levels), ("target", _apply_target),
                       ("share", _apply_share), ("cover", _apply_cover), ("fte", _apply_fte)):
        if key not in params:
            continue
        try:
            scenario = apply(scenario, str(params[key]))
        except (ValueError, KeyError, TypeError) as error:
            problems.append(f"Link setting '{key}={_short(str(params[key]))}' was ignored: "
                            f"{error}")
    return scenario, problems


def _cover_to_hex(cover: tuple[int, ...]) -> str:
    bits = "".join(str(int(c)) for c in cover)
    return f"{int(bits, 2):0{HEX_DIGITS}x}"


def _hex_to_cover(text: str) -> tuple[int, ...]:
    if len(text) != HEX_DIGITS:
        raise ValueError(f"expected {HEX_DIGITS} hex digits")
    bits = f"{int(text, 16):0{HOURS_PER_WEEK}b}"
    return tuple(int(b) for b in bits)


def _apply_levels(scenario: Scenario, text: str) -> Scenario:
    known = {g.group for g in scenario.groups}
    targets: dict[str, str] = {}
    for item in filter(None, text.split(";")):
        quoted, _, level = item.rpartition(":")
        group = unquote(quoted)
        if group not in known:
            raise ValueError(f"no group called {group!r}")
        targets[group] = _level(scenario.level_names, unquote(level), group)
    return scenario.with_targets(targets)


def _level(ladder: tuple[str, ...], text: str, group: str) -> str:
    """A level by name; links made before levels went by name give its position (1 = lowest)."""
    if text in ladder:
        return text
    if text.isdigit() and 1 <= int(text) <= len(ladder):
        return ladder[int(text) - 1]
    raise ValueError(f"level for {group!r} must be one of {', '.join(ladder)}")


def _short(text: str, limit: int = MAX_ECHO) -> str:
    """A link value as echoed back: never so long it fills the warning."""
    return text if len(text) <= limit else text[:limit] + "…"


def _number(text: str, name: str, scale: float = 1.0) -> float:
    """A link number in the field's bounds (``scale``: 100 for a share given in %)."""
    try:
        value = float(text) / scale
    except ValueError:
        raise ValueError(f"{_short(repr(text))} is not a number") from None
    limits = bound(name)
    if not limits.allows(value):
        low, high = limits.low * scale, limits.high * scale
        raise ValueError(f"expected {low:g}–{high:,.10g}"
                         + (f" ({limits.help})" if limits.help else ""))
    return value


def _apply_target(scenario: Scenario, text: str) -> Scenario:
    minutes = _number(text, "promise.response_target_minutes")
    promise = replace(scenario.promise, response_target_minutes=minutes)
    return replace(scenario, promise=promise)


def _apply_share(scenario: Scenario, text: str) -> Scenario:
    share = _number(text, "promise.target_share", scale=100)
    promise = replace(scenario.promise, target_share=share)
    return replace(scenario, promise=promise)


def _apply_cover(scenario: Scenario, text: str) -> Scenario:
    if text.startswith(CUSTOM_PREFIX):
        cover, label = _hex_to_cover(text[len(CUSTOM_PREFIX):]), "Custom"
    else:
        cover, label = cover_preset(text), text
    return replace(scenario, promise=replace(scenario.promise, cover=cover, cover_preset=label))


def _apply_fte(scenario: Scenario, text: str) -> Scenario:
    planned = None if text == AUTO_FTE else _number(text, "staffing.planned_fte")
    return replace(scenario, staffing=replace(scenario.staffing, planned_fte=planned))
