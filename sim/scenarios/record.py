"""The war's public record as two files: what actors did (record/inputs.toml, replayed as
events) and what the model must produce (record/targets.toml, held against its runs).

Each observation names its quantity (:mod:`sim.scenarios.quantities`), period, value,
unit and source. The loader refuses what would let a calibration cheat or mislead:

- a target whose quantity is a replay input (the model would be fitted to what it is fed);
- a ``fit`` target whose period ends after :data:`FIT_UNTIL` (2025 is held out) and a
  ``validate`` target that does not (it would not be held out);
- a missing source, a ``primary`` source without the passage it quotes, a ``secondary``
  one without who reported it and when;
- a unit that is not the quantity's, an unknown quantity or key;
- an ``unverified`` target whose uncertainty is under a quarter of its value.

Every error is one line naming the file and the key, with a did-you-mean.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sim.errors import RecordError
from sim.scenarios.quantities import DAYS, QUANTITIES, Kind, Level, Measure, Quantity
from sim.scenarios.tomlfile import read_toml
from sim.scenarios.values import did_you_mean, shown

#: The folder the record ships in, relative to the project (like scenarios/ and claims/).
RECORD_FOLDER = Path("record")
INPUTS_FILE, TARGETS_FILE = "inputs.toml", "targets.toml"
#: The last day a ``fit`` target may cover: 2025 is the year the model never sees.
FIT_UNTIL = datetime.date(2024, 12, 31)
#: An unverified number's uncertainty: at least this share of its value.
UNVERIFIED_SHARE = 0.25


class Role(StrEnum):
    """What a target is for."""

    FIT = "fit"            # calibrated against (periods ending by FIT_UNTIL)
    VALIDATE = "validate"  # held out: predicted before it is compared
    PATTERN = "pattern"    # a base rate, checked by its own runs, not by the replay


class SourceKind(StrEnum):
    """How far a number can be trusted to be what the source says."""

    PRIMARY = "primary"        # a passage quoted from the estimating body's own text
    SECONDARY = "secondary"    # an outlet's report of it (who, and when)
    UNVERIFIED = "unverified"  # not checked against its origin (a claim, a derived sum)


@dataclass(frozen=True)
class Source:
    kind: SourceKind
    citation: str
    url: str
    quote: str = ""
    reported_by: str = ""


@dataclass(frozen=True)
class Period:
    """Both days included; an event's is its own dates (a proposal and its adoption)."""

    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Observation:
    """One number of the record: an input (``role`` None) or a target."""

    id: str
    quantity: Quantity
    period: Period | None
    value: float
    unit: str
    source: Source
    note: str = ""
    uncertainty: float | None = None
    uncertainty_reason: str = ""
    role: Role | None = None
    discrepancy: float | None = None
    discrepancy_reason: str = ""


@dataclass(frozen=True)
class Record:
    """The two files, checked, with the digest a manifest records."""

    inputs: tuple[Observation, ...]
    targets: tuple[Observation, ...]
    version: str
    sha256: str

    def with_role(self, role: Role) -> tuple[Observation, ...]:
        return tuple(t for t in self.targets if t.role is role)

    @property
    def levels(self) -> set[Level]:
        return {t.quantity.level for t in self.targets}


_COMMON = ("id", "quantity", "period", "value", "unit", "source", "note")
_TARGET_ONLY = ("uncertainty", "uncertainty_reason", "role", "discrepancy",
                "discrepancy_reason")
_SOURCE_KEYS = ("kind", "citation", "url", "quote", "reported_by")


def load_record(folder: str | Path = RECORD_FOLDER) -> Record:
    """The record in ``folder`` (inputs.toml and targets.toml), every rule checked."""
    folder = Path(folder)
    inputs_raw = read_toml(folder / INPUTS_FILE, "the record ships in record/", RecordError)
    targets_raw = read_toml(folder / TARGETS_FILE, "the record ships in record/", RecordError)
    inputs = _observations(inputs_raw, str(folder / INPUTS_FILE), "input")
    targets = _observations(targets_raw, str(folder / TARGETS_FILE), "target")
    _unique_ids(inputs + targets, str(folder))
    digest = hashlib.sha256()
    for name in (INPUTS_FILE, TARGETS_FILE):
        digest.update((folder / name).read_bytes())
    return Record(inputs, targets, str(targets_raw.get("dataset", {}).get("version", "")),
                  digest.hexdigest())


def _observations(raw: dict[str, Any], source: str, table: str) -> tuple[Observation, ...]:
    for key in raw:
        if key not in ("dataset", table):
            raise RecordError(source, f"unknown table{did_you_mean(key, [table])}; allowed: "
                                      f"dataset, [[{table}]]", key)
    entries = raw.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RecordError(source, f"must be an array of tables ([[{table}]])", table)
    return tuple(_observation(entry, source, f"{table}[{i}]", table == "target")
                 for i, entry in enumerate(entries))


def _observation(entry: dict[str, Any], source: str, where: str, target: bool
                 ) -> Observation:
    allowed = _COMMON + (_TARGET_ONLY if target else ())
    for key in entry:
        if key not in allowed:
            raise RecordError(source, f"unknown key{did_you_mean(key, allowed)}; allowed: "
                                      + ", ".join(allowed), f"{where}.{key}")
    where = f"{where} ({_text(entry, 'id', source, where)})"
    quantity = _quantity(entry, source, where, target)
    role = _role(entry, quantity, source, where) if target else None
    observation = Observation(
        id=entry["id"], quantity=quantity, role=role,
        period=_period(entry, quantity, source, where),
        value=_number(entry, "value", source, where),
        unit=_unit(entry, quantity, source, where),
        source=_source(entry.get("source"), source, f"{where}.source"),
        note=_text(entry, "note", source, where, required=False),
        **(_uncertainties(entry, source, where) if target else {}))
    if target:
        _check_target(observation, source, where)
    return observation


def _quantity(entry: dict[str, Any], source: str, where: str, target: bool) -> Quantity:
    name = _text(entry, "quantity", source, where)
    if name not in QUANTITIES:
        raise RecordError(source, f"unknown quantity {shown(name)}"
                                  f"{did_you_mean(name, QUANTITIES)}; see "
                                  "sim/scenarios/quantities.py", f"{where}.quantity")
    quantity = QUANTITIES[name]
    if target and quantity.kind is Kind.INPUT:
        raise RecordError(source, f"{name} is a replay input (what an actor did, fed to the "
                                  "model), so it cannot be a target; a target is an output "
                                  "the model produces", f"{where}.quantity")
    if not target and quantity.kind is not Kind.INPUT:
        raise RecordError(source, f"{name} is a model output, not an input; put it in "
                                  f"{TARGETS_FILE}", f"{where}.quantity")
    return quantity


def _role(entry: dict[str, Any], quantity: Quantity, source: str, where: str) -> Role:
    role = _text(entry, "role", source, where)
    if role not in tuple(Role):
        raise RecordError(source, f"got {shown(role)}{did_you_mean(role, tuple(Role))}; "
                                  "allowed: " + ", ".join(Role), f"{where}.role")
    if (Role(role) is Role.PATTERN) != (quantity.kind is Kind.BASE_RATE):
        raise RecordError(source, "a base rate's role is \"pattern\", and only a base rate's "
                                  f"({quantity.name} is {quantity.kind.value})",
                          f"{where}.role")
    return Role(role)


def _period(entry: dict[str, Any], quantity: Quantity, source: str, where: str
            ) -> Period | None:
    raw = entry.get("period")
    if quantity.kind is Kind.BASE_RATE:
        if raw is not None:
            raise RecordError(source, "a base rate covers many wars, not a period; drop it",
                              f"{where}.period")
        return None
    if (not isinstance(raw, list) or len(raw) != 2
            or not all(type(day) is datetime.date for day in raw)):
        raise RecordError(source, f"got {'missing' if raw is None else shown(raw)}; allowed: "
                                  "[first day, last day] as TOML dates, e.g. "
                                  "[2024-01-01, 2024-12-31]", f"{where}.period")
    if raw[1] < raw[0]:
        raise RecordError(source, f"ends ({raw[1]}) before it starts ({raw[0]})",
                          f"{where}.period")
    return Period(raw[0], raw[1])


def _unit(entry: dict[str, Any], quantity: Quantity, source: str, where: str) -> str:
    unit = _text(entry, "unit", source, where)
    if unit != quantity.unit:
        raise RecordError(source, f"got {shown(unit)}, but {quantity.name} is in "
                                  f"{shown(quantity.unit)}; convert the value",
                          f"{where}.unit")
    return unit


def _source(raw: Any, source: str, where: str) -> Source:
    if raw is None:
        raise RecordError(source, "missing; every number needs its source: "
                                  '{ kind = "primary", citation = "...", url = "...", '
                                  'quote = "..." }', where)
    if not isinstance(raw, dict):
        raise RecordError(source, "must be a table (kind, citation, url, quote, reported_by)",
                          where)
    for key in raw:
        if key not in _SOURCE_KEYS:
            raise RecordError(source, f"unknown key{did_you_mean(key, _SOURCE_KEYS)}; "
                                      "allowed: " + ", ".join(_SOURCE_KEYS), f"{where}.{key}")
    kind = _text(raw, "kind", source, where)
    if kind not in tuple(SourceKind):
        raise RecordError(source, f"got {shown(kind)}{did_you_mean(kind, tuple(SourceKind))};"
                                  " allowed: " + ", ".join(SourceKind), f"{where}.kind")
    found = Source(SourceKind(kind), _text(raw, "citation", source, where),
                   _text(raw, "url", source, where),
                   _text(raw, "quote", source, where, required=kind == SourceKind.PRIMARY),
                   _text(raw, "reported_by", source, where,
                         required=kind == SourceKind.SECONDARY))
    if not found.url.startswith(("https://", "http://")):
        raise RecordError(source, f"got {shown(found.url)}; allowed: a web address",
                          f"{where}.url")
    return found


def _uncertainties(entry: dict[str, Any], source: str, where: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in ("uncertainty", "discrepancy"):
        value = _number(entry, key, source, where)
        if value <= 0:
            raise RecordError(source, f"got {shown(entry[key])}; allowed: a positive standard "
                                      "deviation in the target's unit", f"{where}.{key}")
        found[key] = value
        found[f"{key}_reason"] = _text(entry, f"{key}_reason", source, where)
    return found


def _check_target(target: Observation, source: str, where: str) -> None:
    """The rules only a whole target can break: the hold-out and unverified numbers."""
    end = target.period.end if target.period else None
    if target.role is Role.FIT and end is not None and end > FIT_UNTIL:
        raise RecordError(source, f"a fit target must end by {FIT_UNTIL} (later years are "
                                  f"held out); this one ends {end}: make it \"validate\"",
                          f"{where}.period")
    if target.role is Role.VALIDATE and end is not None and end <= FIT_UNTIL:
        raise RecordError(source, f"ends {end}, inside the fitted years, so it is not held "
                                  "out; make it \"fit\"", f"{where}.role")
    if target.unit == DAYS and target.quantity.measure is Measure.EVENT and target.period:
        days = (target.period.end - target.period.start).days
        if target.value != days:
            raise RecordError(source, f"got {target.value:g} days, but the period is {days} "
                                      "days long; give the event's own dates",
                              f"{where}.value")
    if target.quantity.measure is Measure.SPREAD and target.period:
        _whole_months(target.period.start, target.period.end, source, where)
    floor = UNVERIFIED_SHARE * abs(target.value)
    if target.source.kind is SourceKind.UNVERIFIED and target.uncertainty < floor:
        raise RecordError(source, f"an unverified number's uncertainty must be at least "
                                  f"{UNVERIFIED_SHARE:.0%} of its value ({floor:g} here); "
                                  f"got {target.uncertainty:g}", f"{where}.uncertainty")


def _whole_months(first: datetime.date, last: datetime.date, source: str, where: str) -> None:
    """A spread over calendar months needs two or more of them, each whole."""
    following = last + datetime.timedelta(days=1)
    if first.day != 1 or following.day != 1 or (following.year * 12 + following.month
                                                 - first.year * 12 - first.month) < 2:
        raise RecordError(source, f"a spread of monthly totals needs two or more whole "
                                  f"calendar months; got {first} to {last}: start on a "
                                  "month's first day and end on a later month's last",
                          f"{where}.period")


def _unique_ids(observations: tuple[Observation, ...], source: str) -> None:
    seen: set[str] = set()
    for observation in observations:
        if observation.id in seen:
            raise RecordError(source, f"id {shown(observation.id)} is used twice; give each "
                                      "observation its own", "id")
        seen.add(observation.id)


def _text(table: dict[str, Any], key: str, source: str, where: str,
          required: bool = True) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise RecordError(source, f"got {'missing' if value is None else shown(value)}; "
                                  "allowed: a non-empty string", f"{where}.{key}")
    return value


def _number(table: dict[str, Any], key: str, source: str, where: str) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(source, f"got {'missing' if value is None else shown(value)}; "
                                  "allowed: a number", f"{where}.{key}")
    return float(value)

