"""Scenario files: TOML in, a validated, frozen :class:`Scenario` out.

A scenario file has a ``[scenario]`` table (name, description, weeks,
replications, seed, optional ``extends``), a ``[model]`` table (the sub-models it
chooses), a ``[world]`` table,
``[actors.<key>]`` tables and ``[[events]]`` that change parameters at a given
week. Every key is checked against :mod:`sim.scenarios.params`; every error names
the file, the key, the value, what is allowed and, where one is close, a
did-you-mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sim.errors import InputFileError, ScenarioError
from sim.scenarios.params import ACTORS, PARAMS, defaults
from sim.scenarios.scenario import Event, Scenario
from sim.scenarios.tomlfile import parse_toml, read_toml
from sim.scenarios.units import lever_setting
from sim.scenarios.values import (
    SCENARIO_KEYS,
    Value,
    add_setting,
    check_scenario_value,
    did_you_mean,
    flatten_table,
    lookup_param,
    plain_name,
    shown,
    unknown_parameter,
)

TOP_LEVEL = ("scenario", "model", "world", "actors", "events")
EVENT_KEYS = ("week", "set", "note")
#: What a missing scenario file's error suggests instead.
_SCENARIO_HINT = "give the path of a .toml scenario (see scenarios/)"


def load_assumptions(path: str | Path) -> tuple[str, str, dict[str, Value]]:
    """A partial scenario of assumptions: ``[world]`` and ``[actors.*]`` keys only.

    Returns (name, description, parameter values). ``[scenario]`` may hold only
    ``name`` and ``description``; events are not allowed.
    """
    path = Path(path)
    source = str(path)
    raw = read_toml(path, _SCENARIO_HINT)
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
    return (layer.table.get("name") or plain_name(path.stem), layer.table.get("description", ""),
            layer.params)


def load_scenario(path: str | Path, overrides: Iterable[str] = ()) -> Scenario:
    """Read, merge (``extends``, relative to each file) and validate a scenario file.

    Args:
        path: the TOML file.
        overrides: ``key=value`` strings applied on top (like ``--set``).

    Raises:
        ScenarioError: naming the file and key of the first problem found.
    """
    overrides = _assignments(overrides, "load_scenario")
    path = Path(path)
    layers = _read_chain(path, chain=())
    return _resolve(layers, plain_name(path.stem), str(path)).with_overrides(overrides)


def file_settings(path: str | Path) -> dict[str, Value]:
    """The parameters a scenario file sets itself (not those it extends or its events'),
    validated: what a replay imposes on the scenario it precedes (sim.scenarios.branch)."""
    path = Path(path)
    return _validate_file(read_toml(path, _SCENARIO_HINT), str(path)).params


def load_scenario_text(text: str | bytes, source: str,
                       shipped: Mapping[str, Path] | None = None,
                       overrides: Iterable[str] = ()) -> Scenario:
    """A scenario from text nobody vouches for (an upload to the page), validated as a
    file is, in the untrusted mode: its ``extends`` may name only one of ``shipped`` (by
    name, with or without ``.toml``), never a path, and any other value gets the same
    refusal, echoing nothing of it. ``source`` (the name the text came under) names it in
    errors and gives its default name. Without ``shipped`` the text may extend nothing.
    """
    shipped = shipped or {}
    overrides = _assignments(overrides, "load_scenario_text")
    layer = _validate_file(parse_toml(text, source), source)
    parent = layer.table.pop("extends", None)
    layers = [layer]
    if parent is not None:
        base = shipped.get(parent.removesuffix(".toml"))
        if base is None:
            raise ScenarioError(source, "allowed: the name of a shipped scenario ("
                                + ", ".join(sorted(shipped)) + "); an uploaded scenario "
                                "cannot extend other files", "scenario.extends")
        layers = [*_read_chain(base, chain=()), layer]
    return _resolve(layers, plain_name(Path(source).stem), source).with_overrides(overrides)


def find_scenario(name: Any, source: str, key: str, folders: Sequence[Path], near: Path,
                  error: type[InputFileError] = ScenarioError) -> Path:
    """The scenario a claim or space file names: a file stem looked up in ``folders`` (the
    shipped scenarios), or a path (relative to ``near``, the naming file's folder, or to
    the working folder). A missing one is ``error``, with a did-you-mean."""
    if not isinstance(name, str) or not name:
        raise error(source, f"got {shown(name)}; allowed: a scenario file stem or path", key)
    candidates = [near / name, Path(name)]
    if not name.endswith(".toml"):
        candidates = [folder / f"{name}.toml" for folder in folders] + candidates
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    shipped = sorted({p.stem for folder in folders for p in folder.glob("*.toml")})
    raise error(source, f'no scenario "{name}"{did_you_mean(name, shipped)}; give a file '
                        "stem in scenarios/ or a path", key)


def _assignments(overrides: Iterable[str], caller: str) -> tuple[str, ...]:
    """``overrides`` as a tuple of strings; one string (a common slip) is refused."""
    if isinstance(overrides, str):
        raise TypeError(f"{caller}(overrides=...): a list of 'key=value' strings, not one "
                        f"string; write overrides=[{overrides!r}]")
    return tuple(overrides)


def _resolve(layers: list[_Layer], default_name: str, source: str) -> Scenario:
    """The scenario the layers make (base first, the file itself last)."""
    params: dict[str, Value] = defaults()
    table: dict[str, Any] = {key: spec[3] for key, spec in SCENARIO_KEYS.items()}
    events: list[Event] = []
    for layer in layers:
        table.update(layer.table)
        params.update(layer.params)
        events.extend(layer.events)
    # A name belongs to its own file: one that extends baseline is not "baseline".
    table["name"] = layers[-1].table.get("name")
    for event in events:
        if event.week >= table["weeks"]:
            raise ScenarioError(
                event.source, f"got {event.week}, but the horizon is {table['weeks']} "
                              f"weeks; allowed: 0 to {table['weeks'] - 1}", "events.week")
    return Scenario(
        name=table["name"] or default_name,
        description=table["description"],
        weeks=table["weeks"],
        start=table["start"],
        replications=table["replications"],
        seed=table["seed"],
        params=MappingProxyType(params),
        events=tuple(sorted(events, key=lambda e: e.week)),
        source=source,
        pinned=frozenset(key for layer in layers for key in layer.params),
    )


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
    hint = f"it is extended by {chain[-1]}; {_SCENARIO_HINT}" if chain else _SCENARIO_HINT
    raw = read_toml(path, hint)
    layer = _validate_file(raw, str(path))
    parent = layer.table.pop("extends", None)
    if parent is None:
        return [layer]
    return [*_read_chain(path.parent / parent, (*chain, resolved)), layer]


def _validate_file(raw: dict[str, Any], source: str) -> _Layer:
    for key in raw:
        if key not in TOP_LEVEL:
            hint = (f' (did you mean "[actors.{key}]"?)' if key in ACTORS
                    else did_you_mean(key, TOP_LEVEL))
            raise ScenarioError(source, f"unknown table{hint}; allowed: "
                                        + ", ".join(TOP_LEVEL), key)
    table = _validate_scenario_table(_table(raw, "scenario", source), source)
    params: dict[str, Value] = {}
    params.update(_validate_params(_table(raw, "model", source), "model", source))
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
        if lever_setting(key, value)[0] not in PARAMS:
            raise ScenarioError(source, unknown_parameter(section, name), prefix + key)
        add_setting(out, key, value, source, prefix)
    return out


def _validate_event(raw: dict[str, Any], source: str) -> Event:
    for key in raw:
        if key not in EVENT_KEYS:
            raise ScenarioError(source, f"unknown key{did_you_mean(key, EVENT_KEYS)}; "
                                        "allowed: " + ", ".join(EVENT_KEYS), f"events.{key}")
    allowed = "allowed: an integer week from 0 to the horizon minus 1"
    if "week" not in raw:
        raise ScenarioError(source, f"missing; {allowed}", "events.week")
    week = raw["week"]
    if isinstance(week, bool) or not isinstance(week, int) or week < 0:
        raise ScenarioError(source, f"got {shown(week)}; {allowed}", "events.week")
    changes = raw.get("set")
    if not isinstance(changes, dict) or not changes:
        raise ScenarioError(source, 'each event needs a table of changes, e.g. set = '
                                    '{ united_states.military_aid = 0.0 }', "events.set")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ScenarioError(source, f"got {shown(note)}; allowed: a string", "events.note")
    checked: dict[str, Value] = {}
    for key, value in flatten_table(changes, source, "events.set").items():
        param = lookup_param(lever_setting(key, value)[0], source)
        if param.init_only:
            raise ScenarioError(source, "is read only at week 0; set it in its table, "
                                        "not in an event", f"events.set.{param.key}")
        add_setting(checked, key, value, source, "events.set.")
    return Event(week, MappingProxyType(checked), note, source)
