"""Writing a results folder: summary.csv, timeseries.csv, actors.csv and manifest.json.

Results arrive in chunks of runs (one chunk, or many for an ensemble too large to
hold at once) and are appended as they come, so memory stays flat whatever the run
count. The bytes are the same however the runs are chunked. The manifest records
each file's rows, size and SHA-256, so a damaged or truncated folder is refused
when read back.
"""

from __future__ import annotations

import csv
import hashlib
import json
import platform
import shlex
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from sim.ensemble import csv_format
from sim.ensemble.folders import file_digest, write_folder_atomically
from sim.ensemble.options import Format
from sim.ensemble.parquet_format import parquet_writer
from sim.model import MODEL_VERSION
from sim.model.mechanisms.diplomacy import TALKS_LABELS
from sim.model.relevance import Inert, idle_parameters, inert_parameters
from sim.scenarios.history import replay_digest
from sim.scenarios.plausible import departures, drawn_keys, model_choice, shipped
from sim.scenarios.scenario import Scenario
from sim.scenarios.units import week_dates


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

#: The held-out year's scores (`sim validate`'s default folder), which the note cites.
SCORES_FILE = Path(__file__).resolve().parents[2] / "validation" / "scores" / "scores.csv"


def projection_note(scores: Path = SCORES_FILE) -> str:
    """What every output says its numbers are: conditional projections of a model fitted to
    2023-24 and scored on 2025 (how many held-out targets its 90% intervals covered, from
    ``scores``; without that file, the note leaves the score out)."""
    try:
        with scores.open(newline="") as file:
            rows = list(csv.DictReader(file))
        covered = sum(row["covered"] == "True" for row in rows)
        scored = (f" and scored on 2025 ({covered} of {len(rows)} held-out targets inside its "
                  "90% intervals)") if rows else ""
    except (OSError, KeyError, csv.Error):
        scored = ""
    return ("Conditional projections, not forecasts: what follows from a model fitted to the "
            f"record of 2023-24{scored}, under the scenario's assumptions and parameters.")


PROJECTION_NOTE = projection_note()
#: The same, short enough for a figure's title.
PROJECTION_LABEL = "a conditional projection, not a forecast"
FLOAT_FORMAT = "%.6g"
CSV_OPTIONS: dict[str, Any] = {"float_format": FLOAT_FORMAT, "index": False,
                               "lineterminator": "\n"}
ABOUT = {
    "summary": "one row per run",
    "timeseries": "one row per run per week: world state",
    "actors": "one row per run per week: each actor's state",
}


@dataclass(frozen=True)
class Written:
    """What was written: where, each file's rows and bytes, every run's summary."""

    folder: Path
    files: dict[str, dict[str, Any]]
    summary: pd.DataFrame
    scenario: Scenario
    seed: int
    static_inert: list[Inert]  # known before running (the scenario's settings)
    idle: list[Inert]  # known only now (their mechanism acted in no run)

    @property
    def reps(self) -> int:
        return len(self.summary)

    @property
    def inert(self) -> list[Inert]:
        """Every changed parameter that could not, or did not, affect the runs."""
        return self.static_inert + self.idle



#: Runs per part of a weekly table: a CSV is written part by part (memory stays flat),
#: a Parquet file gets one row group per part. Parts start at multiples of this run
#: index, so the files are the same bytes however the runs were chunked.
PART_RUNS = 1000


@dataclass
class EncodedChunk:
    """A chunk of runs ready to write: its summary, and each file's parts (CSV bytes or
    Arrow tables). Made where the runs were simulated (a worker process), so the
    formatting is spread over the workers too."""

    reps: int
    first_run: int
    summary: pd.DataFrame
    engaged: dict[str, bool]
    parts: dict[str, list[Any]]


def file_names(fmt: Format, actors: bool) -> list[str]:
    return [f"{name}.{fmt}" for name in ("summary", "timeseries", "actors")
            if actors or name != "actors"]


def encode_chunk(chunk: Chunk, actors: bool, fmt: Format = Format.CSV) -> EncodedChunk:
    """Format a chunk of runs for :func:`write_results` (the header goes with run 0)."""
    parts: dict[str, list[Any]] = {}
    if fmt == Format.CSV:
        parts["summary.csv"] = [chunk.summary.to_csv(header=chunk.first_run == 0,
                                                     **CSV_OPTIONS).encode()]
    tables = [("timeseries", chunk.world)] + ([("actors", chunk.actors)] if actors else [])
    for name, columns in tables:
        encoded = []
        for start, stop in _parts(chunk.first_run, chunk.reps):
            runs = slice(start, stop)
            encoded.append(long_csv(chunk, columns, runs, chunk.first_run + start == 0)
                           if fmt == Format.CSV else long_arrow(chunk, columns, runs))
        parts[f"{name}.{fmt}"] = encoded
    return EncodedChunk(chunk.reps, chunk.first_run, chunk.summary, dict(chunk.engaged), parts)


def _parts(first_run: int, reps: int) -> list[tuple[int, int]]:
    """The parts of a chunk (positions within it), cut at multiples of PART_RUNS."""
    parts, position = [], 0
    while position < reps:
        stop = min(reps, position + PART_RUNS - (first_run + position) % PART_RUNS)
        parts.append((position, stop))
        position = stop
    return parts


def write_results(folder: str | Path, scenario: Scenario, seed: int, reps: int,
                  chunks: Iterable[Chunk | EncodedChunk], *, actors: bool = True,
                  command: Sequence[str] = (), fmt: Format = Format.CSV,
                  progress: Callable[[int], None] | None = None,
                  continues: Mapping[str, Any] | None = None) -> Written:
    """Write a results folder atomically from ``chunks`` of runs, in run order.

    Chunks may come encoded already (:func:`encode_chunk`, e.g. by worker processes);
    ``progress`` is told how many runs each chunk wrote; ``continues`` (a continuation of
    saved runs: :mod:`sim.ensemble.continuing`) goes into the manifest.
    """
    target = Path(folder)
    summaries: list[pd.DataFrame] = []
    engaged: dict[str, bool] = {}
    files: dict[str, dict[str, Any]] = {}
    names = file_names(fmt, actors)

    sinks: dict[str, _Sink] = {}

    def fill(tmp: Path) -> None:
        sinks.update({name: _Sink(tmp / name, fmt) for name in names})
        try:
            for chunk in chunks:
                encoded = (chunk if isinstance(chunk, EncodedChunk)
                           else encode_chunk(chunk, actors, fmt))
                for name, parts in encoded.parts.items():
                    for part in parts:
                        sinks[name].write(part)
                summaries.append(encoded.summary)
                for flag, value in encoded.engaged.items():
                    engaged[flag] = engaged.get(flag, False) or value
                if progress is not None:
                    progress(encoded.reps)
            if fmt == Format.PARQUET:
                sinks["summary.parquet"].write(summary_arrow(_concat(summaries)))
        finally:
            for sink in sinks.values():
                sink.close()
        written = sum(len(s) for s in summaries)
        if written != reps:
            raise RuntimeError(f"wrote {written} runs, expected {reps}")  # a bug, not input
        weeks = scenario.weeks + 1
        for name in names:
            rows = reps if name.startswith("summary") else reps * weeks
            files[name] = {"about": ABOUT[name.split(".")[0]], "rows": rows,
                           "bytes": (tmp / name).stat().st_size,
                           "sha256": sinks[name].sha256()}
        manifest = build_manifest(scenario, seed, reps, command, engaged, files, target,
                                  continues)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")

    write_folder_atomically(target, fill)
    summary = _concat(summaries)
    static = inert_parameters(scenario)
    return Written(target, files, summary, scenario, seed, static,
                   idle_parameters(scenario, engaged, static))


def _concat(summaries: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(summaries, ignore_index=True) if len(summaries) > 1 else summaries[0]


class _Sink:
    """One output file: CSV bytes appended (and hashed as they go, rather than read
    back), or Arrow tables as Parquet row groups."""

    def __init__(self, path: Path, fmt: Format) -> None:
        self.path, self.fmt = path, fmt
        self.handle: Any = path.open("wb") if fmt == Format.CSV else None
        self.digest = hashlib.sha256() if fmt == Format.CSV else None

    def write(self, part: Any) -> None:
        if self.fmt == Format.CSV:
            self.handle.write(part)
            self.digest.update(part)
            return
        if self.handle is None:
            self.handle = parquet_writer(self.path, part.schema)
        self.handle.write_table(part)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def sha256(self) -> str:
        return self.digest.hexdigest() if self.digest is not None else file_digest(self.path)


def summary_arrow(summary: pd.DataFrame) -> Any:
    """The summary as an Arrow table (categories stay dictionary-encoded)."""
    import pyarrow as pa

    return pa.Table.from_pandas(summary, preserve_index=False)


def long_arrow(chunk: Chunk, columns: dict[str, np.ndarray], runs: slice) -> Any:
    """Weeks x runs arrays as an Arrow table, one row per run per week (as long_csv)."""
    import pyarrow as pa

    first = next(iter(columns.values()))[:, runs]
    weeks, n = first.shape
    run_ids = np.arange(chunk.first_run, chunk.first_run + chunk.reps)[runs]
    arrays = {
        "scenario": pa.DictionaryArray.from_arrays(np.zeros(n * weeks, np.int8),
                                                   [chunk.scenario.name]),
        "run": pa.array(np.repeat(run_ids, weeks).astype(np.int64)),
        "week": pa.array(np.tile(np.arange(weeks, dtype=np.int64), n)),
        "date": pa.array(np.tile(np.array(week_dates(weeks - 1, chunk.scenario.start),
                                          dtype="datetime64[D]"), n)),
    }
    for name, values in columns.items():
        flat = values[:, runs].T.ravel()
        arrays[name] = (pa.DictionaryArray.from_arrays(flat.astype(np.int8), list(TALKS_LABELS))
                        if name == "talks" else pa.array(flat))
    return pa.table(arrays)


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
              (np.tile(week_chars, (n, 1)), np.tile(week_lengths, n)),
              csv_format.text_field(np.tile(np.arange(weeks), n),
                                    week_dates(weeks - 1, chunk.scenario.start))]
    for name, values in columns.items():
        flat = values[:, runs].T.ravel()
        if name == "talks":
            fields.append(csv_format.text_field(flat, TALKS_LABELS))
        elif flat.dtype.kind in "iu":
            fields.append(csv_format.int_field(flat))
        else:
            fields.append(csv_format.float_field(flat))
    names = ["scenario", "run", "week", "date", *columns]
    return (csv_format.header(names) if header else b"") + csv_format.rows(fields)


def build_manifest(scenario: Scenario, seed: int, reps: int, command: Sequence[str],
                   engaged: dict[str, bool], files: dict[str, dict[str, Any]],
                   out: str | Path, continues: Mapping[str, Any] | None = None
                   ) -> dict[str, Any]:
    """Everything needed to know what these numbers are and to reproduce them.

    ``continues``: these runs continue saved runs from a date under new levers (`sim run
    --from`); it is recorded under that name, and its ``reproduce`` arguments replace
    the rerun of the scenario's file.
    """
    reproduce = ["sim", "run", scenario.source, "--reps", str(reps), "--seed", str(seed)]
    for assignment in scenario.overrides:
        reproduce += ["--set", assignment]
    if not any(name.startswith("actors.") for name in files):
        reproduce.append("--no-actors")
    # always named: the default format depends on the run count
    reproduce += ["--format", "parquet" if "summary.parquet" in files else "csv"]
    extra: dict[str, Any] = {}
    if continues is not None:
        extra = {"continues": {k: v for k, v in continues.items() if k != "reproduce"}}
        reproduce = list(continues["reproduce"])
    static = inert_parameters(scenario)
    inert = static + idle_parameters(scenario, engaged, static)
    return {
        "note": PROJECTION_NOTE,
        "model_version": MODEL_VERSION,
        "scenario": scenario.to_dict(),
        "reps": reps,
        "seed": seed,
        "weeks": scenario.weeks,
        "run_seeds": "summary.csv column 'seed': the 64-bit key of each run's stream",
        "command_line": list(command) or None,
        "inert_parameters": [i.message() for i in inert],
        "outside_plausible_sets": departures(scenario.params, scenario.pinned),
        "inputs": scenario_inputs(scenario),
        "reproduce": {
            "command": shlex.join([*reproduce, "--out", str(out)]),
            "arguments": reproduce,  # without --out, for reruns into another folder
            "requires": "the same sim and package versions (below), replay and calibration "
                        "(inputs); outputs are then byte-identical",
        },
        "versions": package_versions(),
        "files": files,
    } | extra


def scenario_inputs(scenario: Scenario) -> dict[str, Any]:
    """What the runs read beyond the scenario: the replay they start from and the
    calibration's parameter sets they draw (with the keys drawn rather than the
    scenario's values shown under ``scenario.params``)."""
    found: dict[str, Any] = {}
    if scenario.params["world.start"] == "replay":
        found["replay_sha256"] = replay_digest()
    drawn = drawn_keys(scenario.params, scenario.pinned)
    if drawn:
        found["calibration"] = {"digest": shipped(model_choice(scenario.params)).digest,
                                "parameter_sets": scenario.params["world.parameter_sets"],
                                "drawn": drawn}
    return found


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
