"""Key settings to and from the URL, so a copied link reopens the same view.

Keys: levels (group:level name;…; old links group:1–5 by position), target (minutes),
share (%), cover (preset or custom:hex), fte (number or "auto"), present (1); the rota rules:
shift (paid hours), break (minutes), starts (earliest-latest start hour), on_duty (people at
least), night (start-end hour), night_pay, sat_pay, sun_pay (% added to plain time), part
(part-time paid hours, "4;6"), part_cap (% of paid hours), break_after (paid hours).
Every key is written, so a link reopens the same numbers even after the sample changes; a
link without a key keeps the sample's value. Bad values are reported and skipped, never raised.

Everything else a person can change (shrinkage, pre-approved lines, sign-off hours, loaded
cost, prices, ranges, the groups table, an applied inbox export, …) travels in one compact key,
`s`: the scenario's sections that differ from the sample, as JSON, deflated and base64url.
It is applied first, so the readable keys above still win when someone edits them by hand. A
section too long for a link (a very long groups table, say) is left out, and `left_out` names
it, so the page can say plainly what the link does not carry.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import zlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote, unquote

from model import Scenario
from model.bounds import bound, check_group_count
from model.cover import PRESETS, cover_preset, preset_name
from model.recommend import Limits
from model.rota import RotaRules
from model.units import HOURS_PER_WEEK

PERCENT = 100.0
# Rota rules as link keys: key → (RotaRules field, scale: 100 for a share given in %).
ROTA_NUMBERS = {"shift": ("shift_paid_hours", 1.0), "break": ("unpaid_break_minutes", 1.0),
                "on_duty": ("min_people_on_duty", 1.0),
                "night_pay": ("night_enhancement", PERCENT),
                "sat_pay": ("saturday_enhancement", PERCENT),
                "sun_pay": ("sunday_enhancement", PERCENT),
                "part_cap": ("max_part_time_share", PERCENT),
                "break_after": ("break_after_paid_hours", 1.0)}
PART_TIME_KEY = "part"  # part-time shift lengths, "4;6" ("" for none)
WHOLE_ROTA_NUMBERS = ("min_people_on_duty",)
# Hour pairs as one key "from-to", so the model checks them together (latest ≥ earliest).
ROTA_HOURS = {"starts": ("earliest_start_hour", "latest_start_hour"),
              "night": ("night_start_hour", "night_end_hour")}
CUSTOM_PREFIX = "custom:"
AUTO_FTE = "auto"
HEX_DIGITS = HOURS_PER_WEEK // 4
MAX_ECHO = 40  # characters of a bad link value repeated in the warning: enough to recognise it
PACKED = "s"
LIMITS = "limits"  # the Recommendation page's limits, when not the defaults (packed too)
# Characters of the packed key: with the readable keys, a link stays under about 8,000
# characters, which browsers, chat tools and mail clients carry whole.
MAX_PACKED_CHARS = 7_000
MAX_UNPACKED_BYTES = 2_000_000  # a link never inflates to more than this (a zip bomb guard)
SECTION_NAMES = {
    "name": "the scenario's name", "levels": "the levels table", "groups": "the groups table",
    "promise": "the promise", "staffing": "the staffing", "economics": "the prices",
    "appraisal": "the appraisal settings", "arrival_profile": "the week's shape",
    "patience_minutes": "the patience curve", "patience_share": "the patience curve",
    "uncertainty": "the uncertainty ranges", "channels": "the channels",
    "contact_channels": "the contact channels", "surge": "the emergency",
    "measured_today": "the applied inbox export", "price_base": "the price base",
    "rota": "the rota rules"}


def _number_text(value: float, scale: float = 1.0) -> str:
    """The shortest text that reads back (÷ ``scale``) as exactly ``value``: 480, 80 (for a
    share of 0.8 given in %), 4.054054054054054."""
    for digits in range(6, 18):
        text = f"{value * scale:.{digits}g}"
        if float(text) / scale == value:
            return text
    return repr(value * scale)


def encode(scenario: Scenario, base: Scenario | None = None) -> dict[str, str]:
    """The shareable settings of a scenario as short text values; with ``base`` (the sample
    a link is opened on), also every other setting that differs from it, packed."""
    promise, staffing = scenario.promise, scenario.staffing
    levels = ";".join(f"{quote(g.group, safe='')}:{quote(g.target_level, safe='')}"
                      for g in scenario.groups)  # names quoted: they may hold ";" or ":"
    preset = preset_name(promise.cover)
    cover = preset if preset in PRESETS else CUSTOM_PREFIX + _cover_to_hex(promise.cover)
    planned = staffing.planned_fte
    keys = {
        "levels": levels,
        "target": _number_text(promise.response_target_minutes),
        "share": _number_text(promise.target_share, PERCENT),
        "cover": cover,
        "fte": AUTO_FTE if planned is None else _number_text(planned),
        **_encode_rota(scenario.rota),
    }
    if base is not None:
        packed, _ = pack(scenario, base)
        if packed:
            keys[PACKED] = packed
    return keys


SAVED_TEXTS_KEPT = 256  # about one per live session and a few recent settings each


@functools.lru_cache(maxsize=SAVED_TEXTS_KEPT)
def saved_text(scenario: Scenario) -> str:
    """The scenario as canonical JSON text (sorted keys), written once per scenario: the app's
    cache key for what is computed from it, and what a link compares with the sample (a
    slider move used to write it three times, 1 ms each)."""
    return json.dumps(scenario.to_dict(), sort_keys=True)


def _changed_sections(scenario: Scenario, base: Scenario) -> dict[str, Any]:
    mine, theirs = json.loads(saved_text(scenario)), json.loads(saved_text(base))
    changed = {key: value for key, value in mine.items()
               if key != "schema_version" and theirs.get(key) != value}
    changed |= {key: None for key in theirs if key not in mine}  # e.g. an export taken off
    return changed


def _blob(sections: Mapping[str, Any]) -> str:
    text = json.dumps(sections, separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def pack(scenario: Scenario, base: Scenario) -> tuple[str, list[str]]:
    """The sections of ``scenario`` that differ from ``base``, packed for a link (smallest
    first, while they fit), and the names of those too long to carry."""
    changed = _changed_sections(scenario, base)
    packed: dict[str, Any] = {}
    left: list[str] = []
    for key in sorted(changed, key=lambda k: len(json.dumps(changed[k], allow_nan=False))):
        trial = {**packed, key: changed[key]}
        if len(_blob(trial)) <= MAX_PACKED_CHARS:
            packed = trial
        else:
            left.append(key)
    return (_blob(packed) if packed else ""), left


def left_out(scenario: Scenario, base: Scenario) -> list[str]:
    """What a link to ``scenario`` cannot carry, in words (empty when it carries everything)."""
    return list(dict.fromkeys(SECTION_NAMES.get(key, key) for key in pack(scenario, base)[1]))


def _unpack(text: str) -> dict[str, Any]:
    try:
        raw = zlib.decompressobj().decompress(base64.urlsafe_b64decode(text.encode("ascii")),
                                              MAX_UNPACKED_BYTES)
        sections = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeError, ValueError) as error:
        raise ValueError("the packed settings are damaged (was the link cut short?)") from error
    if not isinstance(sections, dict):
        raise ValueError("the packed settings are not a set of sections")
    return sections


def _apply_packed(scenario: Scenario, text: str) -> Scenario:
    data = scenario.to_dict()
    for key, value in _unpack(text).items():
        if key not in SECTION_NAMES:
            raise ValueError(f"no setting called {_short(repr(key))}")
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    _no_nan(data)
    return Scenario.from_dict(data)


def _no_nan(value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a packed setting is not a finite number")
    if isinstance(value, dict):
        for item in value.values():
            _no_nan(item)
    elif isinstance(value, list):
        for item in value:
            _no_nan(item)


def _encode_rota(rota: RotaRules) -> dict[str, str]:
    numbers = {key: _number_text(getattr(rota, field), scale)
               for key, (field, scale) in ROTA_NUMBERS.items()}
    hours = {key: f"{getattr(rota, first)}-{getattr(rota, second)}"
             for key, (first, second) in ROTA_HOURS.items()}
    part = {PART_TIME_KEY: ";".join(f"{h:g}" for h in rota.part_time_paid_hours)}
    return numbers | hours | part


def _apply_part_time(scenario: Scenario, text: str) -> Scenario:
    lengths = tuple(_number(part, "rota.part_time_paid_hours") for part in text.split(";")
                    if part.strip())
    return _with_rota(scenario, part_time_paid_hours=lengths)


def decode(params: Mapping[str, str], scenario: Scenario) -> tuple[Scenario, list[str]]:
    """Apply whichever URL settings are valid; return the scenario and a note per bad one."""
    problems: list[str] = []
    written: dict[str, str] = {}
    for key, apply in _APPLIERS.items():
        if key not in params or written.get(key) == str(params[key]):
            continue  # what the packed settings already set, exactly: keep their digits
        try:
            scenario = apply(scenario, str(params[key]))
            if key == PACKED:
                written = encode(scenario)
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
    PACKED: _apply_packed,  # first: the readable keys after it win
    "levels": _apply_levels, "target": _apply_target, "share": _apply_share,
    "cover": _apply_cover, "fte": _apply_fte,
    **{key: _apply_rota_number(key) for key in ROTA_NUMBERS},
    **{key: _apply_rota_hours(key) for key in ROTA_HOURS},
    PART_TIME_KEY: _apply_part_time,
}
URL_KEYS = tuple(_APPLIERS)


def limits_text(limits: Limits) -> str:
    """The Recommendation page's limits, packed for a link (they change the recommended plan)."""
    return _blob({"max_fte": limits.max_fte, "min_levels": [list(p) for p in limits.min_levels],
                  "promises_minutes": list(limits.promises_minutes),
                  "covers": list(limits.covers)})


def limits_from_text(text: str) -> Limits:
    """`limits_text` read back; ValueError (in words) when it is damaged or out of bounds."""
    values = _unpack(text)
    _no_nan(values)
    try:
        return Limits(max_fte=values["max_fte"],
                      min_levels=tuple((str(g), str(level)) for g, level in values["min_levels"]),
                      promises_minutes=tuple(float(m) for m in values["promises_minutes"]),
                      covers=tuple(str(c) for c in values["covers"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"the recommendation's limits could not be read ({error})") from None
