"""The shipped calibration (calibration/ in the checkout): the parameter sets runs draw
from, and what the calibration says of each parameter it fitted.

`sim calibrate scenarios/spaces/calibration.toml --out calibration` writes the folder
(docs/calibration.md); this module reads the two files runs depend on: ``sets.csv``, the
plausible parameter sets (one row each), and ``manifest.json``, each parameter's prior,
plausible span, status (``calibrated`` or ``unconstrained``), central value and the
targets that constrain it. ``world.parameter_sets`` says what a scenario's runs take:
``"plausible"`` (each run draws one set by its run key: run *i* draws the same set in
every scenario of a seed, so comparisons stay paired), ``"central"`` (every run the
central set: ``sim run --point``) or ``"defaults"`` (the parameters' stated defaults).
A scenario that sets a calibrated parameter itself keeps its value, and is told that its
runs leave the plausible set (:func:`departures`).

Read from the checkout the package runs from, never the working folder.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import SimError
from sim.scenarios.params import PARAMS

#: The shipped calibration's folder (of the default sub-models; each other choice of
#: sub-models has its own beside it, e.g. ``calibration-battle-defence_dominant/``).
CALIBRATION_FOLDER = Path(__file__).resolve().parents[2] / "calibration"
SETS_FILE, MANIFEST_FILE = "sets.csv", "manifest.json"
#: The command that writes it (docs/calibration.md).
COMMAND = "sim calibrate scenarios/spaces/calibration.toml --out calibration"
#: The sub-model choices (``[model]``): a calibration is made for one choice of them.
MODEL_KEYS = tuple(key for key in PARAMS if key.startswith("model."))
#: Sub-models the replay cannot reach, so every choice of them shares one calibration: how
#: the belligerents bargain acts only through talks and cease-fires, and the replay has
#: none (scenarios/history.toml sets the talks rates and the capitulation rate to 0), and
#: Moscow did not mobilize again in 2023-25, so the replay lets it escalate never
#: (``russia.escalation_rate`` 0). Tests check that the replay is the same bytes under each
#: choice.
REPLAY_NEUTRAL = ("model.bargaining", "model.escalation")
#: A choice of sub-models away from the defaults: ((key, name), ...); () is the default.
ModelChoice = tuple[tuple[str, str], ...]
#: What ``world.parameter_sets`` may choose.
PLAUSIBLE, CENTRAL, DEFAULTS = "plausible", "central", "defaults"


@dataclass(frozen=True)
class Fit:
    """What the calibration says of one parameter."""

    key: str
    status: str                     # "calibrated" or "unconstrained"
    prior: tuple[float, float]
    span: tuple[float, float]       # 5-95% of the plausible sets
    central: float
    constrained_by: tuple[str, ...]  # the fit targets that move with it


@dataclass(frozen=True)
class ShippedCalibration:
    """The plausible sets (rows x keys) and each key's :class:`Fit`."""

    keys: tuple[str, ...]
    sets: tuple[tuple[float, ...], ...]
    fits: Mapping[str, Fit]
    model_version: str
    record_sha256: str
    digest: str  # what runs that draw from it depend on

    @property
    def central(self) -> dict[str, float]:
        return {key: self.fits[key].central for key in self.keys}


def model_choice(params: Mapping[str, Any]) -> ModelChoice:
    """The sub-models ``params`` choose away from the defaults that the replay reaches (what
    their calibration is: see :data:`REPLAY_NEUTRAL`)."""
    return tuple((key, str(params[key])) for key in MODEL_KEYS
                 if key not in REPLAY_NEUTRAL and params[key] != PARAMS[key].default)


def folder_of(choice: ModelChoice = ()) -> Path:
    """The shipped calibration's folder for a choice of sub-models (names from the
    parameters' declared choices, so never a user's string)."""
    if not choice:
        return CALIBRATION_FOLDER
    return CALIBRATION_FOLDER.with_name("calibration-" + "+".join(
        f"{key.removeprefix('model.')}-{name}" for key, name in choice))


def shipped_choices() -> list[ModelChoice]:
    """Each choice of one sub-model away from the defaults that has a shipped calibration."""
    return [((key, name),) for key in MODEL_KEYS if key not in REPLAY_NEUTRAL
            for name in PARAMS[key].choices
            if name != PARAMS[key].default and folder_of(((key, name),)).is_dir()]


def command_for(choice: ModelChoice = ()) -> str:
    """The command that writes the calibration of a choice of sub-models."""
    if not choice:
        return COMMAND
    names = "_".join(name for _, name in choice)
    return (f"sim calibrate scenarios/spaces/calibration_{names}.toml --out "
            f"{folder_of(choice).relative_to(CALIBRATION_FOLDER.parent)}")


def _broken(name: str, why: str, choice: ModelChoice = ()) -> SimError:
    return SimError(f"{folder_of(choice) / name}: {why}; the shipped calibration is "
                    f"rewritten by `{command_for(choice)}`")


@cache
def shipped(choice: ModelChoice = ()) -> ShippedCalibration:
    """The shipped calibration of a choice of sub-models, checked: made for that choice,
    every key a parameter, every value in its range."""
    manifest = json.loads(_read(MANIFEST_FILE, choice))
    made_for = tuple(sorted(manifest.get("space", {}).get("model", {}).items()))
    if made_for != tuple(sorted(choice)):
        raise _broken(MANIFEST_FILE, f"it calibrates the sub-models {dict(made_for)}, not "
                                     f"{dict(choice)}", choice)
    raw = _read(SETS_FILE, choice)
    rows = list(csv.reader(raw.decode().splitlines()))
    keys = tuple(rows[0]) if rows else ()
    fits = {f["key"]: _fit(f) for f in manifest.get("parameters", [])}
    if not keys or set(keys) != set(fits) or any(k not in PARAMS for k in keys):
        raise _broken(SETS_FILE, "its columns are not the manifest's parameters", choice)
    sets = tuple(tuple(float(v) for v in row) for row in rows[1:])
    for key, column in zip(keys, zip(*sets, strict=True), strict=True):
        param = PARAMS[key]
        if not all(param.low <= v <= param.high for v in column):
            raise _broken(SETS_FILE, f"a value of {key} is outside {param.allowed()}", choice)
    digest = hashlib.sha256(raw + json.dumps(manifest["parameters"]).encode()).hexdigest()
    return ShippedCalibration(keys, sets, fits, str(manifest.get("model_version", "")),
                              str(manifest.get("record", {}).get("sha256", "")), digest[:16])


def _read(name: str, choice: ModelChoice = ()) -> bytes:
    """One of the calibration's files, or one line naming it."""
    try:
        data = (folder_of(choice) / name).read_bytes()
        if name.endswith(".json"):
            json.loads(data)
        return data
    except FileNotFoundError:
        if choice and not folder_of(choice).exists():
            raise SimError(f"no calibration is shipped for the sub-models {dict(choice)} "
                           f"({folder_of(choice)}); write it with `{command_for(choice)}` "
                           "(a copy of scenarios/spaces/calibration.toml with that [model] "
                           "table, if the space file is not there yet), or set "
                           'world.parameter_sets = "defaults"') from None
        raise _broken(name, "cannot be read (FileNotFoundError)", choice) from None
    except (OSError, ValueError) as exc:
        raise _broken(name, f"cannot be read ({exc.__class__.__name__})", choice) from None


def _fit(entry: Mapping[str, Any]) -> Fit:
    return Fit(entry["key"], entry["status"], tuple(entry["prior"]),
               tuple(entry["plausible_5_95"]), float(entry["central"]),
               tuple(entry["constrained_by"]))


def plausible_rows(available: int, count: int, seed: int) -> np.ndarray:
    """Which of ``available`` plausible sets a study of ``count`` sets takes (all of them
    if there are fewer): drawn without replacement by ``seed``, in the file's order."""
    chosen = min(count, available)
    return np.sort(np.random.default_rng(seed).choice(available, chosen, replace=False))


def drawn_keys(params: Mapping[str, Any], pinned: AbstractSet[str] = frozenset()) -> list[str]:
    """The calibrated parameters runs of these parameters draw (or take centrally): those
    the scenario leaves at their default and does not set itself (``pinned``: even to the
    default value); a value per run, as an exploration gives, is the exploration's."""
    if params["world.parameter_sets"] == DEFAULTS:
        return []
    return [key for key in shipped(model_choice(params)).keys
            if key not in pinned and _at_default(key, params[key])]


def departures(params: Mapping[str, Any], pinned: AbstractSet[str] = frozenset()) -> list[str]:
    """One line per calibrated parameter the scenario sets itself (``pinned``, or away
    from its default), so that its runs leave the plausible sets."""
    if params["world.parameter_sets"] == DEFAULTS:
        return []
    calibration = shipped(model_choice(params))
    return [f"{key} = {params[key]!r} is set by the scenario, so the runs leave the "
            f"calibration's plausible sets (its central value is "
            f"{calibration.fits[key].central:.4g}); remove the setting to draw it, or set "
            'world.parameter_sets = "defaults" to run every parameter at its default'
            for key in calibration.keys
            if _is_number(params[key]) and (key in pinned or not _at_default(key, params[key]))]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _at_default(key: str, value: Any) -> bool:
    return _is_number(value) and value == PARAMS[key].default
