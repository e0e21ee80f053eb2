"""Checking one parameter value: lookup with did-you-mean, type and range, ``key=value`` parsing."""

from __future__ import annotations

import datetime
import difflib
import json
import math
import numbers
import re
import tomllib
from collections.abc import Iterable
from typing import Any

from sim.errors import ScenarioError, argument
from sim.scenarios.params import ACTORS, PARAMS, Param
from sim.scenarios.units import EUR_SUFFIX, START_DATE, lever_setting

Value = bool | int | float | str

#: The master seed every shipped scenario and `sim claims` share (so their runs pair).
DEFAULT_SEED = 20250904
#: Runs of a scenario that sets none.
DEFAULT_REPLICATIONS = 200
#: The seeds allowed anywhere: NumPy's SeedSequence takes any non-negative integer; this
#: keeps one within a signed 64-bit integer so that every file format stores it.
SEED_RANGE = (0, 2**63 - 1)
#: The replications a scenario (or ``reps``) may ask for.
REPS_RANGE = (1, 1_000_000)
#: The start dates a scenario may have: the war since Crimea, up to a horizon that stays
#: within the calendar whatever the number of weeks.
DATE_RANGE = (datetime.date(2014, 1, 1), datetime.date(2100, 12, 31))
#: Where a value given as ``overrides`` (the CLI's ``--set``) came from, in errors.
OVERRIDES = argument("overrides")

#: Keys of the ``[scenario]`` table: (type, low, high, default, meaning).
SCENARIO_KEYS: dict[str, tuple[type, int | None, int | None, Any, str]] = {
    "name": (str, None, None, None, "scenario name: letters, digits, '_', '-' and '.' "
                                   "(default: the file's stem)"),
    "description": (str, None, None, "", "what the scenario explores and which claims"),
    "weeks": (int, 1, 1040, 104, "horizon in weeks (one step is one week)"),
    "start": (datetime.date, None, None, START_DATE,
              "the calendar date of week 0, a TOML date (the essay's date by default; "
              "scenarios/history.toml starts in January 2023)"),
    "replications": (int, *REPS_RANGE, DEFAULT_REPLICATIONS,
                     "runs in the ensemble (a run's reps overrides)"),
    "seed": (int, *SEED_RANGE, DEFAULT_SEED, "master seed, the same as the shipped "
                                             "scenarios' (a run's seed overrides)"),
    "extends": (str, None, None, None, "a scenario file this one builds on, relative "
                                       "to this file (an upload to `sim app`: a shipped "
                                       "scenario's name)"),
}

#: A scenario's name is a plain file name, so that it can name a results folder or a zip
#: entry without becoming a path: no separators, not "." or "..", no leading "-" or ".".
NAME_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
NAME_RULE = ("a plain name: letters, digits, '_', '-' and '.', starting with a letter, "
             "digit or '_', at most 100 characters (no '/' or spaces), e.g. \"my_scenario\"")


def check_name(name: Any, source: str, key: str = "scenario.name") -> str:
    """``name`` if it is a plain scenario name; a ScenarioError naming the key if not."""
    if isinstance(name, str) and NAME_PATTERN.fullmatch(name):
        return name
    raise ScenarioError(source, f"got {shown(name)}; allowed: {NAME_RULE}", key)


def plain_name(stem: str) -> str:
    """A file's stem as a scenario name: characters a name cannot hold become '_'."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", stem)
    if not NAME_PATTERN.match(name):
        name = "_" + name
    return name[:100]



def check_scenario_value(key: str, value: Any, source: str, settable: bool = False) -> Any:
    """Check one ``[scenario]`` key's value; raise ScenarioError naming the key if wrong.

    ``settable``: the key comes from ``--set``, where ``extends`` (a file) makes no sense.
    """
    allowed_keys = [k for k in SCENARIO_KEYS if not (settable and k == "extends")]
    if key not in allowed_keys:
        raise ScenarioError(source, f"unknown key{did_you_mean(key, allowed_keys)}; allowed: "
                                    + ", ".join(allowed_keys), f"scenario.{key}")
    if key == "name":
        return check_name(value, source)
    kind, low, high, _, _ = SCENARIO_KEYS[key]
    ok = isinstance(value, kind) and not isinstance(value, bool | datetime.datetime)
    if ok and kind is datetime.date:
        ok = DATE_RANGE[0] <= value <= DATE_RANGE[1]
    if ok and kind is int:
        ok = low <= value <= high  # type: ignore[operator]
    if not ok:
        allowed = ("a string" if kind is str
                   else f"a TOML date (no quotes) from {DATE_RANGE[0]} to {DATE_RANGE[1]}, "
                        "e.g. 2023-01-05" if kind is datetime.date
                   else f"an integer from {low} to {high}")
        raise ScenarioError(source, f"got {shown(value)}; allowed: {allowed}", f"scenario.{key}")
    return value


def parse_value(raw: str) -> Any:
    """A ``--set`` value: TOML (numbers, true/false, quoted strings) or a bare word."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def toml_value(value: Value) -> str:
    """A value as TOML writes it: true/false, quoted and escaped strings, numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's
    if isinstance(value, datetime.date):
        return value.isoformat()  # a TOML local date
    if getattr(value, "dtype", None) is not None and value.dtype.kind == "b":  # NumPy's bool
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):  # NumPy's too: their repr is not TOML
        return repr(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return repr(value)


def shown(value: Any) -> str:
    """A value a user wrote, as they would write it in TOML (for error messages): true,
    not True; dates as TOML writes them; arrays and tables inline."""
    if isinstance(value, bool | int | float | str):
        return toml_value(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {shown(item)}" for key, item in value.items()) + " }"
    return str(value)


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
            raise bad(f"got {shown(value)}")
        return value
    if kind is str:
        if value not in param.choices:
            hint = did_you_mean(str(value), param.choices)
            raise bad(f"got {shown(value)}{hint}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad(f"got {shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise bad(f"got {shown(value)}, which is not a finite number")
    if kind is int and not isinstance(value, int):
        raise bad(f"got {shown(value)}, which is not a whole number")
    assert param.low is not None and param.high is not None
    if not param.low <= value <= param.high:
        raise bad(f"got {shown(value)}, out of range")
    return float(value) if kind is float else value


def checked_setting(key: str, value: Any, source: str, where: str = "") -> tuple[str, Value]:
    """``(parameter key, checked value)`` for one setting a user wrote (``where`` prefixes
    the key in errors). An aid lever written in EUR bn a year (its name with
    ``_eur_bn_a_year``, see :mod:`sim.scenarios.units`) becomes the lever's 0..1 value."""
    lever, as_lever, scale = lever_setting(key.removeprefix("actors."), value)
    param = lookup_param(lever if scale != 1.0 else key, source)
    if scale == 1.0:
        return param.key, check_value(param, value, source, where + param.key)
    amount_key = where + param.key + EUR_SUFFIX
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        assert param.low is not None and param.high is not None
        if not param.low * scale <= value <= param.high * scale:
            raise ScenarioError(source, f"got {shown(value)}, out of range; allowed: EUR bn a "
                                        f"year from {param.low * scale:g} to "
                                        f"{param.high * scale:g} ({param.key} 1.0 = EUR "
                                        f"{scale:g} bn a year)", amount_key)
        return param.key, check_value(param, as_lever, source, amount_key)
    raise ScenarioError(source, f"got {shown(value)}; allowed: EUR bn a year, a number from "
                                f"{param.low * scale:g} to {param.high * scale:g}", amount_key)


def add_setting(settings: dict[str, Value], key: str, value: Any, source: str,
                where: str = "", error: type[ScenarioError] = ScenarioError) -> None:
    """Check one setting (:func:`checked_setting`) into ``settings``; a parameter given
    twice, as its lever and as its amount in EUR bn a year, is refused."""
    param_key, checked = checked_setting(key, value, source, where)
    if param_key in settings:
        raise error(source, "given twice (as the lever and as its amount in EUR bn a year); "
                            "give it once", where + param_key)
    settings[param_key] = checked


def lookup_param(key: str, source: str) -> Param:
    """The Param for ``section.name`` (``actors.`` prefix allowed), or a clear error."""
    bare = key.removeprefix("actors.")
    if bare in PARAMS:
        return PARAMS[bare]
    section = bare.split(".", 1)[0]
    if section == "scenario":
        raise ScenarioError(source, "a [scenario] key cannot be set here, only parameters "
                                    '("world.unity", "united_states.military_aid"; see `sim '
                                    'params`); a claim arm sets its horizon with weeks = N', key)
    if section not in ("model", "world", *ACTORS):
        hint = did_you_mean(section, ("model", "world", "scenario", *ACTORS))
        raise ScenarioError(
            source, f'unknown actor or section "{section}"{hint}; keys look like '
                    '"united_states.military_aid", "world.unity" or "scenario.weeks" '
                    "(see `sim params`)", key)
    raise ScenarioError(source, unknown_parameter(section, bare.split(".", 1)[-1], full=True),
                        key)


def unknown_parameter(section: str, name: str, full: bool = False) -> str:
    """'unknown parameter (did you mean ...?); closest in SECTION: a few (all: ...)'.

    ``full`` names keys as ``section.name`` (for ``--set`` and events), else by name
    (inside a section's table).
    """
    names = [p.split(".", 1)[1] for p in PARAMS if p.startswith(section + ".")]
    closest = difflib.get_close_matches(name, names, n=5, cutoff=0.0)
    shown = [f"{section}.{n}" for n in closest] if full else closest
    hint = did_you_mean(f"{section}.{name}" if full else name,
                        [f"{section}.{n}" for n in names] if full else names)
    return (f"unknown parameter{hint}; closest in {section}: {', '.join(shown)} "
            f"(all: `sim params {section}`)")


def parse_assignment(assignment: str, source: str = OVERRIDES) -> tuple[str, Value]:
    """Parse ``key=value`` with a TOML value (bare words are taken as strings)."""
    key, sep, raw = assignment.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key or not raw:
        raise ScenarioError(source, f'expected KEY=VALUE, got "{assignment}" (for '
                                    'example united_states.military_aid=0.9)')
    return checked_setting(key, parse_value(raw), source)


#: Deepest nesting a table of parameters can need: actors.<actor>.<name>.
_MAX_DEPTH = 3


def flatten_table(table: dict[str, Any], source: str = "", where: str = "set") -> dict[str, Any]:
    """Nested tables as dotted keys: {"a": {"b": 1}} -> {"a.b": 1}. A key given twice
    (``"a.b" = 1`` beside ``a = { b = 2 }``) is an error, not a silent choice."""
    flat: dict[str, Any] = {}
    pending = [(f"{key}", value) for key, value in table.items()]
    while pending:
        key, value = pending.pop(0)
        if isinstance(value, dict):
            if key.count(".") >= _MAX_DEPTH:
                raise ScenarioError(source, "tables nested too deeply; keys look like "
                                            "united_states.military_aid", f"{where}.{key}")
            pending = [(f"{key}.{inner}", item) for inner, item in value.items()] + pending
        elif key in flat:
            raise ScenarioError(source, "given twice (as a dotted key and in a table); give "
                                        "it once", f"{where}.{key}")
        else:
            flat[key] = value
    return flat
