"""Results of an ensemble: tables for people and notebooks, files for later.

``Results.write(folder)`` writes summary.csv, timeseries.csv, actors.csv and
manifest.json into a temporary folder beside the target and renames it into
place, so an interrupted run never leaves a half-written set.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import ResultsError
from sim.model.mechanisms.diplomacy import CEASEFIRE, ROUTE_LABELS, SETTLEMENT_LABELS, TALKS_LABELS
from sim.model.outcomes import OUTCOMES
from sim.model.relevance import Inert, idle_parameters, inert_parameters
from sim.scenarios.scenario import Scenario

ILLUSTRATIVE = ("Illustrative, not a forecast: these results follow from the model's "
                "assumptions and the scenario's parameters, not from data about the future.")
FLOAT_FORMAT = "%.6g"
RESULT_FILES = ("summary.csv", "timeseries.csv", "actors.csv", "manifest.json")
#: Bumped whenever a change makes the same scenario and seed give different numbers.
MODEL_VERSION = "2"


@dataclass
class Results:
    """What one scenario's ensemble produced (arrays are weeks+1 x runs)."""

    scenario: Scenario
    seed: int
    keys: np.ndarray
    world: dict[str, np.ndarray]
    actors: dict[str, np.ndarray]
    outcome: np.ndarray
    settlement: np.ndarray
    route: np.ndarray
    event_weeks: dict[str, np.ndarray]
    engaged: dict[str, bool] = field(default_factory=dict)
    command: list[str] = field(default_factory=list)

    @property
    def reps(self) -> int:
        return len(self.keys)

    def inert(self) -> list[Inert]:
        """Changed parameters that could not, or did not, affect these runs (and why)."""
        static = inert_parameters(self.scenario)
        return static + self.idle(static)

    def idle(self, static: list[Inert] | None = None) -> list[Inert]:
        """Changed parameters whose mechanism never acted in any of these runs."""
        static = inert_parameters(self.scenario) if static is None else static
        return idle_parameters(self.scenario, self.engaged, static)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per run: outcome, event weeks, settlement and end state."""
        n = self.reps

        def weeks(name: str) -> pd.arrays.IntegerArray:
            w = self.event_weeks[name]
            return pd.arrays.IntegerArray(np.where(w >= 0, w, 0), mask=w < 0)

        front = self.world["front"]
        runs = np.arange(n)

        def front_at(event: str) -> np.ndarray:
            week = self.event_weeks[event]
            return np.where(week >= 0, front[np.maximum(week, 0), runs], np.nan).astype(np.float64)

        return pd.DataFrame({
            "scenario": pd.Categorical([self.scenario.name] * n),
            "run": np.arange(n),
            "seed": self.keys,
            "outcome": pd.Categorical.from_codes(self.outcome, categories=list(OUTCOMES)),
            "talks_week": weeks("talks"),
            "serious_talks_week": weeks("serious_talks"),
            "ceasefire_week": weeks("ceasefire"),
            "relapse_week": weeks("relapse"),
            "settlement": pd.Categorical.from_codes(self.settlement,
                                                    categories=list(SETTLEMENT_LABELS)),
            "ceasefire_route": pd.Categorical.from_codes(self.route,
                                                         categories=list(ROUTE_LABELS)),
            "final_front": front[-1].astype(np.float64),
            "min_front": front.min(axis=0).astype(np.float64),
            "max_front": front.max(axis=0).astype(np.float64),
            "mean_front": front.mean(axis=0, dtype=np.float64),
            "front_at_talks": front_at("talks"),
            "front_at_ceasefire": front_at("ceasefire"),
            "weeks_in_ceasefire": (self.world["talks"][1:] == CEASEFIRE).sum(axis=0),
            "final_russia_capacity": self.world["russia_capacity"][-1].astype(np.float64),
            "final_time_belief": self.world["russia_time_belief"][-1].astype(np.float64),
            "mean_time_belief": self.world["russia_time_belief"].mean(axis=0, dtype=np.float64),
            "final_unity": self.world["unity"][-1].astype(np.float64),
            "mean_aid_flow": self.world["aid_flow"].mean(axis=0).astype(np.float64),
            "mean_force_balance": self._force_balance().mean(axis=0),
        })

    def _force_balance(self) -> np.ndarray:
        """log(Ukraine's power / Russia's) each week, minus its value at the start."""
        ratio = np.log(self.world["ukraine_power"].astype(np.float64)
                       / self.world["russia_power"].astype(np.float64))
        return ratio - ratio[0]

    def _long(self, columns: dict[str, np.ndarray], runs: slice = slice(None)) -> pd.DataFrame:
        """Weeks x runs arrays as one row per run per week, for ``runs``."""
        first = next(iter(columns.values()))[:, runs]
        weeks_plus_one, n = first.shape
        run_ids = np.arange(self.reps)[runs]
        frame: dict[str, Any] = {
            "scenario": pd.Categorical([self.scenario.name] * (n * weeks_plus_one)),
            "run": np.repeat(run_ids, weeks_plus_one),
            "week": np.tile(np.arange(weeks_plus_one), n),
        }
        for name, values in columns.items():
            flat = values[:, runs].T.ravel()
            if name == "talks":
                frame[name] = pd.Categorical.from_codes(flat, categories=list(TALKS_LABELS))
            else:
                frame[name] = flat
        return pd.DataFrame(frame)

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """One row per run per week (week 0 is the start): the world's state."""
        return self._long(self.world)

    @cached_property
    def actors_table(self) -> pd.DataFrame:
        """One row per run per week: each actor's key state (``actor.variable``)."""
        return self._long(self.actors)

    def manifest(self) -> dict[str, Any]:
        """Everything needed to know what these numbers are and to reproduce them."""
        scenario = self.scenario
        command = ["sim", "run", scenario.source, "--reps", str(self.reps),
                   "--seed", str(self.seed)]
        for assignment in scenario.overrides:
            command += ["--set", assignment]
        return {
            "note": ILLUSTRATIVE,
            "model_version": MODEL_VERSION,
            "scenario": scenario.to_dict(),
            "reps": self.reps,
            "seed": self.seed,
            "weeks": scenario.weeks,
            "run_seeds": "summary.csv column 'seed': the 64-bit key of each run's stream",
            "command_line": self.command or None,
            "inert_parameters": [inert.message() for inert in self.inert()],
            "reproduce": {
                "command": " ".join(command),
                "requires": "the same sim and package versions (below); outputs are then "
                            "byte-identical",
            },
            "versions": package_versions(),
            "files": {
                "summary.csv": "one row per run",
                "timeseries.csv": "one row per run per week: world state",
                "actors.csv": "one row per run per week: each actor's state",
            },
        }

    def write(self, folder: str | Path,
              progress: Callable[[int], None] | None = None) -> Path:
        """Write the results folder atomically, replacing any previous one.

        The long tables are written in chunks of runs (same bytes as in one go),
        which bounds memory and lets ``progress`` report runs written (twice
        ``reps`` in all: time series, then actors).
        """
        target = Path(folder)
        csv: dict[str, Any] = {"float_format": FLOAT_FORMAT, "index": False,
                               "lineterminator": "\n"}
        chunk = max(1, min(2000, -(-self.reps // 20)))

        def fill(tmp: Path) -> None:
            self.summary.to_csv(tmp / "summary.csv", **csv)
            for name, columns in (("timeseries.csv", self.world), ("actors.csv", self.actors)):
                with (tmp / name).open("w", newline="") as handle:
                    for start in range(0, self.reps, chunk):
                        part = self._long(columns, slice(start, start + chunk))
                        part.to_csv(handle, header=start == 0, **csv)
                        if progress is not None:
                            progress(min(chunk, self.reps - start))
            (tmp / "manifest.json").write_text(
                json.dumps(self.manifest(), indent=2, sort_keys=False) + "\n")

        write_folder_atomically(target, fill)
        return target


def write_folder_atomically(target: Path, fill) -> None:
    """Fill a temporary sibling folder, then swap it in for ``target``.

    If ``fill`` fails, the temporary folder is removed and ``target`` is untouched.
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResultsError(f"{target}: cannot create the output folder: {exc.strerror}") from None
    if target.exists() and not target.is_dir():
        raise ResultsError(f"{target}: exists and is not a folder; choose another --out")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=parent))
    old: Path | None = None
    try:
        fill(tmp)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=parent))
            os.replace(target, old / target.name)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old / target.name, target)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def package_versions() -> dict[str, str]:
    """Python, sim and the packages that shape the numbers, for manifests."""
    versions = {"python": platform.python_version()}
    for package in ("sim", "mesa", "numpy", "pandas", "click"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    versions["platform"] = f"{sys.platform}-{platform.machine()}"
    return versions
