"""Key settings to and from the URL, so a copied link reopens the same view.

Keys: levels (group:level name;…; old links group:1–5 by position), target (minutes),
share (%), cover (preset or custom:hex), fte (number or "auto"), present (1); the rota rules:
shift (paid hours), break (minutes), starts (earliest-latest start hour), on_duty (people at
least), night (start-end hour), night_pay, sat_pay, sun_pay (% added to plain time).
Every key is written, so a link reopens the same numbers even after the sample changes; a
link without a key keeps the sample's value. Bad values are reported and skipped, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote, unquote

from model import Scenario
from model.bounds import bound, check_group_count
from model.cover import PRESETS, cover_preset, preset_name
from model.rota import RotaRules
from model.units import HOURS_PER_WEEK

PERCENT = 100.0
# Rota rules as link keys: key → (RotaRules field, scale: 100 for a share given in %).
ROTA_NUMBERS = {"shift": ("shift_paid_hours", 1.0), "break": ("unpaid_break_minutes", 1.0),
                "on_duty": ("min_people_on_duty", 1.0),
                "night_pay": ("night_enhancement", PERCENT),
                "sat_pay": ("saturday_enhancement", PERCENT),
                "sun_pay": ("sunday_enhancement", PERCENT)}
WHOLE_ROTA_NUMBERS = ("min_people_on_duty",)
# Hour pairs as one key "from-to", so the model checks them together (latest ≥ earliest).
ROTA_HOURS = {"starts": ("earliest_start_hour", "latest_start_hour"),
              "night": ("night_start_hour", "night_end_hour")}
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
        "share": f"{promise.target_share * PERCENT:g}",
        "cover": cover,
        "fte": AUTO_FTE if planned is None else f"{planned:g}",
        **_encode_rota(scenario.rota),
    }


def _encode_rota(rota: RotaRules) -> dict[str, str]:
    numbers = {key: f"{getattr(rota, field) * scale:g}"
               for key, (field, scale) in ROTA_NUMBERS.items()}
    hours = {key: f"{getattr(rota, first)}-{getattr(rota, second)}"
             for key, (first, second) in ROTA_HOURS.items()}
    return numbers | hours


def decode(params: Mapping[str, str], scenario: Scenario) -> tuple[Scenario, list[str]]:
    """Apply whichever URL settings are valid; return the scenario and a note per bad one."""
    problems: list[str] = []
    for key, apply in _APPLIERS.items():
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
    items = list(filter(None, text.split(";")))
    check_group_count(len(items), "levels")
    for item in items:
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


def _apply_rota_number(key: str) -> Callable[[Scenario, str], Scenario]:
    field, scale = ROTA_NUMBERS[key]

    def apply(scenario: Scenario, text: str) -> Scenario:
        value = _number(text, f"rota.{field}", scale)
        if field in WHOLE_ROTA_NUMBERS:
            if not value.is_integer():
                raise ValueError(f"expected a whole number, not {_short(text)}")
            return _with_rota(scenario, **{field: int(value)})
        return _with_rota(scenario, **{field: value})
    return apply


def _apply_rota_hours(key: str) -> Callable[[Scenario, str], Scenario]:
    first, second = ROTA_HOURS[key]

    def apply(scenario: Scenario, text: str) -> Scenario:
        start, dash, end = text.partition("-")
        if not (dash and start.isdigit() and end.isdigit()):
            raise ValueError("expected two whole hours of the day, 0–23, as from-to (7-14)")
        return _with_rota(scenario, **{first: int(start), second: int(end)})
    return apply


def _with_rota(scenario: Scenario, **changes: Any) -> Scenario:
    """RotaRules checks the hours (0–23, latest start ≥ earliest) and names the field."""
    return replace(scenario, rota=replace(scenario.rota, **changes))


_APPLIERS: dict[str, Callable[[Scenario, str], Scenario]] = {
    "levels": _apply_levels, "target": _apply_target, "share": _apply_share,
    "cover": _apply_cover, "fte": _apply_fte,
    **{key: _apply_rota_number(key) for key in ROTA_NUMBERS},
    **{key: _apply_rota_hours(key) for key in ROTA_HOURS},
}
URL_KEYS = tuple(_APPLIERS)
