"""Continuing saved runs from a date under new levers (`sim run --from FOLDER --at DATE`):
a move in a wargame, paired with the runs it continues.

The saved folder is read and checked first: its manifest (written by this model version,
its runs reading this checkout's replay and calibration) and every file it lists (each
as written: size and SHA-256). Its scenario is rebuilt from the manifest, continued
(:func:`sim.scenarios.moves.continued`) and planned as a job of `sim run` with the saved
runs' count, seed, format and tables, so run *i* continues saved run *i* (the same
random streams) and the files are identical up to the move's week.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.ensemble.folders import check_writable_folder
from sim.ensemble.jobs import Job
from sim.ensemble.options import RESULTS_ROOT, Format
from sim.ensemble.resultsets import _read_manifest, load_result_set, read_timeseries, verify_file
from sim.ensemble.writer import package_versions, scenario_inputs
from sim.errors import ResultsError, argument
from sim.scenarios.moves import Move, continued, lever_assignments, move_levers, recorded_scenario
from sim.scenarios.scenario import Scenario

#: How an error names the saved folder.
FROM = argument("from_folder")


@dataclass(frozen=True)
class SavedRuns:
    """A results folder of `sim run`, checked: its manifest and what its runs were."""

    folder: Path
    manifest: dict[str, Any]
    scenario: Scenario
    reps: int
    seed: int
    fmt: Format
    actors: bool

    @property
    def summary_name(self) -> str:
        return f"summary.{self.fmt}"


@dataclass(frozen=True)
class Continuation:
    """A continuation planned: the job that runs it, the move and the runs it continues,
    and what could make its runs differ from the saved ones before the move."""

    job: Job
    move: Move
    saved: SavedRuns
    warnings: tuple[str, ...] = ()


def open_saved(folder: str | Path) -> SavedRuns:
    """The saved runs in ``folder``, checked (one-line errors): a folder `sim run` wrote,
    by this model version, from this checkout's replay and calibration, every file whole."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: no such results folder; {FROM} takes a folder that "
                           "`sim run` wrote")
    if not (folder / "manifest.json").is_file():
        raise ResultsError(f"{folder}: not a results folder of `sim run` (no manifest.json in "
                           "it), so it holds no runs to continue")
    manifest, problem = _read_manifest(folder / "manifest.json")
    if manifest is None:
        raise ResultsError(f"{folder}: not a results folder of `sim run` ({problem}), so "
                           "its runs cannot be continued; run its scenario with `sim run`")
    result = load_result_set(folder)  # this model version; the summary as written
    for name in manifest["files"]:
        if not (folder / name).is_file():
            raise ResultsError(f"{folder / name}: missing, though its manifest.json records "
                               "it; run the scenario again with `sim run`")
        verify_file(folder / name, manifest)
    scenario = recorded_scenario(manifest.get("scenario"), str(folder / "manifest.json"))
    if manifest.get("inputs") != scenario_inputs(scenario):
        raise ResultsError(f"{folder}: its runs read another replay or calibration than this "
                           "checkout's (inputs in its manifest.json), so they cannot be "
                           "continued as they ran; run its scenario again with `sim run`")
    fmt = Format.PARQUET if result.summary_path.suffix == ".parquet" else Format.CSV
    if manifest["reps"] != result.reps or manifest["weeks"] != scenario.weeks:
        raise ResultsError(f"{folder}: its manifest.json does not agree with its files "
                           "(runs or weeks); run its scenario again with `sim run`")
    return SavedRuns(folder, manifest, scenario, result.reps, manifest["seed"], fmt,
                     f"actors.{fmt}" in manifest["files"])


#: How many of the saved runs are rerun to check that their manifest's scenario made them.
CHECKED_RUNS = 2


def check_the_saved_scenario_made_them(saved: SavedRuns, week: int) -> None:
    """Rerun the saved scenario's first runs and compare them with the saved rows before
    the move's week. The manifest's own hashes cover the data files, not the manifest: an
    edited scenario in it would otherwise be continued as if it had made the runs, and the
    continuation would pair with runs it never continues."""
    from sim.ensemble.runner import run

    rerun = run(saved.scenario, reps=min(CHECKED_RUNS, saved.reps), seed=saved.seed)
    variables = [c for c in rerun.timeseries.columns if c not in ("run", "week")
                 and pd.api.types.is_numeric_dtype(rerun.timeseries[c])]
    rows = read_timeseries(load_result_set(saved.folder), variables)
    before = rows[(rows["run"] < CHECKED_RUNS) & (rows["week"] < week)]
    again = rerun.timeseries[rerun.timeseries["week"] < week]
    same = len(before) == len(again) and np.allclose(
        before[variables].to_numpy(float), again[variables].to_numpy(float),
        rtol=1e-5, atol=1e-9, equal_nan=True)  # the files keep 6 significant digits
    if not same:
        raise ResultsError(f"{saved.folder}: its runs are not what the scenario in its "
                           "manifest.json gives (its first runs, rerun, differ before the "
                           "move), so a continuation would not pair with them; run the "
                           "scenario again with `sim run`")


def default_folder(saved: SavedRuns, asked: datetime.date,
                   results_root: str | Path = RESULTS_ROOT) -> Path:
    """Where a continuation goes by default: ``results/<saved folder>_from_<date>``."""
    return Path(results_root) / f"{saved.folder.name}_from_{asked.isoformat()}"


def plan_continuation(folder: str | Path, at: str | datetime.date,
                      overrides: Sequence[str] = (), move_file: str | Path | None = None,
                      out: str | Path | None = None,
                      results_root: str | Path = RESULTS_ROOT) -> Continuation:
    """Check everything (the saved folder, the levers, the date, the output folder) and
    plan the continuation of the runs in ``folder`` from ``at`` under the levers of
    ``move_file`` and ``overrides`` (:func:`sim.scenarios.moves.move_levers`)."""
    saved = open_saved(folder)
    levers = move_levers(overrides, move_file)
    scenario, move = continued(saved.scenario, at, levers)
    check_the_saved_scenario_made_them(saved, move.week)
    target = Path(out) if out is not None else default_folder(saved, move.asked, results_root)
    if target.absolute().resolve() == saved.folder.absolute().resolve():
        raise ResultsError(f"{target}: is the folder of the runs it continues, which would be "
                           f"replaced; choose another {argument('out')}")
    check_writable_folder(target)
    reproduce = ["sim", "run", "--from", str(saved.folder), "--at", move.asked.isoformat(),
                 *lever_assignments(levers)]  # every lever given, those already in force too
    continues = {"folder": str(saved.folder),
                 "summary_sha256": saved.manifest["files"][saved.summary_name]["sha256"],
                 "move": move.to_dict(), "reproduce": reproduce}
    job = Job(scenario, target, saved.reps, saved.seed, saved.actors, saved.fmt,
              continues=continues)
    return Continuation(job, move, saved, _version_warnings(saved))


def _version_warnings(saved: SavedRuns) -> tuple[str, ...]:
    """The packages whose versions differ from those that made the saved runs (their
    numbers could then differ before the move too)."""
    then = saved.manifest.get("versions")
    now = package_versions()
    if not isinstance(then, dict):
        return ()
    differ = [f"{name} {then.get(name)} -> {now[name]}" for name in now
              if name != "platform" and then.get(name) != now[name]]
    if not differ:
        return ()
    warning = (f"{saved.folder}: written with other package versions ({', '.join(differ)}); "
               "the continued runs may differ from the saved ones before the move too")
    return (warning,)
