"""Assumption spaces for `sim explore`: which parameters vary, over what ranges.

A space file is TOML::

    [explore]
    scenario = "baseline"      # every point starts from it (a stem in scenarios/ or a path)
    method = "lhs"             # "lhs" | "sobol" | "morris" | "plausible"
    points = 256               # base sample size (Sobol: N; Morris: trajectories)
    reps = 100                 # runs per point; every point shares the same run seeds
    seed = 1

    [model]                    # optional: the sub-models every point runs, by name
    battle = "defence_dominant"

    [uncertain]                # key = [low, high] (numbers), or a list of choices
    "china.economic_support" = [0.0, 1.0]
    "united_states.stance" = ["commits", "hesitates", "declines"]

``method = "plausible"`` takes its points from the shipped calibration instead: each point
is one of its plausible parameter sets (drawn without replacement by the seed), the
uncertain parameters are the calibration's own and the space has no ``[uncertain]``
table. Claims explored so are decided in each world consistent with the record.

Validated as strictly as scenarios: every error names the file, the key, what is
allowed and a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import SpaceError, reported_as
from sim.scenarios.loading import find_scenario
from sim.scenarios.param import Param
from sim.scenarios.params import PARAMS
from sim.scenarios.plausible import MODEL_KEYS, model_choice, shipped
from sim.scenarios.tomlfile import read_toml
from sim.scenarios.units import lever_setting
from sim.scenarios.values import (
    SEED_RANGE,
    Value,
    check_value,
    did_you_mean,
    lookup_param,
    shown,
)

METHODS = ("lhs", "sobol", "morris", "plausible")
#: The method whose points are the shipped calibration's plausible sets.
PLAUSIBLE_METHOD = "plausible"
#: What a space file leaves unset (and the command line does not set).
EXPLORE_DEFAULTS = {"method": "lhs", "points": 256, "reps": 100, "seed": 1}
#: The base sample sizes and runs per point a space may ask for (two runs at least, so a
#: point has a spread).
POINTS_RANGE = (2, 1_000_000)
SPACE_REPS_RANGE = (2, 100_000)
EXPLORE_KEYS = ("scenario", "method", "points", "reps", "seed")
#: A space file's tables.
TABLES = ("explore", "model", "uncertain")
#: Parameters that fix the structure of a run (its schedule, its start) and so cannot
#: vary between the runs of one exploration.
FIXED_IN_A_SPACE = ("world.start", "european_union.package_interval_weeks", "world.parameter_sets",
                    *MODEL_KEYS)


@dataclass(frozen=True)
class Uncertain:
    """One parameter that varies: a numeric range, or a list of choices."""

    param: Param
    low: float | None = None
    high: float | None = None
    choices: tuple[Value, ...] = ()

    @property
    def key(self) -> str:
        return self.param.key

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    def describe(self) -> str:
        if self.is_choice:
            return " | ".join(str(c) for c in self.choices)
        return f"{self.low:g}..{self.high:g}"


@dataclass(frozen=True)
class Space:
    """An assumption space: a starting scenario, how to sample it, what varies."""

    source: str
    scenario: Path
    method: str
    points: int
    reps: int
    seed: int
    uncertain: tuple[Uncertain, ...]
    #: The sub-models every point runs (the space's ``[model]`` table; empty: the
    #: scenario's own).
    model: Mapping[str, Value] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [u.key for u in self.uncertain]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "scenario": str(self.scenario), "method": self.method,
                "points": self.points, "reps": self.reps, "seed": self.seed,
                **({"model": dict(self.model)} if self.model else {}),
                "uncertain": {u.key: list(u.choices) if u.is_choice else [u.low, u.high]
                              for u in self.uncertain}}


def load_space(path: str | Path, method: str | None = None, points: int | None = None,
               reps: int | None = None, seed: int | None = None) -> Space:
    """Read and check a space file; the arguments (from the command line) win."""
    with reported_as(SpaceError):
        return _load_space(Path(path), method, points, reps, seed)


def _load_space(path: Path, method: str | None, points: int | None, reps: int | None,
                seed: int | None) -> Space:
    source = str(path)
    raw = read_toml(path, "give the path of a space file (see scenarios/spaces/)", SpaceError)
    for key in raw:
        if key not in TABLES:
            raise SpaceError(source, f"unknown table{did_you_mean(key, TABLES)}; allowed: "
                                     + ", ".join(TABLES), key)
    table = raw.get("explore", {})
    if not isinstance(table, dict):
        raise SpaceError(source, "must be a table ([explore])", "explore")
    for key in table:
        if key not in EXPLORE_KEYS:
            raise SpaceError(source, f"unknown key{did_you_mean(key, EXPLORE_KEYS)}; "
                                        "allowed: " + ", ".join(EXPLORE_KEYS), f"explore.{key}")
    scenario = find_scenario(table.get("scenario", "baseline"), source, "explore.scenario",
                             [path.parent.parent, Path("scenarios")], path.parent, SpaceError)
    method = method or table.get("method", EXPLORE_DEFAULTS["method"])
    if method not in METHODS:
        raise SpaceError(source, f"got {shown(method)}{did_you_mean(str(method), METHODS)}; "
                                    "allowed: " + ", ".join(METHODS), "explore.method")
    points = _count(points if points is not None else
                    table.get("points", EXPLORE_DEFAULTS["points"]), *POINTS_RANGE, source,
                    "explore.points")
    reps = _count(reps if reps is not None else table.get("reps", EXPLORE_DEFAULTS["reps"]),
                  *SPACE_REPS_RANGE, source, "explore.reps")
    seed = _count(seed if seed is not None else table.get("seed", EXPLORE_DEFAULTS["seed"]),
                  *SEED_RANGE, source, "explore.seed")
    model = _model(raw.get("model", {}), source)
    if method == PLAUSIBLE_METHOD:
        return Space(source, scenario, method, points, reps, seed,
                     _plausible_uncertain(raw, model, source), model)
    uncertain_raw = raw.get("uncertain")
    if not isinstance(uncertain_raw, dict) or not uncertain_raw:
        raise SpaceError(source, 'needs an [uncertain] table with at least one parameter, '
                                    'e.g. "china.economic_support" = [0.0, 1.0]', "uncertain")
    uncertain = tuple(_uncertain(key, value, source) for key, value in uncertain_raw.items())
    return Space(source, scenario, method, points, reps, seed, uncertain, model)


def _plausible_uncertain(raw: Mapping[str, Any], model: Mapping[str, Value],
                         source: str) -> tuple[Uncertain, ...]:
    """The calibration's parameters over their priors: what a plausible-sets space varies
    (the calibration of the space's sub-models)."""
    if "uncertain" in raw:
        raise SpaceError(source, 'method "plausible" takes its points and parameters from the '
                                 "shipped calibration; drop the [uncertain] table, or choose "
                                 'method "lhs" to vary parameters of your own', "uncertain")
    calibration = shipped(model_choice({key: PARAMS[key].default for key in MODEL_KEYS}
                                       | dict(model)))
    return tuple(Uncertain(PARAMS[key], *calibration.fits[key].prior)
                 for key in calibration.keys)


def _model(table: Any, source: str) -> dict[str, Value]:
    """The space's ``[model]`` table: the sub-models every point runs, by name."""
    if not isinstance(table, dict):
        raise SpaceError(source, "must be a table ([model])", "model")
    chosen = {}
    for name, value in table.items():
        param = lookup_param(f"model.{name}", source)
        value = check_value(param, value, source, f"model.{name}")
        if value != param.default:  # a choice of the default is no choice (as model_choice)
            chosen[param.key] = value
    return chosen


def _count(value: Any, low: int, high: int, source: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SpaceError(source, f"got {shown(value)}; allowed: an integer from {low:,} to "
                                    f"{high:,}", key)
    return value


def _uncertain(key: Any, value: Any, source: str) -> Uncertain:
    where = f"uncertain.{key}"
    lever, _, scale = lever_setting(str(key), 0.0)
    if scale != 1.0 and isinstance(value, list):  # an aid lever's range in EUR bn a year
        value = [v / scale if isinstance(v, int | float) and not isinstance(v, bool) else v
                 for v in value]
    param = lookup_param(lever, source)
    if param.key in FIXED_IN_A_SPACE:
        raise SpaceError(source, "fixes the structure of a run and cannot vary within an "
                                    "exploration; set it in the scenario instead", where)
    if not isinstance(value, list) or len(value) < 2:
        raise SpaceError(source, f"got {shown(value)}; allowed: [low, high] for a number, or a "
                                    "list of two or more choices", where)
    numeric = param.kind in (int, float)
    if numeric and len(value) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool)
                                           for v in value):
        low, high = (check_value(param, v, source, where) for v in value)
        if not low < high:
            raise SpaceError(source, f"got [{value[0]}, {value[1]}], an empty or inverted "
                                        "range; allowed: [low, high] with low < high", where)
        return Uncertain(param, float(low), float(high))
    if numeric:
        raise SpaceError(source, f"got {shown(value)}; allowed: [low, high] within "
                                    f"{param.allowed().removeprefix('a number ')}", where)
    choices = tuple(check_value(param, v, source, where) for v in value)
    if len(set(choices)) != len(choices):
        raise SpaceError(source, f"got {shown(value)}, a choice twice; allowed: distinct "
                                    f"choices, {param.allowed()}", where)
    return Uncertain(param, choices=choices)
