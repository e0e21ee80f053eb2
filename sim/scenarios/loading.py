"""Scenario files: TOML in, a validated, frozen :class:`Scenario` out.

A scenario file has a ``[scenario]`` table (name, description, weeks,
replications, seed, optional ``extends``), a ``[world]`` table,
``[actors.<key>]`` tables and ``[[events]]`` that change parameters at a given
week. Every key is checked against :mod:`sim.scenarios.params`; every error names
the file, the key, the value, what is allowed and, where one is close, a
did-you-mean.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sim.errors import ScenarioError
from sim.scenarios.params import ACTORS, PARAMS, defaults
from sim.scenarios.scenario import Event, Scenario
from sim.scenarios.values import (
    SCENARIO_KEYS,
    Value,
    check_scenario_value,
    check_value,
    did_you_mean,
    flatten_table,
    lookup_param,
    unknown_parameter,
)

TOP_LEVEL = ("scenario", "world", "actors", "events")
EVENT_KEYS = ("week", "set", "note")


def load_assumptions(path: str | Path) -> tuple[str, str, dict[str, Value]]:
    """A partial scenario of assumptions: ``[world]`` and ``[actors.*]`` keys only.

    Returns (name, description, parameter values). ``[scenario]`` may hold only
    ``name`` and ``description``; events are not allowed.
    """
    path = Path(path)
    source = str(path)
    raw = _read_toml(path, referrer=None)
    if "events" in raw:
        raise ScenarioError(source, "an assumption set cannot have events; it sets "
                                    "[world] and [actors.*] keys only", "events")
    table = raw.get("scenario", {})
    if isinstance(table, dict):
        for key in table:
            if key not in ("name", "description"):
                raise ScenarioError(source, "an assumption set's [scenario] table holds only "
                                            "name and description", f"scenario.{key}")
    layer = _validate_file(raw, source)
    if not layer.params:
        raise ScenarioError(source, "sets no parameters; add [world] or [actors.*] keys")
    return (layer.table.get("name") or path.stem, layer.table.get("description", ""),
            layer.params)


def load_scenario(path: str | Path, overrides: Iterable[str] = ()) -> Scenario:
    """Read, merge (``extends``) and validate a scenario file.

    Args:
        path: the TOML file.
        overrides: ``key=value`` strings applied on top (like ``--set``).

    Raises:
        ScenarioError: naming the file and key of the first problem found.
    """
    path = Path(path)
    layers = _read_chain(path, chain=())
    params: dict[str, Value] = defaults()
    table: dict[str, Any] = {key: spec[3] for key, spec in SCENARIO_KEYS.items()}
    events: list[Event] = []
    for layer in layers:  # base first, the file itself last
        table.update(layer.table)
        params.update(layer.params)
        events.extend(layer.events)
    for event in events:
        if event.week >= table["weeks"]:
            raise ScenarioError(
                event.source, f"got {event.week}, but the horizon is {table['weeks']} "
                              f"weeks; allowed: 0 to {table['weeks'] - 1}", "events.week")
    scenario = Scenario(
        name=table["name"] or path.stem,
        description=table["description"],
        weeks=table["weeks"],
        replications=table["replications"],
        seed=table["seed"],
        params=MappingProxyType(params),
        events=tuple(sorted(events, key=lambda e: e.week)),
        source=str(path),
    )
    return scenario.with_overrides(overrides)


@dataclass
class _Layer:
    table: dict[str, Any]
    params: dict[str, Value]
    events: list[Event]


def _read_chain(path: Path, chain: tuple[Path, ...]) -> list[_Layer]:
    """The layers of ``path`` and the files it extends, base first."""
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise ScenarioError(str(path), f"extends cycle: {cycle}", "scenario.extends")
    raw = _read_toml(path, referrer=chain[-1] if chain else None)
    layer = _validate_file(raw, str(path))
    parent = layer.table.pop("extends", None)
    if parent is None:
        return [layer]
    return [*_read_chain(path.parent / parent, (*chain, resolved)), layer]


def _read_toml(path: Path, referrer: Path | None) -> dict[str, Any]:
    via = f" (extended by {referrer})" if referrer else ""
    if not path.is_file():
        what = "no such file" if not path.exists() else "not a file"
        raise ScenarioError(str(path), f"{what}{via}; give the path of a .toml scenario "
                                       "(see scenarios/)")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(str(path), f"not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), f"cannot read: {exc}") from None


def _validate_file(raw: dict[str, Any], source: str) -> _Layer:
    for key in raw:
        if key not in TOP_LEVEL:
            hint = (f' (did you mean "[actors.{key}]"?)' if key in ACTORS
                    else did_you_mean(key, TOP_LEVEL))
            raise ScenarioError(source, f"unknown table{hint}; allowed: "
                                        + ", ".join(TOP_LEVEL), key)
    table = _validate_scenario_table(_table(raw, "scenario", source), source)
    params: dict[str, Value] = {}
    params.update(_validate_params(_table(raw, "world", source), "world", source))
    actors = _table(raw, "actors", source)
    for actor, values in actors.items():
        if actor not in ACTORS:
            raise ScenarioError(source, f"unknown actor{did_you_mean(actor, ACTORS)}; "
                                        "allowed: " + ", ".join(ACTORS), f"actors.{actor}")
        if not isinstance(values, dict):
            raise ScenarioError(source, "must be a table of parameters", f"actors.{actor}")
        params.update(_validate_params(values, actor, source, prefix="actors."))
    events = raw.get("events", [])
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise ScenarioError(source, "must be an array of tables ([[events]])", "events")
    return _Layer(table, params, [_validate_event(e, source) for e in events])


def _table(raw: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ScenarioError(source, f"must be a table ([{name}])", name)
    return value


def _validate_scenario_table(table: dict[str, Any], source: str) -> dict[str, Any]:
    return {key: check_scenario_value(key, value, source) for key, value in table.items()}


def _validate_params(values: dict[str, Any], section: str, source: str,
                     prefix: str = "") -> dict[str, Value]:
    out: dict[str, Value] = {}
    for name, value in values.items():
        key = f"{section}.{name}"
        if key not in PARAMS:
            raise ScenarioError(source, unknown_parameter(section, name), prefix + key)
        out[key] = check_value(PARAMS[key], value, source, prefix + key)
    return out


def _validate_event(raw: dict[str, Any], source: str) -> Event:
    for key in raw:
        if key not in EVENT_KEYS:
            raise ScenarioError(source, f"unknown key{did_you_mean(key, EVENT_KEYS)}; "
                                        "allowed: " + ", ".join(EVENT_KEYS), f"events.{key}")
    week = raw.get("week")
    if isinstance(week, bool) or not isinstance(week, int) or week < 0:
        raise ScenarioError(source, f"got {week!r}; allowed: an integer week from 0 to "
                                    "the horizon minus 1", "events.week")
    changes = raw.get("set")
    if not isinstance(changes, dict) or not changes:
        raise ScenarioError(source, 'each event needs a table of changes, e.g. set = '
                                    '{ united_states.military_aid = 0.0 }', "events.set")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ScenarioError(source, f"got {note!r}; allowed: a string", "events.note")
    checked: dict[str, Value] = {}
    for key, value in flatten_table(changes).items():
        param = lookup_param(key, source)
        if param.init_only:
            raise ScenarioError(source, "is read only at week 0; set it in its table, "
                                        "not in an event", f"events.set.{param.key}")
        checked[param.key] = check_value(param, value, source, f"events.set.{param.key}")
    return Event(week, MappingProxyType(checked), note, source)
