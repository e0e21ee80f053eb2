"""Scenario files: TOML in, a validated, frozen :class:`Scenario` out.

A scenario file has a ``[scenario]`` table (name, description, weeks,
replications, seed, optional ``extends``), a ``[world]`` table,
``[actors.<key>]`` tables and ``[[events]]`` that change parameters at a given
week. Every key is checked against :mod:`sim.params`; every error names the
file, the key, the value, what is allowed and, where one is close, a
did-you-mean.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sim.errors import ScenarioError
from sim.params import ACTORS, PARAMS, Param, defaults

Value = bool | int | float | str

#: Keys of the ``[scenario]`` table: (type, low, high, default, meaning).
SCENARIO_KEYS: dict[str, tuple[type, int | None, int | None, Any, str]] = {
    "name": (str, None, None, None, "scenario name (default: the file's stem)"),
    "description": (str, None, None, "", "what the scenario explores and which claims"),
    "weeks": (int, 1, 1040, 104, "horizon in weeks (one step is one week)"),
    "replications": (int, 1, 1_000_000, 200, "runs in the ensemble (--reps overrides)"),
    "seed": (int, 0, 2**63 - 1, 0, "master seed (--seed overrides)"),
    "extends": (str, None, None, None, "a scenario file this one builds on, relative "
                                       "to this file"),
}
TOP_LEVEL = ("scenario", "world", "actors", "events")
EVENT_KEYS = ("week", "set", "note")


@dataclass(frozen=True)
class Event:
    """Parameter changes that take effect at the start of ``week``."""

    week: int
    changes: Mapping[str, Value]
    note: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week, "set": dict(self.changes), "note": self.note}


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario: every parameter has a value."""

    name: str
    description: str
    weeks: int
    replications: int
    seed: int
    params: Mapping[str, Value]
    events: tuple[Event, ...] = ()
    source: str = "<python>"
    overrides: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the manifest (JSON-serializable)."""
        return {
            "name": self.name,
            "description": self.description,
            "weeks": self.weeks,
            "replications": self.replications,
            "seed": self.seed,
            "source": self.source,
            "overrides": list(self.overrides),
            "params": dict(self.params),
            "events": [e.to_dict() for e in self.events],
        }

    def with_values(self, values: Mapping[str, Value]) -> Scenario:
        """Apply already-validated parameter values (recorded like ``--set``)."""
        return self.with_overrides(f"{key}={_toml(value)}" for key, value in values.items())

    def with_overrides(self, assignments: Iterable[str]) -> Scenario:
        """Apply ``key=value`` strings (the CLI's ``--set``) and revalidate."""
        params = dict(self.params)
        applied = list(self.overrides)
        for assignment in assignments:
            key, value = parse_assignment(assignment)
            params[key] = value
            applied.append(assignment)
        return replace(self, params=MappingProxyType(params), overrides=tuple(applied))


def _toml(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else repr(value)


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


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def check_value(param: Param, value: Any, source: str, key: str | None = None) -> Value:
    """Return ``value`` if it is allowed for ``param``; raise ScenarioError if not."""
    key = key or param.key
    kind = param.kind

    def bad(why: str) -> ScenarioError:
        return ScenarioError(source, f"{why}; allowed: {param.allowed()}", key)

    if kind is bool:
        if not isinstance(value, bool):
            raise bad(f"got {value!r}")
        return value
    if kind is str:
        if value not in param.choices:
            hint = did_you_mean(str(value), param.choices)
            raise bad(f"got {value!r}{hint}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad(f"got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise bad(f"got {value!r}, which is not a finite number")
    if kind is int and not isinstance(value, int):
        raise bad(f"got {value!r}, which is not a whole number")
    assert param.low is not None and param.high is not None
    if not param.low <= value <= param.high:
        raise bad(f"got {value!r}, out of range")
    return float(value) if kind is float else value


def lookup_param(key: str, source: str) -> Param:
    """The Param for ``section.name`` (``actors.`` prefix allowed), or a clear error."""
    bare = key.removeprefix("actors.")
    if bare in PARAMS:
        return PARAMS[bare]
    section = bare.split(".", 1)[0]
    if section not in ("world", *ACTORS):
        hint = did_you_mean(section, ("world", *ACTORS))
        raise ScenarioError(
            source, f'unknown actor or section "{section}"{hint}; keys look like '
                    '"united_states.military_aid" or "world.unity" (see `sim params`)', key)
    raise ScenarioError(source, f"unknown parameter{did_you_mean(bare, PARAMS)} "
                                "(see `sim params`)", key)


def parse_assignment(assignment: str, source: str = "--set") -> tuple[str, Value]:
    """Parse ``key=value`` with a TOML value (bare words are taken as strings)."""
    key, sep, raw = assignment.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key or not raw:
        raise ScenarioError(source, f'expected KEY=VALUE, got "{assignment}" (for '
                                    'example --set united_states.military_aid=0.9)')
    param = lookup_param(key, source)
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return param.key, check_value(param, value, source, param.key)


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
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in SCENARIO_KEYS:
            raise ScenarioError(source, f"unknown key{did_you_mean(key, SCENARIO_KEYS)}; "
                                        "allowed: " + ", ".join(SCENARIO_KEYS),
                                f"scenario.{key}")
        kind, low, high, _, _ = SCENARIO_KEYS[key]
        ok = isinstance(value, kind) and not isinstance(value, bool)
        if ok and kind is int:
            ok = low <= value <= high  # type: ignore[operator]
        if not ok:
            allowed = "a string" if kind is str else f"an integer from {low} to {high}"
            raise ScenarioError(source, f"got {value!r}; allowed: {allowed}",
                                f"scenario.{key}")
        out[key] = value
    return out


def _validate_params(values: dict[str, Any], section: str, source: str,
                     prefix: str = "") -> dict[str, Value]:
    out: dict[str, Value] = {}
    for name, value in values.items():
        key = f"{section}.{name}"
        if key not in PARAMS:
            names = [p.split(".", 1)[1] for p in PARAMS if p.startswith(section + ".")]
            raise ScenarioError(source, f"unknown parameter{did_you_mean(name, names)}; "
                                        f"{section} has: " + ", ".join(names),
                                prefix + key)
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


def flatten_table(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested tables as dotted keys: {"a": {"b": 1}} -> {"a.b": 1}."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(flatten_table(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
