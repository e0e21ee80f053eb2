"""Checking one parameter value: lookup with did-you-mean, type and range, ``key=value`` parsing."""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Iterable
from typing import Any

from sim.errors import ScenarioError
from sim.scenarios.params import ACTORS, PARAMS, Param

Value = bool | int | float | str


def toml_value(value: Value) -> str:
    """A value as TOML writes it: true/false, quoted strings, numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else repr(value)


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


def flatten_table(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested tables as dotted keys: {"a": {"b": 1}} -> {"a.b": 1}."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(flatten_table(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
