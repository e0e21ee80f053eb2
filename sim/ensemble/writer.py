"""Writing a results folder: summary.csv, timeseries.csv, actors.csv and manifest.json.

Results arrive in chunks of runs (one chunk, or many for an ensemble too large to
hold at once) and are appended as they come, so memory stays flat whatever the run
count. The bytes are the same however the runs are chunked. The manifest records
each file's rows, size and SHA-256, so a damaged or truncated folder is refused
when read back.
"""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from sim.ensemble import csv_format
from sim.ensemble.folders import file_digest, write_folder_atomically
from sim.model.mechanisms.diplomacy import TALKS_LABELS
from sim.model.relevance import Inert, idle_parameters, inert_parameters
from sim.scenarios.scenario import Scenario


class Chunk(Protocol):
    """What the writer needs of a chunk of runs (a :class:`sim.ensemble.results.Results`)."""

    reps: int
    first_run: int
    scenario: Scenario
    summary: pd.DataFrame
    world: dict[str, np.ndarray]
    actors: dict[str, np.ndarray]
    engaged: dict[str, bool]

    def long_table(self, columns: dict[str, np.ndarray], runs: slice = ...) -> pd.DataFrame: ...

ILLUSTRATIVE = ("Illustrative, not a forecast: these results follow from the model's "
                "assumptions and the scenario's parameters, not from data about the future.")
FLOAT_FORMAT = "%.6g"
#: Bumped whenever a change makes the same scenario and seed give different numbers.
MODEL_VERSION = "2"
CSV_OPTIONS: dict[str, Any] = {"float_format": FLOAT_FORMAT, "index": False,
                               "lineterminator": "\n"}
ABOUT = {
    "summary.csv": "one row per run",
    "timeseries.csv": "one row per run per week: world state",
    "actors.csv": "one row per run per week: each actor's state",
}


@dataclass(frozen=True)
class Written:
    """What was written: where, each file's rows and bytes, every run's summary."""

    folder: Path
    files: dict[str, dict[str, Any]]
    summary: pd.DataFrame
    scenario: Scenario
    seed: int
    inert: list[Inert]

    @property
    def reps(self) -> int:
        return len(self.summary)


def write_results(folder: str | Path, scenario: Scenario, seed: int, reps: int,
                  chunks: Iterable[Chunk], *, actors: bool = True,
                  command: Sequence[str] = (),
                  progress: Callable[[int], None] | None = None,
                  rows_per_part: int = 2000) -> Written:
    """Write a results folder atomically from ``chunks`` of runs, in run order.

    ``progress`` is told how many runs each chunk wrote. Long tables are written in
    parts of at most ``rows_per_part`` runs (same bytes as one go).
    """
    target = Path(folder)
    summaries: list[pd.DataFrame] = []
    engaged: dict[str, bool] = {}
    files: dict[str, dict[str, Any]] = {}
    names = ["summary.csv", "timeseries.csv"] + (["actors.csv"] if actors else [])

    def fill(tmp: Path) -> None:
        handles = {name: (tmp / name).open("wb") for name in names}
        try:
            first = True
            for chunk in chunks:
                _append(chunk, handles, first, rows_per_part)
                summaries.append(chunk.summary)
                for flag, value in chunk.engaged.items():
                    engaged[flag] = engaged.get(flag, False) or value
                first = False
                if progress is not None:
                    progress(chunk.reps)
        finally:
            for handle in handles.values():
                handle.close()
        written = sum(len(s) for s in summaries)
        if written != reps:
            raise RuntimeError(f"wrote {written} runs, expected {reps}")  # a bug, not input
        weeks = scenario.weeks + 1
        for name in names:
            rows = reps if name == "summary.csv" else reps * weeks
            files[name] = {"about": ABOUT[name], "rows": rows,
                           "bytes": (tmp / name).stat().st_size,
                           "sha256": file_digest(tmp / name)}
        manifest = build_manifest(scenario, seed, reps, command, engaged, files, target)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")

    write_folder_atomically(target, fill)
    summary = pd.concat(summaries, ignore_index=True) if len(summaries) > 1 else summaries[0]
    static = inert_parameters(scenario)
    return Written(target, files, summary, scenario, seed,
                   static + idle_parameters(scenario, engaged, static))


def _append(chunk: Chunk, handles: dict[str, Any], header: bool, rows_per_part: int) -> None:
    """One chunk of runs appended to every open file."""
    handles["summary.csv"].write(
        chunk.summary.to_csv(header=header, **CSV_OPTIONS).encode())
    tables = [("timeseries.csv", chunk.world)]
    if "actors.csv" in handles:
        tables.append(("actors.csv", chunk.actors))
    for name, columns in tables:
        for start in range(0, chunk.reps, rows_per_part):
            handles[name].write(long_csv(chunk, columns, slice(start, start + rows_per_part),
                                         header and start == 0))


def long_csv(chunk: Chunk, columns: dict[str, np.ndarray], runs: slice,
             header: bool) -> bytes:
    """Weeks x runs arrays as CSV rows, one per run per week: the bytes
    ``chunk.long_table(columns, runs).to_csv(...)`` writes, several times faster
    (see :mod:`sim.ensemble.csv_format`)."""
    first = next(iter(columns.values()))[:, runs]
    weeks, n = first.shape
    run_ids = np.arange(chunk.first_run, chunk.first_run + chunk.reps)[runs]
    run_chars, run_lengths = csv_format.int_field(run_ids)
    week_chars, week_lengths = csv_format.int_field(np.arange(weeks))
    fields = [csv_format.text_field(np.zeros(n * weeks, np.int64), [chunk.scenario.name]),
              (np.repeat(run_chars, weeks, axis=0), np.repeat(run_lengths, weeks)),
              (np.tile(week_chars, (n, 1)), np.tile(week_lengths, n))]
    for name, values in columns.items():
        flat = values[:, runs].T.ravel()
        if name == "talks":
            fields.append(csv_format.text_field(flat, TALKS_LABELS))
        elif flat.dtype.kind in "iu":
            fields.append(csv_format.int_field(flat))
        else:
            fields.append(csv_format.float_field(flat))
    names = ["scenario", "run", "week", *columns]
    return (csv_format.header(names) if header else b"") + csv_format.rows(fields)


def build_manifest(scenario: Scenario, seed: int, reps: int, command: Sequence[str],
                   engaged: dict[str, bool], files: dict[str, dict[str, Any]],
                   out: str | Path) -> dict[str, Any]:
    """Everything needed to know what these numbers are and to reproduce them."""
    reproduce = ["sim", "run", scenario.source, "--reps", str(reps), "--seed", str(seed)]
    for assignment in scenario.overrides:
        reproduce += ["--set", assignment]
    if "actors.csv" not in files:
        reproduce.append("--no-actors")
    static = inert_parameters(scenario)
    inert = static + idle_parameters(scenario, engaged, static)
    return {
        "note": ILLUSTRATIVE,
        "model_version": MODEL_VERSION,
        "scenario": scenario.to_dict(),
        "reps": reps,
        "seed": seed,
        "weeks": scenario.weeks,
        "run_seeds": "summary.csv column 'seed': the 64-bit key of each run's stream",
        "command_line": list(command) or None,
        "inert_parameters": [i.message() for i in inert],
        "reproduce": {
            "command": " ".join([*reproduce, "--out", str(out)]),
            "requires": "the same sim and package versions (below); outputs are then "
                        "byte-identical",
        },
        "versions": package_versions(),
        "files": files,
    }


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
