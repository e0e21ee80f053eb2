"""What `sim predict` and `sim validate` write and print: the committed 2025 predictions
(predictions.csv, manifest.json with its sha256), and their scores against the record
(scores.csv, report.md, manifest.json)."""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.validation import ALPHA, Prediction, Scored
from sim.ensemble.folders import file_digest, write_folder_atomically
from sim.ensemble.writer import CSV_OPTIONS, PROJECTION_NOTE, package_versions
from sim.errors import ResultsError
from sim.model import MODEL_VERSION
from sim.scenarios.history import replay_digest
from sim.scenarios.plausible import shipped
from sim.scenarios.record import Record

PREDICTIONS, MANIFEST = "predictions.csv", "manifest.json"
NAIVE = ("2024 repeated", "2023-24 trend")


def predictions_frame(found: Sequence[Prediction]) -> pd.DataFrame:
    return pd.DataFrame([{"target": p.target, "runs": p.runs, "mean": p.mean, "p5": p.low,
                          "p50": p.median, "p95": p.high} for p in found])


def predictions_table(found: Sequence[Prediction]) -> str:
    """The console table of `sim predict`: each target's runs."""
    lines = ["The model's 2025 predictions (its runs' mean and 90% interval)", "",
             f"  {'target':<16}{'runs':>6}{'mean':>10}  90% interval"]
    lines += [f"  {p.target:<16}{p.runs:>6,}{_n(p.mean):>10}  [{_n(p.low)}, {_n(p.high)}]"
              for p in found]
    lines += [""] + textwrap.wrap(PROJECTION_NOTE, width=78, initial_indent="  ",
                                  subsequent_indent="  ")
    return "\n".join(lines)


def write_predictions(found: Sequence[Prediction], record: Record, reps: int, seed: int,
                      folder: str | Path, command: Sequence[str]) -> Path:
    """The predictions and a manifest that records their digest and what made them."""
    frame = predictions_frame(found)

    def fill(tmp: Path) -> None:
        frame.to_csv(tmp / PREDICTIONS, **CSV_OPTIONS)
        manifest = {"note": PROJECTION_NOTE, "model_version": MODEL_VERSION,
                    "predictions_sha256": file_digest(tmp / PREDICTIONS),
                    "record": {"version": record.version, "sha256": record.sha256},
                    "replay_sha256": replay_digest(), "calibration": shipped().digest,
                    "reps": reps, "seed": seed, "command_line": list(command) or None,
                    "versions": package_versions()}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")

    target = Path(folder)
    write_folder_atomically(target, fill)
    return target


def read_predictions(folder: str | Path) -> tuple[list[Prediction], dict[str, Any]]:
    """Committed predictions, refused unless their digest is their manifest's."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        frame = pd.read_csv(folder / PREDICTIONS)
    except (OSError, ValueError) as exc:
        raise ResultsError(f"{folder}: not a predictions folder ({exc.__class__.__name__}); "
                           "write one with `sim predict`") from None
    if file_digest(folder / PREDICTIONS) != manifest.get("predictions_sha256"):
        raise ResultsError(f"{folder / PREDICTIONS}: its sha256 is not the one its manifest "
                           "recorded when the predictions were made: it was changed after")
    return [Prediction(r.target, int(r.runs), r.mean, r.p5, r.p50, r.p95)
            for r in frame.itertuples()], manifest


def scores_frame(scored: Sequence[Scored]) -> pd.DataFrame:
    rows = []
    for s in scored:
        row = {"target": s.prediction.target, "observed": s.observed, "unit": s.unit,
               "p5": s.prediction.low, "p95": s.prediction.high, "covered": s.covered,
               "width": s.width, "interval_score": s.score, "p50": s.prediction.median,
               "median_error": s.error}
        for name in NAIVE:
            key = name.replace(" ", "_").replace("-", "_")
            row[f"naive_{key}"] = s.naive[name]
            row[f"naive_{key}_score"] = s.naive_score(name)
            row[f"naive_{key}_error"] = s.naive_error(name)
        rows.append(row)
    return pd.DataFrame(rows)


def _n(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def scores_table(scored: Sequence[Scored], manifest: dict[str, Any]) -> str:
    """The console table: each target, its interval, coverage, and the three scores."""
    lines = [f"The model's 2025 predictions (committed, sha256 "
             f"{manifest['predictions_sha256'][:12]},", f"model version "
             f"{manifest['model_version']}) against the record", "",
             f"  {'target':<16}{'observed':>9}  {'90% interval':<20}{'covers':<6}"
             f"{'score':>8}{'repeat':>8}{'trend':>8}"]
    for s in scored:
        interval = f"[{_n(s.prediction.low)}, {_n(s.prediction.high)}]"
        lines.append(f"  {s.prediction.target:<16}{_n(s.observed):>9}  {interval:<20}"
                     f"{'yes' if s.covered else 'no':<6}{_n(s.score):>8}"
                     f"{_n(s.naive_score(NAIVE[0])):>8}{_n(s.naive_score(NAIVE[1])):>8}")
    covered = sum(s.covered for s in scored)
    beats = [sum(s.score < s.naive_score(n) for s in scored) for n in NAIVE]
    closer = [sum(s.error < s.naive_error(n) for s in scored) for n in NAIVE]
    notes = (f"{covered} of {len(scored)} observations inside the 90% interval; the model's "
             f"interval score is lower than '{NAIVE[0]}' on {beats[0]} and '{NAIVE[1]}' on "
             f"{beats[1]} of {len(scored)} targets; its median is closer to the record than "
             f"'{NAIVE[0]}' on {closer[0]} and '{NAIVE[1]}' on {closer[1]}. score: Gneiting & "
             f"Raftery's interval score at alpha = {ALPHA} (lower is better); a naive forecast "
             "is a point (its score: 20 x its miss), so a wide interval that covers can beat "
             "it.")
    lines += [""] + textwrap.wrap(notes, width=78, initial_indent="  ", subsequent_indent="  ")
    lines += [""] + textwrap.wrap(PROJECTION_NOTE, width=78, initial_indent="  ",
                                  subsequent_indent="  ")
    return "\n".join(lines)


def validation_markdown(scored: Sequence[Scored], manifest: dict[str, Any]) -> str:
    lines = ["# The held-out year: 2025 predictions against the record", "",
             f"> {PROJECTION_NOTE}", "",
             f"Predictions made by `sim predict` (model version {manifest['model_version']}, "
             f"{manifest['reps']:,} runs, seed {manifest['seed']}, calibration "
             f"{manifest['calibration']}) and committed before this comparison; their sha256 "
             f"`{manifest['predictions_sha256']}` is checked against their manifest.", "",
             "| target | observed | 90% interval | width | covered | interval score | "
             f"{NAIVE[0]} (score) | {NAIVE[1]} (score) |", "|---|---:|---|---:|---|---:|---:|---:|"]
    for s in scored:
        naive = [f"{_n(s.naive[n])} ({_n(s.naive_score(n))})" for n in NAIVE]
        lines.append(f"| `{s.prediction.target}` | {_n(s.observed)} {s.unit} | "
                     f"{_n(s.prediction.low)}..{_n(s.prediction.high)} | {_n(s.width)} | "
                     f"{'yes' if s.covered else 'no'} | {_n(s.score)} | {naive[0]} | {naive[1]} |")
    lines += ["", "Point errors (the runs' median, and each naive forecast, against the record):",
              "", f"| target | median | its error | {NAIVE[0]} error | {NAIVE[1]} error |",
              "|---|---:|---:|---:|---:|"]
    lines += [f"| `{s.prediction.target}` | {_n(s.prediction.median)} | {_n(s.error)} | "
              f"{_n(s.naive_error(NAIVE[0]))} | {_n(s.naive_error(NAIVE[1]))} |" for s in scored]
    lines += ["", "Interval score (Gneiting & Raftery 2007): width + 20 x the miss beyond the "
              "interval (alpha = 0.1); a naive forecast is a point. docs/calibration.md says how "
              "the naive forecasts are made.", ""]
    return "\n".join(lines)


def write_scores(scored: Sequence[Scored], manifest: dict[str, Any], folder: str | Path,
                 command: Sequence[str]) -> Path:
    frame = scores_frame(scored)

    def fill(tmp: Path) -> None:
        frame.to_csv(tmp / "scores.csv", **CSV_OPTIONS)
        (tmp / "report.md").write_text(validation_markdown(scored, manifest))
        (tmp / MANIFEST).write_text(json.dumps(
            {"note": PROJECTION_NOTE, "predictions": manifest,
             "scores_sha256": file_digest(tmp / "scores.csv"),
             "command_line": list(command) or None}, indent=2) + "\n")

    target = Path(folder)
    write_folder_atomically(target, fill)
    return target
