"""The Scenario: everything a user can set, immutable, validated once, JSON round-trip."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from typing import Any

from model.bounds import check, check_group_count, fail
from model.registry import UNCERTAIN_INPUTS
from model.rota import RotaRules
from model.surge_event import Surge
from model.units import HOURS_PER_WEEK

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Level:
    """One engagement level (after the IAP2 Spectrum) and what it asks of the organisation."""

    name: str
    invite_multiplier: float  # inbound relative to Inform
    reply_share: float  # share of inbound the organisation commits to answer
    handle_minutes: float  # staff minutes per reply
    approval_share: float  # share of replies needing sign-off
    content_hours_per_week: float  # proactive content per group at this level
    events_per_year: float
    hours_per_event: float
    consultation_responses_per_1000_followers_per_year: float

    def __post_init__(self) -> None:
        where = f"levels[{self.name}]"
        if not self.name.strip():
            fail("levels.name", self.name, "a non-empty level name")
        for item in fields(self):
            if item.name != "name":
                check(f"levels.{item.name}", getattr(self, item.name), f"{where}.{item.name}")


# A contact channel `key` (a "contact" row of sample_data/channels.csv, lower case) is priced
# by `Economics.contact_gbp[key]`, saved and read as `<key>_contact_gbp` (a row of
# settings.csv); each group's `substitution_shares[key]` of timely replies save one, saved and
# read as `<key>_substitution_share` (a column of stakeholders.csv).
CONTACT_PRICE = "_contact_gbp"
SUBSTITUTION = "_substitution_share"
DEFAULT_CONTACT_CHANNELS = ("phone", "visit")  # scenarios saved before the channels were read
_CHANNEL_KEY = re.compile(r"[a-z][a-z0-9_]*")

Pairs = tuple[tuple[str, float], ...]  # (contact channel key, value), each key once


def _pairs(values: Pairs | Mapping[str, float], where: str) -> Pairs:
    """Checked (key, value) pairs in key order, so equal settings compare equal."""
    items = list(values.items()) if isinstance(values, Mapping) else list(values)
    if any(not isinstance(item, (tuple, list)) or len(item) != 2 for item in items):
        fail(where, items, "pairs of [contact channel key, value]")
    items = [(key, value) for key, value in items]
    keys = [key for key, _ in items]
    if any(not isinstance(key, str) or not _CHANNEL_KEY.fullmatch(key) for key in keys) or len(
            set(keys)) != len(keys):
        fail(where, keys, "contact channel keys (lower-case letters, digits, _), each once")
    return tuple(sorted((key, value) for key, value in items))


def _split(values: dict[str, Any], suffix: str, field_name: str, where: str) -> dict[str, Any]:
    """Saved form → fields: every `<key><suffix>` value gathered into (key, value) pairs."""
    if not isinstance(values, dict):
        fail(where, values, "an object {field: value, …}")
    flat = {name: value for name, value in values.items()
            if name.endswith(suffix) and name != field_name}
    rest = {name: value for name, value in values.items() if name not in flat}
    pairs = [(name.removesuffix(suffix), value) for name, value in flat.items()]
    rest[field_name] = tuple(pairs) + tuple(tuple(p) for p in rest.get(field_name, ()))
    return rest


def _shallow(item: Any) -> dict[str, Any]:
    """A frozen dataclass's fields by name (its values are immutable: no copy needed)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}


def _flatten(values: dict[str, Any], suffix: str, field_name: str) -> dict[str, Any]:
    """Fields → saved form: the (key, value) pairs of `field_name` as `<key><suffix>` values,
    where the field stands."""
    flat: dict[str, Any] = {}
    for name, value in values.items():
        flat |= ({f"{key}{suffix}": share for key, share in value} if name == field_name
                 else {name: value})
    return flat


@dataclass(frozen=True)
class StakeholderGroup:
    """One row of the Assessment: who, how many, where they are and where we want them."""

    group: str
    population: float
    reach_share: float  # share of the population who follow our channels
    messages_per_follower_per_year: float  # inbound at Inform
    current_level: str
    target_level: str
    why: str
    # By contact channel key: the share of timely replies that save a contact on it (a call,
    # a visit …). A channel not listed: none (0).
    substitution_shares: Pairs = ()
    # The group this one sits inside ("" for none): its people are carved out of the
    # parent's, so the parent's own count is its population less its sub-groups'.
    part_of: str = ""

    def __post_init__(self) -> None:
        where = f"groups[{self.group!r}]"
        if not self.group.strip():
            fail("groups.group", self.group, "a non-empty group name")
        check("groups.population", self.population, f"{where}.population")
        for name in ("reach_share", "messages_per_follower_per_year"):
            check(f"groups.{name}", getattr(self, name), f"{where}.{name}")
        shares = _pairs(self.substitution_shares, f"{where}.substitution_shares")
        object.__setattr__(self, "substitution_shares", shares)
        for key, share in shares:
            check("groups.substitution_share", share, f"{where}.{key}{SUBSTITUTION}")
        if sum(share for _, share in shares) > 1:
            fail(f"{where}.{' + '.join(key + SUBSTITUTION for key, _ in shares)}",
                  sum(share for _, share in shares), "at most 1")

    def substitution_share(self, key: str) -> float:
        """Share of timely replies that save a contact on channel `key` (0 if not given)."""
        return dict(self.substitution_shares).get(key, 0.0)

    def with_substitution_shares(self, shares: Mapping[str, float]) -> StakeholderGroup:
        """A copy with some channels' substitution shares set (the others kept)."""
        return replace(self, substitution_shares=tuple((dict(self.substitution_shares)
                                                        | dict(shares)).items()))

    def saved(self) -> dict[str, Any]:
        """The saved form: each channel's share as `<key>_substitution_share`."""
        return _flatten(_shallow(self), SUBSTITUTION, "substitution_shares")

    @classmethod
    def from_saved(cls, values: dict[str, Any], where: str = "groups") -> StakeholderGroup:
        group: StakeholderGroup = _build(
            cls, _split(values, SUBSTITUTION, "substitution_shares", where), where)
        return group



def _cover(name: str, cover: tuple[int, ...]) -> None:
    if len(cover) != HOURS_PER_WEEK or any(c not in (0, 1) for c in cover):
        fail(name, f"{len(cover)} values", "168 hourly values of 0 or 1 (Monday 00:00 first)")
    if not any(cover):
        fail(name, "no hours", "at least one hour of cover to answer a promise")


@dataclass(frozen=True)
class Promise:
    """The service promise: how fast, for what share, in which hours, with what sign-off."""

    response_target_minutes: float
    target_share: float
    cover_preset: str  # label only: "Office hours", "Extended", "24/7" or "Custom"
    cover: tuple[int, ...]  # 168 values, 1 = someone on duty
    preapproved_share: float  # share of would-be sign-offs covered by pre-approved lines
    approval_delay_hours: float  # approvers' working hours a sign-off takes
    # 168 values, 1 = approvers at work: sign-off runs only then. None: whenever someone in
    # the team is on duty (the sample's, sample_data/settings.csv approver_cover_preset blank).
    approver_cover: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("response_target_minutes", "target_share", "preapproved_share",
                     "approval_delay_hours"):
            check(f"promise.{name}", getattr(self, name))
        _cover("promise.cover", self.cover)
        if self.approver_cover is not None:
            _cover("promise.approver_cover", self.approver_cover)


@dataclass(frozen=True)
class Staffing:
    """The team: what is planned, what there is today, and what a person costs."""

    planned_fte: float | None  # None = "solve for me": plan the FTE the promise needs
    current_fte: float
    current_cover: tuple[int, ...]  # today's hours of cover, for "stay as we are"
    loaded_cost_gbp_per_fte_year: float
    contract_hours_per_week: float
    shrinkage: float
    max_occupancy: float
    # Staff minutes to read and triage each inbound message, answered or not. Saved before
    # it: the sample's (sample_data/settings.csv).
    triage_minutes_per_message: float = 0.5

    def __post_init__(self) -> None:
        if self.planned_fte is not None:
            check("staffing.planned_fte", self.planned_fte)
        _cover("staffing.current_cover", self.current_cover)
        for name in ("current_fte", "loaded_cost_gbp_per_fte_year", "contract_hours_per_week",
                     "shrinkage", "max_occupancy", "triage_minutes_per_message"):
            check(f"staffing.{name}", getattr(self, name))


@dataclass(frozen=True)
class Economics:
    """Unit costs and the shares that turn replies into money."""

    # £ a contact by contact channel key (a call, a visit …): what a timely reply saves.
    contact_gbp: Pairs
    complaint_gbp: float
    consultation_response_gbp: float
    failure_call_share: float  # late or unanswered messages that become a phone call
    failure_complaint_share: float  # ... or a formal complaint
    public_reply_share: float  # replies posted in public
    readers_per_public_reply: float
    same_need_share: float  # readers with the same question
    would_have_called_share: float  # of those, who would otherwise have phoned
    approver_minutes_per_approval: float
    approver_gbp_per_hour: float
    licence_gbp_per_seat_per_year: float
    training_gbp_per_new_fte: float
    setup_gbp: float
    # Invited messages that replace a call or visit, as a share of the group's substitution
    # shares (0: people who write only because invited would not have phoned). Scenarios
    # saved before this field load with 0, the sample value (settings.csv, SOURCES.md).
    invited_substitution_share: float = 0.0

    def __post_init__(self) -> None:
        prices = _pairs(self.contact_gbp, "economics.contact_gbp")
        object.__setattr__(self, "contact_gbp", prices)
        for name, value in self.saved().items():
            row = "economics.money_gbp" if "_gbp" in name else f"economics.{name}"
            check(row, value, f"economics.{name}")


    def contact_price_gbp(self, key: str) -> float:
        """£ a contact on channel `key` (ValueError naming it when the channel has no price)."""
        prices = dict(self.contact_gbp)
        if key not in prices:
            fail(f"economics.{key}{CONTACT_PRICE}", "missing",
                 f"a price for contact channel {key!r} (a row of settings.csv)")
        return prices[key]

    def with_contact_prices(self, gbp: Mapping[str, float]) -> Economics:
        """A copy with some channels' prices set (the others kept)."""
        return replace(self, contact_gbp=tuple((dict(self.contact_gbp) | dict(gbp)).items()))

    def scaled_contact_prices(self, factor: float) -> Economics:
        """A copy with every contact channel's price times `factor` (a dearer or cheaper case)."""
        return replace(self, contact_gbp=tuple((key, gbp * factor)
                                               for key, gbp in self.contact_gbp))

    def saved(self) -> dict[str, float]:
        """Every input by its saved name (the JSON's and settings.csv's): each channel's
        price as `<key>_contact_gbp`."""
        values: dict[str, float] = _flatten(_shallow(self), CONTACT_PRICE, "contact_gbp")
        return values

    @classmethod
    def from_saved(cls, values: dict[str, Any]) -> Economics:
        economics: Economics = _build(
            cls, _split(values, CONTACT_PRICE, "contact_gbp", "economics"), "economics")
        return economics


@dataclass(frozen=True)
class Appraisal:
    """Green Book settings."""

    horizon_years: int
    ramp_months: int
    optimism_bias_setup: float  # uplift on one-off costs, e.g. 0.1 = +10 %
    optimism_bias_running: float

    def __post_init__(self) -> None:
        for item in fields(self):
            check(f"appraisal.{item.name}", getattr(self, item.name))


def money_fields(economics: Economics | None = None) -> tuple[str, ...]:
    """Every money input, by name (as in settings.csv): each can carry a price year. Without
    `economics`, those every scenario has (each contact channel adds `<key>_contact_gbp`)."""
    return ("loaded_cost_gbp_per_fte_year",
            *(f.name for f in fields(Economics) if "_gbp" in f.name and f.name != "contact_gbp"),
            *(f"{key}{CONTACT_PRICE}" for key, _ in (economics.contact_gbp if economics else ())))


def _is_money_field(name: str) -> bool:
    return name in money_fields() or (name.endswith(CONTACT_PRICE) and _CHANNEL_KEY.fullmatch(
        name.removesuffix(CONTACT_PRICE)) is not None)


def base_year_money(scenario: Scenario) -> dict[str, float]:
    """Every money input of the scenario, by name, in its base-year prices."""
    values = {"loaded_cost_gbp_per_fte_year": scenario.staffing.loaded_cost_gbp_per_fte_year,
              **scenario.economics.saved()}
    return {name: float(values[name]) * scenario.price_base.factor(name)
            for name in money_fields(scenario.economics)}


@dataclass(frozen=True)
class PriceBase:
    """The price year of each money input and the GDP deflator that brings it to `base_year`.

    The default (no base year, no price years) reads every figure as already in one price year,
    so scenarios saved before this section load with their numbers unchanged.
    """

    base_year: int | None = None
    deflator_years: tuple[int, ...] = ()
    deflator_index: tuple[float, ...] = ()  # GDP deflator, any reference year (ratios only)
    price_years: tuple[tuple[str, int], ...] = ()  # (money field, year it is priced in)

    def __post_init__(self) -> None:
        years, index = self.deflator_years, self.deflator_index
        if len(years) != len(index) or len(set(years)) != len(years):
            fail("price_base.deflator_years", list(years),
                  f"distinct years, one for each of the {len(index)} index values")
        for year, value in zip(years, index, strict=True):
            _whole_year(f"price_base.deflator_years[{year!r}]", year)
            check("price_base.deflator_index", value, f"price_base.deflator_index[{year}]")
        if self.price_years and self.base_year is None:
            fail("price_base.base_year", None, "a year, since money inputs carry price years")
        checked: list[tuple[str, int | None]] = [("price_base.base_year", self.base_year)]
        checked += [(f"price_base.price_years[{name!r}]", year) for name, year in self.price_years]
        for where, priced in checked:
            if priced is None:
                continue
            _whole_year(where, priced)
            if self.price_years and priced not in years:
                fail(where, priced, f"a year the GDP deflator covers ({_span(years)})")
        names = [name for name, _ in self.price_years]
        known = money_fields()
        for name in names:
            if not _is_money_field(name) or names.count(name) > 1:
                fail("price_base.price_years", name, f"each once, one of {', '.join(known)} "
                     f"or a contact channel's <key>{CONTACT_PRICE}")

    def factor(self, name: str) -> float:
        """Multiply money input `name` by this to put it in base-year prices (1 if unpriced)."""
        year = dict(self.price_years).get(name)
        if year is None or self.base_year is None or year == self.base_year:
            return 1.0
        deflators = dict(zip(self.deflator_years, self.deflator_index, strict=True))
        return deflators[self.base_year] / deflators[year]


def _whole_year(name: str, year: object) -> None:
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
        fail(name, year, "a calendar year, 1900–2100")


def _span(years: tuple[int, ...]) -> str:
    return f"{min(years)}–{max(years)}" if years else "none"


@dataclass(frozen=True)
class UncertainInput:
    """A range for one assumption, as factors on today's value (likely = 1)."""

    name: str
    low_factor: float
    high_factor: float

    def __post_init__(self) -> None:
        for name in ("low_factor", "high_factor"):
            check(f"uncertainty.{name}", getattr(self, name), f"uncertainty[{self.name}].{name}")


@dataclass(frozen=True)
class MeasuredToday:
    """Today's service as an inbox export measured it: it replaces the model's guess."""

    source: str  # the file it came from, shown beside "vs today"
    inbound_per_week: float
    share_answered: float
    median_first_response_minutes: float  # of answered messages; inf if none were
    within_minutes: tuple[float, ...]  # response times ...
    within_share: tuple[float, ...]  # ... and the share of all inbound answered within each

    def __post_init__(self) -> None:
        check("measured_today.inbound_per_week", self.inbound_per_week)
        check("measured_today.share_answered", self.share_answered)
        if math.isnan(self.median_first_response_minutes) or self.median_first_response_minutes < 0:
            fail("measured_today.median_first_response_minutes",
                  self.median_first_response_minutes, "minutes ≥ 0")
        if len(self.within_minutes) != len(self.within_share) or not self.within_minutes:
            fail("measured_today.within_minutes", len(self.within_minutes),
                  "as many times as shares, at least one")
        for share in self.within_share:
            check("measured_today.within_share", share)

    def share_within(self, minutes: float) -> float:
        """Share answered within a time, read between the measured points."""
        pairs = sorted(zip(self.within_minutes, self.within_share))
        xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
        if minutes <= xs[0]:
            return ys[0] * minutes / xs[0] if xs[0] > 0 else ys[0]
        for (x0, y0), (x1, y1) in zip(pairs, pairs[1:]):
            if minutes <= x1:
                return y0 + (y1 - y0) * (minutes - x0) / (x1 - x0)
        return ys[-1]


@dataclass(frozen=True)
class Scenario:
    """Everything a user can set. Build with `Scenario.from_dict` or `dataclasses.replace`."""

    name: str
    levels: tuple[Level, ...]
    groups: tuple[StakeholderGroup, ...]
    promise: Promise
    staffing: Staffing
    economics: Economics
    appraisal: Appraisal
    arrival_profile: tuple[float, ...]  # 168 shares, Monday 00:00 first, sum 1
    patience_minutes: tuple[float, ...]  # points of the patience curve ...
    patience_share: tuple[float, ...]  # ... share expecting a reply within that time
    uncertainty: tuple[UncertainInput, ...] = field(default=())
    channels: tuple[str, ...] = field(default=())  # social channels the plan covers; (): any
    # Channels a timely reply saves a contact on, lowest-cost first (keys: see CONTACT_PRICE).
    contact_channels: tuple[str, ...] = DEFAULT_CONTACT_CHANNELS
    measured_today: MeasuredToday | None = None  # set when an inbox export is applied
    price_base: PriceBase = field(default_factory=PriceBase)
    rota: RotaRules = field(default_factory=RotaRules)  # shifts when staffed to the promise
    surge: Surge = field(default_factory=Surge)  # the emergency the plan is tested against

    def __post_init__(self) -> None:
        names = self.level_names
        if not names or len(set(names)) != len(names):
            fail("levels", list(names), "at least one level, each name once")
        if not self.groups:
            fail("groups", [], "at least one stakeholder group")
        check_group_count(len(self.groups))
        for group in self.groups:
            for name in ("current_level", "target_level"):
                if getattr(group, name) not in names:
                    fail(f"groups[{group.group!r}].{name}", getattr(group, name),
                          f"one of {', '.join(names)}")
        seen = [g.group for g in self.groups]
        if len(set(seen)) != len(seen):
            fail("groups.group", sorted({n for n in seen if seen.count(n) > 1}), "unique names")
        self._check_part_of()
        profile = self.arrival_profile
        if len(profile) != HOURS_PER_WEEK or any(p < 0 or not math.isfinite(p) for p in profile):
            fail("arrival_profile", f"{len(profile)} values", "168 shares ≥ 0")
        if abs(sum(profile) - 1.0) > 1e-6:
            fail("arrival_profile", f"sum {sum(profile):.4f}", "shares that sum to 1")
        self._check_patience()
        unknown_groups = set(self.surge.groups) - {g.group for g in self.groups}
        if unknown_groups:
            fail("surge.groups", sorted(unknown_groups),
                  f"names of the scenario's groups ({', '.join(g.group for g in self.groups)})")
        if any(not isinstance(c, str) or not c.strip() for c in self.channels) or len(
                set(self.channels)) != len(self.channels):
            fail("channels", list(self.channels), "channel names, each once")
        self._check_contact_channels()
        known = set(self.uncertain_inputs())
        for item in self.uncertainty:
            if item.name not in known:
                fail("uncertainty.name", item.name, f"one of {', '.join(sorted(known))}")

    def _check_contact_channels(self) -> None:
        keys = self.contact_channels
        if not keys or len(set(keys)) != len(keys) or "phone" not in keys or any(
                not isinstance(key, str) or not _CHANNEL_KEY.fullmatch(key) for key in keys):
            fail("contact_channels", list(keys), "channel keys (lower-case letters, digits, _), "
                 "each once, phone among them (chasing calls and readers' calls are priced as "
                 "phone calls)")
        prices = dict(self.economics.contact_gbp)
        for key in keys:
            if key not in prices:
                fail("contact_channels", key, f"a channel with a price economics.{key}"
                     f"{CONTACT_PRICE} (a row of settings.csv; each group's share of replies "
                     f"that save one is its {key}{SUBSTITUTION}, 0 if not given)")
        names = money_fields(self.economics)
        for name, _ in self.price_base.price_years:
            if name not in names:
                fail("price_base.price_years", name, f"each once, one of {', '.join(names)}")

    def _check_patience(self) -> None:
        minutes, share = self.patience_minutes, self.patience_share
        if len(minutes) < 2 or len(minutes) != len(share):
            fail("patience_minutes", len(minutes), "at least two points, as many as shares")
        if any(b <= a for a, b in zip(minutes, minutes[1:])) or minutes[0] < 0:
            fail("patience_minutes", list(minutes), "times ≥ 0 in increasing order")
        if any(b < a for a, b in zip(share, share[1:])) or not 0 <= share[0] <= share[-1] <= 1:
            fail("patience_share", list(share), "shares between 0 and 1 that never fall")

    def _check_part_of(self) -> None:
        by_name = {g.group: g for g in self.groups}
        for group in self.groups:
            where = f"groups[{group.group!r}].part_of"
            if group.part_of and group.part_of not in by_name:
                fail(where, group.part_of, f"'' or one of {', '.join(by_name)}")
            chain, parent = [group.group], group.part_of
            while parent:
                if parent in chain:
                    fail(where, " → ".join([*chain, parent]), "groups that do not contain "
                          "themselves (a cycle of part_of)")
                chain.append(parent)
                parent = by_name[parent].part_of
        for name, own in zip(by_name, self.own_populations(), strict=True):
            if own < 0:
                fail(f"groups[{name!r}].population", by_name[name].population,
                      f"at least its sub-groups' {by_name[name].population - own:,.0f} people")

    def own_populations(self) -> tuple[float, ...]:
        """Each group's people not in one of its sub-groups (never counted twice)."""
        inside = {g.group: 0.0 for g in self.groups}
        for group in self.groups:
            if group.part_of:
                inside[group.part_of] += group.population
        return tuple(g.population - inside[g.group] for g in self.groups)

    def followers(self) -> tuple[float, ...]:
        """Followers per group, each person once: own population × the group's reach."""
        return tuple(own * g.reach_share
                     for own, g in zip(self.own_populations(), self.groups, strict=True))

    @property
    def level_names(self) -> tuple[str, ...]:
        """The ladder, lowest first, in the order of sample_data/levels.csv."""
        return tuple(level.name for level in self.levels)

    def level(self, name: str) -> Level:
        return next(level for level in self.levels if level.name == name)

    def uncertain_inputs(self) -> dict[str, str]:
        """The assumptions that can carry an uncertainty range, a break-even value and a
        tornado bar (name: what people read): `UNCERTAIN_INPUTS`, then the price of each
        further contact channel, so a channel added as data can carry a range too."""
        prices = (f"{key}{CONTACT_PRICE}" for key in self.contact_channels)
        return UNCERTAIN_INPUTS | {name: f"cost of one {name.removesuffix(CONTACT_PRICE)} contact"
                                   for name in prices if name not in UNCERTAIN_INPUTS}

    def with_targets(self, targets: dict[str, str]) -> Scenario:
        """A copy with some groups' target levels changed."""
        groups = tuple(replace(g, target_level=targets.get(g.group, g.target_level))
                       for g in self.groups)
        return replace(self, groups=groups)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["economics"] = self.economics.saved()  # prices and shares by channel, flat:
        data["groups"] = [group.saved() for group in self.groups]  # as saved before channels
        data["schema_version"] = SCHEMA_VERSION
        if self.measured_today is None:
            del data["measured_today"]  # scenarios without an export read as before
        elif not math.isfinite(self.measured_today.median_first_response_minutes):
            data["measured_today"]["median_first_response_minutes"] = None
        if self.contact_channels == DEFAULT_CONTACT_CHANNELS:
            del data["contact_channels"]  # and those with the usual phone and visit
        return _lists(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        """Build and validate; missing or unknown keys raise ValueError naming them."""
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            fail("schema_version", version, f"{SCHEMA_VERSION} (migrate older scenarios first)")
        body = {k: v for k, v in data.items() if k != "schema_version"}
        staffing = dict(_section(body, "staffing"))
        staffing["current_cover"] = tuple(staffing.get("current_cover", ()))
        promise = dict(_section(body, "promise"))
        promise["cover"] = tuple(promise.get("cover", ()))
        if promise.get("approver_cover") is not None:
            promise["approver_cover"] = tuple(promise["approver_cover"])
        return cls(
            name=str(body.get("name", "")),
            levels=tuple(_build(Level, row, "levels") for row in _section(body, "levels")),
            groups=tuple(StakeholderGroup.from_saved(row, f"groups[{number}]")
                         for number, row in enumerate(_section(body, "groups"))),
            promise=_build(Promise, promise, "promise"),
            staffing=_build(Staffing, staffing, "staffing"),
            economics=Economics.from_saved(_section(body, "economics")),
            appraisal=_build(Appraisal, _section(body, "appraisal"), "appraisal"),
            arrival_profile=tuple(_section(body, "arrival_profile")),
            patience_minutes=tuple(_section(body, "patience_minutes")),
            patience_share=tuple(_section(body, "patience_share")),
            uncertainty=tuple(_build(UncertainInput, row, "uncertainty")
                              for row in body.get("uncertainty", [])),
            channels=tuple(body.get("channels", ())),  # scenarios saved before it: any channel
            contact_channels=tuple(body.get("contact_channels", DEFAULT_CONTACT_CHANNELS)),
            measured_today=_measured(body.get("measured_today")),
            price_base=_price_base(body.get("price_base")),  # saved before it: as entered
            rota=_rota_rules(body.get("rota", {})),  # saved before it: the sample's
            surge=_surge(body.get("surge", {})),  # saved before it: the sample's event
        )


def _rota_rules(values: dict[str, Any]) -> RotaRules:
    values = dict(values)
    if "part_time_paid_hours" in values:
        lengths = values["part_time_paid_hours"]
        if not isinstance(lengths, (list, tuple)):
            fail("rota.part_time_paid_hours", lengths, "a list of paid hours")
        values["part_time_paid_hours"] = tuple(lengths)
    rules: RotaRules = _build(RotaRules, values, "rota")
    return rules


def _surge(values: Any) -> Surge:
    if not isinstance(values, dict):
        fail("surge", values, "an object {start_hour, duration_hours, multiplier, …}")
    values = dict(values)
    if "groups" in values:
        if not isinstance(values["groups"], (list, tuple)):
            fail("surge.groups", values["groups"], "a list of group names")
        values["groups"] = tuple(values["groups"])
    surge: Surge = _build(Surge, values, "surge")
    return surge


def _price_base(values: dict[str, Any] | None) -> PriceBase:
    if values is None:
        return PriceBase()
    values = dict(values)
    for name in ("deflator_years", "deflator_index"):
        values[name] = tuple(values.get(name, ()))
    pairs = values.get("price_years", ())
    if any(not isinstance(pair, (list, tuple)) or len(pair) != 2 for pair in pairs):
        fail("price_base.price_years", pairs, "pairs of [money field, price year]")
    values["price_years"] = tuple((str(name), year) for name, year in pairs)
    price_base: PriceBase = _build(PriceBase, values, "price_base")
    return price_base


def _measured(values: dict[str, Any] | None) -> MeasuredToday | None:
    if values is None:
        return None
    values = dict(values)
    for name in ("within_minutes", "within_share"):
        values[name] = tuple(values.get(name, ()))
    if values.get("median_first_response_minutes") is None:  # JSON has no infinity
        values["median_first_response_minutes"] = math.inf
    measured: MeasuredToday = _build(MeasuredToday, values, "measured_today")
    return measured


def _section(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        fail(key, "missing", f"a '{key}' section")
    return data[key]


def _build(kind: Any, values: dict[str, Any], where: str) -> Any:
    expected = {f.name for f in fields(kind)}
    optional = {f.name for f in fields(kind) if f.default is not MISSING}
    missing, unknown = expected - optional - set(values), set(values) - expected
    if missing or unknown:
        fail(where, f"missing {sorted(missing)}, unknown {sorted(unknown)}",
              f"the fields {sorted(expected)}")
    return kind(**values)


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value
