"""Reading results back from disk, for `sim compare` and `sim plot`.

A result set is a results folder written by `sim run` (or its summary.csv).
Loading checks that it really is one, so that later steps can trust the columns.
"""

from __future__ import annotations

import datetime
import json
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.ensemble.folders import file_digest
from sim.errors import ResultsError, Text, argument, first_line
from sim.model import MODEL_VERSION
from sim.model.outcomes import OUTCOMES
from sim.scenarios.units import START_DATE

#: The summary.csv columns that comparisons read.
SUMMARY_COLUMNS = ("scenario", "run", "seed", "outcome", "talks_week", "serious_talks_week",
                   "ceasefire_week", "russia_gain_km2", "aid_us_eur_bn_a_year",
                   "aid_europe_eur_bn_a_year", "russia_fossil_revenue_eur_bn_a_month",
                   "russia_shells_produced_a_month")
SUMMARY_DTYPES = {"scenario": str, "outcome": str, "seed": "uint64"}


@dataclass(frozen=True)
class ResultSet:
    """One scenario's results as read back: the per-run summary and where it came from.

    ``manifest`` is None only for results used unchecked (``force``), and
    ``unchecked`` then says why.
    """

    label: str
    folder: Path
    summary_path: Path
    summary: pd.DataFrame
    manifest: dict[str, Any] | None
    unchecked: str = ""

    @property
    def reps(self) -> int:
        return len(self.summary)

    @property
    def weeks(self) -> int | None:
        return None if self.manifest is None else self.manifest.get("weeks")

    @property
    def model_version(self) -> str | None:
        return None if self.manifest is None else self.manifest.get("model_version")

    @property
    def seed(self) -> int | None:
        return None if self.manifest is None else self.manifest.get("seed")

    @property
    def timeseries_path(self) -> Path:
        """The weekly table beside the summary, in the summary's format."""
        return self.folder / f"timeseries{self.summary_path.suffix}"


def resolve_summary(path: str | Path) -> Path:
    """The summary (summary.csv, or summary.parquet from ``--format parquet``) that
    ``path`` (a results folder or a summary file) stands for."""
    path = Path(path)
    if path.is_dir():
        for name in ("summary.csv", "summary.parquet"):
            if (path / name).is_file():
                return path / name
        raise ResultsError(f"{path}: not a results folder (no summary.csv in it); "
                           "run `sim run SCENARIO.toml` first, or pass a summary.csv")
    if not path.exists():
        raise ResultsError(f"{path}: no such results folder or file")
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise ResultsError(f"{path}: not a results folder or a summary.csv "
                           "(expected a folder written by `sim run`, or its summary.csv)")
    return path


def load_result_set(path: str | Path, force: bool = False) -> ResultSet:
    """Read and check one results folder or summary.csv.

    Without a readable manifest.json beside the summary nothing says the files are
    whole, nor which model and horizon made them: such results are refused, unless
    ``force`` (then they are read unchecked, and :func:`compatibility_warnings` says so).
    """
    summary_path = resolve_summary(path)
    manifest, problem = _read_manifest(summary_path.parent / "manifest.json")
    if problem and not force:
        raise ResultsError(f"{summary_path.parent}: {problem}, so these results cannot be "
                           "checked (that their files are whole, which model and horizon "
                           f"made them); rerun `sim run`, or pass {argument('force')} to use "
                           "them unchecked")
    _check_model_version(summary_path.parent, manifest)
    verify_file(summary_path, manifest)
    summary = _read_summary(summary_path)
    names = summary["scenario"].unique()
    if len(names) > 1:
        listed = ", ".join(sorted(map(str, names))[:4])
        raise ResultsError(f"{summary_path}: holds several scenarios ({listed}); "
                           "compare takes one scenario per results file")
    return ResultSet(str(names[0]), summary_path.parent, summary_path, summary, manifest,
                     problem)


def _check_model_version(folder: Path, manifest: dict[str, Any] | None) -> None:
    """Refuse results another version of the model made: their columns, units and
    mechanisms are not this one's (docs/changes.md maps old columns to new)."""
    if manifest is None or manifest["model_version"] == MODEL_VERSION:
        return
    raise ResultsError(f"{folder}: made by model version {manifest['model_version']}, and "
                       f"this is version {MODEL_VERSION}, whose outputs differ (units, "
                       "columns, mechanisms: docs/changes.md); run its scenario again with "
                       "`sim run`")


def load_result_sets(paths: Sequence[str | Path], force: bool = False) -> list[ResultSet]:
    """Load several result sets, refusing the same file twice; labels are made unique."""
    seen: dict[Path, str] = {}
    for path in paths:
        resolved = resolve_summary(path).resolve()
        if resolved in seen:
            raise ResultsError(f"{path}: is the same results as {seen[resolved]}; "
                               "compare different results")
        seen[resolved] = str(path)
    sets = [load_result_set(path, force) for path in paths]
    return _unique_labels(sets)


def _unique_labels(sets: list[ResultSet]) -> list[ResultSet]:
    """Scenario names; where two results share a name, their folders, in full."""
    names = [s.label for s in sets]
    folder_names = [s.folder.name for s in sets]

    def label(s: ResultSet) -> str:
        if names.count(s.label) == 1:
            return s.label
        return s.folder.name if folder_names.count(s.folder.name) == 1 else str(s.folder)

    return [replace(s, label=label(s)) for s in sets]


def _read_summary(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".parquet":
        return _check_summary(_read_parquet(path, list(SUMMARY_COLUMNS), "summary"), path)
    try:
        header = pd.read_csv(path, nrows=0).columns
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: not a readable CSV ({first_line(exc)})") from None
    missing = [c for c in SUMMARY_COLUMNS if c not in header]
    if missing:
        raise ResultsError(f"{path}: missing column(s) {', '.join(missing)}; "
                           "expected a summary.csv written by `sim run`")
    try:
        summary = pd.read_csv(path, usecols=list(SUMMARY_COLUMNS), dtype=SUMMARY_DTYPES)
    except (ValueError, pd.errors.ParserError) as exc:
        raise ResultsError(f"{path}: malformed summary ({first_line(exc)})") from None
    return _check_summary(summary, path)


def _read_parquet(path: Path, columns: list[str], what: str) -> pd.DataFrame:
    """Columns of a Parquet table, as plain pandas types (categories as strings)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = pq.read_schema(path).names
    except (OSError, pa.ArrowException) as exc:
        raise ResultsError(f"{path}: not a readable Parquet file ({first_line(exc)})") from None
    missing = [c for c in columns if c not in names]
    if missing:
        raise ResultsError(f"{path}: missing column(s) {', '.join(missing)}; "
                           f"expected a {what} that sim run wrote in Parquet")
    frame = pq.read_table(path, columns=columns).to_pandas()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    return frame


def _check_summary(summary: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Refuse a summary that is empty or holds values no run can have."""
    if summary.empty:
        raise ResultsError(f"{path}: has no runs")
    unknown = sorted(set(summary["outcome"]) - set(OUTCOMES))
    if unknown:
        raise ResultsError(f"{path}: column outcome has unknown value {unknown[0]!r}; "
                           f"allowed: {', '.join(OUTCOMES)}")
    for column in ("talks_week", "serious_talks_week", "ceasefire_week", "russia_gain_km2"):
        if not pd.api.types.is_numeric_dtype(summary[column]):
            raise ResultsError(f"{path}: column {column} must be numeric")
    if summary["russia_gain_km2"].isna().any():
        raise ResultsError(f"{path}: column russia_gain_km2 has empty values")
    return summary


def _read_manifest(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The manifest, or None and why there is none to read: missing, not JSON, or not of
    the shape `sim run` writes (every file it lists with its rows, bytes and SHA-256)."""
    if not path.is_file():
        return None, "no manifest.json beside it"
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError, RecursionError):
        manifest = None
    if not _well_formed(manifest):
        return None, "its manifest.json is damaged (not the JSON `sim run` writes)"
    return manifest, ""


def _well_formed(manifest: Any) -> bool:
    """Whether a manifest has the fields readers rely on, each of its type."""
    if not isinstance(manifest, dict):
        return False
    typed = {"weeks": int, "seed": int, "model_version": str, "files": dict,
             "reproduce": dict}
    if not all(isinstance(manifest.get(key), kind) for key, kind in typed.items()):
        return False
    recorded = manifest["files"].values()
    return all(isinstance(f, dict) and isinstance(f.get("rows"), int)
               and isinstance(f.get("bytes"), int) and isinstance(f.get("sha256"), str)
               for f in recorded) and bool(recorded)



def compatibility_warnings(sets: Sequence[ResultSet]) -> list[str]:
    """What could make a comparison misleading: horizons that differ, results without a
    manifest (another model version is refused when the results are loaded)."""
    warnings = []
    for s in sets:
        if s.manifest is None:
            warnings.append(Text(f"{s.folder}: USED UNCHECKED ({argument('force')}): "
                                 f"{s.unchecked or 'no manifest'}, so nothing says its files "
                                 "are whole, nor which model version and horizon made them"))
    known = [s for s in sets if s.manifest is not None]
    horizons = {s.weeks for s in known}
    if len(horizons) > 1:
        listed = ", ".join(f"{s.label}: {s.weeks}" for s in known)
        warnings.append(f"results cover different horizons in weeks ({listed}); "
                        "shares and ground gained are not comparable across horizons")
    return warnings


def paired(first: ResultSet, second: ResultSet) -> bool:
    """True when two results ran the same random streams run by run (common random numbers)."""
    a, b = first.summary["seed"].to_numpy(), second.summary["seed"].to_numpy()
    return len(a) == len(b) and bool(np.array_equal(a, b))


def verify_file(path: Path, manifest: dict[str, Any] | None) -> None:
    """Refuse a file that is not what the manifest beside it recorded (size and SHA-256).

    A truncated, edited or swapped file would otherwise be plotted or compared as if
    whole. Results used unchecked (``force``: no manifest) are not checked.
    """
    if manifest is None:
        return  # used unchecked (force)
    recorded = manifest["files"].get(path.name)
    if recorded is None:
        raise ResultsError(f"{path}: not among the files its manifest.json records, so it "
                           "cannot be checked; rerun: " + rerun_command(manifest, path.parent))
    size = path.stat().st_size
    if size != recorded["bytes"] or file_digest(path) != recorded["sha256"]:
        how = (f"{size:,} bytes where the manifest records {recorded['bytes']:,}"
               if size != recorded["bytes"] else "its content differs from the "
               "digest the manifest records")
        rerun = rerun_command(manifest, path.parent)
        raise ResultsError(f"{path}: damaged or changed since it was written ({how}); "
                           f"rerun: {rerun}")


def rerun_command(manifest: dict[str, Any] | None, folder: Path) -> str:
    """The shell command that writes ``folder`` again (as the manifest recorded it)."""
    reproduce = (manifest or {}).get("reproduce", {})
    arguments = reproduce.get("arguments")
    if isinstance(arguments, list) and all(isinstance(a, str) for a in arguments):
        return shlex.join([*arguments, "--out", str(folder)])
    return str(reproduce.get("command", "sim run again"))


def run_dates(result: ResultSet) -> list[datetime.date]:
    """The calendar date of each week of the results (from the scenario in the manifest)."""
    scenario = result.manifest.get("scenario", {}) if result.manifest else {}
    start = scenario.get("start", START_DATE.isoformat()) if isinstance(scenario, dict) else ""
    try:
        first = datetime.date.fromisoformat(start)
    except (TypeError, ValueError):
        raise ResultsError(f"{result.folder}: its manifest.json gives no start date "
                           f"(scenario.start = {start!r})") from None
    weeks = result.weeks or 0
    return [first + datetime.timedelta(days=7 * week) for week in range(weeks + 1)]


def read_timeseries(result: ResultSet, variables: Sequence[str]) -> pd.DataFrame:
    """The weekly columns ``variables`` (plus run and week) of one result's timeseries.csv."""
    path = result.timeseries_path
    if not path.is_file():
        raise ResultsError(f"{result.summary_path}: no {path.name} beside it; this needs "
                           "the full results folder written by `sim run`")
    verify_file(path, result.manifest)
    if path.suffix == ".parquet":
        frame = _read_parquet(path, ["run", "week", *variables], "timeseries")
        return frame.astype({"run": "int64", "week": "int64",
                             **{v: "float64" for v in variables}})
    try:
        header = pd.read_csv(path, nrows=0).columns
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: not a readable CSV ({first_line(exc)})") from None
    missing = [c for c in ("run", "week", *variables) if c not in header]
    if missing:
        raise ResultsError(f"{path}: missing column(s) {', '.join(missing)}; "
                           "expected a timeseries.csv written by `sim run`")
    dtypes = {"run": "int64", "week": "int64", **{v: "float64" for v in variables}}
    try:
        return pd.read_csv(path, usecols=["run", "week", *variables], dtype=dtypes)
    except (ValueError, pd.errors.ParserError) as exc:
        raise ResultsError(f"{path}: malformed time series ({first_line(exc)})") from None
